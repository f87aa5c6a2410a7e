"""One real archive for the web tests: the examples, both seeds (one of them in two versions),
the 2011-08 site sample, and three Cablegate pages with the people's fields of the parser's
second pass set (tests/store/people.py), stored once per test session into a real SQLite file
and a real tantivy index, embedded for similar cables (`cables embed`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cablearchive.sources import RawDocument, iter_documents
from cablearchive.store import Archive
from cablearchive.web import create_app
from tests.shared import shared_file
from tests.store.people import people_cables
from tests.web.cables import SEEDS, records_of

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SAMPLE = "corpora/cablegate-site-2011-08-sample.tar.xz"
# A later text of seed 001 (06ALMATY1703), so the archive holds a cable with two versions.
EDIT = ("position.", "position on the MLAT.")


@pytest.fixture(scope="session")
def archive_dir(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("web") / "archive"
    seeds = [shared_file(shared_dir, s) for s in SEEDS.values()]
    later = tmp_path_factory.mktemp("later") / "06ALMATY1703-later.txt"
    later.write_text(seeds[1].read_text(encoding="utf-8").replace(*EDIT), encoding="utf-8")
    with Archive.open(folder) as archive:
        summary = archive.ingest([EXAMPLES, *seeds, shared_file(shared_dir, SAMPLE)])
        assert summary.failed == 0, summary.failures
        pages = tmp_path_factory.mktemp("people")
        assert archive.add(people_cables(shared_dir, pages)).new == 3
        # The text model for similar cables, before the later text: its ingest embeds it.
        assert archive.embed().stored == summary.new + 3
        assert archive.ingest([later]).embedded == 1
    return folder


@pytest.fixture(scope="module")
def archive(archive_dir: Path) -> Iterator[Archive]:
    """The same archive, read directly: what the pages should show."""
    with Archive.open(archive_dir, create=False, reader=True) as opened:
        yield opened


@pytest.fixture(scope="session")
def client(archive_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(archive_dir)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def seed(shared_dir: Path) -> dict[str, dict[str, Any]]:
    """The two seeds' records, by id."""
    out: dict[str, dict[str, Any]] = {}
    for cable_id, relative in SEEDS.items():
        out.update(records_of(shared_file(shared_dir, relative)))
        assert cable_id in out
    return out


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> dict[str, str]:
    """The seeds' texts as the archive stores them (the reader's text, not the file)."""
    out: dict[str, str] = {}
    for cable_id, relative in SEEDS.items():
        (doc,) = list(iter_documents([shared_file(shared_dir, relative)]))
        assert isinstance(doc, RawDocument)
        out[cable_id] = doc.text
    return out
