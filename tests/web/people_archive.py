"""The people tests' archive: the 528 pages of the shared Cablegate corpus sent from Almaty,
Astana and Cairo in 2006-2010 (as tests/store/test_person_records.py builds it), where
Margaret Scobey signs and classifies, John Ordway signs, and Hosni Mubarak is named by title.
Built once a module, into a real SQLite file and tantivy index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cablearchive.store import Archive
from cablearchive.web import create_app
from tests.shared import people_archive_folder


@pytest.fixture(scope="module")
def people_dir(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    return people_archive_folder(tmp_path_factory, shared_dir)


@pytest.fixture(scope="module")
def people_archive(people_dir: Path) -> Iterator[Archive]:
    """The archive read directly: what the pages should show."""
    with Archive.open(people_dir, create=False, reader=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def people_client(people_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(people_dir)) as test_client:
        yield test_client
