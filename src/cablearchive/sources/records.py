"""Multi-record files: the 2011 `cables.csv` layout, JSON lines, and JSON arrays or wrapped lists
(other tools' exports, mongoexport dumps), streamed record by record.

One bad record (broken quoting, wrong column count, bad JSON, over the size limit) becomes a
problem naming its line; the reader goes on with the next record.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from cablearchive.parse.foreign import (
    BODY_FIELDS,
    HEADER_FIELDS,
    TEXT_FIELDS,
    NotARecord,
    read_record,
    records_in,
)
from cablearchive.parse.model import Source
from cablearchive.sources.dates import date_hint
from cablearchive.sources.document import Blob, MetadataHints, RawDocument, SourceProblem
from cablearchive.sources.extract import (
    CABLES_CSV,
    JSON,
    JSONL,
    Extract,
    Unreadable,
    join_header_body,
    none_if_blank,
)
from cablearchive.sources.framing import Readable, Record, iter_records
from cablearchive.sources.json_stream import JsonLayout, JsonNotice, iter_json_records
from cablearchive.sources.text import clean_text, decode_text

CSV_COLUMNS = (
    "row number",
    "created",
    "id",
    "origin",
    "classification",
    "references",
    "header",
    "body",
)
# A record of the layout starts a line with its quoted row number: `"12","`. Inside a quoted
# field a line can only start with a doubled quote, so this also finds the next record after
# a row whose quoting is broken.
CSV_RECORD_END = re.compile(rb'\n(?="\d{1,12}",")')
_CSV_FIRST_RECORD = re.compile(
    rb'(?:\xef\xbb\xbf)?"\d{1,12}","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(?::\d{2})?","'
)
_CSV_RECORD_START = re.compile(rb'(?:\xef\xbb\xbf)?"\d{1,12}","')
_LINE_END = re.compile(rb"\n")
_BLANK = re.compile(rb"\s*")
# Field names (as `parse.foreign` reduces them) that make an object a record, not a wrapper.
RECORD_FIELDS = frozenset(TEXT_FIELDS + BODY_FIELDS + HEADER_FIELDS)
_JSONL_SECOND_OBJECT = re.compile(rb"\n[ \t\r]*\{")


def looks_like_cables_csv(head: bytes) -> bool:
    """Whether a file starts with a record of the 2011 cables.csv layout."""
    return _CSV_FIRST_RECORD.match(head) is not None


def looks_like_jsonl(head: bytes) -> bool:
    """Whether a file starts with JSON objects one per line (two of them, at least)."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and bool(
        _JSONL_SECOND_OBJECT.search(head)
    )


def iter_cables_csv(
    stream: Readable, source: Source, max_document_bytes: int
) -> Iterator[Blob | SourceProblem]:
    """The rows of a cables.csv file, each with its byte offset in Source, as blobs: cutting
    the rows apart is cheap, reading their columns is CPU work for `document_from_csv_row`
    (in a worker process, when there are several)."""
    # The csv module's field limit (128 KB by default) is process-wide; raising it to the
    # document limit is the only way to read long bodies, and it never needs lowering.
    csv.field_size_limit(max(csv.field_size_limit(), max_document_bytes))
    source = replace(source, format=CABLES_CSV)
    for record in iter_records(stream, CSV_RECORD_END, max_document_bytes):
        located = replace(source, offset=record.offset)
        if record.data is None:
            yield _over_limit(located, record, max_document_bytes)
        elif _BLANK.fullmatch(record.data):
            continue
        elif not _CSV_RECORD_START.match(record.data):
            yield SourceProblem(located, _not_a_row(record))
        else:
            yield Blob(record.data, located, record.line)


def document_from_csv_row(blob: Blob) -> RawDocument | SourceProblem:
    """One record of a cables.csv, read into a document (or a problem naming its line)."""
    return _read_document(
        blob.source, blob.line or 0, blob.data, _guarded(read_csv_record, blob.data)
    )


