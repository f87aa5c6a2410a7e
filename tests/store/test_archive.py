"""The archive on real SQLite files: ingest, versions, links, idempotence, crash safety."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cablearchive import parse_cable
from cablearchive.cli import InputPosition, main
from cablearchive.parse.model import Source
from cablearchive.store import SCHEMA_VERSION, Archive, SchemaError, people
from cablearchive.store import archive as archive_module
from cablearchive.store.archive import DATABASE
from cablearchive.store.schema import SECONDARY_INDEXES
from cablearchive.workers import ApartFailed
from tests.shared import shared_file, stored_count

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED_000 = "seeds/000_b6366df431a4d317.txt"
SITE = "corpora/cablegate-site-2011-04.tar.xz"
SAMPLE = "corpora/cablegate-site-2011-08-sample.tar.xz"


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return Archive.open(tmp_path / "archive")


def test_ingest_stores_every_example_and_links_their_references(archive: Archive) -> None:
    summary = archive.ingest([EXAMPLES])
    assert summary.as_dict() == {
        "read": 9, "new": 9, "updated": 0, "unchanged": 0, "reparsed": 0, "failed": 0,
        "with_warnings": 0, "embedded": 0,
    }  # fmt: skip
    cable = archive.get("09STATE47316")
    assert cable is not None
    assert cable.record["subject"].startswith("DEMARCHE REQUEST")
    # Cited by every other example that names it in its REF lines.
    assert cable.cited_by == (
        "09ADANA33", "09ANKARA718", "09ATHENS790", "09SOFIA293", "09STATE58804", "09USNATO241",
    )  # fmt: skip
    ankara = archive.get("09ANKARA718")
    assert ankara is not None
    assert [(r.id, r.status) for r in ankara.references] == [
        ("09STATE47316", "resolved"),
        ("09ANKARA598", "missing"),
        (None, "unparsed"),  # an email
    ]


def test_ingesting_again_changes_nothing(archive: Archive) -> None:
    archive.ingest([EXAMPLES])
    before = archive.stats().to_dict()
    again = archive.ingest([EXAMPLES])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 9)
    assert archive.stats().to_dict() == before


def test_the_record_shown_is_the_parse_of_the_stored_text(
    archive: Archive, shared_dir: Path
) -> None:
    archive.ingest([shared_file(shared_dir, SEED_000)])
    cable = archive.get("06ALMATY2549")
    assert cable is not None
    assert cable.record["origin"] == "US Office Almaty"  # the viewer export's metadata
    # The stored text is the telegram the viewer export carried, without the export's table.
    assert cable.text.lstrip().startswith("VZCZCXRO8043")
    assert (
        cable.record
        == parse_cable(
            cable.text,
            id="06ALMATY2549",
            created="2006-07-13T15:21:00Z",
            released="2011-08-30T01:44:00Z",
            classification="SECRET",
            origin="US Office Almaty",
            subject="KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO",
            source=archive_source(cable.record),
        ).to_dict()
    )


def archive_source(record: dict[str, Any]) -> Source:
    return Source(**record["source"])


def test_another_text_of_the_same_cable_is_a_new_version(
    archive: Archive, tmp_path: Path, shared_dir: Path
) -> None:
    original = shared_file(shared_dir, "seeds/001_f39073fb4f33a29e.txt").read_text()
    first = tmp_path / "first.txt"
    first.write_text(original)
    assert archive.ingest([first]).new == 1
    # A later release with a corrected paragraph: same id, different text.
    second = tmp_path / "second.txt"
    second.write_text(original.replace("position.", "position on the MLAT."))
    summary = archive.ingest([second])
    assert (summary.new, summary.updated) == (0, 1)
    cable = archive.get("06ALMATY1703")
    assert cable is not None
    assert [(v.number, v.current) for v in cable.versions] == [(1, False), (2, True)]
    assert cable.record["paragraphs"][-1]["text"].endswith("position on the MLAT.")
    # The same text again from another file: no new version, one more source for it.
    third = tmp_path / "copy.txt"
    third.write_text(original)
    assert archive.ingest([third]).unchanged == 1
    cable = archive.get("06ALMATY1703")
    assert cable is not None
    assert [len(v.sources) for v in cable.versions] == [2, 1]


def test_a_complete_text_is_shown_before_a_partial_extract(
    archive: Archive, tmp_path: Path
) -> None:
    full = (
        "P 150225Z MAY 06\nFM AMEMBASSY ALMATY\nTO RUEHC/SECSTATE WASHDC 5289\n\n"
        "UNCLAS ALMATY 001703\n\nSUBJECT: DETAINEES\n\n1. (SBU) The whole text.\n"
    )
    partial = (
        "This record is a partial extract of the original cable. The full text of the original "
        "cable is not available.\n\n150225Z May 06\nUNCLAS ALMATY 001703\n\nSUBJECT: DETAINEES\n"
    )
    (tmp_path / "a.txt").write_text(full)
    (tmp_path / "b.txt").write_text(partial)
    archive.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
    cable = archive.get("06ALMATY1703")
    assert cable is not None
    assert cable.record["partial"] is False
    assert len(cable.versions) == 2


def test_aliases_find_malformed_ids_and_nara_numbers(archive: Archive, shared_dir: Path) -> None:
    archive.ingest([shared_file(shared_dir, SAMPLE), EXAMPLES / "nara"])
    libreville = archive.get("7575LIBREVILLE1895")
    assert libreville is not None and libreville.id == "75LIBREVILLE1895"
    nara = archive.get("1975ANKARA08123")
    assert nara is not None and nara.id == "75ANKARA8123"
    assert archive.get("06 ALMATY 2549") is None  # not in this archive
    assert archive.get("nonsense") is None


def test_documents_without_a_cable_are_reported_not_stored(
    archive: Archive, tmp_path: Path
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "notes.md").write_text("# My notes\n\nNothing to see here.\n")
    (inputs / "noid.txt").write_text("SUBJECT: A SUBJECT WITHOUT ANY CABLE AROUND IT\n")
    summary = archive.ingest([inputs])
    assert (summary.read, summary.failed, summary.new) == (2, 2, 0)
    assert any("noid.txt: no cable id" in f for f in summary.failures)
    assert any("notes.md: no cable found" in f for f in summary.failures)
    assert archive.count() == 0


def test_schema_version_is_recorded_and_a_newer_archive_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    Archive.open(folder).close()
    conn = sqlite3.connect(folder / DATABASE)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaError, match="newer than this cablearchive"):
        Archive.open(folder)


def test_opening_a_missing_archive_without_create_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no archive at"):
        Archive.open(tmp_path / "nowhere", create=False)
    assert not (tmp_path / "nowhere").exists()


def test_a_killed_ingest_leaves_an_archive_that_opens_and_completes(
    tmp_path: Path, shared_dir: Path
) -> None:
    site = shared_file(shared_dir, SITE)
    folder = tmp_path / "archive"
    command = [sys.executable, "-m", "cablearchive", "ingest", "--json", "-j", "1",
               "--archive", str(folder), str(site)]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it once some batches are written, long before it ends.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if (folder / DATABASE).exists() and stored_count(folder) >= 500:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # A first ingest is a bulk load: killed, it left the read indexes out...
    assert _indexes(folder) & set(SECONDARY_INDEXES) == set()
    with Archive.open(folder) as archive:
        # ...and any writer that opens the archive builds them.
        assert set(SECONDARY_INDEXES) <= _indexes(folder)
        killed_at = archive.count()
        assert 500 <= killed_at < 6709
        conn = sqlite3.connect(folder / DATABASE)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        summary = archive.ingest([site], jobs=2)
        assert summary.failed == 0
        assert summary.new == 6709 - killed_at
        assert archive.count() == 6709


def _indexes(folder: Path) -> set[str]:
    conn = sqlite3.connect(folder / DATABASE)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    finally:
        conn.close()


def test_cli_ingest_show_and_stats(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = str(tmp_path / "archive")
    result = runner.invoke(main, ["ingest", "--json", "-j", "1", "--archive", folder,
                                  str(EXAMPLES)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["new"] == 9
    shown = runner.invoke(main, ["show", "--json", "--archive", folder, "09ankara718"])
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.output)
    assert record["id"] == "09ANKARA718"
    assert record["references"][0]["status"] == "resolved"
    assert "09ISTANBUL176" in record["cited_by"]
    assert record["versions"][0]["sources"][0]["path"].endswith("09ANKARA718.txt")
    text = runner.invoke(main, ["show", "--text", "--archive", folder, "09ANKARA718"])
    assert "C O N F I D E N T I A L" in text.output
    stats = json.loads(runner.invoke(main, ["stats", "--json", "--archive", folder]).output)
    assert stats["cables"] == 9 and stats["by_tag"]["PREL"] >= 5
    missing = runner.invoke(main, ["show", "--archive", folder, "99NOWHERE1"])
    assert missing.exit_code == 1
    assert "no cable '99NOWHERE1'" in missing.output
    env = {**os.environ, "CABLES_ARCHIVE": folder}
    via_env = runner.invoke(main, ["show", "09ANKARA718"], env=env)
    assert via_env.exit_code == 0 and via_env.output.startswith("09ANKARA718")


def test_ingesting_a_folder_that_holds_the_archive_skips_the_archive(tmp_path: Path) -> None:
    # `cables ingest .` with the default archive `./cables-archive` inside `.`.
    (tmp_path / "cables").mkdir()
    (tmp_path / "cables" / "a.txt").write_text((EXAMPLES / "text" / "09ANKARA718.txt").read_text())
    with Archive.open(tmp_path / "cables-archive") as archive:
        summary = archive.ingest([tmp_path])
        again = archive.ingest([tmp_path])
    assert (summary.new, summary.failed) == (1, 1)
    assert summary.failures == [
        f"{tmp_path / 'cables-archive'}: the archive's own folder; not read"
    ]
    assert (again.unchanged, again.failed) == (1, 1)


def test_one_ingest_with_two_texts_of_one_id_keeps_both_versions(
    tmp_path: Path, shared_dir: Path
) -> None:
    # The first text of an id new to the archive is stored with the other new cables of its
    # batch in a few statements; the second must still become its second version.
    seed = shared_file(shared_dir, SEED_000).read_text(encoding="utf-8")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(seed, encoding="utf-8")
    second.write_text(seed.replace("ALMATY 1946", "ALMATY 1947"), encoding="utf-8")
    respaced = tmp_path / "c.txt"
    respaced.write_text(seed.replace("\n", "\n\n"), encoding="utf-8")  # the same version
    with Archive.open(tmp_path / "archive") as archive:
        summary = archive.ingest([first, second, respaced])
        assert (summary.new, summary.updated, summary.unchanged) == (1, 1, 1)
        (cable_id,) = [r["id"] for r in archive.records()]
        stored = archive.get(cable_id)
        assert stored is not None
        assert [v.number for v in stored.versions] == [1, 2]
        assert [len(v.sources) for v in stored.versions] == [2, 1]
        assert archive.search(f"id:{cable_id}").total == 1


def test_a_first_ingest_is_a_bulk_load_that_ends_with_every_index(
    tmp_path: Path, shared_dir: Path
) -> None:
    site = shared_file(shared_dir, SITE)
    folder = tmp_path / "archive"
    seen: list[tuple[str, int]] = []
    with Archive.open(folder) as archive:
        assert archive._bulk_worthy([str(site)])
        archive.ingest([site], jobs=2, progress=lambda s: seen.append(s.at))
        assert not archive._bulk_worthy([str(site)])  # the archive is as large as it now
    assert set(SECONDARY_INDEXES) <= _indexes(folder)
    # Progress names the archive read; its members have no offset of their own.
    assert len(seen) >= 6712 // 200 and {path for path, _ in seen} == {str(site)}
    with Archive.open(folder, create=False, reader=True) as reader:
        assert reader.count() == 6709
        assert reader.search("tag:PTER").total > 100
        plan = reader._conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM cables WHERE origin = ? ORDER BY created",
            ("Embassy Ankara",),
        ).fetchall()
        assert "cables_origin_created" in str(plan)
        stored_people = reader._conn.execute(
            "SELECT id, key, name, surname, cables, signer, classifier, tagged, mentioned,"
            " first, last, detail FROM people ORDER BY id"
        ).fetchall()
        state = reader.people_state()
    # The load grouped its people in a process of its own (jobs=2): as this one groups them.
    here = people.compute_apart(folder / DATABASE)
    assert here.rows is not None and len(stored_people) > 1000
    assert stored_people == [tuple(row) for row in here.rows.people]
    assert state is not None and state.current and state.people == len(stored_people)


def test_the_people_are_grouped_here_when_their_process_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Archive.open(tmp_path / "archive") as archive:
        archive.ingest([EXAMPLES])
    database = tmp_path / "archive" / DATABASE
    expected = people.compute_apart(database).rows
    apart = archive_module.run_apart("cablearchive.store.people:rows_apart", str(database))
    assert apart.people == [] and apart.rows == expected  # crossed back, people as rows only

    def fails(target: str, *args: str) -> object:
        raise ApartFailed(f"{target} ended with status -9: no message")

    monkeypatch.setattr(archive_module, "run_apart", fails)
    assert archive_module._group_in_process(database).rows == expected


def test_progress_follows_the_offset_in_one_file_and_adds_the_files_read() -> None:
    position = InputPosition({"a.csv": 1000, "b.csv": 500})
    assert position.advance("a.csv", 200) == 200
    assert position.advance("a.csv", 900) == 900
    assert position.advance("b.csv", 100) == 1100
    assert position.advance("b.csv", -1) == 1000  # a whole file: counted when done
