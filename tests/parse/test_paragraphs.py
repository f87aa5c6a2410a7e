"""The body: portion marks, paragraph splitting, page lines, summary, comment, quotations and
the signer.

Texts are quoted from the page named beside them (`cable/YYYY/MM/ID.html` in
shared/corpora/cablegate-site-2011-04.tar.xz) or from the seeds; `¶` is the site's paragraph
anchor, kept where the page has it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cablearchive.parse import Cable, parse_cable
from cablearchive.parse.paragraphs import paragraphs_and_breaks, portion_mark, split_paragraphs
from cablearchive.parse.text import normalize, remove_page_lines
from tests.shared import shared_file

SEED_000 = "seeds/000_b6366df431a4d317.txt"
SEED_001 = "seeds/001_f39073fb4f33a29e.txt"


@pytest.fixture(scope="module")
def seed_000(shared_dir: Path) -> Cable:
    return parse_cable(shared_file(shared_dir, SEED_000).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_001(shared_dir: Path) -> Cable:
    return parse_cable(shared_file(shared_dir, SEED_001).read_text(encoding="utf-8"))


# --- portion marks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mark", "rest"),
    [
        ("(S) Summary:  In a July 12 meeting", "S", "Summary:  In a July 12 meeting"),  # seed 000
        ("(SBU) Kanibekov requested that", "SBU", "Kanibekov requested that"),  # seed 000
        ("(C) Comment:  We sense continued", "C", "Comment:  We sense continued"),  # seed 000
        ("(U) Post requests Department guidance", "U", "Post requests Department guidance"),
        # cable/2008/02/08ABUJA320.html
        ("(C//NF) NOTE: During a late January conversation with", "C//NF",
         "NOTE: During a late January conversation with"),
        # cable/2002/04/02BOGOTA3281.html: one slash, written the same as two
        ("(S/NF) SUMMARY: COLOMBIAN GOVERNMENT, MILITARY AND", "S//NF",
         "SUMMARY: COLOMBIAN GOVERNMENT, MILITARY AND"),
        ("(S//NF) August 13, 2004 marked the 18-month anniversary of", "S//NF",
         "August 13, 2004 marked the 18-month anniversary of"),  # cable/2004/09/04BOGOTA8900.html
        ("(C/NF) ITALY COMMITTED NO MEN OR MATERIEL TO COMBAT IN", "C//NF",
         "ITALY COMMITTED NO MEN OR MATERIEL TO COMBAT IN"),  # cable/2003/05/03ROME2045.html
        # cable/2008/11/08EFTOLONDON2883.html
        ("(SBU/NF) Foreign Office contacts have informallly told us", "SBU//NF",
         "Foreign Office contacts have informallly told us"),
        # cable/1979/08/79TEHRAN8980.html: the whole text's mark, then a period
        ("(C - ENTIRE TEXT). ", "C", ""),
        # cable/2009/02/09STATE15113.html
        ("(U//FOUO) This is an action request; see Para. 13.", "U//FOUO",
         "This is an action request; see Para. 13."),
        # cable/2006/03/06STATE40904.html
        ("(C//REL to Spain) Post is requested to deliver the", "C//REL TO SPAIN",
         "Post is requested to deliver the"),
        # cable/2008/11/08STATE116943.html: foreign government information
        ("(S//FGI//NF) NEA - Lebanon - Al-Qa,ida affiliate to", "S//FGI//NF",
         "NEA - Lebanon - Al-Qa,ida affiliate to"),
        # cable/2009/06/09NAIROBI1171.html: a release list, closed by `//`
        ("(C//REL TO USA, KEN, GBR//) There are a number of factors", "C//REL TO USA, KEN, GBR",
         "There are a number of factors"),
        # cable/2007/06/07KABUL2004.html: a slash inside the release list
        ("(S/REL TO NATO/AUS) As of Sunday, June 17, the", "S//REL TO NATO/AUS",
         "As of Sunday, June 17, the"),
        # cable/2006/02/06ROME439.html: `Releasable to` written out
        ("(C/Releasable to Italy)  Dear Under Secretary Letta:", "C//REL TO ITALY",
         "Dear Under Secretary Letta:"),
        # cable/2008/04/08MEXICO1082.html
        ("(CONFIDENTIAL -- ENTIRE PARAGRAPH)  That said, there are", "C", "That said, there are"),
        # cable/2008/10/08NAIROBI2290.html: a hyphen for the slash
        ("(S-NF) A shipment of 33 Ukrainian T-72 tanks", "S//NF",
         "A shipment of 33 Ukrainian T-72 tanks"),
        # cable/2009/12/09BOGOTA3559.html: no foreign nationals, save Panama's
        ("(S/NF/rel Panama) During the December 9 meeting", "S//NF//REL PANAMA",
         "During the December 9 meeting"),
        # cable/2000/11/00TASHKENT4223.html: in lower case
        ("(c) summary: on November 1, the", "C", "summary: on November 1, the"),
    ],
)  # fmt: skip
def test_portion_mark(text: str, mark: str, rest: str) -> None:
    assert portion_mark(text) == (mark, rest)


@pytest.mark.parametrize(
    "text",
    [
        "(Complimentary opening.)  The United States is detaining four",  # seed 000
        "(A) AND (D) . ",  # cable/2001/03/01VATICAN1261.html: reasons wrapped onto a line
        "(JPL).  He called for the suspension of presidential Decree",  # 2006/12/06BOGOTA11125
        "AFTER THIS MESSAGE WAS DRAFTED, WE RECEIVED",
        "",
    ],
)
def test_no_portion_mark(text: str) -> None:
    assert portion_mark(text) == (None, text)


# cable/1972/02/72TEHRAN1164.html (excerpt): an old cable whose text begins without a number,
# with a BEGIN SUMMARY ... END SUMMARY block.
TEHRAN_1164 = """\
UNCLASSIFIED SECTION 01 OF 01 TEHRAN 1164

