"""Routing indicators (`RUEHC`, `RUEHTA`): the codes before the `/` in TO and INFO lines."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from cablearchive.reference._csv import read_rows

ACP117 = "acp117"
CABLEGATE_HEADERS = "cablegate-headers"


@dataclass(frozen=True, slots=True)
class RoutingIndicator:
    """One routing indicator and the station it stands for.

    `station` is the name as cable headers write it when the corpus shows one (source
    `cablegate-headers`), else the ACP 117 name; `other_names` holds the remaining names the
    table knows for the same indicator (indicators change owners over time).
    """

    route: str
    station: str
    source: str
    other_names: tuple[str, ...] = ()


@functools.cache
def routing_indicators() -> Mapping[str, RoutingIndicator]:
    """All routing indicators, keyed by indicator."""
    by_route: dict[str, list[tuple[str, str]]] = {}
    for row in read_rows("routing_indicators.csv"):
        by_route.setdefault(row["route"], []).append((row["source"], row["station"]))
    table: dict[str, RoutingIndicator] = {}
    for route, entries in by_route.items():
        # Header-derived names first: they are how the cables themselves write the station.
        entries.sort(key=lambda e: (e[0] != CABLEGATE_HEADERS, e[1]))
        (source, station), rest = entries[0], entries[1:]
        table[route] = RoutingIndicator(route, station, source, tuple(n for _, n in rest))
    return MappingProxyType(table)


def station_for_route(route: str) -> str | None:
    """`RUEHC` -> `SECSTATE WASHDC`; None for an unknown indicator."""
    indicator = routing_indicators().get(route.strip().upper())
    return indicator.station if indicator else None
