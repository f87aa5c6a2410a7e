"""How a cable reads on its page (web/reading.py): classification levels, paragraphs with
anchors, reflowed text and links in the text, each on real cable text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cablearchive.web.reading import (
    Link,
    Span,
    body_blocks,
    classification_level,
    link_text,
    portion_level,
    reflow,
)
from tests.shared import shared_file
from tests.web.cables import CORPUS, EXAMPLES, records_of, squash

# --- classification levels -----------------------------------------------------------------


def test_portion_levels_of_the_seed_paragraphs(seed: dict[str, dict[str, Any]]) -> None:
    marks = [p["classification"] for p in seed["06ALMATY2549"]["paragraphs"]]
    assert marks == ["S", "S", "SBU", "S", "C", "SBU", "S"]
    assert [portion_level(m) for m in marks] == ["s", "s", "sbu", "s", "c", "sbu", "s"]
    assert [portion_level(p["classification"]) for p in seed["06ALMATY1703"]["paragraphs"]] == [
        "sbu",
        "sbu",
        "sbu",
        "sbu",
        "u",
    ]


@pytest.mark.parametrize(
    ("mark", "level"),
    [
        ("TS", "ts"),
        ("S//NF", "s"),
        ("S/NF", "s"),
        ("s", "s"),
        (" C ", "c"),
        ("C NOFORN", "c"),
        ("FOUO", "sbu"),
        ("LOU", "sbu"),
        ("U", "u"),
        ("SECRET", "none"),  # a label, not a portion mark
        ("", "none"),
        (None, "none"),
    ],
)
def test_portion_level(mark: str | None, level: str) -> None:
    assert portion_level(mark) == level


@pytest.mark.parametrize(
    ("label", "level"),
    [
        ("TOP SECRET", "ts"),
        ("SECRET", "s"),
        ("SECRET//NOFORN", "s"),
        ("CONFIDENTIAL", "c"),
        ("CONFIDENTIAL//NOFORN", "c"),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "sbu"),
        ("UNCLASSIFIED", "u"),
        ("unclassified", "u"),
        ("RESTRICTED", "none"),
        ("", "none"),
        (None, "none"),
    ],
)
def test_classification_level(label: str | None, level: str) -> None:
    assert classification_level(label) == level


def test_classification_levels_of_the_seeds(seed: dict[str, dict[str, Any]]) -> None:
    assert classification_level(seed["06ALMATY2549"]["classification"]) == "s"
    assert classification_level(seed["06ALMATY1703"]["classification"]) == "sbu"


# --- body_blocks ---------------------------------------------------------------------------


def _check_blocks_cover(body: str, blocks: list[Any]) -> None:
    """Every character of the body is in a block (a paragraph's lead aside, shown as its
    anchor) and the blocks come in the body's order."""
    assert squash("".join(b.lead + b.text for b in blocks)) == squash(body)
    position = 0
    for b in blocks:
        found = body.find(b.text, position)
        assert found >= 0, f"block out of order or not from the body: {b.text[:60]!r}"
        position = found + len(b.text)


def test_body_blocks_of_06ALMATY2549(seed: dict[str, dict[str, Any]]) -> None:
    record = seed["06ALMATY2549"]
    blocks = body_blocks(record["body"], record["paragraphs"])
    _check_blocks_cover(record["body"], blocks)

    kinds = [b.kind for b in blocks]
    assert kinds == ["text"] + ["paragraph"] * 7 + ["text"]
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    assert [b.anchor for b in paragraphs] == [f"par{n}" for n in range(1, 8)]
    assert [b.number for b in paragraphs] == list(range(1, 8))
    assert [b.mark for b in paragraphs] == ["S", "S", "SBU", "S", "C", "SBU", "S"]
    assert [b.lead for b in paragraphs] == [
        "1. (S)",
        "2. (S)",
        "3. (SBU)",
        "4. (S)",
        "5. (C)",
        "6. (SBU)",
        "7. (S)",
    ]
    # Each paragraph block is the parser's paragraph, exactly.
    for block, par in zip(paragraphs, record["paragraphs"], strict=True):
        assert block.text == par["text"].strip()
    assert paragraphs[0].text.startswith("Summary:  In a July 12 meeting with MFA consular")
    assert paragraphs[5].text.endswith("End Text.")
    # The preamble and the signature stay, as text.
    assert "TAGS: PTER KAWC PINR PREL KZ" in blocks[0].text
    assert "Classified By: Amb. John Ordway" in blocks[0].text
    assert blocks[-1].text.strip() == "ORDWAY"


