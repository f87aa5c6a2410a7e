"""Snippets: the passage around the first match, matches in <b>, everything else escaped."""

from __future__ import annotations

from cablearchive.search.query import parse_query
from cablearchive.search.snippets import highlight_terms, snippet

# seed 001, paragraph 1
TEXT = (
    "1. (SBU) Summary: Kazakhstan insists on a Mutual Legal Assistance Treaty with the U.S. "
    "in order to accept the return of Guantanamo detainees. The MFA is willing to meet with "
    "U.S. experts in Astana to discuss the issue. <See> request for guidance, para. 4."
)


def test_words_phrases_and_prefixes_are_marked() -> None:
    terms = highlight_terms(parse_query('guantanamo "legal assistance" detain* tag:PTER'))
    assert terms == [("guantanamo", False), ("legal assistance", False), ("detain", True)]
    out = snippet(TEXT, terms)
    assert "<b>Legal Assistance</b>" in out
    assert "<b>Guantanamo</b> <b>detainees</b>" in out
    assert "&lt;See&gt;" in out  # the text is escaped


def test_negated_and_metadata_parts_mark_nothing() -> None:
    assert highlight_terms(parse_query("NOT guantanamo year:2006 origin:almaty")) == []
    assert snippet(TEXT, []).startswith("1. (SBU) Summary")


def test_the_window_starts_near_the_first_match() -> None:
    out = snippet("word " * 200 + "needle " + "word " * 200, [("needle", False)], width=100)
    assert out.startswith("…") and out.endswith("…")
    assert "<b>needle</b>" in out
    assert len(out) < 140
