"""How a cable reads on its page: classification levels and their colours, the body cut into
paragraphs with anchors, hard-wrapped text reflowed, and the names in the text that link.

Pure functions over records, so each rule is tested on real cable text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

# --- classification levels -----------------------------------------------------------------

Level = Literal["ts", "s", "c", "sbu", "u", "none"]
_MARK_LEVELS: dict[str, Level] = {
    "TS": "ts",
    "S": "s",
    "C": "c",
    "SBU": "sbu",
    "FOUO": "sbu",
    "LOU": "sbu",
    "U": "u",
}


def portion_level(mark: str | None) -> Level:
    """The level a portion mark stands for: `S//NF` -> `s`, `SBU` -> `sbu`, None -> `none`."""
    if not mark:
        return "none"
    head = re.split(r"[/ ]", mark.strip().upper(), maxsplit=1)[0]
    return _MARK_LEVELS.get(head, "none")


def classification_level(label: str | None) -> Level:
    """The level of a Cablegate classification label (`SECRET//NOFORN` -> `s`)."""
    if not label:
        return "none"
    label = label.upper()
    for prefix, level in (
        ("TOP SECRET", "ts"),
        ("SECRET", "s"),
        ("CONFIDENTIAL", "c"),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "sbu"),
        ("UNCLASSIFIED", "u"),
    ):
        if label.startswith(prefix):
            return level  # type: ignore[return-value]
    return "none"


# --- the body: paragraphs with anchors, reflowed for reading --------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """A stretch of the body: a numbered paragraph, or text around them (preamble, signature)."""

    kind: Literal["text", "paragraph"]
    text: str
    number: int | None = None
    mark: str | None = None
    anchor: str | None = None
    lead: str = ""  # the paragraph's own opening as written: `1. (S)`, `¶2. (C)`


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _last_line(text: str) -> str:
    return next((line.strip() for line in reversed(text.splitlines()) if line.strip()), "")


def _find_span(body: str, text: str, cursor: int) -> tuple[int, int] | None:
    """Where the paragraph `text` lies in `body` at or after `cursor`: the same words with any
    spacing (the parser may re-space or re-break lines) or, failing that, from its first line to
    the first occurrence of its last line after it."""
    words = text.split()
    if not words:
        return None
    stripped = text.strip()
    at = body.find(stripped, cursor)
    if at >= 0:
        return at, at + len(stripped)
    found = re.compile(r"\s+".join(map(re.escape, words))).search(body, cursor)
    if found is not None:
        return found.start(), found.end()
    first, last = _first_line(text), _last_line(text)
    start = body.find(first, cursor)
    if start < 0:
        return None
    # The last line is looked for after the first (a short last line, `-----` or `END.`, may
    # occur earlier in the paragraph too).
    end_of_last = body.find(last, start + len(first)) if last != first else -1
    return start, (end_of_last + len(last) if end_of_last >= 0 else start + len(first))


def body_blocks(body: str, paragraphs: Iterable[Mapping[str, Any]]) -> list[Block]:
    """Split `body` at the parser's paragraphs, keeping every character of it in some block.

    A paragraph the text does not contain (the parser normalised it) stays inside the text
    around it: nothing of the body is ever lost from the page.
    """
    blocks: list[Block] = []
    cursor = 0
    anchors: set[str] = set()
    for position, par in enumerate(paragraphs):
        text = str(par.get("text") or "")
        span = _find_span(body, text, cursor)
        if span is None:
            continue
        start, end = span
        line_start = body.rfind("\n", cursor, start) + 1 or cursor
        line_start = max(line_start, cursor)
        before = body[cursor:line_start]
        if before.strip():
            blocks.append(Block("text", before))
        number = par.get("number")
        anchor = f"par{number}" if isinstance(number, int) else f"part{position + 1}"
        if anchor in anchors:
            # A number written twice or restarted (a memo quoted in the cable numbers its own
            # paragraphs): the second keeps its number and gets an anchor of its own.
            anchor = f"{anchor}-{position + 1}"
        anchors.add(anchor)
        lead = body[line_start:start].strip()
        mark = par.get("classification")
        blocks.append(Block("paragraph", body[start:end], number, mark, anchor, lead))
        cursor = end
    rest = body[cursor:]
    if rest.strip():
        blocks.append(Block("text", rest))
    return blocks


# A line that starts a list item keeps its own line when a paragraph is reflowed.
_LIST_ITEM = re.compile(r"^\s*(?:-{1,2}|\*|o\s|\(?[A-Za-z0-9]{1,2}[.)]\s|[A-Z][A-Z .'/-]{2,40}:)")


def reflow(text: str) -> list[list[str]]:
    """Hard-wrapped cable text as readable paragraphs: lines joined, blank lines and list
    items kept. Each item is one paragraph's lines (joined with breaks when shown)."""
    out: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current:
                out.append(current)
                current = []
            continue
        if current and not _LIST_ITEM.match(line):
            current[-1] = f"{current[-1]} {line}"
        else:
            current.append(line)
    if current:
        out.append(current)
    return out


# --- links inside the text ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    href: str | None  # None: shown marked, not linked (a cited cable not in the archive)
    title: str
    css: str


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    link: Link | None = None


def link_text(
    text: str, refs: Mapping[str, Link], tags: Mapping[str, Link] | None = None
) -> list[Span]:
    """`text` cut where it names a reference (as the REF line wrote it) or, on its TAGS line,
    a tag; every character kept, in order. Longer names win (`USNATO 241` over `NATO`)."""
    spans: list[Span] = []
    for line in text.splitlines(keepends=True):
        links = dict(refs)
        if tags and line.lstrip().upper().startswith("TAGS"):
            links.update(tags)
        spans.extend(_linked(line, links))
    return spans


def _linked(line: str, links: Mapping[str, Link]) -> list[Span]:
    if not links:
        return [Span(line)]
    names = sorted(links, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, names)) + r")(?![A-Za-z0-9])"
    )
    out: list[Span] = []
    pos = 0
    for m in pattern.finditer(line):
        if m.start() > pos:
            out.append(Span(line[pos : m.start()]))
        out.append(Span(m.group(0), links[m.group(0)]))
        pos = m.end()
    if pos < len(line):
        out.append(Span(line[pos:]))
    return out
