"""Fixtures for the reference tables' tests: the shared/ folder and a pass over the corpus."""

from __future__ import annotations

import html
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

CORPUS = "corpora/cablegate-site-2011-04.tar.xz"

_TABLE = re.compile(r"<table class='cable'>(.*?)</table>", re.S)
_CELL = re.compile(r"<td>\s*(.*?)\s*</td>", re.S)
_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
_MARKUP = re.compile(r"<[^>]+>")
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
    table = _TABLE.search(text)
    cells = [
        html.unescape(_MARKUP.sub("", c)).strip()
        for c in (_CELL.findall(table.group(1)) if table else [])
    ]
    pres = _PRE.findall(text)
    header = html.unescape(pres[0].replace("&#x000A;", "\n")) if len(pres) >= 2 else ""
    body = pres[-1] if pres else ""
    fm = _FM.search(header)
    return CorpusPage(
        name=name,
        id=cells[0] if cells else "",
        origin=cells[4] if len(cells) > 4 else "",
        from_=fm.group(1).strip() if fm else None,
        tags=tuple(html.unescape(t) for t in _TAG_LINK.findall(body)),
    )


@pytest.fixture(scope="session")
def corpus_pages(shared_dir: Path) -> list[CorpusPage]:
    """Every page of the 2011-04 Cablegate corpus, streamed from the tar (a few seconds)."""
    path = shared_dir / CORPUS
    if not path.is_file():
        pytest.fail(f"the Cablegate corpus is missing: expected {path}")
    pages: list[CorpusPage] = []
    with tarfile.open(path, "r|xz") as tar:
        for member in tar:
            if not (member.isfile() and member.name.endswith(".html")):
                continue
            f = tar.extractfile(member)
            assert f is not None
            pages.append(_page(member.name, f.read().decode("utf-8")))
    return pages
