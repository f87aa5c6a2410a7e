"""The transmission header explained (web/header.py), on the seeds' real headers."""

from __future__ import annotations

from typing import Any

from cablearchive.reference.routing import routing_indicators
from cablearchive.web.header import HeaderToken, header_lines
from tests.web.cables import EXAMPLES

# --- header_lines --------------------------------------------------------------------------


def _titled(lines: list[list[HeaderToken]]) -> dict[str, HeaderToken]:
    return {t.text: t for line in lines for t in line if t.title}


def test_header_lines_of_06ALMATY2549(seed: dict[str, dict[str, Any]]) -> None:
    header = seed["06ALMATY2549"]["header"]
    lines = header_lines(header, routing_indicators())
    # The tokens are the header, every character of it, line by line.
    assert ["".join(t.text for t in line) for line in lines] == header.splitlines()
    titled = _titled(lines)

    assert titled["VZCZCXRO8043"].title is not None
    assert titled["VZCZCXRO8043"].title.startswith("transmission id")
    assert titled["PP"].title == "precedence: PRIORITY"
    de = titled["RUEHTA"]
    assert de.kind == "route"
    assert de.title is not None and de.title.startswith("routing indicator RUEHTA: ")
    assert titled["#2549/01"].title == "message serial 2549, section 01"
    assert titled["#2549/01"].kind == "serial"
    assert titled["1941521"].title == "filed on day 194 of the year at 15:21 UTC"
    assert titled["ZNY"].title == "classified message"
    assert titled["SSSSS"].title == "security: SECRET"
    dtg = titled["131521Z JUL 06"]
    assert dtg.kind == "dtg"
    assert dtg.title == "date-time group: 13 July 2006, 15:21 UTC"
    assert titled["P"].title == "precedence: PRIORITY"
    assert titled["FM"].title == "from"
    assert titled["TO"].title == "action addressees"
    assert titled["INFO"].title == "information addressees"
    # An addressee's indicator is explained, the rest of its word kept as written.
    to_line = next(line for line in lines if line[0].text == "TO")
    assert [t.text for t in to_line][:4] == ["TO", " ", "RUEHC", "/SECSTATE"]
    assert to_line[2].title is not None and "SECSTATE WASHDC" in to_line[2].title
    assert titled["RUEKJCS"].title is not None and "SECDEF WASHDC" in titled["RUEKJCS"].title
    # Words with no known meaning have no title.
    assert "ZZH" not in titled
    assert "AMEMBASSY" not in titled


def test_the_sending_indicator_is_the_senders_whoever_the_tables_give_it_to(
    seed: dict[str, dict[str, Any]],
) -> None:
    # RUEHTA was Almaty's in 2006; the routing tables of 2010 give it to Astana.
    header = seed["06ALMATY2549"]["header"]
    de = _titled(header_lines(header, routing_indicators(), "AMEMBASSY ALMATY"))["RUEHTA"]
    assert de.title == (
        "routing indicator RUEHTA of the sending station, AMEMBASSY ALMATY"
        " (the routing tables give AMEMBASSY ASTANA: indicators change owners)"
    )


def test_header_lines_of_06ALMATY1703(seed: dict[str, dict[str, Any]]) -> None:
    header = seed["06ALMATY1703"]["header"]
    lines = header_lines(header, routing_indicators())
    assert ["".join(t.text for t in line) for line in lines] == header.splitlines()
    titled = _titled(lines)
    assert titled["RR"].title == "precedence: ROUTINE"
    assert titled["#1703"].title == "message serial 1703"
    assert titled["1350225"].title == "filed on day 135 of the year at 02:25 UTC"
    assert titled["ZNR"].title == "unclassified message"
    assert titled["UUUUU"].title == "security: UNCLASSIFIED"
    assert titled["150225Z MAY 06"].title == "date-time group: 15 May 2006, 02:25 UTC"


def test_header_lines_of_an_immediate_cable() -> None:
    text = (EXAMPLES / "text" / "09USNATO241.txt").read_text(encoding="utf-8")
    header = text[: text.index("\nS E C R E T")]
    titled = _titled(header_lines(header, routing_indicators()))
    assert titled["OO"].title == "precedence: IMMEDIATE"
    assert titled["O"].title == "precedence: IMMEDIATE"
    assert titled["051620Z JUN 09"].title == "date-time group: 5 June 2009, 16:20 UTC"
    assert titled["#0241/01"].title == "message serial 0241, section 01"


def test_header_lines_without_the_table_explain_no_route(seed: dict[str, dict[str, Any]]) -> None:
    header = seed["06ALMATY2549"]["header"]
    lines = header_lines(header, {})
    assert ["".join(t.text for t in line) for line in lines] == header.splitlines()
    assert not [t for line in lines for t in line if t.kind == "route"]
    assert _titled(lines)["131521Z JUL 06"].kind == "dtg"  # the rest is still explained
