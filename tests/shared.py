"""Where the tests find the read-only material in `../shared`, and a clear failure without it."""

from __future__ import annotations

import html
import re
import sqlite3
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_file(shared_dir: Path, relative: str) -> Path:
    """A file of shared/, or a test failure that says which one is missing."""
    path = shared_dir / relative
    if not path.is_file():
        pytest.fail(f"shared file missing: expected {path}")
    return path


SITE_CORPUS = "corpora/cablegate-site-2011-04.tar.xz"
_TABLE = re.compile(r"<table class='cable'>(.*?)</table>", re.S)
_CELL = re.compile(r"<td>\s*(.*?)\s*</td>", re.S)
_MARKUP = re.compile(r"<[^>]+>")
_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)


def iter_site_pages(path: Path) -> Iterator[tuple[str, str]]:
    """(member name, page HTML) for every page of a Cablegate site tar, streamed.

    The tests read the pages with these few regular expressions, independently of the
    project's own reader, so that a reader bug cannot hide a parser bug (or the reverse).
    """
    with tarfile.open(path, "r|*") as tar:
        for member in tar:
            if not (member.isfile() and member.name.endswith(".html")):
                continue
            f = tar.extractfile(member)
            assert f is not None
            yield member.name, f.read().decode("utf-8")


def table_cells(page: str) -> list[str]:
    """The metadata table's five cells (Reference ID, Created, Released, Classification,
    Origin) as text; empty strings where a page lacks them."""
    table = _TABLE.search(page)
    cells = [
        html.unescape(_MARKUP.sub("", c)).strip()
        for c in (_CELL.findall(table.group(1)) if table else [])
    ]
    return cells + [""] * (5 - len(cells))


def pre_blocks(page: str) -> list[str]:
    """The raw contents of the page's `<pre>` blocks (header first, body last)."""
    return _PRE.findall(page)


# The people tests' archive: the 528 pages of the site corpus sent from Almaty, Astana and
# Cairo in 2006-2010, where John Ordway and Margaret Scobey sign, classify and are named, and
# Hosni Mubarak is named by title.
PEOPLE_PAGES = re.compile(r"/(0[6-9]|10)(ASTANA|ALMATY|CAIRO)\d+\.html$")


def site_pages_folder(
    tmp_path_factory: pytest.TempPathFactory, shared_dir: Path, chosen: re.Pattern[str]
) -> Path:
    """A folder of the site corpus's pages whose names `chosen` finds, as published."""
    pages = tmp_path_factory.mktemp("pages")
    for name, page in iter_site_pages(shared_file(shared_dir, SITE_CORPUS)):
        if chosen.search(name):
            (pages / Path(name).name).write_text(page, encoding="utf-8")
    return pages


def people_archive_folder(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    """The people tests' archive, ingested into a real SQLite file and tantivy index."""
    from cablearchive.store import Archive

    pages = site_pages_folder(tmp_path_factory, shared_dir, PEOPLE_PAGES)
    folder = tmp_path_factory.mktemp("people") / "archive"
    with Archive.open(folder) as archive:
        summary = archive.ingest([pages], jobs=2)
        assert (summary.new, summary.failed) == (528, 0)
    return folder


def alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, dead and not yet collected by its parent, does
    not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stored_count(folder: Path) -> int:
    """How many cables the archive in `folder` has committed, read from outside any writer
    (0 before its database exists or while it cannot be read)."""
    try:
        conn = sqlite3.connect(f"file:{folder / 'archive.sqlite3'}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM cables").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
