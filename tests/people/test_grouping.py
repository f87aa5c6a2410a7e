"""Spellings into people, on names as the shared Cablegate pages write them (classifiers and
signers of the same posts and years, read from the site corpus)."""

from __future__ import annotations

import pytest

from cablearchive.people import Observation, group_people, read_name
from cablearchive.people.grouping import Role

TITLES = {"AMB", "AMBASSADOR", "DCM", "CHARGE"}


def seen(
    written: str,
    role: Role,
    post: str,
    year: int,
    cable: str = "",
    title: str | None = None,
    count: int = 1,
) -> Observation:
    name = read_name(written, TITLES)
    assert name is not None
    cable = cable or f"{year}{post[:6]}{written[:3]}"
    return Observation(name, role, cable, post, year, title, count)


@pytest.mark.parametrize(
    ("written", "surname", "given", "shown"),
    [
        ("W.R. Pearson", "PEARSON", ("W", "R"), "W. R. Pearson"),
        ("W. Robert Pearson", "PEARSON", ("W", "ROBERT"), "W. Robert Pearson"),
        ("PEARSON", "PEARSON", (), "Pearson"),
        ("ANNE W. PATTERSON", "PATTERSON", ("ANNE", "W"), "Anne W. Patterson"),
        ("RICE, CONDOLEEZZA", "RICE", ("CONDOLEEZZA",), "Condoleezza Rice"),  # a person TAG
        ("Robert O. Blake, Jr", "BLAKE", ("ROBERT", "O"), "Robert O. Blake, Jr"),
        ("Amb. John Ordway", "ORDWAY", ("JOHN",), "John Ordway"),
        ("E. ASHLEY WILLS", "WILLS", ("E", "ASHLEY"), "E. Ashley Wills"),
        ("Thompson-Jones", "THOMPSON-JONES", (), "Thompson-Jones"),
    ],
)
def test_a_written_name_is_read_into_its_parts(
    written: str, surname: str, given: tuple[str, ...], shown: str
) -> None:
    name = read_name(written, TITLES)
    assert name is not None
    assert (name.surname, name.given, name.display()) == (surname, given, shown)


def test_nothing_but_titles_is_no_name() -> None:
    assert read_name("Ambassador", TITLES) is None
    assert read_name("  ", TITLES) is None


def test_one_ambassador_through_posts_and_spellings() -> None:
    """Anne W. Patterson classified cables of Bogota in 2002 and of Islamabad in 2007-2010,
    which `PATTERSON` (or `Patterson`) signed."""
    people = group_people(
        [
            seen("ANNE W. PATTERSON", "classifier", "Embassy Bogota", 2002),
            seen("PATTERSON", "signer", "Embassy Bogota", 2002),
            *[
                seen("Anne W. Patterson", "classifier", "Embassy Islamabad", y)
                for y in (2007, 2010)
            ],
            seen("PATTERSON", "signer", "Embassy Islamabad", 2008),
            seen("Patterson", "signer", "Embassy Islamabad", 2009),
        ]
    )
    assert [(p.key, p.name, len(p.observations)) for p in people] == [
        ("anne-w-patterson", "Anne W. Patterson", 6)
    ]
    assert people[0].spellings[0] in ("ANNE W. PATTERSON", "Anne W. Patterson", "PATTERSON")


def test_two_people_of_one_surname_stay_two() -> None:
    """Another Patterson, Robert (Moscow 2007-2008), is not Anne W. Patterson; a lone
    `PATTERSON` at Moscow in 2008 is him, the one Patterson there then."""
    people = group_people(
        [
            seen("Anne W. Patterson", "classifier", "Embassy Islamabad", 2008),
            seen("Robert Patterson", "classifier", "Embassy Moscow", 2008),
            seen("PATTERSON", "signer", "Embassy Moscow", 2008),
            seen("PATTERSON", "signer", "Embassy Islamabad", 2009),
        ]
    )
    by_name = {p.name: p for p in people}
    assert set(by_name) == {"Anne W. Patterson", "Robert Patterson"}
    assert {o.post for o in by_name["Robert Patterson"].observations} == {"Embassy Moscow"}
    assert len(by_name["Anne W. Patterson"].observations) == 2


def test_initials_join_the_one_name_they_can_be() -> None:
    """W.R. Pearson and W. Robert Pearson classified Ankara's cables in 2002-2003, signed
    PEARSON: one person."""
    people = group_people(
        [
            seen("W.R. Pearson", "classifier", "Embassy Ankara", 2002),
            seen("W. Robert Pearson", "classifier", "Embassy Ankara", 2003),
            seen("PEARSON", "signer", "Embassy Ankara", 2003),
        ]
    )
    assert [(p.name, len(p.observations)) for p in people] == [("W. Robert Pearson", 3)]


