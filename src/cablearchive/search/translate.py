"""A query AST to a tantivy query over the archive's index (see store/index.py for fields)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time

import tantivy

from cablearchive.search.query import And, DateRange, Measure, Node, Not, Or, Phrase, Term

# Query field -> index fields searched, and how values are written there. `text` fields are
# tokenized (lower-cased words); `exact` fields hold whole upper-case values.
TEXT_FIELDS: dict[str | None, tuple[str, ...]] = {
    None: ("subject", "body"),
    "subject": ("subject",),
    "origin": ("origin_words",),
    "from": ("from",),
    "to": ("to",),
    "class": ("class_words",),
    "caption": ("caption_words",),
    "signer": ("signer",),
    "classifier": ("classifier",),
}
EXACT_FIELDS = {"id": "id", "tag": "tag", "ref": "ref", "classification": "classification"}
# Exact fields whose values may also be written in words, searched word by word too: a person
# tag (`RICE, CONDOLEEZZA`) is found by `tag:rice` and `tag:"rice condoleezza"` as well as
# by the whole tag; a one-word tag (`PREL`) only by itself.
WORDS_OF_EXACT = {"tag": "tag_words"}
_WORDS = re.compile(r"\w+")


# Fields whose values are people, found through the archive's person records (the people
# grouped by store/people.py, beside the index, not in it): `person:` only so, `signer:` and
# `classifier:` so as well as in the index's own fields (a spelling the person record joins).
PERSON_FIELDS = ("person", "signer", "classifier")


# The ids of the cables a `cited:` or `rank:` query selects (the reference graph's), or a
# person field's word or phrase (the person records'): what the store keeps beside the index.
MeasuredIds = Callable[[Measure | Term | Phrase], list[str]]


class NoGraph(ValueError):
    """A `cited:`, `rank:` or `person:` query where the archive's graph or people are not at
    hand."""


def to_tantivy(
    node: Node,
    schema: tantivy.Schema,
    within: tantivy.Query | None = None,
    measured: MeasuredIds | None = None,
) -> tantivy.Query:
    """The tantivy query of `node`; with `within`, only the documents `within` matches (a
    part of the index: see `SearchIndex`), the restriction put on every word and phrase so
    that tantivy checks positions only in that part (a union of phrases checks them all
    before it is intersected with anything). `measured` gives the cables of `cited:` and
    `rank:`, which the index looks up by id."""
    if isinstance(node, Term | Phrase):
        alternatives = []
        if node.field != "person":
            alternatives = (
                _term(node, schema)
                if isinstance(node, Term)
                else _phrase(node.text, node.field, schema)
            )
        if node.field in PERSON_FIELDS:
            if measured is None and node.field == "person":
                raise NoGraph("person: needs the archive's person records")
            if measured is not None and (ids := measured(node)):
                alternatives.append(_ids(ids, schema))
        return _any([_within(q, within) for q in alternatives])
    if isinstance(node, DateRange):
        moments = tantivy.Query.range_query(
            schema,
            node.field,
            tantivy.FieldType.Date,
            datetime.combine(node.start, time.min),
            datetime.combine(node.end, time.max),
        )
        return _within(moments, within)
    if isinstance(node, Measure):
        if measured is None:
            raise NoGraph(f"{node.field}: needs the archive's reference graph")
        ids = measured(node)
        if not ids:
            return tantivy.Query.empty_query()
        return _within(_ids(ids, schema), within)
    if isinstance(node, Not):
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, _every(within)),
                (tantivy.Occur.MustNot, to_tantivy(node.node, schema, within, measured)),
            ]
        )
    occur = tantivy.Occur.Must if isinstance(node, And) else tantivy.Occur.Should
    assert isinstance(node, And | Or)
    return tantivy.Query.boolean_query(
        [(occur, to_tantivy(n, schema, within, measured)) for n in node.nodes]
    )


def _ids(ids: list[str], schema: tantivy.Schema) -> tantivy.Query:
    """The cables `ids`, scored 1, as a word's absence would not be: ranking is the other
    terms' business."""
    return tantivy.Query.const_score_query(tantivy.Query.term_set_query(schema, "id", ids), 1.0)


