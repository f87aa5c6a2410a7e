"""How a cable reads on its page: classification levels and their colours, the body cut into
paragraphs with anchors, hard-wrapped text reflowed, and the names in the text that link.

Pure functions over records, so each rule is tested on real cable text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from cablearchive.people.grouping import ROLES

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
    # Which of the record's paragraphs it is (names in the text say where they stand by it).
    position: int | None = None


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
        blocks.append(Block("paragraph", body[start:end], number, mark, anchor, lead, position))
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


# --- names of people in the text ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch of a paragraph's text (offsets into the record's paragraph text) to show as a
    link: where a name of a person stands."""

    start: int
    end: int
    link: Link


def person_url(key: str) -> str:
    return "/person/" + quote(key, safe="")


# The roles of a cable's people, in the order its page lists them.


def people_by_role(people: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """A cable's `people` by role (in ROLES' order, roles with no one left out), each
    role's people in the order the cable names them."""
    found: dict[str, list[Mapping[str, Any]]] = {role: [] for role in ROLES}
    for person in people:
        found.setdefault(str(person.get("role")), []).append(person)
    return {role: found_ for role, found_ in found.items() if found_}


def person_keys(people: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], str]:
    """(role, spelling as written) -> person key, for the names a cable's fields hold (its
    signers, classifier and person TAGS): how its page links each to its person. Spellings
    are compared in upper case, as TAGS and signatures write them."""
    out: dict[tuple[str, str], str] = {}
    for person in people:
        key = person.get("key")
        if not key:
            continue
        role = str(person.get("role"))
        for spelling in person.get("spellings") or ():
            out.setdefault((role, str(spelling).upper()), str(key))
    return out


def mention_marks(people: Iterable[Mapping[str, Any]]) -> dict[int, list[Mark]]:
    """The names read in the text (a cable's `people`), by paragraph position, each linked to
    its person's page (not linked when the people were not grouped yet), in order; a name
    that overlaps one before it is left out (two readings of the same words)."""
    found: dict[int, list[Mark]] = {}
    for person in people:
        key = person.get("key")
        href = person_url(str(key)) if key else None
        for m in person.get("mentions") or ():
            position, start, end = m.get("paragraph_position"), m.get("start"), m.get("end")
            if not (isinstance(position, int) and isinstance(start, int) and isinstance(end, int)):
                continue
            if end <= start:
                continue
            who = str(person.get("name") or m.get("written") or "")
            written = " ".join(str(m.get("written") or "").split())  # over a line break too
            title = f"{who}: named “{written}”, read by the {m.get('source') or 'parser'}"
            found.setdefault(position, []).append(
                Mark(start, end, Link(href, title, "person-mention"))
            )
    out: dict[int, list[Mark]] = {}
    for position, marks in found.items():
        kept: list[Mark] = []
        for mark in sorted(marks, key=lambda k: (k.start, -k.end)):
            if not kept or mark.start >= kept[-1].end:
                kept.append(mark)
        out[position] = kept
    return out


def _nonspace_offsets(text: str) -> list[int]:
    """Where each character of `text` that is not whitespace stands."""
    return [i for i, ch in enumerate(text) if not ch.isspace()]


def placed_marks(block_text: str, paragraph_text: str, marks: Iterable[Mark]) -> list[Mark]:
    """`marks` on a paragraph's text moved onto the block that shows it: the block is the same
    words (the body's spacing may differ from the parser's), so a mark moves by the count of
    characters before it that are not whitespace; one whose words are not the same there is
    left out rather than put on the wrong words."""
    if block_text == paragraph_text:
        return list(marks)
    source, target = _nonspace_offsets(paragraph_text), _nonspace_offsets(block_text)
    out: list[Mark] = []
    for mark in marks:
        first = bisect_left(source, mark.start)
        last = bisect_left(source, mark.end)  # one past the mark's last such character
        if first >= last or last > len(target):
            continue
        start, end = target[first], target[last - 1] + 1
        if block_text[start:end].split() != paragraph_text[mark.start : mark.end].split():
            continue
        out.append(Mark(start, end, mark.link))
    return out


def reflow_marked(text: str, marks: Iterable[Mark] = ()) -> list[list[list[Span]]]:
    """`reflow`, each line cut into spans where `marks` (offsets into `text`) stand: the same
    paragraphs and lines, the same characters, a mark kept whole across a joined line break."""
    ordered = sorted(marks, key=lambda k: k.start)
    out: list[list[list[Span]]] = []
    current: list[list[tuple[int, int]]] = []  # lines, as the stretches of `text` they join
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.strip()
        begin = offset + len(raw) - len(raw.lstrip())
        offset += len(raw)
        if not line:
            if current:
                out.append([_spans(text, parts, ordered) for parts in current])
                current = []
            continue
        part = (begin, begin + len(line))
        if current and not _LIST_ITEM.match(line):
            current[-1].append(part)
        else:
            current.append([part])
    if current:
        out.append([_spans(text, parts, ordered) for parts in current])
    return out


def _spans(text: str, parts: list[tuple[int, int]], marks: list[Mark]) -> list[Span]:
    """One reflowed line (the stretches of `text` it joins with spaces) as spans. Cut where
    the marks map to on the joined line, not character by character: a cable page reflows
    hundreds of lines."""
    line = " ".join(text[a:b] for a, b in parts)
    low, high = parts[0][0], parts[-1][1]
    inside = [m for m in marks if m.start < high and m.end > low]
    if not inside:
        return [Span(line)]
    starts = []  # where each stretch begins on the joined line
    at = 0
    for a, b in parts:
        starts.append(at)
        at += b - a + 1

    def opening(source: int) -> int:
        """Where a mark starting at `source` starts on the line (in a dropped space: at the
        next stretch)."""
        for (a, b), out in zip(parts, starts, strict=True):
            if source < b:
                return out + max(source - a, 0)
        return len(line)

    def closing(source: int) -> int:
        """Where a mark ending at `source` ends on the line (in a dropped space: at the end
        of the stretch before)."""
        for (a, b), out in zip(reversed(parts), reversed(starts), strict=True):
            if source > a:
                return out + min(source, b) - a
        return 0

    spans: list[Span] = []
    pos = 0
    for mark in inside:
        start, end = opening(max(mark.start, low)), closing(min(mark.end, high))
        if end <= start or start < pos:
            continue
        if start > pos:
            spans.append(Span(line[pos:start]))
        spans.append(Span(line[start:end], mark.link))
        pos = end
    if pos < len(line):
        spans.append(Span(line[pos:]))
    return spans
