"""Rules that repair what publication did to some cables, each with a real snippet."""

from __future__ import annotations

from datetime import date

import pytest

from cablearchive import parse_cable
from cablearchive.parse.ids import id_from_nara_number
from cablearchive.parse.lookups import Lookups
from cablearchive.parse.paragraphs import split_paragraphs
from cablearchive.parse.references import find_cables
from cablearchive.parse.text import remove_page_lines

# cable/2008/07/08TRIPOLI592.html: the page lost its line breaks after the SUBJECT line.
TRIPOLI_592 = (
    "C O N F I D E N T I A L SECTION 01 OF 03 TRIPOLI 000592 \n \nSIPDIS \n \n"
    "DEPT FOR NEA/MAG \n \nE.O. 12958: DECL:  7/22/2018 \n"
    "TAGS: PGOV PREL KCRM CVIS ECON EAIR LY SZ\n"
    "SUBJECT: THUG LIFE: HANNIBAL AL-QADHAFI'S ARREST PROMPTS FISSURE IN \n"
    "SWISS-LIBYAN RELATIONS  TRIPOLI 00000592  001.2 OF 003   CLASSIFIED BY: John T. "
    "Godfrey, CDA, U.S. Embassy - Tripoli, Dept of State. REASON: 1.4 (b), (d) 1. (C) "
    "Summary: The arrest in Geneva of Hannibal al-Qadhafi, son of Muammar al-Qadhafi, and his "
    "wife has prompted a serious diplomatic fissure between Switzerland and Libya. End "
    "summary. 2. (C) Efforts by the Swiss government to accord Hannibal preferential "
    "treatment earned no quarter from the GOL."
)


def test_lost_line_breaks_after_the_subject_are_restored() -> None:
    cable = parse_cable(TRIPOLI_592)
    assert cable.subject == (
        "THUG LIFE: HANNIBAL AL-QADHAFI'S ARREST PROMPTS FISSURE IN SWISS-LIBYAN RELATIONS"
    )
    assert cable.classified_by == "John T. Godfrey, CDA, U.S. Embassy - Tripoli, Dept of State"
    assert cable.reasons == ["1.4(b)", "1.4(d)"]
    assert [(p.number, p.classification) for p in cable.paragraphs] == [(1, "C"), (2, "C")]
    assert cable.summary is not None and cable.summary.startswith("The arrest in Geneva")
    assert any("lost its line breaks" in w for w in cable.warnings)
    assert "001.2 OF 003" not in cable.body


def test_page_line_with_the_next_line_run_onto_it_keeps_that_text() -> None:
    # cable/2002/03/02ROME1196.html, inside the REF block.
    body = (
        "REF: A. STATE 40721\n CONFIDENTIAL\n"
        "PAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098  C. ROME 894\nNEXT"
    )
    cleaned, count = remove_page_lines(body)
    assert count == 1
    assert cleaned == "REF: A. STATE 40721\nB. ROME 1098  C. ROME 894\nNEXT"


def test_sub_page_numbers_are_page_lines() -> None:
    # cable/2006/05/06NEWDELHI2091.html: `NEW DELHI 00002091  001.2 OF 002`.
    cleaned, count = remove_page_lines("text\nNEW DELHI 00002091  001.2 OF 002\nmore")
    assert (cleaned, count) == ("text\nmore", 1)


def test_a_mark_right_after_the_number_starts_a_paragraph() -> None:
    # cable/2009/06/09CAIRO1158.html writes `1.(SBU) Key Points:`.
    paragraphs = split_paragraphs("1.(SBU) Key Points: the speech.\n2.(U) Next.")
    assert [(p.number, p.classification, p.text) for p in paragraphs] == [
        (1, "SBU", "Key Points: the speech."),
        (2, "U", "Next."),
    ]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("1975TELAV05348", "75TELAVIV5348"),  # the post cut to five letters
        ("1973BUENOS03147", "73BUENOSAIRES3147"),  # not the one-off `BUENOSQRES`
        ("1979THEHA01153", "79THEHAGUE1153"),
        ("1978PEKING02080", "78BEIJING2080"),  # a former name
        ("1977STATE075309", "77STATE75309"),
        ("1975OECDP07285", None),  # no Cablegate station for the OECD mission
        ("not-a-number", None),
    ],
)
def test_nara_document_numbers_give_cablegate_style_ids(number: str, expected: str | None) -> None:
    assert id_from_nara_number(number) == expected


def test_a_nara_telegram_takes_its_id_station_and_origin_from_its_number() -> None:
    text = "1. LIMITED OFFICIAL USE ENTIRE TEXT.\n\n2. REFTEL DISCUSSED.\n"
    cable = parse_cable(text, document_number="1975ANKARA08123")
    assert cable.id == "75ANKARA8123"
    assert cable.provenance["id"] == "derived"
    assert cable.aliases == ["1975ANKARA08123"]
    assert cable.origin == "Embassy Ankara"
    assert cable.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"


def test_january_cable_citing_a_high_serial_of_another_post_cites_last_year() -> None:
    lk = Lookups.default()
    # BAGHDAD's 2008 and 2009 numbering both ran past 3,000: on 5 January a serial of 3,500
    # can only be from the year before, while a serial of 12 is this year's.
    found = find_cables("BAGHDAD 3500, BAGHDAD 12", 2009, ("AMMAN", 40), lk, date(2009, 1, 5))
    assert [cid for _raw, cid in found] == ["08BAGHDAD3500", "09BAGHDAD12"]
    # In June the same serial is this year's.
    found = find_cables("BAGHDAD 3500", 2009, ("AMMAN", 900), lk, date(2009, 6, 5))
    assert [cid for _raw, cid in found] == ["09BAGHDAD3500"]


def test_a_nara_post_without_a_cablegate_station_keeps_naras_abbreviation() -> None:
    # nara-cfpf-entities: 1975OECDP07285 (the US mission to the OECD in Paris).
    cable = parse_cable("1. THE OECD COUNCIL MET.\n", document_number="1975OECDP07285")
    assert cable.id == "75OECDP7285"
    assert cable.provenance["id"] == "derived"
    assert any("'OECDP' matches no Cablegate station" in w for w in cable.warnings)
