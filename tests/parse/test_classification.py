"""Classification: banners as the corpus writes them (garbled ones included), caption lines, and
the Cablegate site's label for a level and its captions.

Each banner is quoted from the page named beside it (`cable/YYYY/MM/ID.html` in
shared/corpora/cablegate-site-2011-04.tar.xz unless said otherwise).
"""

from __future__ import annotations

import pytest

from cablearchive.parse import parse_cable
from cablearchive.parse.classification import caption_line, parse_banner, site_label

# (banner line, level, section, sections, place, serial)
BANNERS = [
    # shared/seeds/000_b6366df431a4d317.txt
    ("S E C R E T SECTION 01 OF 02 ALMATY 002549", "SECRET", 1, 2, "ALMATY", "002549"),
    # shared/seeds/001_f39073fb4f33a29e.txt
    ("UNCLAS ALMATY 001703", "UNCLASSIFIED", None, None, "ALMATY", "001703"),
    # cable/2008/06/08STATE63686.html
    ("C O N F I D E N T I A L STATE 063686", "CONFIDENTIAL", None, None, "STATE", "063686"),
    # cable/2006/05/06USUNNEWYORK1033.html: a multi-word station
    ("C O N F I D E N T I A L USUN NEW YORK 001033", "CONFIDENTIAL", None, None,
     "USUN NEW YORK", "001033"),
    # cable/2000/06/00THEHAGUE1695.html
    ("UNCLAS SECTION 01 OF 02 THE HAGUE 001695", "UNCLASSIFIED", 1, 2, "THE HAGUE", "001695"),
    # cable/1972/02/72TEHRAN1164.html: the level written out, old four-digit serial
    ("UNCLASSIFIED SECTION 01 OF 01 TEHRAN 1164", "UNCLASSIFIED", 1, 1, "TEHRAN", "1164"),
    # cable/1975/03/75TEHRAN2069.html: one-digit section numbers
    ("C O N F I D E N T I A L SECTION 1 OF 2 TEHRAN 2069", "CONFIDENTIAL", 1, 2, "TEHRAN", "2069"),
    # --- garbled in transmission ---
    # cable/2010/01/10SHENYANG4.html: a space lost, the place redacted by the publisher
    ("SE C R E T SECTION 01 OF 02 XXXXXXXXXXXX 000004", "SECRET", 1, 2, "XXXXXXXXXXXX", "000004"),
    # cable/2006/03/06MADRID779.html: first letter doubled
    ("C C O N F I D E N T I A L SECTION 01 OF 02 MADRID 000779", "CONFIDENTIAL", 1, 2,
     "MADRID", "000779"),
    # cable/2006/05/06MANAGUA1002.html
    ("UUNCLAS MANAGUA 001002", "UNCLASSIFIED", None, None, "MANAGUA", "001002"),
    # cable/2007/04/07SANAA473.html: first letter dropped
    ("E C R E T SANAA 000473", "SECRET", None, None, "SANAA", "000473"),
    # cable/2006/05/06AMMAN3564.html (the page holds 06PARIS4247): first letter dropped
    ("O N F I D E N T I A L SECTION 01 OF 04 PARIS 004247", "CONFIDENTIAL", 1, 4, "PARIS",
     "004247"),
    # cable/2009/06/09SECTION01OF03SANJOSE525.html: `SECTION01`
    ("UNCLAS SECTION01 OF 03 SAN JOSE 000525", "UNCLASSIFIED", 1, 3, "SAN JOSE", "000525"),
    # cable/1975/11/7575LIBREVILLE1895.html (2011-08 sample): the year before the place
    ("C O N F I D E N T I A L 75 LIBREVILLE 1895", "CONFIDENTIAL", None, None, "LIBREVILLE",
     "1895"),
    # cable/2009/07/09STATE68250.html: lower case
    ("S e c r e t state 068250", "SECRET", None, None, "STATE", "068250"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "level", "section", "sections", "place", "serial"), BANNERS)
def test_banner(
    line: str, level: str, section: int | None, sections: int | None, place: str, serial: str
) -> None:
    b = parse_banner(line)
    assert b is not None, line
    assert (b.level, b.section, b.sections, b.place, b.serial) == (
        level,
        section,
        sections,
        place,
        serial,
    )
    assert b.line == line


def test_banner_with_trailing_spaces_as_the_pages_write_them() -> None:
    # cable/2007/04/07SANAA473.html writes `E C R E T SANAA 000473 ` (a space at the end).
    b = parse_banner("E C R E T SANAA 000473 ")
    assert b is not None and (b.level, b.serial) == ("SECRET", "000473")


