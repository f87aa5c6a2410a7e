"""The body after the preamble: numbered paragraphs, portion marks, summary, comment, signer."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from cablearchive.parse.model import Paragraph
from cablearchive.parse.people import signers_of

# Cython's pure-Python mode, for the compiled build (setup.py): `@cython.cfunc` makes a helper
# that only this module calls, and calls for most cables, a C function once compiled (a call
# without Python's call protocol); the typed locals are C integers, strings or characters.
# Interpreted, `cython` gives do-nothing decorators and the Python types (see _cython_shadow).
if TYPE_CHECKING:
    from cablearchive.parse import _cython_shadow as cython
else:
    try:
        import cython
    except ImportError:  # Cython is a build requirement only
        from cablearchive.parse import _cython_shadow as cython

# `¶1. (S) ...`, `1. (SBU) ...`, `¶12.  ...`, `2) ...`; the number starts the line.
PARAGRAPH_START = re.compile(r"^[ \t]*¶?[ \t]*(\d{1,3})[ \t]*[.)](?=[ \t]|$|\([A-Za-z])")
# Portion marks: `(S)`, `(SBU)`, `(S/NF)`, `(C//REL NATO)`, `(U//FOUO)`, `(C - ENTIRE TEXT)`,
# `(S//FGI//NF)`, `(S-NF)`, `(S/REL TO NATO/AUS)`, `(C//REL TO USA, KEN, GBR//)`,
# `(C/Releasable to Italy)`, `(CONFIDENTIAL -- ENTIRE PARAGRAPH)`, in any case.
PORTION_MARK = re.compile(
    r"^\s*\(\s*(?P<mark>TS|S|C|U|SBU|LOU|FOUO|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)"
    r"(?P<extra>(?:\s*(?:/{1,2}|-|\s)\s*"
    r"(?:NF|NOFORN|FGI|FOUO|SBU|ORCON|PROPIN|OC|REL(?:EASABLE)?\b[ A-Z,/]*?)\b){0,4})"
    r"[\s/]*(?:[-:,]*\s*ENTIRE\s+(?:TEXT|PARAGRAPH))?\s*\)\.?\s*",
    re.IGNORECASE,
)
_MARK_PARTS = re.compile(r"\s*(?://?|-)\s*")
_CAVEATS = frozenset({"FGI", "FOUO", "SBU", "ORCON", "PROPIN", "OC"})
_MARK_NAMES = {"CONFIDENTIAL": "C", "SECRET": "S", "UNCLASSIFIED": "U", "UNCLAS": "U"}
# Summary, comment and quotation markers are found by plain substring search of their key word
# in a lower-cased copy of the body, then checked where they stand: a case-insensitive regex
# search over the whole body tries every `e` of the text and was the parser's main cost.
# What follows the key word when it opens a block: `Summary:`, `SUMMARY.`, `Summary --`,
# `Summary and Comment:`, `Summary and Action Request:`, `Summary/Introduction.`,
# `SUMMARY, COMMENT, AND ACTION REQUEST:`, `(SUMMARY):`, `(Summary) The`, `Summary (U):`, or
# nothing more on its line (a heading: `Summary` over a rule, `------- SUMMARY -------`,
# `BEGIN SUMMARY`), or a rule and the text on the same line where a page lost its breaks.
_OPENING_TAIL = re.compile(
    r"(?:(?:[ \t]*/[ \t]*|,[ \t]*|(?:,[ \t]*|[ \t]+)(?:and|&)[ \t]+)[a-z]+(?:[ \t]+[a-z]+)?){0,3}"
    r"\)?[ \t]*(?:\([a-z/ ,]{1,40}\)[ \t]*)?"
    r"(?:(?P<heading>(?:_RULE[ \t.:]*)?(?:\n|$)|_RULE[ \t]+)"
    r"|(?P<sep>[:.,]+|-{1,3}(?=\s))(?P<ends_line>[ \t]*(?:_RULE[ \t.]*)?(?:\n|$))?)".replace(
        "_RULE", r"(?:[-=_]{3,}|(?:-[ \t]){2,}-)"
    )
)
# A title after the word, then a rule or a blank line: `Comment: Son Set\n----------------`,
# `COMMENT: BALANCING RISKS\n\n`, `Comment: WHAT BRAZIL IS UP TO -------------`.
_TITLE_OVER_RULE = re.compile(
    r"[^\n]{0,60}\n[ \t]*(?:[-=_]{3,}|(?:-[ \t]){2,}-)[ \t-]*\n|[^\n.]{1,40}\n[ \t]*\n"
    r"|[^\n]{1,60}?[ \t][-=_]{3,}[ \t-]*(?:\n|$)"
)
# `SUMMARY On August 3 ...`, `SUMMARY (U) Modernization ...`: the word in capitals, then text
# (not `SUMMARY OF EVENTS`).
_CAPS_TAIL = re.compile(r"[ \t]+(?=[A-Z][a-z]|\()")
# What may stand before the key word on its line: a paragraph number and portion mark
# (`1. (C) Summary:`, `1.  C)Summary:`, `I. Summary`), `BEGIN`, another heading joined by
# `and` (`Introduction and Summary:`, `Action Request and Comment:`), one or two words naming
# whose it is (`Embassy Comment:`, `(Ambassador's comment:`, `Executive Summary`), or the end
# of a sentence where a page lost its line breaks.
# The same read from the line's start, tried first (most openings start their line).
_LINE_PREFIX = re.compile(
    r"[ \t]*(?:\(|(?:\d{1,3}|[ivx]{1,4})[ \t]*[.)][ \t]*)?"
    r"(?:\(?[a-z/ ,-]{1,40}\)\.?[ \t]*)?(?:begin[ \t]+)?"
    r"(?:(?:[a-z]+[ \t]+){1,2}(?:and|&)[ \t]+|(?:[a-z.']{2,16}[ \t]+){1,2})?"
)
_OPENING_PREFIX = re.compile(
    r"(?:^[ \t]*|[.!?:;\"')\]-][ \t]+|\(|(?:\d{1,3}|[ivx]{1,4})[ \t]*[.)][ \t]*)"
    r"(?:\(?[a-z/ ,-]{1,40}\)\.?[ \t]*)?(?:begin[ \t]+)?"
    r"(?:(?:[a-z]+[ \t]+){1,2}(?:and|&)[ \t]+|(?:[a-z.']{2,16}[ \t]+){1,2})?$"
)
# After a heading: rules, blank lines, a paragraph number and mark, and the word again
# (`Summary\n-------\n\n1. (S) Summary: Deputy Secretary ...`).
_AFTER_HEADING = re.compile(
    r"(?:[ \t]*(?:[-=_]{3,}|(?:-[ \t]){2,}-)[ \t-]*(?:\n|(?=[^\s-]))|[ \t]*\n)*[ \t]*"
)
_NUMBER_AND_MARK = re.compile(r"\d{1,3}[ \t]*[.)]\s*(?:\([a-z/ ,-]{1,60}\)\.?[ \t]*)?")
# The end of a paragraph: a blank line, a rule, a line that starts a marked paragraph or a
# part numbered in Roman (`II. Status of Country`).
_PARAGRAPH_END = re.compile(
    r"\n[ \t]*(?:\n|[-=_]{3,}|(?:-[ \t]){2,}-|\d{1,3}[ \t]*[.)]\s*\(|[IVX]{1,5}\.[ \t]+[A-Z])"
)
# The next heading: a rule on its own line (under or over its title), a part numbered in Roman;
# or a long rule after its title on the same line (`THE GOOD -------`).
_HEADING_START = re.compile(
    r"\n[ \t]*(?:(?P<rule>[-=_]{3,}|(?:-[ \t]){2,}-)|[IVX]{1,5}\.[ \t]+[A-Z])"
)
_LONG_RULES = ("-----", "=====")
# Where a page lost its line breaks, the same inside a line: a long rule, or a marked paragraph
# after the end of a sentence. Looked for only in a block whose line is this long, and only
# before the end found at the start of a line.
_ENDS_INLINE = re.compile(
    r"[ \t]-{5,}(?=\s)|(?<=[.!?\"')])[ \t]+\d{1,3}\.[ \t]*\([A-Za-z][A-Za-z/ ,]{0,30}\)"
)
_LONG_LINE = 400
_HEADING_LINE_MAX = 100
# A closing marker without an opening counts only this close to the start of the body.
_CLOSED_ONLY_MAX = 8000
# How far a block opened by a heading is looked at for the next heading.
_SECTION_MAX = 4000
_SPACES = re.compile(r"\s*")
_TEXT_OPENING = re.compile(r"begin\s+(?:text|quote)\b\s*[:.]?")
# `End summary`, `END OF SUMMARY`, `End Introduction and Summary`.
_END_BEFORE = re.compile(r"end\s+(?:of\s+)?(?:[a-z]+\s+(?:and|&)\s+)?")


# The marks nearly every paragraph carries, looked up without a pattern.
_SIMPLE_MARKS = {"U": "U", "SBU": "SBU", "C": "C", "S": "S", "TS": "TS", "LOU": "LOU"}


def portion_mark(text: str) -> tuple[str | None, str]:
    """(mark, text without it): `(S//NF) The ...` -> ("S//NF", "The ...")."""
    if not text.startswith("("):
        if text[:3].lstrip()[:1] != "(":
            return None, text
    else:
        close = text.find(")", 1, 8)
        if close > 0 and (simple := _SIMPLE_MARKS.get(text[1:close])) is not None:
            return simple, text[close + 1 :].lstrip(" .")
    m = PORTION_MARK.match(text)
    if not m:
        return None, text
    mark = m.group("mark").upper()
    mark = _MARK_NAMES.get(mark, mark)
    extra = m.group("extra")
    if extra:
        mark = "//".join([mark, *_caveats(extra)])
    return mark, text[m.end() :]


@cython.cfunc
def _caveats(extra: str) -> list[str]:
    """`/NF/rel Panama` -> [NF, REL PANAMA]; `/REL TO NATO/AUS` -> [REL TO NATO/AUS]."""
    out: list[str] = []
    rel: int | None = None  # where the release list is in `out`, to extend it
    for part in _MARK_PARTS.split(extra.upper().strip(" /-")):
        part = " ".join(part.split())
        if part in ("NF", "NOFORN"):
            out.append("NF")
        elif part.startswith("REL"):
            rel = len(out)
            out.append("REL" + part[10 if part.startswith("RELEASABLE") else 3 :])
        elif part in _CAVEATS:
            out.append(part)
        elif part and rel is not None:
            out[rel] += "/" + part  # `REL TO NATO/AUS`: the list goes on after a slash
    return out


# The same start as PARAGRAPH_START, searched from a literal newline through the whole body.
# Some pages write no space after the number (`1.(SBU)`, `16.With the imposition`).
_NUMBER_AND_MARK_AFTER = (
    r"(\d{1,3})[ \t]*([.)])(?=[ \t\n(]|[A-Z]|$)"
    r"(?:[ \t]*\n?[ \t]*(\((?:(TS|S|C|U|SBU|LOU)\)[ \t.]*)?))?"  # a portion mark, most often simple
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*¶?[ \t]*" + _NUMBER_AND_MARK_AFTER)
# The same for a text without `¶` (the parser removes them first): a step less at every line.
_PARAGRAPH_BREAK_PLAIN = re.compile(r"\n[ \t]*" + _NUMBER_AND_MARK_AFTER)
# A paragraph that runs on in the same line as the one before, where a page lost its line
# breaks: `... in 2006.  3. (C) The ...`, `----------- 27. (C) Chile ...`, `... in 2010. 6. Brazil`:
# only after the end of a sentence or a heading's rule.
_INLINE_BREAK = re.compile(r"[.!?\"')\]-][ \t]{1,8}(\d{1,3})[ \t]?([.)])[ \t]{0,4}(?=\(|[A-Z])")
_AFTER_RULE = re.compile(r"-----[ \t]+(\d{1,3})[ \t]?([.)])[ \t]{0,4}(?=\()")
# Paragraphs are looked for inside lines only in a text of one line, or where the lines hold
# this many characters per paragraph start found at their beginnings: texts that lost their
# line breaks.
_CHARS_PER_START = 1500
# How many paragraph numbers may be missing between two paragraphs: numbers lost in
# transmission, and whole paragraphs the release replaced by `XXXXXXXXXXXX`.
_MAX_GAP = 12
# A number after these words is a paragraph cited, not one starting: `see para\n\n7.`
_CITING = ("para", "paras", "para.", "paras.", "paragraph", "paragraphs", "paragraphs.")
# Lines at most this long that do not end a sentence are headings; longer ones are the
# sentence a number wrapped from (`... on September\n15. Charge told ...`).
_HEADING_MAX = 50

# What precedes a number at the start of a line:
_BLANK = 0  # a blank line after a sentence or a heading, or a heading's rule
_BREAK = 1  # the end of a sentence, a short heading, a list item's line
_LOOSE = 2  # a blank line after a line cut in mid-sentence (`... on Jan\n\n6. He said`)
_MID = 3  # a sentence cut by a line break, no blank line (`... on September\n15. Charge`)
_CITED = 4  # a paragraph cited (`see para\n\n7.`)
_INLINE = 5  # the end of a sentence in the same line: the page lost its line breaks


def _context(text: str, nl: int) -> int:
    """What precedes the line that starts after `text[nl]`, a newline."""
    end = nl
    blank = False
    while True:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line or start == 0:
            break
        blank = True
        end = start - 1
    if not line:
        return _BLANK
    last = line[-1]
    if last in "aAhHsS." and line[-20:].rsplit(None, 1)[-1].lower().lstrip("(") in _CITING:
        return _CITED
    if last in ".:;!?\"')]*-=_>" or len(line) <= _HEADING_MAX:
        return _BLANK if blank or last in "-=_" else _BREAK
    if blank:
        return _BLANK if line.upper() == line else _LOOSE  # a heading in capitals
    if PARAGRAPH_START.match(line):
        return _BREAK  # a list of one-line paragraphs, each without a final period
    return _MID


def break_matches_interpreted(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The matches of `_PARAGRAPH_BREAK` (or `_PARAGRAPH_BREAK_PLAIN`) in `text`, in order.

    `break_matches` is this function where the module is interpreted. Compiled, it is
    `break_matches_compiled`. The same matches either way (tests/parse/test_break_matches.py)."""
    return list(pattern.finditer(text))


