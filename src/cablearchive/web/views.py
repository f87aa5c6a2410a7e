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
from cablearchive.search.query import QueryError, Token, tokenize

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


# --- the transmission header, explained ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeaderToken:
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


def _route_title(
    route: str, table: Mapping[str, RoutingIndicator], sender: str | None = None
) -> str | None:
    """What a routing indicator stands for. `sender` is the FM line of the cable, for the
    indicator of the DE line: it is the sending station's, whoever the tables give it to."""
    found = table.get(route)
    if sender:
        title = f"routing indicator {route} of the sending station, {sender}"
        if found is not None and found.station != sender:
            # RUEHTA is Almaty's in 2006 and Astana's in the 2010 tables.
            title += f" (the routing tables give {found.station}: indicators change owners)"
        return title
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


def _explain_line(
    line: str, table: Mapping[str, RoutingIndicator], sender: str | None
) -> list[HeaderToken]:
    words = line.split(" ")
    first = words[0] if words else ""
    tokens: list[HeaderToken] = []
    if first.startswith("VZCZC"):
        return [HeaderToken(line, "transmission id: start of message (VZCZC), channel and number")]
    for i, word in enumerate(words):
        title: str | None = None
        kind: str | None = None
        route = word.split("/", 1)[0]
        of_sender = sender if first == "DE" and i == 1 else None
        if _ROUTE.match(route) and (title := _route_title(route, table, of_sender)):
            kind = "route"
            if "/" in word:
                tokens.append(HeaderToken(route, title, kind))
                tokens.append(HeaderToken(word[len(route) :]))
                tokens.append(HeaderToken(" "))
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
                tokens.append(HeaderToken(" ".join(words[i : i + 3]), title, "dtg"))
                tokens.append(HeaderToken(" "))
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
        tokens.append(HeaderToken(word, title, kind))
        tokens.append(HeaderToken(" "))
    return tokens[:-1] if tokens and tokens[-1].text == " " else tokens


def header_lines(
    header: str, table: Mapping[str, RoutingIndicator], sender: str | None = None
) -> list[list[HeaderToken]]:
    """The transmission header as lines of tokens, each routing indicator, serial, security
    line and date-time group with its meaning; `sender` is the cable's FM line."""
    return [_explain_line(line, table, sender) for line in header.splitlines()]


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
    it was there (the facet is active).

    The value is there when its clause is one of the terms every hit must match: outside
    parentheses, not negated, in a query with no OR outside parentheses. Removing it takes an
    AND that joined it along; adding it to a query with such an OR groups the query first
    (`a OR b` becomes `(a OR b) tag:X`, not `a OR (b AND tag:X)`), and removing it again
    ungroups.
    """
    clause = facet_clause(facet, value)
    body = " ".join(query.split())
    try:
        wanted = tokenize(clause)
        grouped = _has_top_level_or(tokenize(body))
    except QueryError:
        return f"{body} {clause}".strip(), False
    if len(wanted) == 1 and not grouped:
        rest = _without(body, wanted[0])
        if rest is not None:
            while (again := _without(rest, wanted[0])) is not None:
                rest = again
            return _ungrouped(rest), True
    return f"({body}) {clause}" if grouped else f"{body} {clause}".strip(), False


def _without(query: str, clause: Token) -> str | None:
    """`query` without its first top-level, not negated `clause` (and an AND joining it to its
    neighbour); None when there is none."""
    tokens = tokenize(query)
    for i in _top_level(tokens):
        tok = tokens[i]
        if (tok.kind, tok.text) != (clause.kind, clause.text):
            continue
        if i > 0 and tokens[i - 1].kind in ("not", "minus"):
            continue
        dropped = [tok]
        if i > 0 and tokens[i - 1].kind == "and":
            dropped.append(tokens[i - 1])
        elif i + 1 < len(tokens) and tokens[i + 1].kind == "and":
            dropped.append(tokens[i + 1])
        rest = query
        for t in sorted(dropped, key=lambda t: -t.position):
            rest = rest[: t.position] + " " + rest[t.position + _length(t) :]
        return " ".join(rest.split())
    return None


def narrow(query: str, facet: str, value: str) -> str:
    """The query restricted to a facet value: as `refine` adds it, unchanged when it is
    already there (a histogram bar narrows; it never removes)."""
    refined, active = refine(query, facet, value)
    return query if active else refined


def _length(token: Token) -> int:
    """How many characters of the query a token spans (a phrase's quotes included)."""
    return len(token.text) + (2 if token.kind in ("phrase", "fieldphrase") else 0)


def _top_level(tokens: list[Token]) -> list[int]:
    """The indexes of the tokens outside parentheses."""
    depth = 0
    top: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "rparen":
            depth -= 1
        if depth == 0 and tok.kind not in ("lparen", "rparen"):
            top.append(i)
        if tok.kind == "lparen":
            depth += 1
    return top


def _ungrouped(query: str) -> str:
    """`(a OR b)` as `a OR b`: undo the grouping `refine` adds, when it is the whole query and
    holds an OR of its own."""
    if not (query.startswith("(") and query.endswith(")")):
        return query
    try:
        tokens = tokenize(query[1:-1])
    except QueryError:
        return query
    depth = 0
    for tok in tokens:  # the outer parentheses must be a pair: not `(a) OR (b)`
        depth += {"lparen": 1, "rparen": -1}.get(tok.kind, 0)
        if depth < 0:
            return query
    if depth == 0 and _has_top_level_or(tokens):
        return query[1:-1]
    return query


def _has_top_level_or(tokens: list[Token]) -> bool:
    return any(tokens[i].kind == "or" for i in _top_level(tokens))


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
