"""The transmission header: `parse_header` on real headers from the corpus.

Page names are those of the Cablegate site archives in shared/corpora (`cable/YYYY/MM/ID.html`);
the seeds are in shared/seeds.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from cablearchive.parse import Addressee, parse_cable
from cablearchive.parse.header import parse_addressee, parse_header

# shared/seeds/000_b6366df431a4d317.txt (06ALMATY2549), the header as the viewer exports it.
ALMATY_2549 = """\
VZCZCXRO8043
PP RUEHDBU
DE RUEHTA #2549/01 1941521
ZNY SSSSS ZZH
P 131521Z JUL 06
FM AMEMBASSY ALMATY
TO RUEHC/SECSTATE WASHDC PRIORITY 6218
INFO RUCNCIS/CIS COLLECTIVE
RUEKJCS/SECDEF WASHDC
RHEHNSC/NSC WASHDC
"""

# cable/2009/01/09ASTANA95.html
ASTANA_95 = """\
VZCZCXRO0320
PP RUEHBI RUEHCI RUEHFL RUEHKW RUEHLA RUEHLH RUEHNP RUEHPW RUEHROV
DE RUEHTA #0095/01 0200556
ZNY SSSSS ZZH
P 200556Z JAN 09
FM AMEMBASSY ASTANA
TO RUEHC/SECSTATE WASHDC PRIORITY 4366
INFO RUCNCIS/CIS COLLECTIVE PRIORITY 1049
RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY
RUCNCLS/SOUTH AND CENTRAL ASIA COLLECTIVE PRIORITY
RUEHBJ/AMEMBASSY BEIJING PRIORITY 0447
RUEHUL/AMEMBASSY SEOUL PRIORITY 0238
RUEHKO/AMEMBASSY TOKYO PRIORITY 1153
RHMFISS/CDR USCENTCOM MACDILL AFB FL PRIORITY
RUEAIIA/CIA WASHDC PRIORITY
RHEFAAA/DIA WASHDC PRIORITY
RUEKJCS/JOINT STAFF WASHDC PRIORITY
RHEHNSC/NSC WASHDC PRIORITY 0622
RUEKJCS/SECDEF WASHDC PRIORITY 0537
RUEHNO/USMISSION USNATO PRIORITY 2460
RUCNDT/USMISSION USUN NEW YORK PRIORITY 2132
"""
# The body that follows it (excerpt).
ASTANA_95_BODY = """\
S E C R E T SECTION 01 OF 03 ASTANA 000095

SIPDIS

STATE FOR P, SCA/CEN, EUR/RUS, NEA/IR

EO 12958 DECL: 01/19/2029
TAGS PGOV, PREL, AF, IR, RS, KZ
SUBJECT:  KAZAKHSTAN:  CENTCOM CDR PETRAEUS MEETS PRESIDENT
NAZARVAYEV, JANUARY 14

Classified By: Ambassador Richard E. Hoagland: 1.4 (B), (D)

1. (S) SUMMARY: President Nazarbayev told CENTCOM Commander General Petraeus:
"""

# cable/1975/11/7575LIBREVILLE1895.html (shared/corpora/cablegate-site-2011-08-sample.tar.xz)
LIBREVILLE_1895 = """\
O R 181205Z NOV 75 ZFF4
FM AMEMBASSY LIBREVILLE
TO USMISSION USUN NEWYORK NIACT IMMEDIATE
SECSTATE WASHDC IMMEDIATE 7102
INFO AMEMBASSY PARIS
AMEMBASSY SEOUL
"""

# cable/1966/12/66BUENOSAIRES2481.html: a 1966 header, no routing indicators.
BUENOS_AIRES_2481 = """\
P R 281848Z DEC 66
FM AMEMBASSY BUENOS AIRES
TO SECSTATE WASHDC PRIORITY
INFO USCINCSO
CINCLANT
AMEMBASSY RIO DE JANEIRO
AMEMBASSY SANTIAGO
AMEMBASSY MONTEVIDEO
AMEMBASSY QUITO
AMEMBASSY LIMA
AMEMBASSY MEXICO
AMEMBASSY OTTAWA
AMEMBASSY LONDON
STATE GRNC
"""

# cable/2009/07/09BUJUMBURA302.html: FLASH precedence, a blank line inside the header.
BUJUMBURA_302 = """\
VZCZCXYZ0000
ZZ RUEHWEB

