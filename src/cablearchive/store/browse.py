"""Read-only queries for browsing an archive: groups with their counts and the cables in one.

Pure functions over a connection, so the viewer and Python users page through the same SQL.
Every list is ordered newest first by creation date, then by id, so pages are stable.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

Dimension = Literal["origin", "tag", "month", "released", "classification", "year"]
DIMENSIONS: tuple[Dimension, ...] = ("origin", "tag", "classification", "year", "month", "released")

# (the expression a group is keyed by, the table it comes from); `released` groups by day:
# Cablegate published in dated batches.
_KEYS: dict[Dimension, str] = {
    "origin": "origin",
    "classification": "classification",
    "year": "substr(created, 1, 4)",
    "month": "substr(created, 1, 7)",
    "released": "substr(released, 1, 10)",
}


@dataclass(frozen=True, slots=True)
class CableSummary:
    """One line of a list of cables."""

    id: str
    subject: str | None
    created: str | None
    classification: str | None
    origin: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subject": self.subject,
            "created": self.created,
            "classification": self.classification,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    cables: tuple[CableSummary, ...]


_SUMMARY = "SELECT c.id, c.subject, c.created, c.classification, c.origin FROM cables c"
_ORDER = " ORDER BY c.created DESC, c.id LIMIT ? OFFSET ?"


def groups(conn: sqlite3.Connection, dimension: Dimension) -> tuple[tuple[str, int], ...]:
    """Every value of `dimension` with its number of cables: tags and origins by count,
    dates in order."""
    if dimension == "tag":
        sql = (
            "SELECT tag, count(DISTINCT cable_id) AS n FROM tags GROUP BY tag ORDER BY n DESC, tag"
        )
    else:
        key = _KEYS[dimension]
        order = "n DESC, k" if dimension in ("origin", "classification") else "k"
        sql = (
            f"SELECT {key} AS k, count(*) AS n FROM cables WHERE {key} IS NOT NULL"
            f" GROUP BY k ORDER BY {order}"
        )
    return tuple((str(k), int(n)) for k, n in conn.execute(sql))


def cables_in(
    conn: sqlite3.Connection, dimension: Dimension, value: str, *, limit: int, offset: int
) -> Page:
    """The cables whose `dimension` is `value` (a tag, an origin, `2006-07` for a month...)."""
    params: tuple[str, ...] = (value,)
    if dimension == "tag":
        count_sql = "SELECT count(DISTINCT cable_id) FROM tags WHERE tag = ?"
        select = _SUMMARY + " WHERE c.id IN (SELECT cable_id FROM tags WHERE tag = ?)"
    else:
        if dimension in ("origin", "classification"):
            where = f" WHERE c.{dimension} = ?"
        else:
            # Dates: a prefix range on the indexed column instead of substr() over every row.
            column = "released" if dimension == "released" else "created"
            where = f" WHERE c.{column} >= ? AND c.{column} < ?"
            params = (value, value + "~")
        count_sql = "SELECT count(*) FROM cables c" + where
        select = _SUMMARY + where
    total = int(conn.execute(count_sql, params).fetchone()[0])
    rows = conn.execute(select + _ORDER, (*params, limit, offset))
    return Page(total, tuple(CableSummary(*r) for r in rows))


def most_cited(conn: sqlite3.Connection, limit: int) -> tuple[tuple[CableSummary, int], ...]:
    """The cables of the archive that the most other cables of the archive cite."""
    rows = conn.execute(
        "SELECT c.id, c.subject, c.created, c.classification, c.origin, n FROM"
        " (SELECT ref_id, count(DISTINCT cable_id) AS n FROM refs WHERE ref_id IS NOT NULL"
        "  GROUP BY ref_id) r JOIN cables c ON c.id = r.ref_id"
        " ORDER BY n DESC, c.id LIMIT ?",
        (limit,),
    )
    return tuple((CableSummary(*r[:5]), int(r[5])) for r in rows)


def summaries(conn: sqlite3.Connection, ids: list[str]) -> dict[str, CableSummary]:
    """The list lines of `ids` that are in the archive."""
    out: dict[str, CableSummary] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(_SUMMARY + f" WHERE c.id IN ({marks})", chunk):
            out[r[0]] = CableSummary(*r)
    return out


def generation(conn: sqlite3.Connection) -> tuple[int, int]:
    """Changes whenever an ingest changes what the archive shows: for caching aggregates."""
    row = conn.execute("SELECT coalesce(max(id), 0), count(*) FROM versions").fetchone()
    return int(row[0]), int(row[1])
