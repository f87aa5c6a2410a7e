"""The id when the transmission header and the banner disagree: where the header's DE line (its
routing indicator's post) and FM line agree with each other, they give the id, and a warning
names the conflict; a banner's serial cut short is completed from the DE line.

Page names are those of the Cablegate site archives in shared/corpora (`cable/YYYY/MM/ID.html`);
snippets said to be written are in the shape of the corpus's but not taken from it.
"""

from __future__ import annotations

from cablearchive.parse import canonical_id, parse_cable
from tests.parse.conftest import CorpusPage

# cable/2006/05/06AMMAN3564.html (excerpt): Amman's header over the body of Paris's 004247.
AMMAN_3564 = """\
VZCZCXRO1868
PP RUEHBC RUEHDE RUEHKUK RUEHMOS
DE RUEHAM #3564 1410853
ZNY CCCCC ZZH
P 210853Z MAY 06
FM AMEMBASSY AMMAN
TO RUEHC/SECSTATE WASHDC PRIORITY 0506
INFO RUCNIRA/IRAN COLLECTIVE

O N F I D E N T I A L SECTION 01 OF 04 PARIS 004247

SIPDIS

E.O. 12958: DECL: 04/07/2015
TAGS: PREL PGOV IR IZ JO
SUBJECT: SOCIALIST PARTY LEADER ON HOW PS-LED FRANCE WOULD
APPROACH U.S.: "NEITHER BLAIR NOR CHIRAC"

REF: PARIS 3725

Classified By: Ambassador Craig Stapleton for reasons 1.4 (b) and (d)
"""


def conflict_warnings(warnings: list[str]) -> list[str]:
    return [w for w in warnings if "banner" in w and ("header" in w or "FM line" in w)]


def test_header_wins_over_a_stray_banner() -> None:
    c = parse_cable(AMMAN_3564)
    assert c.id == "06AMMAN3564"
    assert (c.station, c.serial) == ("AMMAN", "3564")
    assert c.provenance["id"] == "text"
    (w,) = conflict_warnings(c.warnings)
    assert "PARIS 004247" in w and "06AMMAN3564" in w and "AMEMBASSY AMMAN" in w
    # The banner stays as the page wrote it.
    assert c.banner is not None and "PARIS 004247" in c.banner


def test_stray_banners_references_are_read_as_its_cable_s() -> None:
    # The REF block under Paris's banner cites Paris's cables: `PARIS 3725` is 06PARIS3725.
    c = parse_cable(AMMAN_3564)
    assert [r.id for r in c.references] == ["06PARIS3725"]


def test_metadata_id_agrees_with_the_header() -> None:
    c = parse_cable(AMMAN_3564, id="06AMMAN3564")
    assert c.id == "06AMMAN3564"
    assert not any("differs from the metadata" in w for w in c.warnings)
    assert len(conflict_warnings(c.warnings)) == 1


def test_cut_banner_serial_is_completed_from_the_de_line() -> None:
    # cable/2007/08/07BUENOSAIRES1673.html (excerpt): the banner's serial ran into SIPDIS and
    # lost its last digit.
    text = """\
DE RUEHBU #1673/01 2361854
ZNY CCCCC ZZH
R 241854Z AUG 07
FM AMEMBASSY BUENOS AIRES
TO RUEHC/SECSTATE WASHDC 9020

C O N F I D E N T I A L BUENOS AIRES 00167SIPDIS SIPDIS E.O. 12958: DECL: 08/22/2017 AGS: PGOV
"""
    c = parse_cable(text)
    assert c.id == "07BUENOSAIRES1673"
    (w,) = [x for x in c.warnings if "cut short" in x]
    assert "00167" in w and "1673" in w


def test_garbled_banner_place_gives_way_to_the_header() -> None:
    # cable/2010/01/10SHENYANG4.html: the banner's place is redacted.
    text = """\
DE RUEHSH #0004/01 0070012
ZNY SSSSS ZZH
R 070012Z JAN 10
FM AMCONSUL SHENYANG
TO RUEHC/SECSTATE WASHDC 8952

S E C R E T SECTION 01 OF 02 XXXXXXXXXXXX 000004
"""
    assert parse_cable(text).id == "10SHENYANG4"


