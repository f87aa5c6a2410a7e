"""TAGS (Traffic Analysis by Geography and Subject): subject, country and organisation tags."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from cablearchive.reference._csv import read_rows

TagKind = Literal["subject", "country", "organization", "program", "other"]
TAG_KINDS: tuple[TagKind, ...] = ("subject", "country", "organization", "program", "other")


@dataclass(frozen=True, slots=True)
class Tag:
    """One TAGS token and what it means (`PTER`, subject, `Political Affairs--Terrorists...`)."""

    tag: str
    kind: TagKind
    meaning: str


def _kind(value: str) -> TagKind:
    if value not in TAG_KINDS:
        raise ValueError(f"tags.csv: unknown kind {value!r}")
    return value


@functools.cache
def tags() -> Mapping[str, Tag]:
    """The TAGS dictionary, keyed by tag."""
    return MappingProxyType(
        {r["tag"]: Tag(r["tag"], _kind(r["kind"]), r["meaning"]) for r in read_rows("tags.csv")}
    )


@functools.cache
def tag_typos() -> Mapping[str, tuple[str, ...]]:
    """Misspelt or run-together TAGS tokens seen in cables -> the tags meant.

    `PRELPGOV` -> (`PREL`, `PGOV`), `PGGV` -> (`PGOV`,), `RU` -> (`RS`,).
    """
    return MappingProxyType(
        {r["typo"]: tuple(r["tag"].split()) for r in read_rows("tag_typos.csv")}
    )
