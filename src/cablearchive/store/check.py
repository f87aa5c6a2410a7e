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
from cablearchive.store.faults import database_fault
from cablearchive.store.index import INDEX_DIR, IndexOutdated, SearchIndex
from cablearchive.store.schema import SCHEMA_VERSION

SHOWN = 20  # ids named at most a finding


@dataclass(frozen=True, slots=True)
class Finding:
    part: str  # what was checked: `database`, `schema`, `texts`, `index`
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
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for check in (_pages, _schema, _texts, _index):
            try:
                report.findings.append(check(conn, report.folder, full))
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
    """Every stored text decompresses and hashes to its recorded fingerprint."""
    unpacker = Unpacker.of(conn)
    bad: list[str] = []
    checked = 0
    legacy = 0
    for cable_id, recorded, blob in conn.execute("SELECT cable_id, text_hash, text FROM versions"):
        checked += 1
        if not str(recorded).startswith(FINGERPRINT):
            legacy += 1  # fingerprinted before schema v5 (SHA-256 of the words): not rehashed
            continue
        try:
            ok = text_hash(unpacker.text_bytes(blob)) == recorded
        except Exception:  # a frame that does not decompress, a missing dictionary
            ok = False
        if not ok:
            bad.append(str(cable_id))
    if bad:
        return Finding(
            "texts",
            False,
            f"{len(bad):,} of {checked:,} stored texts do not decompress to their fingerprint",
            tuple(bad[:SHOWN]),
        )
    note = f" ({legacy:,} of an older fingerprint not rehashed)" if legacy else ""
    return Finding(
        "texts", True, f"{checked:,} stored texts decompress to their fingerprints{note}"
    )


def _index(conn: sqlite3.Connection, folder: Path, _full: bool) -> Finding:
    """The search index holds the same cables as SQLite."""
    cables = {str(r[0]) for r in conn.execute("SELECT id FROM cables")}
    if not (folder / INDEX_DIR).is_dir():
        return Finding("index", False, "no search index: `cables reindex` builds it")
    try:
        index = SearchIndex(folder / INDEX_DIR)
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
