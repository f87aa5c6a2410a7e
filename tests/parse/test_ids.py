"""`canonical_id`: ids drawn from the real Cablegate id list, written the ways cables write them,
come back to the id; the function is idempotent; known malformed ids map to their canonical.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cablearchive.parse import canonical_id
from cablearchive.parse.ids import CANONICAL
from cablearchive.parse.lookups import Lookups
from cablearchive.reference import station_spellings, stations

LK = Lookups.default()
WELL_FORMED = re.compile(r"^(\d{2})([A-Z]+)(\d+)$")
FIXTURE_OK = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def data_rows(name: str) -> list[dict[str, str]]:
    data = resources.files("cablearchive.reference") / "data" / name
    with data.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def written_forms() -> dict[str, str]:
    """Station -> how cable text writes it (`SANJOSE` -> `SAN JOSE`), from stations.csv."""
    return {r["station"]: r["written"] for r in data_rows("stations.csv")}


@cache
def malformed() -> dict[str, str]:
    return {r["id"]: r["canonical"] for r in data_rows("malformed_ids.csv")}


def split(cid: str) -> tuple[str, str, str]:
    m = WELL_FORMED.match(cid)
    assert m is not None, cid
    yy, station, serial = m.groups()
    return yy, station, serial


def expected_canonical(cid: str) -> str:
    yy, station, serial = split(cid)
    return f"{yy}{LK.real_station(station)}{int(serial)}"


def merged(station: str) -> bool:
    """A station of the release that is another one's spelling (`EFTOLONDON`, `PARISFR`)."""
    return LK.real_station(station) != station


@pytest.fixture(scope="module")
def well_formed_ids(cablegate_ids: list[str]) -> list[str]:
    """The well-formed ids of the release, apart from the few stations that are another one's
    spelling (EFTO stations and the like; see their own tests)."""
    out = [i for i in cablegate_ids if WELL_FORMED.match(i) and not merged(split(i)[1])]
    assert len(out) > 250_000
    return out


