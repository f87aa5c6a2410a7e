"""The REF block: `split_entries`, `parse_references`, and resolution of the cited cables against
the real Cablegate id list.

REF blocks are quoted from the page named beside them (`cable/YYYY/MM/ID.html` in
shared/corpora/cablegate-site-2011-04.tar.xz unless said otherwise), with the citing cable's
year and own (station, serial), which the parser needs for serials written without a year.
"""

from __future__ import annotations

import csv
import time
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablearchive.parse import Reference, parse_cable
from cablearchive.parse.lookups import Lookups
from cablearchive.parse.references import (
    MAX_REFERENCES,
    parse_references,
    ref_ended,
    split_entries,
)
from tests.parse.conftest import CorpusPage

LK = Lookups.default()


def refs(block: str, year: int | None, own: tuple[str, int] | None) -> list[Reference]:
    found, warnings = parse_references(block, year, own, LK)
    assert warnings == [], warnings
    return found


def ids(found: list[Reference]) -> list[str | None]:
    return [r.id for r in found]


# --- the seeds -----------------------------------------------------------------------------


def test_seed_000_lettered_entries_cable_and_email() -> None:
    # shared/seeds/000 (06ALMATY2549): `REF: A. ALMATY 1946 \n \n     ¶B. 7/8/06 PORGES-MONK EMAIL`
    block = "A. ALMATY 1946 \n \n     ¶B. 7/8/06 PORGES-MONK EMAIL "
    assert refs(block, 2006, ("ALMATY", 2549)) == [
        Reference(label="A", raw="ALMATY 1946", kind="cable", id="06ALMATY1946"),
        Reference(label="B", raw="7/8/06 PORGES-MONK EMAIL", kind="email", id=None),
    ]


def test_seed_001_entries_on_one_line() -> None:
    # shared/seeds/001 (06ALMATY1703): `REF: A. State 32380, B. Almaty 336`
    assert refs("A. State 32380, B. Almaty 336", 2006, ("ALMATY", 1703)) == [
        Reference(label="A", raw="State 32380", kind="cable", id="06STATE32380"),
        Reference(label="B", raw="Almaty 336", kind="cable", id="06ALMATY336"),
    ]


# --- split_entries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "entries"),
    [
        # seed 001
        ("A. State 32380, B. Almaty 336", [("A", "State 32380,"), ("B", "Almaty 336")]),
        # cable/2000/06/00THEHAGUE1695.html: `A)` labels
        ("A) THE HAGUE 588 B) THE HAGUE 980", [("A", "THE HAGUE 588 "), ("B", "THE HAGUE 980")]),
        # cable/2008/03/08CONAKRY184.html: `¶B.` on their own lines
        ("A. CONAKRY 00148\n¶B. CONAKRY 00155\n¶C. PARIS 00838",
         [("A", "CONAKRY 00148\n"), ("B", "CONAKRY 00155\n"), ("C", "PARIS 00838")]),
        # cable/1990/08/90BAGHDAD4397.html: `(A)` labels over two lines
        ("(A) STATE 253201 (B) WILSON/MACK\nTELECON (C) WILSON/CHARLES TELECON",
         [("A", "STATE 253201 "), ("B", "WILSON/MACK\nTELECON "), ("C", "WILSON/CHARLES TELECON")]),
        # cable/1972/02/72TEHRAN1164.html: no labels
        ("TEHRAN 1091: TEHRAN 263: MOSCOW 1603", [(None, "TEHRAN 1091: TEHRAN 263: MOSCOW 1603")]),
    ],
)  # fmt: skip
def test_split_entries(block: str, entries: list[tuple[str | None, str]]) -> None:
    assert split_entries(block) == entries


def test_split_entries_does_not_take_a_letter_inside_a_word_for_a_label() -> None:
    # cable/2008/05/08LONDON1412.html: `B. STATE-LONDON SVTC MAY 9` must not end at `A.` of
    # nothing; the labels run A..G in order.
    block = (
        "A. LONDON 1350  B. STATE-LONDON SVTC MAY 9  C. LONDON 1159  D. MAY 1 GILLARD-TREMONT "
        "LETTER  E. LONDON 1115  F. LONDON 1064  G. TREMONT-PMAT EMAIL APRIL 16"
    )
    assert [label for label, _ in split_entries(block)] == list("ABCDEFG")


# --- cable entries -------------------------------------------------------------------------


def test_labels_with_a_closing_parenthesis() -> None:
    # cable/2000/06/00THEHAGUE1695.html: `REFS: A) THE HAGUE 588 B) THE HAGUE 980`
    found = refs("A) THE HAGUE 588 B) THE HAGUE 980", 2000, ("THEHAGUE", 1695))
    assert [(r.label, r.id) for r in found] == [("A", "00THEHAGUE588"), ("B", "00THEHAGUE980")]


def test_entries_on_paragraph_marked_lines_with_zero_padded_serials() -> None:
    # cable/2008/03/08CONAKRY184.html
    found = refs("A. CONAKRY 00148\n¶B. CONAKRY 00155\n¶C. PARIS 00838", 2008, ("CONAKRY", 184))
    assert [(r.label, r.raw, r.id) for r in found] == [
        ("A", "CONAKRY 00148", "08CONAKRY148"),
        ("B", "CONAKRY 00155", "08CONAKRY155"),
        ("C", "PARIS 00838", "08PARIS838"),
    ]


def test_explicit_year() -> None:
    # cable/2001/07/01VATICAN3507.html: `REF: 00 ROME 0988`
    assert ids(refs("00 ROME 0988", 2001, ("VATICAN", 3507))) == ["00ROME988"]


def test_explicit_year_beside_entries_without_one() -> None:
    # cable/2004/01/04RANGOON88.html: `REF: STATE 297614 AND PREVIOUS 03 RANGOON 1427`
    found = refs("STATE 297614 AND PREVIOUS 03 RANGOON 1427", 2004, ("RANGOON", 88))
    assert ids(found) == ["04STATE297614", "03RANGOON1427"]
    assert all(r.kind == "cable" for r in found)


def test_four_digit_year() -> None:
    # cable/2006/09/06LISBON1921.html: `¶B. 2005 LISBON 1609`
    found = refs("A. STATE 147780\n¶B. 2005 LISBON 1609\n¶C. LISBON 1845", 2006, ("LISBON", 1921))
    assert ids(found) == ["06STATE147780", "05LISBON1609", "06LISBON1845"]