def reads_positions(node: Node) -> bool:
    """Whether the query has a phrase (words in a row), which tantivy checks by reading the
    words' positions in each cable that has them all: the costliest query to run."""
    if isinstance(node, Term | Phrase):
        words = _WORDS.findall(node.text)
        if node.field == "person":
            return False  # cables by id
        if isinstance(node, Term) and node.field in EXACT_FIELDS:
            return False  # a tag, an id: one term, never a phrase
        return len(words) > 1 and (node.field not in EXACT_FIELDS or node.field in WORDS_OF_EXACT)
    if isinstance(node, DateRange | Measure):
        return False
    if isinstance(node, Not):
        return reads_positions(node.node)
    return any(reads_positions(n) for n in node.nodes)


def phrases(node: Node) -> list[tuple[tuple[str, ...], list[str]]]:
    """The phrases of a query, as the index fields each is searched in and its words: what
    `reads_positions` looks for, given for estimating their cost (the rarest word of a phrase
    bounds the cables whose positions are read)."""
    if isinstance(node, Term | Phrase):
        if not reads_positions(node):
            return []
        words = _WORDS.findall(node.text.lower())
        if node.field in WORDS_OF_EXACT:
            return [((WORDS_OF_EXACT[node.field],), words)]
        return [(TEXT_FIELDS[node.field], words)]
    if isinstance(node, DateRange | Measure):
        return []
    if isinstance(node, Not):
        return phrases(node.node)
    return [found for n in node.nodes for found in phrases(n)]


def _term(node: Term, schema: tantivy.Schema) -> list[tantivy.Query]:
    """The queries of a word (or a prefix), one a field it is searched in: any may match."""
    if node.field in EXACT_FIELDS:
        field = EXACT_FIELDS[node.field]
        value = node.text.upper()
        if node.prefix:
            exact = tantivy.Query.regex_query(schema, field, re.escape(value) + ".*")
        else:
            exact = tantivy.Query.term_query(schema, field, value)
        words = _WORDS.findall(node.text.lower())
        if node.field not in WORDS_OF_EXACT or len(words) != 1:
            return [exact]
        in_words = WORDS_OF_EXACT[node.field]
        if node.prefix:
            word = tantivy.Query.regex_query(schema, in_words, re.escape(words[0]) + ".*")
        else:
            word = tantivy.Query.term_query(schema, in_words, words[0])
        return [exact, word]
    words = _WORDS.findall(node.text.lower())
    if not words:
        return []
    if len(words) > 1:  # `from:us-nato` is the phrase `us nato`
        return _phrase(" ".join(words), node.field, schema)
    fields = TEXT_FIELDS[node.field]
    if node.prefix:
        pattern = re.escape(words[0]) + ".*"
        return [tantivy.Query.regex_query(schema, f, pattern) for f in fields]
    return [tantivy.Query.term_query(schema, f, words[0]) for f in fields]


def _phrase(text: str, field: str | None, schema: tantivy.Schema) -> list[tantivy.Query]:
    """The queries of words in a row, one a field they are searched in: any may match."""
    if field in EXACT_FIELDS:
        exact = tantivy.Query.term_query(schema, EXACT_FIELDS[field], text.upper())
        words = _WORDS.findall(text.lower())
        if field not in WORDS_OF_EXACT or not words:
            return [exact]
        in_words = WORDS_OF_EXACT[field]
        if len(words) == 1:
            return [exact, tantivy.Query.term_query(schema, in_words, words[0])]
        return [exact, tantivy.Query.phrase_query(schema, in_words, words)]
    words = _WORDS.findall(text.lower())
    if not words:
        return []
    fields = TEXT_FIELDS[field]
    if len(words) == 1:
        return [tantivy.Query.term_query(schema, f, words[0]) for f in fields]
    return [tantivy.Query.phrase_query(schema, f, words) for f in fields]


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    if not queries:
        return tantivy.Query.empty_query()
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def _within(query: tantivy.Query, within: tantivy.Query | None) -> tantivy.Query:
    if within is None:
        return query
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, within)])


def _every(within: tantivy.Query | None) -> tantivy.Query:
    """Every document (of the part `within`), each scored 1 as tantivy's `all_query` does."""
    if within is None:
        return tantivy.Query.all_query()
    return tantivy.Query.const_score_query(within, 1.0)


def measures_in(node: Node) -> bool:
    """Whether the query selects by what the store keeps beside the index: the reference graph
    (`cited:`, `rank:`) or the person records (`person:`, `signer:`, `classifier:`)."""
    if isinstance(node, Measure):
        return True
    if isinstance(node, Term | Phrase):
        return node.field in PERSON_FIELDS
    if isinstance(node, Not):
        return measures_in(node.node)
    if isinstance(node, And | Or):
        return any(measures_in(n) for n in node.nodes)
    return False
