"""The people enrichment's work: the names of a batch of cables that the ingest leaves out,
those opened by a first name (`ROBERT HELANDER`, people/mentions.py) and, where a model is
given, those a statistical model finds (run by enrich/runner.py in this process, on a process
pool or on a Dask cluster; stored by store/enrichments.py). Pure but for the model:
paragraphs in, names out."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from cablearchive.people.mentions import inflects, mention_rules, no_name_words
from cablearchive.people.names import fold, read_name
from cablearchive.reference.people import common_words

if TYPE_CHECKING:  # spaCy is loaded by whoever runs the work, not by importing this
    from cablearchive.people.model import PersonModel

# What the model finds that a person record is made of.
PERSON_LABEL = "PER"
# The source recorded on the names the first-name rule reads; raise the version when the
# rule or its tables change, and every cable is read again.
FIRST_NAMES = "first-name rule"
FIRST_NAMES_VERSION = 2  # 2: more words in common_words.csv; the model's names checked
# Words before a surname that are no part of a name (`DR. ARNOLD`).
_HONORIFICS = frozenset({"DR", "MR", "MRS", "MS", "MISS", "PROF"})


def enrichment_name(model: str | None) -> str:
    """What an enrichment run is recorded as on each cable it reads: the first-name rule's
    version and the model's `name version`, if any (another one reads the cables again)."""
    rule = f"{FIRST_NAMES} {FIRST_NAMES_VERSION}"
    return rule if model is None else f"{model} + {rule}"


class ModelName(NamedTuple):
    """A name found in a cable: `written` at [start, end) of paragraph `paragraph`, by the
    first-name rule (`by_rule`) or the model."""

    written: str
    paragraph: int
    start: int
    end: int
    by_rule: bool = False


@dataclass(frozen=True)
class NameCheck:
    """Which of a model's names to keep. A statistical model trained on a few hundred
    telegrams also tags ordinary words and places as people (`EXEMPT`, `SOVIET NAVAL`,
    `BUCHAREST`). Dropped: a name whose every word is a word the corpus writes in lower case
    (or one's inflection), a place's or a title's, unless the rules or the cable's fields
    name that surname (`PRIME MINISTER BEGIN ... BEGIN SAID`, a `LODGE` signing). Words run
    together (`LASTWEEK`) are left: telling them from surnames made of words (`FREEMAN`,
    `WOODWARD`) needs more than a word list. Pure: the tables are passed in."""

    common: frozenset[str]
    no_name: frozenset[str]  # places, titles, months and days

    @classmethod
    def load(cls) -> NameCheck:
        return cls(frozenset(common_words()), no_name_words())

    def keeps(self, written: str, named: Collection[str] = ()) -> bool:
        """Whether the model's `written` name is kept; `named`: the surnames the rules read
        in the same cable and its fields name."""
        words = [w for w in (fold(w).strip(",.;:'\"()-") for w in written.split()) if w]
        words = [w for w in words if w not in _HONORIFICS]
        read = read_name(written)
        surname = read.surname if read is not None else ""
        if not words or not surname:
            return False
        return surname in named or not all(self._no_name(w) for w in words)

    def _no_name(self, word: str) -> bool:
        return word in self.no_name or word in self.common or inflects(word, self.common)


class Item(NamedTuple):
    """A cable to read: its id, the version read, its paragraphs' texts, and the surnames its
    fields name (signers, classifier, person TAGS)."""

    cable_id: str
    version: int
    paragraphs: tuple[str, ...]
    named: tuple[str, ...] = ()


def people_in(
    batch: list[Item], model: PersonModel | None
) -> list[tuple[str, int, list[ModelName]]]:
    """The runner's `work`: the names the first-name rule and the model (if any) find in each
    cable's paragraphs, the rule's first; a model's name where the rule read one is left out,
    and those `NameCheck` drops."""
    rules, check = mention_rules(), NameCheck.load()
    found = iter(model.find([t for item in batch for t in item.paragraphs])) if model else None
    out = []
    for item in batch:
        mentions = [rules.find(text) for text in item.paragraphs]
        surnames = {
            read.surname for ms in mentions for m in ms if (read := read_name(m.name)) is not None
        } | set(item.named)
        names = []
        for number, in_paragraph in enumerate(mentions):
            # Titled names are the ingest's (the parser's rows); the named ones are ours.
            named = [
                ModelName(m.name, number, m.start, m.end, True) for m in in_paragraph if not m.title
            ]
            names += named
            if found is None:
                continue
            names += [
                ModelName(f.text, number, f.start, f.end)
                for f in next(found)
                if f.label == PERSON_LABEL
                and f.text.strip()
                and not any(n.start < f.end and f.start < n.end for n in named)
                and check.keeps(f.text, surnames)
            ]
        out.append((item.cable_id, item.version, names))
    return out
