"""How the store uses its connections: writing in one transaction that takes the write lock at
once, and reading on a connection of its own (what an ingest's end runs on other threads, the
reference graph and the people, while its own connection builds the read indexes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[None]:
    """One transaction, holding the write lock from its start (a reader's snapshot is never
    upgraded half-way), committed at the end of the block, rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