E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006
TAGS: MASS MARR IR
SUBJECT: ACCELERATION OF F-4ES FOR IRAN

REF: TEHRAN 1091: TEHRAN 263: MOSCOW 1603

COUNTRY TEAM. MESSAGE


BEGIN SUMMARY

GENERAL AZIMI, MINISTER OF WAR, ON INSTRUCTION OF SHAH ASKS THAT WE TAKE ANOTHER HARD LOOK AT \
F-4E PRODUCTION LINE IN ORDER ACCELERATE DELIVERY OF ONE SQUADRON OF F-4ES TO IRAN IN 1972. \
REQUEST REFLECTS SHAH'S INCREASING CONCERN OVER SOVIET AMBITIONS IN AREA AND ESPECIALLY \
THREAT SHAH SEES TO IRAN OF FRIENDSHIP TREATY UNDER CONSIDERATION BY IRAQ AND USSR. SHAH \
RECOGNIZES PROBLEMS THIS POSES FOR US BUT IS TURNING TO USG WITH THIS REQUEST TO GIVE IRAN \
HIGHER PRIORITY ON FA-4E PRODUCTION SCHEDULE BECAUSE HE REGARDS US AS MOST DEPENDABLE \
FRIEND. END SUMMARY

ACTION REQUESTED: COUNTRY TEAM RECOMMENDS US REVIEW F-4E PRODUCTION LINE AND RESPOND \
FAVORABLY TO SHAH'S REQUEST FOR 16

¶1. ON FEB 24 CHARGE WAS CONVOKED BY MINSTER OF WAR, GEN. REZANUZIMI, ON INSTRUCTIONS FROM \
SHAH.
"""


# --- splitting into paragraphs -------------------------------------------------------------


def test_seed_paragraphs(seed_000: Cable) -> None:
    assert [(p.number, p.classification) for p in seed_000.paragraphs] == [
        (1, "S"), (2, "S"), (3, "SBU"), (4, "S"), (5, "C"), (6, "SBU"), (7, "S"),
    ]  # fmt: skip
    assert seed_000.paragraphs[0].text.startswith("Summary:  In a July 12 meeting")
    assert seed_000.paragraphs[-1].text.endswith("through intelligence channels.")


def test_paragraph_anchors_of_the_site_pages() -> None:
    # cable/2009/01/09ASTANA95.html: the site writes `¶1.`; split_paragraphs reads it as is.
    body = (
        "Classified By: Ambassador Richard E. Hoagland: 1.4 (B), (D)\n\n"
        "¶1. (S) SUMMARY: President Nazarbayev told CENTCOM Commander General Petraeus:\n\n"
        "¶2. (SBU) U.S. Central Command Commander General David Petraeus\n\n"
        "AFGHANISTAN\n\n"
        "¶3. (S) General Petraeus thanked President Nazarbayev for\n"
    )
    paragraphs = split_paragraphs(body)
    assert [(p.number, p.classification) for p in paragraphs] == [
        (None, None),
        (1, "S"),
        (2, "SBU"),
        (3, "S"),
    ]
    assert paragraphs[0].text.startswith("Classified By:")
    assert paragraphs[2].text.endswith("AFGHANISTAN")


# cable/2006/12/06BOGOTA11125.html (excerpt): paragraph 6 was lost in transmission, and
# `December 1.` wrapped so that `1.` opens a line inside paragraph 2.
BOGOTA_11125 = """\
¶2.  (C) Spokesman Ivan Roberto Duque (AKA "Ernesto Baez")
announced on December 6 that 59 ex-paramilitary leaders had
maximum-security prison in Antioquia Department on December
¶1.  Uribe said his decision reflected concerns that the paras
were planning to escape from the facility, as well as reports
one by one.