@pytest.mark.parametrize(
    ("block", "year", "own", "expected"),
    [
        # cable/2009/12/09BRUSSELS1639.html
        ("A. USEU BRUSSELS 1638 \n¶B. USEU BRUSSELS 1637", 2009, ("BRUSSELS", 1639),
         ["09USEUBRUSSELS1638", "09USEUBRUSSELS1637"]),
        # cable/2005/11/05NEWDELHI8795.html
        ("A. USUN NEW YORK 2635 \n¶B. NEW DELHI 8682", 2005, ("NEWDELHI", 8795),
         ["05USUNNEWYORK2635", "05NEWDELHI8682"]),
        # nara-cfpf-1973-1979-entities (annotation markup removed): `(A) USUN 3870 (NOTAL)`
        ("(A) USUN 3870 (NOTAL), (B) STATE 251441", 1976, None,
         ["76USUNNEWYORK3870", "76STATE251441"]),
        # cable/2006/10/06SANJOSE2371.html: `(NOTAL)` after the serial
        ("A. SAN JOSE WHA/CEN FAX 10/25/06 \n \n     ¶B. SAN JOSE 2223 (NOTAL)", 2006,
         ("SANJOSE", 2371), [None, "06SANJOSE2223"]),
    ],
)  # fmt: skip
def test_multi_word_stations(
    block: str, year: int, own: tuple[str, int] | None, expected: list[str | None]
) -> None:
    assert ids(refs(block, year, own)) == expected


def station_written_forms() -> list[tuple[str, str]]:
    """(station, written) for every station written with spaces, from stations.csv."""
    data = resources.files("cablearchive.reference") / "data" / "stations.csv"
    with data.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        (r["station"], r["written"])
        for r in rows
        if " " in r["written"] and not r["station"].startswith("EFTO")
    ]


@pytest.mark.parametrize(("station", "written"), station_written_forms())
def test_every_multi_word_station_as_written(station: str, written: str) -> None:
    # `USEU BRUSSELS 1234`, `USUN NEW YORK 567`, `AIT TAIPEI 12`, ... as stations.csv writes them.
    # A few stations of the release are another one's spelling (`PARIS FR` is the UNESCO
    # mission, `AMEMBASSY HANOI` is HANOI): their references take the station the release uses.
    found = refs(f"A. {written} 1234 B. 09 {written} 0567", 2008, ("STATE", 1))
    real = LK.real_station(station)
    assert ids(found) == [f"08{real}1234", f"09{real}567"]


def test_entries_separated_by_colons() -> None:
    # cable/1972/02/72TEHRAN1164.html
    found = refs("TEHRAN 1091: TEHRAN 263: MOSCOW 1603", 1972, ("TEHRAN", 1164))
    assert ids(found) == ["72TEHRAN1091", "72TEHRAN263", "72MOSCOW1603"]


def test_entries_separated_by_semicolons() -> None:
    # cable/1975/11/7575LIBREVILLE1895.html (2011-08 sample): `REF: STATE 272523; USUN 6028`
    found = refs("STATE 272523; USUN 6028", 1975, ("LIBREVILLE", 1895))
    assert ids(found) == ["75STATE272523", "75USUNNEWYORK6028"]


def test_circular_and_airgram() -> None:
    # cable/1966/12/66BUENOSAIRES2481.html: `REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966`
    found, _warnings = parse_references(
        "STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966", 1966, ("BUENOSAIRES", 2481), LK
    )
    assert [r.id for r in found if r.kind == "cable"] == ["66STATE106206"]
    # CA-3400 is a circular airgram, not a telegram: no cable id is made of it.
    assert "66STATE3400" not in ids(found)


def test_non_cable_entry_beside_a_cable_is_kept() -> None:
    found = refs("STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966", 1966, ("BUENOSAIRES", 2481))
    assert any(r.id is None and "CA-3400" in r.raw for r in found)


def test_labels_with_a_colon() -> None:
    # cable/2001/11/01VATICAN5960.html: `REF A: VATICAN 05286; REF B: VATICAN 05546`
    found = refs("A: VATICAN 05286; REF B: VATICAN 05546", 2001, ("VATICAN", 5960))
    assert [(r.label, r.id) for r in found] == [("A", "01VATICAN5286"), ("B", "01VATICAN5546")]


def test_double_labels() -> None:
    # cable/2006/01/06CARACAS219.html: `REF: A. A: HAVANA 00118 ¶B. B: HAVANA 00697 ...`
    found = refs(
        "A. A: HAVANA 00118 \n¶B. B: HAVANA 00697 \n¶C. C: TD-314/63777-05 LIMITED "
        "DISTRIBUTION \n¶D. D: IIR 6 902 9698 06",
        2006,
        ("CARACAS", 219),
    )
    # The TD and IIR numbers are intelligence reports (the record contract's kind for them).
    assert [(r.label, r.kind, r.id, r.raw) for r in found] == [
        ("A", "cable", "06HAVANA118", "HAVANA 00118"),
        ("B", "cable", "06HAVANA697", "HAVANA 00697"),
        ("C", "intelligence", None, "TD-314/63777-05 LIMITED DISTRIBUTION"),
        ("D", "intelligence", None, "IIR 6 902 9698 06"),
    ]


# --- year rollover -------------------------------------------------------------------------


def test_january_cable_citing_its_own_station_with_a_higher_serial() -> None:
    # cable/2007/01/07BOGOTA32.html: dated 041847Z JAN 07, serial 32, `REF: BOGOTA 8793`; the
    # cited cable is 06BOGOTA8793 (in the id list).
    assert ids(refs("BOGOTA 8793", 2007, ("BOGOTA", 32))) == ["06BOGOTA8793"]
    # The same serial cited by another station's cable is this year's.
    assert ids(refs("BOGOTA 8793", 2007, ("QUITO", 32))) == ["07BOGOTA8793"]
    # A lower serial of the own station is this year's.
    assert ids(refs("BOGOTA 12", 2007, ("BOGOTA", 32))) == ["07BOGOTA12"]


def test_year_rollover_almaty() -> None:
    # The brief's case: a January 2007 ALMATY cable, own serial 12, citing `ALMATY 4500`.
    assert ids(refs("A. ALMATY 4500 B. STATE 1234", 2007, ("ALMATY", 12))) == [
        "06ALMATY4500",
        "07STATE1234",
    ]


