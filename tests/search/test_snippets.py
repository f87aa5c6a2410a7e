"""Snippets: the passage around the first match, matches in <b>, everything else escaped."""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from cablearchive.search.query import parse_query
from cablearchive.search.snippets import highlight_terms, snippet
from cablearchive.sources import RawDocument, iter_documents
from tests.shared import SITE_CORPUS, shared_file

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


# --- the snippet reads only the stretch it shows: the same as reading the whole text ----------


def _whole_text_snippet(text: str, terms: list[tuple[str, bool]], width: int = 240) -> str:
    """The snippet as first written: every text rewritten whole, then searched. The
    reference for the faster `snippet`, which must give the same, byte for byte."""
    flat = " ".join(text.split())
    if not terms:
        return html.escape(flat[:width])
    alternatives = sorted(
        (
            r"\s+".join(re.escape(w) for w in phrase.split()) + (r"\w*" if prefix else r"\b")
            for phrase, prefix in terms
        ),
        key=len,
        reverse=True,
    )
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    first = pattern.search(flat)
    start = 0 if first is None else max(0, first.start() - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = flat[start : start + width]
    out: list[str] = ["…" if start else ""]
    pos = 0
    for m in pattern.finditer(window):
        out.append(html.escape(window[pos : m.start()]))
        out.append(f"<b>{html.escape(m.group(0))}</b>")
        pos = m.end()
    out.append(html.escape(window[pos:]))
    if start + width < len(flat):
        out.append("…")
    return "".join(out)


QUERIES = ["iran", '"human rights"', "terror*", "oil OR gas", "the", '"end summary"', "zzzz"]


def test_snippets_of_real_cables_are_those_of_the_whole_text(shared_dir: Path) -> None:
    corpus = shared_file(shared_dir, SITE_CORPUS)
    docs = itertools.islice(iter_documents([corpus]), 600)
    texts = [d.text for d in docs if isinstance(d, RawDocument)]
    assert len(texts) == 600
    for terms in [highlight_terms(parse_query(q)) for q in QUERIES] + [[]]:
        for text in texts:
            assert snippet(text, terms) == _whole_text_snippet(text, terms), (terms, text[:80])


_WORDS = st.sampled_from(["iran", "Iran's", "human", "rights", "(iran)", "terror", "x" * 90, "é"])
_SPACES = st.sampled_from([" ", "  ", "\n", "\t\n ", " " * 150, "\u00a0"])


@given(
    words=st.lists(st.tuples(_WORDS, _SPACES), max_size=80),
    lead=_SPACES,
    terms=st.sampled_from(
        [[("iran", False)], [("human rights", False)], [("terror", True)], [("x" * 5, True)], []]
    ),
    width=st.sampled_from([240, 30, 1]),
)
# Found by hypothesis: the window moved on to the next word's start, past the end of the
# stretch read, and lost its closing "…".
@example(
    words=[("(iran)", " " * 150), ("iran", " ")], lead="\t\n ", terms=[("iran", False)], width=1
)
def test_snippets_are_those_of_the_whole_text(
    words: list[tuple[str, str]], lead: str, terms: list[tuple[str, bool]], width: int
) -> None:
    text = lead + "".join(w + s for w, s in words)
    assert snippet(text, terms, width) == _whole_text_snippet(text, terms, width)