¶3.  (C) After the meeting, Baez said the only two

¶5.  (C) Restrepo and Minister of Interior and Justice Carlos
taking of para confessions (version libres) by the Fiscalia
under the JPL.

------------------------
Use of Truth or Violence
------------------------

¶7.  (C) Media reports stated the paras have been using the
"""


def test_lost_paragraph_number_and_stray_number() -> None:
    paragraphs = split_paragraphs(BOGOTA_11125)
    assert [p.number for p in paragraphs] == [2, 3, 5, 7]
    # The stray `1.` stays in paragraph 2, as text.
    assert "December\n1.  Uribe said" in paragraphs[0].text.replace("¶", "")
    assert paragraphs[2].text.endswith("Use of Truth or Violence\n------------------------")


def test_parenthesised_numbers_inside_a_paragraph_stay_text() -> None:
    # cable/2004/01/04ANKARA348.html (excerpt): `(1) ... (2) ...` inside paragraphs 1 and 3
    text = (
        "¶1. (C) Summary: P.M. Erdogan expects Washington to focus on Cyprus, economic reform, "
        "and anti-terrorism cooperation among other issues. In turn he will press for (1) "
        "concrete U.S. actions to block what Turks believe is the formation by accretion of a de "
        "facto Kurdish state in n. Iraq; (2) concrete U.S. actions against the PKK in Iraq; and "
        "(3) clear USG support for his government.\n\n"
        "¶2. (C) P.M. Erdogan appears to be riding a political high and uncommon luck as he "
        "prepares for his Jan. 28-29 visit to Washington, where he hopes to demonstrate the "
        "Administration recognizes him as an equal partner.\n\n"
        "¶3. (C) Erdogan has been primed to hear plainspoken expressions of U.S. interest in "
        "Turkish action (1) to reach a Cyprus settlement by May 1; (2) to hew to credible "
        "economic reform and macro policies;\n"
    )
    assert [p.number for p in split_paragraphs(text)] == [1, 2, 3]


def test_paragraph_number_without_a_space_before_the_portion_mark() -> None:
    # cable/2009/07/09BUJUMBURA302.html: `1.(SBU) Post wishes ...`, about 975 pages of the corpus
    # write some paragraph numbers so.
    text = (
        "1.(SBU) Post wishes to alert the Department and Washington agencies per reftel that it "
        "has received a report indicating a potential incident of illicit trafficking in "
        "nuclear and/or radiological materials.\n\n"
        "2.(S/NF) Details of the incident follow:\n\n"
        "--------------- Location and Description of Material ---------------\n\n"
        "A) The material is currently stationary, in storage at the Burundian Intelligence "
        "Service headquarters in Kigobe, Bujumbura. B) The material is suspected by the "
        'Burundian officials to be uranium; accompanying documents reference "U-A238."\n'
    )
    paragraphs = split_paragraphs(text)
    assert [(p.number, p.classification) for p in paragraphs] == [(1, "SBU"), (2, "S//NF")]
    assert paragraphs[1].text.startswith("Details of the incident follow:")


# cable/2008/06/08MADRID707.html (excerpt): paragraph 3 holds a numbered list of 21 measures,
# after which the cable goes on with paragraph 4.
MADRID_707 = """\
¶3. (U) During the speech, Zapatero presented a package of 21
short-, mid-, and long-term measures to improve Spain's
competitiveness and address the economic situation. They
included measures to confront the deceleration, austerity
measures, and structural reforms. A list follows:

Measures to Address the Deceleration
¶1. More credit lines to small businesses and
government-protected housing;
¶2. Encouraging renovation of homes and hotels;
¶3. Establishment of a new framework for home renovation;
¶4. Credit and subsidies for consumers who purchase
fuel-efficient vehicles;

Austerity Measures
¶5. Reduce the number of new government jobs in 2009 from
35,000 to 10,000;
¶6. Reduce current spending by at least 20 million euros
immediately;
¶7. Freeze salaries of high-level officials;

