"""The CPU side: one single-document blob decoded, its format recognised, its cable extracted.

Pure: bytes in, documents out, no I/O, so it can run in worker processes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace

from cablearchive.parse.model import Source
from cablearchive.sources.cablegate_html import looks_like_html, read_html_page
from cablearchive.sources.document import Blob, RawDocument, SourceProblem
from cablearchive.sources.extract import JSON, Extract, Unreadable
from cablearchive.sources.nara_entities import looks_like_nara, read_nara
from cablearchive.sources.records import document_from_csv_row, read_json_records
from cablearchive.sources.text import DecodedText, binary_kind, decode_text
from cablearchive.sources.viewer_text import read_plain_text

_JSON_OBJECT_START = re.compile(r"\s*[\[{]")


def documents_from_blob(blob: Blob) -> list[RawDocument | SourceProblem]:
    """Decode a blob, detect its format by content and extract its cable (or say why not)."""
    if blob.line is not None:  # one record of a cables.csv
        return [document_from_csv_row(blob)]
    source = replace(blob.source, sha256=hashlib.sha256(blob.data).hexdigest())
    try:
        return _documents(blob.data, source)
    except Exception as err:
        # The last guard: readers return problems as values, so reaching here is a bug (ours
        # or the HTML parser's) met on hostile input. Say so, and let the batch go on.
        return [SourceProblem(source, f"reader failed: {type(err).__name__}: {err}")]


def _documents(data: bytes, source: Source) -> list[RawDocument | SourceProblem]:
    if not data:
        return [SourceProblem(source, "empty file")]
    name = source.member or source.path or ""
    if looks_like_html(data, name):
        return [_item(source, read_html_page(data))]
    decoded = decode_text(data)
    kind = binary_kind(data, decoded)
    if kind is not None:
        return [SourceProblem(source, f"{kind}, not a text document; not read")]
    return [
        _item(source, _with_warnings(result, decoded), where) for where, result in _read(decoded)
    ]


def _read(decoded: DecodedText) -> list[tuple[str, Extract | Unreadable]]:
    """The documents of a decoded file, each with where it is in the file (for a JSON file
    wrapping several records: `record 2 of 'cables'`)."""
    text = decoded.text
    if looks_like_nara(text):
        return [("", read_nara(text))]
    if _JSON_OBJECT_START.match(text) and (value := _json_or_none(text)) is not None:
        return read_json_records(value, JSON)
    return [("", read_plain_text(text))]


def _with_warnings(result: Extract | Unreadable, decoded: DecodedText) -> Extract | Unreadable:
    if isinstance(result, Extract) and decoded.warnings:
        return replace(result, warnings=(*decoded.warnings, *result.warnings))
    return result


def _json_or_none(text: str) -> object | None:
    try:
        record: object = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None  # a telegram that happens to start with `{` is still a telegram
    return record


def _item(
    source: Source, result: Extract | Unreadable, where: str = ""
) -> RawDocument | SourceProblem:
    located = replace(source, format=result.format)
    if isinstance(result, Unreadable):
        return SourceProblem(located, f"{where}: {result.message}" if where else result.message)
    if not result.text or result.text.isspace():
        return SourceProblem(located, "no text (the file is empty or only whitespace)")
    return RawDocument(result.text, result.hints, located, result.warnings, result.entities)
