"""The search page's links (web/refining.py): refinements, histogram bars, pages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablearchive.search.query import parse_query
from cablearchive.web.refining import (
    Bar,
    Paging,
    facet_clause,
    histogram_bars,
    narrow,
    quote_value,
    refine,
    years_of,
)

# --- search: quoting, refinements ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("PTER", "PTER"),
        ("SECRET//NOFORN", "SECRET//NOFORN"),
        ("2006-07", "2006-07"),
        ("Embassy Almaty", '"Embassy Almaty"'),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", '"UNCLASSIFIED//FOR OFFICIAL USE ONLY"'),
        ("OR", '"OR"'),
        ("not", '"not"'),
        ('say "no"', '"say no"'),
        ("tag:PTER", '"tag:PTER"'),
        ("(x)", '"(x)"'),
    ],
)
def test_quote_value(value: str, quoted: str) -> None:
    assert quote_value(value) == quoted


def test_facet_clauses_parse() -> None:
    assert facet_clause("tag", "PTER") == "tag:PTER"
    assert facet_clause("month", "2006-07") == "created:2006-07"
    assert facet_clause("year", "2006") == "year:2006"
    assert facet_clause("origin", "US Office Almaty") == 'origin:"US Office Almaty"'
    for facet, value in FACET_VALUES:
        parse_query(facet_clause(facet, value))


@pytest.mark.parametrize(
    ("query", "facet", "value", "refined", "active"),
    [
        ("guantanamo", "tag", "PTER", "guantanamo tag:PTER", False),
        ("guantanamo tag:PTER", "tag", "PTER", "guantanamo", True),
        ("tag:PTER guantanamo", "tag", "PTER", "guantanamo", True),
        ("tag:PTER", "tag", "PTER", "", True),
        ("", "tag", "PTER", "tag:PTER", False),
        ("  guantanamo   detainees ", "tag", "KZ", "guantanamo detainees tag:KZ", False),
        ("detainees AND tag:KZ", "tag", "KZ", "detainees", True),
        ("tag:KZ AND detainees", "tag", "KZ", "detainees", True),
        ("tag:KZ detainees tag:KZ", "tag", "KZ", "detainees", True),
        ("tag:KZX", "tag", "KZ", "tag:KZX tag:KZ", False),
        ('guantanamo origin:"US Office Almaty"', "origin", "US Office Almaty", "guantanamo", True),
        ("guantanamo", "origin", "US Office Almaty", 'guantanamo origin:"US Office Almaty"', False),
        ("x classification:SECRET//NOFORN", "classification", "SECRET//NOFORN", "x", True),
        ("guantanamo created:2006-07", "month", "2006-07", "guantanamo", True),
        ("guantanamo year:2006", "year", "2006", "guantanamo", True),
        # An OR outside parentheses: the refinement applies to all of it.
        ("kurds OR pkk", "tag", "PTER", "(kurds OR pkk) tag:PTER", False),
        ("(kurds OR pkk) tag:PTER", "tag", "PTER", "kurds OR pkk", True),
        ("tag:KZ OR tag:PTER", "tag", "PTER", "(tag:KZ OR tag:PTER) tag:PTER", False),
        # A negated or grouped clause is not the facet's value being required.
        ("NOT tag:PTER", "tag", "PTER", "NOT tag:PTER tag:PTER", False),
        ("-tag:PTER", "tag", "PTER", "-tag:PTER tag:PTER", False),
        ("(tag:PTER OR tag:KZ)", "tag", "PTER", "(tag:PTER OR tag:KZ) tag:PTER", False),
    ],
)
def test_refine(query: str, facet: str, value: str, refined: str, active: bool) -> None:
    assert refine(query, facet, value) == (refined, active)
    if refined:
        parse_query(refined)


def test_refine_an_unreadable_query_adds() -> None:
    assert refine('"abc', "tag", "PTER") == ('"abc tag:PTER', False)


def test_narrow_never_removes() -> None:
    assert narrow("guantanamo", "month", "2006-07") == "guantanamo created:2006-07"
    assert narrow("guantanamo created:2006-07", "month", "2006-07") == "guantanamo created:2006-07"
    assert narrow("a OR b", "month", "2006-07") == "(a OR b) created:2006-07"


# Real facet values of the test archive (seeds, examples, the 2011-08 sample).
FACET_VALUES = [
    ("tag", "PTER"),
    ("tag", "KZ"),
    ("origin", "US Office Almaty"),
    ("origin", "Embassy Tehran"),
    ("classification", "SECRET"),
    ("classification", "SECRET//NOFORN"),
    ("classification", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
    ("caption", "SIPDIS"),
    ("year", "2006"),
    ("month", "2009-05"),
]
_WORDS = st.sampled_from(
    ["guantanamo", "detainees", "kazakhstan", "shah", "nato", "hub*", "earthquake", "istanbul"]
)
_CLAUSES = st.sampled_from([facet_clause(f, v) for f, v in FACET_VALUES])
_ATOMS = st.one_of(
    _WORDS,
    _CLAUSES,
    st.sampled_from(['"diplomatic note"', "id:06ALMATY2549", "created:2006-05..2006-07"]),
)
_UNITS = st.one_of(
    _ATOMS,
    _ATOMS.map(lambda a: f"NOT {a}"),
    _ATOMS.map(lambda a: f"-{a}"),
    st.tuples(_ATOMS, _ATOMS).map(lambda p: f"({p[0]} OR {p[1]})"),
)


@st.composite
def conjunctions(draw: st.DrawFn) -> str:
    """Units joined by spaces or AND."""
    units = draw(st.lists(_UNITS, min_size=1, max_size=5))
    query = units[0]
    for unit in units[1:]:
        query += draw(st.sampled_from([" ", "  ", " AND "])) + unit
    return query


@st.composite
def queries(draw: st.DrawFn) -> str:
    """Readable queries: a conjunction, or two joined by OR."""
    query = draw(conjunctions())
    if draw(st.booleans()):
        query = f"{query} OR {draw(conjunctions())}"
    return query


@settings(max_examples=300, deadline=None)
@given(queries(), st.sampled_from(FACET_VALUES))
def test_refine_twice_returns_the_query(query: str, facet_value: tuple[str, str]) -> None:
    facet, value = facet_value
    parse_query(query)  # the strategy makes readable queries
    refined, active = refine(query, facet, value)
    if refined:
        parse_query(refined)
    again, active_again = refine(refined, facet, value)
    assert active_again is not active
    if again:
        parse_query(again)
    if not active:
        # Added, then removed: the query as it was, spacing normalised. A query that is one
        # parenthesised OR comes back without its parentheses (the same query).
        normalised = " ".join(query.split())
        assert again == normalised or (
            again == normalised[1:-1] and parse_query(again) == parse_query(normalised)
        )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(conjunctions(), min_size=1, max_size=3),
    st.sampled_from(FACET_VALUES),
    st.sampled_from([" ", " AND "]),
)
def test_refine_removes_every_required_copy(
    parts: list[str], facet_value: tuple[str, str], glue: str
) -> None:
    facet, value = facet_value
    clause = facet_clause(facet, value)
    query = f"{glue}{clause}{glue}".join(parts)
    if len(parts) == 1:
        query = f"{parts[0]}{glue}{clause}"
    refined, active = refine(query, facet, value)
    assert active
    if refined:  # empty when the parts were copies of the clause too
        parse_query(refined)
        assert refine(refined, facet, value)[1] is False


# --- years, histogram, paging --------------------------------------------------------------


def test_years_of() -> None:
    months = [("2009-06", 3), ("2006-07", 1), ("2009-05", 5), ("2006-05", 1)]
    assert years_of(months) == [("2006", 2), ("2009", 8)]
    assert years_of([]) == []


def test_histogram_bars_show_empty_months_as_gaps() -> None:
    bars = histogram_bars([("2006-05", 1), ("2006-07", 2)])
    assert [(b.month, b.count) for b in bars] == [("2006-05", 1), ("2006-06", 0), ("2006-07", 2)]
    assert [b.height for b in bars] == [0.5, 0.0, 1.0]
    assert [round(b.x, 3) for b in bars] == [0.0, 33.333, 66.667]


def test_histogram_bars_across_years_and_widths() -> None:
    bars = histogram_bars([("2006-02", 4), ("2005-11", 1), ("unknown", 9)], width=8.0)
    assert [b.month for b in bars] == ["2005-11", "2005-12", "2006-01", "2006-02"]
    assert bars[0] == Bar("2005-11", 1, 0.0, 0.25)
    assert bars[3] == Bar("2006-02", 4, 6.0, 1.0)
    assert histogram_bars([]) == []
    assert histogram_bars([("unknown", 3)]) == []


def test_histogram_bars_of_decades() -> None:
    bars = histogram_bars([("1966-12", 1), ("2009-06", 3)])
    assert len(bars) == (2009 - 1966) * 12 - 12 + 6 + 1
    assert sum(b.count for b in bars) == 4
    assert [b.month for b in bars if b.count] == ["1966-12", "2009-06"]


def test_paging() -> None:
    assert Paging(1, 20, 0).pages == 1
    assert Paging(1, 20, 0).exists
    assert Paging(1, 20, 40).pages == 2
    assert Paging(1, 20, 41).pages == 3
    assert Paging(3, 20, 41).offset == 40
    assert Paging(3, 20, 41).exists
    assert not Paging(4, 20, 41).exists
    assert not Paging(2, 20, 0).exists
    assert Paging(1, 20, 41).window() == [1, 2, 3]
    assert Paging(10, 20, 1000).window() == [1, 7, 8, 9, 10, 11, 12, 13, 50]
    assert Paging(50, 20, 1000).window(around=1) == [1, 49, 50]
    assert Paging(1, 50, 13).window() == [1]
