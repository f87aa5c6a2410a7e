"""Multi-record files: the 2011 cables.csv layout, JSON lines, other tools' JSON (arrays, wrapped
lists, mongoexport dumps), including broken records."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablearchive.parse import Cable
from cablearchive.pipeline import cable_from_document
from cablearchive.sources import Limits, MetadataHints
from cablearchive.sources.framing import iter_records
from cablearchive.sources.json_stream import JsonNotice, iter_json_records
from cablearchive.sources.records import CSV_RECORD_END, split_csv_row

from .conftest import documents, only_document, only_problem, problems, read_all


@pytest.fixture(scope="module")
def scale_csv(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 rows written by the shared benchmark tool, in the 2011 cables.csv layout."""
    tool = shared_dir / "tools" / "make-scale-corpus"
    out = tmp_path_factory.mktemp("csv") / "cables.csv"
    subprocess.run(
        [sys.executable, str(tool), "--count", "200", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_the_benchmark_csv_row_by_row(scale_csv: Path) -> None:
    items = read_all(scale_csv)
    assert problems(items) == []
    docs = documents(items)
    rows = _rows(scale_csv)
    assert len(docs) == len(rows) == 200
    raw = scale_csv.read_bytes()
    for doc, row in zip(docs, rows, strict=True):
        number, created, cable_id, origin, classification, refs, header, body = row
        month, day, year, hour, minute = map(int, re.split(r"[/ :]", created))
        assert doc.hints == MetadataHints(
            id=cable_id,
            created=f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00Z",
            classification=classification,
            origin=origin,
            references=tuple(refs.split(",")) if refs else (),
        )
        assert doc.text == f"{header.rstrip()}\n\n{body.rstrip()}"
        assert doc.source.format == "cables-csv"
        # The offset points at the row's first byte, and the hash covers the row's bytes.
        offset = doc.source.offset
        assert offset is not None
        assert raw[offset:].startswith(f'"{number}","'.encode())
        end = raw.find(f'\n"{int(number) + 1}","'.encode(), offset)
        row_bytes = raw[offset : end + 1 if end >= 0 else len(raw)]
        assert doc.source.sha256 == hashlib.sha256(row_bytes).hexdigest()
    first = docs[0]
    assert first.hints.id == "66BUENOSAIRES2481" and first.hints.created == "1966-12-18T23:48:00Z"
    assert first.text.startswith("VZCZCXYZ0000\nOO RUEHWEB\n\nDE RUEHBU #2481/01 3522348\n")


def _csv_row(number: int, cable_id: str, body: str, refs: str = "") -> str:
    fields = [str(number), "05/15/2006 02:25", cable_id, "Embassy Almaty", "SECRET", refs]
    fields += ["R 150225Z MAY 06\nFM AMEMBASSY ALMATY", body]
    return ",".join('"' + field.replace('"', '""') + '"' for field in fields) + "\n"


def test_bad_rows_are_problems_and_the_next_row_is_read(tmp_path: Path) -> None:
    good1 = _csv_row(1, "06ALMATY1", 'UNCLAS 1\n"QUOTED" TEXT', refs="06STATE1,06ALMATY2")
    broken_quote = '"2","05/15/2006 02:25","06ALMATY2","E","S","","H","BODY "UNESCAPED" QUOTE"\n'
    unclosed = '"3","05/15/2006 02:25","06ALMATY3","E","S","","H","BODY NEVER CLOSED\nMORE\n'
    short = '"4","05/15/2006 02:25","06ALMATY4","E"\n'
    good2 = _csv_row(5, "06ALMATY5", "UNCLAS 5")
    bad_date = good2.replace('"5"', '"6"').replace("05/15/2006", "13/45/2006").replace("Y5", "Y6")
    path = tmp_path / "cables.csv"
    path.write_text(good1 + broken_quote + unclosed + short + good2 + bad_date, encoding="utf-8")
    items = read_all(path)
    assert [getattr(item, "message", None) for item in items] == [
        None,
        "line 4: broken CSV quoting (',' expected after '\"')",
        "line 5: broken CSV quoting (unexpected end of data)",
        "line 7: 4 columns where the cables.csv layout has 8 (row number, created, id, "
        "origin, classification, references, header, body)",
        None,
        None,
    ]
    docs = documents(items)
    assert docs[0].text == 'R 150225Z MAY 06\nFM AMEMBASSY ALMATY\n\nUNCLAS 1\n"QUOTED" TEXT'
    assert docs[0].hints.references == ("06STATE1", "06ALMATY2")
    assert docs[1].hints.id == "06ALMATY5" and docs[1].hints.created == "2006-05-15T02:25:00Z"
    assert docs[2].hints.created == "13/45/2006 02:25"
    assert docs[2].warnings == ("created date '13/45/2006 02:25' not understood; kept as written",)
    for problem in problems(items):
        assert problem.source.path == str(path) and problem.source.format == "cables-csv"
        assert problem.source.offset is not None


def test_a_header_row_and_junk_are_reported_not_read(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        '"row","created","id"\njunk line\n' + _csv_row(1, "06X1", "BODY"), encoding="utf-8"
    )
    items = read_all(path)
    assert only_problem(items[:1]).message == (
        "lines 1-2: not a cables.csv record (expected quoted fields: row number, created, id, "
        "origin, classification, references, header, body)"
    )
    assert only_document(items[1:]).hints.id == "06X1"


def test_a_huge_row_is_refused_and_the_next_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    huge = _csv_row(1, "06X1", "A" * 3_000_000)
    path.write_text(huge + _csv_row(2, "06X2", "BODY"), encoding="utf-8")
    items = read_all(path, Limits(max_document_bytes=1_000_000))
    assert only_problem(items[:1]).message == (
        f"line 1: record of {len(huge)} bytes is over the size limit of 1000000 bytes"
    )
    assert only_document(items[1:]).hints.id == "06X2"


def test_fields_longer_than_the_csv_module_default_are_read(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(_csv_row(1, "06X1", "B" * 500_000), encoding="utf-8")
    doc = only_document(read_all(path))
    assert doc.text.endswith("B" * 500_000)


def test_jsonl_lines_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "text": "UNCLAS X 1\r\n1. T.",
                "id": "06X1",
                "created": "2006-07-13T15:21:00Z",
                "released": "2011-08-30 01:44",
                "classification": "SECRET",
                "origin": "Embassy X",
                "subject": "S",
                "references": ["06Y1", "06Y2"],
            }
        ),
        "",
        "{not json",
        json.dumps({"header": "FM X", "body": "BODY", "references": "06Y3, 06Y4"}),
        json.dumps(["a list"]),
        json.dumps({"id": "06X9"}),
        json.dumps({"text": "T", "created": 2006, "references": [1]}),
    ]
    path = tmp_path / "cables.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    assert [getattr(item, "message", None) for item in items] == [
        None,
        "line 3: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        None,
        "line 5: a JSON list, not an object",
        "line 6: JSON object has no cable text: no 'text', 'body' or 'content' string "
        "(its fields: 'id')",
        None,
    ]
    first, second, third = documents(items)
    assert first.text == "UNCLAS X 1\n1. T."
    assert first.hints == MetadataHints(
        id="06X1",
        created="2006-07-13T15:21:00Z",
        released="2011-08-30T01:44:00Z",
        classification="SECRET",
        origin="Embassy X",
        subject="S",
        references=("06Y1", "06Y2"),
    )
    assert first.source.offset == 0 and first.source.format == "jsonl"
    assert second.text == "FM X\n\nBODY" and second.hints.references == ("06Y3", "06Y4")
    assert third.warnings == (
        "'created' 2006 is not a date (not a plausible epoch time); ignored",
        "'references' is neither a list of strings nor a string; ignored",
    )


