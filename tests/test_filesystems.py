"""Filesystems that fail an archive, for real, on small tmpfs mounts.

A full disk: an archive on 40 MB, filled by `cables ingest` of the real Cablegate pages. The
ingest says the disk is full and how many cables are stored, with no traceback; searches go on
over what the index holds; once there is room, the same command completes the archive.

A read-only one: the archive is read (search, show, check) and a writer is told in one line
that it cannot write there. Mounting needs root (as CI runs): skipped with a message otherwise.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablearchive.store import Archive
from cablearchive.store.check import check_archive
from tests.shared import SITE_CORPUS, shared_file


def _cables(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cablearchive", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"a small tmpfs cannot be mounted here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_said_and_the_same_command_completes_the_work(
    small_disk: Path, tmp_path: Path, shared_dir: Path
) -> None:
    corpus = str(shared_file(shared_dir, SITE_CORPUS))
    folder = small_disk / "archive"
    ingest = ("ingest", "-j", "2", "--archive", str(folder), corpus)
    first = _cables(*ingest)
    assert first.returncode == 1, first.stderr
    assert "Traceback" not in first.stderr
    assert "the disk is full" in first.stderr
    assert "run the same command again to complete the work" in first.stderr
    with Archive.open(folder, create=False, reader=True) as archive:
        stored = archive.count()
        indexed = archive.index.count()
    assert stored > 0
    assert f"{stored:,} cables are stored" in first.stderr or "committed is kept" in first.stderr

    # Searches go on over what is there, and say when the index is behind what is stored.
    search = _cables("search", "--archive", str(folder), "--json", "embassy")
    assert search.returncode == 0, search.stderr
    assert "Traceback" not in search.stderr
    assert '"total"' in search.stdout
    if indexed < stored:  # the index could not catch up: said, not hidden
        assert f"the search index holds {indexed:,} of the archive's {stored:,}" in search.stderr
        assert "the disk is full" in search.stderr

    # Room again: the same command completes the archive, which is then whole.
    subprocess.run(["mount", "-o", "remount,size=400m", str(small_disk)], check=True)
    second = _cables(*ingest)
    assert second.returncode == 0, second.stderr
    reference = tmp_path / "reference"
    with Archive.open(reference) as archive:
        archive.ingest([corpus], jobs=2)
        expected = archive.ids()
    with Archive.open(folder, create=False, reader=True) as archive:
        assert archive.ids() == expected
    assert check_archive(folder).ok


def test_a_read_only_archive_is_read_and_not_written(small_disk: Path) -> None:
    folder = small_disk / "archive"
    with Archive.open(folder) as archive:
        assert archive.ingest([EXAMPLES]).new == 9
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        show = _cables("show", "09ANKARA718", "--archive", str(folder))
        assert show.returncode == 0 and "09ANKARA718" in show.stdout, show.stderr
        stats = _cables("stats", "--archive", str(folder))
        assert stats.returncode == 0, stats.stderr
        check = _cables("check", "--archive", str(folder))
        assert check.returncode == 0, check.stdout + check.stderr
        # tantivy takes a lock file to open an index, which a read-only folder refuses: said.
        search = _cables("search", "Ankara", "--archive", str(folder))
        assert search.returncode == 1 and "Traceback" not in search.stderr, search.stderr
        assert "cannot be opened on a folder that cannot be written" in search.stderr
        assert "`cables backup DEST`" in search.stderr
        for writer in (("ingest", str(EXAMPLES)), ("reindex",), ("analyse",), ("repair",)):
            done = _cables(*writer, "--archive", str(folder))
            assert done.returncode == 1, (writer, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr
            assert "read-only" in done.stderr, (writer, done.stderr)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=False)