def test_efto_banner_flag() -> None:
    # cable/2009/11/09LONDON2622.html
    b = parse_banner("UNCLAS E F T O SECTION 01 OF 08 LONDON 002622")
    assert b is not None
    assert (b.level, b.flags, b.section, b.sections, b.place, b.serial) == (
        "UNCLASSIFIED",
        ("EFTO",),
        1,
        8,
        "LONDON",
        "002622",
    )


def test_efto_banner_without_section() -> None:
    # cable/2008/11/08EFTOLONDON2883.html: the id list carries `EFTO` in the station
    b = parse_banner("UNCLAS E F T O LONDON 002883")
    assert b is not None
    assert (b.level, b.flags, b.place, b.serial) == ("UNCLASSIFIED", ("EFTO",), "LONDON", "002883")


def test_level_run_into_the_place() -> None:
    # cable/2009/01/09CAIRO79.html: the page lost the space and the line breaks after it.
    line = (
        "C O N F I D E N T I A LCAIRO 000079 SIPDIS DEPARTMENT FOR NEA/ELA, DRL/NESCA, INL AND "
        "INR/NESA NSC FOR PASCUAL AND KUTCHA-HELBLINGE.O. 12958: DECL: 01/15/2029TAGS: PGOV "
        "PHUM KDEM EG"
    )
    b = parse_banner(line)
    assert b is not None
    assert (b.level, b.place, b.serial) == ("CONFIDENTIAL", "CAIRO", "000079")


@pytest.mark.parametrize(
    "line",
    [
        # seed 000, line 2 of the body
        "SIPDIS",
        # seed 000: the office line after the banner
        "STATE FOR S/WCI (WITTEN), L/PM (AHAINES), SCA/CEN (J.",
        # cable/2009/01/09ASTANA95.html
        "E.O. 12958: DECL: 01/19/2029",
        "SUBJECT:  KAZAKHSTAN:  CENTCOM CDR PETRAEUS MEETS PRESIDENT",
        # cable/2008/06/08MADRID707.html: a paragraph that mentions a banner-like phrase
        "¶2. (U) In his an annual state of the economy report on June",
    ],
)
def test_not_a_banner(line: str) -> None:
    assert parse_banner(line) is None


def test_banner_with_place_run_into_the_section_count() -> None:
    # cable/2009/07/09SECTION02OF03QRIPOLI583.html (site: SECRET//NOFORN)
    b = parse_banner("S E C R E T SECTION 02 OF 03QRIPOLI 000583")
    assert b is not None
    assert (b.level, b.section, b.sections, b.serial) == ("SECRET", 2, 3, "000583")


# --- banners in whole cables ---------------------------------------------------------------


TRIPOLI_133 = """\
VZCZCXRO4232
PP RUEHBC RUEHDH RUEHKUK RUEHROV
DE RUEHTRO #0133/01 0470933
ZNY CCCCC ZZH
P 160933Z FEB 10
FM AMEMBASSY TRIPOLI
TO RUEHC/SECSTATE WASHDC PRIORITY 5805
INFO RUEHEE/ARAB LEAGUE COLLECTIVE
RUCPDOC/DEPT OF COMMERCE WASHINGTON DC
RUEHRO/AMEMBASSY ROME PRIORITY 0679
RUEHVT/AMEMBASSY VALLETTA PRIORITY 0476
RUEHTRO/AMEMBASSY TRIPOLI 6363
C O N F I D E N T I A L SECTION 01 OF 02

TRIPOLI 000133

SIPDIS

STATE FOR NEA/MAG; OES FOR ROBERT SENSENEY AND WILLIAM LAWRENCE;
"""


def test_banner_broken_over_two_lines_with_a_blank_line_between() -> None:
    # cable/2010/02/10TRIPOLI133.html (excerpt; site: CONFIDENTIAL)
    cable = parse_cable(TRIPOLI_133)
    assert cable.banner is not None
    assert cable.classification == "CONFIDENTIAL"
    assert cable.sections == 2
    assert cable.id == "10TRIPOLI133"


def test_banner_broken_over_two_adjacent_lines() -> None:
    # cable/2010/02/10TRIPOLI133.html with the blank line between the two halves removed
    cable = parse_cable(TRIPOLI_133.replace("OF 02\n\nTRIPOLI", "OF 02\nTRIPOLI"))
    assert cable.classification == "CONFIDENTIAL"
    assert cable.sections == 2
    assert cable.id == "10TRIPOLI133"


