"""The body after the preamble: numbered paragraphs, portion marks, summary, comment, signer."""

from __future__ import annotations

import re

from cablearchive.parse.model import Paragraph
from cablearchive.parse.text import ci

# `¶1. (S) ...`, `1. (SBU) ...`, `¶12.  ...`, `2) ...`; the number starts the line.
PARAGRAPH_START = re.compile(r"^[ \t]*¶?[ \t]*(\d{1,3})[ \t]*[.)](?=[ \t]|$)")
# Portion marks: `(S)`, `(SBU)`, `(S/NF)`, `(C//REL NATO)`, `(U//FOUO)`, `(C - ENTIRE TEXT)`.
PORTION_MARK = re.compile(
    r"^\s*\(\s*(?P<mark>TS|S|C|U|SBU|LOU|FOUO|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)"
    r"(?P<extra>\s*(?://?|\s)\s*(?:NF|NOFORN|REL[ A-Z,]*|FOUO|SBU|ORCON|PROPIN|OC)){0,3}"
    r"\s*(?:[-:,]?\s*ENTIRE\s+TEXT)?\s*\)\.?\s*",
    re.IGNORECASE,
)
_MARK_NAMES = {"CONFIDENTIAL": "C", "SECRET": "S", "UNCLASSIFIED": "U", "UNCLAS": "U"}
# Summary, comment and quotation markers open on a literal word, written case-insensitively by
# `ci` so that the search stays fast over long bodies.
_S = (
    r"(?:\s+[Aa][Nn][Dd]\s+(?:"
    + ci("comment")
    + "|"
    + ci("action")
    + r"\s+"
    + ci("request")
    + "))?"
)
_SUMMARY = re.compile(ci("summary") + _S + r"\s*(?:[:.-]|\n)\s*")
_END = ci("end") + r"\s+(?:" + ci("of") + r"\s+)?"
_END_SUMMARY = re.compile(_END + ci("summary") + r"\b\s*(?:" + ci("and comment") + r"\b\s*)?\.?")
_COMMENT = re.compile(ci("comment") + r"\s*[:.-]\s*")
_END_COMMENT = re.compile(_END + ci("comment") + r"\b\s*\.?")
_BEGIN_TEXT = re.compile(ci("begin") + r"\s+(?:" + ci("text") + "|" + ci("quote") + r")\b\s*[:.]?")
_END_TEXT = re.compile(ci("end") + r"\s+(?:" + ci("text") + "|" + ci("quote") + r")\b\s*\.?")
_NEXT_PARAGRAPH = re.compile(r"\n[ \t]*\n[ \t]*¶?\d{1,3}[.)]\s")
# A signer line: one to four name-like words, nothing that reads as a sentence.
_SIGNER = re.compile(r"^[A-Z][A-Za-z'.-]*(?:[ ,][A-Z][A-Za-z'.-]*){0,3}$")
_NOT_SIGNERS = {
    "END",
    "TEXT",
    "END TEXT",
    "BT",
    "NNNN",
    "SIPDIS",
    "UNCLASSIFIED",
    "CONFIDENTIAL",
    "SECRET",
    "NOFORN",
    "END COMMENT",
    "END SUMMARY",
    "THANKS",
    "REGARDS",
    "DECLASSIFIED",
}


def portion_mark(text: str) -> tuple[str | None, str]:
    """(mark, text without it): `(S//NF) The ...` -> ("S//NF", "The ...")."""
    m = PORTION_MARK.match(text) if text[:3].lstrip()[:1] == "(" else None
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
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*¶?[ \t]*(\d{1,3})[ \t]*[.)](?=[ \t\n])")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Numbered paragraphs; text before the first number is an unnumbered paragraph.

    A number starts a paragraph when it is the next one expected (or the one after, where a
    paragraph number was lost); a stray `3.` inside a list stays text.
    """
    text = "\n" + text
    paragraphs: list[Paragraph] = []
    number: int | None = None
    start = 0
    expected = 1
    for m in _PARAGRAPH_BREAK.finditer(text):
        n = int(m.group(1))
        if n == expected or n == expected + 1 or (number is None and not paragraphs):
            _append(paragraphs, number, text[start : m.start()])
            number, expected, start = n, n + 1, m.end()
    _append(paragraphs, number, text[start:])
    return paragraphs


def _append(paragraphs: list[Paragraph], number: int | None, chunk: str) -> None:
    chunk = chunk.strip()
    if chunk or number is not None:
        mark, rest = portion_mark(chunk)
        paragraphs.append(Paragraph(number=number, classification=mark, text=rest.strip()))


def _opening(body: str, start: re.Pattern[str], pos: int = 0) -> re.Match[str] | None:
    """The first match of `start` that opens a word and is not itself an `end ...` marker."""
    for m in start.finditer(body, pos):
        i = m.start()
        if i and body[i - 1] not in " \n\t.:;)(-*":
            continue
        before = body[max(0, i - 7) : i].lower()
        if before.rstrip().endswith("end") or before.endswith("end of "):
            continue
        return m
    return None


def _mentions(body: str, word: str) -> bool:
    """A cheap substring test in the three usual casings, before any pattern is tried."""
    return word in body or word.upper() in body or word.capitalize() in body


def between(body: str, start: re.Pattern[str], end: re.Pattern[str], word: str) -> str | None:
    """The text from `start` to `end` (or to the end of that paragraph), whitespace collapsed."""
    if not _mentions(body, word):
        return None
    m = _opening(body, start)
    if not m:
        return None
    e = end.search(body, m.end())
    if e is not None:
        text = body[m.end() : e.start()]
    else:
        para = _NEXT_PARAGRAPH.search(body, m.end())
        text = body[m.end() : para.start() if para else len(body)]
    out = " ".join(text.split())
    return out or None


def summary_of(body: str) -> str | None:
    return between(body, _SUMMARY, _END_SUMMARY, "summary")


def comment_of(body: str) -> str | None:
    return between(body, _COMMENT, _END_COMMENT, "comment")


def quotations_of(body: str) -> list[str]:
    """`Begin text: ... End text.` blocks, in order."""
    out: list[str] = []
    if not _mentions(body, "begin"):
        return out
    pos = 0
    while (m := _opening(body, _BEGIN_TEXT, pos)) is not None:
        e = _END_TEXT.search(body, m.end())
        if e is None:
            break
        out.append(body[m.end() : e.start()].strip())
        pos = e.end()
    return out


def signer_of(text: str) -> tuple[str | None, int]:
    """The signature at the end of the body, and the offset where its line starts."""
    end = len(text.rstrip())
    start = text.rfind("\n", 0, end) + 1
    s = text[start:end].strip()
    if not s or len(s) > 40 or not _SIGNER.match(s) or s.upper() in _NOT_SIGNERS:
        return None, len(text)
    # A signer stands on its own line after a sentence ends (or after a blank line).
    before = text[:start].rstrip(" \t")
    if before.endswith("\n"):
        prev = before[:-1].rstrip(" \t")
        blank_line = prev.endswith("\n") or not prev
        if not blank_line and not re.search(r"[.:;!?)\"']\s*$", prev[-3:]):
            return None, len(text)
    return s, start
