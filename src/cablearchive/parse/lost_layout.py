"""Texts that lost their line breaks or their capitals: the layout put back before parsing."""

from __future__ import annotations

import re
from bisect import bisect_left

from cablearchive.parse.layout import PARTIAL_EXTRACT, find_banner
from cablearchive.parse.text import PAGE_LINE, normalize, without_pilcrows

_LINE_END_BACKSLASH = re.compile(r"[ \t]*\\[ \t]+")

# --- Texts that lost their line breaks or their capitals -----------------------------------
#
# Other tools' exports often hold a cable as one long line, and sometimes in lower case. The
# parser reads a telegram line by line, so the breaks are put back first, before the parts that
# start a line in every telegram, in the order a telegram has them: the header's lines, the
# banner, the preamble's fields, then the numbered paragraphs, one after the other; page lines
# wherever they fall. These rules ignore case. They are found from literal anchors (`str.find`
# of a key word or of the next paragraph's number), not by trying a pattern at every character:
# the parser also uses them on intact pages whose SUBJECT or REF swallowed the next lines.

# Telegram lines are short; even the site's pages, which put a paragraph on one line, average
# under 300 characters a line (the corpus's worst intact pages: about 650).
_LOST_BREAKS_CHARS_PER_LINE = 700
_LOST_BREAKS_MIN_CHARS = 200
_LOST_BREAKS_SAMPLE = 16_000  # the head is enough to tell
# The header, banner and preamble sit in the first part of the text.
_HEAD_CHARS = 64_000
_CASE_SAMPLE_CHARS = 4000

_LEVEL_WORDS = (
    r"T\s?O\s?P\s+S\s?E\s?C\s?R\s?E\s?T|S\s?E\s?C\s?R\s?E\s?T|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T"
    r"\s?I\s?A\s?L|UNCLAS(?:SIFIED)?|U\sN\sC\sL\sA\sS(?:\sS\sI\sF\sI\sE\sD)?"
    r"|LIMITED\s+OFFICIAL\s+USE"
)
# The banner: level, captions, section, place and serial.
_BANNER = (
    r"(?:" + _LEVEL_WORDS + r")"
    r"(?:[ \t]*(?://|\s)[ \t]*(?:NOFORN|SENSITIVE|SBU|EFTO|NODIS|EXDIS|LIMDIS|FOUO))*"
    r"(?:[ \t]+SECTION[ \t]*\d{1,2}[ \t]+OF[ \t]+\d{1,2})?"
    r"[ \t]+(?P<place>[A-Z][A-Z.'-]*(?:[ \t][A-Z][A-Z.'-]*){0,3}?)[ \t]+(?P<serial>\d{3,7})(?!\d)"
)
_BANNER_ANYCASE = re.compile(_BANNER, re.IGNORECASE)
_STRONG_BANNER = re.compile(r"SECTION|^(?:[A-Z] ){4}", re.IGNORECASE)
# Key words, lower case, that may open a field or a banner; the patterns then decide. One scan
# of the (lower-cased) preamble finds them all: the alternatives all open with a letter, so the
# scanner skips every other character fast.
_KEY_WORD = re.compile(
    r"e\.? ?o\.? ?1|tags?\b|subj|ref|classified|sensitive|this (?:cable|message) is|summary|---"
    r"|sipdis|noforn"
    r"|unclas|confidential|secret|limited official|c o n f|s e c r|t o p|u n c l"
)
_BANNER_OPENINGS = ("unclas", "confidential", "secret", "limited", "c o n", "s e c", "t o p",
                    "u n c")  # fmt: skip
