"""How the store uses its connections: writing in one transaction that takes the write lock at
once, and reading on a connection of its own (what an ingest's end runs on other threads, the
reference graph and the people, while its own connection builds the read indexes)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def read_only(database: Path, *, shared: bool = False) -> sqlite3.Connection:
    """A read-only connection to `database`; `immutable` where its folder cannot be written
    (a read-only mount or copy), since SQLite could not make the files a WAL reader needs.
    `shared`: for an Archive (autocommit, lent across threads one at a time)."""
    uri = database.resolve().as_uri() + "?mode=ro"
    if not os.access(database.parent, os.W_OK):
        uri += "&immutable=1"
    if shared:  # autocommit, usable from any thread one at a time (as a server lends it)
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    return sqlite3.connect(uri, uri=True)


def read_apart(database: Path, read: Callable[[sqlite3.Connection], T]) -> T:
    """`read(conn)` on a read-only connection to `database`, in one snapshot of it."""
    conn = read_only(database)
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
