from __future__ import annotations

import csv
import gzip
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from cablearchive.reference import (
    Station,
    malformed_ids,
    malformed_ids_without_canonical,
    nara_posts,
    station_aliases,
    station_for_written,
    station_spellings,
    stations,
)
from cablearchive.reference.stations import ADDRESS_PREFIXES

WELL_FORMED = re.compile(r"(\d{2})([A-Z]+)(\d+)")


@pytest.fixture(scope="module")
def cablegate_ids(shared_dir: Path) -> list[str]:
    path = shared_dir / "reference" / "cablegate-ids.csv.gz"
    if not path.is_file():
        pytest.fail(f"the Cablegate id list is missing: expected {path}")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return [row[0] for row in csv.reader(f) if row]


def test_known_written_forms() -> None:
    assert station_for_written("USEU BRUSSELS") == "USEUBRUSSELS"
    assert station_for_written("AIT TAIPEI") == "AITTAIPEI"
    assert station_for_written("SECSTATE") == "STATE"
    assert station_for_written("STATE") == "STATE"
    assert station_for_written("USUN NEW YORK") == "USUNNEWYORK"
    assert station_for_written("Almaty") == "ALMATY"
    assert station_for_written(" the  hague ") == "THEHAGUE"
    assert station_for_written("HAGUE") == "THEHAGUE"
    assert station_for_written("Nowhere Special") is None
    assert station_for_written("") is None


def test_known_rows() -> None:
    assert stations()["ALMATY"] == Station("ALMATY", "ALMATY", 1999, 2006, 477)
    assert stations()["USEUBRUSSELS"].written == "USEU BRUSSELS"
    assert stations()["NEWDELHI"].written == "NEW DELHI"
    for st in stations().values():
        assert st.written.replace(" ", "") == st.station
        # A few stations of the release are another one's spelling (`EFTOLONDON`, `PARISFR`).
        assert station_for_written(st.written) == station_spellings().get(st.station, st.station)
        assert 1966 <= st.first_year <= st.last_year <= 2010
        assert st.count > 0


def test_every_station_of_every_well_formed_id(cablegate_ids: list[str]) -> None:
    assert len(cablegate_ids) == 251_287
    seen: dict[str, list[int]] = {}
    for i in cablegate_ids:
        m = WELL_FORMED.fullmatch(i)
        if m:
            yy = int(m.group(1))
            seen.setdefault(m.group(2), []).append(1900 + yy if yy >= 66 else 2000 + yy)
    table = stations()
    assert set(seen) == set(table)
    for code, years in seen.items():
        assert (table[code].first_year, table[code].last_year) == (min(years), max(years))
        assert table[code].count == len(years)


def test_malformed_ids_are_exactly_the_file_s(cablegate_ids: list[str]) -> None:
    bad = {i for i in cablegate_ids if not WELL_FORMED.fullmatch(i)}
    assert len(bad) == 53
    assert bad == set(malformed_ids()) | malformed_ids_without_canonical()
    assert malformed_ids_without_canonical() == {"06ASTANA", "092OF5"}


def test_every_malformed_id_has_a_well_formed_canonical_form() -> None:
    known = stations()
    for bad, canonical in malformed_ids().items():
        m = WELL_FORMED.fullmatch(canonical)
        assert m, (bad, canonical)
        assert m.group(2) in known, (bad, canonical)
        assert m.group(1) == bad[:2], (bad, canonical)
    assert malformed_ids()["06SECION01OF02HARARE628"] == "06HARARE628"
    assert malformed_ids()["7575LIBREVILLE1895"] == "75LIBREVILLE1895"
    assert malformed_ids()["08ACCRA001382SUSPECTEDDUPLICATE1392"] == "08ACCRA1382"
    assert malformed_ids()["08SECTION01GF02BISHIEK21"] == "08BISHKEK21"
    assert malformed_ids()["90STATE255195TOSEC140301"] == "90STATE255195"


def test_no_two_malformed_ids_share_a_canonical_form() -> None:
    # Most canonical ids are already in the list (a section published separately); that is
    # expected, but two malformed ids never collapse onto one canonical id.
    counted = Counter(malformed_ids().values())
    assert max(counted.values()) == 1