DE RUEHJB #0302/01 1831228
ZNY SSSSS ZZH ZZK
Z 021228Z JUL 09 ZFF4
FM AMEMBASSY BUJUMBURA
TO RUEHC/SECSTATE WASHDC FLASH 1579
INFO RUEHXR/RWANDA COLLECTIVE IMMEDIATE
RUEHDS/AMEMBASSY ADDIS ABABA IMMEDIATE 0077
"""

# cable/2008/11/08STATE116943.html: a Department printout. The office distribution block
# (`ORIGIN DS-00`, `INFO LOG-00 ...`) comes before the date-time group; it lists offices, not
# addressees.
STATE_116943 = """\
ORIGIN DS-00

INFO  LOG-00   MFA-00   EEB-00   AF-00    AIT-00   A-00     CIAE-00
      INL-00   DNI-00   DODE-00  DOEE-00  WHA-00   EAP-00   DHSE-00
      SAS-00   FA-00      /002R

P 031812Z NOV 08
FM SECSTATE WASHDC
TO SECURITY OFFICER COLLECTIVE PRIORITY
AMEMBASSY TRIPOLI PRIORITY
INFO AMCONSUL CASABLANCA PRIORITY
XMT AMCONSUL JOHANNESBURG
AMCONSUL JOHANNESBURG
"""


def lines(text: str) -> list[str]:
    return text.split("\n")


# --- transmission id, relay, DE line, security line ---------------------------------------


def test_transmission_id() -> None:
    assert parse_header(lines(ALMATY_2549)).transmission_id == "VZCZCXRO8043"
    assert parse_header(lines(ASTANA_95)).transmission_id == "VZCZCXRO0320"


def test_relay_line_with_one_routing_indicator() -> None:
    assert parse_header(lines(ALMATY_2549)).relay_routes == ["RUEHDBU"]


def test_relay_line_with_many_routing_indicators() -> None:
    h = parse_header(lines(ASTANA_95))
    assert h.relay_routes == [
        "RUEHBI", "RUEHCI", "RUEHFL", "RUEHKW", "RUEHLA",
        "RUEHLH", "RUEHNP", "RUEHPW", "RUEHROV",
    ]  # fmt: skip


def test_relay_line_with_flash_prosigns() -> None:
    assert parse_header(lines(BUJUMBURA_302)).relay_routes == ["RUEHWEB"]


def test_de_line_station_route_serial_section_julian() -> None:
    # `DE RUEHTA #2549/01 1941521`: station RUEHTA, serial 2549, section 01, day 194, 1521Z.
    h = parse_header(lines(ALMATY_2549))
    assert h.station_route == "RUEHTA"
    assert h.serial == "2549"
    assert h.section == 1
    assert h.julian == "194"


def test_de_line_keeps_the_serial_as_written() -> None:
    h = parse_header(lines(ASTANA_95))
    assert (h.station_route, h.serial, h.section, h.julian) == ("RUEHTA", "0095", 1, "020")


def test_de_line_without_section() -> None:
    # shared/seeds/001_f39073fb4f33a29e.txt (06ALMATY1703)
    h = parse_header(["DE RUEHTA #1703 1350225"])
    assert (h.station_route, h.serial, h.section, h.julian) == ("RUEHTA", "1703", None, "135")


def test_security_line() -> None:
    assert parse_header(lines(ALMATY_2549)).security == "ZNY"
    assert parse_header(lines(BUJUMBURA_302)).security == "ZNY"
    # seed 001: `ZNR UUUUU ZZH`
    assert parse_header(["ZNR UUUUU ZZH"]).security == "ZNR"


# --- precedence and date-time group ----------------------------------------------------


def test_precedence_and_dtg() -> None:
    h = parse_header(lines(ALMATY_2549))
    assert h.precedence == "PRIORITY"
    assert h.dtg_text == "131521Z JUL 06"
    assert h.dtg == datetime(2006, 7, 13, 15, 21)
    assert h.warnings == []


def test_action_and_info_precedence_with_trailing_zfm() -> None:
    # `O R 181205Z NOV 75 ZFF4`: IMMEDIATE for action, ROUTINE for info; ZFF4 is a prosign.
    h = parse_header(lines(LIBREVILLE_1895))
    assert h.dtg_text == "181205Z NOV 75"
    assert h.dtg == datetime(1975, 11, 18, 12, 5)


def test_niact_immediate_addressee_makes_the_cable_niact() -> None:
    h = parse_header(lines(LIBREVILLE_1895))
    assert h.to == [
        Addressee(route=None, name="USMISSION USUN NEWYORK", precedence="NIACT IMMEDIATE"),
        Addressee(route=None, name="SECSTATE WASHDC", precedence="IMMEDIATE", mcn="7102"),
    ]
    assert h.precedence == "NIACT IMMEDIATE"
    assert [a.name for a in h.info] == ["AMEMBASSY PARIS", "AMEMBASSY SEOUL"]


def test_flash_precedence() -> None:
    h = parse_header(lines(BUJUMBURA_302))
    assert h.precedence == "FLASH"
    assert h.dtg == datetime(2009, 7, 2, 12, 28)
    assert h.to == [Addressee("RUEHC", "SECSTATE WASHDC", "FLASH", "1579")]


def test_1966_header_without_routing_indicators() -> None:
    h = parse_header(lines(BUENOS_AIRES_2481))
    assert h.transmission_id is None and h.station_route is None and h.relay_routes == []
    assert h.precedence == "PRIORITY"
    assert h.dtg == datetime(1966, 12, 28, 18, 48)
    assert h.from_ == "AMEMBASSY BUENOS AIRES"
    assert h.from_route is None
    assert h.to == [Addressee(route=None, name="SECSTATE WASHDC", precedence="PRIORITY")]
    assert [a.name for a in h.info] == [
        "USCINCSO",
        "CINCLANT",
        "AMEMBASSY RIO DE JANEIRO",
        "AMEMBASSY SANTIAGO",
        "AMEMBASSY MONTEVIDEO",
        "AMEMBASSY QUITO",
        "AMEMBASSY LIMA",
        "AMEMBASSY MEXICO",
        "AMEMBASSY OTTAWA",
        "AMEMBASSY LONDON",
        "STATE GRNC",
    ]
    assert all(a.route is None and a.precedence is None for a in h.info)


# --- FM / TO / INFO ----------------------------------------------------------------------


def test_from_to_info_of_the_seed() -> None:
    h = parse_header(lines(ALMATY_2549))
    assert h.from_ == "AMEMBASSY ALMATY"
    assert h.to == [Addressee("RUEHC", "SECSTATE WASHDC", "PRIORITY", "6218")]
    assert h.info == [
        Addressee("RUCNCIS", "CIS COLLECTIVE"),
        Addressee("RUEKJCS", "SECDEF WASHDC"),
        Addressee("RHEHNSC", "NSC WASHDC"),
    ]


def test_info_addressees_with_route_name_precedence_and_mcn() -> None:
    info = parse_header(lines(ASTANA_95)).info
    assert len(info) == 14
    assert Addressee("RUEHBJ", "AMEMBASSY BEIJING", "PRIORITY", "0447") in info
    assert Addressee("RUCNCLS", "SOUTH AND CENTRAL ASIA COLLECTIVE", "PRIORITY", None) in info
    assert Addressee("RHMFISS", "CDR USCENTCOM MACDILL AFB FL", "PRIORITY", None) in info
    assert info[-1] == Addressee("RUCNDT", "USMISSION USUN NEW YORK", "PRIORITY", "2132")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # cable/2009/01/09ASTANA95.html
        ("RUEHBJ/AMEMBASSY BEIJING PRIORITY 0447",
         ("RUEHBJ", "AMEMBASSY BEIJING", "PRIORITY", "0447")),
        ("RUCNCLS/SOUTH AND CENTRAL ASIA COLLECTIVE PRIORITY",
         ("RUCNCLS", "SOUTH AND CENTRAL ASIA COLLECTIVE", "PRIORITY", None)),
        # seed 001: routine cables carry an MCN without a precedence word
        ("RUEHC/SECSTATE WASHDC 5289", ("RUEHC", "SECSTATE WASHDC", None, "5289")),
        # cable/1975/11/7575LIBREVILLE1895.html
        ("USMISSION USUN NEWYORK NIACT IMMEDIATE",
         (None, "USMISSION USUN NEWYORK", "NIACT IMMEDIATE", None)),
        ("SECSTATE WASHDC IMMEDIATE 7102", (None, "SECSTATE WASHDC", "IMMEDIATE", "7102")),
        # cable/2009/07/09BUJUMBURA302.html
        ("RUEHC/SECSTATE WASHDC FLASH 1579", ("RUEHC", "SECSTATE WASHDC", "FLASH", "1579")),
    ],
)  # fmt: skip
def test_parse_addressee(
    line: str, expected: tuple[str | None, str, str | None, str | None]
) -> None:
    a = parse_addressee(line)
    assert a is not None
    assert (a.route, a.name, a.precedence, a.mcn) == expected


def test_blank_line_is_no_addressee() -> None:
    assert parse_addressee("   ") is None


def test_xmt_line_is_not_an_addressee() -> None:
    h = parse_header(lines(STATE_116943))
    names = [a.name for a in h.to + h.info]
    assert "AMCONSUL JOHANNESBURG" not in names
    assert [a.name for a in h.to] == ["SECURITY OFFICER COLLECTIVE", "AMEMBASSY TRIPOLI"]


def test_office_distribution_block_is_not_info_addressees() -> None:
    h = parse_header(lines(STATE_116943))
    assert h.info == [Addressee(None, "AMCONSUL CASABLANCA", "PRIORITY", None)]


# --- invalid date-time groups: a warning, not a crash -----------------------------------


def test_invalid_dtg_gives_a_warning() -> None:
    h = parse_header(["P 321299Z FOO 06", "FM AMEMBASSY ALMATY"])
    assert h.dtg is None
    assert h.dtg_text == "321299Z FOO 06"
    assert h.from_ == "AMEMBASSY ALMATY"
    assert len(h.warnings) == 1
    assert "321299Z FOO 06" in h.warnings[0] and "not a valid date" in h.warnings[0]


def test_invalid_dtg_in_a_whole_cable_gives_a_warning() -> None:
    text = ASTANA_95.replace("P 200556Z JAN 09", "P 321299Z FOO 06") + ASTANA_95_BODY
    cable = parse_cable(text)
    assert cable.created is None
    assert any("321299Z FOO 06" in w for w in cable.warnings)
    # Without a year the id cannot be formed: said so, not guessed.
    assert cable.id is None
    assert any("id" in w for w in cable.warnings)


def test_impossible_day_of_month_gives_a_warning() -> None:
    h = parse_header(["P 310000Z FEB 06"])
    assert h.dtg is None
    assert h.warnings and "310000Z FEB 06" in h.warnings[0]


def test_header_of_a_whole_cable_reaches_the_record() -> None:
    cable = parse_cable(ASTANA_95 + ASTANA_95_BODY)
    assert cable.transmission_id == "VZCZCXRO0320"
    assert cable.precedence == "PRIORITY"
    assert cable.dtg == "200556Z JAN 09"
    assert cable.created == "2009-01-20T05:56:00Z"
    assert cable.from_ == "AMEMBASSY ASTANA"
    assert cable.to[0].mcn == "4366"
    assert cable.id == "09ASTANA95"
    assert cable.origin == "Embassy Astana"


# cable/2006/06/06PARIS4411.html (excerpt): 46 of the 694 partial extracts give the date-time
# group alone, without a precedence letter or an FM line.
PARIS_4411 = """\
This record is a partial extract of the original cable. The full text of the original cable \
is not available.

