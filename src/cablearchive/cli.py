"""The `cables` command. Thin by design: it reads through `sources`, parses through
`pipeline`, and only formats what comes back (see DESIGN.md)."""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TextIO

import click

from cablearchive import __version__
from cablearchive.parse import Cable
from cablearchive.pipeline import Failure, cable_from_document, describe, failure_from_problem
from cablearchive.sources import (
    Blob,
    Limits,
    RawDocument,
    SourceProblem,
    documents_from_blob,
    iter_blobs,
)

# Documents are sent to worker processes in batches: big enough that the hand-over costs little,
# small enough that the number in flight (and so memory) stays bounded.
_BATCH_ITEMS = 64
_BATCH_BYTES = 8 << 20
_IN_FLIGHT_PER_WORKER = 4


@dataclass(slots=True)
class Counts:
    read: int = 0
    parsed: int = 0
    with_warnings: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"read {self.read} documents: {self.parsed} parsed "
            f"({self.with_warnings} with warnings), {self.failed} failed"
        )


# One result per document: ("cable", output line, has warnings) or ("failure", message, False).
Result = tuple[str, str, bool]


def _render(cable: Cable, jsonl: bool) -> str:
    if jsonl:
        return json.dumps(cable.to_dict(), ensure_ascii=False)
    created = (cable.created or "")[:10] or "-" * 10
    line = (
        f"{cable.id or '(no id)':<24} {created}  {cable.classification or '-':<12} "
        f"{cable.origin or '-':<28} {cable.subject or ''}"
    )
    for w in cable.warnings:
        line += f"\n    warning: {w}"
    return line


def _results(items: Iterable[Blob | RawDocument | SourceProblem], jsonl: bool) -> list[Result]:
    """Decode, parse and render a batch: the CPU work, run in a worker process."""
    out: list[Result] = []
    for item in items:
        docs = documents_from_blob(item) if isinstance(item, Blob) else [item]
        for doc in docs:
            result = (
                failure_from_problem(doc)
                if isinstance(doc, SourceProblem)
                else cable_from_document(doc)
            )
            if isinstance(result, Failure):
                out.append(("failure", f"{result.location}: {result.message}", False))
            else:
                out.append(("cable", _render(result, jsonl), bool(result.warnings)))
    return out


def _batches(
    items: Iterator[Blob | RawDocument | SourceProblem],
) -> Iterator[list[Blob | RawDocument | SourceProblem]]:
    batch: list[Blob | RawDocument | SourceProblem] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item.data) if isinstance(item, Blob) else 1024
        if len(batch) >= _BATCH_ITEMS or size >= _BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def parse_results(paths: list[str], limits: Limits, jobs: int, jsonl: bool) -> Iterator[Result]:
    """Results in input order; with `jobs` > 1 the parsing runs in worker processes while this
    process reads (and decompresses) the input, with a bounded number of batches in flight."""
    batches = _batches(iter_blobs(paths, limits))
    if jobs <= 1:
        for batch in batches:
            yield from _results(batch, jsonl)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[list[Result]]] = deque()
        for batch in batches:
            pending.append(pool.submit(_results, batch, jsonl))
            while len(pending) >= jobs * _IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cables")
def main() -> None:
    """cablearchive: read, parse and search US diplomatic cables."""


@main.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jsonl", is_flag=True, help="Write one JSON record per cable.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not stdout."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: one per CPU core).",
)
@click.option(
    "--max-document-bytes",
    type=click.IntRange(1),
    default=Limits().max_document_bytes,
    show_default=True,
    help="Refuse documents larger than this.",
)
@click.option("-q", "--quiet", is_flag=True, help="Only the final count on stderr.")
def parse_command(
    paths: tuple[str, ...],
    jsonl: bool,
    output: str | None,
    jobs: int | None,
    max_document_bytes: int,
    quiet: bool,
) -> None:
    """Parse cables from files, folders and archives (.tar, .tar.gz, .tar.xz, .zip).

    Formats are detected from content: Cablegate site pages, plain-text telegrams (with or
    without header, WikiLeaks viewer exports), the 2011 cables.csv, JSON lines, and NARA
    telegrams with entity markup. Problems are reported per document on stderr; the command
    fails only when no cable could be read.
    """
    limits = Limits(max_document_bytes=max_document_bytes)
    workers = jobs or os.cpu_count() or 1
    out: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    counts = Counts()
    try:
        for kind, text, warned in parse_results(list(paths), limits, workers, jsonl):
            counts.read += 1
            if kind == "failure":
                counts.failed += 1
                if not quiet:
                    click.echo(f"error: {text}", err=True)
                continue
            counts.parsed += 1
            counts.with_warnings += warned
            out.write(text + "\n")
    finally:
        if output:
            out.close()
        else:
            out.flush()
    click.echo(counts.summary(), err=True)
    if counts.parsed == 0:
        raise SystemExit(1)


__all__ = ["Counts", "describe", "main", "parse_results"]
