"""Cutting a JSON array, a wrapper object or a run of JSON values into records, in bounded memory.

Other tools export cables as one JSON array (`[{...}, {...}]`), as an object wrapping one
(`{"cables": [...]}`), or as objects one after another (mongoexport's `--pretty`). Such files
reach gigabytes, so the bytes are scanned, not parsed: strings and brackets are tracked, and
each record is cut out with its offset and line for `json.loads`. A record is held only up to
the size limit; a longer one is counted and reported. A string is never longer than its line
(JSON strings cannot hold a raw line break), so a broken quote costs one record, not the rest
of the file; a bracket left open can still join a record to the next, which then fails to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from cablearchive.sources.framing import Readable, Record

JsonLayout = Literal["array", "wrapper", "sequence"]

_CHUNK = 1 << 20
_STRUCTURE = re.compile(rb'["{}\[\]]')
_NOT_SPACE = re.compile(rb"[^ \t\r\n]")
_STRING_REST = re.compile(rb'(?:[^"\\\n]+|\\[^\n])*')
_NEXT_RECORD_LINE = re.compile(rb"\n[ \t]*[{\[]")
_SCALAR = re.compile(rb'[^ \t\r\n,\[\]{}"]*')
_OPENING = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*")
_ARRAY_OPENING = re.compile(rb'\[\s*(?:[{\["\]\d-]|true|false|null|$)')
# `{"cables": [{` or `{"count": 2, "data": [{`: scalar fields, then the first list of objects.
_WRAPPER = re.compile(
    rb'(?:\xef\xbb\xbf)?\s*\{(?:\s*"[^"\\\n]{1,64}"\s*:\s*(?:"(?:[^"\\\n]|\\.){0,200}"'
    rb"|-?\d[\d.eE+-]{0,30}|true|false|null)\s*,)*"
    rb'\s*"(?P<key>[^"\\\n]{1,64})"\s*:\s*\[\s*\{'
)


@dataclass(frozen=True, slots=True)
class JsonNotice:
    """Something wrong with the file's layout rather than with one record."""

    offset: int
    line: int
    message: str


def json_layout(head: bytes, record_keys: frozenset[str]) -> JsonLayout | None:
    """How a JSON file holds its records, from its first bytes: an array, a wrapper object
    (whose list is under a key that is not a record's own field), objects printed over several
    lines one after another; None for anything else (one-line objects, JSON lines)."""
    start = _OPENING.match(head)
    rest = head[start.end() if start else 0 :]
    if rest.startswith(b"["):
        return "array" if _ARRAY_OPENING.match(rest) is not None else None
    if not rest.startswith(b"{"):
        return None
    m = _WRAPPER.match(head)
    if m is not None and _reduced(m.group("key")) not in record_keys:
        return "wrapper"
    first_line = rest[1 : rest.find(b"\n") if b"\n" in rest else len(rest)]
    return "sequence" if not first_line.strip() else None


def _reduced(key: bytes) -> str:
    name = key.decode("utf-8", "replace")
    reduced = "".join(c for c in name.lower() if c.isalnum())
    return "_" + reduced if name.startswith("_") else reduced


def iter_json_records(
    stream: Readable, layout: JsonLayout, max_bytes: int, *, chunk_size: int = _CHUNK
) -> Iterator[Record | JsonNotice]:
    """The records of a JSON file laid out as `layout`, in order, each with its byte offset and
    line; `data` is None for a record over `max_bytes`. Layout faults come as notices."""
    scanner = _Scanner(layout, max_bytes)
    while True:
        chunk = stream.read(chunk_size)
        yield from scanner.feed(chunk)
        if not chunk:
            break