BOGOTA_32 = """\
VZCZCXYZ0007
RR RUEHWEB

DE RUEHBO #0032/01 0041847
ZNY CCCCC ZZH
R 041847Z JAN 07
FM AMEMBASSY BOGOTA
TO RUEHC/SECSTATE WASHDC 1687
INFO RUEHBR/AMEMBASSY BRASILIA 7334
C O N F I D E N T I A L BOGOTA 000032

SIPDIS

SIPDIS

E.O. 12958: DECL: 01/04/2017
TAGS: PTER PGOV PREL ECON CO
SUBJECT: STRUGGLE OVER LAND CONTINUES TO FUEL COLOMBIAN
CONFLICT

REF: BOGOTA 8793

Classified By: Political Counselor John S. Creamer.
Reason: 1.4 (b,d)

-------
Summary
-------

1.  (U)  Rural land development is a source of conflict in
"""


def test_year_rollover_in_a_whole_cable() -> None:
    # cable/2007/01/07BOGOTA32.html (excerpt)
    cable = parse_cable(BOGOTA_32)
    assert cable.id == "07BOGOTA32"
    assert [(r.raw, r.kind, r.id) for r in cable.references] == [
        ("BOGOTA 8793", "cable", "06BOGOTA8793")
    ]


def test_serial_without_a_year_in_a_cable_without_a_year_gives_no_id_and_a_warning() -> None:
    # cable/2007/01/07BOGOTA32.html without its header: no date-time group, no year.
    body = BOGOTA_32[BOGOTA_32.index("C O N F I D E N T I A L") :]
    cable = parse_cable(body)
    assert [r.id for r in cable.references if r.kind == "cable"] in ([], [None])
    assert any("BOGOTA 8793" in w for w in cable.warnings)


# --- other kinds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        ("7/8/06 PORGES-MONK EMAIL", "email"),  # seed 000
        ("MYRIAD POST-DEPARTMENT E-MAILS FROM 10/01-02/02", "email"),  # 2002/03/02ROME1196
        ("HALL - MANZANARES E-MAIL OF 3/23", "email"),  # 2005/03/05MADRID1178 (its label B)
        ("DANILOVICH-NORIEGA TELCON 14 MARCH 05", "telcon"),  # 2005/03/05BRASILIA715 (A)
        ("WILSON/MACK\nTELECON", "telcon"),  # 1990/08/90BAGHDAD4397
        ("Ops Ctr-EUR/NB-Emb Reykjavik telecon 29 May 08", "telcon"),  # 2008/06/08REYKJAVIK102
        ("MAY 1 GILLARD-TREMONT LETTER", "letter"),  # 2008/05/08LONDON1412
        ("SAN JOSE WHA/CEN FAX 10/25/06", "fax"),  # 2006/10/06SANJOSE2371
        # 2005/11/05PARIS7682: `AND PREVIOUS` ends the entry, not a cable
        ("EMBASSY PARIS SIPRNET DAILY REPORT FOR NOV 9 AND\nPREVIOUS", "report"),
        ("STATE-LONDON SVTC MAY 9", "other"),  # 2008/05/08LONDON1412
        # No REF entry of the corpora names a memcon; written in the style of the telcons above.
        ("SMITH-JONES MEMCON 3/4/08", "memcon"),
    ],
)
def test_kinds_of_other_references(entry: str, kind: str) -> None:
    found = refs(f"A. {entry}", 2008, ("LONDON", 1412))
    assert len(found) == 1
    assert found[0].kind == kind
    assert found[0].id is None
    assert found[0].raw == " ".join(entry.split())


def test_labelled_block_of_mixed_kinds() -> None:
    # cable/2008/05/08LONDON1412.html
    block = (
        "A. LONDON 1350  B. STATE-LONDON SVTC MAY 9  C. LONDON 1159  D. MAY 1 GILLARD-TREMONT "
        "LETTER  E. LONDON 1115  F. LONDON 1064  G. TREMONT-PMAT EMAIL APRIL 16"
    )
    found = refs(block, 2008, ("LONDON", 1412))
    assert [(r.label, r.kind, r.id) for r in found] == [
        ("A", "cable", "08LONDON1350"),
        ("B", "other", None),
        ("C", "cable", "08LONDON1159"),
        ("D", "letter", None),
        ("E", "cable", "08LONDON1115"),
        ("F", "cable", "08LONDON1064"),
        ("G", "email", None),
    ]


# --- hostile blocks ------------------------------------------------------------------------


def test_hostile_block_of_5000_entries_is_capped_with_a_warning() -> None:
    block = "; ".join(f"STATE {i}" for i in range(1, 5001))
    found, warnings = parse_references(block, 2006, ("ALMATY", 1703), LK)
    assert len(found) == MAX_REFERENCES
    assert found[0].id == "06STATE1" and found[-1].id == f"06STATE{MAX_REFERENCES}"
    assert len(warnings) == 1
    assert str(MAX_REFERENCES) in warnings[0] and "REF" in warnings[0]


def test_hostile_lettered_block_is_capped_with_a_warning() -> None:
    block = "\n".join(f"{chr(65 + i % 26)}. ALMATY {i + 1}" for i in range(5000))
    found, warnings = parse_references(block, 2006, ("ALMATY", 9999), LK)
    assert 0 < len(found) <= MAX_REFERENCES
    assert len(found) < MAX_REFERENCES or warnings
    assert all(r.kind == "cable" and r.id is not None for r in found)


def test_hostile_block_in_a_whole_cable() -> None:
    text = (
        "UNCLAS ALMATY 001703\n\nSUBJECT: X\n\nREF: "
        + "; ".join(f"STATE {i}" for i in range(1, 5001))
        + "\n\n1. (U) Y.\n"
    )
    cable = parse_cable(text, created="2006-05-15T02:25:00Z")
    assert len(cable.references) == MAX_REFERENCES
    assert any(str(MAX_REFERENCES) in w for w in cable.warnings)
    assert cable.paragraphs[-1].number == 1


def test_warnings_about_a_hostile_block_stay_short() -> None:
    text = (
        "UNCLAS ALMATY 001703\n\nSUBJECT: X\n\nREF: "
        + "; ".join(f"STATE {i}" for i in range(1, 5001))
        + "\n\n1. (U) Y.\n"
    )
    cable = parse_cable(text)  # no year anywhere
    assert cable.warnings
    assert max(len(w) for w in cable.warnings) <= 500


# --- resolution against the real id list ---------------------------------------------------

