"""`break_matches`: where paragraph numbers may start a line, found by the regular expression's
own scan (interpreted) or by a loop over the line starts that tries it only before a digit
(compiled); both give the same matches, on snippets of the corpus, on every text of the shared
corpus and on texts drawn by hypothesis. (scripts/test runs this file on the pure-Python modules
too, where both functions are interpreted.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablearchive.parse.paragraphs import (
    _PARAGRAPH_BREAK,
    _PARAGRAPH_BREAK_PLAIN,
    break_matches,
    break_matches_compiled,
    break_matches_interpreted,
)
from tests.parse.fuzzing import SITE_CORPUS, real_texts
from tests.shared import shared_file

PATTERNS = [_PARAGRAPH_BREAK, _PARAGRAPH_BREAK_PLAIN]


Found = list[tuple[tuple[int, int], tuple[str | None, ...]]]  # each match's span and groups


def spans(matches: list[re.Match[str]]) -> Found:
    return [(m.span(), m.groups()) for m in matches]


def agree(pattern: re.Pattern[str], text: str) -> Found:
    expected = spans(list(pattern.finditer(text)))
    assert spans(break_matches_compiled(pattern, text)) == expected
    assert spans(break_matches_interpreted(pattern, text)) == expected
    assert spans(break_matches(pattern, text)) == expected
    return expected


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        # 09BUJUMBURA302: no space before the portion mark
        ("\n1.(SBU) Post wishes to express its appreciation", ["1"]),
        # Cablegate's pilcrows, and a mark on the line after its number (the match takes that
        # line break: the next line is not tried again)
        ("\n¶2. (C) Embassy contacts\nagree.\n\n¶3.\n(S) Contini", ["2", "3"]),
        # Indented numbers and `N)`; a year at a line start is no paragraph number
        ("\n  4) The delegation\n2006 was a year of\n\t5. Comment", ["4", "5"]),
        # A line of spaces only, then the end of the text
        ("\n6. Text\n   ", ["6"]),
        ("", []),
        ("\n", []),
    ],
)
def test_break_matches(text: str, numbers: list[str]) -> None:
    found = agree(_PARAGRAPH_BREAK, text)
    assert [groups[0] for _span, groups in found] == numbers
    agree(_PARAGRAPH_BREAK_PLAIN, text)


def test_both_ways_agree_on_the_corpus(shared_dir: Path) -> None:
    shared_file(shared_dir, SITE_CORPUS)  # a clear message where ../shared is missing
    for text in real_texts(shared_dir):
        body = "\n" + text  # as `paragraphs_and_breaks` gives it
        for pattern in PATTERNS:
            agree(pattern, body)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="\n \t¶0123456789.)(SCUBLOT xa٣", max_size=80))
def test_both_ways_agree_on_any_text(text: str) -> None:
    # (`٣`, an Arabic-Indic three, is a digit to `\d`.)
    for pattern in PATTERNS:
        agree(pattern, text)
