"""How well people (and government bodies) found in a telegram match the NARA annotations: the
one scoring that the model's training figures and `benchmarks/people.py` both use.

People: an annotated person (`PER.IND...`) counts as found when a person found in that
telegram, grouped by surname, has the surname among the words of one of its mentions (every
word of a surname of several: `VAN LENNEP`); a person found is right when its surname is
among the mention words of an annotated person.
Organisations (`ORG.GOV...`): an annotated body is found when a body found has the folded
spelling of one of its mentions; a body found is right when it is such a spelling. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cablearchive.people.names import fold, read_name
from cablearchive.sources import RawDocument

_POSSESSIVE = re.compile(r"\s*['’]\s*S$")
_EDGES = ",.;:'\"()[]- \n\t"


@dataclass
class Score:
    annotated: int = 0
    found: int = 0
    predicted: int = 0
    right: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    def add(self, other: Score) -> None:
        self.annotated += other.annotated
        self.found += other.found
        self.predicted += other.predicted
        self.right += other.right

    def as_dict(self) -> dict[str, float | int]:
        return {
            "annotated": self.annotated,
            "found": self.found,
            "recall": round(self.recall, 4),
            "predicted": self.predicted,
            "right": self.right,
            "precision": round(self.precision, 4),
        }


def split_of(doc: RawDocument) -> str | None:
    """`train`, `dev`, `test` or `unittest`: the split a NARA telegram's path names."""
    member = (doc.source.member or doc.source.path or "").replace("\\", "/")
    for split in ("train", "dev", "test", "unittest"):
        if f"/{split}/" in member:
            return split
    return None


def spelling(text: str) -> str:
    """A mention's spelling for comparison: folded, one space, possessive and edges off."""
    folded = " ".join(fold(text).split()).strip(_EDGES)
    return _POSSESSIVE.sub("", folded).strip(_EDGES)


def surname_of(written: str) -> str | None:
    """The surname a found person is grouped by: `read_name`'s, possessive off."""
    name = read_name(_POSSESSIVE.sub("", " ".join(written.split())))
    return name.surname if name is not None else None


def mention_words(doc: RawDocument, spans: Iterable[tuple[int, int]]) -> set[str]:
    """The words of an entity's mentions, folded, possessives off (`CARTER'S` -> `CARTER`)."""
    return {spelling(w) for start, end in spans for w in doc.text[start:end].split()}


def _covers(surname: str, words: set[str]) -> bool:
    """A surname of several words (`VAN LENNEP`, `DE LA TORRE`) is in a mention when all are."""
    return all(part in words for part in surname.split())


def score_people(doc: RawDocument, found_names: Iterable[str]) -> Score:
    """The people score of one telegram, given the names found in it as written."""
    annotated = [
        mention_words(doc, e.spans) for e in doc.entities if e.type and e.type.startswith("PER.IND")
    ]
    surnames = {s for s in map(surname_of, found_names) if s}
    return Score(
        annotated=len(annotated),
        found=sum(1 for words in annotated if any(_covers(s, words) for s in surnames)),
        predicted=len(surnames),
        right=sum(1 for s in surnames if any(_covers(s, words) for words in annotated)),
    )


def score_bodies(doc: RawDocument, found_texts: Iterable[str], prefix: str = "ORG.GOV") -> Score:
    """The organisations score of one telegram, given the bodies found in it as written."""
    annotated = [
        {spelling(doc.text[a:b]) for a, b in e.spans} - {""}
        for e in doc.entities
        if e.type and e.type.startswith(prefix)
    ]
    found = {s for s in map(spelling, found_texts) if s}
    return Score(
        annotated=len(annotated),
        found=sum(1 for spellings in annotated if spellings & found),
        predicted=len(found),
        right=sum(1 for s in found if any(s in spellings for spellings in annotated)),
    )
