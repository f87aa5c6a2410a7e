"""Texts that lost their line breaks or their capitals, as other tools' exports hold them.

Each excerpt is real (the page it comes from is named); the damage is what such exports do to
it: lines joined by spaces, the site's paragraph anchors kept or dropped, everything lower-cased.
"""

from __future__ import annotations

import pytest

from cablearchive.parse import Cable, parse_cable
from cablearchive.parse.lost_layout import lost_case, lost_line_breaks, restore_line_breaks

# cable/2007/12/07SAOPAULO976.html (excerpt: the header cut after three addressees, the
# first sentence of paragraphs 1 to 4, the page line between paragraphs 4 and 5).
SAO_PAULO_976 = [
    "VZCZCXRO1932",
    "PP RUEHRG",
    "DE RUEHSO #0976/01 3481038",
    "ZNR UUUUU ZZH",
    "P 141038Z DEC 07",
    "FM AMCONSUL SAO PAULO",
    "TO RUEHC/SECSTATE WASHDC PRIORITY 7748",
    "INFO RUEHBR/AMEMBASSY BRASILIA 8883",
    "RUEHAC/AMEMBASSY ASUNCION 3224",
    "",
    "UNCLASSIFIED SECTION 01 OF 03 SAO PAULO 000976 ",
    " ",
    "SIPDIS ",
    " ",
    "STATE FOR WHA/BSC, WHA/PDA AND DRL ",
    "NSC FOR TOMASULO ",
    " ",
    "SIPDIS ",
    "SENSITIVE ",
    " ",
    "E.O. 12958: N/A ",
    "TAGS: PHUM SOCI SCUL KDEM BR",
    " ",
    "SUBJECT: SAO PAULO PERSPECTIVES ON POLITICAL PARTIES AND AFRO-BRAZILIANS ",
    "",
    "REF: SAO PAULO 895 ",
    "SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY ",
    "",
    "¶1. (SBU) According to Sao Paulo-based contacts, Brazil's political parties are slowly "
    "beginning to see the value in pursuing initiatives to ameliorate racial inequality in the "
    "country.",
    "",
    "Political Parties Generally Ignore Demands... --------------------------------------------- ",
    "",
    "¶2. (SBU) Maria Aparecida de Laia, General Coordinator of Sao Paulo's Special Secretariat "
    "for Issues of the Black Population (CONE) said that none of Brazil's political parties "
    "devotes sufficient attention to Afro-Brazilian issues.",
    "",
    "¶3. (SBU) Acknowledging that she is a PT member, Elisa Lucas Rodrigues, President of the "
    "Sao Paulo State Council on the Participation and Development of the Black Community "
    "(CPDCNGSP) claimed the PT has done significantly more for Afro-Brazilians.",
    "",
    "¶4. (SBU) Denise Aparecida Tobias, a family attorney involved in initiatives supporting the "
    "Afro-Brazilian community in Sao Paulo, also claimed that the PT seems to be more focused on "
    "racism.",
    "",
    "SAO PAULO 00000976 002 OF 003 ",
    "",
    "individuals. De Freitas added that President Lula himself has pursued the issue because of "
    "a personal interest in working towards the inclusion of all Brazilians.",
]


def joined(lines: list[str], anchors: bool = True) -> str:
    """The lines as one line, as an export that dropped the line breaks holds them."""
    text = " ".join(line.strip() for line in lines if line.strip())
    return text if anchors else text.replace("¶", "")


def outline(cable: Cable) -> dict[str, object]:
    """What must survive the damage: id, date, addresses, fields, paragraphs, references."""
    return {
        "id": cable.id,
        "created": cable.created,
        "from": cable.from_,
        "to": [(a.route, a.name, a.precedence, a.mcn) for a in cable.to],
        "info": [(a.route, a.name, a.mcn) for a in cable.info],
        "classification": cable.classification,
        "tags": cable.tags,
        "subject": " ".join((cable.subject or "").upper().split()),
        "references": [r.id for r in cable.references],
        "paragraphs": [(p.number, p.classification) for p in cable.paragraphs if p.number],
    }


