"""The `cables` command. Thin by design: it reads through `sources`, parses through
`pipeline`, and only formats what comes back (see DESIGN.md)."""

from __future__ import annotations

import csv
import html
import json
import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import click

from cablearchive import __version__
from cablearchive.graph.network import FORMATS, export
from cablearchive.graph.render import WANTED_COLUMNS, thread_dot, thread_text, wanted_rows
from cablearchive.graph.threads import DEFAULT_DEPTH, DEFAULT_LIMIT
from cablearchive.parse import COMPILED, Cable
from cablearchive.people.grouping import ROLES
from cablearchive.pipeline import Failure, process_documents
from cablearchive.search import QueryError
from cablearchive.sources import Limits, RawDocument, input_sizes
from cablearchive.store import Archive, IngestSummary, SchemaError, StoredCable
from cablearchive.store.archive import SearchResults
from cablearchive.store.faults import ArchiveReadOnly, DiskFull, database_fault, is_disk_full
from cablearchive.store.index import IndexUnavailable
from cablearchive.store.lock import ArchiveLocked
from cablearchive.store.similar import (
    DEFAULT_DIM,
    SEARCH_MODES,
    BrokenModel,
    NoTextModel,
    NothingToTrain,
)

DEFAULT_ARCHIVE = "cables-archive"


def _archive_option(f: Any) -> Any:
    return click.option(
        "--archive",
        "archive_dir",
        type=click.Path(file_okay=False),
        default=DEFAULT_ARCHIVE,
        envvar="CABLES_ARCHIVE",
        show_default=True,
        help="The archive folder (also CABLES_ARCHIVE).",
    )(f)


def _jobs_option(f: Any) -> Any:
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(1, 64),
        default=None,
        help="Worker processes (default: one per CPU core).",
    )(f)


