"""`cables serve --workers N` as a real command: N processes answer on one port, each with its
own archive open, and none is left behind however the server is stopped."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from click.testing import CliRunner

import cablearchive
from cablearchive.cli import main
from cablearchive.store import Archive
from cablearchive.store.index import INDEX_DIR, INDEX_VERSION, VERSION_FILE
from tests.shared import alive
from tests.web.conftest import EXAMPLES

SRC = Path(cablearchive.__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _serving(folder: Path, workers: int = 2) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`cables serve --workers N` in its own session (a Ctrl-C there reaches only it), once it
    answers and all its workers have their archive open."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "cablearchive", "serve", "--archive", str(folder)]
    command += ["--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(
        command, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while len(_serving_workers(server.pid, folder)) < workers or not _answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {server.communicate(timeout=10)[1]}")
            time.sleep(0.1)
        yield server, port
    finally:
        # Whatever a failed test left: the server's whole process group.
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)


def _answers(port: int) -> bool:
    try:
        return _get(port, "/static/style.css")[0] == 200
    except OSError:
        return False


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def _open_files(pid: int) -> set[str]:
    found = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                found.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
            except OSError:
                continue
    except OSError:
        pass
    return found


def _serving_workers(server: int, folder: Path) -> list[int]:
    """The server's child processes that have the archive's database open."""
    database = str((folder / "archive.sqlite3").resolve())
    return [c for c in _children(server) if database in _open_files(c)]


def _answering_workers(port: int, workers: list[int]) -> set[int]:
    """Which workers hold the server's end of a few connections made at once (found through
    the kernel's socket table: no page tells which process wrote it)."""
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(8)]
    try:
        for conn in conns:
            conn.request("GET", "/browse")
        for conn in conns:
            response = conn.getresponse()
            response.read()
            assert response.status == 200
        clients = {conn.sock.getsockname()[1] for conn in conns}
        owner = {
            link[len("socket:[") : -1]: pid
            for pid in workers
            for link in _open_files(pid)
            if link.startswith("socket:[")
        }
        with open("/proc/net/tcp") as f:
            rows = [line.split() for line in f.read().splitlines()[1:]]
        return {
            owner[row[9]]
            for row in rows
            if int(row[1].split(":")[1], 16) == port
            and int(row[2].split(":")[1], 16) in clients
            and row[9] in owner
        }
    finally:
        for conn in conns:
            conn.close()


def _stopped(server: subprocess.Popen[str], processes: list[int]) -> None:
    assert server.wait(30) is not None
    deadline = time.monotonic() + 10
    while any(alive(p) for p in processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in processes if alive(p)], "a process of the server was left running"


def test_workers_answer_and_stop_on_sigterm(archive_dir: Path) -> None:
    with _serving(archive_dir, workers=2) as (server, port):
        workers = _serving_workers(server.pid, archive_dir)
        assert len(workers) == 2  # each worker opened the archive itself
        everything = [*_children(server.pid), server.pid]
        status, page = _get(port, "/cable/06ALMATY2549")
        assert status == 200 and "06ALMATY2549" in page
        status, page = _get(port, "/search?q=guantanamo")
        assert status == 200 and 'class="hit"' in page
        status, body = _get(port, "/api/search?q=guantanamo&facets=true")
        assert status == 200 and json.loads(body)["total"] > 0
        # Both workers answer: the kernel hands new connections to either.
        answering: set[int] = set()
        for _ in range(20):
            answering |= _answering_workers(port, workers)
            if len(answering) == 2:
                break
        assert answering == set(workers)
        server.send_signal(signal.SIGTERM)
        _stopped(server, everything)
    assert server.returncode == 0
    errors = server.stderr.read() if server.stderr else ""
    assert "Traceback" not in errors


def _outdated_index(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        archive.ingest([EXAMPLES])
    (folder / INDEX_DIR / VERSION_FILE).write_text(json.dumps({"index_version": INDEX_VERSION - 1}))
    return folder


def test_ctrl_c_stops_every_process_and_the_index_note_is_printed_once(tmp_path: Path) -> None:
    folder = _outdated_index(tmp_path)
    with _serving(folder, workers=2) as (server, port):
        everything = [*_children(server.pid), server.pid]
        status, page = _get(port, "/cable/09ANKARA718")
        assert status == 200 and "TURKEY" in page
        assert _get(port, "/search?q=turkey")[0] == 503
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C sends: every process of the group
        _stopped(server, everything)
    errors = server.stderr.read() if server.stderr else ""
    assert errors.count("warning:") == 1 and "`cables reindex`" in errors
    assert "Traceback" not in errors


def test_workers_stop_when_the_supervisor_is_killed(archive_dir: Path) -> None:
    """SIGKILL leaves the supervisor no time to stop its workers: they stop by themselves."""
    with _serving(archive_dir, workers=2) as (server, _):
        workers = _serving_workers(server.pid, archive_dir)
        server.kill()
        _stopped(server, workers)


def test_serve_with_workers_without_an_archive(tmp_path: Path) -> None:
    """A missing archive stops the command before any worker starts."""
    missing = tmp_path / "nonexistent"
    result = CliRunner().invoke(main, ["serve", "--archive", str(missing), "--workers", "2"])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: no archive at {missing} (no archive.sqlite3 there)"
