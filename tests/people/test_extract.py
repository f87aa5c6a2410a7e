"""The names one cable carries, read from the seed cable and snippets of the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablearchive.parse import Cable
from cablearchive.people.extract import NameRow, _title_meaning, is_person_tag, names_of
from cablearchive.people.mentions import mention_rules
from cablearchive.pipeline import cable_from_document
from cablearchive.sources import iter_documents
from tests.shared import shared_file

SEED = "seeds/000_b6366df431a4d317.txt"


def test_the_seed_cables_names(shared_dir: Path) -> None:
    """06ALMATY2549: signed ORDWAY, classified by Ambassador John Ordway, and President
    Nazarbayev named in its sixth paragraph."""
    (doc,) = list(iter_documents([shared_file(shared_dir, SEED)]))
    cable = cable_from_document(doc)
    assert isinstance(cable, Cable) and cable.id == "06ALMATY2549"
    rows = names_of(cable, mention_rules())
    assert rows[:2] == (
        NameRow("signer", "ORDWAY"),
        NameRow("classifier", "John Ordway", "Ambassador"),
    )
    mentioned = [r for r in rows if r.role == "mentioned"]
    assert [(r.written, r.title, r.paragraph) for r in mentioned] == [
        ("Nazarbayev", "President", 5)
    ]
    (r,) = mentioned
    assert r.paragraph is not None and r.start is not None
    assert cable.paragraphs[r.paragraph].text[r.start : r.end] == "Nazarbayev"


def test_person_tags_are_names() -> None:
    cable = Cable(id="X", tags=["PREL", "RICE, CONDOLEEZZA", "MQADHAFI", "KZ"])
    assert [r.written for r in names_of(cable, mention_rules())] == [
        "RICE, CONDOLEEZZA",
        "MQADHAFI",
    ]
    assert not is_person_tag("PREL")


@pytest.mark.parametrize(
    ("written", "meaning"),
    [
        ("Acting DCM", "Acting Deputy Chief of Mission"),  # 06ALMATY1703's kind of line
        ("AMB.", "Ambassador"),
        ("Charge d'Affaires, a.i.", "Charge d'Affaires ad interim"),
        ("POLITICAL COUNSELOR", "Political Counselor"),
        ("Ambassador", "Ambassador"),  # 10CAIRO183: `Magaret Scobey, Ambassador`
    ],
)
def test_a_classifiers_title_reads_as_the_mentions_titles(written: str, meaning: str) -> None:
    assert _title_meaning(written) == meaning
