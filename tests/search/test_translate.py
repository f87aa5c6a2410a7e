"""What the index is asked for a query: the phrases whose cost decides how a search runs."""

from __future__ import annotations

import pytest

from cablearchive.search.query import parse_query
from cablearchive.search.translate import phrases, reads_positions


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"end summary"', [(("subject", "body"), ["end", "summary"])]),
        (
            'iran OR (tag:"rice condoleezza" NOT subject:"human rights")',
            [(("tag_words",), ["rice", "condoleezza"]), (("subject",), ["human", "rights"])],
        ),
        ("from:us-nato", [(("from",), ["us", "nato"])]),  # a word with a hyphen: a phrase
        ("tag:PREL ambassador", []),
        ('tag:"PREL"', []),
        ('"visa"', []),  # one word: no positions read
        ("created:2006", []),
    ],
)
def test_phrases_name_the_fields_and_words_whose_positions_are_read(
    query: str, expected: list[tuple[tuple[str, ...], list[str]]]
) -> None:
    node = parse_query(query)
    assert phrases(node) == expected
    assert reads_positions(node) == bool(expected)
