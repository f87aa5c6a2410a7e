"""Similar cables and search by meaning over an archive: the vector model kept in the archive's
folder, the vectors in SQLite (store/vectors.py), an index of them held in memory.

The model is the archive's own (vectors/lsa.py: TF-IDF reduced by SVD, trained on a sample
of the archive's cables by `cables embed`; nothing downloaded). Once it exists, every ingest
embeds the cables it adds or changes. A search by meaning embeds the query's words with the
same model; its field filters (`tag:PTER`, `year:2008`) choose the cables searched.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from cablearchive.search.query import And, Node, Or, Phrase, QueryError, Term, parse_query
from cablearchive.store import vectors
from cablearchive.store.browse import CableSummary, generation, summaries
from cablearchive.vectors.embedding import (
    Embedded,
    Item,
    Why,
    cable_text,
    embed_batch,
    load_lsa,
    reasons,
)
from cablearchive.vectors.index import VectorIndex
from cablearchive.vectors.lsa import LsaModel
from cablearchive.vectors.passages import Passage, passages_of

MODEL_PATH = Path("models") / "similar" / "lsa.npz"  # in the archive's folder
DEFAULT_DIM = 256
# Cables the model is trained on (spread evenly over the archive by id): enough to learn the
# words of 251,287 cables (the 6,712 pages' quality is reached with 6,709), few enough to
# train in under a minute on one core.
FIT_SAMPLE = 30_000
EMBED_BATCH = 500
# A search by meaning ranks this many cables, the most alike (hybrid: from each side).
SEMANTIC_DEPTH = 100
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al., 2009)


SearchMode = Literal["text", "semantic", "hybrid"]
SEARCH_MODES: tuple[SearchMode, ...] = ("text", "semantic", "hybrid")


class _ArchiveFault(QueryError):
    """A search that cannot run for a reason of the archive, not of the query (no place in
    it to point at)."""

    def __init__(self, message: str) -> None:
        ValueError.__init__(self, message)
        self.message = message
        self.position = 0


class BrokenModel(_ArchiveFault):
    """The archive's text model file cannot be read (cut short, overwritten, not a model)."""

    def __init__(self, path: Path, cause: Exception) -> None:
        super().__init__(
            f"the text model {path} cannot be read ({type(cause).__name__}: {cause});"
            " `cables embed --retrain` trains it anew"
        )


class NoTextModel(_ArchiveFault):
    """A search by meaning in an archive that has no text model yet."""

    def __init__(self) -> None:
        super().__init__(
            "a search by meaning needs the archive's text model: run `cables embed` first"
        )


class NothingToTrain(_ArchiveFault):
    """An archive with no cable to train the text model on."""

    def __init__(self) -> None:
        super().__init__("the archive has no cables to train the text model on: ingest some first")


@dataclass(slots=True)
class EmbedSummary:
    model: str  # `name version`
    trained_seconds: float | None = None  # the model trained by this run
    trained_on: int = 0
    pending: int = 0  # cables without a current vector before the run
    read: int = 0
    stored: int = 0
    no_text: int = 0  # read, and no word to embed: no vector
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "trained_seconds": self.trained_seconds,
            "trained_on": self.trained_on,
            "pending": self.pending,
            "read": self.read,
            "stored": self.stored,
            "no_text": self.no_text,
            "failed": self.failed,
            "failures": list(self.failures),
        }


class VectorCache:
    """The model and the index of one archive folder, shared by the archives a process opens
    on it (a server's pool): the index of 251,287 cables (64 MB of int8, 257 MB as float32)
    is loaded once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: tuple[tuple[int, int], LsaModel] | None = None
        self._index: tuple[tuple[str, int, int], VectorIndex] | None = None

    def model(self, path: Path) -> LsaModel | None:
        try:
            info = path.stat()
        except FileNotFoundError:
            return None
        key = (info.st_mtime_ns, info.st_size)
        with self._lock:
            if self._model is None or self._model[0] != key:
                try:
                    self._model = (key, LsaModel.load(path))
                except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
                    raise BrokenModel(path, exc) from exc
            return self._model[1]

    def index(self, key: tuple[str, int, int], load: Callable[[], VectorIndex]) -> VectorIndex:
        with self._lock:
            if self._index is None or self._index[0] != key:
                self._index = None  # the old one freed before the new one is read
                self._index = (key, load())
            return self._index[1]


@dataclass(frozen=True, slots=True)
class SimilarCable(CableSummary):
    """A cable's list line, with how alike it is to the cable asked about, and why."""

    score: float  # cosine of the two cables' vectors
    why: Why | None  # the passages of the two that match best

    def to_dict(self) -> dict[str, Any]:
        # Not super(): a slotted dataclass is a new class, which zero-argument super() misses.
        why = None
        if self.why is not None:
            why = {
                "score": round(self.why.score, 4),
                "passage": _passage_dict(self.why.theirs),
                "matching": _passage_dict(self.why.mine),
            }
        return {**CableSummary.to_dict(self), "score": round(self.score, 4), "why": why}


