"""Real `cables ingest` processes, killed and interrupted: no worker outlives its ingest, Ctrl-C
stops it and says what was stored, and the same command then completes the archive."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cablearchive.store import Archive
from cablearchive.workers import ApartFailed, run_apart
from tests.shared import SITE_CORPUS, alive, shared_file, stored_count

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SITE_CABLES = 6709  # what an ingest of the 6,712 site pages stores


def _children(pid: int) -> set[int]:
    """The processes `pid` started, and theirs."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                kids = {int(k) for k in f.read().split()}
        except OSError:
            continue
        found |= kids
        todo.extend(kids)
    return found


def _ingest(archive: Path, corpus: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "cablearchive", "ingest", "-j", "2", "--archive",
               str(archive), str(corpus)]  # fmt: skip
    # A session of its own: Ctrl-C is sent to the whole group, as a terminal sends it.
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def _cables(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`cables ARGS...` run to its end in a process of its own."""
    command = [sys.executable, "-m", "cablearchive", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def _workers_of(proc: subprocess.Popen[bytes]) -> set[int]:
    """The ingest's workers, once it has started them and they have work."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        kids = {k for k in _children(proc.pid) if alive(k)}
        if len(kids) >= 2:
            time.sleep(1.5)  # parsing now
            return kids
        assert proc.poll() is None, "the ingest ended before it started its workers"
        time.sleep(0.05)
    raise AssertionError("the ingest started no workers within a minute")


def _gone(pids: set[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def test_a_killed_ingest_leaves_no_worker_behind(tmp_path: Path, shared_dir: Path) -> None:
    proc = _ingest(tmp_path / "archive", shared_file(shared_dir, SITE_CORPUS))
    workers = _workers_of(proc)
    proc.kill()
    proc.wait()
    assert _gone(workers), f"workers {sorted(p for p in workers if alive(p))} outlived the kill"


def test_ctrl_c_stops_the_ingest_keeps_what_it_stored_and_the_same_command_goes_on(
    tmp_path: Path, shared_dir: Path
) -> None:
    corpus = shared_file(shared_dir, SITE_CORPUS)
    archive = tmp_path / "archive"
    proc = _ingest(archive, corpus)
    workers = _workers_of(proc)
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    message = err.decode()
    assert "interrupted:" in message and "the same command goes on" in message
    assert "Traceback" not in message
    assert _gone(workers)
    with Archive.open(archive, create=False, reader=True) as opened:
        stored = opened.count()
    assert f"{stored:,} in" in message
    # The same command completes the archive.
    again = _ingest(archive, corpus)
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    with Archive.open(archive, create=False, reader=True) as opened:
        assert opened.count() > stored
        assert opened.search("guantanamo").total > 0


def test_a_second_writer_is_told_who_writes_and_readers_go_on(
    tmp_path: Path, shared_dir: Path
) -> None:
    """While one ingest writes, a second is refused at once with the first's pid, no
    traceback and nothing stored by it; a search answers meanwhile."""
    corpus = shared_file(shared_dir, SITE_CORPUS)
    archive = tmp_path / "archive"
    with Archive.open(archive) as opened:  # a first cable, so that a search has an index
        opened.ingest([EXAMPLES / "text"])
    first = _ingest(archive, corpus)
    _workers_of(first)
    second = _cables("ingest", "--archive", str(archive), str(EXAMPLES), timeout=60)
    assert second.returncode == 1
    assert f"being written by process {first.pid} " in second.stderr
    assert "Traceback" not in second.stderr
    search = _cables("search", "istanbul", "--json", "--archive", str(archive), timeout=60)
    assert search.returncode == 0, search.stderr
    first.communicate(timeout=300)
    assert first.returncode == 0
    # The lock went with the first writer: the second can write now.
    again = _cables("ingest", "--archive", str(archive), str(EXAMPLES))
    assert again.returncode == 0, again.stderr


def test_a_backup_taken_while_an_ingest_writes_is_whole(tmp_path: Path, shared_dir: Path) -> None:
    archive = tmp_path / "archive"
    with Archive.open(archive) as opened:  # cables already there, and an index of them
        opened.ingest([EXAMPLES])
    writer = _ingest(archive, shared_file(shared_dir, SITE_CORPUS))
    _workers_of(writer)
    copy = tmp_path / "copy"
    backup = _cables("backup", str(copy), "--json", "--archive", str(archive))
    assert backup.returncode == 0, backup.stderr
    writer.communicate(timeout=300)
    assert writer.returncode == 0
    check = _cables("check", "--archive", str(copy))
    assert check.returncode == 0, check.stdout + check.stderr
    copied = json.loads(backup.stdout)["cables"]
    with Archive.open(archive, create=False, reader=True) as whole:
        assert 9 <= copied <= whole.count()
    again = _cables("backup", str(copy), "--archive", str(archive), timeout=60)
    assert again.returncode == 1 and "is not empty" in again.stderr


@pytest.mark.parametrize("moment", ["starting", "parsing", "late"])
def test_an_ingest_killed_at_any_moment_is_completed_by_the_same_command(
    tmp_path: Path, shared_dir: Path, moment: str
) -> None:
    """SIGKILL as the ingest starts, while its workers parse, and once most is stored: no
    process outlives it, and the same command then makes the archive whole."""
    corpus = shared_file(shared_dir, SITE_CORPUS)
    archive = tmp_path / "archive"
    proc = _ingest(archive, corpus)
    if moment == "starting":
        time.sleep(0.3)
    elif moment == "parsing":
        _workers_of(proc)
    else:
        deadline = time.monotonic() + 120
        while stored_count(archive) < 5000 and time.monotonic() < deadline:
            assert proc.poll() is None, "the ingest ended before it was killed"
            time.sleep(0.05)
    started = _children(proc.pid)
    proc.kill()
    proc.wait()
    assert _gone(started), f"{sorted(p for p in started if alive(p))} outlived the kill"
    again = _cables("ingest", "-j", "2", "--archive", str(archive), str(corpus))
    assert again.returncode == 0, again.stderr
    check = _cables("check", "--archive", str(archive))
    assert check.returncode == 0, check.stdout + check.stderr
    assert stored_count(archive) == SITE_CABLES


def test_a_repair_killed_half_way_is_completed_by_running_it_again(
    tmp_path: Path, shared_dir: Path
) -> None:
    archive = tmp_path / "archive"
    done = _cables(
        "ingest", "-j", "2", "--archive", str(archive), str(shared_file(shared_dir, SITE_CORPUS))
    )
    assert done.returncode == 0, done.stderr
    database = archive / "archive.sqlite3"
    with open(database, "r+b") as f:  # a page of the database overwritten
        f.seek(database.stat().st_size // 2 // 4096 * 4096)
        f.write(b"\x00" * 4096)
    command = [sys.executable, "-m", "cablearchive", "repair", "--archive", str(archive)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(archive.glob(".repair-*")) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    time.sleep(1.0)  # the fresh archive half made
    proc.kill()
    proc.wait()
    again = _cables("repair", "--archive", str(archive))
    assert again.returncode == 0, again.stdout + again.stderr
    assert stored_count(archive) == SITE_CABLES
    assert len(list(archive.glob(".repair-*"))) == 0


def test_a_function_run_apart_gives_its_result_or_says_why_it_gave_none() -> None:
    assert run_apart("os.path:join", "a", "b") == os.path.join("a", "b")
    with pytest.raises(ApartFailed, match=r"os\.path:nothing ended with status 1: AttributeError"):
        run_apart("os.path:nothing")
