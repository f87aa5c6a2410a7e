"""A damaged archive, on real files: bytes of its SQLite file overwritten. Every command says
the archive is damaged and what to do, in one line with a non-zero status, never a traceback;
the viewer answers 503 pages that say the same."""

from __future__ import annotations

import shutil
from pathlib import Path

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
    [["stats"], ["show", "09ANKARA718"], ["ingest", str(EXAMPLES)], ["export", "-o", "x.csv"]],
)
def test_every_command_says_the_archive_is_damaged(
    damaged: Path, tmp_path: Path, command: list[str]
) -> None:
    folder = shutil.copytree(damaged, tmp_path / "archive")
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