# Measured on the corpus (metadata hidden): 7,695 cable references carry an id, 5,347 (69.5%) of
# them are in cablegate-ids.csv.gz. Many cited cables are simply not in the release. (Before
# issue 8: 7,753 and 5,405, of which 84 were a cable's own banner or page line read as a
# reference to itself: 5,321 of 7,669 others, 69.4%.)
RESOLUTION_FLOOR = 0.66
MIN_CABLE_REFERENCES = 6_000


def test_cited_cables_resolve_to_real_ids(
    corpus: list[CorpusPage], cablegate_id_set: frozenset[str]
) -> None:
    cited = [r.id for p in corpus for r in p.cable.references if r.kind == "cable" and r.id]
    assert len(cited) >= MIN_CABLE_REFERENCES
    resolved = sum(1 for cid in cited if cid in cablegate_id_set)
    share = resolved / len(cited)
    print(f"reference resolution: {resolved}/{len(cited)} = {share:.1%}")
    assert share >= RESOLUTION_FLOOR, f"{resolved}/{len(cited)} = {share:.1%}"


def test_cited_ids_are_canonical(corpus: list[CorpusPage]) -> None:
    from cablearchive.parse.ids import CANONICAL

    bad = [
        (p.name, r.raw, r.id)
        for p in corpus
        for r in p.cable.references
        if r.id is not None and not CANONICAL.match(r.id)
    ]
    assert not bad, bad[:10]


def test_every_page_with_a_ref_line_has_references(corpus: list[CorpusPage]) -> None:
    # Every parsed REF block yields at least one reference (nothing silently dropped).
    empty = [p.name for p in corpus if "\nREF" in p.cable.body[:3000] and not p.cable.references]
    assert len(empty) <= len(corpus) // 50, empty[:20]


# --- the year written in a reference (issue 8, point 1) ------------------------------------


@pytest.mark.parametrize(
    ("block", "year", "own", "expected"),
    [
        # cable/2009/02/09TRIPOLI134.html: labels written twice, a year after the inner label
        ("A. A. TRIPOLI 70      B. B. 08 FREETOWN 604      C. C. MONROVIA 13      D. D. TRIPOLI "
         "37      E. E. 08 TRIPOLI 567      F. F. 08 TRIPOLI 61      G. G. USUN 105",
         2009, ("TRIPOLI", 134),
         [("A", "09TRIPOLI70"), ("B", "08FREETOWN604"), ("C", "09MONROVIA13"),
          ("D", "09TRIPOLI37"), ("E", "08TRIPOLI567"), ("F", "08TRIPOLI61"),
          ("G", "09USUNNEWYORK105")]),
        # cable/2008/05/08BERLIN643.html: lower-case labels and places
        ("a. 07 state 75839\nb. State 15220\nc. Berlin 195\nd. State 40087\ne. Berlin 511",
         2008, ("BERLIN", 643),
         [("a", "07STATE75839"), ("b", "08STATE15220"), ("c", "08BERLIN195"),
          ("d", "08STATE40087"), ("e", "08BERLIN511")]),
        # cable/2008/02/08STATE15220.html: a capital among lower-case labels, kept as written
        ("a. 05 state 201650\nB. 05 berlin 3726\nc. 05 state 211408", 2008, ("STATE", 15220),
         [("a", "05STATE201650"), ("B", "05BERLIN3726"), ("c", "05STATE211408")]),
        # cable/2006/05/06SAOPAULO526.html: `A)`, then `(B)` with a year, mixed case
        ("A) Sao Paulo 42; \n(B) 05 Sao Paulo 975; \n(C) Sao Paulo 319", 2006, ("SAOPAULO", 526),
         [("A", "06SAOPAULO42"), ("B", "05SAOPAULO975"), ("C", "06SAOPAULO319")]),
        # cable/2006/02/06BUENOSAIRES677.html
        ("A. 05 BUENOS AIRES 141 \n     B. BUENOS AIRES 625", 2006, ("BUENOSAIRES", 677),
         [("A", "05BUENOSAIRES141"), ("B", "06BUENOSAIRES625")]),
        # cable/2009/12/09BAMAKO776.html: a four-digit year after a doubled label
        ("A. A. BAMAKO 754 \nB. B. 2008 BAMAKO 217", 2009, ("BAMAKO", 776),
         [("A", "09BAMAKO754"), ("B", "08BAMAKO217")]),
        # cable/2010/02/10BAKU97.html: `A. A)`; the site's `D.` only continues C
        ("A. A) BAKU 91\nB. B) BAKU 30\nC. C) 2009 BAKU 972\nD. AND PREVIOUS", 2010, ("BAKU", 97),
         [("A", "10BAKU91"), ("B", "10BAKU30"), ("C", "09BAKU972")]),
        # cable/2009/03/09DOHA214.html: the year written after the serial
        ("A. SECSTATE 15113       B. DOHA 152 (08)      C. DOHA 75 (08)      D. DOHA 311 (07)",
         2009, ("DOHA", 214),
         [("A", "09STATE15113"), ("B", "08DOHA152"), ("C", "08DOHA75"), ("D", "07DOHA311")]),
        # cable/2009/03/09STATE29290.html
        ("A. STATE 049307 (2006)", 2009, ("STATE", 29290), [("A", "06STATE49307")]),
        # cable/2010/01/10CAIRO133.html: ids written as ids
        ("09CAIRO2122; 09CAIRO2321", 2010, ("CAIRO", 133),
         [(None, "09CAIRO2122"), (None, "09CAIRO2321")]),
        # cable/2009/11/09BUENOSAIRES66.html: `'08`
        ("A. '08 BUENOS AIRES 1491", 2009, ("BUENOSAIRES", 66), [("A", "08BUENOSAIRES1491")]),
    ],
)  # fmt: skip
def test_a_year_written_in_a_reference_is_its_year(
    block: str, year: int, own: tuple[str, int], expected: list[tuple[str | None, str]]
) -> None:
    assert [(r.label, r.id) for r in refs(block, year, own)] == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        # The examples, written in the shapes above, in a 2006 cable.
        ("a. 05 state 204417", [("a", "05STATE204417")]),
        ("A. 05 PARIS 7528 b. STATE 1234", [("A", "05PARIS7528"), ("b", "06STATE1234")]),
        ("(B) 05 BUENOS AIRES 141", [("B", "05BUENOSAIRES141")]),
        ("2005 KABUL 3312", [(None, "05KABUL3312")]),
        ("05STATE204417", [(None, "05STATE204417")]),
        ("A) MOSCOW 1082 B) STATE 57700", [("A", "06MOSCOW1082"), ("B", "06STATE57700")]),
        ("A. A) STATE 12345", [("A", "06STATE12345")]),
        ("A. (A) PARIS 7682", [("A", "06PARIS7682")]),
        ("A- STATE 1234 B- 05 PARIS 12", [("A", "06STATE1234"), ("B", "05PARIS12")]),
        ("(a) state 1 (b) 05 paris 2", [("a", "06STATE1"), ("b", "05PARIS2")]),
        ("1. STATE 1234\n2. 05 PARIS 12", [("1", "06STATE1234"), ("2", "05PARIS12")]),
        # an entry over two lines
        ("a. 05 state 204417\n  b. 04 paris\n  1234",
         [("a", "05STATE204417"), ("b", "04PARIS1234")]),
    ],
)  # fmt: skip
def test_every_spelling_of_a_year_and_a_label(
    block: str, expected: list[tuple[str | None, str]]
) -> None:
    assert [(r.label, r.id) for r in refs(block, 2006, ("ALMATY", 9999))] == expected


