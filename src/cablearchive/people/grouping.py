"""Spellings into people, by rules one paragraph can say (README, "People"):

1. Names are grouped by surname (accents and case aside).
2. Names with a first given name are one person per first given name, unless their middle
   names or initials disagree (`John A. Smith`, `John B. Smith`: two people).
3. A name with an initial for its first given name (`J. Ordway`) joins the one person of its
   surname whose first given name has that initial; where there are several, the one seen at
   the same post within a year; else it is a person of its own.
4. A surname alone (`ORDWAY` signing an Almaty cable of 2006) joins the one person of that
   surname seen at the same post within a year; where there is none, the surname's lone
   appearances at one post are one person; where there are several, it is a person of its own.
   Where the rules cannot decide, two people are kept.

Pure: observations in, people out; the post of an observation is the origin of its cable.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from cablearchive.people.names import PersonName

Role = Literal["signer", "classifier", "tagged", "mentioned"]
NEAR_YEARS = 1  # "at the same post within a year"


@dataclass(frozen=True, slots=True)
class Observation:
    """One name in one cable, in one role."""

    name: PersonName
    role: Role
    cable_id: str
    post: str | None  # the origin of the cable
    year: int | None


@dataclass(slots=True)
class Person:
    key: str
    name: str  # the fullest spelling, displayed: `James F. Moriarty`
    surname: str
    given: tuple[str, ...]
    observations: list[Observation] = field(default_factory=list)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every spelling seen, most frequent first."""
        counts = Counter(o.name.written for o in self.observations)
        return tuple(s for s, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def present(self, post: str | None, year: int | None) -> bool:
        """Whether the person was seen at `post` within a year of `year`."""
        if post is None or year is None:
            return False
        return any(
            o.post == post and o.year is not None and abs(o.year - year) <= NEAR_YEARS
            for o in self.observations
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
        match.observations.append(o)
    # Rule 4: a surname alone joins the one person seen at its post then.
    lone: dict[str | None, Person] = {}
    for o in sorted(alone, key=lambda o: (o.post or "", o.year or 0, o.cable_id)):
        present = [p for p in people if p.given and p.present(o.post, o.year)]
        if len(present) == 1:
            present[0].observations.append(o)
            continue
        if present:  # several people of that surname there then: undecided, kept apart
            people.append(Person("", "", surname, (), [o]))
            continue
        if o.post not in lone:
            lone[o.post] = Person("", "", surname, ())
            people.append(lone[o.post])
        lone[o.post].observations.append(o)
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
    present = [p for p in candidates if p.present(o.post, o.year)]
    return present[0] if len(present) == 1 else None


def _display(person: Person) -> str:
    fullest = max(
        (o.name for o in person.observations),
        key=lambda n: (len(n.given), sum(len(g) for g in n.given), n.written),
    )
    shown = fullest.display()
    if not person.given:
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