# cable/2008/11/08EFTOLONDON2883.html (excerpt)
EFTO_LONDON_2883 = """\
VZCZCXRO2959
PP RUEHROV
DE RUEHLO #2883 3221602
ZNY EEEEE ZZH
P 171602Z NOV 08
FM AMEMBASSY LONDON
TO RUEHC/SECSTATE WASHDC PRIORITY 0434
INFO RUCNFUR/DARFUR COLLECTIVE PRIORITY
UNCLAS E F T O LONDON 002883

NOFORN
SENSITIVE
SIPDIS

E.O. 12958: DECL: 11/17/2018
TAGS: PREL KPKO MASS PINR CD CT SU FR UK
SUBJECT: MINURCAT/EUFOR: EARLY UK VIEWS ON THE MANDATE

1. (SBU/NF) Foreign Office contacts have informallly told us that the UK continues
"""


def test_efto_station_cable_id_drops_the_caption() -> None:
    # The site's id is 08EFTOLONDON2883; its canonical form (and the id the text gives) is the
    # station's own. Site label: UNCLASSIFIED//FOR OFFICIAL USE ONLY.
    cable = parse_cable(EFTO_LONDON_2883)
    assert cable.id == "08LONDON2883"
    assert cable.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert cable.captions == ["NOFORN", "SENSITIVE", "SIPDIS"]
    with_metadata = parse_cable(EFTO_LONDON_2883, id="08EFTOLONDON2883")
    assert with_metadata.id == "08LONDON2883"
    assert with_metadata.aliases == ["08EFTOLONDON2883"]


# cable/2006/05/06MANAGUA1002.html (excerpt; site: UNCLASSIFIED//FOR OFFICIAL USE ONLY)
MANAGUA_1002 = """\
VZCZCXYZ0016
PP RUEHWEB

DE RUEHMU #1002/01 1251556
ZNR UUUUU ZZH
P 051556Z MAY 06
FM AMEMBASSY MANAGUA
TO RUEHC/SECSTATE WASHDC PRIORITY 6196
INFO RUEHZA/WHA CENTRAL AMERICAN COLLECTIVE
UUNCLAS MANAGUA 001002

SIPDIS

SENSITIVE
SIPDIS

DEPARTMENT FOR WHA/CEN
PASS TO USAID FOR AA/LAC

E.O. 12958: N/A
TAGS: PGOV PREL KDEM KCRM SOCI ECON EAID NU
SUBJECT: NICARAGUA'S MOST WANTED PART I: THE CRIMES OF
DANIEL ORTEGA AND HIS FAMILY

1. (SBU) In preparation for the November 2006 national
"""

# cable/2002/04/02BOGOTA3281.html (body excerpt): NOFORN after the SUBJECT
BOGOTA_3281_BODY = """\
S E C R E T SECTION 01 OF 02 BOGOTA 003281

E.O. 12958: DECL: 4/4/2012
TAGS: PREL PTER MOPS VE CO
SUBJECT: DETAILS ON FARC CAMPS IN VENEZUELA

NOFORN

REF: BOGOTA 3101

CLASSIFIED BY AMBASSADOR ANNE W. PATTERSON.  REASON: 1.5
(B) AND (D)

1. (S/NF) SUMMARY: COLOMBIAN GOVERNMENT, MILITARY AND
"""


def test_site_label_of_whole_cables() -> None:
    managua = parse_cable(MANAGUA_1002)
    assert managua.id == "06MANAGUA1002"
    assert managua.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert managua.provenance["classification"] == "derived"
    assert managua.captions == ["SIPDIS", "SENSITIVE"]
    bogota = parse_cable(BOGOTA_3281_BODY)
    assert bogota.captions == ["NOFORN"]
    assert bogota.classification == "SECRET//NOFORN"


def test_metadata_classification_wins_and_a_disagreement_is_a_warning() -> None:
    # The site labels 02BOGOTA3281 SECRET although the cable carries NOFORN.
    cable = parse_cable(BOGOTA_3281_BODY, classification="SECRET")
    assert cable.classification == "SECRET"
    assert cable.provenance["classification"] == "metadata"
    assert any("SECRET//NOFORN" in w and "classification" in w for w in cable.warnings)