def test_labels_written_twice_by_the_site_and_the_cable() -> None:
    # cable/2006/02/06PARIS1251.html: the site lettered every line; the cable's own labels are
    # the ones in parentheses, and `C. 2006` continues B.
    found = refs(
        "A. (A) PARIS 1113 \nB. (B) EMBASSY PARIS DAILY REPORT FOR FEBRUARY 17 \nC. 2006 \n"
        "D. (C) PARIS 953",
        2006,
        ("PARIS", 1251),
    )
    assert [(r.label, r.kind, r.id, r.raw) for r in found] == [
        ("A", "cable", "06PARIS1113", "PARIS 1113"),
        ("B", "report", None, "EMBASSY PARIS DAILY REPORT FOR FEBRUARY 17 2006"),
        ("C", "cable", "06PARIS953", "PARIS 953"),
    ]


def test_a_portion_mark_after_a_label_is_no_second_label() -> None:
    # Written: `(U)` after `B.` is not the cable's label (that would follow A); compare
    # `D. (C) PARIS 953` after `B. (B) ...` in test_labels_written_twice_by_the_site_and_the_cable.
    assert [(r.label, r.id) for r in refs("A. A) STATE 1\nB. (U) STATE 2", 2006, None)] == [
        ("A", "06STATE1"),
        ("B", "06STATE2"),
    ]


def test_second_labels_without_punctuation() -> None:
    # cable/2010/01/10HAVANA9.html (January 2010, own serial 9: the cited serials are 2009's)
    found = refs(
        'A. REF A HAVANA 639 ("A SPLENDID LITTLE VISIT") \nB. B HAVANA 772 (CONSULAR VISIT TO '
        "JAILED AMCIT) \nC. C HAVANA 763 (CUBA PASSES UP ON REFORMS) \nD. D HAVANA 739 "
        "(STRIDENT PROTEST) \nE. E HAVANA 736 (HUMAN RIGHTS MARCHES TURN VIOLENT) \nF. F HAVANA "
        "755 (CUBAN FEATHERS RUFFLED BY USCG \nRESCUE)",
        2010,
        ("HAVANA", 9),
    )
    assert [(r.label, r.id) for r in found] == [
        ("A", "09HAVANA639"),
        ("B", "09HAVANA772"),
        ("C", "09HAVANA763"),
        ("D", "09HAVANA739"),
        ("E", "09HAVANA736"),
        ("F", "09HAVANA755"),
    ]
    assert found[-1].raw == "HAVANA 755 (CUBAN FEATHERS RUFFLED BY USCG RESCUE)"


def test_a_number_that_cannot_be_a_year_is_not_one() -> None:
    # Written: after `PARA`, 12 could only be the year 2012, after this 2008 cable.
    assert [(r.raw, r.id) for r in refs("PARA 12 STATE 1234", 2008, ("LONDON", 1))] == [
        ("STATE 1234", "08STATE1234")
    ]


def test_a_post_abbreviates_its_own_name() -> None:
    # cable/2008/01/08TEGUCIGALPA86.html, cable/2010/01/10KUALALUMPUR12.html,
    # cable/2008/01/08CASABLANCA81.html, cable/2009/02/09NEWDELHI268.html: all in the id list
    assert ids(refs("A. REF A: 07 TGG 1798\nB. REF B: 08 TGG 0057", 2008, ("TEGUCIGALPA", 86))) == [
        "07TEGUCIGALPA1798",
        "08TEGUCIGALPA57",
    ]
    assert ids(refs("A. 09 KL 1016 -- F-5 FOLLOW UP", 2010, ("KUALALUMPUR", 12))) == [
        "09KUALALUMPUR1016"
    ]
    assert ids(refs("A. 05 CASA 1220 B. 07 CASA 169", 2008, ("CASABLANCA", 81))) == [
        "05CASABLANCA1220",
        "07CASABLANCA169",
    ]
    assert ids(refs("A. ISLAMABAD 236 B. DELHI 195", 2009, ("NEWDELHI", 268)))[1] == "09NEWDELHI195"
    # Another post's abbreviation is nobody's: `TGG` in a Kabul cable.
    assert ids(refs("A. TGG 1798", 2008, ("KABUL", 1))) == [None]


# --- what is not a reference (issue 8, point 2) --------------------------------------------


def test_a_page_line_inside_the_list_is_no_reference() -> None:
    # cable/2009/09/09LONDON2102.html: the page line of the cable itself, then body text
    found = refs(
        "A. A. SECSTATE 89892      B. B. WALKLET-TIGHE/JOHNSON E-MAILS AUGUST 28  LONDON "
        "00002102  001.2 OF 002   ACTION REQUEST in paragraph one.",
        2009,
        ("LONDON", 2102),
    )
    assert [(r.label, r.kind, r.id, r.raw) for r in found] == [
        ("A", "cable", "09STATE89892", "SECSTATE 89892"),
        ("B", "email", None, "WALKLET-TIGHE/JOHNSON E-MAILS AUGUST 28"),
    ]
    # Written in the shape of a 1970s telegram's page line (`PAGE 02 MOSCOW 01434 01 OF 03
    # 101512Z`), between two entries.
    found = refs(
        "A. MOSCOW 1082\nPAGE 02 MOSCOW 01434 01 OF 03 101512Z\nB. STATE 57700", 1977, None
    )
    assert ids(found) == ["77MOSCOW1082", "77STATE57700"]


