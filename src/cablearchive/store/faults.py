"""What the faults an archive meets mean, in words a user understands, with what to do: one
line for the command line and the viewer alike, never a traceback."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path


def database_fault(exc: sqlite3.DatabaseError) -> str:
    """What an error of SQLite means for the archive, and what to do."""
    text = str(exc)
    if "disk is full" in text or "disk I/O error" in text:
        return (
            f"the disk is full or failing ({text}): what was committed is kept; free some"
            " room and run the same command again to complete the work"
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return (
            f"the archive's database is damaged ({text}): `cables repair` brings back what"
            " still reads and reads the rest again from its sources (the damaged file is"
            " kept), or restore it from a copy"
        )
    if "readonly" in text or "read-only" in text:
        return (
            f"the archive cannot be written here: its folder or database is read-only ({text});"
            " copy it (`cables backup`) to a writable folder to write it"
        )
    if "unable to open database file" in text:
        return (
            f"the archive's database cannot be opened ({text}): check that its folder exists"
            " and can be read and written"
        )
    return f"the archive's database could not be used: {text}"


_FULL_WORDS = ("No space left on device", "database or disk is full", "disk is full")


# tantivy's words for an I/O error met on one of its own threads, whose cause it does not say.
_IO_WORDS = ("io::Error", "IoError", "index writer was killed")
_LITTLE_ROOM = 4 << 20  # bytes free under which an unexplained I/O error is the full disk


def is_disk_full(exc: BaseException, folder: Path | None = None) -> bool:
    """Whether `exc` (or what caused it) is a full disk: an OSError of ENOSPC, SQLite's
    SQLITE_FULL, tantivy's error carrying the OS's words, or (given the `folder` written)
    tantivy's unexplained I/O error where that folder's disk has next to no room left."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            return True
        if any(words in str(current) for words in _FULL_WORDS):
            return True
        if folder is not None and any(words in str(current) for words in _IO_WORDS):
            try:
                return shutil.disk_usage(folder).free < _LITTLE_ROOM
            except OSError:
                return False
        current = current.__cause__ or current.__context__
    return False


class DiskFull(Exception):
    """The disk filled while the archive was written: what was committed is kept."""

    def __init__(self, folder: Path, stored: int | None) -> None:
        count = (
            f"{stored:,} cables are stored in {folder}"
            if stored is not None
            else (f"what was committed to {folder} is kept")
        )
        super().__init__(
            f"the disk is full: {count}; free some room and run the same command again to"
            " complete the work"
        )


class ArchiveReadOnly(Exception):
    """The archive's folder cannot be written (a read-only mount or copy)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"the archive at {folder} is read-only (its folder cannot be written): searches"
            " and the viewer read it as it is; to write it, copy it to a writable folder with"
            " `cables backup DEST` and write the copy"
        )