SAO_PAULO_OUTLINE = {
    "id": "07SAOPAULO976",
    "created": "2007-12-14T10:38:00Z",
    "from": "AMCONSUL SAO PAULO",
    "to": [("RUEHC", "SECSTATE WASHDC", "PRIORITY", "7748")],
    "info": [("RUEHBR", "AMEMBASSY BRASILIA", "8883"), ("RUEHAC", "AMEMBASSY ASUNCION", "3224")],
    "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "tags": ["PHUM", "SOCI", "SCUL", "KDEM", "BR"],
    "subject": "SAO PAULO PERSPECTIVES ON POLITICAL PARTIES AND AFRO-BRAZILIANS",
    "references": ["07SAOPAULO895"],
    "paragraphs": [(1, "SBU"), (2, "SBU"), (3, "SBU"), (4, "SBU")],
}


def test_the_excerpt_parses_so_with_its_line_breaks() -> None:
    assert outline(parse_cable("\n".join(SAO_PAULO_976))) == SAO_PAULO_OUTLINE


@pytest.mark.parametrize("anchors", [True, False])
def test_a_cable_on_one_line_parses_as_with_its_line_breaks(anchors: bool) -> None:
    text = joined(SAO_PAULO_976, anchors)
    assert lost_line_breaks(text)
    cable = parse_cable(text)
    assert outline(cable) == SAO_PAULO_OUTLINE
    assert cable.warnings[0].startswith("the text had lost its line breaks; they were restored")
    # The page line between paragraphs 4 and 5 is gone from the text, not read into it.
    assert "00000976" not in cable.body


@pytest.mark.parametrize("anchors", [True, False])
def test_a_cable_on_one_line_in_lower_case(anchors: bool) -> None:
    text = joined(SAO_PAULO_976, anchors).lower()
    assert lost_case(text)
    cable = parse_cable(text)
    expected = dict(SAO_PAULO_OUTLINE)
    assert outline(cable) == expected
    assert cable.subject == "sao paulo perspectives on political parties and afro-brazilians"
    assert "the text is in lower case; its header, banner and page lines were read in capitals" in (
        cable.warnings
    )


def test_lower_case_with_its_line_breaks() -> None:
    cable = parse_cable("\n".join(SAO_PAULO_976).lower())
    assert outline(cable) == SAO_PAULO_OUTLINE
    assert not any("line breaks" in w for w in cable.warnings)


def test_intact_cables_are_not_touched() -> None:
    text = "\n".join(SAO_PAULO_976)
    assert not lost_line_breaks(text) and not lost_case(text)
    assert not any("line breaks" in w or "lower case" in w for w in parse_cable(text).warnings)


# cable/1972/03/72TEHRAN1381.html (2011-08 sample; excerpt): a 1970s header without routing
# indicators, its addressees one after another.
TEHRAN_1381 = [
    "R 090540Z MAR 72 ",
    "FM AMEMBASSY TEHRAN",
    "TO SECSTATE WASHDC 7682 ",
    "INFO AMEMBASSY ANKARA",
    "AMEMBASSY BONN ",
    "AMCOMSUL DHAHRAN",
    "AMEMBASSY JIDDA ",
    "",
    "UNCLASSIFIED SECTION 01 OF 01 TEHRAN 1381 ",
    " ",
    "E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006 ",
    "TAGS: PREL PGOV IR",
    "SUBJECT: TRIALS/EXECUTIONS OF ANTI-GOVERNMENT ELEMENTS: STUDENTS DEMONSTRATE AND SHAH "
    "LASHES OUT AT FOREIGN CRITICS ",
    " ",
    "¶1. IN PROTEST AGAINST RECENT TRIALS/PUNISHMENT (PARTICULARLY EXECUTIONS, WHICH NOW TOTAL "
    "10) OF ANTI-GOVERNMENT-ELEMENTS, TEHRAN UNIVERSITY STUDENTS MOUNTED ON-CAMPUS DEMONSTRATION "
    "AFTERNOON OF MARCH 7 AND EVEN LARGE ONE (CIRC 600) MORNING OF MARCH 8. ",
    " ",
    "¶2. SOME ",
]


