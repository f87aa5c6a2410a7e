"""A text model trained on the archive's own cables: TF-IDF over their words, reduced by a
truncated SVD to a few hundred dimensions (latent semantic analysis).

Why: it needs nothing downloaded, learns the cables' own vocabulary (`GOK`, `demarche`,
`septel`), and embeds a cable with one sparse product. Words: runs of letters (two or more;
no digits, so that serial numbers and dates say nothing), lower case. Terms: those in at
least `min_df` texts and at most `max_df` of them, the `max_terms` most frequent. The SVD is
randomized (Halko, Martinsson and Tropp, 2011: a random projection, power iterations, then an
exact SVD of the small matrix), deterministic for a seed. Pure: texts in, vectors out.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

_WORD = re.compile(r"[a-z][a-z'’]*[a-z]")
MODEL_KIND = "lsa"
LSA_VERSION = 1  # raise when what the model computes changes

Matrix = npt.NDArray[np.float32]
_FIT_BLOCK = 2_000  # texts counted at once while the model is trained


def lsa_tokens(text: str) -> list[str]:
    """The words of `text` as the model counts them."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class LsaModel:
    vocabulary: dict[str, int]  # term -> column
    idf: npt.NDArray[np.float32]  # one a term
    components: Matrix  # dim x terms: the SVD's right singular vectors
    version: str  # `1+<hash of settings and terms>`
    trained_on: int = 0  # texts it learnt from

    @functools.cached_property
    def projection(self) -> Matrix:
        """The components as terms x dim, each term's row contiguous: a text's product reads
        one row a word (the components' columns, strided, made it ten times slower)."""
        return np.ascontiguousarray(self.components.T)

    @property
    def dim(self) -> int:
        return int(self.components.shape[0])

    @property
    def name(self) -> str:
        return f"{MODEL_KIND}-{self.dim}"

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        dim: int = 256,
        *,
        min_df: int = 2,
        max_df: float = 0.5,
        max_terms: int = 50_000,
        seed: int = 0,
        power_iterations: int = 3,
    ) -> LsaModel:
        """Learn the terms, their weights and the reduction from `texts` (read twice: the
        words of 30,000 cables counted at once, one Counter a cable, took 1.5 GB)."""
        df: Counter[str] = Counter()
        for t in texts:
            df.update(set(lsa_tokens(t)))
        n = len(texts)
        kept = [t for t, d in df.items() if min_df <= d <= max_df * n]
        kept.sort(key=lambda t: (-df[t], t))
        kept = sorted(kept[:max_terms])
        vocabulary = {t: i for i, t in enumerate(kept)}
        idf = np.array([np.log((1 + n) / (1 + df[t])) + 1 for t in kept], dtype=np.float32)

        x = sparse.vstack(
            [
                tfidf_rows(
                    [Counter(lsa_tokens(t)) for t in texts[at : at + _FIT_BLOCK]], vocabulary, idf
                )
                for at in range(0, n, _FIT_BLOCK)
            ],
            format="csr",
        )
        k = min(dim, min(x.shape) - 1)
        components = _randomized_svd(x, k, seed, power_iterations)
        digest = hashlib.sha256(
            json.dumps([LSA_VERSION, k, min_df, max_df, max_terms, seed, power_iterations]).encode()
        )
        digest.update("\n".join(kept).encode())
        digest.update(components[:, :50].tobytes())
        version = f"{LSA_VERSION}+{digest.hexdigest()[:12]}"
        return cls(vocabulary, idf, components, version, n)

    def embed(self, texts: Iterable[str]) -> Matrix:
        """One unit vector a text (a zero vector for a text of no known word)."""
        counts = [Counter(lsa_tokens(t)) for t in texts]
        x = tfidf_rows(counts, self.vocabulary, self.idf)
        vectors = np.asarray(x @ self.projection, dtype=np.float32)
        return _unit(vectors)

    def save(self, path: Path) -> None:
        """To one `.npz` file (no pickle: loading it runs no code)."""
        terms = np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__))
        meta = json.dumps(
            {"kind": MODEL_KIND, "version": self.version, "trained_on": self.trained_on}
        )
        with path.open("wb") as out:
            np.savez(out, terms=terms, idf=self.idf, components=self.components, meta=meta)

    @classmethod
    def load(cls, path: Path) -> LsaModel:
        with np.load(path, allow_pickle=False) as data:
            meta: dict[str, Any] = json.loads(str(data["meta"]))
            terms = [str(t) for t in data["terms"]]
            return cls(
                {t: i for i, t in enumerate(terms)},
                data["idf"].astype(np.float32),
                data["components"].astype(np.float32),
                str(meta["version"]),
                int(meta.get("trained_on", 0)),
            )


def tfidf_rows(
    counts: Sequence[Counter[str]], vocabulary: dict[str, int], idf: npt.NDArray[np.float32]
) -> sparse.csr_matrix:
    """Rows of sublinear term frequency times idf, each of unit length (the arithmetic on
    arrays: per term in Python, it cost more than the product that follows)."""
    indptr = [0]
    indices: list[int] = []
    frequencies: list[int] = []
    for c in counts:
        for term, count in c.items():
            col = vocabulary.get(term)
            if col is not None:
                indices.append(col)
                frequencies.append(count)
        indptr.append(len(indices))
    columns = np.array(indices, dtype=np.int32)
    values = (1.0 + np.log(np.array(frequencies, dtype=np.float32))) * idf[columns]
    rows = np.repeat(np.arange(len(counts)), np.diff(indptr))
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(counts)))
    norms[norms == 0] = 1.0
    values = (values / norms[rows]).astype(np.float32)
    return sparse.csr_matrix(
        (values, columns, np.array(indptr, dtype=np.int64)),
        shape=(len(counts), len(vocabulary)),
        dtype=np.float32,
    )


def _randomized_svd(x: sparse.csr_matrix, k: int, seed: int, iterations: int) -> Matrix:
    """The top `k` right singular vectors of `x` (k x columns)."""
    rng = np.random.default_rng(seed)
    oversample = min(k + 10, min(x.shape))
    y = np.asarray(x @ rng.standard_normal((x.shape[1], oversample)).astype(np.float32))
    q, _ = np.linalg.qr(y)
    for _ in range(iterations):
        z, _ = np.linalg.qr(np.asarray(x.T @ q))
        q, _ = np.linalg.qr(np.asarray(x @ z))
    b = np.asarray((x.T @ q).T)  # oversample x columns
    _, _, vt = np.linalg.svd(b, full_matrices=False)
    return np.ascontiguousarray(vt[:k], dtype=np.float32)


def _unit(vectors: Matrix) -> Matrix:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit: Matrix = (vectors / norms).astype(np.float32)
    return unit
