"""Fidelity on the real corpus: with the metadata table hidden, what the parser reads from a
page's header and body text must agree with the table.

This repeats the benchmark on purpose, as a regression guard. A page "has a header" when its first
`<pre>` holds a line starting `FM ` (6,020 of the 6,712 pages; the rest are partial extracts).
The table's ids are compared in canonical form (the table has malformed ids such as
`09SECTION01OF03SANJOSE525`); its Created column of the 2010 pages repeats the hour as the
minutes, so dates are compared to the hour.

Measured when written: id 99.67%, created 99.88%, classification 98.16%, origin 100%.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cablearchive.parse import canonical_id
from tests.parse.conftest import CorpusPage

HEADER_PAGES = 6_020


def agreement(
    pages: list[CorpusPage], agrees: Callable[[CorpusPage], bool]
) -> tuple[float, list[CorpusPage]]:
    bad = [p for p in pages if not agrees(p)]
    return 1 - len(bad) / len(pages), bad


@pytest.fixture(scope="module")
def header_pages(corpus: list[CorpusPage]) -> list[CorpusPage]:
    pages = [p for p in corpus if p.has_header]
    assert len(pages) == HEADER_PAGES
    return pages


def same_id(p: CorpusPage) -> bool:
    return p.cable.id == (canonical_id(p.table_id) or p.table_id)


def same_hour(p: CorpusPage) -> bool:
    # `2006-06-26 16:04` against `2006-06-26T16:04:00Z`
    return p.cable.created is not None and p.cable.created[:13] == p.table_created[:13].replace(
        " ", "T"
    )


def same_classification(p: CorpusPage) -> bool:
    return p.cable.classification == p.table_classification


def same_origin(p: CorpusPage) -> bool:
    return p.cable.origin == p.table_origin


@pytest.mark.parametrize(
    ("field", "agrees", "floor"),
    [
        ("id", same_id, 0.995),
        ("created", same_hour, 0.995),
        ("classification", same_classification, 0.98),
        ("origin", same_origin, 0.98),
    ],
)
def test_fidelity(
    header_pages: list[CorpusPage], field: str, agrees: Callable[[CorpusPage], bool], floor: float
) -> None:
    share, bad = agreement(header_pages, agrees)
    print(f"{field}: {share:.2%} of {len(header_pages)} pages agree with the table")
    examples = [(p.name, getattr(p, f"table_{field}")) for p in bad[:10]]
    assert share >= floor, f"{field}: {share:.2%} < {floor:.1%}; e.g. {examples}"


def test_metadata_was_hidden(header_pages: list[CorpusPage]) -> None:
    # The parse had no hints: every value came from the text.
    for p in header_pages[:200]:
        assert "metadata" not in p.cable.provenance.values(), p.name


def test_no_page_fails_to_parse(corpus: list[CorpusPage]) -> None:
    assert all(p.cable is not None for p in corpus)
    partial = [p for p in corpus if p.cable.partial]
    # The site's note on the 694 partial extracts is recognised on every one of them.
    assert len(partial) >= 690


def test_every_warning_is_in_words(corpus: list[CorpusPage]) -> None:
    for p in corpus:
        for w in p.cable.warnings:
            assert isinstance(w, str) and len(w.split()) >= 3, (p.name, w)