@pytest.mark.parametrize("damage", ["none", "joined", "joined without anchors", "lower"])
def test_a_1970s_header_without_routing_indicators(damage: str) -> None:
    text = "\n".join(TEHRAN_1381)
    if damage.startswith("joined"):
        text = joined(TEHRAN_1381, anchors=damage == "joined")
    elif damage == "lower":
        text = joined(TEHRAN_1381).lower()
    cable = parse_cable(text)
    assert cable.id == "72TEHRAN1381" and cable.created == "1972-03-09T05:40:00Z"
    assert cable.from_ == "AMEMBASSY TEHRAN"
    assert [(a.name, a.mcn) for a in cable.to] == [("SECSTATE WASHDC", "7682")]
    assert [a.name for a in cable.info] == [
        "AMEMBASSY ANKARA",
        "AMEMBASSY BONN",
        "AMCOMSUL DHAHRAN",
        "AMEMBASSY JIDDA",
    ]
    assert cable.tags == ["PREL", "PGOV", "IR"]
    assert [(p.number, p.classification) for p in cable.paragraphs if p.number] == [
        (1, None),
        (2, None),
    ]


# --- paragraph numbers in sequence ----------------------------------------------------------

# cable/2009/10/09BRASILIA1321.html: the page itself lost the break before paragraph 6.
BRASILIA_1321 = (
    "5. Brazil is the tenth largest economy in the world and received investment grade status "
    "from Standard and Poor's and Fitch in 2008. Brazil is projected to return to a 4 to 5 "
    "percent GDP growth rate in 2010. 6. Brazil is a major producer and exporter. Agriculture "
    "makes up 36 percent of exports."
)
# cable/2008/09/08STATE99666.html, paragraphs 3 and 4 on one line: `para 4.` is cited.
STATE_99666 = (
    "3. (SBU) ACTION REQUEST: Posts are requested to approach appropriate host government "
    "officials to deliver the nonpaper in para 4. In doing so, posts should pursue the "
    "following objectives. 4. (U) Begin U.S. non-paper"
)


def test_the_next_number_after_a_sentence_starts_a_paragraph() -> None:
    restored = restore_line_breaks(BRASILIA_1321)
    assert "growth rate in 2010.\n\n6. Brazil is a major producer" in restored
    assert "4 to 5 percent" in restored  # numbers inside sentences stay where they are


def test_a_cited_number_does_not_start_a_paragraph() -> None:
    restored = restore_line_breaks(STATE_99666)
    assert "deliver the nonpaper in para 4. In doing so" in restored
    assert restored.endswith("objectives.\n\n4. (U) Begin U.S. non-paper")


# cable/2010/01/10LONDON92.html: the page lost its breaks after the REF line; its page line and
# paragraph 1 run on.
LONDON_92 = (
    "UNCLAS SECTION 01 OF 12 LONDON 000092 \n \nSIPDIS \n \nE.O. 12958: N/A \n"
    "TAGS: ECON EFIN ETRD EINV OPIC KTDB USTR UK\n"
    "SUBJECT: United Kingdom: Investment Climate Statement 2010 \n \n"
    "REF: 09 State 124006  LONDON 00000092  001.3 OF 012   1.  In response to reftel, the "
    "following is the 2010 Investment Climate Statement for the United Kingdom.  The "
    "information is updated as of January 1, 2010.  UNITED KINGDOM: 2010 INVESTMENT CLIMATE "
    "STATEMENT ---------------------------------------------"
)


