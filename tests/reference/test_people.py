"""The tables of people's positions and names: titles, offices, person TAGS, given names."""

from __future__ import annotations

import re

from cablearchive.reference import (
    OFFICE_KINDS,
    TITLE_KINDS,
    Office,
    PersonTag,
    Title,
    given_names,
    offices,
    person_tags,
    tag_typos,
    tags,
    titles,
)

from .conftest import CorpusPage


def test_known_titles() -> None:
    assert titles()["DCM"] == Title("DCM", "title", "Deputy Chief of Mission")
    assert titles()["AMB"] == Title("AMB", "title", "Ambassador")  # `Amb.`, as written
    assert titles()["A/DCM"].meaning == "Acting Deputy Chief of Mission"
    assert titles()["POLCOUNS"].meaning == "Political Counselor"
    assert titles()["A/S"].meaning == "Assistant Secretary"
    assert titles()["CDA"].meaning == "Charge d'Affaires"
    assert titles()["D'AFFAIRES"].kind == "qualifier"
    assert titles()["ACTING"].kind == "qualifier"
    assert titles()["POLITICAL"].kind == "field"
    assert titles()["OF"].kind == "connector"


def test_known_offices() -> None:
    assert offices()["EAP"] == Office("EAP", "bureau", "Bureau of East Asian and Pacific Affairs")
    for code in ("EUR", "WHA", "NEA", "SCA", "AF", "ISN", "S/ES", "INR", "IO"):
        assert offices()[code].kind == "bureau", code
    for code in ("POL", "ECON", "P/E", "PAS"):
        assert offices()[code].kind == "section", code
    assert offices()["USEU"].kind == "mission"
    assert offices()["STATE"].meaning == "Department of State"
    assert offices()["EMBASSY"].kind == "post"


def test_table_shapes() -> None:
    assert {t.kind for t in titles().values()} == set(TITLE_KINDS)
    assert {o.kind for o in offices().values()} == set(OFFICE_KINDS)
    for key, t in titles().items():
        # keys are how words are looked up: upper case, no dots, straight apostrophes
        assert key == t.written and key == key.upper() and "." not in key and "’" not in key
        assert t.meaning
    for key, o in offices().items():
        assert key == o.code and key == key.upper() and "." not in key
        assert o.meaning
    # a written word is a title word or an office, never both
    assert not set(titles()) & set(offices())


def test_person_tags() -> None:
    table = person_tags()
    assert table["RICE, CONDOLEEZZA"] == PersonTag("RICE, CONDOLEEZZA", "RICE", "CONDOLEEZZA", 2)
    assert table["STEINBERG, JAMES B."].given == "JAMES B."
    assert table["MQADHAFI"].given == ""
    codes = set(tags()) | set(tag_typos())
    for tag, p in table.items():
        assert tag == (f"{p.surname}, {p.given}" if p.given else p.surname)
        assert p.count >= 1
        # no TAGS code is part of a name
        assert not {p.surname, *p.given.replace(".", "").split()} & codes, tag


def test_person_tags_are_on_their_pages(corpus_pages: list[CorpusPage]) -> None:
    """The site links the words of a person tag as tags of their own (not those written in
    parentheses): each entry of the table is on some page."""
    for tag, p in person_tags().items():
        words = [p.surname, *p.given.replace(".", "").split()]
        words = [w for w in words if len(w) > 1]
        pages = [c for c in corpus_pages if all(w in c.tags for w in words)]
        assert pages, tag


def test_given_names() -> None:
    names = given_names()
    assert len(names) > 200
    assert {"JOHN", "MARGARET", "ROBERT", "HILLARY", "CONDOLEEZZA"} <= names
    codes = set(tags()) | set(tag_typos())
    surnames = {p.surname for p in person_tags().values()}
    for name in names:
        assert re.fullmatch(r"[A-Z][A-Z'-]+", name), name
        assert name not in codes and name not in surnames, name
