"""The `cables` command. Thin by design: it reads through `sources`, parses through
`pipeline`, and only formats what comes back (see DESIGN.md)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import TextIO

import click

from cablearchive import __version__
from cablearchive.parse import Cable
from cablearchive.pipeline import Failure, process_documents
from cablearchive.sources import Limits, RawDocument


@dataclass(slots=True)
class Counts:
    read: int = 0
    parsed: int = 0
    with_warnings: int = 0
    failed: int = 0

    def summary(self) -> str:
        return (
            f"read {self.read} documents: {self.parsed} parsed "
            f"({self.with_warnings} with warnings), {self.failed} failed"
        )


# What a worker hands back for one cable: its output line and whether it has warnings.
Rendered = tuple[str, bool]


def render_jsonl(cable: Cable, _doc: RawDocument) -> Rendered:
    return json.dumps(cable.to_dict(), ensure_ascii=False), bool(cable.warnings)


def render_text(cable: Cable, _doc: RawDocument) -> Rendered:
    created = (cable.created or "")[:10] or "-" * 10
    line = (
        f"{cable.id or '(no id)':<24} {created}  {cable.classification or '-':<12} "
        f"{cable.origin or '-':<28} {cable.subject or ''}"
    )
    for w in cable.warnings:
        line += f"\n    warning: {w}"
    return line, bool(cable.warnings)


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
    render = render_jsonl if jsonl else render_text
    try:
        for result in process_documents(list(paths), limits, workers, render):
            counts.read += 1
            if isinstance(result, Failure):
                counts.failed += 1
                if not quiet:
                    click.echo(f"error: {result.location}: {result.message}", err=True)
                continue
            text, warned = result
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


__all__ = ["Counts", "main"]
