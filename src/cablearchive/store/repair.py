"""`cables repair`: an archive brought back from what can still be read of it, and from the
sources it recorded.

What is rebuilt depends on what `cables check` finds:
- only the search index is wrong: it is rebuilt from SQLite (as `cables reindex` does);
- the database is damaged (SQLite's own check fails, or stored texts or records no longer
  decompress to what was recorded): a fresh archive is made beside it, in the archive's folder.
  Every version that can still be read whole (its text hashing to its fingerprint, its record
  whole) is stored again from its record, with its history (when it was ingested, which parser
  made it, where it was seen). Rows are read in runs, and one by one where a run meets a
  damaged page, so one bad page costs the rows on it, not the table. The cables known to the
  damaged archive (its `cables` table as far as it reads, and its search index) that were not
  saved are then read again from the source files the archive recorded (and those named with
  `--source`), where they still exist. The damaged database is kept, moved aside into
  `damaged-<time>/`; the fresh one takes its place.

What cannot come back is said by id. Made again by their commands, and said so: the reference
graph and people (at the end of the rebuild), the model's names (`cables enrich people`) and the
similar cables' vectors (`cables embed`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cablearchive.pipeline import map_batches
from cablearchive.sources import RawDocument
from cablearchive.store.archive import (
    DATABASE,
    FINGERPRINT,
    Archive,
    History,
    IngestContext,
    Parsed,
    cable_from_record,
    legacy_text_hash,
    prepare,
    text_hash,
)
from cablearchive.store.check import CheckReport, check_archive
from cablearchive.store.codec import Unpacker
from cablearchive.store.connections import read_only
from cablearchive.store.index import INDEX_DIR, SearchIndex
from cablearchive.store.lock import writer_lock
from cablearchive.store.schema import SCHEMA_VERSION

WORK_PREFIX = ".repair-"  # the fresh archive, while it is made
DAMAGED_PREFIX = "damaged-"  # where a damaged database is kept
_READY = "ready"  # in the fresh archive's folder once it is complete (a swap may resume)
_RUN = 512  # rows read at once; one by one in a run that meets a damaged page
_SIDE_FILES = ("-wal", "-shm")
_BULK_FROM = 10_000  # versions to save from which the fresh archive is loaded in bulk
_SALVAGE_BATCH = 64  # versions a worker salvages at a time


class RepairError(Exception):
    """The repair cannot start (no archive, a newer schema)."""


@dataclass(slots=True)
class RepairReport:
    folder: Path
    done: list[str] = field(default_factory=list)  # what was done, in words, in order
    salvaged: int = 0  # cables stored again from the damaged database
    reread: int = 0  # cables read again from their sources
    lost: list[str] = field(default_factory=list)  # ids that could not be brought back
    kept_at: Path | None = None  # where the damaged database was moved
    after: CheckReport | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.lost and self.after is not None and self.after.ok

    def to_dict(self) -> dict[str, Any]:
        return {
            "archive": str(self.folder),
            "ok": self.ok,
            "done": self.done,
            "salvaged": self.salvaged,
            "reread": self.reread,
            "lost": self.lost,
            "damaged_database_kept_at": None if self.kept_at is None else str(self.kept_at),
            "check_after": None if self.after is None else self.after.to_dict(),
            "seconds": round(self.seconds, 2),
        }


def repair_archive(
    folder: str | Path, *, sources: Sequence[str | Path] = (), jobs: int = 1
) -> RepairReport:
    """Repair the archive in `folder` as the module says; the report says what was done."""
    started = time.perf_counter()
    path = Path(folder)
    report = RepairReport(path)
    if not path.is_dir():
        raise RepairError(f"no archive at {path}: no such folder")
    if not os.access(path, os.W_OK):
        raise RepairError(
            f"the archive at {path} is read-only: a repair writes a fresh archive beside the"
            " damaged one; copy the folder somewhere writable and repair the copy"
        )
    with writer_lock(path):
        if _resume_swap(path, report):
            report.after = check_archive(path)
        elif not (path / DATABASE).is_file():
            raise RepairError(f"no archive at {path} (no {DATABASE} there)")
        else:
            # What a repair killed after its swap left behind: nothing of it is needed now.
            for left in path.glob(f"{WORK_PREFIX}*"):
                shutil.rmtree(left, ignore_errors=True)
            _repair(path, report, [Path(s) for s in sources], jobs)
    report.seconds = time.perf_counter() - started
    return report


def _repair(path: Path, report: RepairReport, sources: list[Path], jobs: int) -> None:
    found = check_archive(path)
    if found.ok:
        report.done.append("nothing to repair: `cables check` finds the archive whole")
        report.after = found
        return
    faults = {f.part for f in found.findings if not f.ok}
    if "schema" in faults and (version := _schema_version(path)) > SCHEMA_VERSION:
        raise RepairError(
            f"the archive at {path} was written by a newer cablearchive (schema"
            f" {version}, this one knows {SCHEMA_VERSION}): upgrade cablearchive"
        )
    recorded: set[str] = set()
    if faults - {"index", "lost"}:
        recorded = _rebuild(path, report, jobs)
    elif "index" in faults:
        with Archive.open(path, writer_held=True) as archive:
            n = archive.reindex()
        report.done.append(f"search index rebuilt from the database: {n:,} cables")
    _reread(path, report, sorted({*recorded, *(str(s) for s in sources)}), jobs)
    report.after = check_archive(path)


def _reread(path: Path, report: RepairReport, extra: list[str], jobs: int) -> None:
    """The archive's lost cables read again from the files it recorded and `extra`."""
    with Archive.open(path, writer_held=True) as archive:
        lost = set(archive.lost())
        if not lost:
            return
        paths = sorted({*archive.source_paths(), *extra})
        present = [p for p in paths if Path(p).exists()]
        if present:
            summary = archive.ingest(present, jobs=jobs, only=lost)
            report.reread = len(lost) - len(archive.lost())
            report.done.append(
                f"{report.reread:,} of {_cables(len(lost))} lost read again from"
                f" {len(present)} source file(s) ({summary.read:,} documents read)"
            )
        report.lost = archive.lost()
    if not report.lost:
        return
    missing = [p for p in paths if not Path(p).exists()]
    why = [f"{_cables(len(report.lost))} could not be brought back"]
    if missing:
        why.append(f"{len(missing)} recorded source file(s) no longer exist, such as {missing[0]}")
    if not paths:
        why.append("no file of theirs is recorded")
    report.done.append(
        "; ".join(why) + ": `cables repair --source PATH` reads them from PATH"
        " (`cables check` names them meanwhile)"
    )


