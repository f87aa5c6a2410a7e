"""The archive's writer lock on real files: one writer at a time, the holder named, the lock
held through a writer's nested writes and gone when it ends; readers take none."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cablearchive.store import Archive
from cablearchive.store.lock import LOCK_FILE, ArchiveLocked, is_locked

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    with Archive.open(folder) as first, Archive.open(folder) as second:
        assert not is_locked(folder)
        with first._writer():
            assert is_locked(folder)
            assert (folder / LOCK_FILE).read_text().startswith(f"{os.getpid()} (")
            with pytest.raises(ArchiveLocked, match=f"written by process {os.getpid()} "):
                second.ingest([EXAMPLES / "text"])
            with pytest.raises(ArchiveLocked):
                second.embed()
            # The holder writes on: an ingest inside its own lock (which embeds, analyses
            # and groups people inside it too).
            assert first.ingest([EXAMPLES / "text"]).new == 4
            # A reader reads meanwhile.
            with Archive.open(folder, create=False, reader=True) as reader:
                assert reader.count() == 4
        assert not is_locked(folder)
        assert second.ingest([EXAMPLES]).new == 5