def test_banner_of_the_same_post_written_otherwise_is_no_conflict() -> None:
    # cable/2009/07/09BRUSSELS1032.html: USEU Brussels writes its banner `BRUSSELS`.
    text = """\
DE RUEHBS #1032/01 2091445
ZNY CCCCC ZZH
R 281445Z JUL 09
FM USEU BRUSSELS
TO RUEHC/SECSTATE WASHDC

C O N F I D E N T I A L SECTION 01 OF 02 BRUSSELS 001032
"""
    c = parse_cable(text)
    assert c.id == "09BRUSSELS1032"
    assert conflict_warnings(c.warnings) == []


def test_de_line_holds_the_last_four_digits_of_a_long_serial() -> None:
    # cable/2009/11/09STATE120006.html: `#0006` for STATE 120006 agrees with the banner.
    text = """\
DE RUEHC #0006 3241743
ZNY SSSSS ZZH
R 201739Z NOV 09
FM SECSTATE WASHDC
TO AMEMBASSY BRASILIA 4922

S E C R E T STATE 120006
"""
    c = parse_cable(text)
    assert c.id == "09STATE120006"
    assert conflict_warnings(c.warnings) == []


def test_partial_de_serial_never_makes_the_id() -> None:
    # Written: the Department's DE line over another post's banner. `#0006` is only the last
    # four digits of a State serial (they run past 100,000 a year): the id cannot come from it.
    text = """\
DE RUEHC #0006 3241743
ZNY SSSSS ZZH
R 201739Z NOV 09
FM SECSTATE WASHDC
TO AMEMBASSY BRASILIA 4922

S E C R E T BRASILIA 000912
"""
    c = parse_cable(text)
    assert c.id == "09BRASILIA912"
    (w,) = conflict_warnings(c.warnings)
    assert "BRASILIA 000912" in w and "last digits" in w


def test_fm_line_against_the_banner_without_a_de_line() -> None:
    # cable/2009/03/09BANGKOK706.html (excerpt): no DE line to give a serial; the conflict is
    # said, and the id stays the banner's.
    text = """\
P 200414Z MAR 09
FM AMEMBASSY BANGKOK
TO SECSTATE WASHDC PRIORITY 6457

C O N F I D E N T I A L SECTION 01 OF 03 TAIPEI 000320
"""
    c = parse_cable(text)
    (w,) = conflict_warnings(c.warnings)
    assert "TAIPEI 000320" in w and "AMEMBASSY BANGKOK" in w
    assert c.id == "09TAIPEI320"


def test_department_fm_line_and_state_banner_agree() -> None:
    # cable/2008/11/08STATE116943.html: `FM SECSTATE WASHDC` and banner `STATE` are one post.
    text = (
        "P 031812Z NOV 08\nFM SECSTATE WASHDC\nTO AMEMBASSY TRIPOLI\n\nS E C R E T STATE 116943\n"
    )
    c = parse_cable(text)
    assert c.id == "08STATE116943"
    assert conflict_warnings(c.warnings) == []


def test_header_wins_on_the_corpus(corpus: list[CorpusPage]) -> None:
    """The corpus's pages whose banner is another cable's, or cut short: 15 of the 6,712 (the
    DE line's serial and FM station compared with the banner on every page). On 13 the id the
    header gives is the metadata table's; the other two are the release's own misreadings."""
    switched = [
        p for p in corpus if any("the id follows the header" in w or "cut short" in w
                                 for w in p.cable.warnings)
    ]  # fmt: skip
    # (More, should the banner of one more such page be read: 09MOSCOW1108 carries Shenyang's
    # `CSE C R E T ... SHENYANG 000004`, a banner not read today.)
    assert len(switched) >= 15, [p.name for p in switched]
    # The release took 06REYKJAVIK40 from a banner cut short (`REYKJAVIK 00040QSITIVE`; the
    # DE line says #0401, and the page is a copy of 06REYKJAVIK401), and 08BISHKEK21 from a
    # garbled one (`BISHIEK 00Q021`; the DE line says #1021).
    release_misreadings = {"06REYKJAVIK40", "08SECTION01GF02BISHIEK21"}
    for p in switched:
        table_id = canonical_id(p.table_id) or p.table_id
        if p.table_id in release_misreadings:
            assert p.cable.id != table_id
        else:
            assert p.cable.id == table_id, p.name
