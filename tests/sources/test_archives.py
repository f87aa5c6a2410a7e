"""Archives read as streams: every layout, hostile member names and types, damage and bombs."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import random
import stat
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from cablearchive.sources import Limits, RawDocument, SourceProblem

from .conftest import (
    TELEGRAM,
    documents,
    file_member,
    only_document,
    only_problem,
    problems,
    read_all,
    special_member,
    tar_bytes,
)

MEMBERS = [
    file_member("cables/a.txt", TELEGRAM.encode()),
    file_member("cables/b.txt", TELEGRAM.replace("001703", "001704").encode()),
]


def _zip_bytes(members: list[tuple[str, bytes]], mode: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None:
                info.external_attr = mode << 16
            archive.writestr(info, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("plain.tar", "w"),
        ("gzipped.tar.gz", "w:gz"),
        ("short.tgz", "w:gz"),
        ("bzipped.tar.bz2", "w:bz2"),
        ("xz.tar.xz", "w:xz"),
        ("no-extension-at-all", "w:xz"),  # known by its magic bytes, not its name
    ],
)
def test_every_tar_layout(tmp_path: Path, name: str, mode: str) -> None:
    path = tmp_path / name
    path.write_bytes(tar_bytes(MEMBERS, mode))
    docs = documents(read_all(path))
    assert [(d.source.path, d.source.member) for d in docs] == [
        (str(path), "cables/a.txt"),
        (str(path), "cables/b.txt"),
    ]
    assert docs[1].text.startswith("R 150225Z MAY 06") and "ALMATY 001704" in docs[1].text


def test_zip(tmp_path: Path) -> None:
    path = tmp_path / "cables.zip"
    path.write_bytes(_zip_bytes([("a.txt", TELEGRAM.encode()), ("dir/", b""), ("b.txt", b"X")]))
    docs = documents(read_all(path))
    assert [(d.source.member, d.text) for d in docs] == [
        ("a.txt", TELEGRAM.strip()),
        ("b.txt", "X"),
    ]


def test_compressed_single_files(tmp_path: Path) -> None:
    csv_row = '"1","05/15/2006 02:25","06X1","Embassy X","SECRET","","HEADER","BODY"\n'
    (tmp_path / "cables.csv.gz").write_bytes(gzip.compress(csv_row.encode() * 2))
    (tmp_path / "telegram.txt.bz2").write_bytes(bz2.compress(TELEGRAM.encode()))
    (tmp_path / "telegram.xz").write_bytes(lzma.compress(TELEGRAM.encode()))
    items = read_all(tmp_path)
    assert [(Path(i.source.path or "").name, i.source.format) for i in items] == [
        ("cables.csv.gz", "cables-csv"),
        ("cables.csv.gz", "cables-csv"),
        ("telegram.txt.bz2", "text"),
        ("telegram.xz", "text"),
    ]
    assert [item.source.offset for item in items[:2]] == [0, len(csv_row)]
    assert documents(items)[0].text == "HEADER\n\nBODY"


def test_member_names_are_labels_never_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    path = tmp_path / "evil.tar"
    path.write_bytes(
        tar_bytes(
            [
                file_member("../../escaped.txt", b"UNCLAS 1"),
                file_member("/etc/cablearchive-evil.txt", b"UNCLAS 2"),
                file_member("a/../../b.txt", b"UNCLAS 3"),
                file_member("name\nwith\x1bcontrols.txt", b"UNCLAS 4"),
            ]
        )
    )
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    docs = documents(read_all(path))
    assert [d.source.member for d in docs] == [
        "../../escaped.txt",
        "/etc/cablearchive-evil.txt",
        "a/../../b.txt",
        "name?with?controls.txt",
    ]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not Path("/etc/cablearchive-evil.txt").exists()
    assert list(work.iterdir()) == []


def test_links_devices_and_fifos_in_a_tar_are_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "special.tar"
    path.write_bytes(
        tar_bytes(
            [
                special_member("folder/", tarfile.DIRTYPE),
                special_member("link", tarfile.SYMTYPE, "/etc/passwd"),
                special_member("hard", tarfile.LNKTYPE, "cables/a.txt"),
                special_member("tty", tarfile.CHRTYPE),
                special_member("disk", tarfile.BLKTYPE),
                special_member("pipe", tarfile.FIFOTYPE),
                file_member("cables/a.txt", TELEGRAM.encode()),
            ]
        )
    )
    items = read_all(path)
    assert [(i.source.member, getattr(i, "message", "document")) for i in items] == [
        ("link", "symbolic link (to '/etc/passwd') member skipped (not a regular file)"),
        ("hard", "hard link (to 'cables/a.txt') member skipped (not a regular file)"),
        ("tty", "device file member skipped (not a regular file)"),
        ("disk", "device file member skipped (not a regular file)"),
        ("pipe", "FIFO member skipped (not a regular file)"),
        ("cables/a.txt", "document"),
    ]


def test_zip_symlinks_and_special_files_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "links.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        fifo = zipfile.ZipInfo("pipe")
        fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
        archive.writestr(fifo, "")
        archive.writestr("a.txt", TELEGRAM)
    path.write_bytes(buffer.getvalue())
    items = read_all(path)
    assert [(i.source.member, getattr(i, "message", "document")) for i in items] == [
        ("link", "symbolic link member skipped (not a regular file)"),
        ("pipe", "special file member skipped (not a regular file)"),
        ("a.txt", "document"),
    ]


def _text_members(count: int, size: int) -> list[tuple[tarfile.TarInfo, bytes]]:
    """Members of incompressible text, so a cut in the compressed file lands mid-archive."""
    rng = random.Random(7)
    words = ["UNCLAS", "TELEGRAM", "EMBASSY", "PARA", "STATE", "REF", "TAGS", "PREL"]
    return [
        file_member(
            f"m{i:02d}.txt",
            " ".join(f"{rng.choice(words)}{rng.randrange(10**6)}" for _ in range(size)).encode(),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_a_truncated_archive_keeps_what_was_read_before(tmp_path: Path, mode: str) -> None:
    # bzip2 compresses in blocks of 900 kB: only whole blocks can be read from a cut file.
    whole = tar_bytes(_text_members(10, 30_000 if mode == "w:bz2" else 2000), mode)
    path = tmp_path / "cut.tar"
    path.write_bytes(whole[: len(whole) // 2])
    items = read_all(path)
    docs, trouble = documents(items), problems(items)
    assert 2 <= len(docs) <= 6, len(docs)
    assert [d.source.member for d in docs] == [f"m{i:02d}.txt" for i in range(len(docs))]
    assert len(trouble) == 1 and items[-1] is trouble[0]
    assert trouble[0].source.path == str(path)
    assert "cut short or corrupt" in trouble[0].message
    # It names the member being read when the stream ended, when there was one.
    if trouble[0].source.member is not None:
        assert trouble[0].source.member == f"m{len(docs):02d}.txt"
        assert "while reading this member" in trouble[0].message


def test_a_corrupt_gzip_stream_is_reported(tmp_path: Path) -> None:
    whole = bytearray(tar_bytes(_text_members(6, 2000), "w:gz"))
    middle = len(whole) // 2
    whole[middle : middle + 64] = bytes(64)
    path = tmp_path / "corrupt.tar.gz"
    path.write_bytes(bytes(whole))
    items = read_all(path)
    assert isinstance(items[0], RawDocument)
    # Damage can decompress to plausible bytes; the stream's checksum catches it at the end.
    problem = items[-1]
    assert isinstance(problem, SourceProblem) and "cut short or corrupt" in problem.message
    assert len(problems(items)) == 1


def test_a_truncated_zip_is_a_problem(tmp_path: Path) -> None:
    whole = _zip_bytes([(f"m{i}.txt", TELEGRAM.encode() * 50) for i in range(5)])
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[: len(whole) // 2])
    problem = only_problem(read_all(path))
    assert problem.message.startswith("zip archive cannot be read (cut short or corrupt?)")


def test_a_corrupt_zip_member_is_reported_and_the_others_read(tmp_path: Path) -> None:
    data = bytearray(_zip_bytes([("a.txt", b"UNCLAS A" * 100), ("b.txt", b"UNCLAS B")]))
    start = data.index(b"a.txt") + len("a.txt")
    data[start + 5 : start + 15] = b"\xff" * 10  # inside a.txt's deflate stream
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(data))
    items = read_all(path)
    assert [i.source.member for i in items] == ["a.txt", "b.txt"]
    assert isinstance(items[0], SourceProblem)
    assert items[0].message.startswith("zip member cannot be read (corrupt?)")
    assert isinstance(items[1], RawDocument) and items[1].text == "UNCLAS B"


def test_a_member_over_the_size_limit_is_refused_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "bomb.tar.gz"
    path.write_bytes(tar_bytes([file_member("big.txt", b"A" * 5_000_000), *MEMBERS[:1]], "w:gz"))
    items = read_all(path, Limits(max_document_bytes=1_000_000))
    assert [(i.source.member, getattr(i, "message", "document")) for i in items] == [
        ("big.txt", "over the size limit of 1000000 bytes; not read"),
        ("cables/a.txt", "document"),
    ]


def test_an_archive_expanding_past_its_budget_is_stopped(tmp_path: Path) -> None:
    members = [file_member(f"m{i}.txt", b"B" * 3_000_000) for i in range(4)]
    path = tmp_path / "bomb.tar.xz"
    path.write_bytes(tar_bytes(members, "w:xz"))
    items = read_all(path, Limits(max_archive_bytes=5_000_000))
    assert isinstance(items[0], RawDocument) and items[0].source.member == "m0.txt"
    problem = only_problem(items[1:])
    assert problem.source.member == "m1.txt"
    assert problem.message == (
        "tar archive expands to more than 5000000 bytes; stopped (compression bomb?)"
    )


def test_a_gzip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"A" * 200_000_000, compresslevel=1))
    tracemalloc.start()
    try:
        items = read_all(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert only_problem(items).message == "over the size limit of 16777216 bytes; not read"
    assert peak < 60_000_000, f"peak {peak} bytes"


def test_a_zip_bomb_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    path.write_bytes(_zip_bytes([("bomb.txt", b"C" * 20_000_000), ("a.txt", b"UNCLAS")]))
    items = read_all(path, Limits(max_document_bytes=1_000_000, max_archive_bytes=50_000_000))
    assert [getattr(i, "message", "document") for i in items] == [
        "over the size limit of 1000000 bytes; not read",
        "document",
    ]
    budget = read_all(path, Limits(max_archive_bytes=10_000_000))
    assert only_problem(budget).message == (
        "zip archive expands to more than 10000000 bytes; stopped (compression bomb?)"
    )


def test_too_many_members(tmp_path: Path) -> None:
    members = [file_member(f"m{i}.txt", b"UNCLAS") for i in range(5)]
    (tmp_path / "many.tar").write_bytes(tar_bytes(members))
    (tmp_path / "many.zip").write_bytes(_zip_bytes([(f"m{i}.txt", b"UNCLAS") for i in range(5)]))
    limits = Limits(max_archive_members=3)
    tar_items = read_all(tmp_path / "many.tar", limits)
    assert len(documents(tar_items)) == 3
    assert only_problem(tar_items[3:]).message == (
        "archive has more than 3 members; the rest not read"
    )
    zip_problem = only_problem(read_all(tmp_path / "many.zip", limits))
    assert zip_problem.message == "zip archive declares 5 members, over the limit of 3; not read"


def test_nested_archives_are_reported_not_opened(tmp_path: Path) -> None:
    inner_zip = _zip_bytes([("a.txt", b"UNCLAS")])
    inner_tgz = tar_bytes(MEMBERS, "w:gz")
    path = tmp_path / "outer.tar"
    path.write_bytes(
        tar_bytes([file_member("inner.zip", inner_zip), file_member("inner.tgz", inner_tgz)])
    )
    items = read_all(path)
    assert [(i.source.member, getattr(i, "message", "")) for i in items] == [
        ("inner.zip", "nested zip archive not read (archives inside archives are not opened)"),
        (
            "inner.tgz",
            "nested gzip-compressed file not read (archives inside archives are not opened)",
        ),
    ]


def test_unsupported_archives_are_named(tmp_path: Path) -> None:
    path = tmp_path / "cables.7z"
    path.write_bytes(b"7z\xbc\xaf\x27\x1c" + bytes(100))
    assert only_problem(read_all(path)).message == "7-Zip archive; this format is not supported"


def test_an_empty_member_and_an_html_member(tmp_path: Path) -> None:
    page = b"<html><body><pre>UNCLAS PARIS 1</pre></body></html>"
    path = tmp_path / "mixed.tar.gz"
    path.write_bytes(
        tar_bytes([file_member("empty.txt", b""), file_member("page.html", page)], "w:gz")
    )
    items = read_all(path)
    assert only_problem(items[:1]).message == "empty file"
    assert only_document(items[1:]).text == "UNCLAS PARIS 1"


def test_a_csv_member_is_streamed_row_by_row(tmp_path: Path) -> None:
    rows = "".join(
        f'"{n}","05/15/2006 02:25","06X{n}","Embassy X","SECRET","","HEADER {n}","BODY {n}"\n'
        for n in (1, 2, 3)
    )
    path = tmp_path / "release.tar.gz"
    path.write_bytes(tar_bytes([file_member("cables.csv", rows.encode())], "w:gz"))
    docs = documents(read_all(path))
    assert [(d.source.member, d.source.offset, d.hints.id) for d in docs] == [
        ("cables.csv", 0, "06X1"),
        ("cables.csv", len(rows) // 3, "06X2"),
        ("cables.csv", 2 * len(rows) // 3, "06X3"),
    ]
    assert docs[2].text == "HEADER 3\n\nBODY 3"
