"""The query language: parsing, errors that say where, and round trips (hypothesis)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablearchive.search.query import (
    And,
    DateRange,
    Measure,
    Node,
    Not,
    Or,
    Phrase,
    QueryError,
    Term,
    parse_query,
    to_query_string,
)


@pytest.mark.parametrize(
    ("query", "ast"),
    [
        ("guantanamo", Term("guantanamo")),
        ("guantanamo detainees", And((Term("guantanamo"), Term("detainees")))),
        ('"diplomatic note"', Phrase("diplomatic note")),
        ("detain*", Term("detain", prefix=True)),
        ("a OR b", Or((Term("a"), Term("b")))),
        ("a AND b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
        ("NOT a", Not(Term("a"))),
        ("-a b", And((Not(Term("a")), Term("b")))),
        ("(a OR b) c", And((Or((Term("a"), Term("b"))), Term("c")))),
        ("tag:PTER", Term("PTER", "tag")),
        ('origin:"Embassy Almaty"', Phrase("Embassy Almaty", "origin")),
        ("class:secret", Term("secret", "class")),
        ("ref:06ALMATY1946", Term("06ALMATY1946", "ref")),
        ("created:2006-05..2006-07", DateRange("created", date(2006, 5, 1), date(2006, 7, 31))),
        ("released:2011", DateRange("released", date(2011, 1, 1), date(2011, 12, 31))),
        ("year:2006", DateRange("created", date(2006, 1, 1), date(2006, 12, 31))),
        ("year:2005..2007", DateRange("created", date(2005, 1, 1), date(2007, 12, 31))),
        ("created:2008-02", DateRange("created", date(2008, 2, 1), date(2008, 2, 29))),
        ("created:2006-07-13", DateRange("created", date(2006, 7, 13), date(2006, 7, 13))),
        ("U.S.-Kazakh", Term("U.S.-Kazakh")),
        ("para. 7", And((Term("para."), Term("7")))),
        ("cited:>10", Measure("cited", 11, None)),
        ("cited:>=10", Measure("cited", 10, None)),
        ("cited:<3", Measure("cited", None, 2)),
        ("cited:0", Measure("cited", 0, 0)),
        ("cited:3..5", Measure("cited", 3, 5)),
        ("rank:top1000", Measure("rank", 1, 1000)),
        ("rank:..100", Measure("rank", 1, 100)),
        ("iran rank:<=50", And((Term("iran"), Measure("rank", 1, 50)))),
    ],
)
def test_queries(query: str, ast: Node) -> None:
    assert parse_query(query) == ast


def test_sixty_four_levels_of_nesting_still_parse() -> None:
    assert parse_query("(" * 64 + "a" + ")" * 64) == parse_query("a")


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("", "the query is empty", 0),
        ('guantanamo "diplomatic', "a quote is not closed", 11),
        ("foo:bar", "unknown field 'foo'", 0),
        ("(a OR b", "a '(' is not closed", 0),
        ("a OR b)", "a ')' without its '('", 6),
        ("()", "empty parentheses", 0),
        ("a OR", "the query ends where a word was expected", 4),
        ("AND a", "AND needs a word on each side", 0),
        ("created:2006-13", "'2006-13' is not a date", 0),
        ("created:2007..2006", "ends before it starts", 0),
        ("year:06", "year: takes a year like 2006", 0),
        ("tag:", "tag: needs a value", 0),
        ("a*b*", "'*' is allowed only at the end of a word", 0),
        ('year:"2006"', "takes a date or a range, not a phrase", 0),
        ("cited:many", "cited: takes a number or a range like cited:>10", 0),
        ("cited:..", "a range needs a bound", 0),
        ("cited:<0", "holds no number", 0),
        ("rank:top0", "holds no number", 0),
        ("cited:top10", "top… is for rank:", 0),
        ('rank:"5"', "takes a number or a range, not a phrase", 0),
        ("(" * 65 + "a" + ")" * 65, "the query nests deeper than 64 levels", 64),
        ("NOT " * 70 + "a", "the query nests deeper than 64 levels", 256),
        ("a" * 2001, "the query is longer than 2,000 characters", 2000),
        (" OR ".join(["w"] * 65), "the query has more than 64 terms", 64 * 5),
    ],
)
def test_bad_queries_say_where_and_why(query: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(query)
    assert message in raised.value.message
    assert raised.value.position == position
    assert f"at character {position + 1}" in str(raised.value)


_WORD = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.'/-]{0,8}", fullmatch=True).filter(
    lambda w: w not in ("AND", "OR", "NOT") and ":" not in w
)
_FIELD = st.sampled_from(["subject", "tag", "origin", "from", "to", "class", "caption", "signer"])
_DAY = st.dates(date(1966, 1, 1), date(2010, 12, 31))


def _leaves() -> st.SearchStrategy[Node]:
    return st.one_of(
        st.builds(Term, _WORD, st.none() | _FIELD, st.booleans()),
        st.builds(
            lambda words, field: Phrase(" ".join(words), field),
            st.lists(_WORD, min_size=1, max_size=3),
            st.none() | _FIELD,
        ),
        st.builds(
            lambda a, b, field: DateRange(field, min(a, b), max(a, b)),
            _DAY,
            _DAY,
            st.sampled_from(["created", "released"]),
        ),
        st.builds(_measure, st.sampled_from(["cited", "rank"]), _BOUND, _BOUND),
    )


_BOUND = st.none() | st.integers(0, 10**9 - 1)


def _measure(field: str, a: int | None, b: int | None) -> Measure:
    """A `cited:` or `rank:` range as the parser makes them: bounds in order, ranks from 1,
    at least one bound."""
    if a is not None and b is not None:
        a, b = min(a, b), max(a, b)
    if field == "rank":
        a = max(a or 1, 1)
        b = None if b is None else max(b, a)
    elif a is None and b is None:
        a = 0
    return Measure(field, a, b)


_NODES = st.recursive(
    _leaves(),
    lambda children: st.one_of(
        st.builds(Not, children),
        st.builds(lambda ns: And(tuple(ns)), st.lists(children, min_size=2, max_size=3)),
        st.builds(lambda ns: Or(tuple(ns)), st.lists(children, min_size=2, max_size=3)),
    ),
    max_leaves=8,
)


def _flat(node: Node) -> Node:
    """And inside And (and Or inside Or) reads the same as one level: compare flattened."""
    if isinstance(node, And | Or):
        parts: list[Node] = []
        for child in (_flat(n) for n in node.nodes):
            parts.extend(child.nodes if type(child) is type(node) else [child])  # type: ignore[union-attr]
        return type(node)(tuple(parts))
    if isinstance(node, Not):
        return Not(_flat(node.node))
    return node


@given(_NODES)
def test_printing_a_query_and_reading_it_back_gives_the_same_query(node: Node) -> None:
    assert _flat(parse_query(to_query_string(node))) == _flat(node)


@given(st.text(max_size=60))
def test_any_text_is_a_query_or_a_query_error(text: str) -> None:
    try:
        node = parse_query(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)
    else:
        assert _flat(parse_query(to_query_string(node))) == _flat(node)
