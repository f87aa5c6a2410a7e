"""`cables check`: whether an archive is whole, each part in words.

Read only (SQLite opened read-only, the index searched), so it runs beside a server or an
ingest: SQLite's own check of its pages (`quick_check`, or the slower `integrity_check` with
`full`), the schema version, every stored text decompressed and hashed against its recorded
fingerprint, and the search index against SQLite (the same cables).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cablearchive.store.archive import DATABASE, FINGERPRINT, text_hash
from cablearchive.store.codec import Unpacker
from cablearchive.store.connections import read_only
from cablearchive.store.faults import database_fault
from cablearchive.store.index import (
    INDEX_DIR,
    IndexOutdated,
    IndexUnavailable,
    SearchIndex,
    damaged_files,
)
from cablearchive.store.schema import SCHEMA_VERSION

SHOWN = 20  # ids named at most a finding


@dataclass(frozen=True, slots=True)
class Finding:
    part: str  # what was checked: `database`, `schema`, `texts`, `index`, `lost`
    ok: bool
    detail: str  # in words
    ids: tuple[str, ...] = ()  # the cables concerned, the first SHOWN


@dataclass(slots=True)
class CheckReport:
    folder: Path
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.findings) and all(f.ok for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "archive": str(self.folder),
            "ok": self.ok,
            "seconds": round(self.seconds, 2),
            "findings": [
                {"part": f.part, "ok": f.ok, "detail": f.detail, "ids": list(f.ids)}
                for f in self.findings
            ],
        }


def check_archive(folder: str | Path, *, full: bool = False) -> CheckReport:
    """The report on the archive in `folder` (never raises for a damaged one: says so)."""
    started = time.perf_counter()
    report = CheckReport(Path(folder))
    path = report.folder / DATABASE
    if not path.is_file():
        report.findings.append(Finding("database", False, f"no archive at {folder}: no {DATABASE}"))
        return report
    conn = read_only(path)
    try:
        for check in (_pages, _schema, _texts, _index, _lost):
            try:
                found = check(conn, report.folder, full)
                if found is not None:
                    report.findings.append(found)
            except sqlite3.DatabaseError as exc:
                report.findings.append(
                    Finding(check.__name__.strip("_"), False, database_fault(exc))
                )
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _pages(conn: sqlite3.Connection, _folder: Path, full: bool) -> Finding:
    pragma = "integrity_check" if full else "quick_check"
    rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(20)")]
    if rows == ["ok"]:
        return Finding("database", True, f"SQLite's {pragma}: no problem found")
    problems = [line.strip() for row in rows for line in row.splitlines() if "***" not in line]
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return Finding(
        "database",
        False,
        f"SQLite's {pragma} finds the database damaged: {'; '.join(problems[:3])}{more}",
    )


def _schema(conn: sqlite3.Connection, _folder: Path, _full: bool) -> Finding:
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found == SCHEMA_VERSION:
        return Finding("schema", True, f"schema version {found}, this cablearchive's")
    if found > SCHEMA_VERSION:
        return Finding(
            "schema",
            False,
            f"schema version {found}, newer than this cablearchive's {SCHEMA_VERSION}:"
            " upgrade cablearchive",
        )
    return Finding(
        "schema",
        True,
        f"schema version {found}: opening it for writing migrates it to {SCHEMA_VERSION}",
    )


def _texts(conn: sqlite3.Connection, _folder: Path, _full: bool) -> Finding:
    """Every stored text decompresses and hashes to its recorded fingerprint, and every
    record decompresses to a JSON object (bytes overwritten inside a row's blob leave SQLite's
    pages whole: only this finds them)."""
    unpacker = Unpacker.of(conn)
    bad: list[str] = []
    checked = 0
    legacy = 0
    rows = conn.execute("SELECT cable_id, text_hash, text, record FROM versions")
    for cable_id, recorded, blob, record in rows:
        checked += 1
        if not _whole(unpacker, str(recorded), blob, record):
            bad.append(str(cable_id))
        legacy += not str(recorded).startswith(FINGERPRINT)
    if bad:
        return Finding(
            "texts",
            False,
            f"{len(bad):,} of {checked:,} stored versions do not read whole (a text that does not"
            " decompress to its fingerprint, or a record that does not decompress):"
            " `cables repair` brings them back from what reads and from their sources",
            tuple(bad[:SHOWN]),
        )
    note = f" ({legacy:,} of an older fingerprint not rehashed)" if legacy else ""
    return Finding(
        "texts",
        True,
        f"{checked:,} stored texts decompress to their fingerprints, and their records"
        f" decompress{note}",
    )


def _whole(unpacker: Unpacker, recorded: str, blob: bytes, record: bytes) -> bool:
    try:
        data = unpacker.text_bytes(blob)
        # Fingerprinted before schema v5 (SHA-256 of the words): not rehashed.
        if recorded.startswith(FINGERPRINT) and text_hash(data) != recorded:
            return False
        return isinstance(unpacker.record(record, blob), dict)
    except Exception:  # a frame that does not decompress, a missing dictionary, a bad JSON
        return False


def _index_files(folder: Path, note: str) -> Finding:
    """Each file of the index's segments against the checksum tantivy wrote in it."""
    try:
        damaged = damaged_files(folder / INDEX_DIR)
    except (OSError, ValueError) as exc:  # meta.json gone or unreadable meanwhile
        damaged = [f"meta.json ({exc})"]
    if damaged:
        return Finding(
            "index",
            False,
            f"{len(damaged)} file(s) of the search index are damaged (their checksums do not"
            f" match), such as {damaged[0]}: `cables repair` rebuilds it from the database",
        )
    return Finding("index", True, f"the search index's files match their checksums ({note})")