_FIELD = re.compile(
    r"E\.?[ \t]?O\.?[ \t]?1\d{4}\b|SUBJ(?:ECT)?[ \t]*[:;]"
    r"|TAGS?(?:[ \t]*[:;]|(?=[ \t]+[A-Z]{2,6}[ \t]*[, ][ \t]*[A-Z]{2,6}\b))"
    r"|REF(?:S|TELS?|ERENCES?)?[ \t]*:|CLASSIFIED[ \t]+BY\b"
    # `REF A) MOSCOW 1082`, `REF BRASILIA 1837`: no colon, but a label or a cable after it.
    r"|REFS?(?=[ \t]+(?:\(?[A-Z][.)][ \t]|[A-Z][A-Z .'-]{1,30}[ \t]\d{1,7}\b))"
    r"|(?:THIS[ \t]+(?:CABLE|MESSAGE)[ \t]+IS[ \t]+)?SENSITIVE,?[ \t]+BUT[ \t]+UNCLASSIFIED\b"
    # The summary's heading ends the fields: `SUMMARY:`, `------- SUMMARY -------`.
    r"|(?:-{3,}[ \t]*)?SUMMARY(?:[ \t]+AND[ \t]+(?:COMMENT|ACTION[ \t]+REQUEST))?"
    r"[ \t]*(?::|\.(?=[ \t])|-{3,}|(?:-[ \t]){3,})"
    # A caption after a field: `... ON IRAQ SIPDIS`.
    r"|(?-i:SIPDIS|NOFORN)\b",
    re.IGNORECASE,
)
# The header's lines: scanned by pattern, but only in the header, which is short.
_HEADER_LINES = re.compile(
    r"(?P<tid>VZCZC[A-Z0-9]{0,20})"
    r"|(?P<de>DE[ \t]+[A-Z0-9]{4,7}[ \t]*\#)"
    r"|(?P<security>ZN[RY][ \t]+[A-Z]{5}\b)"
    r"|(?P<dtg>(?:[ZOPR](?:[ \t]+[ZOPR])?[ \t]+)?\d{6}[ \t]?Z[ \t]*[A-Z]{3}[ \t]*\d{2}\b)"
    r"|(?P<keyword>(?:FM|TO|INFO|XMT|CC)[ \t])"
    r"|(?P<route>R[A-Z0-9]{3,6}/)"
    r"|(?P<post>(?:AM(?:EMBASSY|CONSUL|CONGEN|COMSUL)|USMISSION|SECSTATE|USINT|USLO|USDEL|USOFFICE)\b)",
    re.IGNORECASE,
)
_DTG_LOWER = re.compile(r"\d{6} ?z ?[a-z]{3} ?\d{2}")
_HEADER_OPENING = re.compile(
    r"\s*(?:VZCZC|DE[ \t]+[A-Z0-9]{4,7}[ \t]*#|[ZOPR]{1,2}[ \t]+(?:\d{6}[ \t]?Z|R[A-Z]{4})"
    r"|FM[ \t]|ZN[RY][ \t])",
    re.IGNORECASE,
)
# Page lines: `MOSCOW 00005585 002 OF 004`, found from its ` OF `, and `PAGE 02 ...`.
_PAGE_SERIAL_BEFORE = re.compile(r"\d{5,8}[ \t]+\d{2,3}(?:\.\d)?[ \t]*$")
_PAGE_SERIAL = re.compile(r"\d{5,8}[ \t]+\d{2,3}(?:\.\d)?[ \t]+OF[ \t]+\d{2,3}\b", re.IGNORECASE)
_PAGE_HEADED = re.compile(
    r"PAGE[ \t]+\d{1,3}[ \t]+[A-Z][A-Z ]{0,20}?[ \t]*\d{3,6}"
    r"(?:[ \t]+\d{2}[ \t]+OF[ \t]+\d{2})?[ \t]+\d{6}Z",
    re.IGNORECASE,
)
# A numbered paragraph: `2. (C) ...`, `2. The ...`, `2) (S) ...`; its portion mark.
_PARAGRAPH_NUMBER = re.compile(r"(\d{1,3})[ \t]?([.)])(?=[ \t(]|[A-Za-z][a-z])")
_PORTION = (
    r"\(\s*(?:TS|S|C|U|SBU|LOU|FOUO|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)"
    r"(?:\s*(?://?|\s|-)\s*[A-Z][A-Z ,]{0,20})?\s*\)"
)
_PORTION_AHEAD = re.compile(r"[ \t]*" + _PORTION, re.IGNORECASE)
# A portion mark found from its `(`: the number before it is a paragraph's, whatever it is.
_MARK_OPENING = re.compile(r"\((?:TS|S|C|U|SBU|LOU|FOUO)[)/ ]", re.IGNORECASE)
_NUMBER_BEFORE_MARK = re.compile(r"(?:^|(?<=[^\w.,/$%#&-]))(\d{1,3})[ \t]?[.)][ \t]*$")
# A number right after these words is cited (`see paragraph 2.`), not a paragraph's own.
# (Headings are plural, citations singular: `NEXT STEPS 19. (SBU)` starts paragraph 19.)
_CITING = re.compile(
    r"\b(?:(?:paras?|refs?|reftels?|nos?|secs?|arts?|pts?)\.?|paragraphs?|section|item|number"
    r"|page|point|step|chapter|article|annex|option|phase|table|figure|part)[ \t]*$",
    re.IGNORECASE,
)
# The words after a TAGS key word, up to where a TAGS line could end.
_WORD_AFTER_TAGS = re.compile(r"[^\s,;]+")
_TAGS_MAX_CHARS = 300
_CLASS_BEFORE = re.compile(
    r"(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)[ \t]*$", re.IGNORECASE
)
# Without the banner's place, a page line's place is taken as its last two capitalised words
# (most places are one or two words: `NEW DELHI`; `USUN NEW YORK` loses its first).
_PLACE_BEFORE = re.compile(r"(?:(?<=\s)|^)[A-Z][A-Z'.-]*(?:[ \t][A-Z][A-Z'.-]*)?$")
_WORD_BEFORE = re.compile(r"(?:(?<=\s)|^)[A-Za-z][A-Za-z'.-]*$")
# What may not stand right before a token: a letter or digit (it would be inside a word), or
# for a paragraph number also `.`, `,`, `/`, `$`... (`1.4.`, `$2.`).
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_NOT_BEFORE_NUMBER = _WORD_CHARS | frozenset(".,/$%#&-")
_SENTENCE_END = frozenset(".!?:;\"')]*-")
_LINE_START_PARAGRAPH = re.compile(r"\n[ \t]*(\d{1,3})[ \t]*[.)](?=[ \t]|\()")
_FIRST_LINE_PARAGRAPH = re.compile(r"[ \t]*(\d{1,3})[ \t]*[.)](?=[ \t]|\()")
# The site's note on partial extracts, which a lower-cased text has lost the capitals of.
PARTIAL_NOTE = PARTIAL_EXTRACT + ". The full text of the original cable is not available."
_PARTIAL_NOTE_LOWER = PARTIAL_NOTE.lower()
_FIRST_FIELD_ANYCASE = re.compile(
    r"^[ \t]*(?:E\.?\s?O\.?\s*\d{4,5}|TAGS?\b|SUBJ(?:ECT)?\b|REF\b|CLASSIFIED\s+BY\b|\d{1,3}[.)])",
    re.IGNORECASE | re.MULTILINE,
)
_PAGE_LINE_ANYCASE = re.compile(PAGE_LINE.pattern, re.IGNORECASE | re.MULTILINE)