¶4. (U) These 21 measures come on the heels of the June 13
approval by the Council of Ministers of a draft law that
"""


def test_stray_number_in_a_list_stays_text() -> None:
    # The list's `¶3.` (the number of the paragraph holding the list) is not a new paragraph.
    paragraphs = split_paragraphs(MADRID_707)
    assert paragraphs[0].number == 3
    assert "3. Establishment of a new framework" in paragraphs[0].text.replace("¶", "")


def test_numbered_list_inside_a_paragraph() -> None:
    paragraphs = split_paragraphs(MADRID_707)
    assert [(p.number, p.classification) for p in paragraphs] == [(3, "U"), (4, "U")]
    assert paragraphs[1].text.startswith("These 21 measures come on the heels")
    assert "Freeze salaries of high-level officials;" in paragraphs[0].text


def test_text_before_the_first_number_is_an_unnumbered_paragraph() -> None:
    body = TEHRAN_1164[TEHRAN_1164.index("COUNTRY TEAM") :]
    paragraphs = split_paragraphs(body)
    assert [p.number for p in paragraphs] == [None, 1]
    assert paragraphs[0].classification is None
    assert paragraphs[0].text.startswith("COUNTRY TEAM. MESSAGE")
    assert paragraphs[1].text.startswith("ON FEB 24 CHARGE WAS CONVOKED")


# --- page lines ----------------------------------------------------------------------------


def test_modern_page_line_is_removed(seed_000: Cable) -> None:
    # seed 000: `ALMATY 00002549  002 OF 002` between two parts of the quoted note
    assert "00002549" not in seed_000.body
    assert "002 OF 002" not in seed_000.body
    assert "Kazakhstan. \n" in seed_000.body  # the text around it stays


def test_remove_page_lines_modern() -> None:
    body = (
        "Kazakhstan. \n \n \nALMATY 00002549  002 OF 002 \n \n \n"
        "In order to return these individuals to Kazakhstan, the U.S. \n"
    )
    cleaned, count = remove_page_lines(body)
    assert count == 1
    assert "ALMATY 00002549" not in cleaned
    assert cleaned.startswith("Kazakhstan.") and "In order to return" in cleaned


def test_remove_page_lines_older_form_with_its_classification_footer() -> None:
    # cable/2001/03/01VATICAN1261.html
    body = (
        "2. (C) DEPUTY FOREIGN MINISTER MIGLIORE CALLED IN CHARGE \n"
        "CONFIDENTIAL \n\n"
        "PAGE 02 VATICA 01261 061419Z \n"
        "TO PRESENT A PRO MEMORIA ON THE SITUATION IN THE DEMOCRATIC \n"
    )
    cleaned, count = remove_page_lines(body)
    assert count == 1
    assert "PAGE 02" not in cleaned
    assert "CONFIDENTIAL" not in cleaned
    assert "CALLED IN CHARGE" in cleaned and "TO PRESENT A PRO MEMORIA" in cleaned
    # The paragraph is whole again.
    paragraph = split_paragraphs(cleaned)[0]
    assert paragraph.number == 2
    assert " ".join(paragraph.text.split()) == (
        "DEPUTY FOREIGN MINISTER MIGLIORE CALLED IN CHARGE TO PRESENT A PRO MEMORIA ON THE "
        "SITUATION IN THE DEMOCRATIC"
    )


def test_remove_page_lines_with_a_section_number() -> None:
    # cable/2008/06/08MADRID707.html: `MADRID 00000707 002.2 OF 002` (677 pages write them so)
    body = (
        "400 euro refunds promised in the campaign and is expected to\n\n"
        "MADRID 00000707 002.2 OF 002\n\n\n"
        "have a combined expansionary impact of 10 billion euros in\n"
    )
    cleaned, count = remove_page_lines(body)
    assert count == 1
    assert "00000707" not in cleaned


def test_page_line_words_in_a_sentence_stay() -> None:
    # seed 000: a sentence that mentions a page is not a page line
    body = "See  para. \n7 for action request.  End summary. \n"
    assert remove_page_lines(body) == (body, 0)


# --- summary, comment, quotations ----------------------------------------------------------


def test_summary_and_end_summary(seed_000: Cable) -> None:
    assert seed_000.summary is not None
    assert seed_000.summary.startswith("In a July 12 meeting with MFA consular officials")
    assert seed_000.summary.endswith("See para. 7 for action request.")
    assert "End summary" not in seed_000.summary


def test_begin_summary_end_summary() -> None:
    cable = parse_cable(TEHRAN_1164)
    assert cable.summary is not None
    assert cable.summary.startswith("GENERAL AZIMI, MINISTER OF WAR, ON INSTRUCTION OF SHAH")
    assert cable.summary.endswith("BECAUSE HE REGARDS US AS MOST DEPENDABLE FRIEND.")
    assert "END SUMMARY" not in cable.summary


def test_summary_and_comment() -> None:
    # cable/2005/11/05PARIS7682.html (excerpt)
    text = (
        "C O N F I D E N T I A L SECTION 01 OF 03 PARIS 007682 \n\n"
        "1. (C) Summary and Comment: Continuing violent unrest in \n"
        "France -- only now diminishing after thirteen intense days -- \n"
        "has very publicly brought to light the ugly reality of \n"
        "France's persistent failure to integrate its immigrant \n"
        "population. Importantly, the violence has not taken on \n"
        "religious overtones, nor have mainstream (or, as far as we \n"
        "can detect, underground extremist) Muslim groups sought to \n"
        "manipulate the situation to their own advantage. Indeed, the \n"
        "Muslim establishment has been actively trying to calm the \n"
        "unrest. The government response -- to reestablish order \n"
        "while exercising restraint and to promise to address the \n"
        "underlying issues of unemployment, education, and family \n"
        "breakdown -- seems to be working for the moment. But any \n"
        "longer-term solutions will depend on successfully tackling \n"
        "the underlying issue of social exclusion -- in particular, \n"
        "employment discrimination. This is likely to prove a \n"
        "difficult challenge for any government given France's slow \n"
        "economic growth and chronic unemployment problems. Changing \n"
        "deep-seated attitudes will also be a daunting challenge. \n"
        "Failure could push a largely unpoliticized minority \n"
        "underclass to embrace the Islamic political extremism the \n"
        "French fear most. End Summary and Comment. \n\n"
        "Where We Are Now \n---------------- \n"
        "2. (SBU) Images of rampaging youth hurling Molotov cocktails \n"
    )
    cable = parse_cable(text)
    assert cable.summary is not None
    assert cable.summary.startswith("Continuing violent unrest in France")
    assert cable.summary.endswith("the Islamic political extremism the French fear most.")
    assert [p.number for p in cable.paragraphs] == [1, 2]


def test_summary_without_an_end_marker_is_its_paragraph() -> None:
    # cable/2008/05/08STATE56861.html: `1. (C) Summary. ...` with no `End summary`
    text = (
        "C O N F I D E N T I A L STATE 056861\n\nSUBJECT: E-PINE POLITICAL DIRECTORS\n\n"
        "1. (C) Summary. Senior U.S., Nordic, and Baltic officials met in Washington D.C. on "
        "April 30th for the eleventh Enhanced Partnership in Northern Europe (e-PINE) "
        "Political Directors' meeting.\n\n"
        "2. (C) Political Directors from the eight Nordic and Baltic countries\n"
    )
    cable = parse_cable(text)
    assert cable.summary is not None
    assert cable.summary.startswith("Senior U.S., Nordic, and Baltic officials")
    assert cable.summary.endswith("Political Directors' meeting.")


def test_comment_and_end_comment(seed_000: Cable, seed_001: Cable) -> None:
    assert seed_000.comment is not None
    assert seed_000.comment.startswith("We sense continued reluctance by the GOK")
    assert seed_000.comment.endswith("to facilitate their return.")
    assert seed_001.comment is not None
    assert seed_001.comment.startswith("Post understands that the Department of Justice")
    assert seed_001.comment.endswith("to use the detainee situation as leverage.")


def test_begin_text_end_text(seed_000: Cable) -> None:
    assert len(seed_000.quotations) == 1
    quoted = " ".join(seed_000.quotations[0].split())
    assert quoted.startswith("(Complimentary opening.) The United States is detaining four")
    assert quoted.endswith("soon repatriated to their home country. (Complimentary close.)")
    # The page line inside the quotation is gone.
    assert "002 OF 002" not in quoted


def test_no_summary_no_comment_no_quotation() -> None:
    # cable/2001/03/01VATICAN1261.html (excerpt): paragraph 6, no markers
    cable = parse_cable(
        "C O N F I D E N T I A L VATICAN 001261 \n\nSUBJECT: DROC--VATICAN DEMARCHE \n\n"
        "6. (U) ACTION REQUESTED: EMBASSY SHOULD REPLY TO MIGLIORE \n"
        "BY 3/9. REQUEST THAT DEPARTMENT PROVIDES POINTS FOR USE. \nMERANTE"
    )
    assert cable.summary is None and cable.comment is None and cable.quotations == []


# --- signer --------------------------------------------------------------------------------


def test_signer_present(seed_000: Cable) -> None:
    assert seed_000.signer == "ORDWAY"
    # The signature is not part of the last paragraph.
    assert not seed_000.paragraphs[-1].text.rstrip().endswith("ORDWAY")


def test_signer_after_a_sentence() -> None:
    # cable/2001/03/01VATICAN1261.html (excerpt)
    cable = parse_cable(
        "C O N F I D E N T I A L VATICAN 001261 \n\nSUBJECT: DROC--VATICAN DEMARCHE \n\n"
        "6. (U) ACTION REQUESTED: EMBASSY SHOULD REPLY TO MIGLIORE \n"
        "BY 3/9. REQUEST THAT DEPARTMENT PROVIDES POINTS FOR USE. \nMERANTE"
    )
    assert cable.signer == "MERANTE"
    assert cable.paragraphs[-1].text.endswith("PROVIDES POINTS FOR USE.")


def test_signer_absent_when_the_last_line_is_a_sentence(seed_001: Cable) -> None:
    # seed 001 ends `... responding to the Kazakhstani position.`
    assert seed_001.signer is None
    assert seed_001.paragraphs[-1].text.endswith("the Kazakhstani position.")


def test_signer_above_the_cable_ends_trailer() -> None:
    # cable/2004/04/04BOGOTA3619.html (excerpt)
    cable = parse_cable(
        "S E C R E T SECTION 01 OF 03 BOGOTA 003619 \n\n"
        "8. (C) Osorio continues to resist the toughest U.S. urging: \n"
        "Within the 18,000-person Fiscalia, there is room to transfer \n"
        "suspect officials to less sensitive positions. \nWOOD \n\n"
        "=======================CABLE ENDS============================"
    )
    assert cable.signer == "WOOD"


def test_normalize_removes_site_anchors_and_markdown_links() -> None:
    # seed 001 and the site pages
    assert normalize("¶1. (SBU) Summary:") == "1. (SBU) Summary:"
    assert normalize("TAGS: [PTER](#) [KAWC](#)") == "TAGS: PTER KAWC"
    assert normalize("a\r\nb\rc") == "a\nb\nc"


def test_normalize_removes_anchors_from_texts_of_every_character_width() -> None:
    # Latin-1 pages (`é`, `\xa0`) are cleaned as bytes; pages with curly quotes or other
    # characters beyond Latin-1 by splitting: both give what `str.replace` gives.
    latin = "¶1. (C) Caf\xe9 owners said\xa0so.\n\n¶2. (C) More.\n¶"
    wide = "¶1. (C) He said \u201cno\u201d.\n\n ¶2. (U) \U0001f600 ¶"
    for text in (latin, wide, "¶", "¶¶x¶"):
        assert normalize(text) == text.replace("¶", "").replace("\xa0", " ")


# --- numbers that are not paragraphs, paragraphs out of order -------------------------------


def test_a_date_wrapped_onto_a_new_line_starts_no_paragraph() -> None:
    # cable/2006/09/06MADRID2335.html (excerpt): `September\n15.` is a date, not paragraph 15.
    text = (
        "¶1. (C/NF) Charge paid an introductory call on MOD Secretary\n"
        "General for Policy Admiral Francisco Torrente on September\n"
        "¶15. Charge told Torrente that the US deeply appreciates the\n"
        "hospitality and use of Spanish bases.\n\n"
        "¶2. (C/NF) On the NCIS/OSI issue, Torrente emphasized that the\n"
        "GOS doesn't disagree with the DOD concept of force protection.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [(p.number, p.classification) for p in paragraphs] == [(1, "C//NF"), (2, "C//NF")]
    assert "September\n¶15. Charge told Torrente" in paragraphs[0].text


def test_a_cited_paragraph_number_starts_no_paragraph() -> None:
    # cable/2009/08/09TRIPOLI657.html (excerpt): `see para` + `6.` on its own line, before 2.
    text = (
        "1.(U) This is an action request; see para\n\n"
        "¶6. \n"
        "¶2. (C) Summary: MFA A/S-equivalent Ahmed Fituri told CDA August 12 that the proposed "
        'agenda for the August 18 Human Rights Dialogue was "fine."\n\n'
        "¶3. (C) CDA presented the proposed agenda for the first round of the U.S.-Libya Human "
        "Rights Dialogue.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [(p.number, p.classification) for p in paragraphs] == [(1, "U"), (2, "C"), (3, "C")]
    assert paragraphs[0].text.replace("¶", "") == "This is an action request; see para\n\n6."


# cable/2006/03/06BRASILIA478.html (excerpt): paragraphs 15 and 16 have no number of their own
# at a line's start (16 ran onto the line of its heading), 12 is written `2.`; paragraph 14
# took in everything up to the end of the cable before.
BRASILIA_478 = """\
¶11. (U) The success of Brazil's ethanol program has made it a model for the world.

