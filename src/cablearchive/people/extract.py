"""The names of people one cable carries, each with its role: who signed it, who classified it,
the person TAGS, and the titled names of its paragraphs (see `mentions`).

Pure: a parsed cable in, rows out. The store writes them as they come (one row a name, the
`names` table); grouping them into people needs the whole archive and runs after (`grouping`).
"""

from __future__ import annotations

import bisect
import itertools
from typing import NamedTuple

from cablearchive.parse.model import Cable
from cablearchive.people.mentions import MentionRules
from cablearchive.people.names import fold
from cablearchive.reference.people import person_tags, titles


class NameRow(NamedTuple):
    """One name in one cable. `paragraph` is the position of a mention's paragraph in
    `Cable.paragraphs`, `start` and `end` where it stands in that paragraph's text."""

    role: str  # signer, classifier, tagged, mentioned
    written: str
    title: str | None = None  # what the title written with it means: `Foreign Minister`
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None


def names_of(cable: Cable, rules: MentionRules) -> tuple[NameRow, ...]:
    """Every name of `cable`: signers, classifier, person TAGS, then mentions in text order."""
    rows: list[NameRow] = [
        NameRow("signer", s) for s in (cable.signers or ([cable.signer] if cable.signer else []))
    ]
    classifier = cable.classifier
    if classifier is not None and classifier.name:
        rows.append(NameRow("classifier", classifier.name, _title_meaning(classifier.title)))
    rows.extend(NameRow("tagged", tag) for tag in cable.tags if is_person_tag(tag))
    # The paragraphs read as one text (a name never runs over a blank line), each mention
    # then placed in its paragraph: one search of a cable, not one a paragraph.
    texts = [p.text for p in cable.paragraphs]
    starts = list(itertools.accumulate((len(t) + len(_BETWEEN) for t in texts[:-1]), initial=0))
    for m in rules.find(_BETWEEN.join(texts)):
        i = bisect.bisect_right(starts, m.start) - 1
        at = starts[i]
        rows.append(NameRow("mentioned", m.name, m.meaning or None, i, m.start - at, m.end - at))
    return tuple(rows)


_BETWEEN = "\n\x00\n"  # what no name nor title runs over (`\\s` and `\\w` match no NUL)


def is_person_tag(tag: str) -> bool:
    """A TAG that names a person: surname first with a comma (`RICE, CONDOLEEZZA`), or one of
    the release's person tags of one word (`MQADHAFI`)."""
    return ", " in tag or tag in person_tags()


def _title_meaning(title: str | None) -> str | None:
    """What a classifier's title means, word by word through `titles.csv` (`Acting DCM` ->
    `Acting Deputy Chief of Mission`, `AMB.` -> `Ambassador`), so that it reads as the titles
    of mentions do; a word the table lacks is kept as written."""
    if not title:
        return None
    table = titles()
    meanings: list[str] = []
    for word in title.split():
        known = table.get(fold(word).strip(",;:"))
        meaning = known.meaning if known is not None else word
        if meanings and meanings[-1].endswith(meaning):
            continue  # `Charge d'Affaires`: the meaning of `CHARGE` holds the next word's
        meanings.append(meaning)
    return " ".join(meanings)
