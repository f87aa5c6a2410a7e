"""Which of the statistical model's names `cables enrich people` keeps (`NameCheck`): names
the model tagged in the NARA train telegrams, kept or dropped."""

from __future__ import annotations

import pytest

from cablearchive.people.enrichment import NameCheck


@pytest.fixture(scope="module")
def check() -> NameCheck:
    return NameCheck.load()


@pytest.mark.parametrize(
    "written",
    [
        "EXEMPT",  # ordinary words (1973MOSCOW15075, 1979KAMPAL00452, 1979PORTL00665)
        "REASSIGNED",
        "SOVIET NAVAL",
        "BUCHAREST",  # a place (a station's name)
        "BEGIN",  # the verb, where no rule names Menachem Begin in the cable
        "",
    ],
)
def test_dropped(check: NameCheck, written: str) -> None:
    assert not check.keeps(written)


@pytest.mark.parametrize(
    "written",
    [
        "KORNIYENKO",  # 1973MOSCOW15075
        "HERZL SHAFIR",
        "MOBERLY",
        "FREEMAN",  # a surname made of two words (1979STATE317223)
        "DR. ARNOLD",
        "Moussa",  # 09CAIRO1788
    ],
)
def test_kept(check: NameCheck, written: str) -> None:
    assert check.keeps(written)


def test_an_ordinary_word_named_by_the_rules_in_the_cable_is_kept(check: NameCheck) -> None:
    # `PRIME MINISTER BEGIN ... BEGIN SAID`: the titled name makes the bare one a person.
    assert check.keeps("BEGIN", {"BEGIN"})
    assert not check.keeps("BEGIN", {"RABIN"})
    # A surname of ordinary words beside a given name that is none is kept.
    assert check.keeps("MENACHEM BEGIN")
