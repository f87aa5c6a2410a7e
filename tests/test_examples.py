"""The project's own example cables in examples/: invented cables in the public formats.

The plain-text telegrams are parsed with the public parser and checked field by field against
what a correct parser should output. The other formats (viewer export, site page, cables.csv,
NARA entity file) are only checked to be there with their format's markers; their readers are
tested elsewhere.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from cablearchive import parse_cable
from cablearchive.parse import Cable
from cablearchive.pipeline import cable_from_document
from cablearchive.sources import RawDocument, iter_documents

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# Ids of every example cable, by file.
EXAMPLE_IDS = {
    "text/09STATE47316.txt": ["09STATE47316"],
    "text/09ANKARA718.txt": ["09ANKARA718"],
    "text/09ISTANBUL176.txt": ["09ISTANBUL176"],
    "text/09USNATO241.txt": ["09USNATO241"],
    "viewer/09ADANA33.txt": ["09ADANA33"],
    "site/09ATHENS790.html": ["09ATHENS790"],
    "cables.csv": ["09SOFIA293", "09STATE58804"],
    "nara/1975ANKARA08123.txt": ["75ANKARA8123"],
}
ALL_IDS = {cid for ids in EXAMPLE_IDS.values() for cid in ids}


def _read(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


# What a correct parser gives for each plain-text telegram. `references` are
# (label, raw, kind, id); `marks` the portion mark of each paragraph in order.
TEXT_EXPECTED: dict[str, dict[str, Any]] = {
    "09STATE47316.txt": {
        "id": "09STATE47316",
        "created": "2009-05-08T19:02:00Z",
        "classification": "CONFIDENTIAL",
        "origin": "Secretary of State",
        "transmission_id": "VZCZCXYZ0007",
        "precedence": "PRIORITY",
        "dtg": "081902Z MAY 09",
        "from": "SECSTATE WASHDC",
        "to": [
            ("RUEHZG", "NATO EU COLLECTIVE", "PRIORITY", None),
            ("RUEHAK", "AMEMBASSY ANKARA", "PRIORITY", "0000"),
        ],
        "info": [
            ("RUEHNO", "USMISSION USNATO", "PRIORITY", "0000"),
            ("RUEHIT", "AMCONSUL ISTANBUL", "PRIORITY", "0000"),
            ("RUEHDA", "AMCONSUL ADANA", "PRIORITY", "0000"),
            ("RUEKJCS", "SECDEF WASHDC", "PRIORITY", None),
        ],
        "banner": "C O N F I D E N T I A L SECTION 01 OF 02 STATE 047316",
        "sections": 2,
        "subject": "DEMARCHE REQUEST: SUPPORT FOR A NATO REGIONAL DISASTER RESPONSE HUB IN "
        "ISTANBUL",
        "tags": ["PREL", "NATO", "MARR", "AEMR", "TU", "XG"],
        "references": [
            ("A", "USNATO 147", "cable", "09USNATO147"),
            ("B", "ANKARA 598", "cable", "09ANKARA598"),
        ],
        "captions": ["SIPDIS"],
        "office_lines": [],
        "eo": "12958",
        "declassify_on": "2019-05-08",
        "classified_by": "EUR/RPM Director Paul K. Brennan",
        "reasons": ["1.4(b)", "1.4(d)"],
        "marks": ["U", "C", "C", "C", "SBU", "U", "C", "U", "U"],
        "signer": "HOLLISTER",
        "summary_starts": "Turkey will ask the Senior Civil Emergency Planning Committee (SCEPC)",
        "summary_ends": "and report responses by May 29.",
        "comment_starts": None,
        "quotations": 1,
    },
    "09ANKARA718.txt": {
        "id": "09ANKARA718",
        "created": "2009-05-14T15:30:00Z",
        "classification": "CONFIDENTIAL",
        "origin": "Embassy Ankara",
        "transmission_id": "VZCZCXRO4417",
        "precedence": "PRIORITY",
        "dtg": "141530Z MAY 09",
        "from": "AMEMBASSY ANKARA",
        "to": [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "9834")],
        "info": [
            ("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", "PRIORITY", None),
            ("RUEHNO", "USMISSION USNATO", "PRIORITY", "3310"),
            ("RUEHIT", "AMCONSUL ISTANBUL", "PRIORITY", "5120"),
            ("RUEHDA", "AMCONSUL ADANA", "PRIORITY", "3877"),
            ("RUEKJCS", "SECDEF WASHDC", "PRIORITY", None),
            ("RHEHNSC", "NSC WASHDC", "PRIORITY", None),
        ],
        "banner": "C O N F I D E N T I A L SECTION 01 OF 02 ANKARA 000718",
        "sections": 2,
        "subject": "TURKEY WELCOMES U.S. SUPPORT FOR ISTANBUL DISASTER RESPONSE HUB, ASKS FOR "
        "HELP WITH HESITANT ALLIES",
        "tags": ["PREL", "NATO", "MARR", "AEMR", "TU"],
        "references": [
            ("A", "STATE 47316", "cable", "09STATE47316"),
            ("B", "ANKARA 598", "cable", "09ANKARA598"),
            ("C", "05/11/09 GRANGER-DAVENPORT EMAIL", "email", None),
        ],
        "captions": ["SIPDIS"],
        "office_lines": ["STATE FOR EUR/SE (GRANGER) AND EUR/RPM (BRENNAN)"],
        "eo": "12958",
        "declassify_on": "2019-05-14",
        "classified_by": "Ambassador Thomas E. Whitfield",
        "reasons": ["1.4(b)", "1.4(d)"],
        "marks": ["C", "C", "S", "SBU", "C", "C"],
        "signer": "WHITFIELD",
        "summary_starts": "MFA Deputy Director General for NATO Affairs Kerem Yalcinkaya",
        "summary_ends": "if that would help win consensus.",
        "comment_starts": "The Turks have done their homework",
        "quotations": 0,
    },
    "09ISTANBUL176.txt": {
        "id": "09ISTANBUL176",
        "created": "2009-05-20T10:12:00Z",
        "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        "origin": "Consulate Istanbul",
        "transmission_id": "VZCZCXRO6120",
        "precedence": "ROUTINE",
        "dtg": "201012Z MAY 09",
        "from": "AMCONSUL ISTANBUL",
        "to": [("RUEHC", "SECSTATE WASHDC", None, "8977")],
        "info": [
            ("RUEHZL", "EUROPEAN POLITICAL COLLECTIVE", None, None),
            ("RUEHAK", "AMEMBASSY ANKARA", None, "8412"),
            ("RUEHNO", "USMISSION USNATO", None, "0915"),
            ("RUEHDA", "AMCONSUL ADANA", None, "2266"),
        ],
        "banner": "UNCLAS ISTANBUL 000176",
        "sections": 1,
        "subject": "ISTANBUL SHOWCASES EARTHQUAKE PREPAREDNESS IN BID FOR NATO DISASTER "
        "RESPONSE HUB",
        "tags": ["AEMR", "PGOV", "PREL", "NATO", "TU"],
        "references": [
            ("A", "ANKARA 718", "cable", "09ANKARA718"),
            ("B", "ISTANBUL 158", "cable", "09ISTANBUL158"),
        ],
        "captions": ["SENSITIVE", "SIPDIS"],
        "office_lines": [],
        "eo": "12958",
        "declassify_on": None,
        "classified_by": None,
        "reasons": [],
        "marks": ["SBU", "U", "SBU", "U", "SBU"],
        "signer": "KESSLER",
        "summary_starts": "Istanbul Governorate officials gave the Consul General a tour",
        "summary_ends": "as in any regional role.",
        "comment_starts": "The facility is impressive",
        "quotations": 0,
    },
    "09USNATO241.txt": {
        "id": "09USNATO241",
        "created": "2009-06-05T16:20:00Z",
        "classification": "SECRET//NOFORN",
        "origin": "Mission USNATO",
        "transmission_id": "VZCZCXRO8821",
        "precedence": "IMMEDIATE",
        "dtg": "051620Z JUN 09",
        "from": "USMISSION USNATO",
        "to": [("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "3105")],
        "info": [
            ("RUEHZG", "NATO EU COLLECTIVE", "PRIORITY", None),
            ("RUEKJCS", "SECDEF WASHDC", "PRIORITY", None),
            ("RHEHNSC", "NSC WASHDC", "PRIORITY", None),
            ("RUEHAK", "AMEMBASSY ANKARA", "PRIORITY", "6012"),
            ("RUEHIT", "AMCONSUL ISTANBUL", "PRIORITY", "0447"),
        ],
        "banner": "S E C R E T SECTION 01 OF 02 USNATO 000241",
        "sections": 2,
        "subject": "NATO CIVIL EMERGENCY PLANNING: ALLIES CLOSE TO CONSENSUS ON ISTANBUL HUB "
        "BEFORE JUNE 10 SCEPC",
        "tags": ["NATO", "PREL", "MARR", "AEMR", "TU", "GR"],
        "references": [
            ("A", "STATE 47316", "cable", "09STATE47316"),
            ("B", "ANKARA 718", "cable", "09ANKARA718"),
            ("C", "ISTANBUL 176", "cable", "09ISTANBUL176"),
            ("D", "USNATO 147", "cable", "09USNATO147"),
        ],
        "captions": ["NOFORN", "SIPDIS"],
        "office_lines": [],
        "eo": "12958",
        "declassify_on": "2019-06-05",
        "classified_by": "Charge d'Affaires Margaret L. Ashdown",
        "reasons": ["1.4(b)", "1.4(d)"],
        "marks": ["S//NF", "C", "C", "S//NF", "SBU", "U", "C"],
        "signer": "ASHDOWN",
        "summary_starts": "At a June 4 informal meeting of SCEPC representatives, 24 of 28 Allies",
        "summary_ends": "to approve the hub under a silence procedure.",
        "comment_starts": "Consensus is within reach.",
        "quotations": 0,
    },
}


def _record(name: str) -> dict[str, Any]:
    """The parsed telegram in the shape of TEXT_EXPECTED."""
    with open(EXAMPLES / "text" / name, encoding="utf-8") as f:
        cable = parse_cable(f.read())
    d = cable.to_dict()
    summary = d["summary"] or ""
    return {
        **{key: d[key] for key in TEXT_EXPECTED[name] if key in d},
        "to": [(a["route"], a["name"], a["precedence"], a["mcn"]) for a in d["to"]],
        "info": [(a["route"], a["name"], a["precedence"], a["mcn"]) for a in d["info"]],
        "references": [(r["label"], r["raw"], r["kind"], r["id"]) for r in d["references"]],
        "marks": [p["classification"] for p in d["paragraphs"]],
        "summary_starts": summary[: len(TEXT_EXPECTED[name]["summary_starts"])],
        "summary_ends": summary[-len(TEXT_EXPECTED[name]["summary_ends"]) :],
        "comment_starts": (
            d["comment"][: len(TEXT_EXPECTED[name]["comment_starts"])]
            if d["comment"] and TEXT_EXPECTED[name]["comment_starts"]
            else d["comment"]
        ),
        "quotations": len(d["quotations"]),
    }


@pytest.mark.parametrize("name", sorted(TEXT_EXPECTED))
def test_text_telegram_parses_to_its_expected_record(name: str) -> None:
    assert _record(name) == TEXT_EXPECTED[name]


@pytest.mark.parametrize("name", sorted(TEXT_EXPECTED))
def test_text_telegram_parses_without_warnings(name: str) -> None:
    cable = parse_cable(_read(f"text/{name}"))
    assert cable.warnings == []
    assert cable.paragraphs and [p.number for p in cable.paragraphs] == list(
        range(1, len(cable.paragraphs) + 1)
    )


def test_page_lines_are_not_part_of_the_body_text() -> None:
    for name in TEXT_EXPECTED:
        cable = parse_cable(_read(f"text/{name}"))
        assert not any(" 002 OF 002" in p.text for p in cable.paragraphs), name


def test_state_cable_quotation_runs_across_the_page_break() -> None:
    cable = parse_cable(_read("text/09STATE47316.txt"))
    (quotation,) = cable.quotations
    text = " ".join(quotation.split())
    assert text.startswith("Non-paper: A Regional Disaster Response Hub in Istanbul -- The")
    assert "industrial accidents. -- Turkey has offered to provide facilities" in text
    assert text.endswith("Committee considers it on June 10.")
    assert "STATE 00047316" not in text


def test_references_link_the_examples_and_reach_outside_the_set() -> None:
    cited = {
        ref.id
        for name in TEXT_EXPECTED
        for ref in parse_cable(_read(f"text/{name}")).references
        if ref.id
    }
    assert {"09STATE47316", "09ANKARA718", "09ISTANBUL176"} <= cited
    assert cited - ALL_IDS == {"09USNATO147", "09ANKARA598", "09ISTANBUL158"}


# The other formats: present, non-empty, with their format's markers.


@pytest.mark.parametrize("name", sorted(EXAMPLE_IDS))
def test_example_file_exists_and_is_not_empty(name: str) -> None:
    path = EXAMPLES / name
    assert path.is_file()
    assert path.stat().st_size > 500


def test_viewer_export_has_the_viewer_layout() -> None:
    text = _read("viewer/09ADANA33.txt")
    lines = text.split("\n")
    assert lines[0] == "Viewing cable 09ADANA33"
    assert lines[1] == "Title: TURKEY: HATAY EARTHQUAKE DRILL TESTS REGIONAL"
    assert lines[2] == ""
    assert lines[3] == "IdentifierCreatedReleasedClassificationOrigin"
    assert lines[4] == (
        "09ADANA332009-06-18 11:42:00 2011-08-30 01:44:00 CONFIDENTIAL Consulate Adana"
    )
    assert lines[5] == "VZCZCXRO2290"
    assert "R 181142Z JUN 09" in lines
    assert "C O N F I D E N T I A L SECTION 01 OF 02 ADANA 000033 " in lines
    assert "\u00b61. (C) Summary: A June 17 earthquake drill in Hatay province, " in lines
    assert "     \u00b6B. ANKARA 718 " in lines
    assert "ADANA 00000033  002 OF 002 " in lines
    assert text.endswith("comment. \nLINDQVIST")


def test_site_page_has_the_cablegate_layout() -> None:
    page = _read("site/09ATHENS790.html")
    assert page.startswith("<?xml version='1.0' encoding='utf-8' ?>")
    assert "<table class='cable'>" in page
    for cell in (
        "<a href='/cable/2009/05/09ATHENS790.html'>09ATHENS790</a>",
        "<a href='/date/2009-05_0.html'>2009-05-21 14:02</a>",
        "<a href='/reldate/2011-03-31_0.html'>2011-03-31 19:07</a>",
        "<a href='/classification/1_0.html' title='unclassified'>CONFIDENTIAL</a>",
        "<a href='/origin/139_0.html'>Embassy Athens</a>",
    ):
        assert cell in page
    pres = re.findall(r"<code><pre>(.*?)</pre></code>", page, re.S)
    assert len(pres) == 2
    header, body = pres
    assert "\n" not in header and "\n" not in body  # newlines are written &#x000A;
    assert header.startswith("VZCZCXRO3356&#x000A;")
    assert "&#x000A;P 211408Z MAY 09&#x000A;FM AMEMBASSY ATHENS&#x000A;" in header
    assert body.startswith("C O N F I D E N T I A L SECTION 01 OF 02 ATHENS 000790 &#x000A;")
    assert "TAGS: <a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/NATO_0.html'>NATO</a>" in body
    assert "<a id='par1' href='#par1'>\u00b6</a>1. (C) Summary:" in body
    assert "<a id='parB' href='#parB'>\u00b6</a>B. ATHENS 745" in body
    assert body.endswith("&#x000A;MADDOX")


def test_cables_csv_has_the_2011_release_layout() -> None:
    raw = _read("cables.csv")
    rows = list(csv.reader(io.StringIO(raw, newline=""), strict=True))
    assert [row[2] for row in rows] == EXAMPLE_IDS["cables.csv"]  # no header row
    for row in rows:
        assert len(row) == 8
        number, created, _id, origin, classification, references, header, body = row
        assert number.isdigit()
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", created)
        assert origin and classification
        assert all(re.fullmatch(r"\d\d[A-Z]+\d+", ref) for ref in references.split(","))
        assert header.startswith("VZCZC") and "\nFM " in header
        assert re.match(r"(C O N F I D E N T I A L|UNCLAS) ", body)
    # Every field is quoted: each record starts `"N","MM/DD/YYYY HH:MM","ID",...`.
    starts = re.findall(r'^"(\d+)","([^"]*)","([^"]*)","', raw, re.M)
    assert [s[2] for s in starts] == EXAMPLE_IDS["cables.csv"]
    assert rows[0][1] == "05/26/2009 15:37"
    assert rows[0][5] == "09STATE47316,09ANKARA718"
    assert rows[1][4] == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert rows[1][5] == "09STATE47316,09USNATO241,09ATHENS790,09SOFIA293,09USNATO252"


def test_nara_file_has_the_entity_markup_layout() -> None:
    data = (EXAMPLES / "nara/1975ANKARA08123.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # as most files of the NARA corpus
    text = data.decode("utf-8-sig")
    entity_list, separator, telegram = text.partition("\n@@@\n")
    assert separator
    entries = [line for line in entity_list.split("\n") if line.strip()]
    numbers = []
    for line in entries:
        m = re.fullmatch(r"(\d+)\. (\S.*?)\s{2,}([A-Z]{2,5}\.[A-Z]+|LOC)", line)
        assert m, line
        numbers.append(int(m.group(1)))
    assert numbers == list(range(1, len(entries) + 1))
    assert telegram.count("[[") == telegram.count("]]")
    cited = {int(n) for n in re.findall(r"\|\|\s*(\d+)\s*\]\]", telegram)}
    assert cited == set(numbers)
    assert "[[[[TURKISH || 6]] GOVERNMENT || 7]]" in telegram  # a nested mention
    assert telegram.strip().startswith("REF: [[STATE || 1]] 262417")
    assert telegram == telegram.upper()
    assert telegram.endswith("[[PRESCOTT || 12]]")


def test_readme_lists_every_example() -> None:
    readme = (EXAMPLES.parent / "docs" / "examples.md").read_text(encoding="utf-8")
    for name, ids in EXAMPLE_IDS.items():
        assert f"`{name}`" in readme
        for cid in ids:
            assert cid in readme


def test_every_example_reads_through_the_readers_without_a_problem() -> None:
    """What `cables parse examples/` does: each format's reader, then the parser."""
    cables: dict[str, Cable] = {}
    for item in iter_documents([EXAMPLES]):
        assert isinstance(item, RawDocument), item
        result = cable_from_document(item)
        assert isinstance(result, Cable), result
        assert result.id is not None
        cables[result.id] = result
    assert set(cables) == ALL_IDS
    # The publisher's metadata of the viewer export, site page and CSV rows is kept.
    assert cables["09ADANA33"].provenance["id"] == "metadata"
    assert cables["09ATHENS790"].provenance["origin"] == "metadata"
    assert cables["09SOFIA293"].source.format == "cables-csv"
    # The NARA telegram's id comes from its document number; its REF takes the id's year.
    nara = cables["75ANKARA8123"]
    assert nara.provenance["id"] == "derived"
    assert nara.aliases == ["1975ANKARA08123"]
    assert nara.origin == "Embassy Ankara"
    assert [(r.raw, r.kind, r.id) for r in nara.references] == [
        ("STATE 262417", "cable", "75STATE262417")
    ]
