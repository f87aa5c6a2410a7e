"""Fixtures for the reference tables' tests: the shared/ folder and a pass over the corpus."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.shared import iter_site_pages, pre_blocks, shared_file, table_cells

CORPUS = "corpora/cablegate-site-2011-04.tar.xz"

_FM = re.compile(r"^FM (.*)$", re.M)
_TAG_LINK = re.compile(r"<a href='/tag/[^']*_0\.html'>([^<]*)</a>")


@dataclass(frozen=True)
class CorpusPage:
    """What the reference tests need from one Cablegate page."""

    name: str
    id: str
    origin: str
    from_: str | None  # the FM line of the transmission header, None for partial extracts
    tags: tuple[str, ...]  # TAGS tokens as linked in the body, in order


def _page(name: str, text: str) -> CorpusPage:
    cells = table_cells(text)
    pres = pre_blocks(text)
    header = html.unescape(pres[0].replace("&#x000A;", "\n")) if len(pres) >= 2 else ""
    body = pres[-1] if pres else ""
    fm = _FM.search(header)
    return CorpusPage(
        name=name,
        id=cells[0],
        origin=cells[4],
        from_=fm.group(1).strip() if fm else None,
        tags=tuple(html.unescape(t) for t in _TAG_LINK.findall(body)),
    )


@pytest.fixture(scope="session")
def corpus_pages(shared_dir: Path) -> list[CorpusPage]:
    """Every page of the 2011-04 Cablegate corpus, streamed from the tar (a few seconds)."""
    path = shared_file(shared_dir, CORPUS)
    return [_page(name, page) for name, page in iter_site_pages(path)]
