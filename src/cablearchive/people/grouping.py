"""Spellings into people, by rules one paragraph can say (README, "People"):

1. Names are grouped by surname (accents and case aside).
2. Names with a first given name are one person per first given name, unless their middle
   names or initials disagree (`John A. Smith`, `John B. Smith`: two people).
3. A name with an initial for its first given name (`J. Ordway`) joins the one person of its
   surname whose first given name has that initial; where there are several, the one seen at
   the same post within a year; else it is a person of its own.
4. A surname alone (`ORDWAY` signing an Almaty cable of 2006) joins the one person of that
   surname seen at the same post within a year (of several, the one seen with the same title,
   `President Mubarak` being Hosni, not Gamal; or one seen there far more often than the
   others: a misspelt `Magaret Scobey` does not make `SCOBEY` two people's); where there is
   none, a titled surname (`President Mubarak` in a cable of Tel Aviv) joins the one person of
   that surname seen with that title within a year, anywhere. A titled surname joins only a
   person seen with that title or with none (`Mrs. Mubarak` is not the President, nor, as a
   woman's title, anyone seen without it). Else the surname's lone
   appearances at one post in one capacity are one person (the mission's own people, who sign,
   classify or are titled Ambassador, DCM or Charge, apart from a `Minister Ordway` or a
   `President Ordway` named there); where there are several, it is a person of its own.
   Where the rules cannot decide, two people are kept.

Pure: observations in, people out; the post of an observation is the origin of its cable. An
observation may stand for many names alike (`count`): an archive's names are grouped by what
the rules read of them, not one by one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

from cablearchive.people.names import PersonName

Role = Literal["signer", "classifier", "tagged", "mentioned"]
ROLES: tuple[Role, ...] = get_args(Role)  # in this order wherever roles are listed
NEAR_YEARS = 1  # "at the same post within a year"
WOMENS_TITLES = frozenset(
    {"Mrs.", "Ms.", "Dame", "Madame", "Lady", "First Lady", "Second Lady", "Princess", "Queen"}
)
# Of several people present, one with this many times the names of the next is the one meant.
DOMINANT = 5
# Titles of a mission's own people: a mention so titled is the post's signer's kind of person.
MISSION_TITLES = frozenset(
    {"Ambassador", "Charge d'Affaires", "Deputy Chief of Mission", "Consul General"}
)


@dataclass(frozen=True, slots=True)
class Observation:
    """One name in one cable, in one role."""

    name: PersonName
    role: Role
    cable_id: str  # the first cable of the names it stands for
    post: str | None  # the origin of the cable
    year: int | None
    title: str | None = None  # what the title before a mention means: `Foreign Minister`
    count: int = 1  # the names alike it stands for

    @property
    def capacity(self) -> str:
        """In what capacity a lone surname is seen (rule 4): `mission` for the people of the
        post itself, else the title written before it (`Foreign Minister`)."""
        if self.role in ("signer", "classifier") or self.title in MISSION_TITLES:
            return "mission"
        return self.title or self.role


@dataclass(slots=True)
class Person:
    key: str
    name: str  # the fullest spelling, displayed: `James F. Moriarty`
    surname: str
    given: tuple[str, ...]
    observations: list[Observation] = field(default_factory=list)

    # post -> the years seen there: what `present` asks, kept as observations are added.
    _seen: dict[str, set[int]] = field(default_factory=dict, repr=False)
    titles: set[str] = field(default_factory=set, repr=False)  # written before its names
    _years: set[int] = field(default_factory=set, repr=False)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every spelling seen, most frequent first."""
        counts: Counter[str] = Counter()
        for o in self.observations:
            counts[o.name.written] += o.count
        return tuple(s for s, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    names: int = 0  # the names its observations stand for

    def add(self, o: Observation) -> None:
        self.observations.append(o)
        self.names += o.count
        if o.title:
            self.titles.add(o.title)
        if o.year is not None:
            self._years.add(o.year)
        if o.post is not None and o.year is not None:
            self._seen.setdefault(o.post, set()).add(o.year)

    def seen_near(self, year: int) -> bool:
        """Whether the person was seen anywhere within a year of `year`."""
        return any(y in self._years for y in range(year - NEAR_YEARS, year + NEAR_YEARS + 1))

    def present(self, post: str | None, year: int | None) -> bool:
        """Whether the person was seen at `post` within a year of `year`."""
        if post is None or year is None:
            return False
        years = self._seen.get(post)
        return years is not None and any(
            y in years for y in range(year - NEAR_YEARS, year + NEAR_YEARS + 1)
        )


def group_people(observations: Iterable[Observation]) -> list[Person]:
    """The people the observations name, each with its observations, by key."""
    by_surname: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        by_surname[o.name.surname].append(o)
    people: list[Person] = []
    for surname in sorted(by_surname):
        people.extend(_people_of_surname(surname, by_surname[surname]))
    _give_keys(people)
    return sorted(people, key=lambda p: p.key)


def _people_of_surname(surname: str, seen: list[Observation]) -> list[Person]:
    alone = [o for o in seen if not o.name.given]
    people: list[Person] = []
    # Rules 2 and 3: the fullest names first; a shorter one (`Robert Patterson`, `W.R.
    # Pearson`) joins the one person it can be, else (two or more it can be, none seen at its
    # post then) the person of exactly that spelling of the given names.
    fullest_first = sorted(
        (o for o in seen if o.name.given),
        key=lambda o: (len(o.name.given[0]) == 1, -len(o.name.given), o.name.given),
    )
    for o in fullest_first:
        candidates = [p for p in people if _same_given(p.given, o.name.given)]
        match = _one(candidates, o)
        if match is None:
            match = next((p for p in people if p.given == o.name.given), None)
        if match is None:
            match = Person("", "", surname, o.name.given)
            people.append(match)
        match.add(o)
    # Rule 4: a surname alone joins the one person seen at its post then.
    named = [p for p in people if p.given]
    lone: dict[tuple[str | None, str], Person] = {}
    undecided: dict[tuple[str | None, int | None, str], Person] = {}
    for o in sorted(alone, key=lambda o: (o.post or "", o.year or 0, o.cable_id)):
        chosen, several = _choose(named, o)
        if chosen is not None:
            chosen.add(o)
        elif several:  # several people of that surname there then: undecided, kept apart
            where = (o.post, o.year, o.capacity)
            if where not in undecided:
                undecided[where] = Person("", "", surname, ())
                people.append(undecided[where])
            undecided[where].add(o)
        else:
            key = (o.post, o.capacity)
            if key not in lone:
                lone[key] = Person("", "", surname, ())
                people.append(lone[key])
            lone[key].add(o)
    # Years are read in order, so a `President Mubarak` of 2006 came before the named one
    # was seen in 2007: a lone surname whose every name now has one person joins it.
    for person in lone.values():
        choices = {id(c): c for o in person.observations if (c := _choose(named, o)[0])}
        if len(choices) == 1 and all(_choose(named, o)[0] for o in person.observations):
            (chosen,) = choices.values()
            for o in person.observations:
                chosen.add(o)
            people.remove(person)
    for p in people:
        p.name = _display(p)
    return people


def _same_given(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names that can be one person's: each pair of parts at the same place agrees (an
    initial agrees with a name it begins)."""
    for x, y in zip(a, b, strict=False):
        if len(x) == 1 or len(y) == 1:
            if x[0] != y[0]:
                return False
        elif x != y:
            return False
    return True


def _one(candidates: list[Person], o: Observation) -> Person | None:
    if len(candidates) == 1:
        return candidates[0]
    return _dominant([p for p in candidates if p.present(o.post, o.year)])


def _choose(named: list[Person], o: Observation) -> tuple[Person | None, bool]:
    """The person a surname alone is (rule 4), and whether several were there to choose from.
    A titled surname may be only a person seen with that title or with none (`Mrs. Mubarak`
    is not the President)."""
    present = [p for p in named if p.present(o.post, o.year) and _may_be(p, o)]
    titled = [p for p in present if o.title in p.titles]
    chosen = _dominant(titled or present)
    if chosen is None and not present and o.title and o.year is not None:
        year = o.year
        chosen = _dominant([p for p in named if o.title in p.titles and p.seen_near(year)])
    return chosen, chosen is None and len(present) > 1


def _may_be(person: Person, o: Observation) -> bool:
    if not o.title or o.title in person.titles:
        return True
    # `Mrs. Mubarak` is not the `Gamal Mubarak` named without a title: a woman's honorific
    # takes only a person seen with it.
    return not person.titles and o.title not in WOMENS_TITLES


def _dominant(present: list[Person]) -> Person | None:
    """The one person present, or the one named `DOMINANT` times as often as any other."""
    if len(present) <= 1:
        return present[0] if present else None
    sizes = sorted(((p.names, n) for n, p in enumerate(present)), reverse=True)
    (most, at), (second, _) = sizes[0], sizes[1]
    return present[at] if most >= DOMINANT * second else None


def _display(person: Person) -> str:
    fullest = max(
        (o.name for o in person.observations),
        key=lambda n: (len(n.given), sum(len(g) for g in n.given), n.written),
    )
    shown = fullest.display()
    if not person.given:
        titles = {o.title for o in person.observations if o.capacity != "mission"}
        if len(titles) == 1 and (title := titles.pop()):
            shown = f"{title} {shown}"  # `Foreign Minister Tokayev`
        posts = sorted({o.post for o in person.observations if o.post})
        if len(posts) == 1:
            return f"{shown} ({posts[0]})"
    return shown


_SLUG = re.compile(r"[^a-z0-9]+")


def _give_keys(people: list[Person]) -> None:
    """Keys for URLs, from the displayed name (`james-f-moriarty`); people shown alike get
    a number after the first (`ordway-2`), in a stable order."""
    people.sort(key=lambda p: (p.name, min(o.cable_id for o in p.observations)))
    used: Counter[str] = Counter()
    for p in people:
        base = _SLUG.sub("-", p.name.lower()).strip("-") or "person"
        used[base] += 1
        p.key = base if used[base] == 1 else f"{base}-{used[base]}"