261640Z Jun 06
C O N F I D E N T I A L SECTION 01 OF 04 PARIS 004411

SIPDIS

E.O. 12958: DECL: 04/07/2015
TAGS: PGOV ELAB EU FR PINR SOCI ECON
SUBJECT: FORMER PRIME MINISTER RAFFARIN: CHIRAC SHOULD REIN
IN VILLEPIN AND SARKOZY SHOULD QUIT THE GOVERNMENT
"""


def test_partial_extract_is_recognised() -> None:
    cable = parse_cable(PARIS_4411)
    assert cable.partial is True
    assert cable.banner is not None and cable.sections == 4
    assert cable.classification == "CONFIDENTIAL"


def test_partial_extract_bare_date_time_group() -> None:
    cable = parse_cable(PARIS_4411)
    assert cable.created == "2006-06-26T16:40:00Z"
    assert cable.id == "06PARIS4411"


def test_missing_year_warning_names_what_is_missing() -> None:
    cable = parse_cable(PARIS_4411.replace("261640Z Jun 06\n", ""))
    assert cable.id is None
    id_warnings = [w for w in cable.warnings if "id" in w.split() or "id:" in w]
    assert id_warnings
    assert not any("no banner" in w for w in id_warnings), id_warnings
    assert any("year" in w or "date" in w for w in id_warnings), id_warnings
