"""`word_places`: where words stand in a text, found by one loop of characters (compiled) or by
`str.find` (interpreted); both give the same places, on the texts of the shared corpus and on
snippets with letters beyond ASCII. (scripts/test runs this file on the pure-Python modules
too, where both functions are interpreted.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from cablearchive.parse import parse_cable
from cablearchive.parse.text import (
    word_heads,
    word_places,
    word_places_compiled,
    word_places_interpreted,
)
from tests.parse.fuzzing import SITE_CORPUS, real_texts
from tests.shared import shared_file

WORDS = frozenset({"president", "minister", "a/s", "fm", "dcm", "secretary", "mrs", "président"})
HEADS = word_heads(WORDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 06TASHKENT465: a word in any case, not inside another word
        ("adviser to President Nazarbayev. Presidential", [(11, "president")]),
        # A/S keeps its slash; FM after a parenthesis (NARA and Cablegate forms)
        ("(FM) met A/S Boucher and DCM Wall", [(1, "fm"), (9, "a/s"), (25, "dcm")]),
        # Letters beyond ASCII are word characters: `Ministère` is not `minister`
        (
            "Le Président Sarkozy; la Ministère; Minister’s aide",
            [(3, "président"), (36, "minister")],
        ),
        # Lower case that changes a text's length (`İ`): the offsets stay the text's own
        ("İSTANBUL: PRESIDENT GÜL", [(10, "president")]),
        ("", []),
        ("fm", [(0, "fm")]),
    ],
)
def test_word_places(text: str, expected: list[tuple[int, str]]) -> None:
    assert word_places(text, WORDS, HEADS) == expected
    assert word_places_compiled(text, WORDS, HEADS) == expected
    assert word_places_interpreted(text, WORDS, HEADS) == expected


def test_a_table_of_many_words_is_larger_and_finds_the_same() -> None:
    """Thousands of words (the first names) get a table of more bits, so that a word of the
    text is looked up as rarely as for a few titles; the places are the same either way."""
    many = frozenset(f"name{i}" for i in range(20_000)) | WORDS
    heads = word_heads(many)
    assert len(heads) * 8 >= len(many) * 32
    assert len(HEADS) * 8 == 1 << 16
    text = "President name17 met name19999, not name20000 nor xname5; DCM name0."
    expected = [(0, "president"), (10, "name17"), (21, "name19999"), (58, "dcm"), (62, "name0")]
    assert word_places_compiled(text, many, heads) == expected
    assert word_places_interpreted(text, many, heads) == expected


def test_both_ways_agree_on_the_corpus(shared_dir: Path) -> None:
    shared_file(shared_dir, SITE_CORPUS)  # a clear message where ../shared is missing
    for text in real_texts(shared_dir, 20):
        body = parse_cable(text).body
        assert word_places_compiled(body, WORDS, HEADS) == word_places_interpreted(
            body, WORDS, HEADS
        )