def test_jsonl_is_sniffed_without_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text('{"text": "A"}\n{"text": "B"}\n', encoding="utf-8")
    assert [d.text for d in documents(read_all(path))] == ["A", "B"]


def test_a_50_mb_line_is_refused_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"text": "before"}\n{"text": "')
        handle.write(b"X" * 50_000_000)
        handle.write(b'"}\n{"text": "after"}\n')
    items = read_all(path)
    assert only_problem(items[1:2]).message == (
        "line 2: record of 50000013 bytes is over the size limit of 16777216 bytes"
    )
    assert [d.text for d in documents(items)] == ["before", "after"]


_RECORD_TEXT = st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"."))


@given(st.lists(_RECORD_TEXT, max_size=30), st.integers(min_value=1, max_value=16))
def test_framing_is_independent_of_chunk_boundaries(parts: list[bytes], chunk: int) -> None:
    data = b"".join(part + b"\n" for part in parts)
    records = list(
        iter_records(io.BytesIO(data), re.compile(rb"\n"), 1000, lookahead=0, chunk_size=chunk)
    )
    assert [r.data for r in records] == [part + b"\n" for part in parts]
    assert [r.line for r in records] == list(range(1, len(parts) + 1))
    assert [r.offset for r in records] == [
        data.index(part + b"\n", r.offset) for part, r in zip(parts, records, strict=True)
    ]


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12), st.integers(1, 9))
def test_oversize_records_are_counted_not_held(sizes: list[int], chunk: int) -> None:
    data = b"".join(b"x" * size + b"\n" for size in sizes)
    records = list(
        iter_records(io.BytesIO(data), re.compile(rb"\n"), 20, lookahead=0, chunk_size=chunk)
    )
    assert [r.size for r in records] == [size + 1 for size in sizes]
    assert [r.data is None for r in records] == [size + 1 > 20 for size in sizes]
    offsets = [sum(s + 1 for s in sizes[:i]) for i in range(len(sizes))]
    assert [r.offset for r in records] == offsets


