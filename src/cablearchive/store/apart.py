"""Reading an archive on a connection of its own: what an ingest's end runs on other threads
(the reference graph, the people) while its own connection builds the read indexes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def read_apart(database: Path, read: Callable[[sqlite3.Connection], T]) -> T:
    """`read(conn)` on a read-only connection to `database`, in one snapshot of it."""
    conn = sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        conn.execute("BEGIN")  # one snapshot of the archive for every read
        return read(conn)
    finally:
        conn.close()
