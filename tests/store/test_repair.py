"""`cables repair` on real damage: bytes overwritten at several places of a real archive's SQLite
file and of its search index, its header destroyed, its index removed. After each, every cable
whose source is still there comes back, as it was stored; `cables check` passes; what cannot
come back is said by id."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cablearchive.cli import main
from cablearchive.store import Archive
from cablearchive.store.archive import DATABASE
from cablearchive.store.check import check_archive
from cablearchive.store.repair import DAMAGED_PREFIX, RepairError, repair_archive
from tests.shared import SITE_CORPUS, shared_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHOWN = ["09ANKARA718", "09SOFIA293"]  # two of the examples, compared whole after repair


@pytest.fixture(scope="module")
def site_archive(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    """The 6,712 real Cablegate pages and the examples, ingested once: each test damages a
    copy of it."""
    folder = tmp_path_factory.mktemp("site") / "archive"
    with Archive.open(folder) as archive:
        archive.ingest([shared_file(shared_dir, SITE_CORPUS)], jobs=2)
        archive.ingest([EXAMPLES])
    return folder


def _copy(site_archive: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(site_archive, tmp_path / "archive"))


def _state(folder: Path) -> tuple[set[str], dict[str, Any]]:
    """The archive's ids, and two cables as the viewer shows them (record, text, links)."""
    with Archive.open(folder, create=False, reader=True) as archive:
        shown = {}
        for i in SHOWN:
            s = archive.get(i)
            assert s is not None
            shown[i] = (s.record, s.text, s.references, s.cited_by)
        return archive.ids(), shown


def _overwrite(path: Path, offsets: list[int], size: int, seed: int = 7) -> None:
    noise = random.Random(seed)
    with open(path, "r+b") as f:
        for offset in offsets:
            f.seek(offset)
            f.write(bytes(noise.randrange(256) for _ in range(size)))


def _repair(folder: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        main, ["repair", "--json", "-j", "2", "--archive", str(folder), *extra]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.output)


def test_a_whole_archive_needs_no_repair(site_archive: Path, tmp_path: Path) -> None:
    folder = _copy(site_archive, tmp_path)
    code, report = _repair(folder)
    assert code == 0 and report["ok"]
    assert report["done"] == ["nothing to repair: `cables check` finds the archive whole"]
    assert not list(folder.glob(f"{DAMAGED_PREFIX}*"))


@pytest.mark.parametrize("where", [0.2, 0.5, 0.8])
def test_bytes_overwritten_in_the_database_lose_nothing_whose_source_is_there(
    site_archive: Path, tmp_path: Path, where: float
) -> None:
    before_ids, before = _state(site_archive)
    folder = _copy(site_archive, tmp_path)
    path = folder / DATABASE
    at = int(path.stat().st_size * where) // 4096 * 4096
    _overwrite(path, [at, at + 3 * 4096, at + 9 * 4096], 4096)
    damaged = path.read_bytes()
    assert not check_archive(folder).ok
    code, report = _repair(folder)
    assert code == 0, report
    assert report["ok"] and report["lost"] == []
    # Saved from what still reads, the rest read again from the corpus.
    assert report["salvaged"] + report["reread"] == len(before_ids)
    assert report["salvaged"] > len(before_ids) * 0.9
    after_ids, after = _state(folder)
    assert after_ids == before_ids
    assert after == before
    # The damaged file is kept aside as it was; the repaired archive checks whole.
    kept = list(folder.glob(f"{DAMAGED_PREFIX}*/{DATABASE}"))
    assert [k.read_bytes() == damaged for k in kept] == [True]
    assert check_archive(folder).ok
    assert not list(folder.glob(".repair-*"))


def test_a_destroyed_header_brings_every_cable_back_from_the_sources_named(
    site_archive: Path, tmp_path: Path, shared_dir: Path
) -> None:
    before_ids, before = _state(site_archive)
    folder = _copy(site_archive, tmp_path)
    _overwrite(folder / DATABASE, [0], 4096)  # SQLite no longer knows the file
    # Nothing of the database reads, not even where its cables came from: the search index
    # still names them, and they are said lost until their sources are named.
    code, report = _repair(folder)
    assert code == 1 and report["salvaged"] == 0
    assert report["lost"] == sorted(before_ids)
    assert "no file of theirs is recorded" in report["done"][-1]
    check = check_archive(folder)
    assert [(f.part, len(f.ids)) for f in check.findings if not f.ok] == [("lost", 20)]
    corpus = str(shared_file(shared_dir, SITE_CORPUS))
    code, report = _repair(folder, "--source", corpus, "--source", str(EXAMPLES))
    assert code == 0, report
    assert report["reread"] == len(before_ids) and report["lost"] == []
    after_ids, after = _state(folder)
    assert after_ids == before_ids and after == before


def test_history_is_kept_for_what_is_saved(site_archive: Path, tmp_path: Path) -> None:
    folder = _copy(site_archive, tmp_path)
    before = _history(folder)
    conn = sqlite3.connect(folder / DATABASE)
    conn.execute("UPDATE versions SET text = zeroblob(40) WHERE cable_id = '09ISTANBUL176'")
    conn.commit()
    conn.close()
    code, report = _repair(folder)
    assert code == 0 and report["reread"] == 1
    assert _history(folder) == before


