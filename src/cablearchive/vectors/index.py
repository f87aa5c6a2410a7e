"""Exact nearest neighbours over int8 vectors: the cables most like a vector, by cosine.

Why exact and int8: at 251,287 cables of 256 dimensions the matrix is 64 MB, and one product
of it with a query vector, in blocks converted to float32, takes a few milliseconds on one
core; an approximate graph (usearch's HNSW) answers faster at millions of vectors but costs
minutes to build after every ingest and misses some neighbours (see benchmarks/similar.py).
Each vector is stored as `round(v / scale)` with `scale = max|v| / 127`, so that its largest
component keeps its full precision. Pure: arrays in, positions and scores out.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Rows scored at once: a block of float32 small enough to stay in the CPU's cache-friendly
# range, large enough that the product runs at BLAS speed.
_BLOCK = 32_768
# Vectors are also held as float32 where those take at most this much memory: converting the
# int8 rows for every query took 19 of the 26 ms a query of 251,287 cables took (float32: 8 ms,
# for 257 MB more). Beyond it (millions of cables) the int8 rows are converted block by block.
DENSE_BUDGET = 384 * 2**20


def quantize(
    vectors: npt.NDArray[np.float32],
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """Each row as int8 and its scale (0 for a zero row)."""
    peaks = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, dtype=np.float32)
    scales = (peaks / 127.0).astype(np.float32)
    safe = np.where(scales > 0, scales, 1.0).reshape(-1, 1)
    data = np.clip(np.rint(vectors / safe), -127, 127).astype(np.int8)
    return data, scales


@dataclass(frozen=True)
class VectorIndex:
    """The vectors of `ids`, row by row: int8 `data` times `scales`."""

    ids: tuple[str, ...]
    data: npt.NDArray[np.int8]  # n x dim
    scales: npt.NDArray[np.float32]  # n

    @property
    def dim(self) -> int:
        return int(self.data.shape[1]) if self.data.ndim == 2 else 0

    @functools.cached_property
    def dense(self) -> npt.NDArray[np.float32] | None:
        """The vectors as float32 (data times scale), where they fit DENSE_BUDGET."""
        if self.data.size * 4 > DENSE_BUDGET:
            return None
        rows: npt.NDArray[np.float32] = self.data.astype(np.float32)
        rows *= self.scales.reshape(-1, 1)
        return rows

    @functools.cached_property
    def positions(self) -> dict[str, int]:
        """Each id's row (built once an index: 251,287 ids take tens of milliseconds)."""
        return {cable_id: i for i, cable_id in enumerate(self.ids)}

    def vector(self, row: int) -> npt.NDArray[np.float32]:
        vector: npt.NDArray[np.float32] = self.data[row].astype(np.float32) * self.scales[row]
        return vector

    def nearest(
        self,
        query: npt.NDArray[np.float32],
        k: int,
        rows: Sequence[int] | npt.NDArray[np.int64] | None = None,
    ) -> list[tuple[int, float]]:
        """The `k` rows most like `query` (a unit vector) by cosine, best first, among `rows`
        (all when None): (row, cosine). A zero query is like nothing: no rows."""
        if k <= 0 or not len(self.ids) or not np.any(query):
            return []
        query = query.astype(np.float32)
        chosen = None if rows is None else np.asarray(rows, dtype=np.int64)
        n = len(self.ids) if chosen is None else len(chosen)
        if n == 0:
            return []
        dense = self.dense
        if dense is not None:
            scores = dense @ query if chosen is None else dense[chosen] @ query
        else:
            scores = np.empty(n, dtype=np.float32)
            for at in range(0, n, _BLOCK):
                part = slice(at, at + _BLOCK) if chosen is None else chosen[at : at + _BLOCK]
                scores[at : at + _BLOCK] = self.data[part].astype(np.float32) @ query
            scores *= self.scales if chosen is None else self.scales[chosen]
        take = min(k, n)
        top = np.argpartition(-scores, take - 1)[:take]
        top = top[np.argsort(-scores[top], kind="stable")]
        found = top if chosen is None else chosen[top]
        return [(int(r), float(scores[t])) for r, t in zip(found, top, strict=True)]