¶2. (U) Since the 1980s, Brazil has attempted, without great success, to promote ethanol.

BRASILIA 00000478 003 OF 005

FOREIGN POLICY --------------

¶13. (SBU) Reflecting Brazil's ambivalence towards the United States, President Lula has run \
an activist foreign policy.

¶14. (SBU) Given its size and natural resources, Brazil has long seen itself as the natural \
leader of the region.

PRESIDENT LULA -------------- 16. (SBU) President Luiz Inacio Lula da Silva was inaugurated in \
January 2003.

¶17. (SBU) As noted above, in recent months the Lula Administration has been beset by a grave \
political crisis.

MACRO-ECONOMIC DEVELOPMENTS ---------------------------

¶18. (SBU) President Lula and his economic team have implemented prudent fiscal and monetary \
policies.
"""


def test_paragraph_numbers_lost_or_miswritten_do_not_swallow_the_rest() -> None:
    paragraphs = split_paragraphs(BRASILIA_478)
    assert [(p.number, p.classification) for p in paragraphs] == [
        (11, "U"), (2, "U"), (13, "SBU"), (14, "SBU"), (16, "SBU"), (17, "SBU"), (18, "SBU"),
    ]  # fmt: skip
    assert paragraphs[3].text.endswith("PRESIDENT LULA --------------")
    assert paragraphs[4].text.startswith("President Luiz Inacio Lula da Silva")


def test_a_number_written_twice_starts_a_paragraph_each_time() -> None:
    # cable/2006/05/06PHNOMPENH983.html (excerpt): two paragraphs numbered 11.
    text = (
        "¶10. (C) XXXXXXXXXXXX gave partial credit for increased anti-drug activity.\n\n"
        "Trainees Enthusiastic about INL/DEA Courses \n"
        "------------------------------------------- \n \n"
        "¶11. (U) Provincial Anti-Drug Police officers who attended the January Basic "
        "Counternarcotics course reported uniformly enthusiastic assessments.\n\n"
        "Police Officer Arrested on Drug Charges \n"
        "--------------------------------------- \n \n"
        "¶11. (C) Nov Sophal, a municipal police officer in the southern city of Kep, was "
        "arrested on April 15.\n\n"
        "¶12. (SBU) COMMENT: While increased smuggling activity may account for some of it.\n"
    )
    assert [(p.number, p.classification) for p in split_paragraphs(text)] == [
        (10, "C"), (11, "U"), (11, "C"), (12, "SBU"),
    ]  # fmt: skip


def test_paragraph_numbers_restarting_under_a_summary_heading() -> None:
    # cable/2009/10/09BEIJING2963.html (excerpt): a memorandum of conversation numbers its
    # date and participants, then starts again at 1 under `Summary`.
    text = (
        "¶1. (SBU) September 29, 2009; 8:30 a.m.; St. Regis Hotel,\nBeijing.\n\n"
        "¶2. (SBU) Participants:\n\nUnited states\nDeputy Secretary Steinberg\n"
        "Laura Stone (notetaker)\n\nChina\nxxxxx\n\n"
        "Summary\n-------\n\n"
        "¶1. (S) Summary: Deputy Secretary Steinberg explained U.S.\n"
        "confidence-building and transparency objectives vis-a-vis\nIran. End summary.\n\n"
        "Iran\n----\n\n"
        "¶2. (S) The Deputy Secretary explained U.S. objectives for the\n"
        "October 1 P5-plus-1 Political Directors meeting with Iran.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [(p.number, p.classification) for p in paragraphs] == [
        (1, "SBU"), (2, "SBU"), (1, "S"), (2, "S"),
    ]  # fmt: skip
    assert paragraphs[1].text.endswith("xxxxx\n\nSummary\n-------")


def test_paragraphs_redacted_whole_leave_a_gap_in_the_numbers() -> None:
    # cable/2009/11/09HARARE888.html (excerpt): paragraphs replaced by XXXXXXXXXXXX, no marks.
    text = (
        "¶3. Warthogs Delay Ambassador's Arrival... This week we are thrilled to welcome "
        "Ambassador Charles A. Ray to Post.\n"
        "XXXXXXXXXXXX\n"
        "¶8. Prisons Conditions Remain Dire... Despite some dramatic improvements in food "
        "availability in prisons, conditions remain dire, particularly for women and juveniles.\n"
        "XXXXXXXXXXXX\n"
        "On the Economic and Business Front\n"
        "---------------------------------- \n"
        "¶11. All Quiet on the Banking Front... A week has gone by since the press reported that "
        "the central bank had been spending the reserve deposits of the commercial banks.\n"
    )
    assert [p.number for p in split_paragraphs(text)] == [3, 8, 11]


def test_a_number_skipped_that_comes_later_is_a_stray() -> None:
    # written in the shape of the corpus's lists: `7.` among paragraphs 1 and 2 is no jump,
    # because 2 comes later.
    text = "1. First point.\n\n7. A stray number.\n\n2. Second point.\n"
    assert [p.number for p in split_paragraphs(text)] == [1, 2]


def test_no_space_after_the_paragraph_number() -> None:
    # cable/2010/01/10TRIPOLI39.html (excerpt): `2.In recent years, ...`
    text = (
        "¶1. Indicators: Transparency International: Libya is ranked 130 on the Corruption "
        "Perceptions Index.\n\n"
        "2.In recent years, Libya has taken a number of steps to encourage foreign direct "
        "investment, with its current initiative dating back to the mid-1990s.\n\n"
        "3.Through Law No. 5 (1997), the government attempted to diversify its economy.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [p.number for p in paragraphs] == [1, 2, 3]
    assert paragraphs[1].text.startswith("In recent years")


def test_portion_marks_in_lower_case() -> None:
    # cable/2000/11/00TASHKENT4223.html (excerpt)
    text = (
        "¶1. (c) summary: on November 1, the ambassador presented credentials to president "
        "Karimov.\n"
        "¶2. (c) ambassador Herbst presented his credentials to president Islom Karimov on "
        "November 1.\n"
    )
    paragraphs = split_paragraphs(text)
    assert [(p.number, p.classification) for p in paragraphs] == [(1, "C"), (2, "C")]
    assert paragraphs[0].text.startswith("summary: on November 1")


def test_a_space_before_the_period_and_a_mark_on_the_next_line() -> None:
    # written in the shape of the corpus's paragraphs (none writes `1 .`)
    text = "1 . (C) The first paragraph.\n\n2.\n(S) The second paragraph.\n"
    paragraphs = split_paragraphs(text)
    assert [(p.number, p.classification, p.text) for p in paragraphs] == [
        (1, "C", "The first paragraph."),
        (2, "S", "The second paragraph."),
    ]


def test_paragraphs_running_on_in_one_line() -> None:
    # written in the shape of the corpus's pages that lost their line breaks (08USNATO291,
    # 09STOCKHOLM720): a text of one line, paragraphs after the end of a sentence or a rule.
    text = (
        "1. (C) Summary: Ambassador met August 14 with Georgian FM Eka Tkeshelashvili. End "
        "summary. 2. (C) Tkeshelashvili said in recent days Georgia had faced a threat. "
        "FM'S THOUGHTS ON THE CONFLICT ----------------------------- 3. (S//NF) She shared "
        "her understanding of the ceasefire."
    )
    paragraphs = split_paragraphs(text)
    assert [(p.number, p.classification) for p in paragraphs] == [(1, "C"), (2, "C"), (3, "S//NF")]
    assert paragraphs[0].text.endswith("End summary.")
    assert paragraphs[1].text.endswith("FM'S THOUGHTS ON THE CONFLICT " + "-" * 29)


def test_a_run_of_numbers_in_a_sentence_stays_text() -> None:
    # written: numbers inside a sentence of a one-line text are not paragraphs without a mark
    text = "1. (U) The vote was 2. 5 members abstained and 3 voted against."
    assert [p.number for p in split_paragraphs(text)] == [1]


def test_paragraph_texts_hold_the_whole_body() -> None:
    # Nothing is lost or repeated: the texts, numbers and marks make up the body again.
    paragraphs, breaks = paragraphs_and_breaks(BRASILIA_478)
    rebuilt = []
    pos = 0
    for at, end in breaks:
        rebuilt.append(BRASILIA_478[pos:at])
        pos = end
    rebuilt.append(BRASILIA_478[pos:])
    assert " ".join(" ".join(rebuilt).split()) == " ".join(
        " ".join(p.text for p in paragraphs).split()
    )


def test_a_text_that_is_only_a_body_keeps_its_first_paragraph() -> None:
    # written: a fragment with no header, banner or field; its first lines are text, not the
    # office lines of a preamble
    cable = parse_cable("The minister said the talks would resume.\n\n2. (C) Other things.")
    assert cable.office_lines == []
    assert [(p.number, p.classification, p.text) for p in cable.paragraphs] == [
        (None, None, "The minister said the talks would resume."),
        (2, "C", "Other things."),
    ]