Token = tuple[int, str, re.Match[str]]


def lost_line_breaks(text: str) -> bool:
    """Whether a text has far fewer line breaks than a telegram of its length (a cheap test:
    intact cables pay one count of the newlines in their first pages)."""
    n = min(len(text), _LOST_BREAKS_SAMPLE)
    if n < _LOST_BREAKS_MIN_CHARS:
        return False
    # Enough breaks in the sample's first eighth are enough in the sample: an intact text
    # counts 2,000 characters, not 16,000.
    if text.count("\n", 0, n >> 3) * _LOST_BREAKS_CHARS_PER_LINE >= n:
        return False
    # Old Mac files end lines with CR alone.
    breaks = text.count("\n", 0, n) or text.count("\r", 0, n)
    return breaks * _LOST_BREAKS_CHARS_PER_LINE < n


def lost_case(text: str) -> bool:
    """Whether a text has lost its capitals: telegrams' headers, banners and fields are written
    in capitals, so a text whose opening has none was lower-cased."""
    return text[:_CASE_SAMPLE_CHARS].islower()


def restore_line_breaks(text: str, place: str | None = None) -> str:
    """Put back the line breaks a text lost, before the parts that start a line.

    A number starts a paragraph only when it is the next one in sequence and stands where a
    paragraph can start (after a sentence, or with a portion mark): `in 1997. 2. The` breaks,
    `see paragraph 2. The` does not; a number the text already has at a line start is left to it.
    `place` is the banner's place, when the caller read it, for finding the page lines.
    """
    low = _lowered(text)
    cuts = _LineCuts(text, low)
    if place:
        cuts.place = " ".join(place.upper().split())
    for at, kind, m in _tokens(text, low):
        cuts.paragraphs_until(at)
        if kind == "page":
            cuts.page_line(m)
        elif kind == "banner":
            cuts.banner(m)
        elif kind == "field":
            cuts.field(m)
        else:
            cuts.header(m, kind)
    cuts.paragraphs_until(len(text))
    return cuts.text()


