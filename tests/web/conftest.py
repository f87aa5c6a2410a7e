"""One real archive for the web tests: the examples, both seeds (one of them in two versions)
and the 2011-08 site sample, ingested once per test session into a real SQLite file and a real
tantivy index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cablearchive.store import Archive
from cablearchive.web import create_app
from tests.shared import shared_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEEDS = ("seeds/000_b6366df431a4d317.txt", "seeds/001_f39073fb4f33a29e.txt")
SAMPLE = "corpora/cablegate-site-2011-08-sample.tar.xz"
# A later text of seed 001 (06ALMATY1703), so the archive holds a cable with two versions.
EDIT = ("position.", "position on the MLAT.")


@pytest.fixture(scope="session")
def archive_dir(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("web") / "archive"
    seeds = [shared_file(shared_dir, s) for s in SEEDS]
    later = tmp_path_factory.mktemp("later") / "06ALMATY1703-later.txt"
    later.write_text(seeds[1].read_text(encoding="utf-8").replace(*EDIT), encoding="utf-8")
    with Archive.open(folder) as archive:
        summary = archive.ingest([EXAMPLES, *seeds, shared_file(shared_dir, SAMPLE)])
        assert summary.failed == 0, summary.failures
        archive.ingest([later])
    return folder


@pytest.fixture(scope="session")
def client(archive_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(archive_dir)) as test_client:
        yield test_client
