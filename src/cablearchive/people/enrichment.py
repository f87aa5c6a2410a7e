"""The people enrichment's work: the names of a batch of cables that the ingest leaves out,
those opened by a first name (`ROBERT HELANDER`, people/mentions.py) and, where a model is
given, those a statistical model finds (run by enrich/runner.py in this process, on a process
pool or on a Dask cluster; stored by store/enrichments.py). Pure but for the model:
paragraphs in, names out."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from cablearchive.people.mentions import mention_rules

if TYPE_CHECKING:  # spaCy is loaded by whoever runs the work, not by importing this
    from cablearchive.people.model import PersonModel

# What the model finds that a person record is made of.
PERSON_LABEL = "PER"
# The source recorded on the names the first-name rule reads; raise the version when the
# rule or its tables change, and every cable is read again.
FIRST_NAMES = "first-name rule"
FIRST_NAMES_VERSION = 1


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


class Item(NamedTuple):
    """A cable to read: its id, the version read, and its paragraphs' texts."""

    cable_id: str
    version: int
    paragraphs: tuple[str, ...]


def people_in(
    batch: list[Item], model: PersonModel | None
) -> list[tuple[str, int, list[ModelName]]]:
    """The runner's `work`: the names the first-name rule and the model (if any) find in each
    cable's paragraphs, the rule's first; a model's name where the rule read one is left out."""
    rules = mention_rules()
    found = iter(model.find([t for item in batch for t in item.paragraphs])) if model else None
    out = []
    for item in batch:
        names = []
        for number, text in enumerate(item.paragraphs):
            # Titled names are the ingest's (the parser's rows); the named ones are ours.
            named = [
                ModelName(m.name, number, m.start, m.end, True)
                for m in rules.find(text)
                if not m.title
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
            ]
        out.append((item.cable_id, item.version, names))
    return out
