"""Exporting what a query selects: JSON lines (the full record), CSV and Parquet (flat rows)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

Format = Literal["jsonl", "csv", "parquet"]
# The flat columns of CSV and Parquet: one row per cable, lists joined or kept as lists.
COLUMNS = (
    "id", "subject", "subject_classification", "created", "released", "classification",
    "origin", "from", "to", "info", "tags", "captions", "references", "signer", "signers",
    "classifier_name", "classifier_title", "classifier_office", "summary", "paragraph_count",
    "warning_count",
)  # fmt: skip
_LIST_COLUMNS = ("to", "info", "tags", "captions", "references", "signers")
_PARQUET_BATCH = 2_000


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    """The flat form of a record: lists of names and ids, counts instead of long parts.

    `record` has the keys of today's contract (the archive's `current_form`)."""
    classifier = record["classifier"] or {}
    return {
        "id": record["id"],
        "subject": record["subject"],
        "subject_classification": record["subject_classification"],
        "created": record["created"],
        "released": record["released"],
        "classification": record["classification"],
        "origin": record["origin"],
        "from": record["from"],
        "to": [a["name"] for a in record["to"]],
        "info": [a["name"] for a in record["info"]],
        "tags": list(record["tags"]),
        "captions": list(record["captions"]),
        "references": [r["id"] or r["raw"] for r in record["references"]],
        "signer": record["signer"],
        "signers": list(record["signers"]),
        "classifier_name": classifier.get("name"),
        "classifier_title": classifier.get("title"),
        "classifier_office": classifier.get("office"),
        "summary": record["summary"],
        "paragraph_count": len(record["paragraphs"]),
        "warning_count": len(record["warnings"]),
    }


def write_export(records: Iterable[dict[str, Any]], fmt: Format, path: Path) -> int:
    """Write `records` to `path` in `fmt`; returns how many were written."""
    if fmt == "jsonl":
        return _jsonl(records, path)
    if fmt == "csv":
        return _csv(records, path)
    return _parquet(records, path)


def _jsonl(records: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def _csv(records: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for record in records:
            row = flat_row(record)
            for column in _LIST_COLUMNS:
                row[column] = "; ".join(row[column])
            writer.writerow(row)
            n += 1
    return n


def _parquet(records: Iterable[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa  # imported here: only Parquet export needs it
    import pyarrow.parquet as pq

    strings = pa.string()
    schema = pa.schema(
        [
            (c, pa.list_(strings) if c in _LIST_COLUMNS else pa.int32() if c.endswith("_count")
             else strings)
            for c in COLUMNS
        ]
    )  # fmt: skip
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in _batches(flat_row(r) for r in records):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _PARQUET_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# The person table and the person-cable table (`cables export --people`).
PEOPLE_COLUMNS = (
    "key", "name", "surname", "given", "cables", "signer", "classifier", "tagged",
    "mentioned", "first", "last", "spellings", "titles", "posts",
)  # fmt: skip
PEOPLE_LISTS = ("given", "spellings", "titles", "posts")
PERSON_CABLE_COLUMNS = ("person", "cable_id", "role", "created", "spellings", "paragraphs")
PERSON_CABLE_LISTS = ("spellings", "paragraphs")


def write_table(
    rows: Iterable[dict[str, Any]],
    columns: tuple[str, ...],
    lists: tuple[str, ...],
    fmt: Format,
    path: Path,
) -> int:
    """Write flat `rows` (list values in the `lists` columns, integers in those named like a
    count) to `path` in `fmt`; returns how many were written."""
    if fmt == "jsonl":
        return _jsonl(rows, path)
    n = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({c: "; ".join(map(str, row[c])) if c in lists else row[c]
                                 for c in columns})  # fmt: skip
                n += 1
        return n
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, _arrow_type(pa, c, lists)) for c in columns])
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in _batches(iter(rows)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


_COUNTS = ("cables", "signer", "classifier", "tagged", "mentioned")


def _arrow_type(pa: Any, column: str, lists: tuple[str, ...]) -> Any:
    if column == "paragraphs":
        return pa.list_(pa.int32())
    if column in lists:
        return pa.list_(pa.string())
    return pa.int32() if column in _COUNTS else pa.string()