def _history(folder: Path) -> list[tuple[str, str, str, str]]:
    """When the SHOWN cables were ingested and where they were seen."""
    conn = sqlite3.connect(folder / DATABASE)
    try:
        return sorted(
            conn.execute(
                "SELECT v.cable_id, v.ingested_at, s.path, s.member FROM versions v"
                " JOIN sightings s ON s.version_id = v.id WHERE v.cable_id IN (?, ?)",
                SHOWN,
            )
        )
    finally:
        conn.close()


def test_cables_whose_source_is_gone_are_named(tmp_path: Path) -> None:
    sources = Path(shutil.copytree(EXAMPLES, tmp_path / "sources"))
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        assert archive.ingest([sources]).new == 9
    conn = sqlite3.connect(folder / DATABASE)
    conn.execute("UPDATE versions SET text = zeroblob(40) WHERE cable_id = '09SOFIA293'")
    conn.commit()
    conn.close()
    shutil.rmtree(sources)
    code, report = _repair(folder)
    assert code == 1 and not report["ok"]
    assert report["lost"] == ["09SOFIA293"] and report["salvaged"] == 8
    # The repaired archive goes on naming it, in a repair and in a check.
    result = CliRunner().invoke(main, ["repair", "--archive", str(folder)])
    assert result.exit_code == 1
    assert "1 cable could not be brought back: 09SOFIA293" in result.output
    lost = [f for f in check_archive(folder).findings if not f.ok]
    assert [(f.part, f.ids) for f in lost] == [("lost", ("09SOFIA293",))]
    # Its source given again, an ingest brings it back, and the archive is whole.
    with Archive.open(folder) as archive:
        assert archive.ingest([EXAMPLES]).new == 1
        assert archive.lost() == []
    assert check_archive(folder).ok


def test_the_search_index_damaged_or_removed_is_rebuilt(site_archive: Path, tmp_path: Path) -> None:
    before_ids, _ = _state(site_archive)
    folder = _copy(site_archive, tmp_path)
    shutil.rmtree(folder / "index")
    code, report = _repair(folder)
    assert code == 0 and report["done"][0].startswith("search index rebuilt from the database")
    folder2 = _copy(site_archive, tmp_path / "2")
    segments = sorted(p for p in (folder2 / "index").iterdir() if p.stat().st_size > 20_000)
    for segment in segments[:3]:
        _overwrite(segment, [segment.stat().st_size // 2], 2048)
    assert not check_archive(folder2).ok
    code, report = _repair(folder2)
    assert code == 0, report
    assert report["done"][0].startswith("search index rebuilt from the database")
    with Archive.open(folder2, create=False, reader=True) as archive:
        assert archive.index.count() == len(before_ids)
        assert archive.search("tag:PREL").total > 0


def test_a_repair_interrupted_before_its_swap_ends_when_run_again(
    site_archive: Path, tmp_path: Path
) -> None:
    before_ids, _ = _state(site_archive)
    folder = _copy(site_archive, tmp_path)
    # As a kill leaves it: the damaged database moved aside, the fresh one complete beside.
    work = folder / ".repair-20261201T000000"
    shutil.copytree(site_archive, work)
    (work / "ready").write_text("20261201T000000")
    (folder / DATABASE).replace(tmp_path / "moved-aside")
    report = repair_archive(folder)
    assert report.ok and report.done == ["the fresh archive of an interrupted repair moved in"]
    assert _state(folder)[0] == before_ids


def test_repair_refuses_what_is_not_an_archive(tmp_path: Path) -> None:
    with pytest.raises(RepairError, match="no archive at"):
        repair_archive(tmp_path)
    result = CliRunner().invoke(main, ["repair", "--archive", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no archive at" in result.output


def test_repair_waits_for_no_other_writer(site_archive: Path, tmp_path: Path) -> None:
    from cablearchive.store.lock import writer_lock

    folder = _copy(site_archive, tmp_path)
    with writer_lock(folder):
        pid = os.fork()
        if pid == 0:  # another process: the lock is held by this one's parent
            result = CliRunner().invoke(main, ["repair", "--archive", str(folder)])
            os._exit(0 if result.exit_code == 1 and "being written" in result.output else 3)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_search_over_damaged_index_files_says_so(site_archive: Path, tmp_path: Path) -> None:
    folder = _copy(site_archive, tmp_path)
    for kind in ("store", "fast"):
        biggest = max((folder / "index").glob(f"*.{kind}"), key=lambda p: p.stat().st_size)
        size = biggest.stat().st_size
        _overwrite(biggest, [size * 3 // 10, size * 6 // 10], 2048)
    command = [sys.executable, "-m", "cablearchive", "search", "--facets", "--archive", str(folder)]
    for query in ("embassy", "tag:PREL"):
        done = subprocess.run([*command, query], capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "is damaged" in done.stderr and "`cables repair` rebuilds it" in done.stderr
    faults = [f for f in check_archive(folder).findings if not f.ok]
    assert [f.part for f in faults] == ["index"] and "damaged" in faults[0].detail
    code, _ = _repair(folder)
    assert code == 0