def _passage_dict(p: Passage) -> dict[str, Any]:
    return {"paragraph_position": p.paragraph, "text": p.text}


# Why a cable has no similar cables listed, in words a reader understands.
NO_MODEL = "no similar cables yet: the archive has no text model (run `cables embed`)"
NOT_EMBEDDED = "not compared yet: run `cables embed` (or ingest) to give it a vector"
NO_TEXT = "no similar cables: this cable has no text to compare"


@dataclass(frozen=True, slots=True)
class Similar:
    cable_id: str
    model: str | None  # `name version`, None without a model
    cables: tuple[SimilarCable, ...]
    note: str | None = None  # why there are none, when there are none to show

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.cable_id,
            "model": self.model,
            "similar": [c.to_dict() for c in self.cables],
            "note": self.note,
        }


@dataclass(frozen=True)
class Meaning:
    """A query read for a search by meaning: the words whose meaning is searched, and the
    field filters that choose the cables searched (None: all)."""

    text: str
    filters: Node | None


def meaning_of(node: Node) -> Meaning:
    """Split a parsed query: its conjuncts of free words (no field, not negated) make the text
    to embed; the others (`tag:PTER`, `-iran`, `year:2008`) filter."""
    parts = node.nodes if isinstance(node, And) else (node,)
    words: list[str] = []
    filters: list[Node] = []
    for part in parts:
        free = _free_words(part)
        if free is None:
            filters.append(part)
        else:
            words += free
    if not filters:
        return Meaning(" ".join(words), None)
    return Meaning(" ".join(words), filters[0] if len(filters) == 1 else And(tuple(filters)))


def _free_words(node: Node) -> list[str] | None:
    """The words of a node made of free words only (None: it holds a field or a NOT)."""
    if isinstance(node, Term | Phrase):
        return [node.text] if node.field is None else None
    if isinstance(node, And | Or):
        out: list[str] = []
        for n in node.nodes:
            words = _free_words(n)
            if words is None:
                return None
            out += words
        return out
    return None  # Not, DateRange, Measure


