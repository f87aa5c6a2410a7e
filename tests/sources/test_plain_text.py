"""Plain-text telegrams: the viewer export and raw telegrams (the seeds), and text encodings."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablearchive.parse.model import Source
from cablearchive.sources import Blob, MetadataHints, documents_from_blob
from cablearchive.sources.viewer_text import (
    CLASSIFICATIONS,
    parse_viewer_values,
    read_plain_text,
    split_classification,
)

from .conftest import only_document, only_problem, read_all


def _golden(shared_dir: Path) -> dict[str, dict[str, Any]]:
    golden = json.loads((shared_dir / "golden" / "seeds.json").read_text(encoding="utf-8"))
    return {case["source"]: case["expected"] for case in golden["cables"]}


def test_the_viewer_export_seed(shared_dir: Path) -> None:
    expected = _golden(shared_dir)["seeds/000_b6366df431a4d317.txt"]
    doc = only_document(read_all(shared_dir / "seeds" / "000_b6366df431a4d317.txt"))
    assert doc.source.format == "viewer-text"
    assert doc.hints == MetadataHints(
        id=expected["id"],
        created=expected["created"],
        released=expected["released"],
        classification=expected["classification"],
        origin=expected["origin"],
        # The viewer's title is cut short; the parser reads the full SUBJECT from the text.
        subject="KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO",
    )
    assert doc.text.startswith("VZCZCXRO8043\nPP RUEHDBU\nDE RUEHTA #2549/01 1941521\n")
    assert "Viewing cable" not in doc.text and "IdentifierCreated" not in doc.text
    assert doc.text.endswith("of assurances through intelligence channels. \nORDWAY")
    assert doc.warnings == ()


def test_the_raw_telegram_seed(shared_dir: Path) -> None:
    assert _golden(shared_dir)["seeds/001_f39073fb4f33a29e.txt"]["released"] is None
    path = shared_dir / "seeds" / "001_f39073fb4f33a29e.txt"
    doc = only_document(read_all(path))
    assert doc.source.format == "text"
    assert doc.hints == MetadataHints()
    # The two blank lines before the telegram go; the text is otherwise as written.
    assert doc.text == path.read_text(encoding="utf-8").strip("\n").rstrip()
    assert doc.text.startswith("VZCZCXRO3987\nRR RUEHDBU")


def test_a_folder_of_seeds_in_name_order(shared_dir: Path) -> None:
    items = read_all(shared_dir / "seeds")
    assert [Path(item.source.path or "").name for item in items] == [
        "000_b6366df431a4d317.txt",
        "001_f39073fb4f33a29e.txt",
    ]


def test_viewer_export_with_the_title_on_the_viewing_line() -> None:
    text = (
        "Viewing cable 09STATE1, SUBJECT LINE HERE\n\n"
        "Reference ID\tCreated\tReleased\tClassification\tOrigin\n"
        "09STATE1\t2009-01-01 10:00\t2010-11-28 18:18\tCONFIDENTIAL//NOFORN\tSecretary of State\n"
        "TELEGRAM\n"
    )
    result = read_plain_text(text)
    assert result.hints == MetadataHints(
        id="09STATE1",
        created="2009-01-01T10:00:00Z",
        released="2010-11-28T18:18:00Z",
        classification="CONFIDENTIAL//NOFORN",
        origin="Secretary of State",
        subject="SUBJECT LINE HERE",
    )
    assert result.text == "TELEGRAM"


def test_a_viewer_values_line_that_does_not_parse_stays_in_the_text() -> None:
    text = "Viewing cable 06X1\nIdentifierCreatedReleasedClassificationOrigin\nGARBLED\nBODY\n"
    result = read_plain_text(text)
    assert result.hints == MetadataHints(id="06X1")
    assert result.text == "GARBLED\nBODY"
    assert result.warnings == ("viewer metadata line not understood; kept in the text",)


def test_longest_classification_first() -> None:
    assert split_classification("SECRET//NOFORN Embassy Paris") == (
        "SECRET//NOFORN",
        "Embassy Paris",
    )
    assert split_classification("TOP SECRET US Mission USNATO") == (
        "TOP SECRET",
        "US Mission USNATO",
    )
    assert split_classification("UNCLASSIFIED//FOR OFFICIAL USE ONLY Embassy Rome") == (
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        "Embassy Rome",
    )
    assert split_classification("SECRET//REL/ACGU Embassy Kabul") == (
        "SECRET//REL/ACGU",
        "Embassy Kabul",
    )
    assert split_classification("Embassy Rome") == (None, "Embassy Rome")


_IDS = st.from_regex(r"[0-9]{2}[A-Z]{2,12}[0-9]{1,6}", fullmatch=True)
_STAMPS = st.datetimes(datetime(1960, 1, 1), datetime(2029, 12, 31)).map(
    lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}:{d.second:02d}"
)
_ORIGINS = st.from_regex(r"[A-Z][a-z]+( [A-Z][a-z]+){0,3}", fullmatch=True)


@given(_IDS, _STAMPS, st.none() | _STAMPS, st.sampled_from(CLASSIFICATIONS), _ORIGINS)
def test_viewer_values_round_trip(
    cable_id: str, created: str, released: str | None, marking: str, origin: str
) -> None:
    line = f"{cable_id}{created} {released + ' ' if released else ''}{marking} {origin}"
    assert parse_viewer_values(line) == {
        "id": cable_id,
        "created": created,
        "released": released,
        "classification": marking,
        "origin": origin,
    }


def _blob(data: bytes, name: str = "cable.txt") -> Blob:
    return Blob(data, Source(path=name))


def test_text_that_is_not_utf8_falls_back_to_windows_1252() -> None:
    doc = only_document(documents_from_blob(_blob(b"UNCLAS PARIS 1\nCAF\xc9 \x93QUOTED\x94\n")))
    assert doc.text == "UNCLAS PARIS 1\nCAFÉ “QUOTED”"
    assert doc.warnings == ("not valid UTF-8 (byte 0xC9 at offset 18); decoded as Windows-1252",)


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1() -> None:
    doc = only_document(documents_from_blob(_blob(b"UNCLAS \x81\x9d 1\n")))
    assert doc.text == "UNCLAS \x81\x9d 1"
    assert doc.warnings == ("not valid UTF-8 (byte 0x81 at offset 7); decoded as Latin-1",)


def test_utf16_with_a_byte_order_mark() -> None:
    text = "UNCLAS ALMATY 001703\r\n¶1. TEXT.\r\n"
    for encoding in ("utf-16", "utf-16-be"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        doc = only_document(documents_from_blob(_blob(data)))
        assert doc.text == "UNCLAS ALMATY 001703\n¶1. TEXT."
        assert doc.warnings == ()


def test_utf16_without_a_byte_order_mark_is_recognised() -> None:
    doc = only_document(
        documents_from_blob(_blob("UNCLAS ALMATY 001703\n1. X.".encode("utf-16-le")))
    )
    assert doc.text == "UNCLAS ALMATY 001703\n1. X."
    assert doc.warnings == ("no byte-order mark; decoded as UTF-16-LE",)


def test_nul_bytes_are_removed_with_a_warning() -> None:
    doc = only_document(documents_from_blob(_blob(b"UNCLAS\x00 PARIS\x00 1\n1. TEXT.\x00\n")))
    assert doc.text == "UNCLAS PARIS 1\n1. TEXT."
    assert doc.warnings == ("removed 3 NUL characters",)


def test_crlf_and_cr_line_ends_become_lf() -> None:
    doc = only_document(documents_from_blob(_blob(b"A\r\nB\rC\n")))
    assert doc.text == "A\nB\nC"


def test_empty_and_blank_files_are_problems() -> None:
    empty = only_problem(documents_from_blob(_blob(b"", "empty.txt")))
    assert empty.message == "empty file" and empty.source.path == "empty.txt"
    assert empty.source.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    blank = only_problem(documents_from_blob(_blob(b" \n\t\r\n ", "blank.txt")))
    assert blank.message == "no text (the file is empty or only whitespace)"


def test_binary_files_are_problems_that_say_what_they_are() -> None:
    pdf = only_problem(documents_from_blob(_blob(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")))
    assert pdf.message == "a PDF document, not a text document; not read"
    noise = bytes(range(256)) * 40
    binary = only_problem(documents_from_blob(_blob(noise, "noise.bin")))
    assert binary.message == "binary data, not a text document; not read"


def test_a_single_json_object_file() -> None:
    data = json.dumps({"text": "UNCLAS X 1\n1. T.", "id": "06X1", "created": "2006-01-02 03:04"})
    doc = only_document(documents_from_blob(_blob(data.encode(), "cable.json")))
    assert doc.source.format == "json"
    assert doc.text == "UNCLAS X 1\n1. T."
    assert doc.hints == MetadataHints(id="06X1", created="2006-01-02T03:04:00Z")


def test_a_telegram_starting_with_a_brace_is_still_text() -> None:
    doc = only_document(documents_from_blob(_blob(b"{PAGE 2} UNCLAS X 1\n")))
    assert doc.source.format == "text" and doc.text == "{PAGE 2} UNCLAS X 1"


def test_a_reader_bug_becomes_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from cablearchive.sources import blobs

    def broken(text: str) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(blobs, "read_plain_text", broken)
    problem = only_problem(documents_from_blob(_blob(b"UNCLAS 1")))
    assert problem.message == "reader failed: ValueError: boom"
    assert problem.source.path == "cable.txt" and problem.source.sha256 is not None
