"""Records other cable tools export as JSON: field names, Extended JSON, dates, ids, bad values.

The shared data holds no export of another tool, so the records here are written in the shapes
those tools write (MongoDB dumps with `_id`/`$oid` and `$date`, Elasticsearch hits with
`_source`, flat records with `refid`/`date_time`/`content`); the cable texts in them are real
excerpts, named where they come from.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cablearchive.parse import parse_cable
from cablearchive.parse.foreign import (
    ForeignRecord,
    NotARecord,
    read_date,
    read_record,
    record_in_text,
    records_in,
)

# cable/2006/07/06ALMATY2549.html (seed 000), the start of its body.
ALMATY_2549 = (
    "S E C R E T SECTION 01 OF 02 ALMATY 002549\n\nSIPDIS\n\n"
    "E.O. 12958: DECL: 07/13/2016\nTAGS: PTER KAWC PINR PREL KZ\n"
    "SUBJECT: KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO\nDETAINEES\n\n"
    "REF: A. ALMATY 1946\n\n     B. 7/8/06 PORGES-MONK EMAIL\n\n"
    "Classified By: Amb. John Ordway, reasons 1.4(C) and (D).\n\n"
    "1. (S) Summary:  In a July 12 meeting with MFA consular\nofficials, Poloff followed up.\n"
)


def record(**fields: object) -> ForeignRecord:
    found = read_record(fields)
    assert isinstance(found, ForeignRecord), found
    return found


# --- field names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"_id": {"$oid": "5f1a2b3c4d5e6f7a8b9c0d1e"}, "refid": "06ALMATY2549",
         "date_time": "7/13/2006 15:21", "content": ALMATY_2549},
        {"identifier": "06almaty2549", "datetime": "2006-07-13T15:21:00", "body": ALMATY_2549},
        {"reference_id": "06 ALMATY 002549", "created_at": {"$date": "2006-07-13T15:21:00Z"},
         "full_text": ALMATY_2549},
        {"referenceId": "06ALMATY2549", "date": {"$date": {"$numberLong": "1152804060000"}},
         "text": ALMATY_2549},
        {"cable_id": "06ALMATY2549_a", "created": 1152804060000, "cable_text": ALMATY_2549},
        {"Reference ID": "06ALMATY2549", "Created": "2006-07-13 15:21", "Text": ALMATY_2549},
        {"_id": "06ALMATY2549", "_source": {"date": "13 Jul 2006 15:21", "content": ALMATY_2549}},
        {"id": "https://wikileaks.org/plusd/cables/06ALMATY2549_a.html",
         "dtg": "131521Z JUL 06", "body": ALMATY_2549.split("\n")},
    ],
)  # fmt: skip
def test_every_tools_names_give_id_date_and_text(fields: dict[str, object]) -> None:
    found = record(**fields)
    assert found.hints.id == "06ALMATY2549"
    assert found.hints.created == "2006-07-13T15:21:00Z"
    assert found.text.startswith("S E C R E T SECTION 01 OF 02 ALMATY 002549")
    assert found.warnings == ()


def test_separate_fields_become_hints() -> None:
    found = record(
        id="06ALMATY2549",
        header="P 131521Z JUL 06\nFM AMEMBASSY ALMATY",
        body=ALMATY_2549,
        subject="KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO DETAINEES",
        classification="secret",
        origin="Embassy Almaty",
        tags="PTER, KAWC, PINR",
        references=["06ALMATY1946", {"id": "06STATE1234"}],
        released="2011-08-30 01:44",
    )
    assert found.text.startswith("P 131521Z JUL 06\nFM AMEMBASSY ALMATY\n\nS E C R E T")
    assert found.hints.classification == "SECRET"
    assert found.hints.origin == "Embassy Almaty"
    assert found.hints.subject == "KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO DETAINEES"
    assert found.hints.tags == ("PTER", "KAWC", "PINR")
    assert found.hints.references == ("06ALMATY1946", "06STATE1234")
    assert found.hints.released == "2011-08-30T01:44:00Z"


def test_a_header_already_in_the_text_is_not_repeated() -> None:
    found = record(header="P 131521Z JUL 06", text="P 131521Z JUL 06\nFM AMEMBASSY ALMATY")
    assert found.text == "P 131521Z JUL 06\nFM AMEMBASSY ALMATY"


def test_tags_as_a_list_or_a_spaced_string() -> None:
    assert record(text="T", tags=["PREL", "PGOV"]).hints.tags == ("PREL", "PGOV")
    assert record(text="T", tags="PREL PGOV KZ").hints.tags == ("PREL", "PGOV", "KZ")


# --- ids ------------------------------------------------------------------------------------


def test_an_object_id_is_not_a_cable_id() -> None:
    found = record(_id={"$oid": "5f1a2b3c4d5e6f7a8b9c0d1e"}, content=ALMATY_2549)
    assert found.hints.id is None and found.warnings == ()
    # The same key as a plain string, as some tools write it: still MongoDB's, not the cable's.
    assert record(_id="5f1a2b3c4d5e6f7a8b9c0d1e", content="T").hints.id is None


def test_database_keys_in_id_fields_are_warned_about() -> None:
    found = record(id=12345, refid="550e8400-e29b-41d4-a716-446655440000", content="T")
    assert found.hints.id is None
    assert found.warnings == (
        "'refid' '550e8400-e29b-41d4-a716-446655440000' is a database key, not a cable id; ignored",
        "'id' 12345 is not a cable id; ignored",
    )


def test_a_nara_document_number_gives_the_cable_id() -> None:
    # The NARA corpus names its telegrams so: 1975TELAV05348.
    assert record(identifier="1975TELAV05348", text="T").hints.id == "75TELAVIV5348"


def test_an_id_the_release_does_not_write_is_kept_as_written() -> None:
    assert record(id="CABLE-0042", text="T").hints.id == "CABLE-0042"


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8/7/1987 12:11", "1987-08-07T12:11:00Z"),  # State's order: month first
        ("8/7/87", "1987-08-07T00:00:00Z"),
        ("2004-01-20 12:12", "2004-01-20T12:12:00Z"),
        ("2004-01-20T12:12:00", "2004-01-20T12:12:00Z"),
        ("2004-01-20T12:12:00.000Z", "2004-01-20T12:12:00Z"),
        ("2004-01-20T14:12:00+02:00", "2004-01-20T12:12:00Z"),
        ("20 Jan 2004", "2004-01-20T00:00:00Z"),
        ("20-JAN-04", "2004-01-20T00:00:00Z"),
        ("January 20, 2004 12:12 PM", "2004-01-20T12:12:00Z"),
        ("Tue, 20 Jan 2004 12:12:00 GMT", "2004-01-20T12:12:00Z"),
        ("201212Z JAN 04", "2004-01-20T12:12:00Z"),
        ("20040120", "2004-01-20T00:00:00Z"),
        ("20.01.2004", "2004-01-20T00:00:00Z"),
        (1074600720000, "2004-01-20T12:12:00Z"),  # epoch milliseconds
        (1074600720, "2004-01-20T12:12:00Z"),  # epoch seconds
        ("1074600720000", "2004-01-20T12:12:00Z"),
        (-100000000000, "1966-10-31T14:13:20Z"),  # the 1960s are before the epoch
        ({"$date": "2004-01-20T12:12:00Z"}, "2004-01-20T12:12:00Z"),
        ({"$date": {"$numberLong": "1074600720000"}}, "2004-01-20T12:12:00Z"),
        ({"$date": 1074600720000}, "2004-01-20T12:12:00Z"),
    ],
)
def test_dates_in_every_exports_format(value: object, expected: str) -> None:
    assert read_date(value, "date") == (expected, None)


def test_a_day_over_twelve_says_the_date_is_day_first() -> None:
    assert read_date("13/7/1987 12:11", "date_time") == (
        "1987-07-13T12:11:00Z",
        "'date_time' '13/7/1987 12:11' read day first (13 July 1987): it cannot be read the "
        "usual way",
    )


@pytest.mark.parametrize(
    ("value", "warning"),
    [
        ("32/13/2004", "'date' '32/13/2004' is not a date this reader knows; ignored"),
        ("last Tuesday", "'date' 'last Tuesday' is not a date this reader knows; ignored"),
        (2006, "'date' 2006 is not a date (not a plausible epoch time); ignored"),
        (True, "'date' is a JSON boolean, not a date; ignored"),
        (["2004-01-20"], "'date' is a JSON list, not a date; ignored"),
        ({"when": "2004"}, "'date' is a JSON object, not a date; ignored"),
    ],
)
def test_unreadable_dates_are_named_with_their_value(value: object, warning: str) -> None:
    assert read_date(value, "date") == (None, warning)


def test_an_unreadable_date_falls_back_to_the_next_date_field() -> None:
    found = record(created="soon", date="2004-01-20 12:12", text="T")
    assert found.hints.created == "2004-01-20T12:12:00Z"
    assert found.warnings == ("'created' 'soon' is not a date this reader knows; ignored",)


# --- bad values -----------------------------------------------------------------------------


def test_wrong_types_are_warnings_naming_the_field() -> None:
    found = record(
        content="T", subject=42, classification=["S"], origin={"x": 1}, tags=7, references=3
    )
    assert (
        found.hints.subject is None
        and found.hints.classification is None
        and found.hints.origin is None
    )
    assert found.warnings == (
        "'classification' is a JSON list, not a string; ignored",
        "'origin' is a JSON object, not a string; ignored",
        "'subject' is a JSON number (42), not a string; ignored",
        "'tags' is neither a list of strings nor a string; ignored",
        "'references' is neither a list of strings nor a string; ignored",
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([], "a JSON list, not an object"),
        ("text", "a JSON string, not an object"),
        (7, "a JSON number, not an object"),
        (None, "a JSON null, not an object"),
        ({"id": "06ALMATY2549", "date": "2006-07-13"},
         "JSON object has no cable text: no 'text', 'body' or 'content' string (its fields: "
         "'id', 'date')"),
        ({"content": "   "},
         "JSON object has no cable text: no 'text', 'body' or 'content' string (its fields: "
         "'content')"),
    ],
)  # fmt: skip
def test_what_is_no_record_says_why(value: object, reason: str) -> None:
    assert read_record(value) == NotARecord(reason)


def test_a_text_of_the_wrong_type_is_named_and_the_next_field_read() -> None:
    found = record(text={"en": "x"}, body="BODY")
    assert found.text == "BODY"
    assert found.warnings == ("'text' is a JSON object, not text; ignored",)


def test_lone_surrogates_are_replaced() -> None:
    found = read_record(json.loads('{"text": "UNCLAS \\ud800 X", "subject": "S\\udfff"}'))
    assert isinstance(found, ForeignRecord)
    assert found.text == "UNCLAS \ufffd X" and found.hints.subject == "S\ufffd"
    assert found.warnings == (
        "'text' has unpaired UTF-16 surrogates; replaced by U+FFFD",
        "'subject' has unpaired UTF-16 surrogates; replaced by U+FFFD",
    )


# --- containers -----------------------------------------------------------------------------


def test_records_in_lists_and_wrappers() -> None:
    one, two = {"text": "A"}, {"text": "B"}
    assert records_in([one, two]) == ([one, two], None)
    assert records_in({"cables": [one, two]}) == ([one, two], "cables")
    assert records_in({"count": 2, "data": [one, two]}) == ([one, two], "data")
    assert records_in({"hits": {"total": 2, "hits": [one, two]}}) == ([one, two], "hits.hits")
    # A record whose references are objects is a record, not a wrapper.
    cited = {"text": "A", "references": [{"id": "06STATE1"}]}
    assert records_in(cited) == ([cited], None)


def test_record_in_text_is_none_for_telegrams() -> None:
    assert record_in_text(ALMATY_2549) is None
    assert record_in_text("[PTER](#) is how one export writes a tag") is None
    assert record_in_text("{not json") is None


# --- parse_cable reads a pasted record ------------------------------------------------------


def test_parse_cable_reads_a_pasted_record() -> None:
    pasted = json.dumps(
        {
            "_id": {"$oid": "5f1a2b3c4d5e6f7a8b9c0d1e"},
            "refid": "06ALMATY2549",
            "date_time": "7/13/2006 15:21",
            "content": ALMATY_2549,
            "origin": "US Office Almaty",
        }
    )
    cable = parse_cable(pasted)
    assert cable.id == "06ALMATY2549" and cable.provenance["id"] == "metadata"
    assert cable.created == "2006-07-13T15:21:00Z"
    assert cable.origin == "US Office Almaty"
    assert cable.tags == ["PTER", "KAWC", "PINR", "PREL", "KZ"]
    assert [(p.number, p.classification) for p in cable.paragraphs] == [(1, "S")]
    # The record's date gives the year of the REF list's cables.
    assert [r.id for r in cable.references] == ["06ALMATY1946", None]


def test_given_hints_win_over_the_pasted_records() -> None:
    pasted = json.dumps({"refid": "06ALMATY2549", "date": "2006-07-13", "content": "T"})
    cable = parse_cable(pasted, id="06ALMATY9999", origin="Embassy Almaty")
    assert cable.id == "06ALMATY9999" and cable.origin == "Embassy Almaty"
    assert cable.created == "2006-07-13T00:00:00Z"


def test_a_pasted_list_gives_its_first_record_with_a_warning() -> None:
    pasted = json.dumps([{"refid": "06ALMATY2549", "content": ALMATY_2549}, {"content": "B"}])
    cable = parse_cable(pasted)
    assert cable.id == "06ALMATY2549"
    assert "the JSON holds 2 records; only the first was read" in cable.warnings


def test_tags_of_a_record_are_used_when_the_text_has_none() -> None:
    cable = parse_cable(json.dumps({"content": "UNCLAS ALMATY 001703\n\n1. X.", "tags": "PREL"}))
    assert cable.tags == ["PREL"] and cable.provenance["tags"] == "metadata"


def test_pasted_json_without_a_cable_is_a_warning() -> None:
    cable = parse_cable('{"id": "06ALMATY2549"}')
    assert cable.id is None
    assert any("the text is JSON but holds no cable" in w for w in cable.warnings)


# --- hostile records ------------------------------------------------------------------------

_KEYS = st.sampled_from(
    ["_id", "id", "refid", "identifier", "date", "date_time", "created_at", "content", "body",
     "text", "header", "subject", "classification", "origin", "tags", "references", "_source",
     "$date", "$oid", "$numberLong", "x"]
)  # fmt: skip
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["06ALMATY2549", "8/7/1987 12:11", "1074600720000", "UNCLAS X 1. (C) Y."]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_any_json_value_is_read_or_refused_in_words(value: object) -> None:
    found = read_record(value)
    assert isinstance(found, ForeignRecord | NotARecord)
    records_in(value)
    cable = parse_cable(json.dumps(value))
    assert all(isinstance(w, str) and " " in w for w in cable.warnings)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), _VALUES))
@example(float("nan"))  # Python's JSON reader accepts `NaN` and `Infinity`
def test_any_date_value_is_read_or_named(value: object) -> None:
    stamp, note = read_date(value, "date")
    assert stamp is None or re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp)
    assert note is None or note.startswith("'date'")


def test_huge_and_deep_json_texts() -> None:
    assert parse_cable("[" * 200_000).id is None  # nested past the recursion limit: a text
    deep = parse_cable('{"content": "UNCLAS ALMATY 001703", "x": ' + "[" * 100_000 + "]" * 100_000)
    assert deep.id is None
    big = parse_cable(json.dumps({"refid": "06ALMATY2549", "content": "A " * 2_000_000}))
    assert big.id == "06ALMATY2549"
