"""What the people tests share: the NARA telegrams, and a people model trained on them small
and fast (3 iterations, about 30 s; each test process trains its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablearchive.people.evaluate import split_of
from cablearchive.people.model import ModelInfo, train_person_model
from cablearchive.sources import RawDocument, iter_documents
from tests.shared import shared_file

NARA = "corpora/nara-cfpf-1973-1979-entities.tar.xz"


@pytest.fixture(scope="session")
def nara(shared_dir: Path) -> list[RawDocument]:
    docs = iter_documents([shared_file(shared_dir, NARA)])
    return [d for d in docs if isinstance(d, RawDocument)]


@pytest.fixture(scope="session")
def trained(nara: list[RawDocument], tmp_path_factory: pytest.TempPathFactory) -> ModelInfo:
    out = tmp_path_factory.mktemp("model") / "people"
    return train_person_model(nara, out, seed=1, iterations=3)


@pytest.fixture(scope="session")
def dev(nara: list[RawDocument]) -> list[RawDocument]:
    return [d for d in nara if split_of(d) == "dev"]
