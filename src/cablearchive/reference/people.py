"""Words that name people's positions and offices, given names, and the person TAGS.

`titles.csv` and `offices.csv` tell the parts of a `Classified By:` phrase apart (`EAP DAS
THOMAS J. CHRISTENSEN`: an office, a title, a name) and say what an abbreviation means;
`person_tags.csv` and `given_names.csv` are derived from the corpus by
`scripts/derive_people_tables.py`. See README.md in this folder.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from cablearchive.reference._csv import read_rows

TitleKind = Literal["title", "qualifier", "field", "connector"]
TITLE_KINDS: tuple[TitleKind, ...] = ("title", "qualifier", "field", "connector")
OfficeKind = Literal["bureau", "section", "mission", "agency", "post"]
OFFICE_KINDS: tuple[OfficeKind, ...] = ("bureau", "section", "mission", "agency", "post")


@dataclass(frozen=True, slots=True)
class Title:
    """A word or abbreviation of a title: `DCM` -> title, `Deputy Chief of Mission`."""

    written: str  # upper case, dots removed, straight apostrophes: `AMB` stands for `Amb.`
    kind: TitleKind
    meaning: str


@dataclass(frozen=True, slots=True)
class Office:
    """A bureau, section, mission, agency or post word: `EAP` -> bureau, `Bureau of East..`."""

    code: str
    kind: OfficeKind
    meaning: str


@dataclass(frozen=True, slots=True)
class PersonTag:
    """A person TAG of the release: `RICE, CONDOLEEZZA` (surname `RICE`, given `CONDOLEEZZA`)."""

    tag: str
    surname: str
    given: str  # empty for a tag of one word (`MQADHAFI`)
    count: int  # corpus TAGS lines that carry it


def _title_kind(value: str) -> TitleKind:
    for kind in TITLE_KINDS:
        if value == kind:
            return kind
    raise ValueError(f"titles.csv: unknown kind {value!r}")


def _office_kind(value: str) -> OfficeKind:
    for kind in OFFICE_KINDS:
        if value == kind:
            return kind
    raise ValueError(f"offices.csv: unknown kind {value!r}")


@functools.cache
def titles() -> Mapping[str, Title]:
    """Title words and abbreviations, keyed by `title_key`: `DCM`, `AMB`, `A/S`, `ACTING`, `OF`."""
    return MappingProxyType(
        {
            r["written"]: Title(r["written"], _title_kind(r["kind"]), r["meaning"])
            for r in read_rows("titles.csv")
        }
    )


@functools.cache
def offices() -> Mapping[str, Office]:
    """Bureaus, embassy sections, missions, agencies and post words: `EAP`, `POL`, `S/ES`."""
    return MappingProxyType(
        {
            r["code"]: Office(r["code"], _office_kind(r["kind"]), r["meaning"])
            for r in read_rows("offices.csv")
        }
    )


@functools.cache
def person_tags() -> Mapping[str, PersonTag]:
    """The person TAGS seen in the corpus, keyed by tag: `CLINTON, HILLARY`."""
    return MappingProxyType(
        {
            r["tag"]: PersonTag(r["tag"], r["surname"], r["given"], int(r["count"]))
            for r in read_rows("person_tags.csv")
        }
    )


@functools.cache
def given_names() -> frozenset[str]:
    """Given names (upper case) seen in the corpus's `Classified By` names and person TAGS."""
    return frozenset(r["name"] for r in read_rows("given_names.csv"))


@functools.cache
def first_names() -> frozenset[str]:
    """First names of many languages (upper case, unaccented: `ROBERT`, `FERNANDO`, `HARISH`),
    none a word the corpus writes in lower case nor a title: before a capitalised word they
    make a name in running text (`ROBERT HELANDER`). Derived from faker's lists."""
    return frozenset(r["name"] for r in read_rows("first_names.csv"))


@functools.cache
def mention_titles() -> Mapping[str, str]:
    """A title as text writes it before a name (upper case, no dots: `FM`, `FOREIGN MINISTER`,
    `AMB`) -> what it means (`Foreign Minister`): what makes a mention of a person in text.
    An empty meaning: a word that stands before names but is no title (`AMCIT`, `OFFICIAL`)."""
    return MappingProxyType({r["written"]: r["meaning"] for r in read_rows("mention_titles.csv")})


@functools.cache
def common_words() -> frozenset[str]:
    """Words the corpus writes in lower case (upper case here): in a telegram all in
    capitals, such a word after a title is no name (`FOREIGN MINISTER SAID`)."""
    return frozenset(r["word"] for r in read_rows("common_words.csv"))