def test_nara_posts_name_known_stations() -> None:
    # NARA's document numbers name some posts by their 1970s names (PEKING, DACCA).
    posts = nara_posts()
    assert posts["PEKING"] == "BEIJING"
    assert posts["DACCA"] == "DHAKA"
    assert set(posts.values()) <= set(stations())


# --- the derived spellings (station_spellings.csv) -----------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def test_every_spelling_names_a_station_of_the_release_that_is_itself() -> None:
    table = stations()
    for spelling, station in station_spellings().items():
        assert station in table, (spelling, station)
        assert station not in station_spellings(), (spelling, station)  # a fixed point
        assert station_for_written(station) == station


def test_a_station_of_the_release_is_never_respelt_but_by_a_merge() -> None:
    respelt = {s for s in station_spellings() if s in stations()}
    assert {s for s in respelt if not s.startswith("EFTO")} == {
        "AMEMBASSYHANOI",
        "NOFORNMOGADISHU",
        "PARISFR",
        "SIFIEDABUJA",
        "UNESCOPARIS",
    }


def test_hand_written_exceptions_are_few_and_in_the_table() -> None:
    assert len(station_aliases()) <= 10
    for written, station in station_aliases().items():
        assert station_spellings()[written] == station


@pytest.mark.parametrize(
    ("written", "station"),
    [
        ("SECSTATE", "STATE"),
        ("SECSTATE WASHDC", "STATE"),
        ("STATE WASHDC", "STATE"),
        ("RIO DE JAN", "RIODEJANEIRO"),  # page lines cut the place to ten characters
        ("RIODEJAN", "RIODEJANEIRO"),
        ("RIO", "RIODEJANEIRO"),
        ("EMBASSY VIENNA", "VIENNA"),
        ("AMEMBASSY VIENNA", "VIENNA"),
        ("UNVIE", "UNVIEVIENNA"),
        ("USMISSION UNVIE VIENNA", "UNVIEVIENNA"),
        ("USUNESCO PARIS FR", "UNESCOPARISFR"),
        ("PARIS FR", "UNESCOPARISFR"),
        ("USUN", "USUNNEWYORK"),
        ("USEU", "USEUBRUSSELS"),
        ("SAO PAULO", "SAOPAULO"),
        ("AMCONSUL SAO PAULO", "SAOPAULO"),
        ("BUENOS", "BUENOSAIRES"),  # six letters, as 1970s page lines and NARA cut it
        ("TELAV", "TELAVIV"),
        ("VATICA", "VATICAN"),
        ("THEHA", "THEHAGUE"),
        ("VATICAN CITY", "VATICAN"),
        ("MEXICO CITY", "MEXICO"),
        ("USDEL GENEVA", "GENEVA"),
        ("E F T O LONDON", "LONDON"),
        ("PEKING", "BEIJING"),
    ],
)
def test_spellings(written: str, station: str) -> None:
    assert station_for_written(written) == station


@pytest.mark.parametrize(
    "word",
    # Words of prose, organisations and agencies that are no station, though a cut or a
    # mission's short name would make them one.
    ["GEORGE", "BRIDGE", "NUEVO", "SANTO", "BRASIL", "UNESCO", "USTR", "SECRETARY", "SECDEF", "UN"],
)
def test_words_are_no_stations(word: str) -> None:
    assert station_for_written(word) is None


def test_every_address_prefix_before_every_station() -> None:
    for prefix in ADDRESS_PREFIXES:
        for st in stations().values():
            expected = station_spellings().get(st.station, st.station)
            assert station_for_written(f"{prefix} {st.written}") == expected, (prefix, st)


def test_the_spellings_table_is_what_the_script_derives(shared_dir: Path) -> None:
    # scripts/derive-station-spellings --check derives the table again from shared/ and the
    # project's tables, and fails when the committed CSV differs.
    assert (shared_dir / "corpora" / "cablegate-site-2011-04.tar.xz").is_file()
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "derive-station-spellings"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
