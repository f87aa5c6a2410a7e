from __future__ import annotations

import csv
import re
from pathlib import Path

from cablearchive.reference import RoutingIndicator, routing_indicators, station_for_route


def test_known_rows() -> None:
    assert station_for_route("RUEHC") == "SECSTATE WASHDC"
    assert station_for_route("RUEHBJ") == "AMEMBASSY BEIJING"
    assert station_for_route("RUEKJCS") == "SECDEF WASHDC"
    assert station_for_route("RUEHBS") == "USEU BRUSSELS"
    # RUEHTA: Almaty's in the 2006 cables, Astana's in the tables and in most headers
    assert station_for_route("RUEHTA") == "AMEMBASSY ASTANA"


def test_lookup_is_tolerant_and_unknown_is_none() -> None:
    assert station_for_route(" rueHC ") == "SECSTATE WASHDC"
    assert station_for_route("RXXXXXX") is None
    assert station_for_route("") is None


def test_header_name_wins_and_acp117_name_is_kept() -> None:
    ri = routing_indicators()["RUEHC"]
    assert ri == RoutingIndicator(
        "RUEHC", "SECSTATE WASHDC", "cablegate-headers", ("DEPT OF STATE WASHINGTON DC",)
    )


def test_table_shape() -> None:
    table = routing_indicators()
    assert len(table) > 2500
    for route, ri in table.items():
        assert route == ri.route
        assert re.fullmatch(r"R[A-Z]{3,6}", route), route
        assert ri.source in ("acp117", "cablegate-headers")
        assert ri.station and ri.station not in ri.other_names


def test_every_acp117_indicator_is_kept(shared_dir: Path) -> None:
    table = routing_indicators()
    with open(shared_dir / "reference" / "routing-indicators.csv", encoding="utf-8") as f:
        for route, name in csv.reader(f):
            m = re.fullmatch(r"(R[A-Z]{3,6}) THRU (R[A-Z]{3,6})", route)
            if m:  # a range, e.g. RHFJAAA THRU RHFJAAZ: every indicator in it is listed
                first, last = m.groups()
                routes = [first[:-1] + chr(c) for c in range(ord(first[-1]), ord(last[-1]) + 1)]
            else:
                routes = [route]
            for r in routes:
                ri = table[r]
                assert name.strip() in (ri.station, *ri.other_names), (r, name)
