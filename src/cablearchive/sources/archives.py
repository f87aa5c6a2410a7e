"""Tar, zip and compressed files, read member by member as streams; nothing is unpacked to disk.

Member names are labels only. Links, devices and FIFOs are reported and skipped. A corrupt or
truncated archive is reported where it broke; what was read before stays read. Every archive
has a budget of uncompressed bytes and of members, the guard against compression bombs.
"""

from __future__ import annotations

import lzma
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, BinaryIO, cast

from cablearchive.parse.model import Source
from cablearchive.sources.content import Item, content_items, safe_label
from cablearchive.sources.detect import Container, inner_name, looks_like_tar
from cablearchive.sources.document import SourceProblem
from cablearchive.sources.framing import Readable
from cablearchive.sources.limits import Limits
from cablearchive.sources.streams import (
    HEAD_BYTES,
    ArchiveTooLarge,
    Budget,
    BudgetedReader,
    PrefixedReader,
    open_decompressed,
    read_at_most,
)

# What a damaged archive or compressed stream raises, from the modules that read them.
ARCHIVE_ERRORS = (
    tarfile.TarError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    lzma.LZMAError,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_DRAIN_CHUNK = 1 << 16
# tarfile reads its stream in blocks of this size; 64 KB means few calls through the stacked
# readers, while larger blocks make tarfile's own buffer slicing costly (measured).
_TAR_BUFFER = 1 << 16
_ZIP_END = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_ZIP_END_SIZE = 22
_ZIP_COMMENT_MAX = 0xFFFF


def archive_items(
    container: Container, head: bytes, file: BinaryIO, source: Source, limits: Limits
) -> Iterator[Item]:
    """The documents in an archive or compressed file whose first bytes `head` were read."""
    if container.kind == "zip":
        yield from _zip_items(file, source, limits)
    elif container.kind == "tar":
        budget = Budget(limits.max_archive_bytes)
        reader = BudgetedReader(PrefixedReader(head, file), budget)
        yield from _tar_items(reader, budget, source, limits)
    elif container.kind == "unsupported":
        yield SourceProblem(source, f"{container.description}; this format is not supported")
    else:
        yield from _compressed_items(container, head, file, source, limits)


def _compressed_items(
    container: Container, head: bytes, file: BinaryIO, source: Source, limits: Limits
) -> Iterator[Item]:
    budget = Budget(limits.max_archive_bytes)
    name = inner_name(source.path or "")
    try:
        reader = BudgetedReader(
            open_decompressed(container.kind, PrefixedReader(head, file)), budget
        )
        inner_head = read_at_most(reader, HEAD_BYTES)
        if looks_like_tar(inner_head, name):
            yield from _tar_items(PrefixedReader(inner_head, reader), budget, source, limits)
        else:
            yield from content_items(inner_head, reader, source, limits, name)
    except ArchiveTooLarge as err:
        yield SourceProblem(source, f"{container.description} {err}; stopped (compression bomb?)")
    except ARCHIVE_ERRORS as err:
        yield SourceProblem(source, f"{container.description} is cut short or corrupt: {err}")


def _tar_items(reader: Readable, budget: Budget, source: Source, limits: Limits) -> Iterator[Item]:
    """Members of a tar stream, in order; `reader` charges `budget` for every byte."""
    count = 0
    member: Source | None = None  # the member being read, to name it if the archive breaks
    try:
        # "r|": a pure stream, never seeking; compression was already taken off.
        with tarfile.open(fileobj=cast(IO[bytes], reader), mode="r|", bufsize=_TAR_BUFFER) as tar:
            while (info := tar.next()) is not None:
                _forget_headers(tar)
                count += 1
                if count > limits.max_archive_members:
                    yield _too_many_members(source, limits)
                    return
                member = replace(source, member=safe_label(info.name))
                if info.size > budget.left:
                    # Known from the header: stop before decompressing it all just to skip it.
                    raise ArchiveTooLarge(f"expands to more than {budget.limit} bytes")
                yield from _tar_member(tar, info, member, limits)
                member = None
            # Read on past the end-of-archive blocks, so a compressed stream's checksum is
            # checked: damage that decompresses to plausible bytes is reported, if late.
            while reader.read(_DRAIN_CHUNK):
                pass
    except ArchiveTooLarge as err:
        yield SourceProblem(member or source, f"tar archive {err}; stopped (compression bomb?)")
    except ARCHIVE_ERRORS as err:
        where = "while reading this member" if member else f"after {count} member(s)"
        yield SourceProblem(
            member or source, f"tar archive is cut short or corrupt ({where}): {err}"
        )


def _forget_headers(tar: tarfile.TarFile) -> None:
    """Drop the headers a TarFile collects as it goes (undocumented `members` list).

    A stream is read once, in order, so they are never needed again, and a million-member
    archive would otherwise keep a million TarInfo objects.
    """
    headers = getattr(tar, "members", None)
    if isinstance(headers, list):
        headers.clear()


def _tar_member(
    tar: tarfile.TarFile, info: tarfile.TarInfo, member: Source, limits: Limits
) -> Iterator[Item]:
    if info.isdir():
        return
    if not info.isfile():
        yield SourceProblem(member, f"{_tar_kind(info)} member skipped (not a regular file)")
        return
    extracted = tar.extractfile(info)
    if extracted is None:  # isfile() members always have data; kept for the type checker
        yield SourceProblem(member, "tar member has no data")
        return
    head = read_at_most(extracted, HEAD_BYTES)
    yield from content_items(head, extracted, member, limits, info.name)


def _tar_kind(info: tarfile.TarInfo) -> str:
    if info.issym():
        return f"symbolic link (to {safe_label(info.linkname)!r})"
    if info.islnk():
        return f"hard link (to {safe_label(info.linkname)!r})"
    if info.ischr() or info.isblk():
        return "device file"
    if info.isfifo():
        return "FIFO"
    return f"special (tar type {info.type!r})"


def _zip_items(file: BinaryIO, source: Source, limits: Limits) -> Iterator[Item]:
    declared = zip_declared_members(file)
    if declared is not None and declared > limits.max_archive_members:
        yield SourceProblem(
            source,
            f"zip archive declares {declared} members, over the limit of "
            f"{limits.max_archive_members}; not read",
        )
        return
    try:
        archive = zipfile.ZipFile(file)
    except ARCHIVE_ERRORS as err:
        yield SourceProblem(source, f"zip archive cannot be read (cut short or corrupt?): {err}")
        return
    with archive:
        budget = Budget(limits.max_archive_bytes)
        for count, info in enumerate(archive.infolist(), 1):
            if count > limits.max_archive_members:
                yield _too_many_members(source, limits)
                return
            member = replace(source, member=safe_label(info.filename))
            try:
                yield from _zip_member(archive, info, member, limits, budget)
            except ArchiveTooLarge as err:
                yield SourceProblem(member, f"zip archive {err}; stopped (compression bomb?)")
                return
            except ARCHIVE_ERRORS as err:
                yield SourceProblem(member, f"zip member cannot be read (corrupt?): {err}")


def _zip_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    member: Source,
    limits: Limits,
    budget: Budget,
) -> Iterator[Item]:
    if info.is_dir():
        return
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        yield SourceProblem(member, "symbolic link member skipped (not a regular file)")
        return
    if stat.S_IFMT(mode) and not stat.S_ISREG(mode):
        yield SourceProblem(member, "special file member skipped (not a regular file)")
        return
    if info.flag_bits & 0x1:
        yield SourceProblem(member, "encrypted member not read")
        return
    if info.file_size > budget.left:
        raise ArchiveTooLarge(f"expands to more than {budget.limit} bytes")
    with archive.open(info) as raw:
        reader = BudgetedReader(raw, budget)
        head = read_at_most(reader, HEAD_BYTES)
        yield from content_items(head, reader, member, limits, info.filename)


def zip_declared_members(file: BinaryIO) -> int | None:
    """The member count a zip's end record declares, read before zipfile loads them all."""
    try:
        size = file.seek(0, 2)
        tail_size = min(size, _ZIP_END_SIZE + _ZIP_COMMENT_MAX)
        file.seek(size - tail_size)
        tail = file.read(tail_size)
        end = tail.rfind(_ZIP_END)
        if end < 0 or len(tail) - end < _ZIP_END_SIZE:
            return None
        count = int.from_bytes(tail[end + 10 : end + 12], "little")
        locator = end - 20
        if count == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
            file.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
            record = file.read(56)
            if record[:4] == _ZIP64_END:
                count = int.from_bytes(record[32:40], "little")
        return count
    except (OSError, ValueError):
        return None
    finally:
        file.seek(0)


def _too_many_members(source: Source, limits: Limits) -> SourceProblem:
    return SourceProblem(
        source,
        f"archive has more than {limits.max_archive_members} members; the rest not read",
    )
