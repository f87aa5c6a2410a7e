"""The body's paragraphs and summaries on all 6,712 pages of the Cablegate site corpus.

Uses the session's `corpus` fixture (every page parsed once, metadata hidden).
"""

from __future__ import annotations

import re

from tests.parse.conftest import CorpusPage

# What may stand between two paragraphs' texts in the body: their numbers and portion marks
# (and the dots some pages write after a mark: `(C). ...`).
_BETWEEN = re.compile(r"(?:[\s.]|\d{1,3}\s*[.)]|\([^()\n]{1,100}\))*")


def test_paragraph_texts_hold_the_body_from_the_first_number(
    corpus: list[CorpusPage],
) -> None:
    """No text is lost between paragraphs or given to two of them: walking the paragraphs'
    texts through the body, only numbers and marks are left between them."""
    bad = []
    for page in corpus:
        body = page.cable.body
        pos = -1
        for paragraph in page.cable.paragraphs:
            if not paragraph.text or (pos < 0 and paragraph.number is None):
                continue  # the text before the first number may be the preamble's, re-joined
            found = body.find(paragraph.text, max(pos, 0))
            if found < 0 or (pos >= 0 and not _BETWEEN.fullmatch(body, pos, found)):
                bad.append((page.name, paragraph.number))
                break
            pos = found + len(paragraph.text)
    assert set(bad) <= _NOT_WALKABLE


# Pages where the walk cannot tell: the page holds the cable twice (a paragraph's text is found
# in the other copy), or the preamble re-joined with line breaks a line it had split into
# fields (`E.O. 13460` inside the summary read as an E.O. field).
_NOT_WALKABLE = {
    ("cable/2009/02/09CAIRO211.html", 2),
    ("cable/2010/02/10DOHA60.html", 2),
    ("cable/2005/07/05MINSK851.html", 1),
    ("cable/2008/02/08DAMASCUS146.html", 1),
}


def _page(corpus: list[CorpusPage], name: str) -> CorpusPage:
    return next(p for p in corpus if p.name.endswith(f"/{name}.html"))


def test_no_paragraph_swallows_the_ones_after_it(corpus: list[CorpusPage]) -> None:
    # cable/2006/03/06BRASILIA478.html: paragraph 14 held 15 to 25 (9,769 characters) when
    # numbers 15 and 16 were missing from the start of their lines.
    cable = _page(corpus, "06BRASILIA478").cable
    numbers = [p.number for p in cable.paragraphs]
    assert numbers[numbers.index(13) :] == [13, 14, 16, *range(17, 27)]
    assert max(len(p.text) for p in cable.paragraphs) < 2000


def test_most_cables_with_a_summary_have_it(corpus: list[CorpusPage]) -> None:
    """A first paragraph that says `summary` nearly always gives a summary (the rest say
    `Lead Stories Summary`, `SUMMARY STATEMENT` and the like)."""
    saying, without = 0, []
    for page in corpus:
        numbered = [p for p in page.cable.paragraphs if p.number is not None]
        first = numbered[0] if numbered else None
        if first is not None and "summary" in first.text.lower():
            saying += 1
            if page.cable.summary is None:
                without.append(page.name)
    assert saying > 3500
    assert len(without) < 25, without
