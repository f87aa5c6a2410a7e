"""Stations: the place part of Cablegate ids (`06ALMATY2549` -> `ALMATY`) and how text writes it."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from cablearchive.reference._csv import read_rows

_NOT_LETTER = re.compile(r"[^A-Z]")


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


# What a post is, not where: `AMEMBASSY VIENNA`, `USDEL GENEVA`, `EMBASSY VIENNA` (as REF lines
# write it); `USMISSIN` is a typo of the ACP 117 tables. And the handling captions a few ids read
# into their station (`EFTOLONDON`). A written form that starts so is the station after it.
ADDRESS_PREFIXES = (
    "AMEMBASSY",
    "AMCONSUL",
    "AMCONGEN",
    "USMISSION",
    "USMISSIN",
    "USDEL",
    "USOFFICE",
    "USINT",
    "USLO",
    "EMBASSY",
    "CONSULATE",
)
CAPTION_PREFIXES = ("EFTO", "NOFORN", "SIPDIS", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS")
# Washington addresses end so: `SECSTATE WASHDC` is written `SECSTATE` too.
WASHINGTON_SUFFIXES = ("WASHDC", "WASHINGTONDC")


@functools.cache
def station_aliases() -> Mapping[str, str]:
    """The hand-written exceptions of station_aliases.csv (`RIO` -> `RIODEJANEIRO`): spellings
    no derivation rule finds. Rows without a station (`UNESCO`) are words that are never a
    station; they are left out here."""
    return MappingProxyType(
        {
            r["written"].replace(" ", ""): r["station"]
            for r in read_rows("station_aliases.csv")
            if r["station"]
        }
    )


@functools.cache
def station_spellings() -> Mapping[str, str]:
    """Every spelling cable text uses for a station, other than the station itself, -> the
    station of the release (`SECSTATE` -> `STATE`, `RIODEJAN` -> `RIODEJANEIRO`, `EFTOLONDON`
    -> `LONDON`): station_spellings.csv, derived by scripts/derive-station-spellings."""
    return MappingProxyType(
        {r["spelling"]: r["station"] for r in read_rows("station_spellings.csv")}
    )


def station_for_written(text: str) -> str | None:
    """The id station for a place as text writes it, or None.

    Case, spacing and punctuation are ignored: `USEU BRUSSELS` -> `USEUBRUSSELS`,
    `Almaty` -> `ALMATY`, `SECSTATE` -> `STATE`, `USUN NEW YORK` -> `USUNNEWYORK`,
    `AMEMBASSY VIENNA` -> `VIENNA`, `SECSTATE WASHDC` -> `STATE`.
    """
    return station_for_key(_NOT_LETTER.sub("", text.upper()))


def station_for_key(key: str) -> str | None:
    """`station_for_written` of a place already upper case, letters only (`RIODEJAN`)."""
    if not key:
        return None
    if (found := _station(key)) is not None:
        return found
    for prefix in ADDRESS_PREFIXES + CAPTION_PREFIXES:
        if key.startswith(prefix) and (found := _station(key[len(prefix) :])) is not None:
            return found
    for suffix in WASHINGTON_SUFFIXES:
        if key.endswith(suffix) and (found := _station(key[: -len(suffix)])) is not None:
            return found
    return None


def _station(key: str) -> str | None:
    # The spellings first: they also merge a few stations of the release into another one.
    found = station_spellings().get(key)
    if found is None and key in stations():
        return key
    return found


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
