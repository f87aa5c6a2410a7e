"""Fixtures for the parser tests: the shared/ folder, the Cablegate id list, and the corpus.

The corpus (6,712 pages of the 2011-04 Cablegate site) is streamed from its tar once per session
and every page parsed once, with the publisher's metadata table hidden from the parser; the
fidelity and reference-resolution tests share that pass (about 15 s).
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from cablearchive.parse import Cable, parse_cable
from tests.shared import iter_site_pages, pre_blocks, shared_file, table_cells

CORPUS = "corpora/cablegate-site-2011-04.tar.xz"
IDS = "reference/cablegate-ids.csv.gz"

# Inside the <pre> blocks the site writes only links: TAGS and the paragraph anchors `¶`.
_LINK = re.compile(r"</?a\b[^>]*>")
_FM_LINE = re.compile(r"^FM ", re.M)


@pytest.fixture(scope="session")
def cablegate_ids(shared_dir: Path) -> list[str]:
    """All 251,287 Cablegate reference ids, in the list's order."""
    with gzip.open(shared_file(shared_dir, IDS), "rt", encoding="ascii") as f:
        ids = [line.split(",", 1)[0] for line in f if line.strip()]
    assert len(ids) > 250_000, f"{IDS} looks cut short: {len(ids)} ids"
    return ids


@pytest.fixture(scope="session")
def cablegate_id_set(cablegate_ids: list[str]) -> frozenset[str]:
    return frozenset(cablegate_ids)


def pre_text(block: str) -> str:
    """The text of one `<pre>` block of a site page: links removed, newlines restored."""
    return html.unescape(_LINK.sub("", block).replace("&#x000A;", "\n"))


@dataclass(frozen=True)
class CorpusPage:
    """One page: what its metadata table says, and what the parser made of its <pre> text."""

    name: str
    table_id: str
    table_created: str  # `2006-06-26 16:04`
    table_classification: str
    table_origin: str
    has_header: bool  # the first <pre> holds a transmission header (a line starting `FM `)
    cable: Cable


def _page(name: str, page: str, parse: Callable[[str], Cable]) -> CorpusPage:
    cells = table_cells(page)
    blocks = [pre_text(b) for b in pre_blocks(page)]
    text = "\n\n".join(b.strip("\n") for b in blocks if b.strip())
    return CorpusPage(
        name=name,
        table_id=cells[0],
        table_created=cells[1],
        table_classification=cells[3],
        table_origin=cells[4],
        has_header=bool(blocks) and _FM_LINE.search(blocks[0]) is not None,
        cable=parse(text),
    )


@pytest.fixture(scope="session")
def corpus(shared_dir: Path) -> list[CorpusPage]:
    """Every page of the 2011-04 corpus, parsed from its <pre> text alone (metadata hidden)."""
    path = shared_file(shared_dir, CORPUS)
    pages = [_page(name, page, parse_cable) for name, page in iter_site_pages(path)]
    assert len(pages) == 6712, f"expected the 6,712 pages of {CORPUS}, read {len(pages)}"
    return pages
