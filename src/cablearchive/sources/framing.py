"""Cutting a byte stream into records (CSV rows, JSON lines) in bounded memory.

Files of this kind reach gigabytes, and one hostile record can be a 50 MB line; the stream is
read in chunks, a record is held only up to the size limit, and anything longer is counted but
dropped, so the reader can report it and go on with the next record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

_CHUNK = 1 << 20


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Record:
    """One record's bytes and where it starts; `data` is None when it was over the limit."""

    offset: int
    line: int
    size: int
    data: bytes | None


def iter_records(
    stream: Readable,
    boundary: re.Pattern[bytes],
    max_bytes: int,
    *,
    lookahead: int = 32,
    chunk_size: int = _CHUNK,
) -> Iterator[Record]:
    """Split `stream` after each match of `boundary` (a pattern ending a record, e.g. `\\n`).

    `lookahead` is the most bytes past a record end that `boundary` needs to recognise it.
    """
    buffer = b""
    offset = 0  # stream offset of the current record's first byte
    line = 1  # line number of the current record's first line
    dropped = dropped_lines = 0  # bytes (and line ends) of the current record already let go
    scan = 0
    while True:
        chunk = stream.read(chunk_size)
        data = buffer + chunk
        start = 0
        for end in _ends(boundary, data, scan):
            part = data[start:end]
            lines = dropped_lines + part.count(b"\n")
            size = dropped + len(part)
            yield Record(offset, line, size, None if size > max_bytes else part)
            offset, line, dropped, dropped_lines = offset + size, line + lines, 0, 0
            start = end
        buffer = data[start:]
        if not chunk:
            break
        if dropped + len(buffer) > max_bytes and len(buffer) > lookahead:
            # Over the limit: keep only what the boundary search still needs to see.
            cut = len(buffer) - lookahead
            dropped += cut
            dropped_lines += buffer.count(b"\n", 0, cut)
            buffer = buffer[cut:]
        scan = max(0, len(buffer) - lookahead)
    if buffer or dropped:
        size = dropped + len(buffer)
        yield Record(offset, line, size, None if size > max_bytes else buffer)


def _ends(boundary: re.Pattern[bytes], data: bytes, scan: int) -> Iterator[int]:
    for match in boundary.finditer(data, scan):
        yield match.end()
