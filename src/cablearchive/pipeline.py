"""From what sources yield to parsed cables: the one place where a document meets the parser.

The CLI and the store both read through here, so a document is turned into a `Cable` (or
reported) the same way everywhere, and a parser bug becomes a per-document failure, never a
crash of the batch.
"""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from cablearchive.parse import Cable, parse_cable
from cablearchive.parse.model import Source
from cablearchive.sources import (
    Blob,
    Limits,
    RawDocument,
    SourceProblem,
    documents_from_blob,
    iter_blobs,
)
from cablearchive.workers import start_worker

T = TypeVar("T")
B = TypeVar("B")
Item = Blob | RawDocument | SourceProblem
# Documents go to worker processes in batches: big enough that the hand-over costs little,
# small enough that the number in flight (and so memory) stays bounded.
_BATCH_ITEMS = 64
_BATCH_BYTES = 8 << 20
# Batches in flight: enough that the workers go on while the writer runs a long transaction
# (4 a worker left them idle a tenth of a Cablegate ingest), bounded in bytes too.
_IN_FLIGHT_PER_WORKER = 32
_IN_FLIGHT_BYTES = 256 << 20
# What `work` needs beside each cable (the store's compressor and its dictionary), set once
# per worker process by the pool's initializer: sent with every batch it would be pickled
# thousands of times.
_worker_context: Any = None


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that yielded no cable, with the reason in words."""

    source: Source
    message: str

    @property
    def location(self) -> str:
        return describe(self.source)


def cable_from_document(doc: RawDocument) -> Cable | Failure:
    """Parse one document, with its format's metadata as hints and its reader's warnings."""
    try:
        cable = parse_cable(
            doc.text,
            document_number=_nara_number(doc.source),
            hints=doc.hints,
            source=doc.source,
        )
    except Exception as exc:
        return Failure(doc.source, f"the parser failed on this document: {exc!r}")
    if doc.warnings:
        cable.warnings[:0] = list(doc.warnings)
    if not doc.text.strip():
        return Failure(doc.source, "empty document")
    if not (cable.id or cable.subject or cable.dtg or cable.banner or cable.tags):
        return Failure(
            doc.source,
            "no cable found in this text: it has no header, classification banner, TAGS or "
            "SUBJECT line, and its source gave no id",
        )
    return cable


def _nara_number(source: Source) -> str | None:
    """The NARA document number a NARA telegram's file is named by (`1975TELAV05348.txt`)."""
    if source.format != "nara-entities":
        return None
    name = (source.member or source.path or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] or None


def failure_from_problem(problem: SourceProblem) -> Failure:
    return Failure(problem.source, problem.message)


def describe(source: Source) -> str:
    """`path`, `path[member]`, `path at byte 1234`: where a document came from, in messages."""
    where = source.path or "<input>"
    if source.member:
        where += f"[{source.member}]"
    if source.offset is not None:
        where += f" at byte {source.offset}"
    return where


def process_documents(
    paths: list[str],
    limits: Limits,
    jobs: int,
    work: Callable[[Cable, RawDocument, Any], T],
    exclude: Mapping[str, str] | None = None,
    context: Any = None,
) -> Generator[T | Failure, None, None]:
    """Read `paths`, parse every document and apply `work(cable, document, context)` to each
    cable, in input order.

    With `jobs` > 1 the decoding, parsing and `work` run in worker processes (so `work` must
    be a module-level function, and `context` picklable) while this process reads and
    decompresses the input; the number of batches in flight is bounded, so memory is too.
    """
    batches = _batches(iter_blobs(paths, limits, exclude))
    if jobs <= 1:
        for batch, _size in batches:
            yield from _process_batch(batch, work, context)
        return
    yield from map_batches(batches, functools.partial(_documents, work=work), context, jobs)


def map_batches(
    batches: Iterable[tuple[list[B], int]],
    fn: Callable[[list[B], Any], list[T]],
    context: Any,
    jobs: int,
) -> Generator[T, None, None]:
    """`fn(batch, context)` for each `(batch, size in bytes)`, run in `jobs` worker processes
    (each given `context` once, and watching this process: none outlives it), the results in
    input order. The batches in flight are bounded in number and bytes, so memory is too.
    `fn` must be a module-level function (or a partial of one) and `context` picklable."""
    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(context, os.getpid())
    )
    try:
        pending: deque[tuple[Future[list[T]], int]] = deque()
        in_flight = 0
        for batch, size in batches:
            pending.append((pool.submit(_in_worker, fn, batch), size))
            in_flight += size
            while len(pending) >= jobs * _IN_FLIGHT_PER_WORKER or in_flight > _IN_FLIGHT_BYTES:
                done, size = pending.popleft()
                in_flight -= size
                yield from done.result()
        while pending:
            yield from pending.popleft()[0].result()
    finally:
        # Stopped early (Ctrl-C, a failure, a caller that stops reading): the batches queued
        # are dropped, not run first; only those running are waited for.
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(context: Any, parent: int) -> None:
    global _worker_context
    start_worker(parent)
    _worker_context = context


def _in_worker(fn: Callable[[list[B], Any], list[T]], batch: list[B]) -> list[T]:
    return fn(batch, _worker_context)


def _documents(
    batch: list[Item], context: Any, *, work: Callable[[Cable, RawDocument, Any], T]
) -> list[T | Failure]:
    return _process_batch(batch, work, context)


def _process_batch(
    batch: list[Item], work: Callable[[Cable, RawDocument, Any], T], context: Any
) -> list[T | Failure]:
    out: list[T | Failure] = []
    for item in batch:
        for doc in documents_from_blob(item) if isinstance(item, Blob) else [item]:
            if isinstance(doc, SourceProblem):
                out.append(failure_from_problem(doc))
                continue
            cable = cable_from_document(doc)
            out.append(cable if isinstance(cable, Failure) else work(cable, doc, context))
    return out


def _batches(items: Iterator[Item]) -> Iterator[tuple[list[Item], int]]:
    """Batches of items, each with its size in bytes (or characters of decoded text)."""
    batch: list[Item] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item.data) if isinstance(item, Blob) else len(getattr(item, "text", ""))
        if len(batch) >= _BATCH_ITEMS or size >= _BATCH_BYTES:
            yield batch, size
            batch, size = [], 0
    if batch:
        yield batch, size