def iter_jsonl(
    stream: Readable, source: Source, max_document_bytes: int
) -> Iterator[RawDocument | SourceProblem]:
    """The lines of a JSON-lines file as documents; blank lines are skipped."""
    source = replace(source, format=JSONL)
    for record in iter_records(stream, _LINE_END, max_document_bytes, lookahead=0):
        located = replace(source, offset=record.offset)
        if record.data is None:
            yield _over_limit(located, record, max_document_bytes)
        elif not _BLANK.fullmatch(record.data):
            yield _document(located, record, _guarded(read_json_line, record.data))


def read_csv_record(data: bytes) -> Extract | Unreadable:
    """One cables.csv record (which may span many lines) as text and hints."""
    decoded = decode_text(data)
    fast = split_csv_row(decoded.text)
    try:
        # The csv module only where the fast split gave up (a StringIO copies the text).
        rows = [fast] if fast is not None else _csv_rows(decoded.text)
    except csv.Error as err:
        return Unreadable(CABLES_CSV, f"broken CSV quoting ({err})")
    if len(rows) != 1:
        return Unreadable(CABLES_CSV, "record does not read as one CSV row (broken quoting?)")
    row = rows[0]
    if len(row) != len(CSV_COLUMNS):
        return Unreadable(
            CABLES_CSV,
            f"{len(row)} columns where the cables.csv layout has {len(CSV_COLUMNS)} "
            f"({', '.join(CSV_COLUMNS)})",
        )
    _, created, cable_id, origin, classification, references, header, body = row
    text = join_header_body(header, body)
    if not text:
        return Unreadable(CABLES_CSV, "row has neither header nor body text")
    warnings = list(decoded.warnings)
    hints = MetadataHints(
        id=none_if_blank(cable_id),
        created=date_hint(created, "created", warnings),
        classification=none_if_blank(classification),
        origin=none_if_blank(origin),
        references=tuple(ref.strip() for ref in references.split(",") if ref.strip()),
    )
    return Extract(CABLES_CSV, text, hints, tuple(warnings))


def _csv_rows(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]


def split_csv_row(text: str) -> list[str] | None:
    """The fields of one CSV row as `csv.reader` reads them, for the rows of a cables.csv:
    unquoted fields without quotes, quoted fields with their quotes doubled, then a line end.
    None for anything else (a stray quote, two rows, ...), which `csv.reader` then reads and
    judges. Found with `str.find` a field at a time: five times faster than `csv.reader`,
    which walks an 8 KB body one character at a time."""
    fields: list[str] = []
    at, end = 0, len(text)
    while end and text[end - 1] == "\n":  # (not rstrip: that copies the text)
        end -= 1
    if not end:
        return None
    while True:
        if text.startswith('"', at):
            close = text.find('"', at + 1)
            while close >= 0 and text.startswith('"', close + 1):
                close = text.find('"', close + 2)
            if close < 0:
                return None
            field = text[at + 1 : close]
            fields.append(field.replace('""', '"') if '""' in field else field)
            at = close + 1
        else:
            comma = text.find(",", at, end)
            stop = end if comma < 0 else comma
            field = text[at:stop]
            if '"' in field or "\n" in field or "\r" in field:
                return None
            fields.append(field)
            at = stop
        if at == end:
            return fields
        if not text.startswith(",", at):
            return None
        at += 1


def read_json_line(data: bytes) -> Extract | Unreadable:
    """One JSON line as text and hints."""
    return _read_json_bytes(data, JSONL)


def read_json_record(
    record: object, fmt: str = JSON, warnings: tuple[str, ...] = ()
) -> Extract | Unreadable:
    """A JSON object as text and hints, whatever tool wrote it: its fields are found by the
    names tools use (`text`, `body`, `content`; `_id`, `refid`, `identifier`; `date_time`,
    `created_at`...) and Extended JSON values are read (see `parse.foreign`)."""
    found = read_record(record)
    if isinstance(found, NotARecord):
        return Unreadable(fmt, found.reason)
    text, repairs = clean_text(found.text)
    return Extract(fmt, text, found.hints, (*warnings, *found.warnings, *repairs))


