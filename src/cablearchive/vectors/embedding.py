"""The embedding's work: a batch of cables in, their vectors out (run by enrich/runner.py in
this process, on a process pool or on a Dask cluster; stored by store/vectors.py).

A cable's vector is the model's vector of all its passages together (its subject and
paragraphs, `passages_of`): for a TF-IDF model that weighs every word of the cable once,
where a mean of the passages' vectors would give a one-line paragraph the weight of a page.
The passages themselves say why two cables are alike (`why`). Pure but for the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from cablearchive.vectors.index import quantize
from cablearchive.vectors.lsa import LsaModel
from cablearchive.vectors.passages import Passage, passages_of


class Item(NamedTuple):
    """A cable to embed: its id, the version read, its subject and paragraphs' texts."""

    cable_id: str
    version: int
    subject: str | None
    paragraphs: tuple[str, ...]


class Embedded(NamedTuple):
    """A cable's vector as stored: int8 bytes and their scale; None for a cable with no word
    the model knows (no text, or none but numbers)."""

    cable_id: str
    version: int
    data: bytes | None
    scale: float


def cable_text(subject: str | None, paragraphs: Sequence[str]) -> str:
    return "\n".join(p.text for p in passages_of(subject, paragraphs))


def embed_batch(batch: list[Item], model: LsaModel) -> list[Embedded]:
    """The runner's `work`: each cable's vector, quantized."""
    vectors = model.embed([cable_text(i.subject, i.paragraphs) for i in batch])
    data, scales = quantize(vectors)
    return [
        Embedded(item.cable_id, item.version, row.tobytes() if scale > 0 else None, float(scale))
        for item, row, scale in zip(batch, data, scales, strict=True)
    ]


def load_lsa(context: tuple[str, str]) -> LsaModel:
    """The runner's `prepare`: the model of (path, version), loaded once a worker (the
    version in the key, so that a worker never keeps a model retrained since)."""
    return LsaModel.load(Path(context[0]))


class Why(NamedTuple):
    """Why two cables are alike: the passage of each that match best, and how well."""

    mine: Passage
    theirs: Passage
    score: float


def reasons(
    model: LsaModel, mine: Sequence[Passage], others: Sequence[Sequence[Passage]]
) -> list[Why | None]:
    """For each cable of `others`, the pair of passages, one of it and one of `mine`, most
    alike (None: no passage of either has a word the model knows). All passages embedded at
    once: one product, not one a cable."""
    texts = [p.text for p in mine] + [p.text for passages in others for p in passages]
    if not mine or len(texts) == len(mine):
        return [None] * len(others)
    vectors = model.embed(texts)
    a, at = vectors[: len(mine)], len(mine)
    out: list[Why | None] = []
    for passages in others:
        b = vectors[at : at + len(passages)]
        at += len(passages)
        scores = a @ b.T if len(passages) else np.zeros((0, 0), dtype=np.float32)
        if not scores.size or not np.any(scores):
            out.append(None)
            continue
        i, j = np.unravel_index(int(np.argmax(scores)), scores.shape)
        out.append(Why(mine[int(i)], passages[int(j)], float(scores[i, j])))
    return out
