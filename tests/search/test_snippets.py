"""Snippets: the passage around the first match, matches in <b>, everything else escaped."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from cablearchive.search.query import parse_query
from cablearchive.search.snippets import highlight_terms, snippet
from tests.shared import shared_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEEDS = ("seeds/000_b6366df431a4d317.txt", "seeds/001_f39073fb4f33a29e.txt")

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


def _reference(text: str, terms: list[tuple[str, bool]], width: int = 240) -> str:
    """The snippet as first written: the whole text collapsed, then searched (the function
    now collapses only the part it shows; the two must agree)."""
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
    out = ["…" if start else ""]
    pos = 0
    for m in pattern.finditer(window):
        out += [html.escape(window[pos : m.start()]), f"<b>{html.escape(m.group(0))}</b>"]
        pos = m.end()
    out.append(html.escape(window[pos:]))
    if start + width < len(flat):
        out.append("…")
    return "".join(out)


@pytest.mark.parametrize(
    "terms",
    [
        [],
        [("the", False)],
        [("end summary", False)],
        [("minist", True)],
        [("guantanamo", False), ("legal assistance", False)],
        [("a", True)],
        [("zzzyzzx", False)],  # nowhere: the window is the start
        [("mlat", False)],  # late in the text
    ],
)
def test_snippets_of_real_texts_are_those_of_the_whole_text_collapsed(
    shared_dir: Path, terms: list[tuple[str, bool]]
) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "text").glob("*.txt"))]
    texts += [shared_file(shared_dir, s).read_text(encoding="utf-8") for s in SEEDS]
    # A match far into a long text, words split by runs of spacing and line ends, a match
    # followed by more spacing than the window, and a window that reaches the end of the text.
    texts += [
        "word \n\n  " * 3000 + "THE\n  end\n\tSUMMARY mlat ministers a",
        "a the end summary" + " \n" * 600 + "minister word " * 80,
        "the " * 70,
    ]
    for text in texts:
        for width in (240, 60):
            assert snippet(text, terms, width) == _reference(text, terms, width)