def test_a_page_line_and_a_paragraph_run_onto_the_ref_line() -> None:
    cable = parse_cable(LONDON_92 + " " + "The UK attracted 19 percent of all FDI inflows. " * 40)
    assert [(r.raw, r.id) for r in cable.references] == [("09 State 124006", "09STATE124006")]
    assert [p.number for p in cable.paragraphs] == [1]
    assert cable.paragraphs[0].text.startswith("In response to reftel")


# --- lower case -----------------------------------------------------------------------------

# cable/2006/07/06ALMATY2549.html (seed 000, excerpt), lower-cased by an export.
ALMATY_LOWER = (
    "s e c r e t section 01 of 02 almaty 002549\n\nsipdis\n\n"
    "e.o. 12958: decl: 07/13/2016\ntags: pter, kawc, pinr, prel, kz\n"
    "subject: kazakhstan: further discussions on guantanamo detainees\n\n"
    "ref: a. almaty 1946\n\n"
    "classified by: amb. john ordway, reasons 1.4(c) and (d).\n\n"
    "1. (s) summary:  in a july 12 meeting with mfa consular officials, poloff followed up.\n\n"
    "2. (s//nf) on july 12, poloff met with ualikhan s. sanginkhanov.\n\n"
    "3. (sbu) comment: the kazakhstanis requested access.\n"
)


def test_lower_case_fields_and_portion_marks() -> None:
    cable = parse_cable(ALMATY_LOWER, created="2006-07-13T15:21:00Z")
    assert cable.id == "06ALMATY2549"
    assert cable.classification == "SECRET"
    assert cable.tags == ["PTER", "KAWC", "PINR", "PREL", "KZ"]
    assert cable.subject == "kazakhstan: further discussions on guantanamo detainees"
    assert cable.reasons == ["1.4(c)", "1.4(d)"]
    assert [(p.number, p.classification) for p in cable.paragraphs if p.number] == [
        (1, "S"),
        (2, "S//NF"),
        (3, "SBU"),
    ]
    assert [r.id for r in cable.references] == ["06ALMATY1946"]


def test_a_lower_case_mark_right_after_the_number() -> None:
    # cable/2010/01/10CAIRO37.html writes `1.(S/NF)`; lower-cased.
    cable = parse_cable("1.(s/nf) demonstrations in el arish.\n\n2.(s/nf) the protests.")
    assert [(p.number, p.classification) for p in cable.paragraphs] == [(1, "S//NF"), (2, "S//NF")]


# --- what ends a field when the line breaks are gone ----------------------------------------


def test_a_summary_heading_ends_the_subject() -> None:
    # cable/1975/03/75TEHRAN2069.html (excerpt), on one line.
    text = joined(
        [
            "R 041125Z MAR 75",
            "FM AMEMBASSY TEHRAN",
            "TO SECSTATE WASHDC 475",
            "C O N F I D E N T I A L SECTION 1 OF 2 TEHRAN 2069 ",
            "E.O. 11652: GDS ",
            "TAGS: PINT IR",
            "SUBJECT: IRANIAN RESURGENCE PARTY CREATED BY SHAH ",
            "SUMMARY: CREATION OF IRANIAN RESURGENCE PARTY ANNOUNCED BY SHAH ",
            "MARCH 2 IS MOVE TO SEEK BROADER SUPPORT FOR MONARCHY. END SUMMARY. " * 8,
        ]
    )
    cable = parse_cable(text)
    assert cable.id == "75TEHRAN2069"
    assert cable.subject == "IRANIAN RESURGENCE PARTY CREATED BY SHAH"
    assert cable.summary is not None and cable.summary.startswith("CREATION OF IRANIAN")


