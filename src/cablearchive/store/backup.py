"""`cables backup DEST`: a consistent copy of an archive while it is served or written.

SQLite is copied by its online backup API (a snapshot of one moment, whatever writes meanwhile).
The search index is copied at a commit point: its `meta.json` read first, then the files of
the segments it lists (tantivy never changes a committed segment's files; a merge writes new
ones and deletes the old after the next commit). If a listed file vanished while it was
copied, or the copy does not hold the copied SQLite's cables, the index is rebuilt from the
copied SQLite instead: the copy is always in step. The models beside them (similar cables,
people) are copied as they are.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cablearchive.store.archive import DATABASE, Archive
from cablearchive.store.connections import read_only
from cablearchive.store.index import INDEX_DIR, VERSION_FILE, SearchIndex

MODELS = "models"


class BackupError(Exception):
    """The copy cannot be made (no archive, a destination that is not empty)."""


@dataclass(frozen=True, slots=True)
class BackupSummary:
    destination: Path
    cables: int
    index: str  # `copied` at a commit point, or `rebuilt` from the copied SQLite
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "destination": str(self.destination),
            "cables": self.cables,
            "index": self.index,
            "seconds": round(self.seconds, 2),
        }


def backup(source: str | Path, destination: str | Path) -> BackupSummary:
    started = time.perf_counter()
    src, dest = Path(source), Path(destination)
    if not (src / DATABASE).is_file():
        raise BackupError(f"no archive at {src} (no {DATABASE} there)")
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: name a new folder for the copy")
    dest.mkdir(parents=True, exist_ok=True)
    reading = read_only(src / DATABASE)
    writing = sqlite3.connect(dest / DATABASE)
    try:
        reading.backup(writing)
        cables = int(writing.execute("SELECT count(*) FROM cables").fetchone()[0])
    finally:
        writing.close()
        reading.close()
    if (src / MODELS).is_dir():
        shutil.copytree(src / MODELS, dest / MODELS)
    index = "copied" if _copy_index(src / INDEX_DIR, dest / INDEX_DIR, cables) else "rebuilt"
    if index == "rebuilt":
        shutil.rmtree(dest / INDEX_DIR, ignore_errors=True)
        with Archive.open(dest, create=False) as archive:
            archive.reindex()
    return BackupSummary(dest, cables, index, time.perf_counter() - started)


def _copy_index(src: Path, dest: Path, cables: int) -> bool:
    """The index's files at its last commit copied to `dest`; False when that could not be
    done whole, or the copy does not hold `cables` cables (it is then rebuilt)."""
    try:
        meta = (src / "meta.json").read_bytes()
        segments = [s["segment_id"].replace("-", "") for s in json.loads(meta)["segments"]]
        dest.mkdir(parents=True)
        for path in src.iterdir():
            if any(path.name.startswith(s) for s in segments):
                shutil.copy2(path, dest / path.name)
        if (src / VERSION_FILE).exists():
            shutil.copy2(src / VERSION_FILE, dest / VERSION_FILE)
        (dest / "meta.json").write_bytes(meta)
        index = SearchIndex(dest)
        try:
            return index.count() == cables
        finally:
            index.close()
    except Exception:  # a file gone mid-copy, a damaged meta.json: rebuilt from SQLite
        return False