def test_the_cable_s_own_banner_or_page_line_is_no_reference() -> None:
    # cable/2008/10/08STOCKHOLM704.html: the banner printed again after a cut entry
    found = refs(
        "(A) S...\nUNCLAS STOCKHOLM 000704 SIPDIS STATE FOR CA/P/IP BARBARA HALL, PETER "
        "THOMPSON, DIANE BEAN AND MARY DOETSCH SENSITIVE",
        2008,
        ("STOCKHOLM", 704),
    )
    assert [(r.label, r.kind, r.id) for r in found] == [("A", "other", None)]
    # cable/2009/02/09BRASILIA244.html: its own page line, `BRASILIA 00000244`
    assert ids(refs("BRASILIA 123\nBRASILIA 00000244", 2009, ("BRASILIA", 244))) == [
        "09BRASILIA123"
    ]


@pytest.mark.parametrize(
    ("block", "year", "own", "expected"),
    [
        # cable/2005/12/05CAIRO5924.html
        ("CAIRO 5589 AND PREVIOUS", 2005, ("CAIRO", 5924), [(None, "05CAIRO5589")]),
        # cable/2006/04/06PARIS2242.html: `REF: NONE`
        ("NONE", 2006, ("PARIS", 2242), []),
        # cable/2006/03/06SANJOSE1622.html
        ("N/A", 2006, ("SANJOSE", 1622), []),
        # cable/2007/06/07SANTIAGO983.html: the `Classified By` line ran onto the REF line
        ("ASUNCION 396 Classified By: AMBASSADOR CRAIG KELLY; Reasons 1.4(b), (d)", 2007,
         ("SANTIAGO", 983), [(None, "07ASUNCION396")]),
        # cable/2009/12/09BRASILIA1435.html
        ("STATE 128320; STATE 128322; BRASILIA 1134; BRASILIA 1194 BRASILIA 1280; BRASILIA 1418 "
         "CLASSIFIED BY: Lisa Kubiske, Charge d'Affaires a.i.; REASON: 1.4(D)", 2009,
         ("BRASILIA", 1435),
         [(None, "09STATE128320"), (None, "09STATE128322"), (None, "09BRASILIA1134"),
          (None, "09BRASILIA1194"), (None, "09BRASILIA1280"), (None, "09BRASILIA1418")]),
        # cable/2006/11/06SAOPAULO1206.html: a handling caption and a heading after the list
        ("SAO PAULO 675\nSENSITIVE BUT UNCLASSIFIED; PLEASE PROTECT ACCORDINGLY Summary", 2006,
         ("SAOPAULO", 1206), [(None, "06SAOPAULO675")]),
        # cable/2009/09/09CAIRO1778.html: the first paragraph of the body
        ("A. CAIRO 1229 B. CAIRO 892\n1. This is an action request; please see para", 2009,
         ("CAIRO", 1778), [("A", "09CAIRO1229"), ("B", "09CAIRO892")]),
        # cable/2008/07/08REYKJAVIK135.html: the body's first paragraph, without a blank line
        ("STATE 66814 \n(U) Econ Off and POL Intern delivered reftel talking points to \nDeputy "
         "Permanent Secretary at the Ministry of Communications Halldor", 2008,
         ("REYKJAVIK", 135), [(None, "08STATE66814")]),
        # Written: the list and the body on one line, in capitals, as a text that lost its line
        # breaks and its case writes them.
        ("A. STATE 1234 B. PARIS 5678 1. (C) SUMMARY: THE MINISTER SAID THAT STATE 99 WAS OK.",
         2006, ("ALMATY", 1), [("A", "06STATE1234"), ("B", "06PARIS5678")]),
        ("a. state 1234 b. paris 5678 1. (c) summary: the minister said that rome 12 was ok",
         2006, ("ALMATY", 1), [("a", "06STATE1234"), ("b", "06PARIS5678")]),
        # Written: a handling note on the line after the list.
        ("STATE 1234\nNSC FOR JONES", 2006, ("ALMATY", 1), [(None, "06STATE1234")]),
    ],
)  # fmt: skip
def test_what_follows_the_list_is_no_reference(
    block: str, year: int, own: tuple[str, int], expected: list[tuple[str | None, str]]
) -> None:
    assert [(r.label, r.id) for r in refs(block, year, own)] == expected


def test_an_entry_the_body_ran_onto_keeps_its_reference() -> None:
    # cable/2007/11/07TRIPOLI993.html: the body's first sentence ran onto entry B
    found = refs(
        "A) STATE 138248, B) GODFREY-LAWSON E-MAIL 11/21/2007 Per reftel, Post requests that "
        "Libya be added to the list of invitees for the March 2008 Washington International "
        "Renewable Energy Conference (WIREC). The GOL has demonstrated keen interest",
        2007,
        ("TRIPOLI", 993),
    )
    assert [(r.label, r.kind, r.raw) for r in found] == [
        ("A", "cable", "STATE 138248"),
        ("B", "email", "GODFREY-LAWSON E-MAIL 11/21/2007"),
    ]


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        ("SECDEF 122723", "defense"),  # cable/2010/02/10CAIRO177.html
        ("SECDEF R162245Z OCT 08", "defense"),  # cable/2008/10/08LONDON2627.html
        ("SECDEF MSG DTG 301601z SEP 08", "defense"),  # cable/2008/10/08BERLIN1387.html
        ("SECDEF DTG261447ZNOV08 (DEFENSE TRILATERAL TALKS)", "defense"),  # 2009/01/09SEOUL59
        ("USDAO STOCKHOLM DTG 051506ZJUN2008", "defense"),  # cable/2008/07/08STOCKHOLM494.html
        ("OSD REPORT DTG 251847Z MAR 08", "defense"),  # cable/2008/04/08BRASILIA429.html
        # Written in the shapes the issue names: WASHDC is a station of the release (3 ids),
        # and the 6-digit number a date-time group, not a serial.
        ("SECDEF WASHDC 041530Z JAN 06", "defense"),
        ("SECDEF 041530", "defense"),
        ("CJCS 121200Z", "defense"),
        ("USCINCPAC 120000Z JAN 06", "defense"),
        ("DIA IIR 6 850 0123 08", "intelligence"),  # written, the example
        ("03 USDAO BRASILIA IIR 6 809 0235 03", "intelligence"),  # 2004/04/04BRASILIA2119
        ("IIR 6-849-9075-10", "intelligence"),  # cable/2010/03/10TELAVIV414.html
        ("TD-314/63777-05 LIMITED DISTRIBUTION", "intelligence"),  # 2006/01/06CARACAS219
        ("TDX-315/090481-08", "intelligence"),  # cable/2009/12/09BUENOSAIRES1017.html
        ("TD-314/014 437-09", "intelligence"),  # cable/2009/04/09NAIROBI579.html
        ("314/07696-07", "intelligence"),  # cable/2009/12/09STATE124636.html
        ("09 CIAWASH 542085 - ALLEGED THREAT", "intelligence"),  # 2009/02/09TRIPOLI190
        ("INTSUM 12-08", "intelligence"),  # written
    ],
)
def test_defense_and_intelligence_messages_are_no_cables(entry: str, kind: str) -> None:
    found = refs(f"A. {entry}", 2009, ("CAIRO", 1))
    assert [(r.kind, r.id) for r in found] == [(kind, None)]


