"""A cable's passages: its subject, its paragraphs, short ones joined, long ones cut at
sentence ends; on the seed cables and on snippets of the Cablegate pages."""

from __future__ import annotations

from pathlib import Path

from cablearchive.parse import Cable, parse_cable
from cablearchive.vectors.passages import MAX_CHARS, MIN_CHARS, Passage, passages_of
from tests.shared import shared_file


def _seed(shared_dir: Path, name: str) -> Cable:
    return parse_cable(shared_file(shared_dir, f"seeds/{name}").read_text(encoding="utf-8"))


def test_a_seed_cable_reads_as_its_subject_then_its_paragraphs(shared_dir: Path) -> None:
    cable = _seed(shared_dir, "000_b6366df431a4d317.txt")
    paragraphs = [p.text for p in cable.paragraphs]
    found = passages_of(cable.subject, paragraphs)
    assert found[0] == Passage(None, " ".join((cable.subject or "").split()))
    # Every word of the paragraphs is in a passage, in order, and each passage says where
    # it comes from.
    words = [w for p in paragraphs for w in p.split()]
    assert [w for p in found[1:] for w in p.text.split()] == words
    assert all(p.paragraph is not None and 0 <= p.paragraph < len(paragraphs) for p in found[1:])
    assert [p.paragraph for p in found[1:]] == sorted(p.paragraph or 0 for p in found[1:])


def test_a_short_paragraph_joins_the_next_and_a_long_one_is_cut() -> None:
    short = "(C) Summary."  # 06ALMATY2549's opening is no passage by itself
    sentence = "The Ambassador met Foreign Minister Tokayev on the pipeline question today. "
    long = sentence * (MAX_CHARS // len(sentence) * 2)
    found = passages_of(None, [short, long, "End note."])
    assert found[0].paragraph == 0 and found[0].text.startswith("(C) Summary. The Ambassador")
    assert all(len(p.text) <= MAX_CHARS for p in found[:-1])
    assert len(found) >= 3
    assert found[-1] == Passage(2, "End note.")  # the last short one stays, alone
    assert len("End note.") < MIN_CHARS


def test_nothing_gives_no_passages() -> None:
    assert passages_of(None, []) == []
    assert passages_of("  ", ["", " \n "]) == []
