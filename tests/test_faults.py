"""A damaged archive, on real files: bytes of its SQLite file overwritten. Every command says
the archive is damaged and what to do, in one line with a non-zero status, never a traceback;
the viewer answers 503 pages that say the same."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from cablearchive.cli import main
from cablearchive.store import Archive
from cablearchive.store.archive import DATABASE
from cablearchive.web import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("damaged") / "archive"
    with Archive.open(folder) as archive:
        assert archive.ingest([EXAMPLES]).new == 9
    path = folder / DATABASE
    data = bytearray(path.read_bytes())
    # Half a kilobyte at every other page after the schema's: tables and indexes alike.
    for offset in range(3 * 4096, min(len(data), 40 * 4096), 2 * 4096):
        data[offset : offset + 512] = b"\xff" * 512
    path.write_bytes(bytes(data))
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["show", "09ANKARA718"],
        ["search", "Ankara"],
        ["ingest", str(EXAMPLES)],
        ["export", "-o", "x.csv"],
    ],
)
def test_every_command_says_the_archive_is_damaged(
    damaged: Path, tmp_path: Path, command: list[str]
) -> None:
    folder = shutil.copytree(damaged, tmp_path / "archive")
    # What a command writes goes to the test's folder, not to where the tests run.
    command = [str(tmp_path / a) if a.endswith(".csv") else a for a in command]
    result = CliRunner().invoke(main, [*command, "--archive", str(folder)])
    assert result.exit_code == 1, result.output
    assert "the archive's database is damaged" in result.output
    assert "restore it from a copy" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_viewer_answers_503_pages_that_say_so(damaged: Path) -> None:
    with TestClient(create_app(damaged), raise_server_exceptions=False) as client:
        statuses = {}
        for url in ("/", "/cable/09ANKARA718", "/api/cables/09ANKARA718", "/browse/origin"):
            response = client.get(url)
            statuses[url] = response.status_code
            assert response.status_code in (200, 503), (url, response.status_code)
            if response.status_code == 503:
                assert "damaged" in response.text
        assert 503 in statuses.values(), statuses
        api = client.get("/api/cables/09ANKARA718")
        if api.status_code == 503:
            assert api.json()["status"] == 503 and "damaged" in api.json()["error"]


def _examples_archive(folder: Path) -> Path:
    with Archive.open(folder) as archive:
        assert archive.ingest([EXAMPLES]).new == 9
    return folder


def _check(folder: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", "--json", "--archive", str(folder)])
    return result.exit_code, json.loads(result.output)


def _faults(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["part"]: f for f in report["findings"] if not f["ok"]}


def test_check_finds_a_whole_archive_whole(tmp_path: Path) -> None:
    code, report = _check(_examples_archive(tmp_path / "archive"))
    assert code == 0 and report["ok"] and not _faults(report)
    assert {f["part"] for f in report["findings"]} == {"database", "schema", "texts", "index"}


def test_check_names_each_fault(damaged: Path, tmp_path: Path) -> None:
    code, report = _check(damaged)
    assert code == 1 and "damaged" in _faults(report)["database"]["detail"]
    # A stored text altered: named by its cable.
    folder = _examples_archive(tmp_path / "texts")
    conn = sqlite3.connect(folder / DATABASE)
    conn.execute("UPDATE versions SET text = zeroblob(40) WHERE cable_id = '09SOFIA293'")
    conn.commit()
    conn.close()
    code, report = _check(folder)
    assert code == 1 and set(_faults(report)) == {"texts"}
    assert _faults(report)["texts"]["ids"] == ["09SOFIA293"]
    # The index gone, then rebuilt by the command the check names.
    folder = _examples_archive(tmp_path / "index")
    shutil.rmtree(folder / "index")
    code, report = _check(folder)
    assert code == 1 and "`cables reindex`" in _faults(report)["index"]["detail"]
    assert CliRunner().invoke(main, ["reindex", "--archive", str(folder)]).exit_code == 0
    assert _check(folder)[0] == 0
    # Not an archive at all.
    code, report = _check(tmp_path / "nothing")
    assert code == 1 and "no archive at" in _faults(report)["database"]["detail"]


def test_the_viewer_recovers_without_a_restart_once_the_archive_is_repaired(
    damaged: Path, tmp_path: Path
) -> None:
    folder = _examples_archive(tmp_path / "archive")
    with TestClient(create_app(folder), raise_server_exceptions=False) as client:
        assert client.get("/cable/09ANKARA718").status_code == 200
        # The database replaced under the server by a damaged one (as a bad copy or disk
        # would leave it): its pages say so.
        shutil.copyfile(damaged / DATABASE, folder / "incoming")
        (folder / "incoming").replace(folder / DATABASE)
        statuses = {
            client.get(u).status_code for u in ("/", "/cable/09ANKARA718", "/browse/origin")
        }
        assert 503 in statuses
        # Repaired meanwhile, by another command (so damaged that nothing of it reads, not
        # even where its cables came from: named): the next requests are answered again.
        command = ["repair", "--archive", str(folder), "--source", str(EXAMPLES)]
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        page = client.get("/cable/09ANKARA718")
        assert page.status_code == 200 and "09ANKARA718" in page.text
        assert client.get("/api/search", params={"q": "Ankara"}).json()["total"] > 0


def test_a_database_of_something_else_is_never_written(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    conn = sqlite3.connect(folder / DATABASE)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    for command in (["stats"], ["ingest", str(EXAMPLES)]):
        result = CliRunner().invoke(main, [*command, "--archive", str(folder)])
        assert result.exit_code == 1, result.output
        assert "not a cablearchive archive" in result.output and "photos" in result.output
    conn = sqlite3.connect(folder / DATABASE)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["photos"]
    conn.close()


def test_the_viewer_says_search_is_unavailable_while_the_index_is_gone(tmp_path: Path) -> None:
    folder = _examples_archive(tmp_path / "archive")
    with TestClient(create_app(folder), raise_server_exceptions=False) as client:
        assert client.get("/api/search", params={"q": "Ankara"}).json()["total"] > 0
        shutil.rmtree(folder / "index")
        gone = client.get("/api/search", params={"q": "Ankara"})
        assert gone.status_code == 503, gone.text
        assert "search" in gone.json()["error"]
        assert client.get("/cable/09ANKARA718").status_code == 200  # the rest still reads
        assert CliRunner().invoke(main, ["reindex", "--archive", str(folder)]).exit_code == 0
        back = client.get("/api/search", params={"q": "Ankara"})
        assert back.status_code == 200 and back.json()["total"] > 0