def break_matches_compiled(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """`break_matches_interpreted`, the pattern tried only where a line starts with a digit
    after spaces, tabs or `¶` (every match does): the regular expression engine, scanning for
    each line break and trying the whole pattern there, took a tenth of the compiled parser's
    instructions (valgrind, benchmarks/instructions.py); most of what is left is the making of
    the matches. Compiled, a C loop over the line starts; interpreted, three times slower than
    the other."""
    found: list[re.Match[str]] = []
    n: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t = text.find("\n")
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    resume: cython.Py_ssize_t = 0  # where the last match ended: matches do not overlap
    c: cython.Py_UCS4
    while i >= 0:
        j = i + 1
        while j < n:
            c = text[j]
            if c != " " and c != "\t" and c != "¶":
                break
            j += 1
        if j == n:
            break
        # One to three digits, spaces or tabs, then `.` or `)`, as the pattern has it (each
        # try of the pattern costs thousands of instructions; `isdigit` holds every character
        # `\d` matches, and a few more).
        k = j
        while k < n and k - j < 4:
            c = text[k]
            if not c.isdigit():
                break
            k += 1
        if i >= resume and 0 < k - j < 4:
            while k < n:
                c = text[k]
                if c != " " and c != "\t":
                    break
                k += 1
            if k < n and (c == "." or c == ")"):
                m = pattern.match(text, i)
                if m is not None:
                    found.append(m)
                    resume = m.end()
        i = text.find("\n", j)
    return found


break_matches = break_matches_compiled if cython.compiled else break_matches_interpreted


# (number, offset, where its text starts, written `N.`, portion mark, context)
Candidate = tuple[int, int, int, bool, str | None, int]


@cython.cfunc
def _candidates(text: str) -> list[Candidate]:
    """Every place a paragraph may start, in order."""
    out: list[Candidate] = []
    append = out.append
    gaps: list[tuple[int, int]] = []  # spans between two line starts where numbers are missing
    last_number = last_at = 0
    # (An ASCII text holds no `¶`: its flag tells without a scan, and most bodies are ASCII.)
    pilcrows = not text.isascii() and "¶" in text
    breaks = _PARAGRAPH_BREAK if pilcrows else _PARAGRAPH_BREAK_PLAIN
    for m in break_matches(breaks, text):
        number_text, sep, paren, simple = m.groups()
        number = int(number_text)
        at, end = m.span()
        if number > last_number + 1:
            gaps.append((last_at, at))
        last_number, last_at = number, at
        if simple is not None:
            # What precedes a marked number does not matter: the mark says a paragraph starts.
            append((number, at, end, sep == ".", simple, _BREAK))
            continue
        if paren is not None:
            mark, end = _mark_at(text, m.start(3))
            if mark is not None:
                append((number, at, end, sep == ".", mark, _BREAK))
                continue
        append((number, at, m.end(2), sep == ".", None, _context(text, at)))
    gaps.append((last_at, len(text)))
    inline: list[Candidate] = []
    if len(text) > (len(out) + 1) * _CHARS_PER_START or text.find("\n", 1) < 0:
        for m in _INLINE_BREAK.finditer(text, 1):
            mark, end = _mark_at(text, m.end()) if text[m.end()] == "(" else (None, m.end())
            inline.append((int(m.group(1)), m.start() + 1, end, m.group(2) == ".", mark, _INLINE))
    else:
        # A heading run onto the line of the paragraph after it: `PRESIDENT LULA --------------
        # 16. (SBU) President ...`, looked for where a number is missing between two found at
        # the start of lines (or after the last); only with a portion mark, which says a
        # paragraph starts.
        for gap_start, gap_end in gaps:
            if text.find("-----", gap_start, gap_end) >= 0:
                for m in _AFTER_RULE.finditer(text, gap_start, gap_end):
                    mark, end = _mark_at(text, m.end())
                    if mark is not None:
                        number, dot = int(m.group(1)), m.group(2) == "."
                        inline.append((number, m.start(1), end, dot, mark, _BREAK))
    if inline:
        out = sorted(out + inline, key=lambda c: c[1])
    return out


@cython.cfunc
def _mark_at(text: str, at: int) -> tuple[str | None, int]:
    """The portion mark that starts at `at`, and where the text after it starts."""
    head = text[at : at + 120]
    mark, rest = portion_mark(head)
    return mark, at + len(head) - len(rest)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Numbered paragraphs; text before the first number is an unnumbered paragraph.
    (`paragraphs_and_breaks` also says where each number and mark stand.)

    A number starts a paragraph when it is the next one expected (or the one after, where a
    paragraph number was lost); a stray `3.` inside a list stays text. A list numbered inside
    a paragraph (`1.` to `7.` inside paragraph 3) can reach the expected number itself: an
    unmarked candidate gives way when the expected number comes later with a portion mark.
    A number that wrapped onto a new line in mid-sentence (`on September\n15.`) or that cites
    a paragraph (`see para\n\n7.`) starts none unless it is the next one expected.

    Out of order, a number starts a paragraph when a portion mark follows it: a number
    written twice, a second part or a quoted text numbered anew, and a jump over numbers lost
    or paragraphs redacted. Without a mark, only such a jump after a paragraph break, when the
    numbers skipped do not come later.
    """
    return paragraphs_and_breaks(text)[0]


def paragraphs_and_breaks(text: str) -> tuple[list[Paragraph], list[tuple[int, int]]]:
    """`split_paragraphs`, and the (start, end) offsets in `text` of each paragraph's number
    and mark, in order: what a summary spanning paragraphs leaves out."""
    text = "\n" + text
    candidates = _candidates(text)
    later: _Later | None = None
    paragraphs: list[Paragraph] = []
    breaks: list[tuple[int, int]] = []
    number = 0
    numbered = False  # whether a numbered paragraph has started
    number_marked = False
    dotted = True  # how the cable writes its paragraph numbers: `1.` or `1)`
    start = 0
    mark: str | None = None
    for n, at, end, dot, this_mark, ctx in candidates:
        marked = this_mark is not None
        expected = number + 1
        if not numbered:
            if not marked and (ctx == _CITED or (ctx >= _MID and n != 1)):
                continue
            dotted = dot
        elif n == expected or n == expected + 1:
            if not marked or dot != dotted:
                if not marked and (ctx == _CITED or (ctx >= _MID and n != expected)):
                    continue  # a wrapped date or count, a paragraph cited
                if ctx == _INLINE and number_marked:
                    continue
                later = later or _Later(candidates)
                weak_dot = dot != dotted
                if later.stronger(expected, at, marked, weak_dot) or later.stronger(
                    n, at, marked, weak_dot
                ):
                    continue  # a list item; the paragraph comes later, marked or as `N.`
        elif dot != dotted or (ctx == _INLINE and n < expected):
            continue
        elif marked:
            if n > expected + _MAX_GAP:
                continue  # a typo or a count, not a jump over lost paragraphs
        elif n <= number or ctx > _BREAK or n > expected + _MAX_GAP:
            continue  # unmarked and numbered anew: a list inside the paragraph
        else:
            later = later or _Later(candidates)
            if later.skipped_come_later(expected, n, at):
                continue  # a stray number: the paragraphs skipped come later
        if numbered and mark is not None:  # most paragraphs: numbered, their mark read
            paragraphs.append(Paragraph(number, mark, text[start:at].strip()))
        else:
            _append(paragraphs, number if numbered else None, mark, text[start:at])
        number, numbered, number_marked, mark, start = n, True, marked, this_mark, end
        breaks.append((at - 1 if at else 0, end - 1))  # in `text` without the "\n" put in front
    _append(paragraphs, number if numbered else None, mark, text[start:])
    return paragraphs, breaks


class _Later:
    """Where each number starts a line for the last time, to tell a list item or a stray
    number from the paragraph that comes after it."""

    __slots__ = ("dotted_at", "marked_at", "open_at")

    def __init__(self, candidates: list[Candidate]) -> None:
        self.marked_at: dict[int, int] = {}
        self.dotted_at: dict[int, int] = {}
        self.open_at: dict[int, int] = {}
        for n, at, _end, dot, mark, ctx in candidates:
            if mark is not None:
                self.marked_at[n] = at
            if dot and ctx != _INLINE:
                self.dotted_at[n] = at
            if ctx <= _LOOSE:
                self.open_at[n] = at

    def stronger(self, n: int, at: int, marked: bool, weak_dot: bool) -> bool:
        """Whether `n` starts a line after `at` with a portion mark where this candidate has
        none, or written `N.` where this one is written `N)` in a cable numbered `N.`."""
        if not marked and self.marked_at.get(n, -1) > at:
            return True
        return weak_dot and self.dotted_at.get(n, -1) > at

    def skipped_come_later(self, expected: int, n: int, at: int) -> bool:
        return any(self.open_at.get(k, -1) > at for k in range(expected, n))


@cython.cfunc
def _append(paragraphs: list[Paragraph], number: int | None, mark: str | None, chunk: str) -> None:
    """A paragraph from its text; the mark, when its number's line did not show one, is
    looked for at the start of the text (`(U) Summary.` before the first number)."""
    chunk = chunk.strip()
    if mark is None and chunk[:1] == "(":
        mark, chunk = portion_mark(chunk)
        chunk = chunk.strip()
    if chunk or number is not None or mark is not None:
        paragraphs.append(Paragraph(number, mark, chunk))  # (positional: many per cable)


def lowered(text: str) -> str:
    """A lower-case copy with the same offsets, to find key words with plain `str.find`.

    Most cables are ASCII, where this is one fast pass; elsewhere non-ASCII characters become
    `?` first so that no character changes length when lower-cased.
    """
    if text.isascii():
        return text.lower()
    return text.encode("ascii", "replace").decode("ascii").lower()


def _occurrences(low: str, word: str) -> list[int]:
    """Offsets of `word` (lower-case) in the lower-cased body, in order."""
    out: list[int] = []
    i = low.find(word)
    while i >= 0:
        out.append(i)
        i = low.find(word, i + 1)
    return out


@cython.cfunc
def _end_marker_start(low: str, i: int) -> int | None:
    """Where `End`/`END OF` begins when the word at `i` closes a block, else None."""
    k = low.rfind("end", max(0, i - 30), i)
    if k < 0 or (k > 0 and low[k - 1].isalpha()):  # not `attend`
        return None
    return k if _END_BEFORE.fullmatch(low, k, i) else None


@cython.cfunc
def _starts_word(low: str, i: int) -> bool:
    return i == 0 or low[i - 1] in " \n\t.:;)(-*"


@cython.cclass
class _Hits:
    """The offsets of a key word in the lowered body, each with where the `End` marker that
    closes a block with it begins (None where the word does not close one), found only as far
    as they are asked for: a block and its closing marker are mostly near the top (a summary),
    and the rest of the body need not be searched.

    (Compiled, an extension type: its fields are read without a lookup and `has`, called some
    forty thousand times over the corpus, is a C method.)"""

    __slots__ = ("at", "low", "markers", "next", "word")
    at: list[int]
    low: str
    markers: list[int | None]
    next: cython.Py_ssize_t
    word: str

    def __init__(self, low: str, word: str) -> None:
        self.low, self.word = low, word
        self.at = []
        self.markers = []
        self.next = low.find(word)

    @cython.cfunc
    def has(self, k: cython.Py_ssize_t) -> cython.bint:
        """Whether there is a `k`th occurrence (searched for if not found yet)."""
        while len(self.at) <= k:
            i = self.next
            if i < 0:
                return False
            self.at.append(i)
            self.markers.append(_end_marker_start(self.low, i))
            self.next = self.low.find(self.word, i + 1)
        return True

    @cython.cfunc
    def marker_after(self, k: cython.Py_ssize_t) -> cython.bint:
        """Whether an occurrence after the `k`th closes a block (a marker at offset 0 does not
        count, as the original `any` over the markers did not count it)."""
        j = k + 1
        while self.has(j):
            if self.markers[j]:
                return True
            j += 1
        return False

    def first_marker(self) -> int | None:
        j = 0
        while self.has(j):
            if (marker := self.markers[j]) is not None:
                return marker
            j += 1
        return None


@cython.cfunc
def _block(body: str, low: str, word: str) -> tuple[int, int] | None:
    """(start, end) of the first block that `word` opens (`Summary: ... End summary.`).

    The block ends at its closing marker (`End summary`, `END OF SUMMARY`); without one, a
    block opened by a heading ends at the next heading, and one opened inside a paragraph
    (`1. (C) Summary: ...`) at the end of that paragraph. A marker that closes a later block
    of the same word (the first one had none) does not count.
    """
    hits: _Hits = _Hits(low, word)
    if not hits.has(0):
        return None
    at, markers = hits.at, hits.markers  # (grown in place as `hits` searches further)
    cut: tuple[int, int] | None = None  # a block cut short, if no whole one comes later
    k = -1
    while hits.has(k := k + 1):
        i = at[k]
        if markers[k] is not None or (opening := _opening(body, low, i, word)) is None:
            continue
        start, heading = opening
        if heading:
            start = _AFTER_HEADING.match(low, start).end()  # type: ignore[union-attr]
        start = _after_repeats(low, start, word)
        end = None
        if hits.marker_after(k):
            j = k
            while hits.has(j := j + 1):
                if at[j] < start:
                    continue
                if (marker := markers[j]) is not None:
                    end = marker
                    break
                if _opening(body, low, at[j], word) is not None:
                    break  # the word opens another block: this one had no closing marker
        if heading:
            limit = min(len(body) if end is None else end, start + _SECTION_MAX)
            next_heading = _next_heading(body, start, limit)
            if next_heading is not None:
                end = next_heading
        if end is None:
            para = _PARAGRAPH_END.search(body, start)
            end = _inline_end(body, start, para.start() if para else len(body))
        if end > start:
            if not _cut_short(body, start, end):
                return start, end
            cut = cut or (start, end)
    return cut or _closed_only(body, low, hits.first_marker())


@cython.cfunc
def _after_repeats(low: str, start: int, word: str) -> int:
    """Past the paragraph number and mark that open the block's text, and the opening itself
    written again (`Summary\n-------\n\n1. (S) Summary: Deputy Secretary ...`; some pages
    write them twice: `1. (C) Summary. 1. (C) Summary. The political ...`)."""
    for _ in range(3):
        if low[start : start + 1].isspace():
            start = _SPACES.match(low, start).end()  # type: ignore[union-attr]
        first = low[start : start + 1]
        if not first.isdigit() and (not word or first != word[0]):
            break  # the block's own text
        if (m := _NUMBER_AND_MARK.match(low, start)) is not None:
            start = m.end()
        elif word and low.startswith(word, start) and (again := _opening(low, low, start, word)):
            start = again[0]
        else:
            break
    return start


@cython.cfunc
def _cut_short(body: str, start: int, end: int) -> bool:
    """A block the page cut short (`SUMMARY\n-----...`, `Summary: Shari...`), on pages that
    show the start of a cable before its whole text: the whole one comes later."""
    return end - start < 300 and body[start:end].rstrip().endswith("...")


def _closed_only(body: str, low: str, end: int | None) -> tuple[int, int] | None:
    """A closing marker with no opening before it (`... End summary.` where the heading went
    into the lines above the body, or a fragment that starts inside the block): the block is
    the text from the start, when the first marker (at `end`) closes the first or second
    paragraph."""
    if end is None or end > _CLOSED_ONLY_MAX:
        return None
    # Past the rule of a heading whose title went into the lines above the body.
    start = _after_repeats(low, _AFTER_HEADING.match(low).end(), "")  # type: ignore[union-attr]
    if end <= start:
        return None
    first = _PARAGRAPH_BREAK.search(body, start, end)
    if first is None or _PARAGRAPH_BREAK.search(body, first.end(), end) is None:
        return start, end
    return None


@cython.cfunc
def _opening(body: str, low: str, i: int, word: str) -> tuple[int, bool] | None:
    """Where the block's text starts when `word` at `i` opens one, and whether it opens as a
    heading (nothing else on its line). The caller has made sure no `End` precedes it."""
    after = i + len(word)
    following = low[after : after + 3]
    if following[:1].isalpha() or not _starts_word(low, i):
        return None  # `comments`, `commented`: not the word opening a block
    in_parens = i > 0 and low[i - 1] == "("  # `(Comment: ...)` in a paragraph, `(SUMMARY):`
    if not in_parens and not _starts_line(low, i):
        return None
    if following[:2] in (": ", ". ") and following[2:].isalnum():  # `Summary: The ...`
        title_end = _title_heading(low, after + 1)
        return (after + 1, False) if title_end is None else (title_end, True)
    tail = _OPENING_TAIL.match(low, after)
    if tail is None:
        if in_parens and low[after : after + 1] == ")":
            return after + 1, False  # `(Summary) The full ...`
        if body[i:after] != word.upper() or (caps := _CAPS_TAIL.match(body, after)) is None:
            return None
        return caps.end(), False
    tail_end = tail.end()
    heading = tail.group("heading") is not None or tail.group("ends_line") is not None
    if not heading and (title_end := _title_heading(low, tail_end)) is not None:
        tail_end, heading = title_end, True
    return tail_end, heading


@cython.cfunc
def _title_heading(low: str, at: int) -> int | None:
    """Where the text starts when a heading's title follows the word on its line (`Comment: Son
    Set` over a rule or a blank line), else None. Literal tests first: most openings are text."""
    nl = low.find("\n", at, at + 62)
    if nl >= 0:
        following = low[nl + 1 : nl + 4].lstrip(" \t")[:1]
        if following not in ("\n", "-", "=", "_", ""):
            return None
    elif low.find("---", at, at + 64) < 0:
        return None
    title = _TITLE_OVER_RULE.match(low, at)
    return title.end() if title else None


def _starts_line(low: str, i: int) -> bool:
    """Whether only a paragraph number, a mark, `BEGIN` or the like precede `i` on its line
    (looking back at most 80 characters: beyond, the end of a sentence must precede it)."""
    nl = low.rfind("\n", max(0, i - 80), i)
    if nl >= 0 or i <= 80:
        if _LINE_PREFIX.fullmatch(low, nl + 1, i):
            return True
        prefix = low[nl + 1 : i]
    else:
        prefix = "." + low[i - 80 : i]
    return _OPENING_PREFIX.search(prefix) is not None


def _next_heading(body: str, start: int, limit: int) -> int | None:
    """Where the next heading before `limit` begins: its title line over a rule, or the rule
    itself."""
    # The first long rule by plain `find`, then a heading at a line's start only before it
    # (a long rule that starts its line is found so: its newline comes first).
    after_title = _long_rule(body, start, limit)
    rule = _HEADING_START.search(body, start, after_title + 5 if after_title >= 0 else limit)
    found = rule.start() if rule else limit
    if 0 <= after_title < found:
        title_start = body.rfind("\n", start, after_title)
        if title_start >= 0 and after_title - title_start <= _HEADING_LINE_MAX:
            return title_start
        return _inline_end(body, start, after_title)
    if (inline := _inline_end(body, start, found)) < found or rule is None:
        return inline if inline < found else None
    at = rule.start()
    line_end = body.find("\n", rule.end())
    if rule.group("rule") is None or body[rule.end() : line_end if line_end >= 0 else None].strip(
        " \t-=_"
    ):
        return at  # a Roman part, or a title between rules on one line
    title_start = body.rfind("\n", start, at)
    if title_start < 0:
        return at
    title = body[title_start + 1 : at].strip()
    if title and len(title) <= _HEADING_LINE_MAX and not PARAGRAPH_START.match(title):
        return title_start
    return at


def _long_rule(body: str, start: int, end: int) -> int:
    """Where the first long rule between `start` and `end` begins, or -1 (plain `find`: the
    span can be the rest of the text)."""
    found = [i for rule in _LONG_RULES if (i := body.find(rule, start, end)) >= 0]
    return min(found) if found else -1


@cython.cfunc
def _inline_end(body: str, start: int, end: int) -> int:
    """`end`, or an earlier end of the block inside its line where the page lost its line
    breaks; there, before the title of a heading run onto the line (`... the treaty. Summit
    Agenda ------------- 2. (C) ...`)."""
    line_end = body.find("\n", start)
    if 0 <= line_end < start + _LONG_LINE:
        return end
    stop = min(end, line_end) if line_end >= 0 else end
    if body.find(". (", start, stop) < 0 and body.find("-----", start, stop) < 0:
        return end  # nothing in the line that could end the block
    inline = _ENDS_INLINE.search(body, start, stop)
    if inline is None:
        return end
    end = inline.start()
    sentence_end = max(body.rfind(". ", start, end), body.rfind(".\n", start, end))
    if sentence_end > 0 and end - sentence_end < _HEADING_LINE_MAX:
        return sentence_end + 1
    return end


@cython.cfunc
def _flattened(body: str, start: int, end: int, breaks: list[tuple[int, int]] | None) -> str | None:
    """A block's text on one line, the paragraph numbers and portion marks inside it left out:
    those `breaks` gives (from `paragraphs_and_breaks(body)`), or else those found anew."""
    if breaks is None:
        text = body[start:end]
        if ("\n" in text and (text[:1].isdigit() or _PARAGRAPH_BREAK.search(text))) or (
            "\n" not in text and (". (" in text or ".(" in text)  # paragraphs run on in a line
        ):
            text = " ".join(p.text for p in split_paragraphs(text))
        return " ".join(text.split()) or None
    first = max(bisect_left(breaks, (start,)) - 1, 0)
    none_after = first + 1 >= len(breaks) or breaks[first + 1][0] >= end
    if none_after and (not breaks or breaks[first][1] <= start or breaks[first][0] >= end):
        text = collapsed(body[start:end])  # no paragraph number inside the block
        return (portion_mark(text)[1] if text[:1] == "(" else text) or None
    pieces = []
    pos = start
    for at, after in breaks[first:]:
        if at >= end:
            break
        if after > pos:
            pieces.append(body[pos:at])
            pos = after
    pieces.append(body[pos:end])
    text = collapsed(" ".join(pieces))
    if text[:1] == "(":
        text = portion_mark(text)[1]  # the mark of a first paragraph that has no number
    return text or None


# The whitespace characters of ASCII text besides the space and the line break.
_OTHER_SPACES = ("\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def collapsed(text: str) -> str:
    """`" ".join(text.split())`: whitespace runs made one space, none at the ends. A block of
    ASCII text whose only whitespace is spaces and line breaks (nearly all) is done by
    `str.replace`, which makes one string where splitting makes one per word."""
    if text.isascii() and not any(c in text for c in _OTHER_SPACES):
        text = text.replace("\n", " ")
        while "  " in text:
            text = text.replace("  ", " ")
        return text.strip(" ")
    return " ".join(text.split())


def summary_of(body: str, low: str, breaks: list[tuple[int, int]] | None = None) -> str | None:
    """The `Summary: ... End summary.` text, whitespace collapsed. `low` is `lowered(body)`;
    `breaks`, where known, where the paragraph numbers and marks stand in `body`."""
    span = _block(body, low, "summary")
    return _flattened(body, span[0], span[1], breaks) if span else None


def comment_of(body: str, low: str, breaks: list[tuple[int, int]] | None = None) -> str | None:
    """The first `Comment: ... End comment.` text, whitespace collapsed."""
    span = _block(body, low, "comment")
    return _flattened(body, span[0], span[1], breaks) if span else None


def quotations_of(body: str, low: str) -> list[str]:
    """`Begin text: ... End text.` blocks, in order."""
    out: list[str] = []
    # Most bodies quote no text: one search for the opening anywhere spares them the list of
    # every `begin` (`beginning`, `begin talks`) and its checks. The search starts at the first
    # `begin`, which `str.find` finds many times faster than the pattern's own scan.
    first = low.find("begin")
    if first < 0 or _TEXT_OPENING.search(low, first) is None:
        return out
    begins = _occurrences(low, "begin")
    if not any(_starts_word(low, i) and _TEXT_OPENING.match(low, i) for i in begins):
        return out  # `beginning`, `begin talks`: no quotation, no need to look for its end
    ends = sorted(
        e
        for word in ("text", "quote")
        for j in _occurrences(low, word)
        if (e := _end_marker_start(low, j)) is not None
    )
    pos = 0
    for i in begins:
        if i < pos or not _starts_word(low, i) or (m := _TEXT_OPENING.match(low, i)) is None:
            continue
        end = next((e for e in ends if e >= m.end()), None)
        if end is None:
            break
        out.append(body[m.end() : end].strip())
        pos = end
    return out


def signer_of(text: str) -> tuple[str | None, int]:
    """The first signature at the end of the body, and the offset where it starts (the rules
    are `people.signers_of`, which also finds a second signer)."""
    signers, at = signers_of(text)
    return (signers[0] if signers else None), at
