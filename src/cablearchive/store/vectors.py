"""What the similar cables read and write (SQL only): each cable's vector, the cables still
to embed, and the index of the vectors made by the archive's model.

A vector is recorded with the version it was made from and the model that made it, so that
`cables embed` (and an ingest) embeds only what is missing or stale: a cable whose version
shown changed, or whose vector another model made.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from cablearchive.store.connections import writing
from cablearchive.vectors.embedding import Embedded
from cablearchive.vectors.index import VectorIndex

_PENDING = """
SELECT c.id, c.version FROM cables c LEFT JOIN vectors v ON v.cable_id = c.id
WHERE v.cable_id IS NULL OR v.version_id != c.version OR v.model != ?
"""


def pending(conn: sqlite3.Connection, model: str) -> list[tuple[str, int]]:
    """(cable id, version shown) of every cable `model` has no vector of as it is now, by id."""
    rows = conn.execute(_PENDING + " ORDER BY c.id", (model,)).fetchall()
    return [(str(cable_id), int(version)) for cable_id, version in rows]


def count_pending(conn: sqlite3.Connection, model: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM ({_PENDING})", (model,)).fetchone()[0])


def write(conn: sqlite3.Connection, model: str, embedded: Iterable[Embedded]) -> int:
    """Store the vectors `model` made, in one transaction; a cable whose version shown changed
    meanwhile is left for the next run. Returns the cables stored."""
    stored = 0
    with writing(conn):
        for e in embedded:
            row = conn.execute("SELECT version FROM cables WHERE id = ?", (e.cable_id,)).fetchone()
            if row is None or int(row[0]) != e.version:
                continue
            conn.execute(
                "INSERT OR REPLACE INTO vectors (cable_id, version_id, model, scale, data)"
                " VALUES (?, ?, ?, ?, ?)",
                (e.cable_id, e.version, model, e.scale, e.data),
            )
            stored += 1
        conn.execute("UPDATE vectors_state SET stamp = stamp + 1")
    return stored


def stamp(conn: sqlite3.Connection) -> int:
    """Changes whenever vectors are stored."""
    return int(conn.execute("SELECT stamp FROM vectors_state").fetchone()[0])


def load_index(conn: sqlite3.Connection, model: str, dim: int) -> VectorIndex:
    """The current vectors of `model` (of the versions shown), by cable id."""
    rows = conn.execute(
        "SELECT v.cable_id, v.scale, v.data FROM vectors v JOIN cables c ON c.id = v.cable_id"
        " AND c.version = v.version_id WHERE v.model = ? AND v.data IS NOT NULL"
        " ORDER BY v.cable_id",
        (model,),
    ).fetchall()
    data = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.int8).reshape(len(rows), dim)
    scales = np.array([r[1] for r in rows], dtype=np.float32)
    return VectorIndex(tuple(str(r[0]) for r in rows), data, scales)


@dataclass(frozen=True, slots=True)
class VectorState:
    """What the archive holds of one cable's vector."""

    model: str
    current: bool  # made from the version shown, by the archive's model
    has_text: bool  # False: the cable had no word to embed


def vector_state(conn: sqlite3.Connection, cable_id: str, model: str | None) -> VectorState | None:
    row = conn.execute(
        "SELECT v.model, v.version_id = c.version, v.data IS NOT NULL FROM vectors v"
        " JOIN cables c ON c.id = v.cable_id WHERE v.cable_id = ?",
        (cable_id,),
    ).fetchone()
    if row is None:
        return None
    return VectorState(str(row[0]), bool(row[1]) and row[0] == model, bool(row[2]))


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Vectors stored by model (texts with no vector counted under `model (no text)`)."""
    rows = conn.execute(
        "SELECT model, data IS NULL, count(*) FROM vectors GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    return {(m if not empty else f"{m} (no text)"): int(n) for m, empty, n in rows}
