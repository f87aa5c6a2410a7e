"""Real cables as other tools export them: lines joined, capitals lost, wrapped in JSON under
other field names, with the id and date as those tools write them. Each must parse as its page
does: the same id, date, numbered paragraphs and marks, TAGS, subject and references.

The pages are read from the shared corpus at test time (the first pages of the 2011-04 site
archive); the exports are made from them here, in the shapes the tools write (the shared data
holds none).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from cablearchive.parse import Cable, parse_cable
from tests.parse.conftest import pre_text
from tests.shared import SITE_CORPUS, iter_site_pages, pre_blocks, shared_file

PAGES = 400
_US_DATE = "{month}/{day}/{year} {hour:02d}:{minute:02d}"


@pytest.fixture(scope="module")
def site_texts(shared_dir: Path) -> list[tuple[str, str]]:
    """(page name, text) for the first pages of the site archive, their <pre> text as the
    corpus fixture reads it."""
    out: list[tuple[str, str]] = []
    for name, page in iter_site_pages(shared_file(shared_dir, SITE_CORPUS)):
        blocks = [pre_text(b) for b in pre_blocks(page)]
        out.append((name, "\n\n".join(b.strip("\n") for b in blocks if b.strip())))
        if len(out) == PAGES:
            break
    return out


def joined(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def mongo_record(cable: Cable, text: str) -> dict[str, object]:
    """A MongoDB dump's record: an ObjectId, the id under `refid`, `$date`, `content`."""
    return {
        "_id": {"$oid": "5f1a2b3c4d5e6f7a8b9c0d1e"},
        "refid": cable.id,
        "date_time": {"$date": cable.created},
        "content": text,
    }


def flat_record(cable: Cable, text: str) -> dict[str, object]:
    """A flat export: the id in lower case under `identifier`, a US-style date, `body`."""
    assert cable.created is not None
    y, mo, d, h, mi = (int(x) for x in re.findall(r"\d+", cable.created)[:5])
    when = _US_DATE.format(month=mo, day=d, year=y, hour=h, minute=mi)
    return {"identifier": (cable.id or "").lower(), "created_at": when, "body": text}


Damage = Callable[[str], str]
DAMAGES: dict[str, Damage] = {
    "joined": joined,
    "lower": str.lower,
    "joined and lower": lambda text: joined(text).lower(),
}


def outline(cable: Cable, references: bool) -> dict[str, object]:
    out: dict[str, object] = {
        "id": cable.id,
        "created": cable.created,
        "paragraphs": [(p.number, p.classification) for p in cable.paragraphs if p.number],
        "tags": cable.tags,
        "subject": " ".join((cable.subject or "").upper().split()),
    }
    if references:
        out["references"] = [r.id for r in cable.references]
    return out


# The share of pages whose export must give each field as the page does. The misses are pages
# whose own text is broken in ways the export makes ambiguous (a subject that ran into the text
# on the page, numbered lists inside paragraphs); lower case REF labels (`b.`) are the REF
# reader's, and counted apart.
AGREEMENT = {"id": 1.0, "created": 1.0, "tags": 0.99, "subject": 0.95, "paragraphs": 0.95}
REFERENCES = {"joined": 0.97, "lower": 0.85, "joined and lower": 0.85}


@pytest.mark.parametrize("damage", list(DAMAGES))
@pytest.mark.parametrize("shape", [mongo_record, flat_record])
def test_exports_of_real_cables_parse_as_their_pages(
    site_texts: list[tuple[str, str]],
    damage: str,
    shape: Callable[[Cable, str], dict[str, object]],
) -> None:
    agree: Counter[str] = Counter()
    misses: dict[str, list[str]] = {}
    pages = 0
    for name, text in site_texts:
        page = parse_cable(text)
        if page.id is None or page.created is None:
            continue  # the export's id and date come from the page's
        pages += 1
        exported = parse_cable(json.dumps(shape(page, DAMAGES[damage](text))))
        want, got = outline(page, True), outline(exported, True)
        for key in want:
            if want[key] == got[key]:
                agree[key] += 1
            else:
                misses.setdefault(key, []).append(name)
    assert pages > 300
    for key, share in {**AGREEMENT, "references": REFERENCES[damage]}.items():
        assert agree[key] >= share * pages, (key, agree[key], pages, misses.get(key, [])[:10])


def test_every_export_says_what_was_repaired(site_texts: list[tuple[str, str]]) -> None:
    name, text = site_texts[0]
    page = parse_cable(text)
    exported = parse_cable(json.dumps(mongo_record(page, joined(text).lower())))
    assert any(w.startswith("the text had lost its line breaks") for w in exported.warnings)
    assert any(w.startswith("the text is in lower case") for w in exported.warnings), name