def test_messages_beside_cables() -> None:
    # cable/2010/02/10CAIRO255.html: the IIR number ends where the next cable's year starts
    found = refs(
        "SECDEF 122723; CAIRO IIR 6 899 0148 10; CAIRO IIR 6 899 0149 10 2009 CAIRO 2394; "
        "2009 CAIRO 491",
        2010,
        ("CAIRO", 255),
    )
    assert [(r.kind, r.id) for r in found] == [
        ("defense", None),
        ("intelligence", None),
        ("intelligence", None),
        ("cable", "09CAIRO2394"),
        ("cable", "09CAIRO491"),
    ]


# --- stations (issue 8, point 3) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "year", "own", "expected"),
    [
        # cable/2009/10/09USNATO464.html: Tallinn cut to six letters, as page lines cut it
        ("A. VILNIUS 533\nB. VILNIUS 527\nC. TALLIN 309", 2009, ("USNATO", 464),
         ["09VILNIUS533", "09VILNIUS527", "09TALLINN309"]),
        # cable/2007/11/07BRASILIA2185.html: UNVIE VIENNA cut to ten characters
        ("UNVIE VIEN 641", 2007, ("BRASILIA", 2185), ["07UNVIEVIENNA641"]),
        # cable/2009/09/09RIODEJANEIRO357.html: `(B) RIO 346`; `RIO DE JAN` as its page lines
        # cut it
        ("A. 08 RIO DE JAN 138 B. RIO 346", 2009, ("RIODEJANEIRO", 357),
         ["08RIODEJANEIRO138", "09RIODEJANEIRO346"]),
        # cable/2009/12/09UNVIEVIENNA540.html: `REF: EMBASSY VIENNA 1450`
        ("EMBASSY VIENNA 1450", 2009, ("UNVIEVIENNA", 540), ["09VIENNA1450"]),
        # cable/2009/09/09LONDON2183.html
        ("SECSTATE 95554", 2009, ("LONDON", 2183), ["09STATE95554"]),
        # Written: the address forms of headers, with their prefixes and suffixes.
        ("A. AMEMBASSY VIENNA 12 B. SECSTATE WASHDC 34 C. AMCONSUL SAO PAULO 5 D. USDEL GENEVA "
         "6", 2009, ("LONDON", 2183),
         ["09VIENNA12", "09STATE34", "09SAOPAULO5", "09GENEVA6"]),
    ],
)  # fmt: skip
def test_station_spellings_in_references(
    block: str, year: int, own: tuple[str, int], expected: list[str]
) -> None:
    assert ids(refs(block, year, own)) == expected


def test_a_station_no_table_knows_keeps_its_name_with_a_warning() -> None:
    # cable/2009/08/09TRIPOLI661.html: `07 TRIPOLII 695` (a typo): year, place and serial
    found, warnings = parse_references("A) 07 TRIPOLI 656; B) 07 TRIPOLII 695", 2009, None, LK)
    assert ids(found) == ["07TRIPOLI656", "07TRIPOLII695"]
    assert len(warnings) == 1 and "TRIPOLII 695" in warnings[0]
    # Without a year it is not clearly a cable: no id, no warning; `PARA 5` is nothing.
    found, warnings = parse_references("A. TRIPOLII 695 B. PARA 5", 2009, None, LK)
    assert ids(found) == [None, None] and warnings == []
    assert [r.kind for r in found] == ["other", "other"]


# --- in whole cables -----------------------------------------------------------------------


def corpus_page(corpus: list[CorpusPage], name: str) -> CorpusPage:
    found = [p for p in corpus if p.name.endswith(f"/{name}.html")]
    assert len(found) == 1, name
    return found[0]


def test_classified_by_run_onto_the_ref_line_is_read_as_such(corpus: list[CorpusPage]) -> None:
    # `REF: A. STATE 25557 \n ¶B. STATE 30234 CLASSIFIED BY: Gene Cretz, Ambassador. REASON:
    # 1.4 (b), (d)`
    cable = corpus_page(corpus, "09TRIPOLI267").cable
    assert [(r.label, r.id) for r in cable.references] == [
        ("A", "09STATE25557"),
        ("B", "09STATE30234"),
    ]
    assert cable.classified_by == "Gene Cretz, Ambassador"
    assert cable.reasons == ["1.4(b)", "1.4(d)"]


def test_the_body_after_a_ref_line_is_the_body(corpus: list[CorpusPage]) -> None:
    # `REF: STATE 66814 \n(U) Econ Off and POL Intern delivered reftel talking points...`
    cable = corpus_page(corpus, "08REYKJAVIK135").cable
    assert [r.id for r in cable.references] == ["08STATE66814"]
    assert cable.paragraphs[0].text.startswith("Econ Off and POL Intern delivered")
    assert cable.paragraphs[0].classification == "U"


def test_no_cable_cites_itself(corpus: list[CorpusPage]) -> None:
    # Its own banner or page line in the REF list is no reference (84 pages did, before).
    selves = [p.name for p in corpus for r in p.cable.references if r.id and r.id == p.cable.id]
    assert selves == []


REF_LINE_PREFIXES = ["Ref:", "REFS:", "REFTEL:", "REF.:", "Ref.:", "REFERENCE:", "Ref(s):"]


@pytest.mark.parametrize("prefix", REF_LINE_PREFIXES)
def test_every_ref_line_prefix(prefix: str) -> None:
    # The prefixes corpus REF lines use (counted on the 6,712 pages; `Ref(s):` is written).
    text = BOGOTA_32.replace("REF: BOGOTA 8793", f"{prefix} a. 05 state 204417 b. BOGOTA 8793")
    cable = parse_cable(text)
    assert [(r.label, r.id) for r in cable.references] == [
        ("a", "05STATE204417"),
        ("b", "06BOGOTA8793"),
    ]


