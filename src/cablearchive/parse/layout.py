"""Where a cable's parts are: the transmission header, the classification banner, the body.

The banner (`S E C R E T SECTION 01 OF 02 ALMATY 002549`) divides the header from the body.
Web pages and relays mangled it now and then, so it is looked for at a line start, broken over
two lines, and run into a line of markup.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cablearchive.parse import classification as cls
from cablearchive.parse.header import parse_header

PARTIAL_EXTRACT = "This record is a partial extract of the original cable"
_PARTIAL_REST = re.compile(
    r"^\W*of the original cable\. The full text of the original cable is not available\."
)
HEAD_SCAN_CHARS = 64_000
# Without a banner, a header is looked for in the first lines: junk a page put before it (an
# office distribution block, a page line) is short.
_HEADER_SCAN_LINES = 120
_NUMBERED = re.compile(r"^\(?\d{1,2}[.)]\s")
# (The lookahead names the characters a level can start with, whitespace included for `\s?E`:
# the header's lines above the banner, `RUEHC/...`, `FM ...`, fail on it before the pattern
# tries each level's letters in turn, case-insensitively.)
_BANNER_AT_LINE = re.compile(
    r"\n[ \t]*(?=[TSECOUL\s])" + cls.BANNER.pattern[len("^[ \\t]*") :],
    re.IGNORECASE | re.MULTILINE,
)


class Layout(NamedTuple):
    banner: cls.Banner | None
    header_lines: list[str]
    body: str  # everything after the banner (or after the header, when there is no banner)


def without_partial_note(text: str) -> tuple[str, bool]:
    """The text without the site's `This record is a partial extract ...` note, and whether
    it had one."""
    if PARTIAL_EXTRACT not in text[:300]:
        return text, False
    text = text.replace(PARTIAL_EXTRACT, "", 1)
    return _PARTIAL_REST.sub("", text.lstrip(" ."), count=1), True


def split_layout(text: str) -> Layout:
    found = find_banner(text)
    if found is not None:
        header_end, body_start, banner = found
        body = text[body_start:]
        if banner.rest:  # fields that ran onto the banner's line: `STATE 056861 SIPDIS E.O. ...`
            body = banner.rest + "\n" + body
        return Layout(banner, text[:header_end].split("\n"), body)
    header_lines = header_only(text)
    header_len = len("\n".join(header_lines)) + 1 if header_lines else 0
    return Layout(None, header_lines, text[header_len:])


def find_banner(text: str) -> tuple[int, int, cls.Banner] | None:
    """(end of header, start of body, banner): the banner at a line start, or else run into a
    line by a web page's markup (`Cable dated:2006-02-07T22:12:00C O N F I D E N T I A L ...`).
    """
    head = "\n" + text[:HEAD_SCAN_CHARS]
    for m in _BANNER_AT_LINE.finditer(head):
        eol = head.find("\n", m.start() + 1)
        eol = len(head) if eol < 0 else eol
        if m.end() <= eol:
            # The match lies within its line, so it is the one the line alone gives (the line's
            # end, where the two could differ, was not passed): it is read, not matched again.
            b = cls.banner_from_match(m, head, m.start() + 1)
        else:
            b = cls.parse_banner(head[m.start() + 1 : eol])
        # A banner broken over two lines, perhaps with a blank line between:
        # `C O N F I D E N T I A L SECTION 01 OF 02` then `TRIPOLI 000133`.
        if (
            b is None
            and len(head[m.start() : eol].strip()) < 60
            and (following := _next_text_line(head, eol)) is not None
        ):
            start, end = following
            b = cls.parse_banner(head[m.start() + 1 : eol] + " " + head[start:end])
            eol = end
        if b is not None:
            return m.start(), min(eol, len(text)), b
    for m in cls.BANNER_INLINE.finditer(head):
        eol = head.find("\n", m.start())
        eol = len(head) if eol < 0 else eol
        b = cls.parse_banner(head[m.start() : eol], inline=True)
        if b is not None:
            return m.start() - 1, m.start() - 1 + len(b.line), b
    return None


def _next_text_line(text: str, eol: int) -> tuple[int, int] | None:
    """(start, end) of the first non-blank line after the newline at `eol`, within 3 lines."""
    pos = eol
    for _ in range(3):
        if pos >= len(text):
            return None
        start = pos + 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            return start, end
        pos = end
    return None


def header_only(text: str) -> list[str]:
    """Without a banner: the lines up to the end of the transmission header, when the text
    opens with one (a header pasted alone, a 1970s telegram whose body follows its address
    list); else no lines. Text that only starts with `FM` (`FM Gul: ...`) is no header."""
    head = text[:HEAD_SCAN_CHARS]
    lines = head.split("\n", _HEADER_SCAN_LINES)[:_HEADER_SCAN_LINES]
    h = parse_header(lines)
    if not h.found or any(_prose(line) for line in lines[: h.start]):
        # A header after paragraphs of text is a section's, inside the body (NARA telegrams
        # repeat it at each section break): the text does not open with it.
        return []
    return lines[: h.end]


def _prose(line: str) -> bool:
    """A line of body text: long, or a numbered paragraph."""
    s = line.strip()
    return len(s) > 120 or len(s.split()) > 12 or bool(_NUMBERED.match(s))