def restore_head_line_breaks(body: str, place: str | None = None) -> str:
    """`restore_line_breaks` for a body whose fields ran together while its paragraphs kept
    their lines: only the part before the first numbered paragraph at a line start is restored,
    unless the rest lost its breaks too (intact paragraphs need no search)."""
    first = _LINE_START_PARAGRAPH.search(body)
    if first is None or _runs_on(body, first.start()):
        return restore_line_breaks(body, place)
    return restore_line_breaks(body[: first.start()], place) + body[first.start() :]


def _runs_on(text: str, start: int) -> bool:
    """Whether the text from `start` lost breaks too: few of them, or a marked paragraph number
    or a page line inside a line."""
    rest = len(text) - start
    if rest >= _LOST_BREAKS_MIN_CHARS and (
        text.count("\n", start) * _LOST_BREAKS_CHARS_PER_LINE < rest
    ):
        return True
    for mark in _MARK_OPENING.finditer(text, start):
        at = mark.start()
        if at - text.rfind("\n", 0, at) <= 8:
            continue  # `1. (C)` at a line start, the usual place
        number = _NUMBER_BEFORE_MARK.search(text, max(start, at - 8), at)
        if number is not None and not _starts_line(text, number.start()):
            return True
    i = text.find(" OF 0", start)
    while i >= 0:
        line = text.rfind("\n", 0, i) + 1
        if PAGE_LINE.match(text, line) is None and _PAGE_SERIAL_BEFORE.search(text, line, i):
            return True
        i = text.find(" OF 0", i + 1)
    return False


def _starts_line(text: str, at: int) -> bool:
    line = text.rfind("\n", 0, at) + 1
    return not text[line:at].strip(" \t¶")


def _lowered(text: str) -> str:
    """A lower-case copy with the same offsets (non-ASCII characters become `?` first)."""
    if text.isascii():
        return text.lower()
    return text.encode("ascii", "replace").decode("ascii").lower()


def _tokens(text: str, low: str) -> list[Token]:
    """The line starts other than paragraphs, in text order: page lines anywhere; the banner
    and the preamble's fields up to the first marked paragraph; the header's lines before the
    first field."""
    tokens = _page_tokens(text, low)
    # The fields come before the first paragraph: one with a mark, or one at a line start.
    preamble_end = min(len(text), _HEAD_CHARS)
    if (numbered := _LINE_START_PARAGRAPH.search(text, 0, preamble_end)) is not None:
        preamble_end = numbered.start()
    if (marked := _marked_number(text, 0, preamble_end)) is not None:
        preamble_end = marked.start()
    header_end = preamble_end
    for hit in _KEY_WORD.finditer(low, 0, preamble_end):
        i = hit.start()
        if i > 0 and low[i - 1] in _WORD_CHARS:
            continue
        kind = "banner" if hit.group(0).startswith(_BANNER_OPENINGS) else "field"
        m = (_FIELD if kind == "field" else _BANNER_ANYCASE).match(text, i)
        if m is not None:
            tokens.append((i, kind, m))
            if kind == "field":
                header_end = min(header_end, i)
    # The header's lines are looked for only where there is a header (the scan is slow).
    has_header = (
        _HEADER_OPENING.match(text) is not None
        or any(low.find(word, 0, header_end) >= 0 for word in ("vzczc", "fm "))
        or _DTG_LOWER.search(low, 0, header_end) is not None
    )
    for m in _HEADER_LINES.finditer(text, 0, header_end if has_header else 0):
        if m.start() == 0 or text[m.start() - 1] not in _WORD_CHARS:
            tokens.append((m.start(), m.lastgroup or "", m))
    tokens.sort(key=lambda token: token[0])
    return tokens


