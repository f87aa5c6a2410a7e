"""One writer at a time: the archive's writer lock.

Two processes writing one archive would interleave their SQLite transactions and fight over
tantivy's own lock (the second died with a `LockBusy` traceback and stored nothing). A writer
(an ingest, `cables embed`, `cables enrich`, `cables analyse`, a rebuild of the index) holds
an exclusive `flock` on `writer.lock` in the archive's folder while it writes, with its pid
and command written in the file, so that another is told at once who holds it. Readers (the
viewer, searches) take no lock: they read what is committed. The kernel releases the lock
when its process ends, however it ends: a killed writer leaves nothing to clean.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "writer.lock"


class ArchiveLocked(Exception):
    """Another process is writing the archive."""

    def __init__(self, folder: Path, holder: str) -> None:
        who = f"process {holder}" if holder else "another process"
        super().__init__(
            f"the archive at {folder} is being written by {who}: wait for it to end (or stop"
            " it), then run this again; searches and the viewer go on meanwhile"
        )
        self.holder = holder


@contextmanager
def writer_lock(folder: Path) -> Iterator[None]:
    """Hold the archive's writer lock, or raise ArchiveLocked at once naming its holder."""
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 1000, 0).decode("utf-8", "replace").strip()
            raise ArchiveLocked(folder, holder) from None
        command = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv))
        # Who holds it, for another writer's message: best effort (a full disk has no room
        # for these few bytes; the lock itself is the flock).
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} ({command[:300]})\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def is_locked(folder: Path) -> bool:
    """Whether another process holds the writer lock now."""
    path = folder / LOCK_FILE
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
