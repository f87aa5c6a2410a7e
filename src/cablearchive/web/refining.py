"""The search page's links: facet values that refine a query (and un-refine it), histogram
bars that narrow it to a month, and pages. Queries are edited through the query language's
own tokens, so a refinement never changes what the rest of the query means."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cablearchive.search.query import QueryError, Token, tokenize


def quote_value(value: str) -> str:
    """A facet value as the query language writes it."""
    if re.fullmatch(r"[\w./-]+", value) and value.upper() not in ("AND", "OR", "NOT"):
        return value
    return '"' + value.replace('"', "") + '"'


# facet name -> query field of the refinement
_FACET_FIELDS = {
    "tag": "tag",
    "origin": "origin",
    "classification": "classification",
    "caption": "caption",
    "year": "year",
    "month": "created",
    "person": "person",  # the people facet: a person by name, through the person records
}


def facet_clause(facet: str, value: str) -> str:
    return f"{_FACET_FIELDS[facet]}:{quote_value(value)}"


def refine(query: str, facet: str, value: str) -> tuple[str, bool]:
    """The query with a facet value added, or removed when it is already there; and whether
    it was there (the facet is active).

    The value is there when its clause is one of the terms every hit must match: outside
    parentheses, not negated, in a query with no OR outside parentheses. Removing it takes an
    AND that joined it along; adding it to a query with such an OR groups the query first
    (`a OR b` becomes `(a OR b) tag:X`, not `a OR (b AND tag:X)`), and removing it again
    ungroups.
    """
    return Refiner(query).refine(facet, value)


class Refiner:
    """`refine` for the many facet values of one query (60 links a search page): the query
    is read once, not twice a value."""

    def __init__(self, query: str) -> None:
        self.body = " ".join(query.split())
        try:
            self.tokens: list[Token] | None = tokenize(self.body)
        except QueryError:
            self.tokens = None
        self.grouped = self.tokens is not None and _has_top_level_or(self.tokens)

    def refine(self, facet: str, value: str) -> tuple[str, bool]:
        body = self.body
        clause = facet_clause(facet, value)
        try:
            wanted = tokenize(clause)
        except QueryError:
            wanted = None
        if self.tokens is None or wanted is None:
            return f"{body} {clause}".strip(), False
        if len(wanted) == 1 and not self.grouped:
            rest = _without(body, wanted[0], self.tokens)
            if rest is not None:
                while (again := _without(rest, wanted[0])) is not None:
                    rest = again
                return _ungrouped(rest), True
        return f"({body}) {clause}" if self.grouped else f"{body} {clause}".strip(), False


def _without(query: str, clause: Token, tokens: list[Token] | None = None) -> str | None:
    """`query` without its first top-level, not negated `clause` (and an AND joining it to its
    neighbour); None when there is none. `tokens`: the query's, when already read."""
    if tokens is None:
        tokens = tokenize(query)
    for i in _top_level(tokens):
        tok = tokens[i]
        if (tok.kind, tok.text) != (clause.kind, clause.text):
            continue
        if i > 0 and tokens[i - 1].kind in ("not", "minus"):
            continue
        dropped = [tok]
        if i > 0 and tokens[i - 1].kind == "and":
            dropped.append(tokens[i - 1])
        elif i + 1 < len(tokens) and tokens[i + 1].kind == "and":
            dropped.append(tokens[i + 1])
        rest = query
        for t in sorted(dropped, key=lambda t: -t.position):
            rest = rest[: t.position] + " " + rest[t.position + _length(t) :]
        return " ".join(rest.split())
    return None


def narrow(query: str, facet: str, value: str) -> str:
    """The query restricted to a facet value: as `refine` adds it, unchanged when it is
    already there (a histogram bar narrows; it never removes)."""
    refined, active = refine(query, facet, value)
    return query if active else refined


def _length(token: Token) -> int:
    """How many characters of the query a token spans (a phrase's quotes included)."""
    return len(token.text) + (2 if token.kind in ("phrase", "fieldphrase") else 0)


def _top_level(tokens: list[Token]) -> list[int]:
    """The indexes of the tokens outside parentheses."""
    depth = 0
    top: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "rparen":
            depth -= 1
        if depth == 0 and tok.kind not in ("lparen", "rparen"):
            top.append(i)
        if tok.kind == "lparen":
            depth += 1
    return top


def _ungrouped(query: str) -> str:
    """`(a OR b)` as `a OR b`: undo the grouping `refine` adds, when it is the whole query and
    holds an OR of its own."""
    if not (query.startswith("(") and query.endswith(")")):
        return query
    try:
        tokens = tokenize(query[1:-1])
    except QueryError:
        return query
    depth = 0
    for tok in tokens:  # the outer parentheses must be a pair: not `(a) OR (b)`
        depth += {"lparen": 1, "rparen": -1}.get(tok.kind, 0)
        if depth < 0:
            return query
    if depth == 0 and _has_top_level_or(tokens):
        return query[1:-1]
    return query


def _has_top_level_or(tokens: list[Token]) -> bool:
    return any(tokens[i].kind == "or" for i in _top_level(tokens))


def years_of(months: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Month counts (`2006-07`) summed by year."""
    years: dict[str, int] = {}
    for month, n in months:
        years[month[:4]] = years.get(month[:4], 0) + n
    return sorted(years.items())


Facets = dict[str, tuple[tuple[str, int], ...]]


def with_years(facets: Facets) -> Facets:
    """The archive's facets with a year facet added, summed from the month facet (the index
    counts months; years are what people narrow by first)."""
    return {**facets, "year": tuple(years_of(facets.get("month", ())))}


@dataclass(frozen=True, slots=True)
class Bar:
    month: str
    count: int
    x: float
    height: float


def histogram_bars(months: Iterable[tuple[str, int]], width: float = 100.0) -> list[Bar]:
    """Bars for hits by month, one slot per month from the first to the last (empty months
    included, so gaps in the record show as gaps), heights scaled to 0..1."""
    counts = {m: n for m, n in months if re.fullmatch(r"\d{4}-\d{2}", m)}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    y, mo = int(first[:4]), int(first[5:])
    slots: list[str] = []
    while f"{y:04d}-{mo:02d}" <= last:
        slots.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    top = max(counts.values())
    step = width / len(slots)
    return [Bar(m, counts.get(m, 0), i * step, counts.get(m, 0) / top) for i, m in enumerate(slots)]


@dataclass(frozen=True, slots=True)
class Paging:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def exists(self) -> bool:
        return self.page <= self.pages

    def window(self, around: int = 3) -> list[int]:
        """Page numbers to link: the first, the last, and those near this one."""
        near = range(max(1, self.page - around), min(self.pages, self.page + around) + 1)
        return sorted({1, self.pages, *near})
