"""Browsing a real archive: groups and their counts, pages of a group, the stored overview."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cablearchive.store import DIMENSIONS, Archive
from cablearchive.store.archive import DATABASE
from tests.shared import shared_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SAMPLE = "corpora/cablegate-site-2011-08-sample.tar.xz"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("browse") / "archive"
    with Archive.open(path) as archive:
        archive.ingest([EXAMPLES, shared_file(shared_dir, SAMPLE)])
    return path


@pytest.fixture
def archive(folder: Path) -> Archive:
    return Archive.open(folder, create=False, reader=True)


def _sql(folder: Path, query: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(folder / DATABASE)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_groups_count_what_the_tables_hold(archive: Archive, folder: Path) -> None:
    origins = dict(archive.groups("origin"))
    assert origins == dict(_sql(folder, "SELECT origin, count(*) FROM cables GROUP BY origin"))
    assert list(origins.values()) == sorted(origins.values(), reverse=True)  # biggest first
    years = archive.groups("year")
    assert [y for y, _ in years] == sorted(y for y, _ in years)  # dates in order
    dated = _sql(folder, "SELECT count(*) FROM cables WHERE created IS NOT NULL")[0][0]
    assert sum(n for _, n in years) == dated
    tags = dict(archive.groups("tag"))
    assert tags["NATO"] == len(_sql(folder, "SELECT DISTINCT cable_id FROM tags WHERE tag='NATO'"))


def test_a_group_pages_newest_first_without_gaps_or_repeats(archive: Archive) -> None:
    total = archive.cables_in("tag", "NATO", limit=1000, offset=0).total
    assert total >= 3
    seen: list[str] = []
    for offset in range(0, total, 2):
        page = archive.cables_in("tag", "NATO", limit=2, offset=offset)
        assert page.total == total
        seen += [c.id for c in page.cables]
    assert len(seen) == len(set(seen)) == total
    full = archive.cables_in("tag", "NATO", limit=total, offset=0).cables
    keys = [(c.created or "", c.id) for c in full]
    assert keys == sorted(keys, reverse=True)
    assert [c.id for c in full] == seen


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_every_group_of_every_dimension_lists_its_count(archive: Archive, dimension: str) -> None:
    for value, count in archive.groups(dimension):  # type: ignore[arg-type]
        page = archive.cables_in(dimension, value, limit=500, offset=0)  # type: ignore[arg-type]
        assert page.total == count == len(page.cables), (dimension, value)


def test_a_value_that_is_not_there_is_an_empty_page(archive: Archive) -> None:
    page = archive.cables_in("origin", "Embassy Atlantis", limit=10, offset=0)
    assert (page.total, page.cables) == (0, ())


def test_most_cited_counts_citing_cables_of_the_archive(archive: Archive) -> None:
    top, n = archive.most_cited(1)[0]
    assert top.id == "09STATE47316"
    assert n == len(archive.cited_by("09STATE47316"))


def test_the_ingest_stores_the_overview_and_a_later_ingest_replaces_it(
    folder: Path, tmp_path: Path, shared_dir: Path
) -> None:
    stored = _sql(folder, "SELECT generation FROM overview")
    with Archive.open(folder, create=False, reader=True) as reader:
        assert stored == [(reader.generation(),)]
        overview = reader.overview()
    assert overview["stats"]["cables"] == len(_sql(folder, "SELECT id FROM cables"))
    assert set(overview["groups"]) == set(DIMENSIONS)
    # A copy of the archive takes one more cable: its overview is counted again.
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / DATABASE).write_bytes((folder / DATABASE).read_bytes())
    with Archive.open(copy) as writer:
        writer.ingest([shared_file(shared_dir, "seeds/000_b6366df431a4d317.txt")])
        after = writer.overview()
    assert after["stats"]["cables"] == overview["stats"]["cables"] + 1
    assert _sql(copy, "SELECT generation FROM overview") != stored


def test_a_reader_counts_a_missing_overview_but_never_writes_it(
    folder: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / DATABASE).write_bytes((folder / DATABASE).read_bytes())
    conn = sqlite3.connect(copy / DATABASE)
    conn.execute("DELETE FROM overview")
    conn.commit()
    conn.close()
    with Archive.open(copy, create=False, reader=True) as reader:
        assert reader.overview()["stats"]["cables"] > 0
    assert _sql(copy, "SELECT count(*) FROM overview") == [(0,)]


def test_a_reader_does_not_create_an_archive(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no archive"):
        Archive.open(tmp_path / "nothing", reader=True)
    assert not (tmp_path / "nothing").exists()


def test_version_text_gives_each_version_its_own_text(tmp_path: Path, shared_dir: Path) -> None:
    original = shared_file(shared_dir, "seeds/001_f39073fb4f33a29e.txt").read_text()
    (tmp_path / "a.txt").write_text(original)
    (tmp_path / "b.txt").write_text(original.replace("position.", "position on the MLAT."))
    with Archive.open(tmp_path / "archive") as archive:
        archive.ingest([tmp_path / "a.txt"])
        archive.ingest([tmp_path / "b.txt"])
        first = archive.version_text("06ALMATY1703", 1)
        second = archive.version_text("06almaty1703", 2)
        assert first is not None and second is not None
        assert (first[0].number, first[0].current, second[0].current) == (1, False, True)
        assert "position on the MLAT." in second[1] and "position on the MLAT." not in first[1]
        assert archive.version_text("06ALMATY1703", 3) is None
        assert archive.version_text("06ALMATY9999", 1) is None


def test_a_known_total_is_taken_not_counted_again(archive: Archive) -> None:
    counted = archive.cables_in("tag", "NATO", limit=2, offset=0)
    given = archive.cables_in("tag", "NATO", limit=2, offset=0, total=999)
    assert given.total == 999  # as the caller said: the overview's count, not a second count
    assert given.cables == counted.cables