def _marked_number(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first number in [start, end) followed by a portion mark (`4. (C)`), found from the
    mark's `(`."""
    for mark in _MARK_OPENING.finditer(text, start, end):
        before = _NUMBER_BEFORE_MARK.search(text, max(start, mark.start() - 8), mark.start())
        if before is not None:
            return _PARAGRAPH_NUMBER.match(text, before.start())
    return None


def _page_tokens(text: str, low: str) -> list[Token]:
    """Page lines, from their literal ` of 0` (page counts are padded: `002 OF 004`) and
    `page `, in any case."""
    tokens: list[Token] = []
    for word, headed in ((" of 0", False), ("page ", True)):
        i = low.find(word)
        while i >= 0:
            if headed:
                m = (
                    _PAGE_HEADED.match(text, i)
                    if i == 0 or text[i - 1] not in _WORD_CHARS
                    else None
                )
            else:
                serial = _PAGE_SERIAL_BEFORE.search(text, max(0, i - 20), i)
                m = _PAGE_SERIAL.match(text, serial.start()) if serial is not None else None
                if m is not None and m.start() > 0 and text[m.start() - 1] in _WORD_CHARS:
                    m = None
            if m is not None:
                tokens.append((m.start(), "page", m))
            i = low.find(word, i + 1)
    return tokens


class _LineCuts:
    """Where breaks go back, decided token by token in the order a telegram has its parts."""

    def __init__(self, text: str, low: str) -> None:
        self.source = text
        self.low = low
        self.breaks: dict[int, tuple[str, int]] = {}  # offset -> (the break, next line's start)
        self.line_starts: dict[int, int] = {}  # where a line starts after a break -> the break
        self.capitals: list[tuple[int, int]] = []  # page lines of a lower-cased text
        self.in_header = _HEADER_OPENING.match(text) is not None
        self.in_preamble = True  # until the first numbered paragraph
        self.open_field: str | None = None  # the preamble field last opened, upper case
        self.field_end = -1
        self.place: str | None = None  # the banner's place, which page lines repeat
        self.expected: int | None = None  # the next paragraph number
        self.searched = 0  # paragraphs were looked for up to here
        self.marked: tuple[int, re.Match[str] | None] | None = None  # (searched from, found)
        self.numbers: dict[str, tuple[int, re.Match[str] | None]] = {}  # the same, by number
        self.case_lost = lost_case(text)
        # Numbers the text has at line starts: (offset, number) in order, and the last offset
        # of each number.
        self.line_numbers = [
            (m.start(1), int(m.group(1))) for m in _LINE_START_PARAGRAPH.finditer(text)
        ]
        if (m := _FIRST_LINE_PARAGRAPH.match(text)) is not None:
            self.line_numbers.insert(0, (m.start(1), int(m.group(1))))
        self.numbered_lines = {n: at for at, n in self.line_numbers}

    # -- the kinds of line start --

    def header(self, m: re.Match[str], kind: str) -> None:
        if m.start() >= _HEAD_CHARS:
            return
        if not self.in_header:
            # A banner may stand above the header (inbox printouts): the header's own first
            # lines open it again, not its words (`TO`, `INFO`) that prose uses too.
            if kind in ("tid", "de", "security", "dtg") and self.in_preamble:
                self.in_header = self.open_field is None
            if not self.in_header:
                return
        before = self.source[max(0, m.start() - 6) : m.start()].upper().rstrip(" \t")
        if kind in ("route", "post") and (
            before.endswith("/") or before.endswith(("FM", "TO", "INFO", "XMT", "CC"))
        ):
            return  # the addressee of a `TO` or `INFO` line, or the station after a route
        self.cut(m.start(), "\n")
        if kind == "tid":  # the relay line (`PP RUEHRG`) follows on a line of its own
            self.cut(m.end(), "\n")

    def banner(self, m: re.Match[str]) -> None:
        if not self.in_preamble:
            return
        if self.open_field is not None and _STRONG_BANNER.search(m.group(0)) is None:
            return  # after a field, only a banner no sentence could be (`SECTION 01 OF 03`)
        self.in_header = False
        self.place = " ".join(m.group("place").upper().split())
        self.cut(m.start(), "\n\n")
        self.cut(m.end(), "\n\n")

    def field(self, m: re.Match[str]) -> None:
        if not self.in_preamble:
            return
        self.in_header = False
        name = m.group(0).upper()
        if "BUT" in name:
            # A handling note: a line of its own, but within the field above (a SUBJECT
            # followed by `Sensitive but unclassified.` still has its REF after).
            self.cut(m.start(), "\n")
            return
        if "SUMMARY" in name:
            self.cut(m.start(), "\n\n")  # the text begins: no field after it
            self.open_field = None
            return
        if name in ("SIPDIS", "NOFORN"):
            if self.open_field is not None:
                self.cut(m.start(), "\n\n")  # a caption line, not more of the field
                self.open_field = None
            return
        self.open_field, self.field_end = name, m.end()
        self.cut(m.start(), "\n\n")
        if name.startswith("TAG"):
            self.end_of_tags(m.end())

    def end_of_tags(self, start: int) -> None:
        """A TAGS line ends where its codes do: before a word no tag is (`BRAZIL:`, `BRAZIL'S`,
        a word in lower case), when a subject without its key word runs on after it."""
        lower = None  # whether the tags are written in lower case, from the first
        for word in _WORD_AFTER_TAGS.finditer(self.source, start, start + _TAGS_MAX_CHARS):
            token = word.group(0)
            if lower is None:
                lower = self.case_lost or token.islower()
            if ":" in token or "'" in token or (not lower and not token.isupper()):
                if not token[:1].isalpha():
                    return
                self.cut(word.start(), "\n\n")
                return

    def page_line(self, m: re.Match[str]) -> None:
        start = m.start()
        if m.group(0)[:4].upper() != "PAGE":
            place_start = self.page_place_start(m.start())
            if place_start is None:
                return
            start = place_start
        if (c := _CLASS_BEFORE.search(self.source, max(0, start - 30), start)) is not None:
            self.cut(c.start(), "\n")  # the page's footer repeats the classification
        self.cut(start, "\n")
        self.cut(m.end(), "\n")
        if not self.source[start : m.end()].isupper():
            self.capitals.append((start, m.end()))  # page lines are read in capitals

    def paragraphs_until(self, end: int) -> None:
        """Find the paragraphs that start between the last search and `end`, in order."""
        while self.searched < end:
            found = self.next_number(self.searched, end)
            if found is None:
                self.searched = end
                return
            self.paragraph(found)
            self.searched = found.start() + 1

    def next_number(self, start: int, end: int) -> re.Match[str] | None:
        """The next place in [start, end) where a paragraph number may stand: the expected
        number (or the one after it), found by its digits; before the first paragraph, a `1.`
        or a number with a portion mark."""
        first: re.Match[str] | None
        if self.expected is None:
            wanted = ["1"]
            # The first marked number is searched once and kept while the search is before it.
            cached = self.marked
            if cached is None or cached[0] > start or (cached[1] and cached[1].start() < start):
                cached = self.marked = (start, _marked_number(self.source, start, len(self.source)))
            first = cached[1] if cached[1] and cached[1].start() < end else None
            # A fragment may open at any paragraph: the first number at a line start is one.
            k = bisect_left(self.line_numbers, (start, -1))
            if k < len(self.line_numbers) and self.line_numbers[k][0] < end:
                at = self.line_numbers[k][0]
                if first is None or at < first.start():
                    first = _PARAGRAPH_NUMBER.match(self.source, at) or first
        else:
            wanted = [str(self.expected), str(self.expected + 1)]
            first = None
        for digits in wanted:
            m = self.number_from(digits, start)
            if m is not None and m.start() < end and (first is None or m.start() < first.start()):
                first = m
        return first

    def number_from(self, digits: str, start: int) -> re.Match[str] | None:
        """The first place from `start` where `digits` stand as a paragraph number; the answer
        is kept, so that each stretch of text is searched once for each number."""
        cached = self.numbers.get(digits)
        if (
            cached is not None
            and cached[0] <= start
            and (cached[1] is None or cached[1].start() >= start)
        ):
            return cached[1]
        src = self.source
        found = None
        i = src.find(digits, start)
        while i >= 0:
            if i == 0 or src[i - 1] not in _NOT_BEFORE_NUMBER:
                m = _PARAGRAPH_NUMBER.match(src, i)
                if m is not None and m.group(1) == digits:
                    found = m
                    break
            i = src.find(digits, i + 1)
        self.numbers[digits] = (start, found)
        return found

    def paragraph(self, m: re.Match[str]) -> None:
        n = int(m.group(1))
        strong = _PORTION_AHEAD.match(self.source, m.end(2)) is not None
        at_line_start = self.at_line_start(m.start())
        if at_line_start:
            if self.expected is not None and not (
                n == self.expected or (strong and n == self.expected + 1)
            ):
                return
        elif not self.starts_paragraph(m, n, strong):
            return
        self.in_header = self.in_preamble = False
        self.open_field = None
        self.expected = n + 1
        if at_line_start:
            self.blank_line_before(m.start())
        else:
            self.cut(m.start(), "\n\n")

    # -- the rules --

    def starts_paragraph(self, m: re.Match[str], n: int, strong: bool) -> bool:
        """Whether a number inside a line is the next paragraph's."""
        later = self.numbered_lines
        if later.get(n, -1) >= m.start() or (
            self.expected is not None and later.get(self.expected, -1) >= m.start()
        ):
            return False  # the text has this paragraph (or the one due) at a line start later
        if (self.in_header or m.group(2) == ")") and not strong:
            return False  # `1) ... 2) ...` lists run inside sentences
        before = self.source[max(0, m.start() - 24) : m.start()]
        if not strong and _CITING.search(before):
            return False  # (a portion mark after the number is a paragraph's, cited or not)
        if self.expected is None:
            if not (strong or n == 1):
                return False
        elif not (n == self.expected or (strong and n == self.expected + 1)):
            return False
        if strong:
            return True
        # Unmarked: it starts a paragraph after a sentence, or opens the text after the
        # preamble's fields, but not the list a REF field opens with (`REF: 1. STATE 1234`).
        after = self.source[m.end() : m.end() + 3].lstrip(" \t")[:1]
        if not after or (after.islower() and not self.case_lost):
            return False
        tail = before.rstrip(" \t")
        if not tail or tail[-1] in _SENTENCE_END:
            return True
        if self.in_preamble and self.open_field is not None and n == 1:
            right_after_ref = (
                self.open_field.startswith("REF")
                and not self.source[self.field_end : m.start()].strip()
            )
            return not right_after_ref
        return False

    def page_place_start(self, serial_at: int) -> int | None:
        """Where a page line starts, before its serial: at the banner's place when the text
        has a banner, else at the capitalised words just before (one word in lower case)."""
        before = self.source[max(0, serial_at - 45) : serial_at]
        stripped = before.rstrip(" \t")
        end = serial_at - len(before) + len(stripped)
        if self.place is not None:
            return end - len(self.place) if stripped.upper().endswith(self.place) else None
        lower = self.case_lost or self.source[serial_at : serial_at + 40].islower()
        words = (_WORD_BEFORE if lower else _PLACE_BEFORE).search(stripped)
        return end - len(words.group(0)) if words is not None else None

    def at_line_start(self, at: int) -> bool:
        """Whether only spaces stand between `at` and the start of its line."""
        pos = at
        while pos > 0 and self.source[pos - 1] in " \t":
            pos -= 1
        return (
            pos == 0 or self.source[pos - 1] == "\n" or pos in self.breaks or at in self.line_starts
        )

    def blank_line_before(self, at: int) -> None:
        """A blank line before the line at `at`: it ends a field (a REF list) above it."""
        if (cut := self.line_starts.get(at)) is not None:
            self.breaks[cut] = ("\n\n", self.breaks[cut][1])  # a break put back: made blank
            return
        src = self.source
        pos = at
        while pos > 0 and src[pos - 1] in " \t":
            pos -= 1
        if pos == 0 or src[pos - 1] != "\n" or pos in self.breaks:
            return
        prev = pos - 1
        while prev > 0 and src[prev - 1] in " \t":
            prev -= 1
        if prev > 0 and src[prev - 1] != "\n":
            self.breaks[pos] = ("\n", pos)

    # -- the result --

    def cut(self, at: int, brk: str) -> None:
        """A break at `at`, unless a line already starts there; spaces around it go."""
        src = self.source
        start = at
        while start > 0 and src[start - 1] in " \t":
            start -= 1
        if start == 0 or src[start - 1] == "\n" or at >= len(src):
            return
        end = at
        while end < len(src) and src[end] in " \t":
            end += 1
        old = self.breaks.get(start)
        if old is None or len(brk) > len(old[0]):
            self.breaks[start] = (brk, max(end, old[1]) if old else end)
        self.line_starts[end] = start

    def text(self) -> str:
        source = self.source
        for start, end in self.capitals:  # same length: the offsets hold
            source = source[:start] + _upper_in_place(source[start:end]) + source[end:]
        if not self.breaks:
            return source
        out: list[str] = []
        pos = 0
        for at in sorted(self.breaks):
            if at < pos:
                continue
            brk, nxt = self.breaks[at]
            out.append(source[pos:at])
            out.append(brk)
            pos = nxt
        out.append(source[pos:])
        return "".join(out)


def restore_case(text: str) -> str:
    """Capitals back where a telegram always has them, in a text that lost them: the header
    (routing indicators, addresses and the date-time group), the banner, the captions and
    office lines after it, and the page lines. The rest stays as written: the readers of
    fields and paragraphs ignore case."""
    if text[: len(PARTIAL_NOTE)].lower() == _PARTIAL_NOTE_LOWER:
        text = PARTIAL_NOTE + text[len(PARTIAL_NOTE) :]
    start, end = _capital_head(text)
    if end > start:
        text = text[:start] + text[start:end].upper() + text[end:]
    return _PAGE_LINE_ANYCASE.sub(lambda m: m.group(0).upper(), text)


# Office lines and captions are short (or, run together, a short block); a longer line after
# the banner is the text itself.
_OFFICE_LINE_MAX = 100
_OFFICE_BLOCK_MAX = 600
_OFFICE_LINES_MAX = 30


def _capital_head(text: str) -> tuple[int, int]:
    """Where a lower-cased text had capitals at its head: the header, the banner and the short
    lines after it up to the first field; without a banner, the header up to the first field
    when the text opens with one."""
    start = len(PARTIAL_NOTE) if text.startswith(PARTIAL_NOTE) else 0
    field = _FIRST_FIELD_ANYCASE.search(text, start, start + _HEAD_CHARS)
    limit = field.start() if field is not None else min(len(text), start + _HEAD_CHARS)
    found = find_banner(text)
    if found is not None and found[0] <= limit:
        return start, _after_office_lines(text, found[1], limit)
    if (m := _BANNER_ANYCASE.search(text, start, limit)) is not None:
        return start, _after_office_lines(text, m.end(), limit)
    if _HEADER_OPENING.match(text, start) is None:
        return start, start
    return start, limit


def _after_office_lines(text: str, pos: int, field: int) -> int:
    """The end of the caption and office lines after the banner's line ends at `pos`, up to
    the first field at `field`."""
    if pos < len(text) and text[pos] != "\n":
        return pos  # fields run onto the banner's line: they keep their case
    if field - pos <= _OFFICE_BLOCK_MAX:
        return field
    end = pos
    for _ in range(_OFFICE_LINES_MAX):
        if end >= len(text):
            break
        nl = text.find("\n", end + 1)
        line_end = len(text) if nl < 0 else nl
        line = text[end + 1 : line_end]
        if len(line) > _OFFICE_LINE_MAX or _FIRST_FIELD_ANYCASE.match(line):
            break
        end = line_end
    return end


def repair_layout(text: str) -> tuple[str, list[str]]:
    """`normalize`d text with lost line breaks and capitals put back, and a warning for each
    repair. Intact texts pay two cheap tests."""
    lost_breaks = lost_line_breaks(text)
    if lost_breaks and "¶" in text:
        text = without_pilcrows(text)  # the site's anchors mark where paragraphs began
    if lost_breaks and "\\" in text:
        # Exports that ended every line with a backslash kept it where the break was.
        text = _LINE_END_BACKSLASH.sub("\n", text)
    text = normalize(text)
    case_lost = lost_case(text)
    warnings: list[str] = []
    if lost_breaks:
        text = restore_line_breaks(text)
        warnings.append(
            "the text had lost its line breaks; they were restored before the header's lines, "
            "the banner, the fields (TAGS, SUBJECT, REF, Classified By), the numbered paragraphs "
            "and the page lines"
        )
    if case_lost:
        text = restore_case(text)
        warnings.append(
            "the text is in lower case; its header, banner and page lines were read in capitals"
        )
    return text, warnings


def _upper_in_place(s: str) -> str:
    """`s` in capitals, each character keeping its length (`ß` stays, not `SS`)."""
    up = s.upper()
    if len(up) == len(s):
        return up
    return "".join(u if len(u := c.upper()) == 1 else c for c in s)