def test_body_blocks_of_06ALMATY1703(seed: dict[str, dict[str, Any]]) -> None:
    record = seed["06ALMATY1703"]
    blocks = body_blocks(record["body"], record["paragraphs"])
    _check_blocks_cover(record["body"], blocks)
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    assert [(b.anchor, b.mark) for b in paragraphs] == [
        ("par1", "SBU"),
        ("par2", "SBU"),
        ("par3", "SBU"),
        ("par4", "SBU"),
        ("par5", "U"),
    ]
    assert all(b.lead.endswith(f"{b.number}. ({b.mark})") for b in paragraphs)
    assert paragraphs[-1].text.endswith("responding to the Kazakhstani position.")


def test_body_blocks_find_a_paragraph_the_parser_respaced(seed: dict[str, dict[str, Any]]) -> None:
    """The parser may join or re-space lines: the paragraph is found all the same, and the
    block shows the body's own text."""
    record = seed["06ALMATY2549"]
    respaced = [{**p, "text": " ".join(p["text"].split())} for p in record["paragraphs"]]
    blocks = body_blocks(record["body"], respaced)
    _check_blocks_cover(record["body"], blocks)
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    assert [b.anchor for b in paragraphs] == [f"par{n}" for n in range(1, 8)]
    for block, par in zip(paragraphs, record["paragraphs"], strict=True):
        assert block.text == par["text"].strip()  # with its line breaks, from the body


def test_body_blocks_keep_a_paragraph_the_body_lacks_as_text(
    seed: dict[str, dict[str, Any]],
) -> None:
    record = seed["06ALMATY2549"]
    pars = list(record["paragraphs"])
    pars[2] = {**pars[2], "text": "A paragraph this cable does not contain."}
    blocks = body_blocks(record["body"], pars)
    _check_blocks_cover(record["body"], blocks)
    anchors = [b.anchor for b in blocks if b.kind == "paragraph"]
    assert "par3" not in anchors
    assert anchors == ["par1", "par2", "par4", "par5", "par6", "par7"]
    # Paragraph 3's words are still on the page, in a text block.
    assert any("Kanibekov requested that" in b.text for b in blocks if b.kind == "text")


def test_body_blocks_without_paragraphs_or_numbers(seed: dict[str, dict[str, Any]]) -> None:
    record = seed["06ALMATY1703"]
    (whole,) = body_blocks(record["body"], [])
    assert whole.kind == "text" and whole.text == record["body"]
    assert body_blocks("", record["paragraphs"]) == []
    unnumbered = [{**p, "number": None} for p in record["paragraphs"]]
    anchors = [b.anchor for b in body_blocks(record["body"], unnumbered) if b.kind == "paragraph"]
    assert anchors == ["part1", "part2", "part3", "part4", "part5"]


def test_body_blocks_end_a_paragraph_at_its_own_last_line(shared_dir: Path) -> None:
    """97WELLINGTON1656 ¶2 ends with a `-----` rule that also opens a heading inside it: the
    paragraph runs to its last rule, not to the first one."""
    records = records_of(shared_file(shared_dir, CORPUS), wanted="97WELLINGTON1656")
    record = records["97WELLINGTON1656"]
    blocks = body_blocks(record["body"], record["paragraphs"])
    _check_blocks_cover(record["body"], blocks)
    by_number = {b.number: b for b in blocks if b.kind == "paragraph"}
    par2 = next(p for p in record["paragraphs"] if p["number"] == 2)
    assert par2["text"].rstrip().endswith("PARSON'S DAUGHTER\n-----------------")
    assert by_number[2].text == par2["text"].strip()
    for par in record["paragraphs"]:
        if par["number"] in by_number:
            assert " ".join(by_number[par["number"]].text.split()) == " ".join(par["text"].split())


# --- reflow --------------------------------------------------------------------------------


def test_reflow_joins_hard_wrapped_lines(seed: dict[str, dict[str, Any]]) -> None:
    text = seed["06ALMATY2549"]["paragraphs"][5]["text"]
    paragraphs = reflow(text)
    assert paragraphs[0] == [
        "Post proposes the following text as a diplomatic note.  The bulk of the text was "
        "taken from previously passed dip notes."
    ]
    assert paragraphs[1] == ["Begin Text:"]
    assert paragraphs[-1] == ["End Text."]
    assert len(paragraphs) == 8  # as many as the blank lines make
    assert all(len(p) == 1 for p in paragraphs)
    assert squash(" ".join(line for p in paragraphs for line in p)) == squash(text)


