"""Read-only queries for browsing an archive: groups with their counts and the cables in one.

Pure functions over a connection, so the viewer and Python users page through the same SQL.
Every list is ordered newest first by creation date, then by id (descending: the order the
indexes are read backwards in), so pages are stable.
"""

from __future__ import annotations

import json
import re
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

# What a group of a date dimension is called: its key as `groups` gives it.
_DATE_VALUES: dict[Dimension, re.Pattern[str]] = {
    "year": re.compile(r"\d{4}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "released": re.compile(r"\d{4}-\d{2}-\d{2}"),
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
    conn: sqlite3.Connection,
    dimension: Dimension,
    value: str,
    *,
    limit: int,
    offset: int,
    total: int | None = None,
) -> Page:
    """The cables whose `dimension` is `value` (a tag, an origin, `2006-07` for a month...),
    newest first (then by id, descending). `total` is the group's size when the caller knows
    it (the stored overview counts every group); it is counted otherwise.

    The ids of a page come from one index alone (the deepest page of a tag of 100,000 cables
    steps over index entries, not table rows); only the page's own rows are read after.
    """
    params: tuple[str, ...] = (value,)
    if dimension in _DATE_VALUES and not _DATE_VALUES[dimension].fullmatch(value):
        # Dates are matched as prefixes below: `2` or `` would find other groups' cables.
        return Page(0, ())
    if dimension == "tag":
        # DISTINCT: a cable may repeat a tag in its TAGS line.
        ids_sql = "SELECT DISTINCT created, cable_id FROM tags WHERE tag = ?"
        order = " ORDER BY created DESC, cable_id DESC"
    else:
        if dimension in ("origin", "classification"):
            where = f"{dimension} = ?"
        else:
            # Dates: a prefix range on the indexed column instead of substr() over every row.
            column = "released" if dimension == "released" else "created"
            where = f"{column} >= ? AND {column} < ?"
            params = (value, value + "~")
        ids_sql = f"SELECT created, id FROM cables WHERE {where}"
        order = " ORDER BY created DESC, id DESC"
    if total is None:
        total = int(conn.execute(f"SELECT count(*) FROM ({ids_sql})", params).fetchone()[0])
    ids = [
        r[1] for r in conn.execute(ids_sql + order + " LIMIT ? OFFSET ?", (*params, limit, offset))
    ]
    found = summaries(conn, ids)
    return Page(total, tuple(found[i] for i in ids if i in found))


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


def generation(conn: sqlite3.Connection) -> int:
    """Grows whenever an ingest changes what the archive shows (every new cable or text is a
    new version row): what cached counts are checked against."""
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM versions").fetchone()[0])


def stored_overview(conn: sqlite3.Connection, current: int) -> dict[str, Any] | None:
    """The overview an ingest stored, if the archive has not changed since."""
    row = conn.execute("SELECT generation, value FROM overview WHERE id = 1").fetchone()
    if row is None or int(row[0]) != current:
        return None
    value: dict[str, Any] = json.loads(row[1])
    return value


def store_overview(conn: sqlite3.Connection, current: int, value: dict[str, Any]) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO overview (id, generation, value) VALUES (1, ?, ?)",
        (current, json.dumps(value, ensure_ascii=False)),
    )
