"""Readers that stack on byte streams: put back a peeked head, count bytes against a budget.

None of them seeks, so they work on tar members, decompressors and pipes alike.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
from dataclasses import dataclass
from typing import IO, cast

from cablearchive.sources.framing import Readable

HEAD_BYTES = 64 * 1024  # how much of a stream is peeked at to tell its format


class ArchiveTooLarge(Exception):
    """An archive (or compressed file) expanded past `Limits.max_archive_bytes`."""


@dataclass(slots=True)
class Budget:
    """Uncompressed bytes one archive may still produce; local to the reading of one archive."""

    limit: int
    spent: int = 0

    @property
    def left(self) -> int:
        return self.limit - self.spent

    def spend(self, count: int) -> None:
        self.spent += count
        if self.spent > self.limit:
            raise ArchiveTooLarge(f"expands to more than {self.limit} bytes")


class BudgetedReader:
    """Reads from `stream` and charges every byte to `budget`, which raises when it runs out."""

    def __init__(self, stream: Readable, budget: Budget) -> None:
        self._stream = stream
        self._budget = budget

    def read(self, size: int = -1, /) -> bytes:
        if size < 0:
            # Never read a decompressor to its end in one call: that is how bombs get in.
            size = self._budget.left + 1
        data = self._stream.read(size)
        self._budget.spend(len(data))
        return data


class PrefixedReader:
    """Serves `prefix` (bytes already read from `stream` to sniff it), then the rest of `stream`."""

    def __init__(self, prefix: bytes, stream: Readable) -> None:
        self._prefix = memoryview(prefix)
        self._stream = stream

    def read(self, size: int = -1, /) -> bytes:
        if not self._prefix:
            return self._stream.read(size)
        if size < 0:
            data = bytes(self._prefix) + self._stream.read()
            self._prefix = memoryview(b"")
            return data
        data = bytes(self._prefix[:size])
        self._prefix = self._prefix[size:]
        if len(data) < size:
            data += self._stream.read(size - len(data))
        return data


def read_at_most(stream: Readable, size: int) -> bytes:
    """Up to `size` bytes: fewer only at the end of the stream (a bounded read)."""
    pieces: list[bytes] = []
    wanted = size
    while wanted > 0:
        piece = stream.read(wanted)
        if not piece:
            break
        pieces.append(piece)
        wanted -= len(piece)
    return b"".join(pieces)


def open_decompressed(compression: str, stream: Readable) -> Readable:
    """A reader of the decompressed bytes of a gzip, bzip2 or xz stream."""
    # The decompressors only call read() when reading forward; the stubs ask for a full file.
    fileobj = cast(IO[bytes], stream)
    if compression == "gzip":
        return gzip.GzipFile(fileobj=fileobj, mode="rb")
    if compression == "bzip2":
        return bz2.BZ2File(fileobj, "rb")
    if compression == "xz":
        return lzma.LZMAFile(fileobj, "rb")
    raise ValueError(f"unknown compression {compression!r}")