# --- caption lines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "captions"),
    [
        ("SIPDIS", ["SIPDIS"]),  # seed 000
        ("Sipdis", ["SIPDIS"]),  # cable/2009/07/09STATE68250.html
        ("SENSITIVE", ["SENSITIVE"]),  # seed 001
        ("NOFORN", ["NOFORN"]),  # cable/2002/04/02BOGOTA3281.html
        ("NOFORN SIPDIS", ["NOFORN", "SIPDIS"]),  # cable/2008/05/08LONDON1352.html
        ("SENSITIVE SIPDIS", ["SENSITIVE", "SIPDIS"]),  # cable/2007/03/07SANJOSE625.html
        ("SIPDIS NOFORN", ["SIPDIS", "NOFORN"]),  # cable/2008/08/08LONDON2143.html
        # cable/2005/02/05BRASILIA369.html: the words mean the SENSITIVE caption
        ("SENSITIVE BUT UNCLASSIFIED", ["SENSITIVE"]),
    ],
)
def test_caption_line(line: str, captions: list[str]) -> None:
    assert caption_line(line) == captions
    assert caption_line(line + " ") == captions  # pages keep the trailing space


@pytest.mark.parametrize(
    "line",
    [
        # seed 000: an office line
        "STATE FOR S/WCI (WITTEN), L/PM (AHAINES), SCA/CEN (J.",
        # cable/2006/04/06SAOPAULO357.html: captions at the end of an office line are not a
        # caption line (the preamble splits them off: see test_preamble)
        "DEPT OF TREASURY FOR FPARODI DOL FOR ILAB MMITTELHAUSER SENSITIVE SIPDIS",
        # cable/2009/01/09ASTANA95.html
        "TAGS PGOV, PREL, AF, IR, RS, KZ",
        "",
    ],
)
def test_not_a_caption_line(line: str) -> None:
    assert caption_line(line) is None


# --- the site's label ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "captions", "flags", "label"),
    [
        # seed 001: UNCLAS + SENSITIVE
        ("UNCLASSIFIED", ["SIPDIS", "SENSITIVE"], (), "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        # cable/2002/04/02BOGOTA3281.html-style: SECRET + NOFORN
        ("SECRET", ["NOFORN"], (), "SECRET//NOFORN"),
        # cable/2006/05/06USUNNEWYORK1033.html (site: CONFIDENTIAL//NOFORN)
        ("CONFIDENTIAL", ["SIPDIS", "NOFORN"], (), "CONFIDENTIAL//NOFORN"),
        # seed 000 (site: SECRET)
        ("SECRET", ["SIPDIS"], (), "SECRET"),
        # cable/2009/11/09LONDON2622.html: E F T O in the banner (site: UNCLASSIFIED//FOUO)
        ("UNCLASSIFIED", ["NOFORN", "SIPDIS"], ("EFTO",), "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("UNCLASSIFIED", [], ("EFTO",), "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        # cable/2000/06/00THEHAGUE1695.html (site: UNCLASSIFIED)
        ("UNCLASSIFIED", ["SIPDIS"], (), "UNCLASSIFIED"),
        ("UNCLASSIFIED", ["SBU"], (), "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("LIMITED OFFICIAL USE", [], (), "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("TOP SECRET", ["NOFORN"], (), "TOP SECRET//NOFORN"),
        (None, ["NOFORN"], (), None),
    ],
)
def test_site_label(
    level: str | None, captions: list[str], flags: tuple[str, ...], label: str | None
) -> None:
    assert site_label(level, captions, flags) == label


# cable/2007/12/07LAPAZ3262.html (excerpt): the page has no banner; the security line says
# SSSSS (site: SECRET).
LA_PAZ_3262 = """\
VZCZCXYZ0002
OO RUEHWEB

DE RUEHLP #3262/01 3482321
ZNY SSSSS ZZH
O 142321Z DEC 07
FM AMEMBASSY LA PAZ
TO RUEHC/SECSTATE WASHDC IMMEDIATE 5974
INFO RUEHAC/AMEMBASSY ASUNCION 7435
RHMFISS/HQ USSOUTHCOM MIAMI FL
SIPDIS

E.O. 12958: DECL: 12/15/2027
TAGS: ASEC PREL PGOV PINL VN CU BL
SUBJECT: MILITARY STANDDOWN MORE LIKELY THAN HEAVY HAND

REF: A. LA PAZ 3261
"""


def test_cable_without_a_banner_still_reads_its_fields() -> None:
    cable = parse_cable(LA_PAZ_3262)
    assert cable.banner is None
    assert cable.created == "2007-12-14T23:21:00Z"
    assert cable.tags == ["ASEC", "PREL", "PGOV", "PINL", "VN", "CU", "BL"]
    assert cable.subject == "MILITARY STANDDOWN MORE LIKELY THAN HEAVY HAND"
    # No banner: the id comes from the FM station and the DE line's serial.
    assert cable.id == "07LAPAZ3262"


def test_security_line_gives_the_level_when_there_is_no_banner() -> None:
    assert parse_cable(LA_PAZ_3262).classification == "SECRET"