def _cables(n: int) -> str:
    return f"{n:,} cable" if n == 1 else f"{n:,} cables"


def _schema_version(path: Path) -> int:
    try:
        conn = read_only(path / DATABASE)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return 0


# --- the rebuild of a damaged database -----------------------------------------------------


def _rebuild(path: Path, report: RepairReport, jobs: int) -> set[str]:
    """A fresh archive from what reads of the damaged one, moved in its place; returns the
    source files the damaged one recorded."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    work = path / f"{WORK_PREFIX}{stamp}"
    salvage = Salvage(path)
    try:
        known = salvage.known_ids()
        with Archive.open(work) as fresh:
            fresh.adopt_dictionaries(salvage.dictionaries())
            prepared = salvage.prepared(fresh.ingest_context(), jobs)
            try:
                fresh.store_prepared(prepared, bulk=salvage.high > _BULK_FROM)
            finally:
                prepared.close()
            fresh.restore_history(salvage.histories())
            saved = fresh.ids()
            fresh.record_lost((known | salvage.damaged_ids) - saved)
        recorded = salvage.source_paths()
        redo = salvage.redo_notes()
    finally:
        salvage.close()
    report.salvaged = len(saved)
    unread = f" ({salvage.unreadable:,} stored versions did not read whole)"
    report.done.append(
        f"{len(saved):,} cables saved from the damaged database"
        + (unread if salvage.unreadable else "")
    )
    (work / _READY).write_text(stamp, encoding="utf-8")
    report.kept_at = _swap(path, work, stamp)
    report.done.append(
        f"the damaged database kept in {report.kept_at}; the fresh archive took its place"
    )
    report.done.extend(redo)
    return recorded


def _swap(path: Path, work: Path, stamp: str) -> Path:
    """The damaged database (and its WAL) moved aside, the fresh one and its index moved in."""
    kept = path / f"{DAMAGED_PREFIX}{stamp}"
    kept.mkdir(exist_ok=True)
    for suffix in ("", *_SIDE_FILES):
        damaged = path / f"{DATABASE}{suffix}"
        if damaged.exists():
            damaged.replace(kept / damaged.name)
    return _move_in(path, work, kept)


def _move_in(path: Path, work: Path, kept: Path) -> Path:
    shutil.rmtree(path / INDEX_DIR, ignore_errors=True)  # rebuilt with the fresh database
    for suffix in _SIDE_FILES:
        (path / f"{DATABASE}{suffix}").unlink(missing_ok=True)
    # With its WAL, should SQLite have left one (it checkpoints and removes it on closing).
    for suffix in ("", *_SIDE_FILES):
        made = work / f"{DATABASE}{suffix}"
        if made.exists():
            made.replace(path / made.name)
    if (work / INDEX_DIR).is_dir():
        (work / INDEX_DIR).replace(path / INDEX_DIR)
    shutil.rmtree(work, ignore_errors=True)
    return kept


def _resume_swap(path: Path, report: RepairReport) -> bool:
    """A repair killed between moving the damaged database aside and moving the fresh one in
    leaves no database in the folder and a complete fresh archive beside it: moved in now."""
    if (path / DATABASE).exists():
        return False
    for work in sorted(path.glob(f"{WORK_PREFIX}*"), reverse=True):
        if (work / _READY).is_file() and (work / DATABASE).is_file():
            stamp = (work / _READY).read_text(encoding="utf-8").strip()
            kept = path / f"{DAMAGED_PREFIX}{stamp}"
            kept.mkdir(exist_ok=True)
            report.kept_at = _move_in(path, work, kept)
            report.done.append("the fresh archive of an interrupted repair moved in")
            return True
    return False


class Salvage:
    """What can still be read of a damaged archive's database (and its search index's ids),
    each read guarded: a damaged page costs the rows on it, never the whole read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.unreadable = 0  # stored versions that could not be read whole
        self.damaged_ids: set[str] = set()  # cables of those versions, where their id reads
        self._sightings: dict[int, list[tuple[Any, ...]]] = {}
        self._versions: dict[int, tuple[str, str, str]] = {}  # id: cable, hash, ingested_at
        self._record_versions: dict[int, int] = {}
        try:
            self._conn: sqlite3.Connection | None = read_only(folder / DATABASE)
            self._conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            self._conn = None  # not even its header reads: only the sources can help
        self.high = self._high()  # the highest version id that reads anywhere

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]] | None:
        if self._conn is None:
            return None
        try:
            return self._conn.execute(sql, args).fetchall()
        except sqlite3.DatabaseError:
            return None

    def _runs(self, table: str, key: str, columns: str, high: int) -> Iterator[tuple[Any, ...]]:
        """Every row of `table` by its integer `key` up to `high` that reads, in order."""
        sql = f"SELECT {columns} FROM {table} WHERE {key} BETWEEN ? AND ? ORDER BY {key}"
        for low in range(0, high + 1, _RUN):
            rows = self._query(sql, (low, low + _RUN - 1))
            if rows is None:  # a damaged page in this run: row by row
                rows = []
                for k in range(low, low + _RUN):
                    rows.extend(self._query(sql, (k, k)) or ())
            yield from rows

    def _high(self) -> int:
        """The highest version id, from whichever of its records still reads."""
        candidates = [
            self._query("SELECT max(id) FROM versions"),
            self._query("SELECT max(version) FROM cables"),
            self._query("SELECT max(version_id) FROM record_versions"),
            self._query("SELECT max(version_id) FROM sightings"),
        ]
        found = [int(r[0][0]) for r in candidates if r and r[0][0] is not None]
        return max(found, default=0)

    def dictionaries(self) -> list[tuple[int, str, bytes, int, str]]:
        rows = self._query(
            "SELECT id, kind, data, trained_on, created_at FROM dictionaries ORDER BY rowid"
        )
        return [(int(r[0]), str(r[1]), bytes(r[2]), int(r[3]), str(r[4])) for r in rows or ()]

    def known_ids(self) -> set[str]:
        """The cables the damaged archive held, as far as its `cables` table and its search
        index still tell."""
        ids = {str(r[0]) for r in self._query("SELECT id FROM cables") or ()}
        if not ids:  # the table does not read whole: by its other index, where it can
            ids = {str(r[0]) for r in self._query("SELECT DISTINCT cable_id FROM versions") or ()}
        try:
            index = SearchIndex(self.folder / INDEX_DIR)
            try:
                ids.update(index.all_ids())
            finally:
                index.close()
        except Exception:  # tantivy's errors on a damaged or missing index: nothing from it
            pass
        return ids

    def prepared(self, context: IngestContext, jobs: int) -> Generator[Parsed, None, None]:
        """Each version that reads whole, made into the fresh archive's rows (`prepare`) from
        the record and text it was stored with, in `jobs` worker processes, in the order they
        were stored (so that the fresh archive shows the same versions). Close it if not read
        to its end: its workers stop then."""
        high = self.high
        for row in self._runs("record_versions", "version_id", "version_id, record_version", high):
            self._record_versions[int(row[0])] = int(row[1])
        for row in self._runs(
            "sightings", "version_id", "version_id, path, member, offset, format, sha256", high
        ):
            self._sightings.setdefault(int(row[0]), []).append(tuple(row[1:]))
        work = SalvageContext({d[0]: d[2] for d in self.dictionaries()}, context)
        batches = self._version_batches()
        if jobs > 1:
            results: Iterator[Salvaged] = map_batches(batches, salvage_batch, work, jobs)
        else:
            results = (s for batch, _size in batches for s in salvage_batch(batch, work))
        try:
            for salvaged in results:
                if salvaged.parsed is None:
                    self.unreadable += 1
                    if salvaged.cable_id:
                        self.damaged_ids.add(salvaged.cable_id)
                    continue
                self._versions[salvaged.version_id] = salvaged.history
                yield salvaged.parsed
        finally:
            if isinstance(results, Generator):
                results.close()

    def _version_batches(self) -> Iterator[tuple[list[tuple[Any, ...]], int]]:
        """The versions table's rows as they read, in batches for the workers."""
        batch: list[tuple[Any, ...]] = []
        size = 0
        columns = "id, cable_id, text_hash, text, record, ingested_at"
        for row in self._runs("versions", "id", columns, self.high):
            batch.append(tuple(row))
            size += len(row[3] or b"") + len(row[4] or b"")
            if len(batch) >= _SALVAGE_BATCH:
                yield batch, size
                batch, size = [], 0
        if batch:
            yield batch, size

    def histories(self) -> Iterator[History]:
        for version_id, (cable_id, recorded, ingested_at) in self._versions.items():
            yield History(
                cable_id,
                recorded,
                ingested_at,
                self._record_versions.get(version_id),
                tuple(self._sightings.get(version_id, ())),
            )

    def source_paths(self) -> set[str]:
        """The files the archive recorded reading its cables from."""
        paths = {str(seen[0]) for rows in self._sightings.values() for seen in rows}
        if not paths:  # the sightings do not read: the paths that do
            rows = self._query("SELECT DISTINCT path FROM sightings")
            paths = {str(r[0]) for r in rows or ()}
        return paths

    def redo_notes(self) -> list[str]:
        """What the fresh archive lacks that a command makes again."""
        notes = []
        if self._query("SELECT 1 FROM enrichments LIMIT 1"):
            notes.append("the model's names are not carried over: run `cables enrich people`")
        if self._query("SELECT 1 FROM vectors LIMIT 1"):
            notes.append("the similar cables' vectors are not carried over: run `cables embed`")
        return notes

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


