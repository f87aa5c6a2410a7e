"""What the faults an archive meets mean, in words a user understands, with what to do: one
line for the command line and the viewer alike, never a traceback."""

from __future__ import annotations

import sqlite3


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
            f"the archive's database is damaged ({text}): restore it from a copy, or ingest"
            " its sources into a new archive"
        )
    return f"the archive's database could not be used: {text}"