def _lost(conn: sqlite3.Connection, _folder: Path, _full: bool) -> Finding | None:
    """Cables a repair could not bring back (none: no finding)."""
    try:
        ids = [str(r[0]) for r in conn.execute("SELECT cable_id FROM lost ORDER BY 1")]
    except sqlite3.OperationalError:  # an archive of a schema before the table
        return None
    if not ids:
        return None
    return Finding(
        "lost",
        False,
        f"{len(ids):,} {'cable' if len(ids) == 1 else 'cables'} could not be brought back"
        " by a repair: `cables repair --source"
        " PATH` reads them from PATH, or ingest the files they came from",
        tuple(ids[:SHOWN]),
    )


def _index(conn: sqlite3.Connection, folder: Path, _full: bool) -> Finding:
    """The search index holds the same cables as SQLite."""
    cables = {str(r[0]) for r in conn.execute("SELECT id FROM cables")}
    if not (folder / INDEX_DIR).is_dir():
        return Finding("index", False, "no search index: `cables reindex` builds it")
    files = _index_files(folder, "")  # first: damaged files can make tantivy panic
    if not files.ok:
        return files
    try:
        index = SearchIndex(folder / INDEX_DIR)
    except IndexUnavailable:
        # A read-only folder: tantivy cannot open the index there, but its files can be read.
        return _index_files(
            folder,
            "its cables not compared with the database: the folder is"
            " read-only, and tantivy opens an index only where it can write",
        )
    except IndexOutdated as exc:
        return Finding("index", False, f"{exc}: `cables reindex` rebuilds it")
    except Exception as exc:  # tantivy's errors on a damaged or missing index
        return Finding(
            "index",
            False,
            f"the search index cannot be opened ({exc}): `cables reindex` rebuilds it",
        )
    try:
        indexed = set(index.all_ids())
    except Exception as exc:
        return Finding(
            "index", False, f"the search index cannot be read ({exc}): `cables reindex` rebuilds it"
        )
    finally:
        index.close()
    missing = sorted(cables - indexed)
    extra = sorted(indexed - cables)
    if not missing and not extra:
        return Finding(
            "index", True, f"the search index holds the archive's {len(cables):,} cables"
        )
    parts = []
    if missing:
        parts.append(f"{len(missing):,} cables not in the search index")
    if extra:
        parts.append(f"{len(extra):,} indexed cables not in the archive")
    return Finding(
        "index",
        False,
        "; ".join(parts) + ": `cables reindex` rebuilds it (an ingest under way commits its own)",
        tuple((missing + extra)[:SHOWN]),
    )
