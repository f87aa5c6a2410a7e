"""Classification: the banner line, captions, and the labels the Cablegate site uses."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, NamedTuple

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

# The banner opens the body: `S E C R E T SECTION 01 OF 02 ALMATY 002549`, `UNCLAS ALMATY 001703`,
# `C O N F I D E N T I A L STATE 012345`, `LIMITED OFFICIAL USE TEHRAN 1164`.
_LEVEL = (
    # Relays doubled or dropped the first letter now and then: `CC O N F I D...`, `E C R E T`.
    r"(?P<level>T\s?O\s?P\s+S\s?E\s?C\s?R\s?E\s?T|S{0,2}\s?E\s?C\s?R\s?E\s?T"
    r"|(?:C\s?){0,2}O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L"
    r"|U{1,2}\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E\s?D)?"
    r"|L\s?I\s?M\s?I\s?T\s?E\s?D\s+O\s?F\s?F\s?I\s?C\s?I\s?A\s?L\s+U\s?S\s?E)"
)
_BANNER_TAIL = (
    r"(?P<flags>(?:[ \t]*(?://|\s)[ \t]*(?:NOFORN|SENSITIVE|SBU|E\s?F\s?T\s?O|NODIS"
    r"|EXDIS|LIMDIS|FOUO))*)"
    # `SECTION 01 OF 02`, garbled now and then in transmission: `SECTION01 OF 03`, `01 GF 02`.
    r"(?:[ \t]+S?E?C?T?I?O?N[ \t]*(?P<section>\d{1,2})[ \t]+[A-Z]{2}[ \t]+(?P<sections>\d{1,2}))?"
    # The place follows a space, or directly a letter-spaced level (`C O N F I D E N T I A LCAIRO`).
    # or the section count (`SECTION 02 OF 03QRIPOLI`). The place is bounded: an unbounded one
    # made a long line of banner-like words take time quadratic in its length.
    r"(?:[ \t]+|(?<=\s[A-Za-z])|(?<=\d)(?<=OF[ \t]\d\d))(?:\d{2}[ \t]+)?"
    r"(?P<place>[A-Z][A-Za-z .'-]{0,40}?[A-Za-z])[ \t]+(?P<serial>\d{1,7})(?!\d)"
    r"(?P<rest>.*)$"
)
BANNER = re.compile(r"^[ \t]*" + _LEVEL + _BANNER_TAIL, re.IGNORECASE)
# Some pages ran the banner into metadata on one line: `Cable dated:2006-02-07T22:12:00C O N F...`.
# Unanchored, only the letter-spaced and `UNCLAS` forms are safe to look for.
BANNER_INLINE = re.compile(
    r"(?P<level>T O P S E C R E T|S E C R E T|C O N F I D E N T I A L|UNCLAS(?:SIFIED)?)"
    + _BANNER_TAIL.replace("(?P<rest>.*)$", "")
)

# Caption lines are short and made only of caption words: `SIPDIS`, `NOFORN SIPDIS`, `E X D I S`.
_CAPTION_TOKEN = re.compile(
    r"SIPDIS|SENSITIVE BUT UNCLASSIFIED|SENSITIVE|NOFORN|EXDIS|NODIS|LIMDIS|STADIS|CHEROKEE"
    r"|ORCON|PROPIN|NOCONTRACT|FOUO|FOR OFFICIAL USE ONLY|DECAPTIONED|INFORM CONSULS",
)
_SPACED = re.compile(r"\b(?:[A-Z] ){3,}[A-Z]\b")


_FLAG_WORDS = re.compile(r"E\s?F\s?T\s?O|[A-Za-z]+")


class Banner(NamedTuple):
    """The classification banner's parts (a named tuple: immutable, and quick to make)."""

    level: str  # UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET, LIMITED OFFICIAL USE
    flags: tuple[str, ...]
    section: int | None
    sections: int | None
    place: str
    serial: str
    line: str
    rest: str = ""  # what followed the serial on the banner's line (`SIPDIS E.O. 12958: ...`)


@cython.cfunc
def _squeeze(s: str) -> str:
    return "".join(s.split()).upper()


