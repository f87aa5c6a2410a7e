"""The preamble between the banner and the first paragraph: E.O. line, TAGS, SUBJECT, office
lines, captions and the `Classified By` line (`classifier_from`, `reasons_from`).

Every line is quoted from the page named beside it (`cable/YYYY/MM/ID.html` in
shared/corpora/cablegate-site-2011-04.tar.xz unless said otherwise).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from importlib import resources

import pytest

from cablearchive.parse import Lookups, parse_cable
from cablearchive.parse.preamble import (
    classifier_from,
    declassification_date,
    parse_preamble,
    reasons_from,
    tags_from,
)
from cablearchive.parse.text import normalize
from tests.parse.conftest import CorpusPage

# --- E.O. line -----------------------------------------------------------------------------

# (line, executive order, declassification date)
EO_LINES = [
    ("E.O. 12958: DECL: 07/13/2016", "12958", date(2016, 7, 13)),  # seed 000
    ("EO 12958 DECL: 01/19/2029", "12958", date(2029, 1, 19)),  # cable/2009/01/09ASTANA95.html
    ("E.O. 12958: N/A", "12958", None),  # seed 001
    # cable/1979/08/79TEHRAN8980.html: GDS with its date and the classifier
    ("E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P", "12065", date(1985, 8, 12)),
    ("E.O. 12356: DECL:  OADR", "12356", None),  # cable/1986/05/86MADRID5480.html
    ("E.O. 12356:DECL:OADR", "12356", None),  # cable/1985/03/85BEIRUT1725.html
    ("E.O. 11652: GDS", "11652", None),  # cable/1975/03/75TEHRAN2069.html
    ("E.O. 11652: NGDS", "11652", None),  # cable/1975/11/7575LIBREVILLE1895.html (2011-08)
    ("E.O. 12958: DECL: 2019/09/22", "12958", date(2019, 9, 22)),  # 2009/09/09BOGOTA3035
    ("EO 12958 DECL: 2019/07/29", "12958", date(2019, 7, 29)),  # 2009/07/09BELGRADE765
    ("E.O. 12958: DECL: 4/4/2012", "12958", date(2012, 4, 4)),  # 2002/04/02BOGOTA3281
    ("E.O. 12958: DECL: 12/20/07", "12958", date(2007, 12, 20)),  # 1997/12/97WELLINGTON1656
    ("E.o. 12958: decl: 07/01/2034", "12958", date(2034, 7, 1)),  # 2009/07/09STATE68250
    ("E.0. 12958: DECL: 03/05/11", "12958", date(2011, 3, 5)),  # 2001/03/01VATICAN1261: zero
    ("E.O. 12958: DECL: (X1)", "12958", None),  # 2006/03/06NAIROBI1114: an exemption
    ("E.O. 12958: DECL: 25X1", "12958", None),  # 2008/08/08STATE86156: an exemption
    ("E.O. 12958: DECL: TWENTY YEARS", "12958", None),  # 2009/01/09QUITO57
    # cable/2006/01/06CARACAS219.html: a downgrading date, not a declassification date
    ("E.O. 12958: DNG: CO 01/26/2021", "12958", None),
]


@pytest.mark.parametrize(("line", "eo", "declassify_on"), EO_LINES)
def test_eo_line(line: str, eo: str, declassify_on: date | None) -> None:
    p = parse_preamble([line + " "])  # the pages end these lines with a space
    assert p.eo == eo
    assert p.declassify_on == declassify_on
    assert p.decl is not None
    assert declassification_date(p.decl) == declassify_on


def test_eo_line_keeps_what_follows_the_order_number() -> None:
    assert parse_preamble(["E.O. 12958: N/A"]).decl == "N/A"  # seed 001
    p = parse_preamble(["E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P"])
    assert p.decl == "GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P"


def test_eo_fields_reach_the_record() -> None:
    # shared/seeds/000 (06ALMATY2549), body excerpt
    cable = parse_cable(
        "S E C R E T SECTION 01 OF 02 ALMATY 002549 \n \nE.O. 12958: DECL: 07/13/2016 \n"
        "TAGS: PTER KAWC PINR PREL KZ\n"
        "SUBJECT: KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO \nDETAINEES \n \n"
        "1. (S) Summary:  In a July 12 meeting with MFA consular \n"
    )
    assert cable.eo == "12958"
    assert cable.declassification == "DECL: 07/13/2016"
    assert cable.declassify_on == "2016-07-13"


# --- fields run together on one line -------------------------------------------------------


def test_decl_and_tags_on_one_line() -> None:
    # cable/2000/11/00HARARE6677.html
    p = parse_preamble(["E.O. 12958: DECL: 11/29/10 TAGS: PGOV PREL ECON PINR ZI SA"])
    assert p.declassify_on == date(2010, 11, 29)
    assert tags_from(p.tags_text or "") == ["PGOV", "PREL", "ECON", "PINR", "ZI", "SA"]


def test_na_and_tags_on_one_line() -> None:
    # cable/2005/06/05BRASILIA1608.html
    p = parse_preamble(["E.O. 12958: N/A TAGS: EAIR EINV"])
    assert (p.eo, p.decl, p.declassify_on) == ("12958", "N/A", None)
    assert tags_from(p.tags_text or "") == ["EAIR", "EINV"]


def test_decl_tags_and_subject_on_one_line_in_lower_case() -> None:
    # cable/2004/01/04ANKARA348.html
    cable = parse_cable(
        "C o n f i d e n t i a l section 01 of 04 ankara 000348\n\nSipdis\n\n"
        "E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish p.m. "
        "Erdogan goes to washington: how strong a leader in the face of strong challenges?\n\n"
        "(U) Classified by Ambassador Eric Edelman; reasons: 1.5 (b,d).\n\n"
        "1. (C) Summary: P.M. Erdogan expects Washington to focus on Cyprus, economic reform, "
        "and anti-terrorism cooperation among other issues.\n"
    )
    assert cable.id is None  # the page gives no date-time group header
    assert (cable.banner, cable.classification, cable.sections) == (
        "C o n f i d e n t i a l section 01 of 04 ankara 000348",
        "CONFIDENTIAL",
        4,
    )
    assert cable.captions == ["SIPDIS"]
    assert cable.declassify_on == "2014-01-07"
    assert cable.tags == ["PREL", "PGOV", "PINS", "TU"]
    assert cable.subject == (
        "turkish p.m. Erdogan goes to washington: how strong a leader in the face of strong "
        "challenges?"
    )
    assert cable.classified_by == "Ambassador Eric Edelman"
    assert cable.paragraphs[0].number == 1


# cable/2008/05/08STATE56861.html (excerpt): the page ran the banner, caption, E.O. and TAGS
# onto one line, and the SUBJECT onto the Classified By line.
STATE_56861 = """\
C O N F I D E N T I A L STATE 056861 SIPDIS E.O. 12958: DECL: 05/23/2018 TAGS: KNEI PREL \
EUR BO GG PL RS UP XZ ZB SW NO LG LH IC

