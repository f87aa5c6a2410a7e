"""Origins: the FM address of a cable header -> the origin name the Cablegate site gives it.

`AMEMBASSY ALMATY` -> `Embassy Almaty`, `SECSTATE WASHDC` -> `Secretary of State`. The table
(`origins.csv`) holds the addresses seen in the corpus; `origin_from_rules` covers the others.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

from cablearchive.reference._csv import read_rows

_ROUTING_SUFFIX = re.compile(r"//.*$")

# Address prefix -> origin prefix, for `<PREFIX> <PLACE>` addresses.
_PLACE_PREFIXES = (
    ("AMEMBASSY", "Embassy"),
    ("AMCONSUL", "Consulate"),
    ("USINT", "US Interests Section"),
    ("USOFFICE", "US Office"),
    ("AIT", "American Institute Taiwan,"),
    ("USEU", "USEU"),
    ("USDEL", "US Delegation,"),
    ("REO", "REO"),
    ("IRAN RPO", "Iran RPO"),
)


def normalize_address(address: str) -> str:
    """Upper case, single spaces, without a trailing `//OFFICE//` routing suffix."""
    return " ".join(_ROUTING_SUFFIX.sub("", address.upper()).split())


def _place(words: str) -> str:
    """`PORT AU PRINCE` -> `Port Au Prince`: every word capitalised, as the site writes them."""
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in words.split())


@functools.cache
def origins() -> Mapping[str, str]:
    """FM address (normalised) -> origin name, as observed in the corpus."""
    return MappingProxyType({r["address"]: r["origin"] for r in read_rows("origins.csv")})


def origin_from_rules(address: str) -> str | None:
    """The origin name for an FM address by the general naming rules alone, or None."""
    a = normalize_address(address)
    if a in ("SECSTATE", "SECSTATE WASHDC"):
        return "Secretary of State"
    if a.startswith("USMISSION "):
        rest = a.removeprefix("USMISSION ")
        first, _, place = rest.partition(" ")
        if first.startswith(("US", "UN")) and len(first) > 2:
            # USMISSION USNATO -> Mission USNATO; USMISSION USUN NEW YORK -> USUN New York
            return f"{first} {_place(place)}" if place else f"Mission {first}"
        return f"US Mission {_place(rest)}"
    for prefix, name in _PLACE_PREFIXES:
        if a.startswith(prefix + " ") and len(a) > len(prefix) + 1:
            return f"{name} {_place(a[len(prefix) + 1 :])}"
    return None


def origin_for_address(address: str) -> str | None:
    """The origin name for an FM address: the table first, then the general rules."""
    return origins().get(normalize_address(address)) or origin_from_rules(address)
