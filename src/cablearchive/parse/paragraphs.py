"""The body after the preamble: numbered paragraphs, portion marks, summary, comment, signer."""

from __future__ import annotations

import re

from cablearchive.parse.model import Paragraph
from cablearchive.parse.people import signers_of

# `¶1. (S) ...`, `1. (SBU) ...`, `¶12.  ...`, `2) ...`; the number starts the line.
PARAGRAPH_START = re.compile(r"^[ \t]*¶?[ \t]*(\d{1,3})[ \t]*[.)](?=[ \t]|$|\([A-Za-z])")
# Portion marks: `(S)`, `(SBU)`, `(S/NF)`, `(C//REL NATO)`, `(U//FOUO)`, `(C - ENTIRE TEXT)`.
PORTION_MARK = re.compile(
    r"^\s*\(\s*(?P<mark>TS|S|C|U|SBU|LOU|FOUO|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)"
    r"(?P<extra>\s*(?://?|\s)\s*(?:NF|NOFORN|REL[ A-Z,]*|FOUO|SBU|ORCON|PROPIN|OC)){0,3}"
    r"\s*(?:[-:,]?\s*ENTIRE\s+TEXT)?\s*\)\.?\s*",
    re.IGNORECASE,
)
_MARK_NAMES = {"CONFIDENTIAL": "C", "SECRET": "S", "UNCLASSIFIED": "U", "UNCLAS": "U"}
# Summary, comment and quotation markers are found by plain substring search of their key word
# in a lower-cased copy of the body, then checked where they stand: a case-insensitive regex
# search over the whole body tries every `e` of the text and was the parser's main cost.
_SUMMARY_OPENING = re.compile(
    r"summary(?:\s+and\s+(?:comment|action\s+request))?\s*(?:[:.-]|\n)\s*"
)
_COMMENT_OPENING = re.compile(r"comment\s*[:.-]\s*")
_TEXT_OPENING = re.compile(r"begin\s+(?:text|quote)\b\s*[:.]?")
_END_BEFORE = re.compile(r"end\s+(?:of\s+)?$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
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
        parts = [p for p in re.split(r"[/\s]+", extra.upper()) if p]
        if parts and parts[0] in {"NF", "NOFORN"}:
            mark += "//NF"
        elif parts and parts[0] == "REL":
            mark += "//REL " + " ".join(parts[1:])
        elif parts:
            mark += "//" + parts[0]
    return mark, text[m.end() :]


# The same start as PARAGRAPH_START, searched from a literal newline through the whole body.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*¶?[ \t]*(\d{1,3})[ \t]*[.)](?=[ \t\n]|\([A-Za-z])")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Numbered paragraphs; text before the first number is an unnumbered paragraph.

    A number starts a paragraph when it is the next one expected (or the one after, where a
    paragraph number was lost); a stray `3.` inside a list stays text. A list numbered inside
    a paragraph (`1.` to `7.` inside paragraph 3) can reach the expected number itself: an
    unmarked candidate gives way when the expected number comes later with a portion mark.
    """
    text = "\n" + text
    candidates = [
        (int(m.group(1)), m.start(), m.end(), text[m.end() : m.end() + 6].lstrip()[:1] == "(")
        for m in _PARAGRAPH_BREAK.finditer(text)
    ]
    marked_at: dict[int, int] = {}  # number -> the last offset where it starts marked
    for n, at, _end, marked in candidates:
        if marked:
            marked_at[n] = at
    paragraphs: list[Paragraph] = []
    number: int | None = None
    start = 0
    expected = 1
    for n, at, end, marked in candidates:
        if not (n == expected or n == expected + 1 or (number is None and not paragraphs)):
            continue
        if not marked and marked_at.get(expected, -1) > at:
            continue  # a list item; the real paragraph `expected` comes later, marked
        _append(paragraphs, number, text[start:at])
        number, expected, start = n, n + 1, end
    _append(paragraphs, number, text[start:])
    return paragraphs


def _append(paragraphs: list[Paragraph], number: int | None, chunk: str) -> None:
    chunk = chunk.strip()
    if chunk or number is not None:
        mark, rest = portion_mark(chunk)
        paragraphs.append(Paragraph(number=number, classification=mark, text=rest.strip()))


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


def _end_marker_start(low: str, i: int) -> int | None:
    """Where `End`/`END OF` begins when the word at `i` closes a block, else None."""
    before = low[max(0, i - 10) : i]
    m = _END_BEFORE.search(before)
    return i - len(before) + m.start() if m else None


def _starts_word(low: str, i: int) -> bool:
    return i == 0 or low[i - 1] in " \n\t.:;)(-*"


def _block(body: str, low: str, word: str, opening: re.Pattern[str]) -> tuple[int, int] | None:
    """(start, end) of the text between an opening `word` and its `End word` (or the end of
    that paragraph)."""
    hits = _occurrences(low, word)
    for k, i in enumerate(hits):
        if not _starts_word(low, i) or _end_marker_start(low, i) is not None:
            continue
        if (m := opening.match(low, i)) is None:
            continue
        for j in hits[k + 1 :]:
            if (end := _end_marker_start(low, j)) is not None and end >= m.end():
                return m.end(), end
        # No closing marker: the block is the rest of its paragraph.
        para = _BLANK_LINE.search(body, m.end())
        return m.end(), para.start() if para else len(body)
    return None


def summary_of(body: str, low: str) -> str | None:
    """The `Summary: ... End summary.` text, whitespace collapsed. `low` is `lowered(body)`."""
    span = _block(body, low, "summary", _SUMMARY_OPENING)
    return (" ".join(body[span[0] : span[1]].split()) or None) if span else None


def comment_of(body: str, low: str) -> str | None:
    """The first `Comment: ... End comment.` text, whitespace collapsed."""
    span = _block(body, low, "comment", _COMMENT_OPENING)
    return (" ".join(body[span[0] : span[1]].split()) or None) if span else None


def quotations_of(body: str, low: str) -> list[str]:
    """`Begin text: ... End text.` blocks, in order."""
    out: list[str] = []
    begins = _occurrences(low, "begin")
    if not begins:
        return out
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