def test_hostile_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    lines = [
        "[" * 100_000,  # nested past the recursion limit
        '{"text": "UNCLAS \\ud800 X", "id": "06X\\udfff1"}',  # lone surrogates
        '{"text": "AFTER"}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    assert only_problem(items[:1]).message == "line 1: JSON nested too deeply to read"
    surrogates, after = documents(items)
    assert surrogates.text == "UNCLAS \ufffd X" and surrogates.hints.id == "06X\ufffd1"
    assert surrogates.warnings == (
        "'text' has unpaired UTF-16 surrogates; replaced by U+FFFD",
        "'id' has unpaired UTF-16 surrogates; replaced by U+FFFD",
    )
    assert after.text == "AFTER"


def test_a_reader_bug_costs_one_record_not_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cablearchive.sources import records

    real = records.read_json_line

    def flaky(data: bytes) -> object:
        if b"BOOM" in data:
            raise ValueError("boom")
        return real(data)

    monkeypatch.setattr(records, "read_json_line", flaky)
    path = tmp_path / "flaky.jsonl"
    path.write_text('{"text": "BOOM"}\n{"text": "FINE"}\n', encoding="utf-8")
    items = read_all(path)
    assert only_problem(items[:1]).message == "line 1: reader failed: ValueError: boom"
    assert only_document(items[1:]).text == "FINE"


_BODIES = st.text(st.sampled_from('AB "\n,1'), max_size=30)


@given(st.lists(_BODIES, min_size=1, max_size=8), st.integers(min_value=1, max_value=40))
def test_csv_rows_split_the_same_for_any_chunk_size(bodies: list[str], chunk: int) -> None:
    rows = [_csv_row(n, f"06X{n}", body).encode() for n, body in enumerate(bodies, 1)]
    records = list(
        iter_records(
            io.BytesIO(b"".join(rows)),
            CSV_RECORD_END,
            10_000,
            chunk_size=chunk,
        )
    )
    assert [r.data for r in records] == rows


# --- other tools' JSON ----------------------------------------------------------------------
# The shared data holds no other tool's export: the records below are written in the shapes
# those tools write (MongoDB's mongoexport, flat JSON dumps); the cable text is an excerpt of
# cable/2006/07/06ALMATY2549.html (seed 000), its lines joined as such dumps often hold them.

ALMATY_2549 = (
    "S E C R E T SECTION 01 OF 02 ALMATY 002549 SIPDIS E.O. 12958: DECL: 07/13/2016 "
    "TAGS: PTER KAWC PINR PREL KZ SUBJECT: KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO "
    "DETAINEES REF: A. ALMATY 1946 B. 7/8/06 PORGES-MONK EMAIL Classified By: Amb. John Ordway, "
    "reasons 1.4(C) and (D). 1. (S) Summary: In a July 12 meeting with MFA consular officials, "
    "Poloff followed up on Ref A discussion. 2. (S) On July 12, Poloff met with Ualikhan S. "
    "Sanginkhanov, Head of the MFA's Division of Europe and America."
)
OID = {"$oid": "5f1a2b3c4d5e6f7a8b9c0d1e"}


def test_a_mongoexport_dump_gives_ids_and_dates(tmp_path: Path) -> None:
    lines = [
        {"_id": OID, "refid": "06ALMATY2549",
         "created": {"$date": {"$numberLong": "1152804060000"}}, "content": ALMATY_2549},
        {"_id": OID, "identifier": "06almaty2549", "date_time": "7/13/2006 15:21",
         "body": ALMATY_2549.lower(), "tags": ["PTER", "KAWC"]},
        {"_id": OID, "reference_id": "06 ALMATY 002549", "datetime": {"$date": 1152804060000},
         "full_text": ALMATY_2549, "classification": "secret", "origin": "US Office Almaty"},
    ]  # fmt: skip
    path = tmp_path / "cables.json"  # mongoexport names its JSON-lines output `.json`
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    docs = documents(read_all(path))
    assert [(d.hints.id, d.hints.created) for d in docs] == [
        ("06ALMATY2549", "2006-07-13T15:21:00Z")
    ] * 3
    assert docs[1].hints.tags == ("PTER", "KAWC")
    assert docs[2].hints.classification == "SECRET" and docs[2].hints.origin == "US Office Almaty"
    assert all(d.warnings == () and d.source.format == "jsonl" for d in docs)
    cables = [cable_from_document(d) for d in docs]
    for cable in cables:
        assert isinstance(cable, Cable)
        assert cable.id == "06ALMATY2549" and cable.created == "2006-07-13T15:21:00Z"
        assert cable.tags == ["PTER", "KAWC", "PINR", "PREL", "KZ"]
        assert [(p.number, p.classification) for p in cable.paragraphs if p.number] == [
            (1, "S"),
            (2, "S"),
        ]
        # (A lower-case `b.` label is the REF reader's to know; the cable cited is found.)
        assert [r.id for r in cable.references][:1] == ["06ALMATY1946"]


def test_bad_json_lines_of_another_tool_are_reported_one_by_one(tmp_path: Path) -> None:
    lines = [
        json.dumps({"_id": OID, "refid": "06ALMATY2549", "date_time": "13/7/2006 15:21",
                    "content": ALMATY_2549}),
        '{"_id": {"$oid": "5f1a"}, "content": "broken',  # cut short
        json.dumps([{"content": "a list is not a record"}]),
        json.dumps("a string"),
        json.dumps({"_id": OID, "refid": "06ALMATY2549", "date": "2006-07-13"}),
        json.dumps({"content": ALMATY_2549, "refid": 6, "date": "soon", "subject": ["x"]}),
    ]  # fmt: skip
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    assert [getattr(item, "message", None) for item in items] == [
        None,
        "line 2: not valid JSON (Invalid control character at column 45)",
        "line 3: a JSON list, not an object",
        "line 4: a JSON string, not an object",
        "line 5: JSON object has no cable text: no 'text', 'body' or 'content' string (its "
        "fields: '_id', 'refid', 'date')",
        None,
    ]
    first, last = documents(items)
    assert first.hints.created == "2006-07-13T15:21:00Z"
    assert first.warnings == (
        "'date_time' '13/7/2006 15:21' read day first (13 July 2006): it cannot be read the "
        "usual way",
    )
    assert last.hints.id is None and last.hints.created is None
    assert last.warnings == (
        "'refid' 6 is not a cable id; ignored",
        "'date' 'soon' is not a date this reader knows; ignored",
        "'subject' is a JSON list, not a string; ignored",
    )


def _record(number: int, **more: object) -> dict[str, object]:
    return {"_id": OID, "refid": f"06ALMATY{number}", "content": f"UNCLAS ALMATY {number:06d}"}


def test_a_json_array_is_read_record_by_record(tmp_path: Path) -> None:
    records: list[object] = [_record(1), 5, {"refid": "06ALMATY2"}, _record(3)]
    raw = json.dumps(records, indent=1).encode()
    path = tmp_path / "export.json"
    path.write_bytes(raw)
    items = read_all(path)
    assert [getattr(item, "message", None) for item in items] == [
        None,
        "record 2 (line 9): a JSON number, not an object",
        "record 3 (line 10): JSON object has no cable text: no 'text', 'body' or 'content' string "
        "(its fields: 'refid')",
        None,
    ]
    one, three = documents(items)
    assert (one.hints.id, three.hints.id) == ("06ALMATY1", "06ALMATY3")
    for doc in (one, three):
        offset = doc.source.offset
        assert offset is not None and raw[offset : offset + 1] == b"{"
        record_bytes = raw[offset:].split(b"\n }", 1)[0] + b"\n }"
        assert doc.source.sha256 == hashlib.sha256(record_bytes).hexdigest()
        assert doc.source.format == "json"


def test_a_wrapped_list_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    data = {"count": 2, "exported": "2011-09-01", "cables": [_record(1), _record(2)], "x": [1]}
    path.write_text(json.dumps(data), encoding="utf-8")
    docs = documents(read_all(path))
    assert [d.hints.id for d in docs] == ["06ALMATY1", "06ALMATY2"]
    assert [d.source.offset for d in docs] == [
        json.dumps(data).index('{"_id"'),
        json.dumps(data).index('{"_id"', 60),
    ]


def test_a_wrapped_list_after_other_objects_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    data = {"meta": {"tool": "x"}, "data": [_record(1), {"refid": "06ALMATY2"}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    items = read_all(path)
    assert only_document(items[:1]).hints.id == "06ALMATY1"
    assert only_problem(items[1:]).message == (
        "record 2 of 'data': JSON object has no cable text: no 'text', 'body' or 'content' "
        "string (its fields: 'refid')"
    )


def test_pretty_printed_records_one_after_another(tmp_path: Path) -> None:
    # mongoexport --pretty writes each record over several lines, with no list around them.
    path = tmp_path / "pretty.json"
    pretty = [json.dumps(_record(n), indent=2) for n in (1, 2, 3)]
    path.write_text("\n".join(pretty) + "\n", encoding="utf-8")
    docs = documents(read_all(path))
    assert [d.hints.id for d in docs] == ["06ALMATY1", "06ALMATY2", "06ALMATY3"]
    assert [d.source.offset for d in docs] == [0, len(pretty[0]) + 1, 2 * len(pretty[0]) + 2]


def test_hostile_records_in_a_json_array(tmp_path: Path) -> None:
    path = tmp_path / "hostile.json"
    with path.open("wb") as handle:
        handle.write(b'[{"content": "' + b"X" * 2_000_000 + b'"},\n')  # over the limit
        handle.write(b"[" * 100_000 + b"]" * 100_000 + b",\n")  # nested past the limit
        handle.write(b'{"content": "a broken\nstring"},\n')  # a raw line break: broken
        handle.write(json.dumps(_record(4)).encode() + b"\n")
        handle.write(b"]\nTRAILING")
    items = read_all(path, Limits(max_document_bytes=1_000_000))
    assert [getattr(item, "message", None) for item in items] == [
        "record 1 (line 1): record of 2000015 bytes is over the size limit of 1000000 bytes",
        "record 2 (line 2): JSON nested too deeply to read",
        "record 3 (line 3): not valid JSON (Invalid control character at column 22)",
        None,
        "line 7: text that is not JSON; skipped",
    ]
    assert only_document(items[3:4]).hints.id == "06ALMATY4"


def test_a_json_array_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text(json.dumps([_record(1), _record(2)])[:-30], encoding="utf-8")
    items = read_all(path)
    assert only_document(items[:1]).hints.id == "06ALMATY1"
    assert [getattr(item, "message", "")[:40] for item in items[1:]] == [
        "record 2 (line 1): not valid JSON (Unter",
        "line 1: the file ends inside the JSON (a",
    ]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


@given(
    st.lists(_JSON_VALUES, max_size=6),
    st.integers(min_value=1, max_value=16),
    st.sampled_from([None, 1, 2]),
)
def test_json_records_are_cut_the_same_for_any_chunk_size(
    values: list[object], chunk: int, indent: int | None
) -> None:
    raw = json.dumps(values, indent=indent).encode()
    records = [
        r
        for r in iter_json_records(io.BytesIO(raw), "array", 10_000, chunk_size=chunk)
        if not isinstance(r, JsonNotice)
    ]
    assert [json.loads(r.data or b"") for r in records] == values
    assert [raw[r.offset : r.offset + r.size].strip() for r in records] == [r.data for r in records]


_JSON_BYTES = b'[]{}",:\\\n ab1'


@given(
    st.lists(st.sampled_from(list(_JSON_BYTES)), max_size=200).map(bytes),
    st.sampled_from(["array", "wrapper", "sequence"]),
    st.integers(min_value=1, max_value=8),
)
def test_json_scanning_of_any_bytes_ends_and_keeps_every_byte_accounted(
    data: bytes, layout: str, chunk: int
) -> None:
    items = list(iter_json_records(io.BytesIO(data), layout, 50, chunk_size=chunk))  # type: ignore[arg-type]
    for item in items:
        assert 0 <= item.offset <= len(data)
        if not isinstance(item, JsonNotice):
            assert item.offset + item.size <= len(data)


# --- a cables.csv row split by str.find: what csv.reader reads, or None (csv.reader then) ------

_FIELD = st.text(alphabet=st.sampled_from('ab ,"\n\r¶’'), max_size=12)


@given(
    fields=st.lists(_FIELD, min_size=1, max_size=8),
    quoting=st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL, csv.QUOTE_NONNUMERIC]),
    ending=st.sampled_from(["\n", "", "\n\n"]),
)
def test_a_row_is_split_as_csv_reader_splits_it(
    fields: list[str], quoting: int, ending: str
) -> None:
    out = io.StringIO()
    csv.writer(out, quoting=quoting, lineterminator="").writerow(fields)
    text = out.getvalue() + ending
    found = split_csv_row(text)
    if found is not None:
        assert [found] == [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if r]


@given(text=st.text(alphabet=st.sampled_from('ab,"\n'), max_size=30))
def test_any_text_splits_as_csv_reader_reads_it_or_is_left_to_it(text: str) -> None:
    found = split_csv_row(text)
    if found is None:
        return
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if r]
    except csv.Error:
        raise AssertionError(f"split {text!r} that csv.reader refuses") from None
    assert rows == [found]


def test_a_real_cables_csv_row_takes_the_fast_path() -> None:
    # Written in the layout of the 2011 cables.csv (as `make-scale-corpus` writes it).
    row = (
        '12,"12/28/2006 18:48","06ALMATY2549","Embassy Almaty","SECRET","06ALMATY1946",'
        '"VZCZCXRO1234\nPP RUEHAST\n","S E C R E T ALMATY 002549\n\n1. (S) The ""reform"" '
        'package, he said, was ready.\n"\n'
    )
    found = split_csv_row(row)
    assert found is not None and len(found) == 8
    assert found[7].endswith('The "reform" package, he said, was ready.\n')