class Similarity:
    """The similar cables of one open archive (its connection, folder and record reader)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        folder: Path,
        read_record: Callable[[str], dict[str, Any] | None],
        cache: VectorCache,
    ) -> None:
        self._conn = conn
        self.path = folder / MODEL_PATH
        self._read_record = read_record
        self._cache = cache

    def model(self) -> LsaModel | None:
        return self._cache.model(self.path)

    def model_name(self) -> str | None:
        model = self.model()
        return None if model is None else _name(model)

    def index(self, model: LsaModel) -> VectorIndex:
        key = (_name(model), generation(self._conn), vectors.stamp(self._conn))
        return self._cache.index(key, lambda: vectors.load_index(self._conn, key[0], model.dim))

    # --- making the vectors ----------------------------------------------------------------

    def train(self, dim: int = DEFAULT_DIM, sample: int = FIT_SAMPLE) -> tuple[LsaModel, int]:
        """A model trained on up to `sample` cables spread over the archive, saved in its
        folder (written whole, then renamed: a reader never sees half a model)."""
        ids = [r[0] for r in self._conn.execute("SELECT id FROM cables ORDER BY id")]
        step = max(1, len(ids) / sample) if ids else 1
        chosen = [ids[int(i * step)] for i in range(min(sample, len(ids)))]
        texts = []
        for cable_id in chosen:
            record = self._read_record(cable_id)
            if record is not None:
                texts.append(_record_text(record))
        if not texts:
            raise NothingToTrain()
        model = LsaModel.fit(texts, dim)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        model.save(partial)
        partial.replace(self.path)
        return model, len(texts)

    def embed(
        self,
        *,
        jobs: int = 1,
        scheduler: str | None = None,
        limit: int | None = None,
        retrain: bool = False,
        dim: int = DEFAULT_DIM,
        sample: int = FIT_SAMPLE,
        batch_size: int = EMBED_BATCH,
        progress: Callable[[EmbedSummary], None] | None = None,
    ) -> EmbedSummary:
        """Give a vector to every cable that has no current one (the model trained first where
        the archive has none, or anew with `retrain`), with `jobs` processes here or on the
        Dask cluster at `scheduler`; each batch is committed as it comes, so a killed run
        goes on where it stopped. Raises EnrichError for a cluster that cannot be used."""
        from cablearchive.enrich.runner import Done, Task, run_batches

        model = None if retrain else self.model()
        trained, trained_on = None, 0
        if model is None:
            started = time.perf_counter()
            model, trained_on = self.train(dim, sample)
            trained = time.perf_counter() - started
        summary = EmbedSummary(_name(model), trained, trained_on)
        todo = vectors.pending(self._conn, summary.model)
        summary.pending = len(todo)
        chosen = todo if limit is None else todo[:limit]

        def batches() -> Iterator[list[Item]]:
            for at in range(0, len(chosen), batch_size):
                yield [self._item(i, v) for i, v in chosen[at : at + batch_size]]

        task = Task(embed_batch, (str(self.path), model.version), load_lsa)
        for outcome in run_batches(batches(), task, jobs=jobs, scheduler=scheduler):
            if isinstance(outcome, Done):
                results: list[Embedded] = outcome.results
                summary.read += len(outcome.batch)
                summary.stored += vectors.write(self._conn, summary.model, results)
                summary.no_text += sum(1 for e in results if e.data is None)
            else:
                summary.failed += len(outcome.batch)
                summary.failures.append(outcome.message)
            if progress is not None:
                progress(summary)
        return summary

    def retrain_note(self) -> str | None:
        """Whether the archive has outgrown its model (more than twice the cables it learnt
        from, fewer than FIT_SAMPLE): the words of the cables added since weigh nothing in
        their vectors. None: no model, or no need."""
        model = self.model()
        if model is None or not model.trained_on or model.trained_on >= FIT_SAMPLE:
            return None
        count = int(self._conn.execute("SELECT count(*) FROM cables").fetchone()[0])
        if count <= 2 * model.trained_on:
            return None
        return (
            f"the text model learnt from {model.trained_on:,} cables and the archive now holds"
            f" {count:,}: `cables embed --retrain` makes better vectors for the cables added since"
        )

    def pending(self) -> int | None:
        """Cables without a current vector (None: the archive has no model yet)."""
        name = self.model_name()
        return None if name is None else vectors.count_pending(self._conn, name)

    def _item(self, cable_id: str, version: int) -> Item:
        record = self._read_record(cable_id) or {}
        paragraphs = tuple(str(p["text"]) for p in record.get("paragraphs") or ())
        return Item(cable_id, version, record.get("subject"), paragraphs)

    # --- reading ---------------------------------------------------------------------------

    def similar(self, cable_id: str, limit: int = 10, *, reasons: bool = True) -> Similar:
        """The `limit` cables most like `cable_id` (which must be in the archive), best first,
        each with the passages that match best (`reasons`)."""
        try:
            model = self.model()
        except BrokenModel as exc:
            return Similar(cable_id, None, (), exc.message)
        if model is None:
            return Similar(cable_id, None, (), NO_MODEL)
        name = _name(model)
        index = self.index(model)
        row = index.positions.get(cable_id)
        if row is None:
            state = vectors.vector_state(self._conn, cable_id, name)
            note = (
                NO_TEXT
                if state is not None and state.current and not state.has_text
                else NOT_EMBEDDED
            )
            return Similar(cable_id, name, (), note)
        nearest = index.nearest(index.vector(row), limit + 1)
        scores = {index.ids[r]: s for r, s in nearest if r != row}
        ids = list(scores)[:limit]
        mine = self._passages(cable_id) if reasons else []
        return Similar(cable_id, name, tuple(self._listed(ids, scores, model, mine)))

    def _listed(
        self, ids: list[str], scores: dict[str, float], model: LsaModel, mine: list[Passage]
    ) -> Iterator[SimilarCable]:
        found = summaries(self._conn, ids)
        listed = [found[i] for i in ids if i in found]
        whys = reasons(model, mine, [self._passages(s.id) for s in listed]) if mine else []
        for n, s in enumerate(listed):
            reason = whys[n] if whys else None
            yield SimilarCable(
                s.id, s.subject, s.created, s.classification, s.origin, scores[s.id], reason
            )

    def _passages(self, cable_id: str) -> list[Passage]:
        record = self._read_record(cable_id)
        if record is None:
            return []
        return passages_of(record.get("subject"), [str(p["text"]) for p in record["paragraphs"]])

    def nearest_to_text(
        self, text: str, allowed: Sequence[str] | None, depth: int = SEMANTIC_DEPTH
    ) -> list[tuple[str, float]] | None:
        """The cables whose vectors are most like `text`'s, best first, among `allowed` (all
        when None): (id, cosine). None: the archive has no model; empty: no word of `text`
        is one the model knows (a query of stop words)."""
        model = self.model()
        if model is None:
            return None
        query = model.embed([text])[0]
        if not np.any(query):
            return []
        index = self.index(model)
        rows = None
        if allowed is not None:
            positions = index.positions
            rows = sorted(p for i in allowed if (p := positions.get(i)) is not None)
        # A cable no closer than orthogonal to the query shares nothing with it.
        return [(index.ids[r], s) for r, s in index.nearest(query, depth, rows) if s > 0]


def fuse(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: each id's sum of 1 / (k + rank) over the rankings, best first
    (ties by id)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cable_id in enumerate(ranking):
            scores[cable_id] = scores.get(cable_id, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def parse_meaning(query: str) -> Meaning:
    return meaning_of(parse_query(query))


def _name(model: LsaModel) -> str:
    return f"{model.name} {model.version}"


def _record_text(record: dict[str, Any]) -> str:
    return cable_text(record.get("subject"), [str(p["text"]) for p in record["paragraphs"]])
