"""The text model trained on the archive's own cables (TF-IDF reduced by SVD), on 400 real
Cablegate cables: unit vectors, deterministic, saved and loaded alike, and cables that share
their matter nearer than others."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from cablearchive.parse import Cable
from cablearchive.pipeline import cable_from_document
from cablearchive.sources import RawDocument, iter_documents
from cablearchive.vectors import LsaModel, lsa_tokens, passages_of
from tests.shared import SITE_CORPUS, shared_file


@pytest.fixture(scope="module")
def texts(shared_dir: Path) -> list[str]:
    docs = iter_documents([shared_file(shared_dir, SITE_CORPUS)])
    out = []
    for doc in itertools.islice(docs, 400):
        cable = cable_from_document(doc) if isinstance(doc, RawDocument) else None
        if isinstance(cable, Cable) and cable.paragraphs:
            passages = passages_of(cable.subject, [p.text for p in cable.paragraphs])
            out.append(" ".join(p.text for p in passages))
    return out


@pytest.fixture(scope="module")
def model(texts: list[str]) -> LsaModel:
    return LsaModel.fit(texts, 64)


def test_words_are_letters_in_lower_case() -> None:
    assert lsa_tokens("GOK's demarche re: STATE 12345, 2006 Tokayev-led") == [
        "gok's", "demarche", "re", "state", "tokayev", "led"
    ]  # fmt: skip


def test_vectors_are_unit_and_the_same_each_time(model: LsaModel, texts: list[str]) -> None:
    vectors = model.embed(texts[:50])
    assert vectors.shape == (50, 64) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    again = LsaModel.fit(texts, 64)
    assert again.version == model.version and model.version.startswith("1+")
    assert np.allclose(again.embed(texts[:50]), vectors, atol=1e-5)
    assert model.name == "lsa-64"


def test_a_text_of_no_known_word_is_a_zero_vector(model: LsaModel) -> None:
    vectors = model.embed(["", "12345 6789", "xqzv wkrp"])
    assert not vectors.any()


def test_saved_and_loaded_it_embeds_alike(
    model: LsaModel, texts: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "lsa.npz"
    model.save(path)
    loaded = LsaModel.load(path)
    assert loaded.version == model.version and loaded.vocabulary == model.vocabulary
    assert np.array_equal(loaded.embed(texts[:20]), model.embed(texts[:20]))


def test_a_cable_is_nearest_to_its_own_first_half(model: LsaModel, texts: list[str]) -> None:
    """The first half of each of 100 cables finds its own cable first in most cases: the
    vectors carry what a cable is about."""
    long = [t for t in texts if len(t) > 2000][:100]
    whole = model.embed(long)
    halves = model.embed([t[: len(t) // 2] for t in long])
    nearest = np.argmax(halves @ whole.T, axis=1)
    assert np.mean(nearest == np.arange(len(long))) > 0.8