class _Scanner:
    """The scan's state between chunks: depth, strings, the record being cut."""

    def __init__(self, layout: JsonLayout, max_bytes: int) -> None:
        self.layout = layout
        self.max_bytes = max_bytes
        self.level = {"array": 1, "wrapper": 2, "sequence": 0}[layout]  # depth of the records
        self.buf = b""
        self.base = 0  # file offset of buf[0]
        self.pos = 0  # scan position in buf
        self.lines_at = 0  # newlines counted up to here in buf...
        self.line = 1  # ...and the line there
        self.depth = 0
        self.in_string = False
        self.resyncing = False  # skipping the rest of a broken record
        self.opened = False  # inside the list that holds the records
        self.wrapper_done = False
        self.floor = 0  # above this depth, only brackets and strings matter
        self.start: int | None = None  # file offset of the record being cut
        self.start_line = 0
        self.over = False  # the record being cut is over the limit; its bytes are let go
        self.junk: int | None = None  # file offset of text that is no JSON value
        self.junk_line = 0
        self.notices: list[JsonNotice] = []

    def feed(self, chunk: bytes) -> Iterator[Record | JsonNotice]:
        eof = not chunk
        self.buf += chunk
        yield from self.scan(eof)
        if eof:
            yield from self.finish()
            return
        self.let_go()

    # -- scanning --

    def scan(self, eof: bool) -> Iterator[Record | JsonNotice]:
        buf = self.buf
        while self.pos < len(buf):
            if self.resyncing:
                # After a broken string, the record ends before the next line that opens one.
                m = _NEXT_RECORD_LINE.search(buf, self.pos)
                if m is None:
                    self.pos = max(self.pos, len(buf) - 1)  # keep a line end that may come
                    if not eof:
                        return
                    self.pos = len(buf)
                    break
                self.resyncing = False
                self.depth = self.floor = self.level if self.opened else 0
                yield from self.end_record(self.base + m.start())
                self.pos = m.start() + 1
                continue
            if self.in_string:
                end = _STRING_REST.match(buf, self.pos).end()  # type: ignore[union-attr]
                if end >= len(buf) or (buf[end : end + 1] == b"\\" and end + 1 >= len(buf)):
                    self.pos = end  # the string goes on in the next chunk
                    if not eof:
                        return
                    self.pos = len(buf)
                    break
                # A quote ends the string; a raw line break (invalid JSON) breaks the record,
                # which then ends where the next one starts: it must not swallow the file.
                self.in_string = False
                self.pos = end + 1 if buf[end : end + 1] == b'"' else end
                if buf[end : end + 1] != b'"' and self.start is not None:
                    self.resyncing = True
                    continue
                if self.layout == "sequence" and self.depth == 0 and self.start is not None:
                    yield from self.end_record(self.base + self.pos)
                continue
            if self.depth > self.floor:
                m = _STRUCTURE.search(buf, self.pos)
                if m is None:
                    self.pos = len(buf)
                    break
                self.pos = m.end()
                c = buf[m.start()]
                if c == 0x22:  # "
                    self.in_string = True
                elif c in b"{[":
                    self.depth += 1
                else:
                    self.depth -= 1
                    if self.depth == self.floor:
                        yield from self.back_at_floor(m.start())
                continue
            m = _NOT_SPACE.search(buf, self.pos)
            if m is None:
                self.pos = len(buf)
                break
            yield from self.at_level(m.start(), buf[m.start()])

    def back_at_floor(self, at: int) -> Iterator[Record | JsonNotice]:
        """A bracket closed, back at the level where records (or the wrapper's fields) are."""
        if self.layout == "sequence" and self.depth == 0 and self.start is not None:
            yield from self.end_record(self.base + at + 1)
        elif self.layout == "wrapper" and not self.opened:
            self.floor = 1  # a field of the wrapper skipped; back among its fields

    def at_level(self, i: int, c: int) -> Iterator[Record | JsonNotice]:
        """A byte that is not a space, at the level of the records (or outside their list)."""
        here = self.base + i
        if self.opened or self.layout == "sequence":
            if self.layout != "sequence" and c in b",]}":
                yield from self.end_record(here)
                self.pos = i + 1
                if c != 0x2C:  # the list closed
                    self.depth -= 1
                    self.opened = False
                    self.floor = self.depth
                return
            if self.layout == "sequence" and c == 0x2C:  # `{...},\n{...}`
                self.pos = i + 1
                return
            yield from self.end_junk()
            if self.start is None:
                self.open_record(i)
            self.pos = i + 1
            if c == 0x22:
                self.in_string = True
            elif c in b"{[":
                self.depth += 1
            elif c in b"]}":
                pass  # a stray closing bracket: part of a broken record
            else:
                self.pos = _SCALAR.match(self.buf, i).end()  # type: ignore[union-attr]
                if self.layout == "sequence":
                    yield from self.end_record(self.base + self.pos)
            return
        # Outside the records' list: its opening, the wrapper's other fields, or junk.
        self.pos = i + 1
        if self.layout == "array" and c == 0x5B and self.depth == 0:
            yield from self.end_junk()
            self.depth = self.floor = 1
            self.opened = True
        elif self.layout == "wrapper" and self.depth == 0 and c == 0x7B:
            yield from self.end_junk()
            self.depth = self.floor = 1
        elif self.layout == "wrapper" and self.depth == 1:
            if c == 0x5B and not self.wrapper_done:
                self.depth = self.floor = 2
                self.opened = self.wrapper_done = True
            elif c == 0x22:
                self.in_string = True
            elif c in b"{[":
                self.depth += 1  # a field of the wrapper, skipped bracket by bracket
            elif c == 0x7D:
                self.depth = self.floor = 0
            # keys' colons, commas and scalar values of the wrapper's fields: nothing to do
        elif self.junk is None:
            self.junk, self.junk_line = here, self.line_of(i)

    # -- records --

    def open_record(self, i: int) -> None:
        self.start = self.base + i
        self.start_line = self.line_of(i)
        self.over = False

    def end_record(self, end: int) -> Iterator[Record]:
        if self.start is None:
            return
        start, self.start = self.start, None
        size = end - start
        if self.over or size > self.max_bytes:
            yield Record(start, self.start_line, size, None)
            return
        data = self.buf[start - self.base : end - self.base].rstrip()
        if data:
            yield Record(start, self.start_line, size, data)

    def end_junk(self) -> Iterator[JsonNotice]:
        if self.junk is not None:
            yield JsonNotice(self.junk, self.junk_line, "text that is not JSON; skipped")
            self.junk = None

    def finish(self) -> Iterator[Record | JsonNotice]:
        if self.start is not None:
            yield from self.end_record(self.base + len(self.buf))
        yield from self.end_junk()
        if self.opened or self.depth > 0:
            yield JsonNotice(
                self.base + len(self.buf),
                self.line_of(len(self.buf)),
                "the file ends inside the JSON (a list or object is not closed)",
            )

    # -- memory --

    def line_of(self, i: int) -> int:
        """The line number at buf[i]; offsets asked for only grow."""
        if i > self.lines_at:
            self.line += self.buf.count(b"\n", self.lines_at, i)
            self.lines_at = i
        return self.line

    def let_go(self) -> None:
        """Drop the bytes no longer needed: all before the record being cut (all of it, once it
        is over the limit) or before the scan position."""
        keep = self.pos
        if self.start is not None:
            if self.base + self.pos - self.start > self.max_bytes:
                self.over = True
            if not self.over:
                keep = min(keep, self.start - self.base)
        if keep <= 0:
            return
        self.line_of(keep)
        self.buf = self.buf[keep:]
        self.base += keep
        self.pos -= keep
        self.lines_at -= keep