SUBJECT: E-PINE POLITICAL DIRECTORS, APRIL 30TH MEETING IN WASHINGTON, DC Classified By: \
Classified by: Daniel Fried, Assistant Secretary, EUR, Department of State. Reason 1.4.(b) and (d)

1. (C) Summary. Senior U.S., Nordic, and Baltic officials met in Washington D.C. on April 30th
"""


def test_fields_run_onto_the_banner_line_after_a_caption() -> None:
    cable = parse_cable(STATE_56861)
    assert cable.captions == ["SIPDIS"]
    assert cable.eo == "12958"
    assert cable.declassify_on == "2018-05-23"
    assert cable.tags[:3] == ["KNEI", "PREL", "EUR"]


def test_subject_run_onto_the_classified_by_line() -> None:
    cable = parse_cable(STATE_56861)
    assert cable.subject == "E-PINE POLITICAL DIRECTORS, APRIL 30TH MEETING IN WASHINGTON, DC"


# --- TAGS ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("TAGS: PTER KAWC PINR PREL KZ", ["PTER", "KAWC", "PINR", "PREL", "KZ"]),  # seed 000
        # cable/2009/01/09ASTANA95.html: no colon, commas
        ("TAGS PGOV, PREL, AF, IR, RS, KZ", ["PGOV", "PREL", "AF", "IR", "RS", "KZ"]),
        # cable/2009/07/09STATE68250.html: lower case
        ("Tags: mtcre, parm, prel, ettc, mnuc, tspa, ir, gm, ch",
         ["MTCRE", "PARM", "PREL", "ETTC", "MNUC", "TSPA", "IR", "GM", "CH"]),
        # cable/1975/11/7575LIBREVILLE1895.html (2011-08 sample)
        ("TAGS: PFOR UNGA GB KS KN", ["PFOR", "UNGA", "GB", "KS", "KN"]),
    ],
)  # fmt: skip
def test_tags_line(line: str, tags: list[str]) -> None:
    p = parse_preamble([line])
    assert p.tags_text is not None
    assert tags_from(p.tags_text) == tags


def test_tags_written_as_markdown_links() -> None:
    # shared/seeds/001_f39073fb4f33a29e.txt
    line = normalize("TAGS: [PTER](#) [KAWC](#) [PINR](#) [PREL](#) [KZ](#)")
    p = parse_preamble([line])
    assert tags_from(p.tags_text or "") == ["PTER", "KAWC", "PINR", "PREL", "KZ"]


def typo_table() -> dict[str, list[str]]:
    data = resources.files("cablearchive.reference") / "data" / "tag_typos.csv"
    with data.open(encoding="utf-8") as f:
        return {row["typo"]: row["tag"].split() for row in csv.DictReader(f)}


TYPOS = typo_table()
# A minimal frame around a real TAGS line: the banner of shared/seeds/001 and its E.O. line.
FRAME = "UNCLAS ALMATY 001703\n\nE.O. 12958: N/A\n\n{}\n\nSUBJECT: X\n\n1. (U) Y.\n"


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        # cable/2008/10/08SECTION01GF02BISHIEK21.html
        ("TAGS: PREL PGGV KPAK IC", ["PREL", "PGOV", "KPAK", "IC"]),
        # cable/2008/04/08BUENOSAIRES568.html: EEPET, and VZ for Venezuela
        ("TAGS: ENRG EEPET ECON PREL PGOV AR VZ BR EC",
         ["ENRG", "EPET", "ECON", "PREL", "PGOV", "AR", "VE", "BR", "EC"]),
        # cable/2008/03/08THEHAGUE225.html
        ("TAGS: PARM MRCRE PREL ETTC IR NL", ["PARM", "MTCRE", "PREL", "ETTC", "IR", "NL"]),
        # cable/2005/09/05SANJOSE2199.html
        ("TAGS: PREL SCUL ETRD CS UNDESCO", ["PREL", "SCUL", "ETRD", "CS", "UNESCO"]),
        # cable/2001/11/01VATICAN5693.html: repeated tags once each, VTPREL split
        ("TAGS: PREL AF PK IN AF PK IN VT VTPREL", ["PREL", "AF", "PK", "IN", "VT"]),
    ],
)  # fmt: skip
def test_tag_typos_are_corrected(line: str, tags: list[str]) -> None:
    assert tags_from(parse_preamble([line]).tags_text or "", TYPOS) == tags
    # In a whole cable the default tables correct the same typos.
    cable = parse_cable(FRAME.format(line))
    assert cable.tags == tags


def test_run_together_typo_keeps_the_order() -> None:
    # cable/2003/05/03ROME2045.html (the free words IRAQI FREEDOM that end it are not checked)
    line = (
        "TAGS: PREL MARR MOPS IT MARR MOPS IT MARR MOPS IT MARR MOPS IT MARR MOPS IT MARR MOPS IT "
        "IZ IZPREL IZPREL IZPREL IZPREL IZPREL IRAQI FREEDOM"
    )
    assert tags_from(parse_preamble([line]).tags_text or "", TYPOS)[:5] == [
        "PREL",
        "MARR",
        "MOPS",
        "IT",
        "IZ",
    ]


# `tags_from` reads tokens of up to 11 characters; longer typos are tags run together.
SHORT_TYPOS = sorted((k, v) for k, v in TYPOS.items() if len(k) <= 11)
LONG_TYPOS = sorted((k, v) for k, v in TYPOS.items() if len(k) > 11)


def unique(tags: list[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        if tag not in out:
            out.append(tag)
    return out


@pytest.mark.parametrize(("typo", "tags"), SHORT_TYPOS)
def test_every_typo_of_the_table_is_corrected(typo: str, tags: list[str]) -> None:
    assert tags_from(f"{typo} ", TYPOS) == unique(tags)
    assert tags_from(typo.lower(), TYPOS) == unique(tags)


@pytest.mark.parametrize(("typo", "tags"), LONG_TYPOS)
def test_long_run_together_typos_of_the_table_are_corrected(typo: str, tags: list[str]) -> None:
    assert tags_from(f"{typo} ", TYPOS) == unique(tags)


def test_nine_tags_run_together() -> None:
    # cable/2009/02/09CAIRO207.html (excerpt)
    cable = parse_cable(
        "UNCLAS CAIRO 000207 \n \nSIPDIS \n \nSENSITIVE \n \n"
        "POSTS FOR FRAUD PREVENTION UNITS \n \nE.O. 12958: N/A \n"
        "TAGS: KFRDCVISCMGTCASCKOCIASECPHUMSMIGEG\n\nSUBJECT:\n\n"
        "1.(SBU) Summary: This cable highlights the effective fraud tools and techniques\n"
    )
    assert cable.tags == ["KFRD", "CVIS", "CMGT", "CASC", "KOCI", "ASEC", "PHUM", "SMIG", "EG"]


# --- SUBJECT -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "subject"),
    [
        # shared/seeds/000: wraps onto a second line
        (["SUBJECT: KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO ", "DETAINEES ", " "],
         "KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO DETAINEES"),
        # cable/2009/01/09ASTANA95.html
        (["SUBJECT:  KAZAKHSTAN:  CENTCOM CDR PETRAEUS MEETS PRESIDENT ", "NAZARVAYEV, JANUARY 14",
          ""], "KAZAKHSTAN: CENTCOM CDR PETRAEUS MEETS PRESIDENT NAZARVAYEV, JANUARY 14"),
        # cable/1975/11/7575LIBREVILLE1895.html (2011-08 sample): SUBJ
        (["SUBJ: KOREA AT 30TH UNGA: GABON ", " "], "KOREA AT 30TH UNGA: GABON"),
        # cable/2009/07/09STATE68250.html: lower case, two lines, the portion mark after it
        (["Subject: german test chamber sold by chinese subsidiary to", "iran's dio (s)", ""],
         "german test chamber sold by chinese subsidiary to iran's dio"),
    ],
)  # fmt: skip
def test_subject(lines: list[str], subject: str) -> None:
    assert parse_preamble(lines).subject == subject


def test_subject_is_followed_by_the_ref_block() -> None:
    # cable/1975/11/7575LIBREVILLE1895.html (2011-08 sample)
    p = parse_preamble(
        ["E.O. 11652: NGDS ", " ", "TAGS: PFOR UNGA GB KS KN", " ",
         "SUBJ: KOREA AT 30TH UNGA: GABON ", " ", "REF: STATE 272523; USUN 6028 ", " ",
         "1. PRESIDENT BONGO HAS JUST PERSONALLY ASSURED ME THAT "]
    )  # fmt: skip
    assert p.subject == "KOREA AT 30TH UNGA: GABON"
    assert p.ref_block == "STATE 272523; USUN 6028"


def test_a_marked_paragraph_ends_the_ref_block_without_a_blank_line() -> None:
    # cable/2009/03/09SANJOSE156.html: before this rule the REF block ran to the end of the
    # body, the cable had no paragraphs, and parsing its REF took milliseconds.
    p = parse_preamble(
        ["SUBJECT: COSTA RICA CONGRATULATES NEW ADMINISTRATION ", " ", "REF: SAN JOSE 0098 ",
         "1.   (U) SUMMARY:  On January 20, the Legislative Assembly of Costa ",
         "Rica voted unanimously to pass a resolution congratulating the U.S. "]
    )  # fmt: skip
    assert p.ref_block == "SAN JOSE 0098"
    assert p.end == 3


def test_a_numbered_ref_entry_stays_in_the_ref_block() -> None:
    # Numbered REF entries carry no portion mark: `1. STATE 1234` is not a paragraph.
    p = parse_preamble(["REF: 1. STATE 272523", "2. USUN 6028", " ", "1. (C) The text."])
    assert p.ref_block == "1. STATE 272523\n2. USUN 6028"


def test_the_san_jose_cable_keeps_its_paragraphs(corpus: list[CorpusPage]) -> None:
    page = next(p for p in corpus if p.name.endswith("09SANJOSE156.html"))
    assert [r.raw for r in page.cable.references] == ["SAN JOSE 0098"]
    assert [p.number for p in page.cable.paragraphs][:3] == [1, 2, 3]
    assert page.cable.paragraphs[0].classification == "U"


# --- Classified By -------------------------------------------------------------------------

# (the text after `Classified By:`, classifier, reasons)
CLASSIFIED_BY = [
    # shared/seeds/000
    ("Amb. John Ordway, reasons 1.4(C) and (D).", "Amb. John Ordway", ["1.4(c)", "1.4(d)"]),
    # cable/2009/01/09ASTANA95.html
    ("Ambassador Richard E. Hoagland: 1.4 (B), (D)", "Ambassador Richard E. Hoagland",
     ["1.4(b)", "1.4(d)"]),
    # cable/2001/07/01VATICAN3507.html (in paragraph 1)
    ("CDA JOSEPH MERANTE FOR REASONS 1.5 (B) AND (D).", "CDA JOSEPH MERANTE",
     ["1.5(b)", "1.5(d)"]),
    # cable/2001/03/01VATICAN1261.html: wrapped, a space before the final period
    ("CDA JOSEPH MERANTE FOR REASONS 1.5 (A) AND (D) .", "CDA JOSEPH MERANTE",
     ["1.5(a)", "1.5(d)"]),
    # cable/2006/07/06SEOUL2238.html
    ("A/DCM Joseph Y. Yun. Reasons 1.4 (b), (d).", "A/DCM Joseph Y. Yun", ["1.4(b)", "1.4(d)"]),
    # cable/2004/04/04BRUSSELS1868.html
    ("Political Minister Counselor Kyle Scott. Reason: 1.4 (B )(D)",
     "Political Minister Counselor Kyle Scott", ["1.4(b)", "1.4(d)"]),
    # cable/2005/02/05DHAKA503.html
    ("P/E  D. Mccullough, Reason(s): 1.5 (b),(d)", "P/E D. Mccullough", ["1.5(b)", "1.5(d)"]),
    # cable/2006/03/06REYKJAVIK107.html
    ("Ambassador Carol van Voorst   Reason: 1.5 (a) and (d)", "Ambassador Carol van Voorst",
     ["1.5(a)", "1.5(d)"]),
    # cable/2005/03/05ANKARA1730.html: the E.O. named before the reasons
    ("CDA Robert Deutsch; E.O. 12958, reasons 1.4 (b) and (d).", "CDA Robert Deutsch",
     ["1.4(b)", "1.4(d)"]),
    # cable/2008/06/08MADRID707.html
    ("DCM Hugo Llorens for E.O. 12958 reasons 1.4(d),(e)", "DCM Hugo Llorens",
     ["1.4(d)", "1.4(e)"]),
    # cable/2004/06/04MADRID2215.html
    ("Polcouns Kathleen Fitzpatrick, per 1.4 (b) and (d).", "Polcouns Kathleen Fitzpatrick",
     ["1.4(b)", "1.4(d)"]),
    # cable/2009/07/09STATE68250.html: wrapped, three reasons
    ("ISN/MTR DIRECTOR PAM DURHAM FOR REASONS 1.4 (b), (c), and (d).",
     "ISN/MTR DIRECTOR PAM DURHAM", ["1.4(b)", "1.4(c)", "1.4(d)"]),
    # cable/2002/04/02BOGOTA3281.html
    ("AMBASSADOR ANNE W. PATTERSON.  REASON: 1.5 (B) AND (D)", "AMBASSADOR ANNE W. PATTERSON",
     ["1.5(b)", "1.5(d)"]),
    # cable/2009/07/09BUJUMBURA302.html
    ("CDA JoAnne Wagner for reasons 1.4 (b) (d).", "CDA JoAnne Wagner", ["1.4(b)", "1.4(d)"]),
    # cable/2008/05/08TRIPOLI411.html: the classifier's title and office after the name
    ("Chris Stevens, CDA, U.S. Embassy Tripoli, Dept of State. REASON: 1.4 (b)",
     "Chris Stevens, CDA, U.S. Embassy Tripoli, Dept of State", ["1.4(b)"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "classifier", "reasons"), CLASSIFIED_BY)
def test_classified_by(text: str, classifier: str, reasons: list[str]) -> None:
    text = " ".join(text.split())
    assert classifier_from(text) == " ".join(classifier.split())
    assert reasons_from(text) == reasons


# Letters grouped in one pair of parentheses: about 900 of the corpus's 4,200 `Classified By`
# lines write them so, and get no reasons at all.
GROUPED_REASONS = [
    # cable/1973/04/73TEHRAN2077.html
    ("Charge D'Affaires Chat Blakeman,  reasons 1.4 (b,d)", ["1.4(b)", "1.4(d)"]),
    # cable/2007/03/07THEHAGUE497.html
    ("AMBASSADOR ROLAND ARNALL, REASONS 1.4(B,D)", ["1.4(b)", "1.4(d)"]),
    # cable/2005/12/05NEWDELHI9421.html
    ("DCM Robert O. Blake for Reasons 1.4 (B, D)", ["1.4(b)", "1.4(d)"]),
    # cable/2009/12/09MOSCOW3051.html
    ("Ambassador John R. Beyrle for Reasons 1.4 (b/d)", ["1.4(b)", "1.4(d)"]),
    # cable/2004/01/04ANKARA348.html
    ("Ambassador Eric Edelman; reasons: 1.5 (b,d).", ["1.5(b)", "1.5(d)"]),
    # cable/2008/05/08LONDON1412.html
    ("Political Counselor Richard Mills for reasons 1.4, b/d.", ["1.4(b)", "1.4(d)"]),
    # cable/2008/05/08STATE56861.html
    ("Daniel Fried, Assistant Secretary, EUR, Department of State. Reason 1.4.(b) and (d)",
     ["1.4(b)", "1.4(d)"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "reasons"), GROUPED_REASONS)
def test_grouped_reason_letters(text: str, reasons: list[str]) -> None:
    assert reasons_from(text) == reasons


@pytest.mark.parametrize(("text", "_reasons"), GROUPED_REASONS)
def test_classifier_before_grouped_reasons(text: str, _reasons: list[str]) -> None:
    name = classifier_from(text)
    assert name is not None
    assert "1.4" not in name and "1.5" not in name
    assert not name.lower().endswith(("reasons", "reason", "for"))


@pytest.mark.parametrize(
    ("text", "classifier"),
    [
        # cable/2008/05/08STATE56861.html
        ("Classified by: Daniel Fried, Assistant Secretary, EUR, Department of State. "
         "Reason 1.4.(b) and (d)", "Daniel Fried, Assistant Secretary, EUR, Department of State"),
        # cable/2001/10/01PARIS11204.html
        ("CLASSIFIED BY POLITICAL MINISTER COUNSELOR SHARON WIENER FOR REASONS 1.5 (B) AND (D).",
         "POLITICAL MINISTER COUNSELOR SHARON WIENER"),
    ],
)  # fmt: skip
def test_classified_by_written_twice(text: str, classifier: str) -> None:
    assert classifier_from(text) == classifier


def test_reasons_word_broken_over_lines() -> None:
    # cable/2009/07/09BEIJING2063.html: `... Benjamin Moeling. Re \nasons 1.4 (b/d).`
    text = "Acting Political Minster Counselor Benjamin Moeling. Re asons 1.4 (b/d)."
    assert classifier_from(text) == "Acting Political Minster Counselor Benjamin Moeling"


def test_classified_by_in_the_first_paragraph() -> None:
    # cable/2001/03/01VATICAN1261.html (excerpt)
    cable = parse_cable(
        "C O N F I D E N T I A L VATICAN 001261 \n\nSIPDIS \n\n"
        "DEPT. FOR EUR/WE (VAN CLEVE); DEPT FOR AF/C \n\n"
        "FROM EMBASSY VATICAN/MESSAGE NO. 31/01 \n\nE.0. 12958: DECL: 03/05/11 \n"
        "TAGS: PREL PGOV MOPS CG VT\nSUBJECT: DROC--VATICAN DEMARCHE \n\n\n"
        "1. (U) CLASSIFIED BY CDA JOSEPH MERANTE FOR REASONS 1.5 \n(A) AND (D) . \n\n"
        "2. (C) DEPUTY FOREIGN MINISTER MIGLIORE CALLED IN CHARGE \n"
    )
    assert cable.classified_by == "CDA JOSEPH MERANTE"
    assert cable.reasons == ["1.5(a)", "1.5(d)"]
    assert cable.eo == "12958" and cable.declassify_on == "2011-03-05"
    assert cable.tags == ["PREL", "PGOV", "MOPS", "CG", "VT"]
    assert cable.subject == "DROC--VATICAN DEMARCHE"
    assert cable.office_lines == [
        "DEPT. FOR EUR/WE (VAN CLEVE); DEPT FOR AF/C",
        "FROM EMBASSY VATICAN/MESSAGE NO. 31/01",
    ]
    assert cable.captions == ["SIPDIS"]


def test_classified_by_with_a_portion_mark() -> None:
    # cable/2005/03/05ANKARA1730.html: `(U) Classified by CDA Robert Deutsch; E.O. 12958, ...`
    p = parse_preamble(
        ["(U) Classified by CDA Robert Deutsch; E.O. 12958, reasons 1.4 (b) and (d).", ""]
    )
    assert p.classified_by_text is not None
    assert classifier_from(p.classified_by_text) == "CDA Robert Deutsch"


# --- office lines and captions -------------------------------------------------------------


def test_office_line_wrapped_over_lines_is_one_line() -> None:
    # shared/seeds/000
    p = parse_preamble(
        ["", "SIPDIS ", "", "SIPDIS ", "",
         "STATE FOR S/WCI (WITTEN), L/PM (AHAINES), SCA/CEN (J. ",
         "MUDGE), DOD/OGC (BEAVER), OUSD/DETAINEE POLICY (LIOTTA), ",
         "NSC (CAMPONOVO) ", "", "E.O. 12958: DECL: 07/13/2016 "]
    )  # fmt: skip
    assert p.office_lines == [
        "STATE FOR S/WCI (WITTEN), L/PM (AHAINES), SCA/CEN (J. MUDGE), DOD/OGC (BEAVER), "
        "OUSD/DETAINEE POLICY (LIOTTA), NSC (CAMPONOVO)"
    ]
    assert p.captions == ["SIPDIS", "SIPDIS"]


def test_captions_after_the_subject() -> None:
    # cable/2002/04/02BOGOTA3281.html
    p = parse_preamble(
        ["E.O. 12958: DECL: 4/4/2012 ", "TAGS: PREL PTER MOPS VE CO",
         "SUBJECT: DETAILS ON FARC CAMPS IN VENEZUELA ", " ", "NOFORN ", " ",
         "REF: BOGOTA 3101 ", " ", "1. (S/NF) SUMMARY: COLOMBIAN GOVERNMENT, MILITARY AND "]
    )  # fmt: skip
    assert p.captions == ["NOFORN"]
    assert p.subject == "DETAILS ON FARC CAMPS IN VENEZUELA"
    assert p.ref_block == "BOGOTA 3101"


def test_captions_run_onto_an_office_line() -> None:
    # cable/2006/04/06SAOPAULO357.html
    cable = parse_cable(
        "UNCLAS SECTION 01 OF 05 SAO PAULO 000357 \n\nSIPDIS \n\n"
        "DEPT FOR WHA/BSC AND EB/TPP/IPE \nSTATE PASS TO USTR FOR MSULLIVAN/KLEZNY \n"
        "NSC FOR SUE CRONIN \nUSDOC FOR 4332/ITA/MAC/WH/OLAC/JANDERSEN/ADRISCOLL/MWAR D \n"
        "USDOC FOR 3134/USFCS/OIO/SHUPKA \n"
        "DEPT OF TREASURY FOR FPARODI DOL FOR ILAB MMITTELHAUSER SENSITIVE SIPDIS \n"
        "E.O. 12958: N/A \nTAGS: ETRD EAGR ECIN KIPR PGOV PREL BR\n"
        "SUBJECT: ITAMARATY NEGOTIATOR TALKS TRADE REF: BRASILIA 362 \n\n"
        "------- SUMMARY ------- \n\n1. (SBU) Text.\n"
    )
    assert set(cable.captions) == {"SIPDIS", "SENSITIVE"}
    assert cable.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert len(cable.office_lines) == 1
    assert cable.office_lines[0].startswith("DEPT FOR WHA/BSC AND EB/TPP/IPE")
    assert cable.office_lines[0].endswith("DOL FOR ILAB MMITTELHAUSER")
    assert cable.tags == ["ETRD", "EAGR", "ECIN", "KIPR", "PGOV", "PREL", "BR"]


def test_subject_run_onto_the_ref_line() -> None:
    # cable/2006/04/06SAOPAULO357.html, as above
    cable = parse_cable(
        "UNCLAS SECTION 01 OF 05 SAO PAULO 000357 \n\nSIPDIS \n\n"
        "DEPT OF TREASURY FOR FPARODI DOL FOR ILAB MMITTELHAUSER SENSITIVE SIPDIS \n"
        "E.O. 12958: N/A \nTAGS: ETRD EAGR ECIN KIPR PGOV PREL BR\n"
        "SUBJECT: ITAMARATY NEGOTIATOR TALKS TRADE REF: BRASILIA 362 \n\n"
        "------- SUMMARY ------- \n\n1. (SBU) Text.\n",
        created="2006-04-05T10:00:00Z",
    )
    assert cable.subject == "ITAMARATY NEGOTIATOR TALKS TRADE"
    assert [(r.raw, r.id) for r in cable.references] == [("BRASILIA 362", "06BRASILIA362")]


def test_captions_at_the_start_of_an_office_line() -> None:
    # cable/2007/07/07NEWDELHI3429.html (excerpt; site: UNCLASSIFIED//FOR OFFICIAL USE ONLY)
    cable = parse_cable(
        "UNCLAS SECTION 01 OF 02 NEW DELHI 003429 \n \n"
        "SIPDIS SENSITIVE SIPDIS USDOC FOR ITA/MAC/OSA/LDROKER/ASTERN/KRUDD DEPT OF ENERGY FOR "
        "A/S KHARBERT, TCUTLER, CZAMUDA, RLUHAR \n"
        "E.O. 12958: N/A TAGS: EAGR EFIN EINV ETRD ENRG SENV IN\n"
        "SUBJECT: NEW DELHI WEEKLY ECON OFFICE HIGHLIGHTS \nREF: NEW DELHI 5942 \n"
    )
    assert "SENSITIVE" in cable.captions
    assert cable.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert cable.office_lines and cable.office_lines[0].startswith("USDOC FOR ITA/MAC/OSA")


# --- person TAGS and items of several words --------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "tags"),
    [
        # cable/2008/09/08STATE100219.html: a person tag of the release, and a line of more tags
        (["TAGS: OVIP RICE CONDOLEEZZA PREL PHSA SP KV CU", "BL, IS"],
         ["OVIP", "RICE, CONDOLEEZZA", "PREL", "PHSA", "SP", "KV", "CU", "BL", "IS"]),
        # cable/2009/03/09STATE30049.html: in parentheses, comma-separated, continued
        (["TAGS OVIP (CLINTON, HILLARY), PREL, AS, PK, AF, CH, ", "RS,JA, KS, ASEAN "],
         ["OVIP", "CLINTON, HILLARY", "PREL", "AS", "PK", "AF", "CH", "RS", "JA", "KS", "ASEAN"]),
        # cable/2009/10/09BEIJING2963.html: lower case, with a middle initial
        (["Tags: ovip (steinberg, james b.), prel, parm, pgov, econ,",
          "etra, mnuc, marr, ch, jp, kn, ks, ir"],
         ["OVIP", "STEINBERG, JAMES B.", "PREL", "PARM", "PGOV", "ECON", "ETRA", "MNUC", "MARR",
          "CH", "JP", "KN", "KS", "IR"]),
        # cable/2009/10/09BEIJING2964.html: the SUBJECT follows; it is no more tags
        (["TAGS: OVIP STEINBERG JAMES PREL MNUC SN CH KN",
          "SUBJECT: DEPUTY SECRETARY STEINBERG'S XXXXXXXXXXXX MEETING WITH XXXXXXXXXXXX"],
         ["OVIP", "STEINBERG, JAMES", "PREL", "MNUC", "SN", "CH", "KN"]),
        # cable/2005/10/05BRASILIA2675.html: after OVIP in the middle of the line
        (["TAGS: PREL PGOV BR OVIP ZOELLICK ROBERT US"],
         ["PREL", "PGOV", "BR", "OVIP", "ZOELLICK, ROBERT", "US"]),
        # cable/2010/01/10LONDON77.html
        (["TAGS: PREL OVIP CARSON JOHNNIE AORC XA UK"],
         ["PREL", "OVIP", "CARSON, JOHNNIE", "AORC", "XA", "UK"]),
        # written: parentheses with an initial, as the issue writes it
        (["TAGS: OVIP (BIDEN, JOSEPH R.) PREL ECON"], ["OVIP", "BIDEN, JOSEPH R.", "PREL", "ECON"]),
        # written: a person the table lacks, after OVIP; and one whose given name is known
        (["TAGS: OVIP KERRY JOHN PREL AF"], ["OVIP", "KERRY, JOHN", "PREL", "AF"]),
        (["TAGS: PREL PGOV HOLBROOKE RICHARD PK AF"],
         ["PREL", "PGOV", "HOLBROOKE, RICHARD", "PK", "AF"]),
        # cable/2009/04/09TRIPOLI310.html: a person tag of one word stays one tag
        (["TAGS: OVIP MQADHAFI PREL PGOV MARR MASS PARM PHUM", "PINR, PTER, KNNP, ENRG, LY "],
         ["OVIP", "MQADHAFI", "PREL", "PGOV", "MARR", "MASS", "PARM", "PHUM", "PINR", "PTER",
          "KNNP", "ENRG", "LY"]),
        # cable/2008/08/08LONDON2008.html: an unlisted code after OVIP is no name
        (["TAGS: PREL OTRA OVIP KSEP UNGA UK"], ["PREL", "OTRA", "OVIP", "KSEP", "UNGA", "UK"]),
        # cable/2005/04/05NEWDELHI2606.html: an item of two words in a comma-separated line
        (["TAGS PHUM, PREL, PTER, IN, PK, Human Rights"],
         ["PHUM", "PREL", "PTER", "IN", "PK", "HUMAN RIGHTS"]),
        # written: repeated tags once, a missing comma between two codes
        (["TAGS: PREL, PREL PGOV, KDEM, PREL"], ["PREL", "PGOV", "KDEM"]),
        # cable/2008/08/08YEREVAN639.html: a line of more tags
        (["TAGS: PREL MOPS ENRG EAIR ELTN ECON EAGR EWWT PBTS", "GG, RU, AM "],
         ["PREL", "MOPS", "ENRG", "EAIR", "ELTN", "ECON", "EAGR", "EWWT", "PBTS", "GG", "RS",
          "AM"]),
    ],
)  # fmt: skip
def test_person_tags_and_items(lines: list[str], tags: list[str]) -> None:
    names = Lookups.default().names
    p = parse_preamble(lines, names)
    assert tags_from(p.tags_text or "", TYPOS_TUPLES, names) == tags


TYPOS_TUPLES = {k: tuple(v) for k, v in TYPOS.items()}


def test_a_tags_line_ends_before_text() -> None:
    # cable/2008/08/08TRIPOLI642.html (excerpt): the subject written without its keyword
    cable = parse_cable(
        "C O N F I D E N T I A L TRIPOLI 000642\n\nE.O. 12958: DECL: 8/12/2018\n"
        "TAGS: ECON EPET EWWT PGOV KCOR CY LY\n"
        "HANNIBAL GOES TO SEA: INSIGHTS INTO ANOTHER AL-QADHAFI FAMILY BUSINESS\n\n"
        "1. (C) Summary: The maritime sector, in which Muammar al-Qadhafi's son plays\n"
    )
    assert cable.tags == ["ECON", "EPET", "EWWT", "PGOV", "KCOR", "CY", "LY"]


def test_a_word_between_tags_and_subject_is_a_tag() -> None:
    # cable/2007/05/07KUWAIT624.html (excerpt)
    cable = parse_cable(
        "UNCLAS KUWAIT 000624\n\nSIPDIS\n\nE.O. 12958: N/A\n"
        "TAGS: OREP AMGT ASEC AFIN GM IZ IC KU COUNTRY\nCLEARANCE \n"
        "SUBJECT: KUWAIT GRANTS COUNTRY CLEARANCE FOR CODEL BOND \n(MAY 3-7) \n \n"
        "1. (U) Text.\n"
    )
    assert cable.tags[-2:] == ["COUNTRY", "CLEARANCE"]
    assert cable.subject == "KUWAIT GRANTS COUNTRY CLEARANCE FOR CODEL BOND (MAY 3-7)"


def test_corpus_person_tags_swallow_no_code(corpus: list[CorpusPage]) -> None:
    """A person tag of the corpus is made of words that are no TAGS code."""
    names = Lookups.default().names
    people = {t for p in corpus for t in p.cable.tags if ", " in t}
    assert {"RICE, CONDOLEEZZA", "CLINTON, HILLARY", "BIDEN, JOSEPH"} <= people
    for tag in people:
        for word in tag.replace(",", " ").split():
            assert word not in names.tag_codes, tag


# --- SUBJECT: portion mark, entities, where it ends ------------------------------------------


@pytest.mark.parametrize(
    ("lines", "subject", "mark"),
    [
        # cable/2004/01/04TRIPOLI31.html
        (["SUBJECT: (C) CHIRAC VISIT TO LIBYA MODESTLY SUCCESSFUL, BUT NOT HAPPY", ""],
         "CHIRAC VISIT TO LIBYA MODESTLY SUCCESSFUL, BUT NOT HAPPY", "C"),
        # cable/2008/11/08LONDON2897.html-like: a mark with a caveat
        (["SUBJECT: (C/NF) SUDAN/UNAMID: UK \"PERPLEXED\" OVER USG ABSTENTION", ""],
         'SUDAN/UNAMID: UK "PERPLEXED" OVER USG ABSTENTION', "C//NF"),
        # cable/2009/02/09STATE11937.html: a mark, then three lines in mixed case
        (["SUBJECT: (U) Secretary Clinton's February 5, 2009 ",
          "expanded meeting with French Foreign Minister Bernard ", "Kouchner ", ""],
         "Secretary Clinton's February 5, 2009 expanded meeting with French Foreign Minister "
         "Bernard Kouchner", "U"),
        # cable/2009/03/09STATE20624.html: the mark after the subject, on its own line
        (["SUBJECT: DUTCH FIRM SELLING UAV ENGINES TO IRANIAN DEALER", "(S)", ""],
         "DUTCH FIRM SELLING UAV ENGINES TO IRANIAN DEALER", "S"),
        # cable/2008/01/08STATE.. (written): the marks as the paragraphs write them, lower case
        (["SUBJECT: (sbu) germany requests information", ""], "germany requests information",
         "SBU"),
        # written: HTML entities of an export
        (["SUBJECT: NETHERLANDS: &#8220;WE KNOW THE SCORE&#8221; &amp; OTHER LINES", ""],
         "NETHERLANDS: “WE KNOW THE SCORE” & OTHER LINES", None),
        # cable/2004/01/04TRIPOLI31.html-like, written: no mark
        (["SUBJECT: (CORRECTED COPY) ARIAS ACCEPTS FIRST RESIGNATION", ""],
         "(CORRECTED COPY) ARIAS ACCEPTS FIRST RESIGNATION", None),
    ],
)  # fmt: skip
def test_subject_mark_and_entities(lines: list[str], subject: str, mark: str | None) -> None:
    p = parse_preamble(lines)
    assert (p.subject, p.subject_mark) == (subject, mark)


def test_subject_mark_reaches_the_record() -> None:
    # cable/2008/11/08LONDON2897.html-like (excerpt, written in its shape)
    cable = parse_cable(
        "C O N F I D E N T I A L LONDON 002897\n\nNOFORN\n\nE.O. 12958: DECL: 11/13/2018\n"
        'TAGS: PREL SU UK\nSUBJECT: (C/NF) SUDAN/UNAMID: UK "PERPLEXED"\n\n1. (C/NF) Text.\n'
    )
    assert cable.subject == 'SUDAN/UNAMID: UK "PERPLEXED"'
    assert cable.subject_classification == "C//NF"
    assert cable.to_dict()["subject_classification"] == "C//NF"


@pytest.mark.parametrize(
    ("lines", "subject"),
    [
        # cable/2005/02/05MADRID655.html: `U.S.` ends the line, not a sentence
        (["SUBJECT: NSDD 38: Department of Homeland Security/U.S.",
          "Customs and Border Protection - Permanent Staffing of",
          "Container Security Initiative Teams in Spain", ""],
         "NSDD 38: Department of Homeland Security/U.S. Customs and Border Protection - "
         "Permanent Staffing of Container Security Initiative Teams in Spain"),
        # cable/2009/09/09STOCKHOLM569.html: a sentence of the text on the next line
        (["SUBJECT:  SWEDISH DEPUTY PM URGES SENIOR USG VISITS TO SWEDEN DURING ",
          "EU PRESIDENCY; WANTS TO LAUNCH U.S.-EU ALERNATIVE ENERGY PARTNERSHIP AT U.S.-EU SUMMIT",
          "This is an Action request. Please see para 2.",
          "1. (SBU) Summary: On September 2, Deputy Prime Minister Olofsson pressed"],
         "SWEDISH DEPUTY PM URGES SENIOR USG VISITS TO SWEDEN DURING EU PRESIDENCY; WANTS TO "
         "LAUNCH U.S.-EU ALERNATIVE ENERGY PARTNERSHIP AT U.S.-EU SUMMIT"),
        # cable/2009/12/09PANAMA893.html
        (["SUBJECT: TOCUMEN INTERNATIONAL AIRPORT FLYING HIGH BUT CORRUPTION ", "CAUSING DRAG ",
          " Is the net still open in Latin America? A year in review", ""],
         "TOCUMEN INTERNATIONAL AIRPORT FLYING HIGH BUT CORRUPTION CAUSING DRAG"),
        # written, as the issue writes it
        (["SUBJECT: X", "The Ambassador met the Foreign Minister on May 3 to discuss trade."],
         "X"),
        # cable/2007/12/07MANAMA1089.html: a rule on the subject's line
        (["SUBJECT: CENTRAL BANK GOVERNOR UNDERSCORES COMMITMENT TO DOLLAR REMAINS FIRM "
          "---------------------------------", "",
          "1.(C) Central Bank of Bahrain (CBB) Governor Rasheed Al-Maraj told"],
         "CENTRAL BANK GOVERNOR UNDERSCORES COMMITMENT TO DOLLAR REMAINS FIRM"),
        # cable/2009/11/09TELAVIV2188.html
        (["SUBJECT: ISRAEL MEDIA REACTION -------------------------------- SUBJECTS COVERED IN "
          "THIS REPORT: --------------------------------", "", "1. Mideast"],
         "ISRAEL MEDIA REACTION"),
        # cable/2008/06/08BUENOSAIRES879.html: a heading and its rule on the subject's line
        (["SUBJECT:  More than Malbec:  Ambassador Donates Scholarships and Talks Development in "
          "Mendoza  Summary -------- ", "", "1. Ambassador visited the Binational Center"],
         "More than Malbec: Ambassador Donates Scholarships and Talks Development in Mendoza"),
        # cable/2005/11/05MUMBAI1931.html: a heading on the next line, underlined
        (["SUBJECT: GUJARAT: PEACEFUL ON THE SURFACE, YET STATE GOVERNMENT ",
          "CONTINUES ITS POLICIES OF COMMUNALIZATION ", "Summary ", "-------- ",
          "1. (SBU) Text."],
         "GUJARAT: PEACEFUL ON THE SURFACE, YET STATE GOVERNMENT CONTINUES ITS POLICIES OF "
         "COMMUNALIZATION"),
        # cable/2006/03/06SAOPAULO280.html: a handling note run onto the subject
        (["SUBJECT: LABOR LEADERS DIFFER OVER LULA GOVERNMENT, BUT MOST WORKERS WILL LIKELY "
          "SUPPORT HIS RE-ELECTION SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY. ", "",
          "------- SUMMARY ------- "],
         "LABOR LEADERS DIFFER OVER LULA GOVERNMENT, BUT MOST WORKERS WILL LIKELY SUPPORT HIS "
         "RE-ELECTION"),
    ],
)  # fmt: skip
def test_where_a_subject_ends(lines: list[str], subject: str) -> None:
    assert parse_preamble(lines).subject == subject


def test_a_handling_note_after_the_subject_is_a_caption() -> None:
    # cable/2006/03/06SAOPAULO280.html (excerpt)
    p = parse_preamble(
        ["SUBJECT: LABOR LEADERS DIFFER OVER LULA GOVERNMENT SENSITIVE BUT UNCLASSIFIED - PLEASE "
         "PROTECT ACCORDINGLY. ", "", "1. (SBU) Text."]
    )  # fmt: skip
    assert p.captions == ["SENSITIVE"]


@pytest.mark.parametrize(
    ("line", "subject", "refs"),
    [
        # cable/2005/07/05BRASILIA1839.html: a REF list on the subject's line
        ("SUBJECT: BRAZIL - NEXT STEPS FOR VARIG UNCLEAR REFS: (A) BRASILIA 1608, (B) BRASILIA "
         "1631, (C) BRASILIA 1566 ", "BRAZIL - NEXT STEPS FOR VARIG UNCLEAR",
         ["BRASILIA 1608", "BRASILIA 1631", "BRASILIA 1566"]),
        # cable/2006/02/06CAIRO941.html: glued to the subject's last word
        ("SUBJECT: FBI DIRECTOR MUELLER’S VISIT TO EGYPTREF: CAIRO 493",
         "FBI DIRECTOR MUELLER’S VISIT TO EGYPT", ["CAIRO 493"]),
        # cable/2008/02/08MANAMA541.html: a REF list and a Classified By line run together
        ("SUBJECT: GENERAL PETRAEUS’ VISIT TO BAHRAINREF: MANAMA 510Classified By: CDA "
         "CHRISTOPHER HENZEL FOR REASONS 1.4 (b) and (d)", "GENERAL PETRAEUS’ VISIT TO BAHRAIN",
         ["MANAMA 510"]),
    ],
)  # fmt: skip
def test_a_ref_list_on_the_subject_line_stays_a_ref_list(
    line: str, subject: str, refs: list[str]
) -> None:
    cable = parse_cable(
        f"C O N F I D E N T I A L BRASILIA 001839\n\nE.O. 12958: N/A\nTAGS: EAIR\n{line}\n\n"
        "1. (C) Text.\n",
        created="2005-07-08T10:00:00Z",
    )
    assert cable.subject == subject
    assert [r.raw for r in cable.references] == refs


def test_corpus_subjects(corpus: list[CorpusPage]) -> None:
    """No subject of the corpus keeps a REF list, a Classified By line or a rule."""
    subjects = [p.cable.subject for p in corpus if p.cable.subject]
    assert len(subjects) > 6400
    for s in subjects:
        assert not re.search(r"REFS?:|Classified By:|-{4,}", s), s
    marks = [p.cable.subject_classification for p in corpus if p.cable.subject_classification]
    assert len(marks) > 140
    assert all(re.fullmatch(r"(?:U|SBU|C|S|TS|LOU)(?://(?:NF|REL [A-Z ,]+))?", m) for m in marks)


def test_reason_letters_run_onto_the_section_number() -> None:
    # cable/2006/04/06PARIS2358.html: `... Rosenblatt. Reas \nons 1.4b,d`
    text = "Political Minister Counselor Josiah B. Rosenblatt. Reas ons 1.4b,d"
    assert reasons_from(text) == ["1.4(b)", "1.4(d)"]
    # cable/2004/07/04BRASILIA776.html
    text = "POLOFF RICHARD REITER, FOR 1.5B AND D."
    assert classifier_from(text) == "POLOFF RICHARD REITER"
    assert reasons_from(text) == ["1.5(b)", "1.5(d)"]


# --- subjects that wrap oddly ------------------------------------------------------------------


def test_a_subject_broken_mid_phrase_by_a_blank_line_goes_on() -> None:
    # cable/2006/06/06BUENOSAIRES1610.html (excerpt): the page put a blank line inside the
    # subject, after a word no subject line ends on.
    pre = parse_preamble(
        ["TAGS: PREL PGOV AR", "SUBJECT: ARGENTINA: KIRCHNER INSIDER ON GOA POLICY IN THE ", "",
         "REGION ", "", " ", "Classified By: Ambassador Lino Gutierrez for reasons 1.4 (B) and (D)"]
    )  # fmt: skip
    assert pre.subject == "ARGENTINA: KIRCHNER INSIDER ON GOA POLICY IN THE REGION"
    # A blank line after a complete subject still ends it: what follows is the text.
    pre = parse_preamble(["SUBJECT: ARGENTINA: FAREWELL CALL", "", "MEMBER OF THE CABINET SAID"])
    assert pre.subject == "ARGENTINA: FAREWELL CALL"


def test_a_subject_may_wrap_over_six_lines() -> None:
    # cable/2006/03/06BUENOSAIRES579.html: a press summary's subject lists its stories
    lines = [
        "SUBJECT: MEDIA REACTION US PRESIDENT BUSH'S POPULARITY ",
        "RATING CHILEAN PRESIDENT MICHELE BACHELET'S ",
        "INAUGURATION CEREMONY RICE AND MORALES MEETING THE US- ",
        "LATIN AMERICAN RELATIONSHIP US-CHILEAN TIES US- ",
        "URUGUAYAN FTA USG AND ARGENTINA ON THE TRI-BORDER AREA ",
        "03/13/06 ",
        " ",
        "1. SUMMARY STATEMENT ",
    ]
    assert parse_preamble(lines).subject == (
        "MEDIA REACTION US PRESIDENT BUSH'S POPULARITY RATING CHILEAN PRESIDENT MICHELE "
        "BACHELET'S INAUGURATION CEREMONY RICE AND MORALES MEETING THE US- LATIN AMERICAN "
        "RELATIONSHIP US-CHILEAN TIES US- URUGUAYAN FTA USG AND ARGENTINA ON THE TRI-BORDER "
        "AREA 03/13/06"
    )


def test_a_handling_note_on_the_next_line_ends_the_subject() -> None:
    # cable/2006/03/06SAOPAULO280.html, its lines broken where an export of it lost them: the
    # note `SENSITIVE BUT UNCLASSIFIED - ...` opens the line after the subject.
    pre = parse_preamble(
        [
            "SUBJECT: LABOR LEADERS DIFFER OVER LULA GOVERNMENT, BUT MOST WORKERS WILL LIKELY",
            "SUPPORT HIS RE-ELECTION",
            "sensitive but unclassified - please protect accordingly.",
            "------- SUMMARY -------",
        ]
    )
    assert pre.subject == (
        "LABOR LEADERS DIFFER OVER LULA GOVERNMENT, BUT MOST WORKERS WILL LIKELY SUPPORT HIS "
        "RE-ELECTION"
    )