@pytest.fixture(scope="module")
def well_formed_id(well_formed_ids: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(well_formed_ids)  # built once: a strategy over 251k ids is costly


@pytest.fixture(scope="module")
def any_id(cablegate_ids: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(cablegate_ids)


@pytest.fixture(scope="module")
def efto_ids(cablegate_ids: list[str]) -> list[str]:
    out = [i for i in cablegate_ids if WELL_FORMED.match(i) and split(i)[1].startswith("EFTO")]
    assert out, "the id list has EFTO stations"
    return out


@pytest.fixture(scope="module")
def efto_id(efto_ids: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(efto_ids)


# --- variants of real ids ------------------------------------------------------------------


def test_every_well_formed_id_is_its_own_canonical(well_formed_ids: list[str]) -> None:
    bad = [i for i in well_formed_ids if canonical_id(i) != i]
    assert not bad, bad[:20]


@FIXTURE_OK
@given(data=st.data())
def test_written_variants_canonicalise_back(
    well_formed_id: st.SearchStrategy[str], data: st.DataObject
) -> None:
    cid = data.draw(well_formed_id, label="id")
    yy, station, serial = split(cid)
    place = data.draw(
        st.sampled_from(sorted({station, written_forms().get(station, station)})), label="place"
    )
    width = data.draw(st.integers(min_value=len(str(int(serial))), max_value=7), label="width")
    number = str(int(serial)).zfill(width)  # `002549`
    sep = st.text(alphabet=" ", min_size=0, max_size=3)
    gap = st.text(alphabet=" ", min_size=1, max_size=3)
    # A space between year and place is optional; between place and serial, optional too
    # (`06ALMATY2549`, `06 ALMATY 002549`), but required inside a multi-word place.
    written = (
        data.draw(sep)
        + yy
        + data.draw(sep)
        + data.draw(gap).join(place.split(" "))
        + data.draw(sep)
        + number
        + data.draw(sep)
    )
    if data.draw(st.booleans(), label="lower"):
        written = written.lower()
    assert canonical_id(written) == cid, written


@pytest.mark.parametrize(
    ("written", "cid"),
    [
        ("06 ALMATY 002549", "06ALMATY2549"),  # the seed's banner, with its year
        ("06almaty2549", "06ALMATY2549"),
        ("  06  ALMATY   2549 ", "06ALMATY2549"),
        ("09 USUN NEW YORK 000123", "09USUNNEWYORK123"),
        ("00 THE HAGUE 001695", "00THEHAGUE1695"),
        ("09 SAN JOSE 000525", "09SANJOSE525"),
        ("05 Sao Paulo 975", "05SAOPAULO975"),  # as cable/2006/03/06SAOPAULO348.html cites it
        ("66 BUENOS AIRES 2481", "66BUENOSAIRES2481"),
    ],
)
def test_written_forms(written: str, cid: str) -> None:
    assert canonical_id(written) == cid


def test_station_and_serial_with_a_year_argument() -> None:
    assert canonical_id("ALMATY 2549", year=2006) == "06ALMATY2549"
    assert canonical_id("USEU BRUSSELS 001638", year=2009) == "09USEUBRUSSELS1638"
    assert canonical_id("SECSTATE 95554", year=2009) == "09STATE95554"
    assert canonical_id("ALMATY 2549") is None  # no year: not an id


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "ALMATY",
        "06",
        "2549",
        "06 NOWHEREVILLE 12",
        "06ALMATY",
        "hello world",
        "06-12-12",
    ],
)
def test_not_ids(raw: str) -> None:
    assert canonical_id(raw) is None


# --- idempotence ---------------------------------------------------------------------------


@FIXTURE_OK
@given(data=st.data())
def test_idempotent_on_real_ids(any_id: st.SearchStrategy[str], data: st.DataObject) -> None:
    raw = data.draw(any_id)
    once = canonical_id(raw)
    assert once is not None or raw in {"06ASTANA", "092OF5"}
    if once is not None:
        assert canonical_id(once) == once
        assert CANONICAL.match(once)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ abcxyz.'-", max_size=30))
def test_idempotent_on_arbitrary_text(raw: str) -> None:
    once = canonical_id(raw)
    if once is not None:
        assert canonical_id(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_never_raises(raw: str) -> None:
    result = canonical_id(raw)
    assert result is None or isinstance(result, str)


# --- malformed ids -------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "canonical"), sorted(malformed().items()))
def test_malformed_ids_map_to_their_canonical(raw: str, canonical: str) -> None:
    if canonical:
        assert canonical_id(raw) == canonical
        assert canonical_id(raw.lower()) == canonical
        assert canonical_id(f" {raw} ") == canonical
    else:
        # `06ASTANA` (no serial), `092OF5` (a section of an unknown cable): no inference.
        assert canonical_id(raw) is None


def test_malformed_ids_of_the_release_are_the_table(cablegate_ids: list[str]) -> None:
    not_well_formed = {i for i in cablegate_ids if not WELL_FORMED.match(i)}
    assert not_well_formed <= set(malformed()), sorted(not_well_formed - set(malformed()))


def test_doubled_year_of_the_2011_08_release() -> None:
    # cable/1975/11/7575LIBREVILLE1895.html (2011-08 sample)
    assert canonical_id("7575LIBREVILLE1895") == "75LIBREVILLE1895"


def test_section_run_into_the_id() -> None:
    # cable/2009/06/09SECTION01OF03SANJOSE525.html
    assert canonical_id("09SECTION01OF03SANJOSE525") == "09SANJOSE525"
    # cable/2009/07/09SECTION02OF03QRIPOLI583.html
    assert canonical_id("09SECTION02OF03QRIPOLI583") == "09TRIPOLI583"


# --- EFTO stations -------------------------------------------------------------------------


def test_efto_ids_canonicalise_to_the_station(efto_ids: list[str]) -> None:
    # cable/2008/11/08EFTOLONDON2883.html: banner `UNCLAS E F T O LONDON 002883`
    assert canonical_id("08EFTOLONDON2883") == "08LONDON2883"
    bad = [(i, canonical_id(i)) for i in efto_ids if canonical_id(i) != expected_canonical(i)]
    assert not bad, bad[:20]


def test_efto_stations_are_known_base_stations(efto_ids: list[str]) -> None:
    for cid in efto_ids:
        _yy, station, _serial = split(cid)
        assert station[4:] in LK.stations, cid


@FIXTURE_OK
@given(data=st.data())
def test_efto_written_forms_canonicalise_to_the_station(
    efto_id: st.SearchStrategy[str], data: st.DataObject
) -> None:
    cid = data.draw(efto_id)
    yy, station, serial = split(cid)
    written = written_forms()[station]  # `E F T O LONDON`, as the banners write it
    assert canonical_id(f"{yy} {written} {int(serial):06d}") == expected_canonical(cid)


# --- station spellings (issue 8, point 3) --------------------------------------------------


def test_the_stations_that_are_another_one_s_spelling(cablegate_ids: list[str]) -> None:
    # The release's own ids under these stations canonicalise to the station it uses for the
    # post: handling captions read into the place, an address prefix, the UNESCO mission's
    # three names.
    merges = {
        s: LK.real_station(s)
        for s in {split(i)[1] for i in cablegate_ids if WELL_FORMED.match(i)}
        if merged(s)
    }
    assert {s: t for s, t in merges.items() if not s.startswith("EFTO")} == {
        "AMEMBASSYHANOI": "HANOI",
        "NOFORNMOGADISHU": "MOGADISHU",
        "SIFIEDABUJA": "ABUJA",
        "PARISFR": "UNESCOPARISFR",
        "UNESCOPARIS": "UNESCOPARISFR",
    }
    assert all(t == s[4:] for s, t in merges.items() if s.startswith("EFTO"))
    assert (
        canonical_id("09PARISFR1407")
        == canonical_id("09UNESCOPARISFR1407")
        == ("09UNESCOPARISFR1407")
    )


@pytest.mark.parametrize(
    ("written", "cid"),
    [
        ("06SECSTATE123", "06STATE123"),
        ("06 SECSTATE 000123", "06STATE123"),
        ("06 SECSTATE WASHDC 123", "06STATE123"),
        ("09 RIO DE JAN 353", "09RIODEJANEIRO353"),  # page lines of 09RIODEJANEIRO353
        ("09RIODEJAN353", "09RIODEJANEIRO353"),
        ("09RIO346", "09RIODEJANEIRO346"),
        ("09EMBASSYVIENNA1450", "09VIENNA1450"),
        ("09 AMEMBASSY VIENNA 1450", "09VIENNA1450"),
        ("09UNVIE322", "09UNVIEVIENNA322"),
        ("09USUNESCOPARISFR1312", "09UNESCOPARISFR1312"),
        ("09PARISFR1312", "09UNESCOPARISFR1312"),
        ("05 SAO PAULO 975", "05SAOPAULO975"),
        ("06 AMCONSUL SAO PAULO 348", "06SAOPAULO348"),
        ("06 USMISSION USNATO 5", "06USNATO5"),
        ("06 USDEL GENEVA 5", "06GENEVA5"),
        ("75TELAV5348", "75TELAVIV5348"),  # NARA's cut: 1975TELAV05348
        ("1975TELAV05348", "75TELAVIV5348"),
        ("73BUENOS3147", "73BUENOSAIRES3147"),  # NARA 1973BUENOS03147
        ("79VATICA1261", "79VATICAN1261"),  # 1970s page lines: `PAGE 02 VATICA 01261`
        ("76 USUN 3870", "76USUNNEWYORK3870"),  # NARA: `(A) USUN 3870 (NOTAL)`
        ("75PEKING12", "75BEIJING12"),  # a former name
        ("2008 KABUL 3312", "08KABUL3312"),
    ],
)
def test_station_spellings(written: str, cid: str) -> None:
    assert canonical_id(written) == cid
    assert canonical_id(written.lower()) == cid


def test_a_station_no_table_knows_stays_as_written() -> None:
    assert canonical_id("06FOOBAR123") == "06FOOBAR123"
    assert canonical_id("06 FOOBAR 000123") is None  # not written as an id: no station, no id
    assert canonical_id("06BANGOK12") == "06BANGOK12"  # a one-off misspelling of the release


@cache
def spellings_and_stations() -> list[str]:
    """Every spelling of the derived table, every station, and every written form."""
    return sorted({*station_spellings(), *stations(), *written_forms().values()})


@FIXTURE_OK
@given(data=st.data())
def test_idempotent_on_every_spelling(data: st.DataObject) -> None:
    place = data.draw(st.sampled_from(spellings_and_stations()), label="place")
    yy = data.draw(st.sampled_from(["06", "75", "2008", "1979"]), label="year")
    serial = data.draw(st.integers(min_value=0, max_value=999_999), label="serial")
    sep = data.draw(st.sampled_from(["", " "]), label="sep")
    written = f"{yy}{sep}{place}{sep}{serial:0{data.draw(st.integers(0, 7))}d}"
    once = canonical_id(written)
    assume(once is not None)
    assert canonical_id(once) == once, written
    assert CANONICAL.match(once)
    # The station is one of the release, or the place as written when no table knows it.
    station = CANONICAL.match(once).group(2)  # type: ignore[union-attr]
    assert station in stations() and not merged(station), written


@settings(max_examples=500, deadline=None)
@given(st.from_regex(r"\A(?:19|20)?\d{2} ?[A-Z]{2,20}(?: [A-Z]{2,10}){0,2} ?0*\d{1,7}\Z"))
def test_idempotent_on_generated_ids(raw: str) -> None:
    once = canonical_id(raw)
    if once is not None:
        assert canonical_id(once) == once, raw