def test_a_surname_alone_is_undecided_between_two_people_there_then() -> None:
    people = group_people(
        [
            seen("John A. Smith", "classifier", "Embassy Dakar", 2010),
            seen("John B. Smith", "classifier", "Embassy Dakar", 2010),  # middle initials differ
            seen("SMITH", "signer", "Embassy Dakar", 2010),
        ]
    )
    assert sorted(p.name for p in people) == [
        "John A. Smith",
        "John B. Smith",
        "Smith (Embassy Dakar)",
    ]


def test_a_surname_alone_with_nobody_to_join_is_one_person_per_post() -> None:
    """JONES signed cables of Cairo (2005, 2007) and of Kuwait (2008-2010) with no full name
    beside: two people, one a post, as nothing says they are one."""
    people = group_people(
        [
            seen("JONES", "signer", "Embassy Cairo", 2005),
            seen("Jones", "signer", "Embassy Cairo", 2007),
            *[seen("JONES", "signer", "Embassy Kuwait", y) for y in (2008, 2009, 2010)],
        ]
    )
    assert [(p.key, p.name, len(p.observations)) for p in people] == [
        ("jones-embassy-cairo", "Jones (Embassy Cairo)", 2),
        ("jones-embassy-kuwait", "Jones (Embassy Kuwait)", 3),
    ]


def test_keys_are_unique_and_stable() -> None:
    observations = [
        seen("Robert Patterson", "classifier", "Embassy Moscow", 2008, "08MOSCOW1"),
        seen("Robert Patterson", "tagged", "Embassy Nairobi", 2009, "09NAIROBI1"),
        seen("Robert A. Patterson", "classifier", "Embassy Accra", 2001, "01ACCRA1"),
        seen("Robert B. Patterson", "classifier", "Embassy Lima", 2001, "01LIMA1"),
    ]
    first = [(p.key, p.name) for p in group_people(observations)]
    again = [(p.key, p.name) for p in group_people(list(reversed(observations)))]
    assert first == again
    # `Robert Patterson` could be either of the two with a middle initial: kept apart.
    assert first == [
        ("robert-a-patterson", "Robert A. Patterson"),
        ("robert-b-patterson", "Robert B. Patterson"),
        ("robert-patterson", "Robert Patterson"),
    ]


def test_a_misspelt_name_does_not_split_the_signers() -> None:
    """10CAIRO183 is `CLASSIFIED BY: Magaret Scobey, Ambassador` (sic); Margaret Scobey
    classified 101 cables of Cairo, and SCOBEY signed 433: they are hers, the one seen there
    five times as often; the misspelling stays a person of its own."""
    people = group_people(
        [
            seen("Margaret Scobey", "classifier", "Embassy Cairo", 2009, count=60),
            seen("Margaret Scobey", "classifier", "Embassy Cairo", 2010, count=41),
            seen("Magaret Scobey", "classifier", "Embassy Cairo", 2010, "10CAIRO183"),
            seen("SCOBEY", "signer", "Embassy Cairo", 2010, count=96),
        ]
    )
    names = {p.name: p.names for p in people}
    assert names == {"Margaret Scobey": 197, "Magaret Scobey": 1}


def test_a_titled_surname_is_the_person_seen_with_that_title() -> None:
    """`President Mubarak` in Cairo is Hosni Mubarak (named so, titled President), not his son
    Gamal named there too; in a cable of Tel Aviv, where neither is named in full, it is still
    the one Mubarak seen titled President that year; `Mrs. Mubarak` is neither."""
    people = group_people(
        [
            seen("Hosni Mubarak", "mentioned", "Embassy Cairo", 2008, title="President"),
            seen("Gamal Mubarak", "mentioned", "Embassy Cairo", 2008, count=6),
            seen("Mubarak", "mentioned", "Embassy Cairo", 2008, title="President", count=40),
            seen("Mubarak", "mentioned", "Embassy Tel Aviv", 2008, title="President"),
            seen("Mubarak", "mentioned", "Embassy Cairo", 2009, title="Mrs.", count=3),
        ]
    )
    names = {p.name: p.names for p in people}
    assert names == {
        "Hosni Mubarak": 42,
        "Gamal Mubarak": 6,
        "Mrs. Mubarak (Embassy Cairo)": 3,
    }


def test_a_surname_read_before_its_full_name_joins_it_after() -> None:
    """06CAIRO941 names `President Mubarak` in 2006; his full name first comes in 2008: the
    years are read in order, and the lone surname joins him once all are read."""
    people = group_people(
        [
            seen("Mubarak", "mentioned", "Embassy Cairo", 2006, "06CAIRO941", "President"),
            seen("Mubarak", "mentioned", "Embassy Cairo", 2007, title="President"),
            seen("Hosni Mubarak", "mentioned", "Embassy Cairo", 2008, title="President"),
        ]
    )
    assert [(p.name, p.names) for p in people] == [("Hosni Mubarak", 3)]