def _workers(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


def _open_existing(archive_dir: str) -> Archive:
    try:
        return Archive.open(archive_dir, create=False)
    except (FileNotFoundError, SchemaError) as exc:
        raise click.ClickException(str(exc)) from exc


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


def render_jsonl(cable: Cable, _doc: RawDocument, _context: object) -> Rendered:
    return json.dumps(cable.to_dict(), ensure_ascii=False), bool(cable.warnings)


def render_text(cable: Cable, _doc: RawDocument, _context: object) -> Rendered:
    created = (cable.created or "")[:10] or "-" * 10
    line = (
        f"{cable.id or '(no id)':<24} {created}  {cable.classification or '-':<12} "
        f"{cable.origin or '-':<28} {cable.subject or ''}"
    )
    for w in cable.warnings:
        line += f"\n    warning: {w}"
    return line, bool(cable.warnings)


class _Commands(click.Group):
    """The commands, with the faults any of them may meet said in one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ArchiveLocked, ArchiveReadOnly, DiskFull, IndexUnavailable, SchemaError) as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(database_fault(exc)) from exc
        except (OSError, ValueError) as exc:  # tantivy's errors are ValueErrors
            if is_disk_full(exc):
                raise click.ClickException(
                    "the disk is full: what was committed is kept; free some room and run the"
                    " same command again to complete the work"
                ) from exc
            raise


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    prog_name="cables",
    message="%(prog)s %(version)s (parser: " + ("compiled" if COMPILED else "pure Python") + ")",
)
def main() -> None:
    """cablearchive: read, parse and search US diplomatic cables."""


@main.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jsonl", is_flag=True, help="Write one JSON record per cable.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not stdout."
)
@_jobs_option
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
    workers = _workers(jobs)
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


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_archive_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON, no progress.")
@_jobs_option
def ingest_command(
    paths: tuple[str, ...], archive_dir: str, as_json: bool, jobs: int | None
) -> None:
    """Read cables from files, folders and archives into the archive (created if needed).

    Ingesting the same files again changes nothing; a cable that comes again with another text
    is kept as a new version of the same id. A text whose record an older cablearchive parsed
    is parsed again ("reparsed"): after an upgrade, ingest the same files again to bring the
    records up to date. A killed ingest leaves an archive that opens, and ingesting again
    completes it.
    """
    workers = _workers(jobs)
    try:
        archive = Archive.open(archive_dir)
    except SchemaError as exc:
        raise click.ClickException(str(exc)) from exc

    def report(message: str) -> None:
        click.echo(f"error: {message}", err=True)

    with archive:
        before = archive.count()
        try:
            if as_json:
                summary = archive.ingest(list(paths), jobs=workers)
            elif not sys.stderr.isatty():
                summary = archive.ingest(list(paths), jobs=workers, on_failure=report)
            else:
                summary = _ingest_with_progress(archive, list(paths), workers)
        except KeyboardInterrupt:
            # The batch being written is rolled back; what was committed stays.
            now = archive.count()
            click.echo(
                f"interrupted: {now - before:,} new cables stored, {now:,} in {archive_dir};"
                " the same command goes on where this one stopped",
                err=True,
            )
            raise SystemExit(130) from None
    if as_json:
        # The first failures in full; `failed` counts them all.
        click.echo(json.dumps({**summary.as_dict(), "failures": summary.failures}))
    else:
        s = summary
        reparsed = f" {s.reparsed} reparsed," if s.reparsed else ""
        click.echo(
            f"read {s.read} documents: {s.new} new, {s.updated} updated, {s.unchanged} unchanged,"
            f"{reparsed} {s.failed} failed ({s.with_warnings} with warnings) into {archive_dir}",
            err=True,
        )
    if summary.read and summary.failed == summary.read:
        raise SystemExit(1)


def _ingest_with_progress(archive: Archive, paths: list[str], workers: int) -> IngestSummary:
    """The ingest with a progress bar: cables read, cables/s, and the time left, estimated
    from how far into its input files the ingest is (exact for a cables.csv, by whole files
    for folders and archives)."""
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    sizes = input_sizes(paths)
    total = sum(sizes.values()) or None
    columns = (
        TextColumn("{task.description}"),
        BarColumn(bar_width=20),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    started = time.monotonic()
    position = InputPosition(sizes)
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("ingesting", total=total, status="")

        def update(s: IngestSummary) -> None:
            at = position.advance(*s.at)
            rate = s.read / max(time.monotonic() - started, 1e-9)
            progress.update(
                task,
                completed=min(at, total or 0),
                status=f"{s.read:,} cables, {rate:,.0f}/s"
                + (f", {s.failed:,} failed" if s.failed else ""),
            )

        def report_above_bar(message: str) -> None:
            progress.console.print(f"error: {message}", markup=False, highlight=False)

        return archive.ingest(paths, jobs=workers, progress=update, on_failure=report_above_bar)


@dataclass
class InputPosition:
    """How many bytes of the input an ingest has read, from where its last document was."""

    sizes: dict[str, int]
    path: str = ""
    before: int = 0  # the bytes of the files read before `path`

    def advance(self, path: str, offset: int) -> int:
        if path != self.path:  # files are read one after another
            self.before += self.sizes.get(self.path, 0)
            self.path = path
        return self.before + max(offset, 0)


@main.command("show")
@click.argument("cable_id")
@_archive_option
@click.option("--json", "as_json", is_flag=True, help="The full record as JSON.")
@click.option("--text", "as_text", is_flag=True, help="The original text of the cable.")
def show_command(cable_id: str, archive_dir: str, as_json: bool, as_text: bool) -> None:
    """Show one cable: its record, references (resolved or missing) and who cites it."""
    with _open_existing(archive_dir) as archive:
        cable = archive.get(cable_id)
    if cable is None:
        raise click.ClickException(f"no cable {cable_id!r} in the archive at {archive_dir}")
    if as_json:
        click.echo(json.dumps(cable.to_dict(), ensure_ascii=False, indent=2))
    elif as_text:
        click.echo(cable.text)
    else:
        click.echo(_describe(cable))


def _describe(cable: StoredCable) -> str:
    r = cable.record
    mark = f"({r['subject_classification']}) " if r.get("subject_classification") else ""
    lines = [
        f"{r['id']}  {mark}{r.get('subject') or ''}",
        f"  created {r.get('created') or '-'}  released {r.get('released') or '-'}",
        f"  {r.get('classification') or '-'}  {r.get('origin') or '-'}",
    ]
    if r.get("classified_by") or r.get("classifier"):
        lines.append("  classified by " + _classifier_text(r))
    if cable.signers:
        lines.append("  signed " + "; ".join(cable.signers))
    if r.get("tags"):
        # `; `: a person tag holds a comma and a space itself (`RICE, CONDOLEEZZA`).
        lines.append("  TAGS " + "; ".join(r["tags"]))
    for ref in cable.references:
        target = f" -> {ref.id} ({ref.status})" if ref.id else f" ({ref.kind})"
        lines.append(f"  REF {ref.label or '-'}. {ref.raw}{target}")
    if cable.cited_by:
        lines.append("  cited by " + ", ".join(cable.cited_by))
    if len(cable.versions) > 1:
        lines.append(f"  {len(cable.versions)} versions")
    for w in r.get("warnings", []):
        lines.append(f"  warning: {w}")
    return "\n".join(lines)


def _classifier_text(record: dict[str, Any]) -> str:
    """`Acting Deputy Chief of Mission Marc Wall for Reasons 1.4 (b) and (d)` followed by what
    the parser read in it: `[name: Marc Wall; title: Acting Deputy Chief of Mission]`."""
    phrase = record.get("classified_by") or ""
    parts = record.get("classifier") or {}
    read = "; ".join(f"{k}: {parts[k]}" for k in ("name", "title", "office") if parts.get(k))
    return " ".join(p for p in (phrase, f"[{read}]" if read else "") if p)


@main.command("stats")
@_archive_option
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def stats_command(archive_dir: str, as_json: bool) -> None:
    """Counts by year, origin, classification and tag; parse warnings; reference links."""
    with _open_existing(archive_dir) as archive:
        stats = archive.stats()
    if as_json:
        click.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
        return
    out = [
        f"{stats.cables} cables, {stats.versions} versions, "
        f"{stats.with_warnings} with parse warnings",
        "references: " + ", ".join(f"{n} {k}" for k, n in sorted(stats.references.items())),
    ]
    for title, rows in (
        ("by year", stats.by_year),
        ("by origin", stats.by_origin),
        ("by classification", stats.by_classification),
        ("by tag", stats.by_tag),
    ):
        out.append(title + ":")
        out.extend(f"  {n:>8}  {k}" for k, n in rows)
    click.echo("\n".join(out))


@main.command("search")
@click.argument("query")
@_archive_option
@click.option("--json", "as_json", is_flag=True, help="Results (and facets) as JSON.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date", "-date", "cited", "rank"]),
    default="relevance",
    show_default=True,
)
@click.option(
    "--facets", is_flag=True, help="Counts by tag, origin, classification, caption, month."
)
@click.option(
    "--mode",
    type=click.Choice(SEARCH_MODES),
    default="text",
    show_default=True,
    help="text: the words' cables; semantic: the cables nearest the words' meaning (field"
    " filters still apply); hybrid: both rankings fused. Meaning needs `cables embed` first.",
)
def search_command(
    query: str,
    archive_dir: str,
    as_json: bool,
    limit: int,
    offset: int,
    sort: str,
    facets: bool,
    mode: str,
) -> None:
    """Search the archive. Words, "phrases", prefix*, AND/OR/NOT/-word, (groups), and fields:
    id: subject: tag: origin: from: to: class: caption: signer: classifier: ref: created:
    released: year: (dates as 2006, 2006-05, 2006-05-13 or ranges 2006-05..2006-07).
    tag:"RICE, CONDOLEEZZA" finds a person tag, and so does one of its words (tag:rice);
    signer: searches every signer; classifier: the classifier's name, title and office.
    cited:>10 and rank:top1000 select by the reference graph; --sort cited and --sort rank
    put the most cited (or highest ranked by PageRank) first."""
    if mode != "text" and sort != "relevance":
        raise click.UsageError("a search by meaning is ranked by meaning: --sort needs --mode text")
    with _open_existing(archive_dir) as archive:
        try:
            results = archive.search(
                query,
                limit=limit,
                offset=offset,
                sort=sort,  # type: ignore[arg-type]
                facets=facets,
                mode=mode,  # type: ignore[arg-type]
            )
        except (NoTextModel, BrokenModel) as exc:
            raise click.ClickException(str(exc)) from exc
        except QueryError as exc:
            raise click.UsageError(f"bad query: {exc}") from exc
        if archive.index_note:
            click.echo(f"note: {archive.index_note}", err=True)
    if as_json:
        click.echo(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_describe_results(results))


def _describe_results(results: SearchResults) -> str:
    if results.mode == "text":
        lines = [f"{results.total} cables match {results.query!r}"]
    else:
        lines = [
            f"{results.total} cables nearest the meaning of {results.query!r} ({results.mode})"
        ]
    for hit in results.hits:
        lines.append(
            f"{hit.id:<22} {(hit.created or '')[:10]:<10}  {hit.classification or '-':<14} "
            f"{hit.subject or ''}"
        )
        plain = hit.snippet.replace("<b>", "[").replace("</b>", "]")
        lines.append("    " + html.unescape(plain))
    for name, buckets in results.facets.items():
        if name == "month":
            continue
        lines.append(f"{name}: " + ", ".join(f"{k} ({n})" for k, n in buckets[:10]))
    if results.histogram:
        lines.append("by month: " + ", ".join(f"{m} {n}" for m, n in results.histogram))
    if results.facets and results.facets_sample < 1:
        lines.append(f"(counts estimated from {_share(results.facets_sample)} of the matches)")
    return "\n".join(lines)


def _share(sample: float) -> str:
    return f"1 in {round(1 / sample)}"


@main.command("similar")
@click.argument("cable_id")
@_archive_option
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="As JSON, with the passages that match.")
def similar_command(cable_id: str, archive_dir: str, limit: int, as_json: bool) -> None:
    """The cables most like CABLE_ID by meaning (the archive's text model, `cables embed`),
    best first, each with the passage of it that matches the cable best."""
    with _open_existing(archive_dir) as archive:
        found = archive.similar(cable_id, limit)
    if found is None:
        raise click.ClickException(f"no cable {cable_id} in {archive_dir}")
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
    elif not found.cables:
        click.echo(f"{found.cable_id}: {found.note or 'no similar cables'}", err=True)
    else:
        click.echo(f"cables most like {found.cable_id} ({found.model}):")
        for c in found.cables:
            click.echo(f"{c.score:.3f} {c.id:<22} {(c.created or '')[:10]:<10}  {c.subject or ''}")
            if c.why is not None:
                where = "subject" if c.why.theirs.paragraph is None else "paragraph"
                click.echo(f"      {where}: {_shortened(c.why.theirs.text)}")
    if found.note and found.cables:
        click.echo(found.note, err=True)


def _shortened(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


@main.command("embed")
@_archive_option
@_jobs_option
@click.option("--dask", "scheduler", help="A Dask scheduler's address: run there instead.")
@click.option("--limit", type=click.IntRange(1), help="Embed at most this many cables now.")
@click.option(
    "--retrain",
    is_flag=True,
    help="Train the text model anew on the archive as it is (every vector is then made again).",
)
@click.option(
    "--dim",
    type=click.IntRange(8, 1024),
    default=DEFAULT_DIM,
    show_default=True,
    help="Dimensions of a model trained now.",
)
@click.option("--json", "as_json", is_flag=True, help="The summary as JSON.")
def embed_command(
    archive_dir: str,
    jobs: int | None,
    scheduler: str | None,
    limit: int | None,
    retrain: bool,
    dim: int,
    as_json: bool,
) -> None:
    """Give every cable a vector for similar cables and search by meaning: the archive's own
    text model (TF-IDF reduced by SVD, trained here on a sample of the archive the first
    time; nothing downloaded). Resumable: only cables without a current vector are embedded
    (run it again after a kill); later ingests embed what they add."""
    from cablearchive.enrich.runner import EnrichError

    with _open_existing(archive_dir) as archive:

        def report(s: Any) -> None:
            if not as_json:
                click.echo(f"\r{s.read} of {s.pending} cables embedded", nl=False, err=True)

        try:
            summary = archive.embed(
                jobs=_workers(jobs),
                scheduler=scheduler,
                limit=limit,
                retrain=retrain,
                dim=dim,
                progress=report,
            )
        except (EnrichError, BrokenModel, NothingToTrain) as exc:
            raise click.ClickException(str(exc)) from exc
        note = archive.similarity.retrain_note()
    if as_json:
        click.echo(json.dumps({**summary.to_dict(), "note": note}, ensure_ascii=False, indent=2))
    else:
        click.echo("", err=True)
        if summary.trained_seconds is not None:
            click.echo(
                f"trained {summary.model} on {summary.trained_on} cables"
                f" in {summary.trained_seconds:.1f} s",
                err=True,
            )
        left = summary.pending - summary.stored
        click.echo(
            f"{summary.model}: {summary.stored} cables embedded ({summary.no_text} with no text"
            f" to embed), {left} still to embed",
            err=True,
        )
        for message in summary.failures:
            click.echo(f"failed: {message}", err=True)
        if note:
            click.echo(f"note: {note}", err=True)
    if summary.failed:
        sys.exit(1)


@main.command("backup")
@click.argument("destination", type=click.Path(file_okay=False))
@_archive_option
@click.option("--json", "as_json", is_flag=True, help="The summary as JSON.")
def backup_command(destination: str, archive_dir: str, as_json: bool) -> None:
    """A consistent copy of the archive into DESTINATION (a new or empty folder), while it is
    served or written: SQLite by its online backup, the search index at a commit point (or
    rebuilt from the copy), the models beside them. `cables check DESTINATION` then passes."""
    from cablearchive.store.backup import BackupError, backup

    try:
        summary = backup(archive_dir, destination)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"{summary.cables:,} cables copied to {destination} in {summary.seconds:.1f} s"
            f" (search index {summary.index})",
            err=True,
        )


@main.command("check")
@_archive_option
@click.option("--full", is_flag=True, help="SQLite's integrity_check (slower) for its quick_check.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
def check_command(archive_dir: str, full: bool, as_json: bool) -> None:
    """Whether the archive is whole: SQLite's pages, the schema version, every stored text
    against its fingerprint, the search index against SQLite. Reads only (runs beside a
    server or an ingest); exit status 0 only when all is well."""
    from cablearchive.store.check import check_archive

    report = check_archive(archive_dir, full=full)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for f in report.findings:
            click.echo(f"{'ok' if f.ok else 'FAULT':<6} {f.part:<9} {f.detail}")
            if f.ids:
                click.echo(f"{'':<16} {', '.join(f.ids)}")
        state = "whole" if report.ok else "NOT whole"
        click.echo(f"{archive_dir}: {state} (checked in {report.seconds:.1f} s)", err=True)
    if not report.ok:
        sys.exit(1)


@main.command("repair")
@_archive_option
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Path(exists=True),
    help="Also read lost cables from here (beside the sources the archive recorded).",
)
@_jobs_option
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
def repair_command(
    archive_dir: str, sources: tuple[str, ...], jobs: int | None, as_json: bool
) -> None:
    """Bring a damaged archive back: the search index rebuilt from SQLite when only it is
    wrong; otherwise a fresh archive made from every version that still reads whole and from
    the recorded sources of the cables that do not, the damaged database kept aside. Says by
    id what could not be brought back; exit status 0 only when the archive is whole after."""
    from cablearchive.store.repair import RepairError, repair_archive

    try:
        report = repair_archive(archive_dir, sources=sources, jobs=_workers(jobs))
    except RepairError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.done:
            click.echo(line)
        if report.lost:
            shown = ", ".join(report.lost[:SHOWN_LOST])
            more = (
                f" and {len(report.lost) - SHOWN_LOST:,} more"
                if len(report.lost) > SHOWN_LOST
                else ""
            )
            n = len(report.lost)
            counted = f"{n:,} cable" if n == 1 else f"{n:,} cables"
            click.echo(f"{counted} could not be brought back: {shown}{more}")
        if report.after is not None:
            for f in report.after.findings:
                if not f.ok:
                    click.echo(f"still wrong: {f.part}: {f.detail}")
        state = "whole" if report.ok else "NOT whole"
        click.echo(f"{archive_dir}: {state} after repair ({report.seconds:.1f} s)", err=True)
    if not report.ok:
        sys.exit(1)


SHOWN_LOST = 50


@main.command("export")
@click.argument("query", required=False)
@_archive_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="The file to write.",
)
@click.option(
    "--people",
    "people_tables",
    is_flag=True,
    help="The person table to OUTPUT and the person-cable table beside it (OUTPUT-cables).",
)
def export_command(
    query: str | None, archive_dir: str, fmt: str, output: str, people_tables: bool
) -> None:
    """Export the cables a query selects (all without one): JSON lines (the full records),
    CSV or Parquet (one flat row per cable); with --people, the people of those cables."""
    with _open_existing(archive_dir) as archive:
        try:
            if people_tables:
                done = archive.export_people(query, fmt, output)  # type: ignore[arg-type]
            else:
                n = archive.export(query, fmt, output)  # type: ignore[arg-type]
        except QueryError as exc:
            raise click.UsageError(f"bad query: {exc}") from exc
    if people_tables:
        click.echo(
            f"exported {done.people} people to {output} and {done.links} person-cable rows to"
            f" {done.links_path}",
            err=True,
        )
    else:
        click.echo(f"exported {n} cables to {output}", err=True)


@main.command("reindex")
@_archive_option
def reindex_command(archive_dir: str) -> None:
    """Rebuild the search index from the SQLite archive.

    It reads the stored records and parses nothing: to have a newer parser read the cables
    again, ingest their sources again (records an older parser made are then reparsed)."""
    with _open_existing(archive_dir) as archive:
        n = archive.reindex()
    click.echo(f"indexed {n} cables", err=True)


@main.command("analyse")
@_archive_option
def analyse_command(archive_dir: str) -> None:
    """Compute the reference graph and the people again: citations in and out, PageRank,
    threads, who wrote to whom; every name grouped into people. Each ingest that changes the
    archive does it; this is for an archive whose last ingest was interrupted, one made by an
    older cablearchive (its cables' names are read once), or to time it."""
    with _open_existing(archive_dir) as archive:
        state = archive.analyse()
        grouped = archive.group_people()
    click.echo(
        f"analysed {state.nodes} cables ({state.edges} citations) in {state.seconds:.1f} s"
        f" with {state.library}; {grouped.names} names grouped into {grouped.people} people"
        f" in {grouped.seconds:.1f} s",
        err=True,
    )


ROLE_CHOICE = click.Choice(ROLES)


@main.command("people")
@click.argument("query", required=False)
@_archive_option
@click.option("--role", type=ROLE_CHOICE, help="Only people in this role, sorted by it.")
@click.option("--post", help='Only people of cables from this origin ("Embassy Almaty").')
@click.option("--year", help="Only people of cables of this year (2006).")
@click.option("--limit", type=click.IntRange(1), default=30, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def people_command(
    query: str | None,
    archive_dir: str,
    role: str | None,
    post: str | None,
    year: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """People of the archive (whose names hold the words of QUERY: `ordway`, `"john o"`), the
    most present first, with their cables by role: signer, classifier, tagged (person TAGS),
    mentioned (named in the text)."""
    if year is not None and not (year.isdigit() and len(year) == 4):
        raise click.UsageError(f"--year takes a year like 2006, not {year!r}")
    with _open_existing(archive_dir) as archive:
        note = _people_note(archive)
        total, found = archive.people(query, role=role, post=post, year=year, limit=limit)
    if as_json:
        out = {"total": total, "people": [p.to_dict() for p in found]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{total} people" + (f" (the first {len(found)})" if total > len(found) else ""))
        for p in found:
            roles = ", ".join(f"{r} {n}" for r, n in p.roles.items())
            years = _years(p.first, p.last)
            click.echo(f"{p.cables:>6}  {p.name}  [{p.key}]  {roles}{years}")
    if note:
        click.echo(f"note: {note}", err=True)


def _years(first: str | None, last: str | None) -> str:
    if not first or not last:
        return ""
    a, b = first[:4], last[:4]
    return f"  {a}" if a == b else f"  {a}-{b}"


def _people_note(archive: Archive) -> str | None:
    state = archive.people_state()
    if state is None:
        return "the people of this archive were never grouped: run `cables analyse`"
    if not state.current:
        return "the archive changed since its people were grouped: run `cables analyse`"
    return None


@main.command("person")
@click.argument("name")
@_archive_option
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="Cables.")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def person_command(name: str, archive_dir: str, limit: int, as_json: bool) -> None:
    """One person (by key, `john-ordway`, or by name, `"John Ordway"`): roles, spellings,
    titles, posts and years, the people named with them most, and their cables newest
    first."""
    with _open_existing(archive_dir) as archive:
        record = archive.person(name)
        others: list[Any] = []
        if record is None:
            _total, matches = archive.people(name, limit=6)
            if not matches:
                raise click.ClickException(f"no person {name!r} in the archive at {archive_dir}")
            record = archive.person(matches[0].key)
            others = matches[1:]
        assert record is not None
        total, cables = archive.person_cables(record.summary.key, limit=limit)
    if as_json:
        out = record.to_dict()
        out["cable_list"] = [{**c.to_dict(), "roles": list(r)} for c, r in cables]
        out["cable_total"] = total
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    s = record.summary
    click.echo(f"{s.name}  [{s.key}]  {s.cables} cables{_years(s.first, s.last)}")
    click.echo("  roles: " + ", ".join(f"{r} {n}" for r, n in s.roles.items()))
    click.echo("  spelt: " + "; ".join(f"{w} ({n})" for w, n in record.spellings[:8]))
    if record.titles:
        click.echo("  titles: " + "; ".join(t + _span(a, b) for t, a, b in record.titles))
    if record.posts:
        click.echo("  posts: " + "; ".join(f"{p}{_span(a, b)}" for p, a, b, _ in record.posts[:8]))
    if record.together:
        click.echo("  named with: " + "; ".join(f"{p.name} ({n})" for p, n in record.together[:8]))
    click.echo(f"  cables ({total}, newest first):")
    for c, roles in cables:
        click.echo(
            f"    {(c.created or '')[:10]:<10}  {c.id:<20} {'/'.join(roles):<10} {c.subject or ''}"
        )
    if others:
        click.echo("also matching: " + "; ".join(f"{p.name} [{p.key}]" for p in others), err=True)


def _span(first: int | None, last: int | None) -> str:
    if first is None:
        return ""
    return f" {first}" if first == last else f" {first}-{last}"


@main.command("thread")
@click.argument("cable_id")
@_archive_option
@click.option(
    "--depth", type=int, default=DEFAULT_DEPTH, show_default=True, help="Citations to follow."
)
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True, help="Most cables.")
@click.option("--json", "as_json", is_flag=True, help="Nodes and edges as JSON.")
@click.option("--dot", "as_dot", is_flag=True, help="Graphviz DOT (`| dot -Tsvg`).")
def thread_command(
    cable_id: str, archive_dir: str, depth: int, limit: int, as_json: bool, as_dot: bool
) -> None:
    """The conversation around a cable: the cables it cites and those citing it, followed
    both ways, as an indented tree by date. Cited cables missing from the archive appear as
    such. Depth and size are cut to their bounds (10 and 1,000), with a note."""
    with _open_existing(archive_dir) as archive:
        thread = archive.thread(cable_id, depth=depth, limit=limit)
    if thread is None:
        raise click.ClickException(f"{cable_id}: the archive neither holds nor cites this cable")
    for note in thread.notes:
        click.echo(f"note: {note}", err=True)
    if as_json:
        click.echo(json.dumps(thread.to_dict(), ensure_ascii=False, indent=2))
    elif as_dot:
        click.echo(thread_dot(thread), nl=False)
    else:
        click.echo(thread_text(thread))


@main.command("wanted")
@_archive_option
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--csv", "as_csv", is_flag=True, help="All of them as CSV, with the citing cables.")
def wanted_command(archive_dir: str, limit: int, as_csv: bool) -> None:
    """Cables the archive cites but does not hold, most cited first: what to ask for under
    FOIA. With the origins and ids of the cables citing each."""
    with _open_existing(archive_dir) as archive:
        total, found = archive.wanted(
            limit=sys.maxsize if as_csv else limit, citing=None if as_csv else 0
        )
    if as_csv:
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(WANTED_COLUMNS)
        out.writerows(wanted_rows(found))
        return
    click.echo(f"{total} cables are cited by the archive but not in it; the most cited:")
    for w in found:
        origins = ", ".join(f"{o} ({n})" for o, n in w.origins[:3])
        more = f" and {len(w.origins) - 3} more" if len(w.origins) > 3 else ""
        click.echo(f"{w.cited:>6}  {w.id:<22} from {origins}{more}")


@main.command("network")
@click.argument("query", required=False)
@_archive_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--year", help="Only the cables of this year (2006).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="A file, not stdout."
)
def network_command(
    query: str | None, archive_dir: str, fmt: str, year: str | None, output: str | None
) -> None:
    """Who wrote to whom, in the cables a query selects (all without one): each post (FM) and
    addressee (TO, INFO) a node, collectives marked, edges counted in cables per year (TO and
    INFO apart). GraphML and GEXF open in Gephi, networkx and igraph."""
    if year is not None and not (year.isdigit() and len(year) == 4):
        raise click.UsageError(f"--year takes a year like 2006, not {year!r}")
    with _open_existing(archive_dir) as archive:
        try:
            network = archive.network(query, year)
        except QueryError as exc:
            raise click.UsageError(f"bad query: {exc}") from exc
    text = export(network, fmt)  # type: ignore[arg-type]
    if output is None:
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")
    click.echo(
        f"{len(network.nodes)} posts and addressees, {len(network.by_pair())} links,"
        f" {network.cables} cables",
        err=True,
    )


@main.group("enrich")
def enrich_group() -> None:
    """Heavy enrichments over what is not yet enriched: resumable (each batch is stored as it
    comes; run the command again after a kill), in worker processes here or on a Dask
    cluster (`--dask tcp://HOST:8786`)."""


@enrich_group.command("people")
@_archive_option
@click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False),
    help="The people model's folder (default: ARCHIVE/models/people, where"
    " `cables train-people-model` writes it).",
)
@click.option(
    "--rules-only",
    is_flag=True,
    help="Read the names opened by a first name only, with no model (nor spaCy).",
)
@_jobs_option
@click.option("--dask", "scheduler", help="A Dask scheduler's address: run there instead.")
@click.option("--limit", type=click.IntRange(1), help="Read at most this many cables now.")
@click.option("--json", "as_json", is_flag=True, help="The summary as JSON.")
def enrich_people_command(
    archive_dir: str,
    model_dir: str | None,
    rules_only: bool,
    jobs: int | None,
    scheduler: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Names of people the ingest leaves to this command: those opened by a first name
    (`ROBERT HELANDER`) and those a statistical model finds in the cables' paragraphs, stored
    beside the parser's (never replacing them; each marked with the rule or the model's name
    and version), then the people grouped anew."""
    from cablearchive.enrich.runner import EnrichError
    from cablearchive.people.model import ModelError

    if rules_only and model_dir:
        raise click.UsageError("--rules-only reads with no model: leave out --model")
    folder = Path(model_dir) if model_dir else Path(archive_dir) / "models" / "people"
    with _open_existing(archive_dir) as archive:

        def report(s: Any) -> None:
            if not as_json:
                click.echo(f"\r{s.read} cables read, {s.names} names", nl=False, err=True)

        try:
            summary = archive.enrich_people(
                None if rules_only else folder,
                jobs=_workers(jobs),
                scheduler=scheduler,
                limit=limit,
                progress=report,
            )
        except ModelError as exc:
            raise click.ClickException(
                f"{exc}; train one with `cables train-people-model --corpus NARA.tar.xz`"
            ) from exc
        except EnrichError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo("", err=True)
    left = summary.pending - summary.stored
    click.echo(
        f"{summary.model}: {summary.stored} cables read and stored, {summary.names} names"
        f" ({left} cables still to read)",
        err=True,
    )
    for message in summary.failures:
        click.echo(f"failed: {message}", err=True)
    if summary.people is not None:
        click.echo(f"{summary.people.people} people grouped", err=True)
    if summary.failed:
        sys.exit(1)


@main.command("serve")
@_archive_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes, each with its own open archive (default: one per CPU core).",
)
def serve_command(archive_dir: str, host: str, port: int, workers: int | None) -> None:
    """Serve the archive in a browser (the viewer) and as JSON (the API, under /api)."""
    import uvicorn  # here: the other commands need not load the web stack

    from cablearchive.web.app import ARCHIVE_VARIABLE, create_app
    from cablearchive.web.pool import check_archive

    count = _workers(workers)
    folder = Path(archive_dir)
    try:
        # Checked here, once, so that a missing archive stops the command before any worker
        # starts, and the index note is printed once, not once per worker.
        note = check_archive(folder)
        app = create_app(folder) if count == 1 else None
    except (FileNotFoundError, SchemaError) as exc:
        raise click.ClickException(str(exc)) from exc
    if note:
        click.echo(f"warning: {note}", err=True)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    processes = "" if count == 1 else f", {count} processes"
    click.echo(
        f"serving {archive_dir} at http://{shown}:{port}/{processes} (Ctrl-C stops)", err=True
    )
    if app is not None:
        # workers=1 said: uvicorn would otherwise read WEB_CONCURRENCY from the environment.
        uvicorn.run(app, host=host, port=port, workers=1, log_level="warning")
        return
    # uvicorn binds the socket here and starts the workers; each builds its own app (and opens
    # its own archives) from the import string, and Ctrl-C or SIGTERM stops them all.
    os.environ[ARCHIVE_VARIABLE] = str(folder.resolve())
    uvicorn.run(
        "cablearchive.web.app:app_from_environment",
        factory=True,
        workers=count,
        host=host,
        port=port,
        log_level="warning",
    )


@main.command("train-people-model")
@click.option(
    "--corpus",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The NARA entity corpus (nara-cfpf-1973-1979-entities.tar.xz): trains on its train "
    "split, measures on dev and test.",
)
@_archive_option
@click.option("--out", type=click.Path(file_okay=False), help="[default: ARCHIVE/models/people]")
@click.option(
    "--iterations", type=click.IntRange(1), help="Passes over the training set [default: 20]."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--silver",
    "silver_corpus",
    type=click.Path(exists=True, dir_okay=True),
    help="Cables (the Cablegate site corpus, files or archives) to add to the training with "
    "the names the rules find in them: a model that finds more people and fewer government "
    "bodies, trained in about three times as long (see README, People).",
)
@click.option(
    "--silver-count",
    type=click.IntRange(min=0),
    default=None,
    help="How many cables of --silver to train on, chosen at random.  [default: 150]",
)
@click.option(
    "--blank",
    is_flag=True,
    help="Train from a blank pipeline instead of fine-tuning the entity recogniser of spaCy's "
    "en_core_web_sm (installed with cablearchive[enrich]): fewer people found (see README, "
    "People).",
)
def train_people_model_command(
    corpus: str,
    archive_dir: str,
    out: str | None,
    iterations: int | None,
    seed: int,
    silver_corpus: str | None,
    silver_count: int | None,
    blank: bool,
) -> None:
    """Train the statistical people model (spaCy's en_core_web_sm entity recogniser
    fine-tuned, or a blank one) on the NARA annotations, and cables with the names the rules
    find in them; nothing is downloaded."""
    import importlib.util

    from cablearchive.people.model import (
        BASE_PIPELINE,
        ITERATIONS,
        SILVER,
        ModelError,
        cable_texts,
        choose_silver,
        train_person_model,
    )
    from cablearchive.sources import iter_documents

    if importlib.util.find_spec("spacy") is None:  # spaCy is in the `enrich` extra
        raise click.ClickException(
            "the people model needs spaCy: pip install 'cablearchive[enrich]'"
        )

    folder = Path(out) if out else Path(archive_dir) / "models" / "people"
    docs = [d for d in iter_documents([corpus]) if isinstance(d, RawDocument)]
    if not any("/train/" in (d.source.member or "") for d in docs):
        raise click.ClickException(f"{corpus} holds no telegrams of a train split")
    silver: list[str] = []
    if silver_corpus is not None:
        documents = (d for d in iter_documents([silver_corpus]) if isinstance(d, RawDocument))
        count = SILVER if silver_count is None else silver_count
        silver = choose_silver(cable_texts(documents), count, seed)
    # No --iterations: the model's own default (ITERATIONS, chosen on dev).
    try:
        info = train_person_model(
            docs,
            folder,
            seed=seed,
            iterations=iterations or ITERATIONS,
            silver=silver,
            base=None if blank else BASE_PIPELINE,
        )
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write the model to {folder}: {exc}") from exc
    base = info.trained_on["base"]
    start = f"from {base}" if base else "from a blank pipeline"
    click.echo(
        f"{info.name} {info.version}: trained {start} on {info.trained_on['telegrams']} "
        f"telegrams and {info.trained_on['silver_cables']} cables in "
        f"{info.training_seconds:g} s, written to {info.path}"
    )
    for split, labels in info.figures.items():
        for label, f in labels.items():
            click.echo(
                f"  {split:8} {label}: precision {f['precision']:.3f} ({f['right']}/"
                f"{f['predicted']}), recall {f['recall']:.3f} ({f['found']}/{f['annotated']})"
            )


__all__ = ["Counts", "main"]
