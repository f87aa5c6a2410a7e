"""Archives lent to request handlers, and the aggregates the home and browse pages reuse.

SQLite connections and tantivy searchers are not for two threads at once, and opening them for
every request would cost more than most pages take: the pool keeps a few open archives and
lends each to one request at a time.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import Depends, HTTPException, Request

from cablearchive.search.query import QueryError
from cablearchive.store import Archive
from cablearchive.store.archive import database_file
from cablearchive.store.index import IndexOutdated, IndexUnavailable
from cablearchive.store.similar import VectorCache


class ArchivePool:
    """A few open archives of one folder, each lent to one request at a time.

    An archive whose database file was replaced since it was opened (`cables repair` moves a
    fresh one in, a backup restored by hand) is opened anew when it is next lent: the
    server recovers without a restart.
    """

    def __init__(self, folder: Path, size: int = 4) -> None:
        self.folder = folder
        # The similar cables' model and vectors, loaded once for all the pool's archives.
        self._vectors = VectorCache()
        # Opened once here so that a missing or unreadable archive fails at start, not at
        # the first request.
        first = self._open()
        self._free: queue.SimpleQueue[Archive] = queue.SimpleQueue()
        self._free.put(first)
        self._size = size
        self._lock = threading.Lock()
        self._all = [first]
        self.index_note = index_note(first)
        # Created on the event loop, at the first request.
        self._lending: anyio.Semaphore | None = None

    def _open(self) -> Archive:
        return Archive.open(self.folder, create=False, reader=True, vectors=self._vectors)

    def _fresh(self, archive: Archive) -> Archive:
        """`archive`, or one opened anew in its place if its database file was replaced."""
        now = database_file(self.folder)
        if now is None or now == archive.database_file:
            return archive  # the same file (or none this instant: a swap under way)
        fresh = self._open()
        with self._lock:
            self._all = [fresh if a is archive else a for a in self._all]
        archive.close()
        return fresh

    @contextmanager
    def borrow(self) -> Iterator[Archive]:
        archive = self._take()
        try:
            archive = self._fresh(archive)
            yield archive
        finally:
            self._free.put(archive)

    @asynccontextmanager
    async def lend(self) -> AsyncIterator[Archive]:
        """`borrow` for request handlers, run on the event loop: a request waits there for a
        free archive, not on one of the server's threads (a sync dependency would take a
        thread to borrow, and another to give back, on every request)."""
        if self._lending is None:
            self._lending = anyio.Semaphore(self._size)
        async with self._lending:
            try:
                archive = self._free.get_nowait()
            except queue.Empty:
                # Opening another archive (or waiting for the one a thread holds) blocks.
                archive = await anyio.to_thread.run_sync(self._take)
            try:
                archive = self._fresh(archive)
                yield archive
            finally:
                self._free.put(archive)

    def _take(self) -> Archive:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._all) < self._size:
                archive = self._open()
                self._all.append(archive)
                return archive
        return self._free.get()

    def close(self) -> None:
        for archive in self._all:
            archive.close()


def check_archive(folder: Path) -> str | None:
    """Open the archive in `folder` once, as a server's supervisor does before it starts its
    workers: raises what `Archive.open` raises when there is none, else returns its
    index note."""
    with Archive.open(folder, create=False, reader=True) as archive:
        return index_note(archive)


@contextmanager
def search_errors(*, api: bool = False) -> Iterator[None]:
    """A search's faults as HTTP errors: a query that cannot be read is a 400, an index being
    rebuilt a 503; worded for a page, or for the JSON API (`api`)."""
    try:
        yield
    except QueryError as e:
        raise HTTPException(
            400, f"bad query: {e}" if api else f"This query cannot be read: {e}."
        ) from None
    except (IndexOutdated, IndexUnavailable) as e:
        raise HTTPException(
            503, f"search is unavailable: {e}" if api else f"Search is unavailable: {e}."
        ) from None


def index_note(archive: Archive) -> str | None:
    """A warning when the search index does not hold every cable (a server never rebuilds
    it: an ingest may be writing it right now); None when it does."""
    try:
        indexed = archive.index.count()
    except IndexOutdated as exc:
        return f"{exc}; until then searches fail"
    stored = archive.count()
    if indexed == stored:
        return None
    return (
        f"the search index holds {indexed:,} of the archive's {stored:,} cables (an ingest is"
        " running, or was interrupted): searches miss the others until the ingest ends or"
        " `cables reindex` runs"
    )


class OverviewCache:
    """The archive's overview (home page counts, browse groups), kept in memory until an
    ingest changes the archive. One request computes it when the ingest did not store it;
    the others wait for that one rather than count again."""

    def __init__(self) -> None:
        self._value: dict[str, Any] = {}
        self._generation = -1
        self._lock = threading.Lock()

    def get(self, archive: Archive) -> dict[str, Any]:
        current = archive.generation()
        with self._lock:
            if self._generation != current:
                self._value = archive.overview()
                self._generation = current
            return self._value


async def archive(request: Request) -> AsyncIterator[Archive]:
    """The request handlers' dependency: an archive of the app's pool, for this request."""
    async with request.app.state.pool.lend() as lent:
        yield lent


Lent = Annotated[Archive, Depends(archive)]