@dataclass(slots=True)
class SalvageContext:
    """What a salvaging worker needs: the damaged archive's dictionaries (to read its texts)
    and the fresh archive's ingest context (to make its rows). Picklable: sent once to each
    worker, which makes its own decompressors."""

    dictionaries: dict[int, bytes]
    ingest: IngestContext
    _unpacker: Unpacker | None = field(default=None, init=False)

    def __getstate__(self) -> tuple[dict[int, bytes], IngestContext]:
        return self.dictionaries, self.ingest

    def __setstate__(self, state: tuple[dict[int, bytes], IngestContext]) -> None:
        self.dictionaries, self.ingest = state
        self._unpacker = None

    @property
    def unpacker(self) -> Unpacker:
        if self._unpacker is None:
            self._unpacker = Unpacker(self.dictionaries.get)
        return self._unpacker


@dataclass(frozen=True, slots=True)
class Salvaged:
    version_id: int
    cable_id: str  # as it reads ('' where it does not)
    history: tuple[str, str, str]  # cable id, recorded fingerprint, ingested_at
    parsed: Parsed | None  # None: the version does not read whole


def salvage_batch(rows: list[tuple[Any, ...]], context: SalvageContext) -> list[Salvaged]:
    """Versions rows of a damaged archive made into a fresh archive's rows, where they read
    whole (the text hashing to its recorded fingerprint, the record whole); runs in workers."""
    out = []
    for version_id, cable_id, recorded, text, record, ingested_at in rows:
        name = cable_id if isinstance(cable_id, str) else ""
        parsed = _salvage_one(context, str(recorded), text, record)
        out.append(Salvaged(int(version_id), name, (name, str(recorded), str(ingested_at)), parsed))
    return out


def _salvage_one(context: SalvageContext, recorded: str, blob: Any, record: Any) -> Parsed | None:
    try:
        data = context.unpacker.text_bytes(bytes(blob))
        text = data.decode("utf-8")
        if recorded.startswith(FINGERPRINT):
            if text_hash(data) != recorded:
                return None
        elif legacy_text_hash(text) != recorded:
            return None
        cable = cable_from_record(context.unpacker.record(bytes(record), bytes(blob)))
        prepared = prepare(cable, RawDocument(text=text, source=cable.source), context.ingest)
    except Exception:  # a frame, a JSON or a record that does not read: the version is lost
        return None
    return prepared if isinstance(prepared, Parsed) else None
