"""Stations: the place part of Cablegate ids (`06ALMATY2549` -> `ALMATY`) and how text writes it."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from cablearchive.reference._csv import read_rows

_NOT_LETTER_OR_SPACE = re.compile(r"[^A-Z ]")


@dataclass(frozen=True, slots=True)
class Station:
    """A station of the Cablegate ids, with the years and number of its ids.

    `written` is how cable text writes it (banner `ALMATY 002549`, REF `USEU BRUSSELS 1234`).
    """

    station: str
    written: str
    first_year: int
    last_year: int
    count: int


@functools.cache
def stations() -> Mapping[str, Station]:
    """Every station of a well-formed Cablegate id, keyed by station."""
    return MappingProxyType(
        {
            r["station"]: Station(
                r["station"],
                r["written"],
                int(r["first_year"]),
                int(r["last_year"]),
                int(r["count"]),
            )
            for r in read_rows("stations.csv")
        }
    )


@functools.cache
def station_aliases() -> Mapping[str, str]:
    """Written forms that are not a station with its spaces removed (`SECSTATE` -> `STATE`)."""
    return MappingProxyType(
        {r["written"].replace(" ", ""): r["station"] for r in read_rows("station_aliases.csv")}
    )


def station_for_written(text: str) -> str | None:
    """The id station for a place as text writes it, or None.

    Case, spacing and punctuation are ignored: `USEU BRUSSELS` -> `USEUBRUSSELS`,
    `Almaty` -> `ALMATY`, `SECSTATE` -> `STATE`, `USUN NEW YORK` -> `USUNNEWYORK`.
    """
    key = _NOT_LETTER_OR_SPACE.sub("", text.upper()).replace(" ", "")
    if not key:
        return None
    if key in stations():
        return key
    return station_aliases().get(key)


@functools.cache
def station_serials() -> Mapping[tuple[str, int], int]:
    """(station, year) -> the highest serial among that year's Cablegate ids of the station:
    how many cables a post sent in a year, roughly, for telling which year a REF means."""
    return MappingProxyType(
        {
            (r["station"], int(r["year"])): int(r["max_serial"])
            for r in read_rows("station_serials.csv")
        }
    )


@functools.cache
def nara_posts() -> Mapping[str, str]:
    """Posts NARA's document numbers name by a former name (`PEKING`, `DACCA`) -> station."""
    return MappingProxyType({r["cut"]: r["station"] for r in read_rows("nara_posts.csv")})


@functools.cache
def malformed_ids() -> Mapping[str, str]:
    """Malformed Cablegate ids -> the canonical id inferred for them.

    Ids whose canonical form cannot be inferred (`06ASTANA`, `092OF5`) are left out: see
    `malformed_ids_without_canonical`.
    """
    return MappingProxyType(
        {r["id"]: r["canonical"] for r in read_rows("malformed_ids.csv") if r["canonical"]}
    )


@functools.cache
def malformed_ids_without_canonical() -> frozenset[str]:
    """Malformed Cablegate ids for which no canonical id can be inferred."""
    return frozenset(r["id"] for r in read_rows("malformed_ids.csv") if not r["canonical"])
