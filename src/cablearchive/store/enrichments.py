"""What heavy enrichments (`cables enrich`) read and write: the cables still to do, and each
cable's results (SQL only; the work itself runs in enrich/, on a pool or a Dask cluster).

An enrichment is recorded per cable (`enrichments`: the version it read, the model's name and
version), so that a run goes on where a killed one stopped, and a cable whose version shown
changed since, or that another model read, is done again. Results are written beside the
parser's and never replace them: they have `source` set to the model or the first-name rule
and follow the parser's in the cable's `names` row; a parsed field is never touched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from cablearchive.people.enrichment import FIRST_NAMES, ModelName
from cablearchive.store.codec import Unpacker
from cablearchive.store.connections import writing
from cablearchive.store.people import END, PARAGRAPH, SOURCE, START, names_data, names_of_row

PEOPLE = "people"

_PENDING = """
SELECT c.id, c.version FROM cables c
LEFT JOIN enrichments e ON e.cable_id = c.id AND e.kind = ?
WHERE e.cable_id IS NULL OR e.version_id != c.version OR e.model != ?
"""


def pending(conn: sqlite3.Connection, kind: str, model: str) -> Iterator[tuple[str, int]]:
    """(cable id, version shown) of every cable `model` has not read as it is now, by id."""
    rows = conn.execute(_PENDING + " ORDER BY c.id", (kind, model)).fetchall()
    yield from ((str(cable_id), int(version)) for cable_id, version in rows)


def count_pending(conn: sqlite3.Connection, kind: str, model: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM ({_PENDING})", (kind, model)).fetchone()[0])


def write_people(
    conn: sqlite3.Connection,
    enrichment: str,
    model: str | None,
    found: list[tuple[str, int, list[ModelName]]],
) -> int:
    """Store what the enrichment `enrichment` (people/enrichment.py's `enrichment_name`) found
    in each (cable, version read), in one transaction, the names of `model` (`name version`)
    and of the first-name rule with their sources; a cable whose version shown changed while
    it was read is left for the next run. A name the parser's rules read at the same place is
    not written again; what an earlier enrichment wrote is replaced. Returns the cables stored."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    stored = 0
    unpacker = Unpacker.of(conn)
    with writing(conn):
        for cable_id, version, names in found:
            row = conn.execute("SELECT version FROM cables WHERE id = ?", (cable_id,)).fetchone()
            if row is None or int(row[0]) != version:
                continue
            stored_names = conn.execute(
                "SELECT data FROM names WHERE cable_id = ?", (cable_id,)
            ).fetchone()
            parsed = (
                [n for n in names_of_row(stored_names[0], unpacker) if not n[SOURCE]]
                if stored_names
                else []
            )
            places = [(n[PARAGRAPH], n[START], n[END]) for n in parsed if n[PARAGRAPH] is not None]
            kept = [n for n in names if not _overlaps(n, places)]
            by_rule = [_row(n) for n in kept if n.by_rule]
            by_model = [_row(n) for n in kept if not n.by_rule]
            parts = (
                names_data(parsed_rows(parsed)),
                names_data(by_rule, FIRST_NAMES),
                names_data(by_model, model or ""),
            )
            data = b"".join([b"[", b",".join(d[1:-1] for d in parts if d is not None), b"]"])
            new = by_rule or by_model
            if parsed or new:
                conn.execute(
                    "INSERT OR REPLACE INTO names (cable_id, data) VALUES (?, ?)", (cable_id, data)
                )
            else:  # what an earlier enrichment found there is gone with this one's reading
                conn.execute("DELETE FROM names WHERE cable_id = ?", (cable_id,))
            conn.execute(
                "INSERT OR REPLACE INTO enrichments (cable_id, kind, version_id, model, done_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (cable_id, PEOPLE, version, enrichment, now),
            )
            stored += 1
    return stored


def parsed_rows(names: list[list[Any]]) -> list[list[Any]]:
    """Names as read back, as people/extract.py gives them (their source left out)."""
    return [n[:SOURCE] for n in names]


def _row(name: ModelName) -> tuple[str, str, None, int, int, int]:
    return ("mentioned", name.written, None, name.paragraph, name.start, name.end)


def _overlaps(name: ModelName, parsed: list[tuple[int, int, int]]) -> bool:
    return any(p == name.paragraph and s < name.end and name.start < e for p, s, e in parsed)