# --- generated lists: every spelling together ----------------------------------------------


def list_places() -> list[tuple[str, str]]:
    """(written form, station) of the posts with at least 20 ids, as stations.csv writes them."""
    data = resources.files("cablearchive.reference") / "data" / "stations.csv"
    with data.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        (r["written"], r["station"])
        for r in rows
        if int(r["count"]) >= 20 and LK.real_station(r["station"]) == r["station"]
    ]


LABEL_STYLES = ["{}.", "({})", "{})", "{}:", "{}-", "{}. ({})", "{}. {})"]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_generated_lists_of_every_label_year_and_case(data: st.DataObject) -> None:
    """Written lists in every shape the corpus shows, mixed at random: labels `a.` `(B)` `C)`
    `d:` `E-` and doubled ones, years of two or four digits before the place (or glued to it,
    or after the serial in parentheses), serials padded with zeros, any case, entries on one
    line or several. Each entry's label comes back as written and its id with its own year (the
    citing cable's, 2010, when it has none)."""
    places = list_places()
    n = data.draw(st.integers(min_value=1, max_value=6), label="entries")
    parts, expected = [], []
    for i in range(n):
        written, station = data.draw(st.sampled_from(places), label="place")
        letter = data.draw(st.sampled_from([chr(65 + i), chr(97 + i)]), label="letter")
        style = data.draw(st.sampled_from(LABEL_STYLES), label="style")
        serial = data.draw(st.integers(min_value=1, max_value=299_999), label="serial")
        number = str(serial).zfill(data.draw(st.integers(min_value=0, max_value=6)))
        year = data.draw(st.sampled_from([None, 1995, 2003, 2009]), label="year")
        shape = data.draw(st.sampled_from(["yy", "yyyy", "glued", "after"]), label="shape")
        if year is None:
            cite = f"{written} {number}"
        elif shape == "yy":
            cite = f"{year % 100:02d} {written} {number}"
        elif shape == "yyyy":
            cite = f"{year} {written} {number}"
        elif shape == "glued":
            cite = f"{year % 100:02d}{written.replace(' ', '')}{number}"
        else:
            cite = f"{written} {number} ({year % 100:02d})"
        case = data.draw(st.sampled_from([str.upper, str.lower, str.title]), label="case")
        parts.append(style.format(letter, letter) + " " + case(cite))
        yy = 10 if year is None else year % 100
        expected.append((letter, f"{yy:02d}{station}{serial}"))
    glue = data.draw(st.sampled_from([" ", "  ", "\n", "\n     ", "\n\n     "]), label="glue")
    block = glue.join(parts)
    found = refs(block, 2010, ("NOWHERE", 1))
    assert [(r.label, r.id) for r in found] == expected, block


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_parse_references_never_raises(block: str) -> None:
    found, warnings = parse_references(block, 2008, ("LONDON", 1412), LK)
    assert all(r.raw for r in found) and all(isinstance(w, str) for w in warnings)


@pytest.mark.parametrize(
    "block",
    [
        "ROME 00001196 002 OF 004 " * 5000,  # page lines, nothing else
        "A. STATE 1" + " " * 100_000 + "B. STATE 2",  # a long run of spaces between labels
        "A. A. " * 20_000,
        "STATE 1" + "; " * 50_000 + "REF",
    ],
)
def test_hostile_blocks_take_linear_time(block: str) -> None:
    # Written: shapes that made a pattern try every space again (quadratic time) while this
    # was built; each now takes a small fraction of a second (the bound is generous for a
    # loaded machine).
    start = time.perf_counter()
    parse_references(block, 2008, ("LONDON", 1), LK)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("line", "ended"),
    [
        # cable/2008/07/08REYKJAVIK135.html, cable/2007/11/07MANAMA1031.html: the body after the
        # REF line, without a blank line between
        ("(U) Econ Off and POL Intern delivered reftel talking points to", True),
        ("(U) Pol/Econ Chief delivered reftel points to MFA bilateral", True),
        # cable/2008/12/08LONDON3107.html: `(C)` then running text
        ("(C) FCO Deputy Head Security Policy Chris Holtby thanked poloffs for reftels and said "
         'the demarche was "very helpful"', True),
        # cable/2008/09/08SAOPAULO499.html, cable/2009/07/09CAIRO1366.html
        ("1. Summary: USG officials held consultations in Sao Paulo with members of civil", True),
        ("-------", True),
        ("SUMMARY", True),
        # entries, and an entry the body ran onto (the REF parser keeps the entry)
        ("B. CAIRO 478", False),
        ("(C) PARIS 953", False),
        ("1. STATE 1234", False),
        ("Ops Ctr-EUR/NB-Emb Reykjavik telecon 29 May 08", False),  # 2008/06/08REYKJAVIK102
        # cable/2008/07/08REYKJAVIK127.html
        ("B) Memorandum from USD Edelman to Secretary of the Air Force, 08", False),
        ("C. STATE 45792 (SBU) Post has undertaken the following actions in support of the Day",
         False),  # cable/2008/05/08MANAMA305.html
    ],
)  # fmt: skip
def test_where_the_ref_block_ends(line: str, ended: bool) -> None:
    assert ref_ended(line) is ended


def test_classified_by_run_onto_a_ref_line() -> None:
    # cable/2009/03/09TRIPOLI267.html (excerpt): the preamble splits the Classified By off the
    # REF line it ran onto, so it is neither a reference nor lost.
    cable = parse_cable(
        "C O N F I D E N T I A L TRIPOLI 000267\n\nSIPDIS\n\nE.O. 12958: DECL: 3/31/2019\n"
        "TAGS: PREL LY\nSUBJECT: X\n\nREF: A. STATE 25557\n"
        "     B. STATE 30234 CLASSIFIED BY: Gene Cretz, Ambassador. REASON: 1.4 (b), (d)\n\n"
        "1. (C) Summary: text.\n",
        created="2009-04-01T10:00:00Z",
    )
    assert [(r.label, r.id) for r in cable.references] == [
        ("A", "09STATE25557"),
        ("B", "09STATE30234"),
    ]
    assert cable.classified_by is not None and cable.classified_by.startswith("Gene Cretz")
    assert cable.reasons == ["1.4(b)", "1.4(d)"]
