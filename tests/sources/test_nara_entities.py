"""NARA 1970s telegrams with hand-made entity markup: the real corpus and the markup rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablearchive.sources import Entity, MetadataHints, RawDocument
from cablearchive.sources.nara_entities import looks_like_nara, read_nara, strip_entity_markup
from tests.shared import shared_file

from .conftest import NARA_ARCHIVE, documents, problems, read_all

TELAVIV = "nara-cfpf-entities/unittest/1975TELAV05348.txt"


@pytest.fixture(scope="module")
def nara_documents(shared_dir: Path) -> dict[str, RawDocument]:
    items = read_all(shared_file(shared_dir, NARA_ARCHIVE))
    assert problems(items) == []
    return {doc.source.member or "": doc for doc in documents(items)}


def test_every_file_of_the_corpus_is_read_without_markup(
    nara_documents: dict[str, RawDocument],
) -> None:
    assert len(nara_documents) == 218
    for doc in nara_documents.values():
        assert doc.source.format == "nara-entities"
        # File names are NARA document numbers, not Cablegate ids: Source has them, hints not.
        assert doc.hints == MetadataHints()
        assert "[[" not in doc.text and "]]" not in doc.text and "||" not in doc.text
        assert "@@@" not in doc.text
        for entity in doc.entities:
            for start, end in entity.spans:
                mention = doc.text[start:end]
                assert mention and mention == mention.strip()


def test_a_file_entity_by_entity(nara_documents: dict[str, RawDocument]) -> None:
    doc = nara_documents[TELAVIV]
    assert doc.text.startswith(
        '1. INCIPIENT POWER STRUGGLE BETWEEN PRIME MINISTER RABIN AN HIS ADVISOR ARIEL" '
        'ARIK" SHARON ON ONE HAND AND DEFENSE MINISER PERS AND CHIEF OF STAFF GUR ON OTHE'
    )
    assert doc.text.endswith("AND/OR PERES.\n\n\nTOON")
    assert doc.warnings == ()
    assert [(e.number, e.name, e.type) for e in doc.entities] == [
        (1, "YITZHAK RABIN", "PER.IND"),
        (2, "ARIEL SHARON", "PER.IND"),
        (3, "SHIMON PERES", "PER.IND"),
        (4, "MORDECHAI GUR", "PER.IND"),
        (5, "ISRAEL DEFENSE FORCES", "ORG.GOV"),
        (6, "US EMBASSY", "ORG.GOV"),
        (7, "HAIM YOSEF ZADOK", "PER.IND"),
        (8, "ISRAELI SOUTHERN COMMAND", "ORG.GOV"),
        (9, "TOON", "PER.IND"),
        (10, "UNITED STATES", "GPE.NATION"),
    ]
    mentions = {e.number: [doc.text[a:b] for a, b in e.spans] for e in doc.entities}
    # `[[[[HIS || 1]] ADVISOR ARIEL" ARIK" SHARON || 2]]`: nested mentions both kept.
    assert mentions[2][0] == 'HIS ADVISOR ARIEL" ARIK" SHARON'
    assert mentions[1][:2] == ["PRIME MINISTER RABIN", "HIS"]
    assert mentions[9] == ["TOON"]
    assert mentions[10] == []


def test_a_file_without_the_separator_line(nara_documents: dict[str, RawDocument]) -> None:
    doc = nara_documents["nara-cfpf-entities/train/1979BRUSSE18834.txt"]
    assert doc.text.startswith("(B) USDOC 15141\n\n\n\n1. WE CONFIRM HAVING ARRANGED")
    assert doc.entities[0] == Entity(
        "EMBASSY OF THE UNITED STATES, BRUSSELS", "ORG.GOV", doc.entities[0].spans, 1
    )
    assert doc.warnings[0] == (
        "no '@@@' line after the entity list; the list taken to end at line 13"
    )


def test_tab_separated_lists_and_entities_without_a_type(
    nara_documents: dict[str, RawDocument],
) -> None:
    doc = nara_documents["nara-cfpf-entities/dev/1974BONN08226.txt"]
    by_number = {e.number: e for e in doc.entities}
    assert (by_number[1].name, by_number[1].type) == ("WEST GERMANY", "GPE.NATION")
    assert (by_number[46].name, by_number[46].type) == ("US EMBASSY IN FRANCE", None)


def test_hand_made_mistakes_are_worked_around_and_reported() -> None:
    text = (
        "1. JOHN SMITH         PER.IND\n"
        "//POSSIBLE ENTITIES: a comment\n"
        "1. DUPLICATE  LOC\n"
        "2\tPARIS\tGPE.SPECIAL\n"
        "@@@@\n\n"
        "[[SMITH || 1]] MET [[MISSION ||  ||2]] IN [[PARIS||2] AND ]] [[ROME || 9]] [[X\n"
    )
    assert looks_like_nara(text)
    result = read_nara(text)
    assert result.text == "SMITH MET MISSION IN PARIS AND  ROME X"
    spans = {e.number: [result.text[a:b] for a, b in e.spans] for e in result.entities}
    assert spans == {1: ["SMITH"], 2: ["MISSION", "PARIS"], 9: ["ROME"]}
    assert [(e.name, e.type) for e in result.entities] == [
        ("JOHN SMITH", "PER.IND"),
        ("PARIS", "GPE.SPECIAL"),
        ("", None),
    ]
    assert result.warnings == (
        "entity list repeats number(s) 1 (2 times); the first of each kept",
        "entity markup: 1 stray '||' dropped",
        "entity markup: 1 stray ']]' dropped",
        "entity markup: 1 mention(s) not closed by ']]'",
        "entity markup: 1 '[[' never closed",
        "mentions refer to entity number(s) 9, not in the list",
    )


def test_plain_text_with_brackets_is_not_taken_for_markup() -> None:
    assert not looks_like_nara("UNCLAS X 1\n[[NOT MARKUP]] A || B\n")


# Mention text and plain text never contain the markup characters themselves.
_WORDS = st.text(st.sampled_from("ABC XYZ.,'\"-\n"), min_size=1, max_size=12)
_NUMBERS = st.integers(min_value=1, max_value=99)


@st.composite
def _marked_up(draw: st.DrawFn, depth: int = 0) -> tuple[str, str, list[tuple[str, int]]]:
    """Marked-up text, the plain text it stands for, and its mentions in order of closing."""
    marked, plain, mentions = "", "", []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if depth < 2 and draw(st.booleans()):
            inner_marked, inner_plain, inner_mentions = draw(_marked_up(depth + 1))
            inner_plain = inner_plain.strip()
            if not inner_plain:
                continue
            number = draw(_NUMBERS)
            pad = draw(st.sampled_from(["", " ", "  "]))
            marked += f"[[{pad}{inner_marked.strip()}{pad}||{pad}{number}{pad}]]"
            plain += inner_plain
            mentions += [*inner_mentions, (inner_plain, number)]
        else:
            words = draw(_WORDS)
            marked += words
            plain += words
    return marked, plain, mentions


@given(_marked_up())
def test_markup_stripping_round_trip(case: tuple[str, str, list[tuple[str, int]]]) -> None:
    marked, plain, mentions = case
    result = strip_entity_markup(marked)
    assert result.text == plain
    assert result.warnings == ()
    found = [(result.text[m.start : m.end], m.number) for m in result.mentions]
    assert sorted(found) == sorted((text, number) for text, number in mentions)