_LEVEL_NAMES = {
    "TOPSECRET": "TOP SECRET",
    "SECRET": "SECRET",
    "CONFIDENTIAL": "CONFIDENTIAL",
    "UNCLAS": "UNCLASSIFIED",
    "UNCLASSIFIED": "UNCLASSIFIED",
    "LIMITEDOFFICIALUSE": "LIMITED OFFICIAL USE",
}


@cython.cfunc
def _level_name(written: str) -> str:
    s = _squeeze(written)
    if (name := _LEVEL_NAMES.get(s)) is not None:
        return name
    for key, name in _LEVEL_NAMES.items():
        if s.endswith(key[1:]) and (s[0] == key[0] or s[0] == key[1]):
            return name
    return _LEVEL_NAMES.get(s, s)


def parse_banner(line: str, inline: bool = False) -> Banner | None:
    m = BANNER_INLINE.search(line) if inline else BANNER.match(line)
    if not m:
        return None
    return banner_from_match(m, line, m.start(), inline)


def banner_from_match(
    m: re.Match[str], text: str, start: int, inline: bool = False
) -> Banner | None:
    """The banner a match of `BANNER` (or of a pattern made of it, with its groups) read in
    `text`; the banner's line starts at `start`. None when the place is no place."""
    written_level, written_flags, section, sections, written_place, serial = m.group(
        "level", "flags", "section", "sections", "place", "serial"
    )
    place = " ".join(written_place.upper().split())
    if place.startswith("SECTION") or place.endswith((" OF", " GF")) or place == "OF":
        return None
    flags = (
        tuple(f.upper().replace(" ", "") for f in _FLAG_WORDS.findall(written_flags))
        if written_flags
        else ()
    )
    return Banner(
        _level_name(written_level),
        flags,
        int(section) if section else None,
        int(sections) if sections else None,
        place,
        serial,
        text[start : m.end("serial")].strip(),
        "" if inline else m.group("rest").strip(),
    )


def caption_line(line: str) -> list[str] | None:
    """The captions on a caption-only line, or None if the line says anything else."""
    if len(line) > 200:  # caption lines are short; most lines are not, and stop here
        return None
    caps = caption_words(line)
    return list(caps) if caps is not None else None


# The same lines (`SIPDIS`, `NOFORN`, `DEPT FOR EUR/WE`) open cable after cable: most lines
# asked about were asked about before, so the answer is remembered (lines of 200 characters at
# most: the memo is bounded in characters as well as in entries).
@functools.lru_cache(maxsize=8192)
def caption_words(line: str) -> tuple[str, ...] | None:
    """`caption_line`'s answer as a tuple, remembered; for lines of 200 characters at most."""
    s = line.strip().strip(".").upper()
    if not s or len(s) > 60:
        return None
    if _SPACED.fullmatch(s):  # `E X D I S`
        s = s.replace(" ", "")
    found = _CAPTION_TOKEN.findall(s)
    if not found:
        return None
    rest = _CAPTION_TOKEN.sub(" ", s)
    if rest.strip(" ,;/-"):
        return None
    out = []
    for f in found:
        name = "SENSITIVE" if f == "SENSITIVE BUT UNCLASSIFIED" else f
        name = "FOUO" if name == "FOR OFFICIAL USE ONLY" else name
        out.append(name)
    return tuple(out)


def site_label(level: str | None, captions: list[str], flags: tuple[str, ...] = ()) -> str | None:
    """The Cablegate site's classification label for a banner level and the cable's captions.

    The site adds //NOFORN where the cable carries a NOFORN caption, and labels sensitive
    unclassified cables (SENSITIVE, SBU, and NOFORN on an unclassified cable)
    `UNCLASSIFIED//FOR OFFICIAL USE ONLY`.
    """
    if level is None:
        return None
    marks = set(captions) | set(flags)
    if level == "UNCLASSIFIED":
        if marks & {"SENSITIVE", "SBU", "FOUO", "EFTO", "NOFORN"}:
            return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
        return "UNCLASSIFIED"
    if level == "LIMITED OFFICIAL USE":
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    if "NOFORN" in marks:
        return f"{level}//NOFORN"
    return level
