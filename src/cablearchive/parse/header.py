"""The transmission header: everything the telegram system put before the classification banner.

```
VZCZCXRO8043                      transmission id
PP RUEHDBU                        precedence prosigns and relay routing indicators
DE RUEHTA #2549/01 1941521        originating station, serial/section, Julian day and time
ZNY SSSSS ZZH                     security line
P 131521Z JUL 06                  precedence and date-time group
FM AMEMBASSY ALMATY
TO RUEHC/SECSTATE WASHDC PRIORITY 6218
INFO RUCNCIS/CIS COLLECTIVE
```

People paste headers in every state: whole, without the DE and ZNY lines, from `TO` on, in
lower case, indented, run onto one line, with a printout's page line cutting the address list,
or followed by a body without a banner. `parse_header` reads what is there and says (`start`,
`end`) which lines the header spans, so that a text without a banner can be split into header
and body. The address lists end at the first line that is no address (a blank line ends them
too, unless an address beyond doubt follows it): what comes after them (a page's metadata, a
second copy of the header, the body) is never an addressee.

Addressee lines: `[ROUTE/]NAME [PRECEDENCE] [MCN]`, the precedence of one word or `NIACT
IMMEDIATE`, the MCN a number or a range (`1234-1235`), a `//OFFICE//` suffix kept in the name.
`CC` addressees are information addressees. The posts of an `XMT` line (and of the lines after
it) are not addressees: they go onto the nearest collective addressee before them
(`... COLLECTIVE`, `ALL ...`) as `Addressee.xmt`; with no collective before them they stay on the
addressee just before, with a warning, and with no addressee at all they are dropped, with a
warning.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from cablearchive.parse.dates import DTG, dtg_from_match, parse_dtg
from cablearchive.parse.model import Addressee
from cablearchive.parse.text import CLASSIFICATION_LINES, PAGE_LINE

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

PRECEDENCE_LETTERS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
# The security line repeats one letter five times: `ZNY SSSSS`, `ZNY CCCCC`, `ZNR UUUUU`.
SECURITY_LEVELS = {
    "T": "TOP SECRET",
    "S": "SECRET",
    "C": "CONFIDENTIAL",
    "U": "UNCLASSIFIED",
    "E": "UNCLASSIFIED",
}

# The patterns run on the upper-cased, stripped line.
_TRANSMISSION_ID = re.compile(r"^(VZCZC[A-Z0-9]+)$")
_DE = re.compile(r"^DE\s+([A-Z0-9]{4,7})\s*#\s*(\d{1,6})(?:/(\d{1,3}))?(?:\s+(\d{3})(\d{4}))?")
_SECURITY = re.compile(r"^(ZN[RY])\s+([A-Z]{5})")
_RELAY = re.compile(r"^([ZOPR]{1,2})\s+((?:[A-Z0-9]{5,7}\s*)+)$")
_PREC_DTG = re.compile(r"^([ZOPR])(?:\s+([ZOPR]))?\s+(" + DTG.pattern[2:-2] + r")")
_BARE_DTG = re.compile(r"^(\d{6}Z\s+[A-Z]{3}\s+\d{2})$")
_FM = re.compile(r"^FM(?:\s*:\s*|\s+)(?:([A-Z0-9]{4,7})/)?(.+)$")
# `TO`, `INFO`, `XMT`, `CC`, alone on their line or followed by the first of their addressees,
# now and then run into its routing indicator (`TORUEHC/SECSTATE WASHDC`).
_KEYWORD = re.compile(r"^(TO|INFO|XMT|CC)(?:\s*:\s*|\s+|$|(?=[A-Z0-9]{4,7}/))(.*)$")
# An office distribution block (`INFO LOG-00 MFA-00 ...`, `ACTION AF-00`): the Department's
# internal routing, not addressees.
_OFFICE_CODE = re.compile(r"^(?:[A-Z0-9]{1,6}-\d{2}|/\d{3}[A-Z])$")
# A message centre number, or a range of them when the cable went in several sections.
_MCN = re.compile(r"^\d{1,5}(?:-\d{1,5})?$")
_PRECEDENCE_TAIL = {"IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH"}
# What an address line is made of, before any `//OFFICE//` suffix.
_ADDRESS_CHARS = re.compile(r"[A-Z0-9][A-Z0-9 &'()./-]*")
# Words of prose that no address holds: `FM GUL SAID ...` is a sentence, not a header. (`IT`
# and `BE` are not among them: military addresses end with a country, `NAPLES IT`.)
_PROSE_WORDS = frozenset(
    (
        "SAID", "SAYS", "TOLD", "IS", "ARE", "WAS", "WERE", "WILL", "WOULD", "SHOULD", "COULD",
        "THAT", "HAS", "HAVE", "HAD", "HE", "SHE", "WE", "THEY", "NOT", "BEEN", "THIS", "WITH",
        "WHO", "WHICH", "HIS", "HER", "THEIR", "OUR", "ITS", "ALSO", "BUT", "PASS", "PLEASE",
    )
)  # fmt: skip
# Captions and field names that open the preamble after a header without a banner.
_FIELD_WORDS = frozenset(
    (
        "SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS", "STADIS", "TAGS", "SUBJ",
        "SUBJECT", "REF", "REFS", "E.O.", "EO", "CLASSIFIED", "DECL", "SUMMARY", "NOTE", "QUOTE",
        "BEGIN", "END", "COMMENT",
    )
)  # fmt: skip
# A numbered paragraph, or no letter at all (`55988`).
_NOT_ADDRESS_START = re.compile(r"\d+[.)]|[^A-Z]*$")
# Words only addresses start or end with: a line that has one is an address beyond doubt.
_ADDRESS_HEADS = frozenset(
    (
        "AMEMBASSY", "AMCONSUL", "AMCONGEN", "AMEMB", "USMISSION", "USINT", "USLO", "USOFFICE",
        "USDEL", "SECSTATE", "SECDEF", "AIT", "USEU", "USNATO", "USUN", "USCINCEUR", "USCINCPAC",
        "USCINCSO", "USCINCCENT", "CINCPAC", "CINCEUR", "CINCLANT", "CDR", "HQ", "COMDT", "JOINT",
        "NSC", "CIA", "DIA", "FBI", "DEPT", "WHITEHOUSE", "WHITE", "TREASURY", "AMERICAN", "ALL",
    )
)  # fmt: skip
_ADDRESS_TAILS = frozenset(["COLLECTIVE", "WASHDC", "CAPITALS", "POSTS"])
# The most common address line without a routing indicator, told in one step: a post's
# opening word and address characters (`AMEMBASSY TEL AVIV PRIORITY`).
_PLAIN_ADDRESS = re.compile(
    r"(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION|USINT|USLO|USOFFICE|SECSTATE|SECDEF|USDEL)"
    r" [A-Z0-9 &'()/-]{1,80}$"
)
# Words that open a post's address and no line of prose: where a run-on address list is cut.
_OPENING_WORDS = frozenset(
    (
        "AMEMBASSY", "AMCONSUL", "AMCONGEN", "USMISSION", "USINT", "USLO", "USOFFICE", "SECSTATE",
        "SECDEF", "USDEL",
    )
)  # fmt: skip


@dataclass(slots=True)
class TransmissionHeader:
    transmission_id: str | None = None
    relay_routes: list[str] = field(default_factory=list)
    station_route: str | None = None
    serial: str | None = None
    section: int | None = None
    julian: str | None = None
    security: str | None = None
    security_level: str | None = None  # `ZNY SSSSS` -> SECRET
    precedence: str | None = None
    dtg_text: str | None = None
    dtg: datetime | None = None
    from_: str | None = None
    from_route: str | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The given lines the header spans: from its first header line to its last.
    start: int = 0
    end: int = 0
    # Whether the date-time group came with its precedence letter (`P 131521Z JUL 06`).
    dtg_with_precedence: bool = False

    @property
    def found(self) -> bool:
        """Whether the lines hold a transmission header rather than text that merely starts
        with `FM` or `TO`: an address list, an FM line naming a post, a DE line, or a
        date-time group with its precedence."""
        if self.to or self.info or self.station_route or self.dtg_with_precedence:
            return True
        # An FM line alone must name a post the way headers do (`AMEMBASSY AMMAN`,
        # `RUEHC/...`): a lone `FM Foxley` in a body does not.
        return self.from_ is not None and (
            self.from_route is not None or _strong_address(self.from_, True)
        )


def parse_addressee(line: str) -> Addressee | None:
    """`RUEHC/SECSTATE WASHDC PRIORITY 6218` -> route, name, precedence, message number.

    Case is not kept (`priority`, `Niact Immediate` read as `PRIORITY`, `NIACT IMMEDIATE`); an
    MCN range (`1234-1235`) is kept as written; a `//OFFICE//` suffix stays in the name.
    """
    return _addressee(line.upper())


@cython.cfunc
def _addressee(line: str) -> Addressee | None:
    """The addressee of an (upper-cased) address line."""
    fields = _address_fields(line)
    return None if fields is None else Addressee(*fields)


@cython.cfunc
def _address_fields(line: str) -> tuple[str | None, str, str | None, str | None] | None:
    """(route, name, precedence, MCN) of an (upper-cased) address line."""
    # The message number changes from cable to cable; the rest of the line (route, name,
    # precedence) recurs, and its reading is remembered.
    parts = line.rsplit(None, 1)
    mcn = parts[1] if len(parts) == 2 and _is_mcn(parts[1]) else None
    rest = parts[0] if mcn is not None else line
    # (Short lines only are remembered: the memo is bounded in characters too.)
    head = _address_head_remembered(rest) if len(rest) <= 200 else _address_head(rest)
    return None if head is None else (*head, mcn)


@cython.cfunc
def _is_mcn(word: str) -> bool:
    """A message centre number (`0447`), or a range of them (`1234-1235`)."""
    return word[0].isdigit() and (
        (word.isdigit() and len(word) <= 5) or ("-" in word and _MCN.match(word) is not None)
    )


def _address_head(line: str) -> tuple[str | None, str, str | None] | None:
    """(route, name, precedence) of an (upper-cased) address line without its MCN."""
    words = line.split()
    if not words:
        return None
    prec = route = None
    last = words[-1]
    if len(words) > 1 and (last in _PRECEDENCE_TAIL or last == "NIACT"):
        words.pop()
        if last == "IMMEDIATE" and len(words) > 1 and words[-1] == "NIACT":
            words.pop()
            prec = "NIACT IMMEDIATE"
        else:  # `NIACT` alone means NIACT IMMEDIATE
            prec = "NIACT IMMEDIATE" if last == "NIACT" else last
    first = words[0]
    slash = first.find("/", 0, 9)
    # `RUEHC/`, and `ZEN/` (a post served by other means than the relay) are routes.
    if slash >= 3 and first[:slash].isalnum() and not first.startswith("/", slash + 1):
        route = first[:slash]
        if len(first) > slash + 1:
            words[0] = first[slash + 1 :]
        else:
            del words[0]
            if not words:
                return None
    return route, " ".join(words), prec


# Address lines repeat from cable to cable (`RUEHC/SECSTATE WASHDC PRIORITY`, a post's INFO
# list): their readings are remembered.
_address_head_remembered = functools.lru_cache(maxsize=16_384)(_address_head)


def parse_header(lines: list[str]) -> TransmissionHeader:
    """Read the header from the given lines (those before the banner, or the first lines of a
    text without one). Lines before the header are skipped; the header ends at the first line
    after its address lists that is not an addressee (a blank line, the body's first line, a
    second header), at `BT`, or at a line after FM that is not an address list. A header that
    lost its line breaks (`O 031203Z JUL 01 FM AMEMBASSY VATICAN TO SECSTATE WASHDC ...`) is
    read as the lines it was."""
    h = _parse_header(lines, True)
    if h is not None:
        return h
    split, origin = _restore_header_lines(lines)
    h = _parse_header(split, False) or TransmissionHeader()  # (a second pass always reads)
    if origin is not None:
        # `start` and `end` count the given lines, not the restored ones.
        h.start = origin[h.start] if h.start < len(origin) else len(lines)
        h.end = origin[h.end - 1] + 1 if h.end else 0
    return h


@cython.cfunc
def _parse_header(lines: list[str], first_pass: bool) -> TransmissionHeader | None:
    """The header of the lines; on a first pass, None when a line holds a header run onto it.

    The address lists are read with locals (the hot part of the parser's every call): the
    list open (`target`), the posts of an open XMT list (`xmt`), and whether any is open.
    """
    h = TransmissionHeader()
    target: list[Addressee] | None = None
    xmt: list[str] | None = None
    listing = False  # inside the address lists
    blank = False  # a blank line since the last address line
    # (Compiled, the indices are C integers, `line` and `u` strings whose methods are called
    # directly, and `c` a character that the `c in "ZOPR"` tests compare without a string.)
    i: cython.Py_ssize_t
    slash: cython.Py_ssize_t
    raw: str
    line: str
    u: str
    c: cython.Py_UCS4
    n: cython.Py_ssize_t = len(lines)
    first: cython.Py_ssize_t = -1  # the first header line
    end: cython.Py_ssize_t = 0  # after the last
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            blank = listing
            continue
        u = line.upper()
        if listing and (
            ((slash := u.find("/", 0, 9)) >= 3 and u[:slash].isalnum()) or _PLAIN_ADDRESS.match(u)
        ):
            # `RUEHBJ/AMEMBASSY BEIJING PRIORITY 0447`, `AMEMBASSY TEL AVIV`: most address
            # lines, read first.
            if target is None or u.endswith(" INFO") or (f := _address_fields(u)) is None:
                target, xmt = _add(h, target, xmt, u)
            else:
                target.append(Addressee(*f))
            blank = False
            end = i + 1
            continue
        c = u[0]
        if u == "BT":
            if listing or h.from_ is not None:
                end = i + 1
                break
            continue
        # Dispatch on the first character: each line is tested against one or two patterns.
        if c == "V" and (m := _TRANSMISSION_ID.match(u)):
            if listing:
                break
            h.transmission_id = h.transmission_id or m.group(1)
            first, end = i if first < 0 else first, i + 1
            continue
        if c == "D" and (m := _DE.match(u)):
            if listing or h.station_route is not None:
                break  # the next header of a page that holds two
            h.station_route, h.serial = m.group(1), m.group(2)
            h.section = int(m.group(3)) if m.group(3) else None
            h.julian = m.group(4)
            first, end = i if first < 0 else first, i + 1
            continue
        if c == "Z" and (m := _SECURITY.match(u)):
            if listing:
                break
            if h.security is None:
                h.security = m.group(1)
                h.security_level = SECURITY_LEVELS.get(m.group(2)[0])
            first, end = i if first < 0 else first, i + 1
            continue
        if c in "ZOPR" and (m := _PREC_DTG.match(u)):
            if first_pass and " FM " in u and _run_on(u):
                return None
            if listing or h.from_ is not None:
                break
            if h.dtg_text is None or not h.dtg_with_precedence:
                _read_dtg(h, m.group(3))
                h.precedence = PRECEDENCE_LETTERS[m.group(1)]
                h.dtg_with_precedence = True
            first, end = i if first < 0 else first, i + 1
            continue
        if c.isdigit() and h.dtg_text is None and not listing and (m := _BARE_DTG.match(u)):
            # Partial extracts keep only the date-time group: `261640Z Jun 06`.
            _read_dtg(h, m.group(1))
            first, end = i if first < 0 else first, i + 1
            continue
        if c == "F" and (m := _FM.match(u)):
            if listing or h.from_ is not None:
                break
            if first_pass and (" TO " in u or " INFO " in u) and _run_on(u):
                return None
            words = m.group(2).split()
            address = " ".join(words)
            # `FM AMEMBASSY AMMAN`, `FM SECSTATE WASHDC`: most FM lines open with a post's word.
            if (
                words[0] in _ADDRESS_HEADS
                and len(address) <= 60
                and _PROSE_WORDS.isdisjoint(words)
                and ":" not in address
            ) or _address_shaped(address):
                h.from_route, h.from_ = m.group(1), address
                first, end = i if first < 0 else first, i + 1
                continue
        if (
            c in "TIXC"
            and (m := _KEYWORD.match(u))
            and (rest := _keyword_rest(m.group(2), listing or h.from_ is not None)) is not None
        ):
            if xmt is not None:
                _leave_out(h, xmt)
            word = m.group(1)
            if word == "XMT":
                target, xmt = None, []
            else:
                # A courtesy copy is sent for information, as INFO addressees are.
                target, xmt = (h.to if word == "TO" else h.info), None
            if rest:
                if target is None or rest.endswith(" INFO") or (a := _addressee(rest)) is None:
                    target, xmt = _add(h, target, xmt, rest)
                else:
                    target.append(a)
            listing, blank = True, False
            first, end = i if first < 0 else first, i + 1
            continue
        if first_pass and "FM " in u and _run_on(u):
            return None
        if listing:
            if ("PAGE" in u or " OF " in u) and PAGE_LINE.match(u):
                end = i + 1  # a printout's page line cuts the list, which goes on after it
                continue
            if c in "RZOP" and _RELAY.match(u):
                break  # the relay line of a second header
            if _strong_address(u) if blank else _address_shaped(u):
                if target is None or u.endswith(" INFO") or (a := _addressee(u)) is None:
                    target, xmt = _add(h, target, xmt, u)
                else:
                    target.append(a)
                blank = False
                end = i + 1
                continue
            if u in CLASSIFICATION_LINES and _page_line_follows(lines, i + 1, n):
                continue  # the page footer before a page line
            break
        if h.from_ is not None:
            break  # the FM line is followed by addresses, or it was not a header's
        if c in "RZOP" and not h.relay_routes and (m := _RELAY.match(u)):
            h.relay_routes = m.group(2).split()
            first, end = i if first < 0 else first, i + 1
    if xmt is not None:
        _leave_out(h, xmt)
    h.start, h.end = max(first, 0), end
    if h.precedence is None and h.to:
        h.precedence = h.to[0].precedence
    for a in h.to:  # (a loop, not `any`: no generator for every header)
        if a.precedence == "NIACT IMMEDIATE":
            h.precedence = "NIACT IMMEDIATE"
            break
    return h


@cython.cfunc
def _keyword_rest(rest: str, in_header: bool) -> str | None:
    """What a TO/INFO/XMT/CC line holds after its keyword: the addressee ("" for none), or None
    when the line is no address line after all (`INFO LOG-00 ...`, a `TO` line of prose).
    `in_header`: an FM line or an address list came before it."""
    if not rest:
        return "" if in_header else None  # `TO` alone opens a list only in a header
    if _PLAIN_ADDRESS.match(rest) or _routed(rest):
        return rest  # `TO SECSTATE WASHDC`, `TO RUEHC/...`: addresses beyond doubt
    if _page_line(rest):
        return ""  # `TO PAGE 02 STATE 012345 101010Z`: the list comes after it
    if not in_header:
        # Without an FM line first, only a line that is plainly an address counts.
        return rest if _strong_address(rest) and not _office_line(rest) else None
    return rest if _PLAIN_ADDRESS.match(rest) or _address_shaped(rest) else None


def _add(
    h: TransmissionHeader, target: list[Addressee] | None, xmt: list[str] | None, line: str
) -> tuple[list[Addressee] | None, list[str] | None]:
    """One address line of the open list; returns the list open after it and the XMT posts
    being read."""
    switch_to_info = line.endswith(" INFO")
    if switch_to_info:  # `USMISSION USUN NEW YORK INFO`: the INFO list follows
        line = line[:-5].rstrip()
    if xmt is not None:
        xmt.append(" ".join(line.split()))
    elif target is not None and (a := _addressee(line)) is not None:
        target.append(a)
    if switch_to_info:
        if xmt is not None:
            _leave_out(h, xmt)
        return h.info, None
    return target, xmt


def _leave_out(h: TransmissionHeader, posts: list[str]) -> None:
    """The posts of an XMT list are left out of the nearest collective addressee before it."""
    if not posts:
        return
    posts = list(dict.fromkeys(posts))
    read = h.to + h.info  # in the order headers write them
    owner = next((a for a in reversed(read) if _collective(a.name)), None)
    if owner is None and read:
        # No collective to except them from: they stay with the addressee they follow, so the
        # exception is not lost, and the record says so.
        owner = read[-1]
        h.warnings.append(
            f"an XMT line leaves out {', '.join(posts)}, but no collective addressee comes "
            f"before it; the exception is kept on {owner.name}"
        )
    if owner is None:
        h.warnings.append(
            f"an XMT line leaves out {', '.join(posts)}, but no addressee comes before it; "
            "the exception was dropped"
        )
        return
    owner.xmt.extend(p for p in posts if p not in owner.xmt)


def _run_on(line: str) -> bool:
    """Whether an (upper-cased) line holds a header run onto it."""
    return "FM " in line and RUN_ON_HEADER.search(line) is not None


# Where a header that lost its line breaks had them: before its keywords and its lines of
# fixed shape (date-time group, DE, security line, the `-----` line of a printout).
# (On the upper-cased line: an FM line run onto its date-time group or opening it, then up to
# eight words of address before TO or INFO, or before the line's end after a date-time group.)
RUN_ON_HEADER = re.compile(
    r"(?:\d{6}Z\s?[A-Z]{3}\s?\d{2}\b.{0,16}?\s|^\s*)FM\s+(?:[A-Z0-9/&.-]+\s+){1,8}?(?:TO|INFO)\s"
    r"|\d{6}Z\s?[A-Z]{3}\s?\d{2}\b.{0,16}?\sFM(?:\s+[A-Z0-9/&.-]+){1,8}\s*$"
)
_LINE_BREAK = re.compile(
    r"\s+(?=(?:FM|TO|INFO|XMT|BT)\b|[ZOPR](?:\s[ZOPR])?\s\d{6}Z\b|-{5,}|DE\s[A-Z0-9]{4,7}\s?#"
    r"|ZN[RY]\s[A-Z]{5}\b)"
)


def _restore_header_lines(lines: list[str]) -> tuple[list[str], list[int] | None]:
    """The lines with each run-on header line cut back into its lines, and for each of those
    the index of the given line it came from; (lines, None) when no line ran on."""
    out: list[str] = []
    origin: list[int] = []
    found = False
    for i, line in enumerate(lines):
        u = line.upper()
        if len(line) > 20 and _run_on(u):
            found = True
            for part in _LINE_BREAK.split(u.strip()):
                m = _KEYWORD.match(part)
                if m and not (m.group(1) == "INFO" and _office_line(m.group(2))):
                    addresses = _split_addresses(m.group(2).split())
                    out.append(f"{m.group(1)} {addresses[0] if addresses else ''}".rstrip())
                    out.extend(addresses[1:])
                    origin.extend([i] * max(len(addresses), 1))
                else:
                    out.append(part)
                    origin.append(i)
        else:
            out.append(line)
            origin.append(i)
    return (out, origin) if found else (lines, None)


def _split_addresses(words: list[str]) -> list[str]:
    """`SECSTATE WASHDC IMMEDIATE 0000 WHITEHOUSE WASHDC IMMEDIATE` -> the two addresses: a
    new one starts at a routing indicator or a word that opens addresses; one ends after its
    precedence and message number, or at `COLLECTIVE` or `WASHDC`."""
    out: list[str] = []
    cur: list[str] = []
    for j, w in enumerate(words):
        if cur and (_routed(w) or w in _OPENING_WORDS):
            out.append(" ".join(cur))
            cur = []
        cur.append(w)
        nxt = words[j + 1] if j + 1 < len(words) else ""
        more = nxt in _PRECEDENCE_TAIL or nxt == "NIACT" or bool(_MCN.match(nxt))
        if len(cur) > 1 and (
            (w in _PRECEDENCE_TAIL and not _MCN.match(nxt))
            or _MCN.match(w)
            or (w in _ADDRESS_TAILS and not more)
        ):
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


@cython.cfunc
def _read_dtg(h: TransmissionHeader, written: str) -> None:
    h.dtg_text = " ".join(written.split())
    dm = DTG.search(written)
    h.dtg = dtg_from_match(dm) if dm else parse_dtg(written)
    if h.dtg is None:
        h.warnings.append(f"date-time group {h.dtg_text!r} is not a valid date")


def _collective(name: str) -> bool:
    return name.endswith("COLLECTIVE") or name.startswith("ALL ") or " COLLECTIVE " in name


def _office_line(rest: str) -> bool:
    words = rest.split()
    return len(words) > 0 and sum(1 for w in words if _OFFICE_CODE.match(w)) * 2 >= len(words)


def _address_shaped(line: str) -> bool:
    """Whether an (upper-cased) line could be an address: short, made of the characters
    addresses are made of (anything goes in a `//OFFICE//` suffix), and not prose, a caption,
    a numbered paragraph, a classification or letters spaced out."""
    if len(line) > 100 or len(line) < 2:
        return False
    cut = line.find("//")
    core = line if cut < 0 else line[:cut]
    if _ADDRESS_CHARS.fullmatch(core) is None or core[-1] == "." or core in CLASSIFICATION_LINES:
        return False
    space = core.find(" ")
    if space > 0 and core[:space] in _OPENING_WORDS and core.count(" ") < 16:
        return True  # `AMEMBASSY ALMATY`: a word no prose line starts with (most lines, quickly)
    words = core.split()
    # Ten words at most: the longest address lines of the corpus have nine, precedence and
    # message number included (`ORG FOR SECURITY CO OP IN EUR COLLECTIVE`).
    if len(words) > 10 or words[0] in _FIELD_WORDS or not _PROSE_WORDS.isdisjoint(words):
        return False
    if core[0].isdigit() and _NOT_ADDRESS_START.match(core):
        return False
    # `C O N F I D E N T I A L`: letters spaced out.
    return len(words) < 5 or sum(len(w) == 1 for w in words) < 4


@cython.cfunc
def _routed(line: str) -> bool:
    """Whether a line opens with a routing indicator and its slash: `RUEHC/...`, `ZEN/...`."""
    slash = line.find("/", 0, 9)
    return slash >= 3 and line[:slash].isalnum() and line[slash + 1 : slash + 2] != "/"


def _strong_address(line: str, shaped: bool = False) -> bool:
    """An address beyond doubt: a routing indicator, a word only addresses start or end with,
    or a precedence after the name (with or without its message number)."""
    if not shaped and not _address_shaped(line):
        return False
    if _routed(line):
        return True
    words = (line[: line.find("//")] if "//" in line else line).split()
    first, last = words[0], words[-1]
    if first in _ADDRESS_HEADS or last in _ADDRESS_TAILS:
        return True
    if len(words) > 2 and _MCN.match(last):
        last = words[-2]  # a message number alone proves nothing: `... REVIEW 30 JUN 2005`
    return len(words) > 1 and (last in _PRECEDENCE_TAIL or last == "NIACT")


def _page_line(line: str) -> bool:
    # The pattern backtracks on an address line: try it only where its words are.
    return ("PAGE" in line or " OF " in line) and PAGE_LINE.match(line) is not None


def _page_line_follows(lines: list[str], start: int, n: int) -> bool:
    for j in range(start, min(start + 3, n)):
        s = lines[j].strip()
        if s:
            return _page_line(s.upper())
    return False