def read_json_records(value: object, fmt: str = JSON) -> list[tuple[str, Extract | Unreadable]]:
    """The records of a JSON value, each with where it is in words (`record 2 of 'cables'`):
    a list's items, a wrapper's list (`{"cables": [...]}`), or the value itself."""
    records, key = records_in(value)
    if len(records) == 1 and key is None and not isinstance(value, list):
        return [("", read_json_record(records[0], fmt))]
    if not records:
        return [("", Unreadable(fmt, "the JSON holds no records (an empty list)"))]
    under = f" of {key!r}" if key else ""
    return [(f"record {n}{under}", read_json_record(r, fmt)) for n, r in enumerate(records, 1)]


def iter_json(
    stream: Readable, source: Source, layout: JsonLayout, max_bytes: int
) -> Iterator[RawDocument | SourceProblem]:
    """The records of a JSON array, a wrapper object or a run of objects, as documents; each
    bad record is a problem naming its number and line, and the reading goes on."""
    source = replace(source, format=JSON)
    number = 0
    for item in iter_json_records(stream, layout, max_bytes):
        if isinstance(item, JsonNotice):
            located = replace(source, offset=item.offset)
            yield SourceProblem(located, f"line {item.line}: {item.message}")
            continue
        number += 1
        located = replace(source, offset=item.offset)
        where = f"record {number} (line {item.line})"
        if item.data is None:
            yield SourceProblem(
                located,
                f"{where}: record of {item.size} bytes is over the size limit of {max_bytes} bytes",
            )
            continue
        result = _guarded(lambda data: _read_json_bytes(data, JSON), item.data)
        if isinstance(result, Unreadable):
            yield SourceProblem(located, f"{where}: {result.message}")
        else:
            located = replace(located, sha256=hashlib.sha256(item.data).hexdigest())
            yield RawDocument(result.text, result.hints, located, result.warnings)


def _read_json_bytes(data: bytes, fmt: str) -> Extract | Unreadable:
    decoded = decode_text(data)
    try:
        record = json.loads(decoded.text)
    except json.JSONDecodeError as err:
        # `json` words some messages to end in "at" (`Invalid control character at`).
        msg = err.msg.removesuffix(" at")
        return Unreadable(fmt, f"not valid JSON ({msg} at column {err.colno})")
    except RecursionError:
        return Unreadable(fmt, "JSON nested too deeply to read")
    return read_json_record(record, fmt, decoded.warnings)


def _guarded(read: Callable[[bytes], Extract | Unreadable], data: bytes) -> Extract | Unreadable:
    try:
        return read(data)
    except Exception as err:
        # The last guard: readers return problems as values, so reaching here is a bug met
        # on hostile input. One record must not end the reading of the rest of the file.
        return Unreadable(None, f"reader failed: {type(err).__name__}: {err}")


def _document(
    source: Source, record: Record, result: Extract | Unreadable
) -> RawDocument | SourceProblem:
    assert record.data is not None  # only records within the limit are read
    return _read_document(source, record.line, record.data, result)


def _read_document(
    source: Source, line: int, data: bytes, result: Extract | Unreadable
) -> RawDocument | SourceProblem:
    if isinstance(result, Unreadable):
        return SourceProblem(source, f"line {line}: {result.message}")
    located = replace(source, format=result.format, sha256=hashlib.sha256(data).hexdigest())
    return RawDocument(result.text, result.hints, located, result.warnings, result.entities)


def _over_limit(source: Source, record: Record, limit: int) -> SourceProblem:
    return SourceProblem(
        source,
        f"line {record.line}: record of {record.size} bytes is over the size limit "
        f"of {limit} bytes",
    )


def _not_a_row(record: Record) -> str:
    assert record.data is not None
    lines = record.data.rstrip(b"\r\n").count(b"\n") + 1
    where = (
        f"line {record.line}" if lines == 1 else f"lines {record.line}-{record.line + lines - 1}"
    )
    return f"{where}: not a cables.csv record (expected quoted fields: {', '.join(CSV_COLUMNS)})"
