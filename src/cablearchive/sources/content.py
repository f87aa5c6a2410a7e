"""What one file's (or member's) bytes hold: a stream of records, or one document to decode later.

This is the I/O side: it reads, bounded by the limits, and decides only what the first bytes
make plain. Decoding and extracting a single document is CPU work, left to
`documents_from_blob` so a caller can run it in worker processes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from cablearchive.parse.model import Source
from cablearchive.sources.detect import sniff_container
from cablearchive.sources.document import Blob, RawDocument, SourceProblem
from cablearchive.sources.extract import CABLEGATE_HTML, TEXT
from cablearchive.sources.framing import Readable
from cablearchive.sources.json_stream import json_layout
from cablearchive.sources.limits import Limits
from cablearchive.sources.records import (
    RECORD_FIELDS,
    iter_cables_csv,
    iter_json,
    iter_jsonl,
    looks_like_cables_csv,
    looks_like_jsonl,
)
from cablearchive.sources.streams import PrefixedReader, read_at_most

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FORMAT_BY_SUFFIX = {".html": CABLEGATE_HTML, ".htm": CABLEGATE_HTML, ".txt": TEXT}


Item = Blob | RawDocument | SourceProblem


def content_items(
    head: bytes, stream: Readable, source: Source, limits: Limits, name: str
) -> Iterator[Item]:
    """The documents in the bytes `head` + rest of `stream`, whose (inner) file name is `name`.

    Archives were opened by the caller; one found here is inside another and is not opened.
    """
    container = sniff_container(head, name)
    if container is not None:
        yield SourceProblem(
            source,
            f"nested {container.description} not read (archives inside archives are not opened)",
        )
        return
    lower = name.lower()
    if lower.endswith(".csv") or looks_like_cables_csv(head):
        yield from iter_cables_csv(PrefixedReader(head, stream), source, limits.max_document_bytes)
        return
    # A JSON-lines name wins over the content: one broken first line must not change how
    # the whole file is read.
    is_jsonl = lower.endswith((".jsonl", ".ndjson"))
    if not is_jsonl and (layout := json_layout(head, RECORD_FIELDS)) is not None:
        yield from iter_json(
            PrefixedReader(head, stream), source, layout, limits.max_document_bytes
        )
        return
    if is_jsonl or looks_like_jsonl(head):
        yield from iter_jsonl(PrefixedReader(head, stream), source, limits.max_document_bytes)
        return
    limit = limits.max_document_bytes
    data = head + read_at_most(stream, limit + 1 - len(head))
    if len(data) > limit:
        yield SourceProblem(source, f"over the size limit of {limit} bytes; not read")
        return
    yield Blob(data, replace(source, format=_format_guess(lower)))


def safe_label(name: str) -> str:
    """A file or member name fit to show and store: valid UTF-8, no control characters.

    Names are only ever labels (never joined to a path), but undecodable bytes would break
    the store and a newline in a name could forge a line of output.
    """
    readable = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _UNPRINTABLE.sub("?", readable)


def _format_guess(lower_name: str) -> str | None:
    for suffix, fmt in _FORMAT_BY_SUFFIX.items():
        if lower_name.endswith(suffix):
            return fmt
    return None