def test_a_caption_after_the_subject_ends_it() -> None:
    # cable/2006/08/06SANJOSE1090.html (excerpt), on one line.
    text = joined(
        [
            "UNCLAS SAN JOSE 001090 ",
            "SUBJECT: FOREIGN AFFAIRS MINISTER STAGNO'S LETTER TO ",
            "SECRETARY RICE ON IRAQ ",
            "SIPDIS ",
            "1. (U) Minister Stagno delivered a letter to the Ambassador for the Secretary. " * 4,
        ]
    )
    cable = parse_cable(text)
    assert cable.subject == "FOREIGN AFFAIRS MINISTER STAGNO'S LETTER TO SECRETARY RICE ON IRAQ"
    assert "SIPDIS" in cable.captions


def test_a_tags_line_ends_before_a_subject_without_its_key_word() -> None:
    # cable/2006/11/06BRASILIA2315.html (excerpt): the page lost the `SUBJECT:` key word.
    text = joined(
        [
            "UNCLAS SECTION 01 OF 03 BRASILIA 002315 ",
            "E.O. 12958: N/A ",
            "TAGS: EAIR OTRA CASC BR",
            "BRAZIL: CHAOS IN AIRPORTS NATIONWIDE AS AIR TRAFFIC CONTROLLERS ENGAGE IN WORK "
            "SLOWDOWN ",
            "¶1. (SBU) Summary: "
            + "Wednesday and Thursday, Nov. 1 and 2, were two particularly bad days to be an "
            "airline worker or passenger in Brazil. " * 3,
        ]
    )
    cable = parse_cable(text)
    assert cable.tags == ["EAIR", "OTRA", "CASC", "BR"]
    assert [(p.number, p.classification) for p in cable.paragraphs if p.number] == [(1, "SBU")]


def test_line_end_backslashes_of_an_export_are_its_line_breaks() -> None:
    # cable/2006/11/06BERN2115.html: the page ends its lines with ` \`; joined, they stay.
    text = (
        "SIPDIS \\ \\ SECSTATE FOR NEA/I, EUR, EUR/AGS \\ \\ E.O. 12958: DECL: 11/27/2016 \\ "
        "TAGS: PREL KNNP PTER ETTC IR IZ SZ SUBJECT: SWISS TO BAKER COMMISSION: USG SHOULD NO "
        'LONGER \\ "OUT-SOURCE" TO THE EU-3 OUR IRAN POLICY \\ \\ Classified By: Ambassador '
        "Peter Coneway, Reasons 1.4 b/d \\ \\ " + "1. (C) Swiss State Secretary Ambuhl met. " * 8
    )
    cable = parse_cable(text)
    assert cable.subject == (
        'SWISS TO BAKER COMMISSION: USG SHOULD NO LONGER "OUT-SOURCE" TO THE EU-3 OUR IRAN POLICY'
    )
    assert cable.tags == ["PREL", "KNNP", "PTER", "ETTC", "IR", "IZ", "SZ"]
    assert cable.reasons == ["1.4(b)", "1.4(d)"]


# --- lower case: what comes back in capitals ------------------------------------------------


def test_the_site_note_and_page_lines_come_back_in_capitals() -> None:
    # cable/2005/08/05BRASILIA2231.html (excerpt) and the page line of 07SAOPAULO976, lower-cased.
    text = (
        "this record is a partial extract of the original cable. the full text of the original "
        "cable is not available.\n\n191755z aug 05\n\n"
        "c o n f i d e n t i a l section 01 of 02 brasilia 002231\n\nsipdis\n\n"
        "e.o. 12958: decl: 08/19/2015\ntags: prel marr br unsc us\n\n"
        "1. (c) introduction: ambassador, accompanied by polcouns, met on 19 august 2005.\n\n"
        "brasilia 00002231 002 of 002\n\n2. (c) amorim congratulated the ambassador.\n"
    )
    cable = parse_cable(text)
    assert cable.partial
    assert cable.id == "05BRASILIA2231" and cable.created == "2005-08-19T17:55:00Z"
    assert cable.classification == "CONFIDENTIAL"
    assert [(p.number, p.classification) for p in cable.paragraphs if p.number] == [
        (1, "C"),
        (2, "C"),
    ]
    assert "00002231" not in cable.body
