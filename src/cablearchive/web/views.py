"""What the viewer's pages show, computed from records: pure functions the templates render.

Kept apart from the app so each rule (where a paragraph starts, what a routing indicator
means, how a facet refines a query) is tested on its own, with real cable text.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from cablearchive.reference.routing import RoutingIndicator

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


def body_blocks(body: str, paragraphs: Iterable[Mapping[str, Any]]) -> list[Block]:
    """Split `body` at the parser's paragraphs, keeping every character of it in some block.

    A paragraph the text does not contain (the parser normalised it) stays inside the text
    around it: nothing of the body is ever lost from the page.
    """
    blocks: list[Block] = []
    cursor = 0
    for position, par in enumerate(paragraphs):
        text = str(par.get("text") or "")
        first, last = _first_line(text), _last_line(text)
        start = body.find(first, cursor) if first else -1
        if start < 0:
            continue
        end_of_last = body.find(last, start)
        end = end_of_last + len(last) if end_of_last >= 0 else start + len(first)
        line_start = body.rfind("\n", cursor, start) + 1 or cursor
        line_start = max(line_start, cursor)
        before = body[cursor:line_start]
        if before.strip():
            blocks.append(Block("text", before))
        number = par.get("number")
        anchor = f"par{number}" if isinstance(number, int) else f"part{position + 1}"
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


# --- the transmission header, explained ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    title: str | None = None  # the explanation shown on hover
    kind: str | None = None  # css hint: route, serial, dtg...


_PRECEDENCE = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
_SECURITY = {
    "SSSSS": "SECRET",
    "CCCCC": "CONFIDENTIAL",
    "TTTTT": "TOP SECRET",
    "UUUUU": "UNCLASSIFIED",
    "EEEEE": "unclassified, encrypted for transmission only (EFTO)",
}
_MONTHS = {m.upper(): i for i, m in enumerate(calendar.month_abbr) if m}
_ROUTE = re.compile(r"^R[A-Z]{3,6}$")
_DTG = re.compile(r"^(\d{2})(\d{2})(\d{2})Z$")


def _route_title(route: str, table: Mapping[str, RoutingIndicator]) -> str | None:
    found = table.get(route)
    if found is None:
        return None
    title = f"routing indicator {route}: {found.station}"
    if found.other_names:
        # Indicators change owners over time: say so rather than pick one silently.
        title += " (the tables also give: " + "; ".join(found.other_names[:3]) + ")"
    return title


def _dtg_title(day_time: str, month: str, year: str) -> str | None:
    m = _DTG.match(day_time)
    if m is None or month.upper() not in _MONTHS or not year.isdigit():
        return None
    day, hour, minute = m.groups()
    full_year = (1900 if int(year) >= 50 else 2000) + int(year)
    name = calendar.month_name[_MONTHS[month.upper()]]
    return f"date-time group: {int(day)} {name} {full_year}, {hour}:{minute} UTC"


def _explain_line(line: str, table: Mapping[str, RoutingIndicator]) -> list[Token]:
    words = line.split(" ")
    first = words[0] if words else ""
    tokens: list[Token] = []
    if first.startswith("VZCZC"):
        return [Token(line, "transmission id: start of message (VZCZC), channel and number")]
    for i, word in enumerate(words):
        title: str | None = None
        kind: str | None = None
        route = word.split("/", 1)[0]
        if _ROUTE.match(route) and (title := _route_title(route, table)):
            kind = "route"
            if "/" in word:
                tokens.append(Token(route, title, kind))
                tokens.append(Token(word[len(route) :]))
                tokens.append(Token(" "))
                continue
        elif first == "DE" and word.startswith("#"):
            serial, _, section = word[1:].partition("/")
            title = f"message serial {serial}" + (f", section {section}" if section else "")
            kind = "serial"
        elif first == "DE" and i == len(words) - 1 and re.fullmatch(r"\d{7}", word):
            title = f"filed on day {int(word[:3])} of the year at {word[3:5]}:{word[5:]} UTC"
            kind = "serial"
        elif word in ("ZNY", "ZNR"):
            title = "classified message" if word == "ZNY" else "unclassified message"
        elif word in _SECURITY:
            title = f"security: {_SECURITY[word]}"
        elif i == 0 and len(words) > 1 and re.fullmatch(r"[ZOPR]{1,2}", word):
            title = "precedence: " + " / ".join(_PRECEDENCE[c] for c in dict.fromkeys(word))
        elif i + 2 < len(words) and _DTG.match(word):
            title = _dtg_title(word, words[i + 1], words[i + 2])
            if title:
                tokens.append(Token(" ".join(words[i : i + 3]), title, "dtg"))
                tokens.append(Token(" "))
                del words[i + 1 : i + 3]
                continue
        elif word in ("FM", "TO", "INFO", "DE", "BT"):
            title = {
                "FM": "from",
                "TO": "action addressees",
                "INFO": "information addressees",
                "DE": "from station (routing indicator), serial and filing time",
                "BT": "break: start or end of the text",
            }[word]
        tokens.append(Token(word, title, kind))
        tokens.append(Token(" "))
    return tokens[:-1] if tokens and tokens[-1].text == " " else tokens


def header_lines(header: str, table: Mapping[str, RoutingIndicator]) -> list[list[Token]]:
    """The transmission header as lines of tokens, each routing indicator, serial, security
    line and date-time group with its meaning."""
    return [_explain_line(line, table) for line in header.splitlines()]


# --- versions ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiffLine:
    op: Literal[" ", "-", "+"]
    text: str


def diff_hunks(old: str, new: str, context: int = 3) -> list[list[DiffLine]]:
    """Line changes from `old` to `new`, grouped in hunks with `context` lines around them;
    runs of spaces do not count as changes (releases re-spaced the same text)."""
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(
        None, [" ".join(x.split()) for x in a], [" ".join(x.split()) for x in b], autojunk=False
    )
    hunks: list[list[DiffLine]] = []
    for group in matcher.get_grouped_opcodes(context):
        hunk: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunk.extend(DiffLine(" ", line) for line in a[i1:i2])
                continue
            hunk.extend(DiffLine("-", line) for line in a[i1:i2])
            hunk.extend(DiffLine("+", line) for line in b[j1:j2])
        hunks.append(hunk)
    return hunks


# --- search: refinements, pages, histogram --------------------------------------------------


def quote_value(value: str) -> str:
    """A facet value as the query language writes it."""
    if re.fullmatch(r"[\w./-]+", value) and value.upper() not in ("AND", "OR", "NOT"):
        return value
    return '"' + value.replace('"', "") + '"'


# facet name -> query field of the refinement
_FACET_FIELDS = {
    "tag": "tag",
    "origin": "origin",
    "classification": "classification",
    "caption": "caption",
    "year": "year",
    "month": "created",
}


def facet_clause(facet: str, value: str) -> str:
    return f"{_FACET_FIELDS[facet]}:{quote_value(value)}"


def refine(query: str, facet: str, value: str) -> tuple[str, bool]:
    """The query with a facet value added, or removed when it is already there; and whether
    it was there (the facet is active)."""
    clause = facet_clause(facet, value)
    pattern = re.compile(r"(?:^|\s)" + re.escape(clause) + r"(?=\s|$)")
    if pattern.search(query):
        return " ".join(pattern.sub(" ", query).split()), True
    return (f"{query.strip()} {clause}".strip(), False)


def years_of(months: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Month counts (`2006-07`) summed by year."""
    years: dict[str, int] = {}
    for month, n in months:
        years[month[:4]] = years.get(month[:4], 0) + n
    return sorted(years.items())


@dataclass(frozen=True, slots=True)
class Bar:
    month: str
    count: int
    x: float
    height: float


def histogram_bars(months: Iterable[tuple[str, int]], width: float = 100.0) -> list[Bar]:
    """Bars for hits by month, one slot per month from the first to the last (empty months
    included, so gaps in the record show as gaps), heights scaled to 0..1."""
    counts = {m: n for m, n in months if re.fullmatch(r"\d{4}-\d{2}", m)}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    y, mo = int(first[:4]), int(first[5:])
    slots: list[str] = []
    while f"{y:04d}-{mo:02d}" <= last:
        slots.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    top = max(counts.values())
    step = width / len(slots)
    return [Bar(m, counts.get(m, 0), i * step, counts.get(m, 0) / top) for i, m in enumerate(slots)]


@dataclass(frozen=True, slots=True)
class Paging:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def exists(self) -> bool:
        return self.page <= self.pages

    def window(self, around: int = 3) -> list[int]:
        """Page numbers to link: the first, the last, and those near this one."""
        near = range(max(1, self.page - around), min(self.pages, self.page + around) + 1)
        return sorted({1, self.pages, *near})
