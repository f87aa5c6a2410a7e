"""Exact nearest neighbours over int8 vectors: the same neighbours as float32 cosine on real
LSA vectors of Cablegate cables, filters honoured, and no neighbours for a zero query."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cablearchive.parse import Cable
from cablearchive.pipeline import cable_from_document
from cablearchive.sources import RawDocument, iter_documents
from cablearchive.vectors import LsaModel
from cablearchive.vectors.embedding import cable_text
from cablearchive.vectors.index import VectorIndex, quantize
from tests.shared import SITE_CORPUS, shared_file


@pytest.fixture(scope="module")
def vectors(shared_dir: Path) -> np.ndarray:
    """Unit vectors of 300 real cables, by an LSA model of 64 dimensions trained on them."""
    docs = iter_documents([shared_file(shared_dir, SITE_CORPUS)])
    texts = []
    for doc in itertools.islice(docs, 300):
        cable = cable_from_document(doc) if isinstance(doc, RawDocument) else None
        if isinstance(cable, Cable) and cable.paragraphs:
            texts.append(cable_text(cable.subject, [p.text for p in cable.paragraphs]))
    return LsaModel.fit(texts, 64).embed(texts)


def _index(vectors: np.ndarray) -> VectorIndex:
    data, scales = quantize(vectors)
    return VectorIndex(tuple(f"c{i}" for i in range(len(vectors))), data, scales)


def test_int8_finds_the_neighbours_float32_finds(vectors: np.ndarray) -> None:
    index = _index(vectors)
    same = 0
    for row in range(0, len(vectors), 7):
        exact = np.argsort(-(vectors @ vectors[row]), kind="stable")[:10]
        found = [r for r, _ in index.nearest(vectors[row], 10)]
        same += len(set(found) & set(int(e) for e in exact))
        # The scores are cosines within the quantization's error.
        for r, score in index.nearest(vectors[row], 3):
            assert abs(score - float(vectors[r] @ vectors[row])) < 0.02
    asked = len(range(0, len(vectors), 7))
    assert same / (10 * asked) > 0.97


def test_a_cable_is_nearest_itself_and_scores_fall(vectors: np.ndarray) -> None:
    index = _index(vectors)
    found = index.nearest(index.vector(5), 20)
    assert found[0][0] == 5 and found[0][1] > 0.98
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)


def test_only_the_rows_allowed(vectors: np.ndarray) -> None:
    index = _index(vectors)
    allowed = list(range(1, len(vectors), 3))
    found = index.nearest(vectors[0], 15, allowed)
    assert len(found) == 15 and {r for r, _ in found} <= set(allowed)
    best = max(allowed, key=lambda r: float(vectors[r] @ vectors[0]))
    assert found[0][0] == best
    assert index.nearest(vectors[0], 5, []) == []


def test_no_neighbours_for_a_zero_query_or_an_empty_index(vectors: np.ndarray) -> None:
    index = _index(vectors)
    assert index.nearest(np.zeros(vectors.shape[1], dtype=np.float32), 5) == []
    empty = VectorIndex((), np.zeros((0, 64), dtype=np.int8), np.zeros(0, dtype=np.float32))
    assert empty.nearest(vectors[0], 5) == []


@settings(max_examples=50, deadline=None)
@given(
    arrays(
        np.float32,
        st.tuples(st.integers(1, 20), st.integers(1, 16)),
        elements=st.floats(-1, 1, width=32),
    )
)
def test_quantized_rows_keep_their_direction(rows: np.ndarray) -> None:
    data, scales = quantize(rows)
    back = data.astype(np.float32) * scales.reshape(-1, 1)
    for original, restored, scale in zip(rows, back, scales, strict=True):
        peak = float(np.abs(original).max())
        assert scale == pytest.approx(peak / 127, rel=1e-6)
        # Every component within half a step of the original.
        assert np.all(np.abs(original - restored) <= scale / 2 + 1e-7)


def test_blocks_of_int8_find_what_the_float32_copy_finds(
    vectors: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond DENSE_BUDGET (millions of cables) the int8 rows are converted block by block."""
    from cablearchive.vectors import index as module

    dense = _index(vectors)
    assert dense.dense is not None  # made now, before the budget is cut
    monkeypatch.setattr(module, "DENSE_BUDGET", 0)
    monkeypatch.setattr(module, "_BLOCK", 64)
    blocks = _index(vectors)
    assert blocks.dense is None
    allowed = list(range(0, len(vectors), 2))
    for row in (0, 17, 101):
        for rows in (None, allowed):
            a = dense.nearest(vectors[row], 12, rows)
            b = blocks.nearest(vectors[row], 12, rows)
            assert [r for r, _ in a] == [r for r, _ in b]
            assert np.allclose([s for _, s in a], [s for _, s in b], atol=1e-5)