def test_reflow_keeps_header_lines_of_the_preamble(seed: dict[str, dict[str, Any]]) -> None:
    body = seed["06ALMATY2549"]["body"]
    start = body.index("E.O. 12958")
    preamble = body[start : body.index("REF:")]
    assert reflow(preamble) == [
        [
            "E.O. 12958: DECL: 07/13/2016",
            "TAGS: PTER KAWC PINR PREL KZ",
            "SUBJECT: KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO DETAINEES",
        ]
    ]


def test_reflow_keeps_list_items() -> None:
    """09STATE47316 ¶4's dashed objectives, without the blank lines between them."""
    text = (EXAMPLES / "text" / "09STATE47316.txt").read_text(encoding="utf-8")
    start = text.index("4. (C) Objectives")
    part = text[start : text.index("5. (SBU)")]
    lines = [line for line in part.splitlines() if line.strip()]
    assert reflow("\n".join(lines)) == [
        [
            "4. (C) Objectives: Posts should seek to:",
            "-- secure host government support, or at a minimum agreement not to block "
            "consensus, when SCEPC considers the proposal;",
            "-- confirm that the hub will be funded by Turkey and by voluntary national "
            "contributions, not by the NATO civil budget;",
            "-- reassure EU member states that the hub will coordinate with, and not "
            "duplicate, the EU Monitoring and Information Centre.",
        ]
    ]
    # With the blank lines, each item is its own paragraph.
    assert [p[0][:20] for p in reflow(part)] == [
        "4. (C) Objectives: P",
        "-- secure host gover",
        "-- confirm that the ",
        "-- reassure EU membe",
    ]


def test_reflow_of_nothing() -> None:
    assert reflow("") == []
    assert reflow(" \n \n") == []


# --- link_text -----------------------------------------------------------------------------


def test_link_text_links_what_the_ref_and_tags_lines_name(seed: dict[str, dict[str, Any]]) -> None:
    body = seed["06ALMATY2549"]["body"]
    preamble = body[: body.index("Classified By")]
    resolved = Link("/cable/06ALMATY1946", "a subject", "ref-resolved")
    tag = Link("/browse/tag/KZ", "Kazakhstan", "tag")
    spans = link_text(preamble, {"ALMATY 1946": resolved}, {"KZ": tag, "PTER": tag})
    assert "".join(s.text for s in spans) == preamble  # nothing lost, nothing moved
    linked = [(s.text, s.link) for s in spans if s.link]
    assert linked == [("PTER", tag), ("KZ", tag), ("ALMATY 1946", resolved)]


def test_link_text_links_tags_only_on_the_tags_line_and_whole_names_only() -> None:
    text = "TAGS: PREL NATO TU\nSUBJECT: NATO HUB\nREF: A. USNATO 241 B. STATE 47316A"
    nato = Link("/browse/tag/NATO", "North Atlantic Treaty Organization", "tag")
    usnato = Link(None, "09USNATO241: not in this archive", "ref-missing")
    state = Link("/cable/09STATE47316", "s", "ref-resolved")
    spans = link_text(text, {"USNATO 241": usnato, "STATE 47316": state}, {"NATO": nato})
    assert "".join(s.text for s in spans) == text
    # NATO is linked on the TAGS line only; USNATO 241 whole; STATE 47316A is another word.
    assert [(s.text, s.link) for s in spans if s.link] == [("NATO", nato), ("USNATO 241", usnato)]


def test_link_text_without_links_is_the_text() -> None:
    assert link_text("UNCLAS SECTION 01 OF 02", {}) == [Span("UNCLAS SECTION 01 OF 02")]


def test_a_paragraph_number_written_twice_gets_an_anchor_of_its_own(shared_dir: Path) -> None:
    # cable/2006/05/06PHNOMPENH983.html writes `¶11.` twice, (U) and (C): both are paragraphs
    # numbered 11, and each needs an anchor no other element of the page has.
    records = records_of(shared_file(shared_dir, CORPUS), wanted="06PHNOMPENH983")
    record = records["06PHNOMPENH983"]
    blocks = [b for b in body_blocks(record["body"], record["paragraphs"]) if b.kind == "paragraph"]
    elevens = [b for b in blocks if b.number == 11]
    assert [b.mark for b in elevens] == ["U", "C"]
    assert elevens[0].anchor == "par11" and elevens[1].anchor not in (None, "par11")
    anchors = [b.anchor for b in blocks]
    assert len(anchors) == len(set(anchors))
