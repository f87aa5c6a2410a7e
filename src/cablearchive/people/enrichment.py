"""The people enrichment's work: a statistical model's names in a batch of cables (run by
enrich/runner.py in this process, on a process pool or on a Dask cluster; stored by
store/enrichments.py). Pure but for the model: paragraphs in, names out."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # spaCy is loaded by whoever runs the work, not by importing this
    from cablearchive.people.model import PersonModel

# What the model finds that a person record is made of.
PERSON_LABEL = "PER"


class ModelName(NamedTuple):
    """A name a model found in a cable: `written` at [start, end) of paragraph `paragraph`."""

    written: str
    paragraph: int
    start: int
    end: int


class Item(NamedTuple):
    """A cable to read: its id, the version read, and its paragraphs' texts."""

    cable_id: str
    version: int
    paragraphs: tuple[str, ...]


def people_in(batch: list[Item], model: PersonModel) -> list[tuple[str, int, list[ModelName]]]:
    """The runner's `work`: the names the model finds in each cable's paragraphs."""
    texts = [text for item in batch for text in item.paragraphs]
    found = iter(model.find(texts))
    out = []
    for item in batch:
        names = []
        for number in range(len(item.paragraphs)):
            names += [
                ModelName(f.text, number, f.start, f.end)
                for f in next(found)
                if f.label == PERSON_LABEL and f.text.strip()
            ]
        out.append((item.cable_id, item.version, names))
    return out
