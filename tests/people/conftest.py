"""What the people tests share: the NARA telegrams, some Cablegate cables, and a people model
trained on them small and fast (3 iterations, 12 silver cables, about 35 s; each test process
trains its own)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from cablearchive.people.evaluate import split_of
from cablearchive.people.model import ModelInfo, cable_texts, choose_silver, train_person_model
from cablearchive.sources import RawDocument, iter_documents
from tests.shared import SITE_CORPUS, shared_file

NARA = "corpora/nara-cfpf-1973-1979-entities.tar.xz"


@pytest.fixture(scope="session")
def nara(shared_dir: Path) -> list[RawDocument]:
    docs = iter_documents([shared_file(shared_dir, NARA)])
    return [d for d in docs if isinstance(d, RawDocument)]


@pytest.fixture(scope="session")
def site_texts(shared_dir: Path) -> list[str]:
    """The paragraphs of the first 300 Cablegate pages that parse, one text a cable."""
    docs = iter_documents([shared_file(shared_dir, SITE_CORPUS)])
    pages = (d for d in itertools.islice(docs, 300) if isinstance(d, RawDocument))
    return list(cable_texts(pages))


@pytest.fixture(scope="session")
def trained(
    nara: list[RawDocument], site_texts: list[str], tmp_path_factory: pytest.TempPathFactory
) -> ModelInfo:
    out = tmp_path_factory.mktemp("model") / "people"
    silver = choose_silver(site_texts, 12, seed=1)
    return train_person_model(nara, out, seed=1, iterations=3, silver=silver)


@pytest.fixture(scope="session")
def dev(nara: list[RawDocument]) -> list[RawDocument]:
    return [d for d in nara if split_of(d) == "dev"]
