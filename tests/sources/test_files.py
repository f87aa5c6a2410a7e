"""Files and folders: walking order, things that are not regular files, unreadable paths."""

from __future__ import annotations

import os
import pickle
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablearchive.sources import (
    Blob,
    Limits,
    RawDocument,
    SourceProblem,
    documents_from_blob,
    iter_blobs,
    iter_documents,
)
from cablearchive.sources import files as files_module

from .conftest import TELEGRAM, documents, only_document, only_problem, read_all, tar_bytes


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail instead of hanging should a reader ever block (on a FIFO, say)."""

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError("the reader blocked")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _tree(root: Path) -> None:
    for relative in ["b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt", "c/0.txt"]:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"UNCLAS {relative}\n", encoding="utf-8")


def test_folders_are_read_recursively_in_name_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    docs = documents(read_all(tmp_path))
    assert [Path(d.source.path or "").relative_to(tmp_path).as_posix() for d in docs] == [
        "a.txt",
        "b/1.txt",
        "b/2.txt",
        "c/0.txt",
        "c/d/e.txt",
    ]
    assert docs[2].text == "UNCLAS b/2.txt"


def test_paths_in_the_given_order_and_a_lone_path(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = read_all([tmp_path / "c" / "0.txt", tmp_path / "a.txt"])
    assert [d.text for d in documents(items)] == ["UNCLAS c/0.txt", "UNCLAS a.txt"]
    assert only_document(read_all(str(tmp_path / "a.txt"))).text == "UNCLAS a.txt"


def test_symbolic_links_in_folders_are_reported_and_loops_end(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "cable.txt").write_text("UNCLAS 1", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to("..")
    (tmp_path / "sub" / "self").symlink_to(".")
    (tmp_path / "to-file").symlink_to(tmp_path / "sub" / "cable.txt")
    (tmp_path / "dangling").symlink_to("nowhere")
    items = read_all(tmp_path)
    assert [(Path(i.source.path or "").name, getattr(i, "message", "document")) for i in items] == [
        ("dangling", "symbolic link (to 'nowhere') not followed; skipped"),
        ("cable.txt", "document"),
        ("loop", "symbolic link (to '..') not followed; skipped"),
        ("self", "symbolic link (to '.') not followed; skipped"),
        ("to-file", f"symbolic link (to '{tmp_path / 'sub' / 'cable.txt'}') not followed; skipped"),
    ]


def test_a_link_named_on_the_command_line_is_followed(tmp_path: Path) -> None:
    (tmp_path / "cable.txt").write_text("UNCLAS 1", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("cable.txt")
    (tmp_path / "dangling").symlink_to("nowhere")
    assert only_document(read_all(tmp_path / "link.txt")).text == "UNCLAS 1"
    assert only_problem(read_all(tmp_path / "dangling")).message == (
        "symbolic link (to 'nowhere') leads to no file"
    )


def test_fifos_sockets_and_devices_are_never_opened(tmp_path: Path, no_hang: None) -> None:
    os.mkfifo(tmp_path / "pipe")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(tmp_path / "sock"))
    try:
        (tmp_path / "z.txt").write_text("UNCLAS 1", encoding="utf-8")
        items = read_all(tmp_path)
        explicit = read_all([tmp_path / "pipe", "/dev/null"])
    finally:
        server.close()
    assert [(Path(i.source.path or "").name, getattr(i, "message", "document")) for i in items] == [
        ("pipe", "a FIFO (named pipe), not a regular file; skipped"),
        ("sock", "a socket, not a regular file; skipped"),
        ("z.txt", "document"),
    ]
    assert [getattr(i, "message", None) for i in explicit] == [
        "a FIFO (named pipe), not a regular file; skipped",
        "a character device, not a regular file; skipped",
    ]


def test_a_file_swapped_for_a_fifo_after_the_check_is_still_refused(
    tmp_path: Path, no_hang: None
) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(files_module.NotARegularFile, match="a FIFO"):
        files_module.open_regular_file(str(tmp_path / "pipe"), follow_symlinks=False)


def test_missing_paths(tmp_path: Path) -> None:
    items = read_all([tmp_path / "missing.txt", tmp_path / "cable.txt"])
    assert only_problem(items[:1]).message == "no such file or folder"
    assert items[0].source.path == str(tmp_path / "missing.txt")
    assert only_problem(items[1:]).message == "no such file or folder"


def test_unreadable_files_and_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_text("UNCLAS 1", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("UNCLAS 2", encoding="utf-8")
    (tmp_path / "z.txt").write_text("UNCLAS 3", encoding="utf-8")
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "locked").chmod(0)
    if os.geteuid() == 0:
        # root reads through permission bits; make the system refuse as it would anyone else.
        real_open, real_listdir = os.open, os.listdir

        def refusing_open(path: str, flags: int, mode: int = 0o777) -> int:
            if path.endswith("secret.txt"):
                raise PermissionError(13, "Permission denied", path)
            return real_open(path, flags, mode)

        def refusing_listdir(path: str) -> list[str]:
            if str(path).endswith("locked"):
                raise PermissionError(13, "Permission denied", path)
            return real_listdir(path)

        monkeypatch.setattr(os, "open", refusing_open)
        monkeypatch.setattr(os, "listdir", refusing_listdir)
    try:
        items = read_all(tmp_path)
    finally:
        (tmp_path / "secret.txt").chmod(0o644)
        (tmp_path / "locked").chmod(0o755)
    assert [(Path(i.source.path or "").name, getattr(i, "message", "document")) for i in items] == [
        ("locked", "permission denied"),
        ("secret.txt", "permission denied"),
        ("z.txt", "document"),
    ]


def test_reading_writes_nothing_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_dir: Path
) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    (tmp_path / "a.tar.gz").write_bytes(tar_bytes([], "w:gz"))
    (tmp_path / "cable.txt").write_text(TELEGRAM, encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    items = read_all([tmp_path, shared_dir / "seeds"])
    assert len(documents(items)) == 3
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before
    assert list(work.iterdir()) == []


def test_blobs_split_io_from_cpu_work(tmp_path: Path, shared_dir: Path) -> None:
    (tmp_path / "a.txt").write_text(TELEGRAM, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "ONE"}\n{"text": "TWO"}\n', encoding="utf-8")
    paths = [tmp_path, shared_dir / "seeds"]
    blobs = list(iter_blobs(paths))
    assert [type(b).__name__ for b in blobs] == [
        "Blob",
        "RawDocument",
        "RawDocument",
        "Blob",
        "Blob",
    ]
    first = blobs[0]
    assert isinstance(first, Blob)
    assert first.source.format == "text" and first.source.sha256 is None
    # Blobs cross process boundaries.
    assert pickle.loads(pickle.dumps(first)) == first
    composed: list[RawDocument | SourceProblem] = []
    for item in blobs:
        composed.extend(documents_from_blob(item) if isinstance(item, Blob) else [item])
    assert composed == list(iter_documents(paths))
    documents_only = documents(composed)
    assert pickle.loads(pickle.dumps(documents_only)) == documents_only


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"UNCLAS " + b"X" * 50_000_000)
    assert only_problem(read_all(path)).message == (
        "over the size limit of 16777216 bytes; not read"
    )


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_document_bytes must be at least 1"):
        Limits(max_document_bytes=0)
