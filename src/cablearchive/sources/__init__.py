"""Files, folders and archives to raw cable texts: formats, not meaning.

`iter_documents(paths)` streams a `RawDocument` (text, the metadata hints its format carries,
and where it came from) or a `SourceProblem` (what could not be read, and why) for every
document found. Nothing is unpacked to disk and nothing is written anywhere.

Formats, recognised by content first and by file name only to break ties:

- Cablegate site pages (`cablegate-html`): the metadata table gives the hints, the two
  `<pre>` blocks the header and body; other HTML with `<pre>` text (`html`).
- The WikiLeaks viewer's text export (`viewer-text`), and any other telegram as plain text
  (`text`).
- The 2011 `cables.csv` layout (`cables-csv`) and JSON lines (`jsonl`), streamed row by row;
  JSON arrays, lists wrapped in an object and runs of pretty-printed objects (`json`, other
  tools' exports and mongoexport dumps), streamed record by record; a file holding a single
  JSON object (`json`). JSON records are read whatever tool wrote them (`parse.foreign`).
- NARA 1970s telegrams with entity markup (`nara-entities`): the markup is removed and the
  entities kept in `RawDocument.entities`.
- Archives: tar (plain, gzip, bzip2, xz), zip, and single gzip/bzip2/xz-compressed files.

For parallel work, `iter_blobs` does the reading only: single-document files come out as
picklable `Blob`s for `documents_from_blob` (pure CPU work) to finish, perhaps in worker
processes; multi-record files come out as documents directly, in order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping

from cablearchive.sources.blobs import documents_from_blob
from cablearchive.sources.document import Blob, Entity, MetadataHints, RawDocument, SourceProblem
from cablearchive.sources.files import excluded_folders, input_sizes, path_items
from cablearchive.sources.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "Blob",
    "Entity",
    "Limits",
    "MetadataHints",
    "RawDocument",
    "SourceProblem",
    "documents_from_blob",
    "input_sizes",
    "iter_blobs",
    "iter_documents",
]

PathArg = str | os.PathLike[str]


def iter_documents(
    paths: Iterable[PathArg] | PathArg, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawDocument | SourceProblem]:
    """Every document in `paths` (files, folders read recursively in name order, archives)."""
    for item in iter_blobs(paths, limits):
        if isinstance(item, Blob):
            yield from documents_from_blob(item)
        else:
            yield item


def iter_blobs(
    paths: Iterable[PathArg] | PathArg,
    limits: Limits = DEFAULT_LIMITS,
    exclude: Mapping[str, str] | None = None,
) -> Iterator[Blob | RawDocument | SourceProblem]:
    """The reading half of `iter_documents`: blobs still to decode, or finished documents.

    `exclude` maps folders not to read (the archive being written, say) to the reason given.
    """
    # A lone path is a path, not an iterable of one-letter paths.
    named = [paths] if isinstance(paths, str | os.PathLike) else paths
    excluded = excluded_folders(exclude or {})
    for path in named:
        yield from path_items(os.fspath(path), limits, excluded)
