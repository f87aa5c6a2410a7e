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
from cablearchive.sources.records import document_from_csv_row, read_json_record
from cablearchive.sources.text import DecodedText, binary_kind, decode_text
from cablearchive.sources.viewer_text import read_plain_text

_JSON_OBJECT_START = re.compile(r"\s*\{")


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
    return [_item(source, _read_text(decoded))]


def _read_text(decoded: DecodedText) -> Extract | Unreadable:
    text = decoded.text
    if looks_like_nara(text):
        result: Extract | Unreadable = read_nara(text)
    elif _JSON_OBJECT_START.match(text) and (record := _json_or_none(text)) is not None:
        result = read_json_record(record, JSON)
    else:
        result = read_plain_text(text)
    if isinstance(result, Extract) and decoded.warnings:
        result = replace(result, warnings=(*decoded.warnings, *result.warnings))
    return result


def _json_or_none(text: str) -> object | None:
    try:
        record: object = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None  # a telegram that happens to start with `{` is still a telegram
    return record


def _item(source: Source, result: Extract | Unreadable) -> RawDocument | SourceProblem:
    located = replace(source, format=result.format)
    if isinstance(result, Unreadable):
        return SourceProblem(located, result.message)
    if not result.text or result.text.isspace():
        return SourceProblem(located, "no text (the file is empty or only whitespace)")
    return RawDocument(result.text, result.hints, located, result.warnings, result.entities)
