"""The REF block: `REF: A. ALMATY 1946 B. 7/8/06 PORGES-MONK EMAIL`.

Entries are lettered (`A.`, `a)`, `(A)`, `A:`, `A-`, `¶B.`) or numbered (`1.`), or run together
with `:`/`;`. A cable entry (`STATE 32380`, `06 ALMATY 1946`, `2005 LISBON 1609`, `05STATE204417`,
`USEU BRUSSELS 12`) gets a canonical id; a year written with it is its year. Military messages
(`SECDEF 041530Z JAN 06`) and intelligence reports (`DIA IIR 6 850 0123 08`, `TD-314/12345-08`)
are references of their own kinds and never cables; other entries (emails, telcons, memcons,
reports, letters, faxes) keep their text and kind. What is not a reference is left out: page
lines and banners inside the list, `AND PREVIOUS`, `NONE`, and whatever ran on after the list
(the `Classified By` line, a handling note, the first sentence of the body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from cablearchive.parse.lookups import Lookups
from cablearchive.parse.model import Reference, ReferenceKind
from cablearchive.parse.paragraphs import PARAGRAPH_START, PORTION_MARK

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

MAX_REFERENCES = 500  # a REF block longer than this is garbage; the rest is reported, not kept

# `06 STATE 12345`, `08STATE12345`, `'08 BUENOS AIRES 1491`, `ALMATY 1946`, `LIMA 37 (05)`.
_CABLE = re.compile(
    r"(?<![A-Za-z0-9/])(?:'?(?P<yy>(?:19|20)?\d{2})[ \t]{0,3})?"
    r"(?P<place>[A-Za-z][A-Za-z'.]*(?:[ -][A-Za-z][A-Za-z'.]*){0,3}?)"
    # Not a serial when a date, time or date-time group goes on (`7/8`, `12:30`, `1.5`,
    # `041530Z`); `1091: TEHRAN` is one.
    r"\s*(?:NO\.?\s*)?(?P<number>0*(?P<serial>\d{1,7}))(?![\d/-]|\.\d|:\d|Z)"
    # A year written after the serial: `LIMA 37 (05)`, `THE HAGUE 3128 (2005)`.
    r"(?:\s*\((?P<yy_after>(?:19|20)?\d{2})\))?"
)
_KINDS: tuple[tuple[re.Pattern[str], ReferenceKind], ...] = (
    (re.compile(r"\bE-?MAILS?\b|\bEMAIL", re.I), "email"),
    (re.compile(r"\bTEL(?:E)?CONS?\b|\bTELEPHONE\b|\bPHONE CALL\b|\bTELCON", re.I), "telcon"),
    (re.compile(r"\bMEMCONS?\b|\bMEMORANDUM OF CONVERSATION", re.I), "memcon"),
    (re.compile(r"\bREPORTS?\b", re.I), "report"),
    (re.compile(r"\bLETTERS?\b|\bLTR\b", re.I), "letter"),
    (re.compile(r"\bFAX(?:ES)?\b|\bFACSIMILE\b", re.I), "fax"),
)
# Words before a number that are no place: `PARA 5`, `MAY 9`, `UNSCR 1737`, `EMAIL 3`.
_NOT_PLACES = frozenset((
    "PARA", "PARAS", "PARAGRAPH", "PAGE", "NO", "NUMBER", "SECTION", "OF", "AND", "DATED", "REF",
    "REFTEL", "REFS", "THE", "IN", "ON", "AT", "SEE", "TO", "FROM", "AS", "ITEM", "ANNEX", "TAB",
    "CABLE", "TELEGRAM", "MSG", "MESSAGE", "DTG", "RES", "RESOLUTION", "ARTICLE", "UNSCR", "FAM",
    "JAN", "JANUARY", "FEB", "FEBRUARY", "MAR", "MARCH", "APR", "APRIL", "MAY", "JUN", "JUNE",
    "JUL", "JULY", "AUG", "AUGUST", "SEP", "SEPT", "SEPTEMBER", "OCT", "OCTOBER", "NOV",
    "NOVEMBER", "DEC", "DECEMBER", "EMAIL", "EMAILS", "MAIL", "TELCON", "MEMCON", "LETTER", "FAX",
    "REPORT", "PREVIOUS", "PRIOR", "SEPTEL", "CIRCULAR", "AIRGRAM", "NOTAL",
))  # fmt: skip

# --- messages that are not cables ---------------------------------------------------------

# Military originators: the Secretary of Defense, the Joint Staff, defense attaches, the combatant
# commands and their components (`USCINCPAC`, `CDR USEUCOM`, `COMSIXTHFLT`, `HQ USCENTCOM`).
_MILITARY = (
    r"(?:SECDEF|SECNAV|SECARMY|SECAF|CJCS|JCS|JOINT\s+STAFF|OSD|DOD|DIA|DIRNSA|NMCC|US?DAO|USDLO"
    r"|ODC|OMC|JUSMAG|U?S?MILGP|DSCA|CNO|CSAF|CMC|USNMR|SHAPE|SACEUR|ISAF|MNF-?I|MNC-?I|CFLCC"
    r"|CJTF[-\s]?[A-Z0-9]*|(?:HQ\s+|CDR\s+)?(?:US)?CINC[A-Z]+|COMUS[A-Z]+|COM[A-Z]*FLT"
    r"|COMNAV[A-Z]+|COMMARFOR[A-Z]*|(?:HQ\s+|CDR\s+)?US[A-Z]{0,6}COM"
    r"|(?:HQ\s+|CDR\s+)?(?:CENT|EU|EUR|PA|SOUTH|NORTH|AFRI|SO|TRANS|STRAT|JF|SPACE)COM)"
)
# A date-time group (`041530Z JAN 06`, `R162245Z OCT 08`, `DTG261447ZNOV08`) or the bare
# day-hour-minute number a military message is cited by (`SECDEF 041530`).
_DTG = (
    r"(?:DTG\s*)?[RPOZ]?\d{4,6}Z?(?:\s*(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
    r"[A-Z]*\s*(?:\d{4}|\d{2})\b)?"
)
_DEFENSE = re.compile(
    rf"\b{_MILITARY}\b(?:\s+[A-Z][A-Z.]*){{0,3}}?[\s:,]+(?:(?:MSG|MESSAGE)\b[\s:,]*)?{_DTG}"
    rf"|\b\d{{6}}Z\s*(?:[A-Z]{{3}}\s*\d{{2,4}}\s+)?(?:[A-Z][A-Z.]*\s+){{0,2}}?{_MILITARY}\b"
    r"(?:\s+[A-Z]+){0,3}"
)
# Intelligence reports: `DIA IIR 6 850 0123 08`, `03 USDAO BRASILIA IIR 6 809 0235 03`,
# `TD-314/63777-05`, `TDX-315/090481-08`, the TD number alone (`314/07696-07`), `INTSUM`, and
# CIA cables (`09 CIAWASH 542085`).
_INTELLIGENCE = re.compile(
    # An IIR number has ten digits, however grouped (`6 850 0123 08`, `6-849-9075-10`).
    r"(?:\b(?:19|20)?\d{2}\s+)?(?:\b[A-Z][A-Z./-]*\s+){0,3}?\bIIR\b[\s:#.-]*(?:\d(?:[\s-]?\d){0,9})?"
    r"|\bTDX?\s?-?\s?\d{3}\s?/\s?\d[\d ]{3,7}\d-\s?\d{2}\b"
    r"|(?<![\d/])\b3\d\d/\d{5,7}-\d{2}\b"
    r"|\bINTSUMS?\b"
    r"|(?:\b(?:19|20)?\d{2}\s+)?\bCIA(?:WASH)?\s+\d{4,7}\b"
)

# --- where the list ends ------------------------------------------------------------------

# Text that is never part of a reference, and after which the list is over: the `Classified By`
# line, handling notes and captions, the text's rules and headings.
_LIST_END = re.compile(
    r"(?i:classifi?e?d\s*by\b|derived\s+from\b|\breasons?\s*:?\s*1\s?\.\s?[4-6]\b"
    r"|sensitive\s+but\s+unclassified|please\s+(?:protect|handle)\s+accordingly"
    r"|not\s+for\s+internet|\bthis\s+(?:cable|message|telegram)\s+(?:is|has|was)\b"
    r"|\baction\s+request\b|\bend\s+summary\b|\bsipdis\b|\bsummary\s*:)"
    # A paragraph number with its portion mark, in any case: `1. (C) THE MINISTER SAID...`.
    r"|(?<![\w.(])\d{1,2}\s?\.\s*\((?:U|SBU|C|S|TS|LOU)(?:\s*/+\s*[A-Z]+)*\)"
    r"|-{5,}|_{5,}|={5,}|\*{5,}"
    # A handling note on a line of its own: `NSC FOR JONES`, `STATE FOR CA/P/IP BARBARA HALL`.
    r"|(?m:^)[ \t]*[A-Z]{2,}(?:/[A-Z0-9]+)*[ \t]+(?:FOR|PASS[ \t]+TO)[ \t]+[A-Z]{2,}"
    # The banner of the cable itself, printed again: `UNCLAS STOCKHOLM 000704`.
    r"|\b(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET)(?:\s+(?:E\s?F\s?T\s?O|SIPDIS|SENSITIVE))*"
    r"\s+(?:SECTION\s+\d|[A-Z][A-Z ]{2,30}\s0{1,4}\d+\b)"
    r"|C\sO\sN\sF\sI\sD\sE\sN\sT\sI\sA\sL|S\sE\sC\sR\sE\sT\b|U\sN\sC\sL\sA\sS"
)
# Words one of which every _LIST_END match holds (in capitals): tested before the pattern.
_LIST_END_HINTS = (
    "LASSI",
    "DERIVED",
    "REASON",
    "SENSITIVE",
    "ACCORDINGLY",
    "INTERNET",
    "THIS ",
    "ACTION",
    "SUMMARY",
    ". (",
    ".(",
    "SIPDIS",
    "-----",
    "_____",
    "=====",
    "*****",
    " FOR ",
    "PASS",
    "UNCLAS",
    "CONFIDENTIAL",
    "SECRET",
    "C O N",
    "S E C",
    "U N C",
)
_LIST_END_HINT = re.compile("|".join(re.escape(h) for h in _LIST_END_HINTS))
# Where the body may start: a paragraph number or a portion mark, when prose follows.
_TEXT_START = re.compile(
    r"(?<![\w.(])\d{1,2}\s?\.\s*(?=\(|[A-Z])"
    r"|\((?:U|SBU|C|S|TS|LOU)(?:\s*/+\s*[A-Z]+)*\)\s"
    r"|(?i:\bsummary\b)\s*[:.-]"
    r"|(?i:\bkey\s+points\b)"
)
_FUNCTION_WORDS = re.compile(
    r"\b(?:the|of|to|and|in|on|at|that|with|was|were|is|are|has|have|had|said|will|would|for"
    r"|from|by|this|we|our|he|she|they|his|her|their|its|not|but|an|a)\b"
)
# Inside the list, a page line of this cable or of another that was pasted in: `ROME 00001196
# 002 OF 004`, `RIO DE JAN 00000353 001.2 OF 003`, `PAGE 02 MOSCOW 01434 01 OF 03 101512Z`.
_PAGE_LINE = re.compile(
    r"\b[A-Z][A-Z.'-]*(?:\s[A-Z][A-Z.'-]*){0,3}\s+\d{5,8}\s+\d{2,3}(?:\.\d)?\s+OF\s+\d{2,3}\b"
    r"|\bPAGE\s+\d{1,3}\s+[A-Z][A-Z ]{0,20}?\s*\d{3,6}(?:\s+\d{2}\s+OF\s+\d{2})?\s+\d{6}Z"
)
# The words in capitals an entry starts with (a reference), before mixed-case prose begins.
_CAPITALS_HEAD = re.compile(r"[^a-z]*?(?=\s+\S*[a-z])")
# Entries that are no reference: `NONE`, `N/A`, a truncation mark.
_NOTHING = re.compile(r"^(?:NONE|N/?A|NIL|\W*)$", re.I)
# An entry that only continues the one before it (the site gave each line of a wrapped entry a
# letter of its own): `2006`, `AND PREVIOUS`, `2007 AND PREVIOUS`, `(NOTAL)`.
# `2006 AND PRIOR (WWW.STATE.SGOV.GOV/P/EUR/PARIS/INDEX.CFM)`: a remark in parentheses too.
_CONTINUATION = re.compile(
    r"^\W*(?:(?:19|20)?\d{2}\b\W*)?(?:AND\s+)?(?:PREVIOUS|PRIOR|OTHERS|LATER|FOLLOWING)?\W*"
    r"(?:\(?(?:ALL\s+|BOTH\s+)?NOTAL\)?|\([^()]*\))?\W*$",
    re.I,
)

# --- labels -------------------------------------------------------------------------------

# `A.`, `a)`, `(A)`, `A:`, `A-`, `1.`, `(1)`, with `REF`/`REFTEL` before it (`REF B: ROME 677`).
# A label stands after a separator, not inside a word (`U.S.` is no label U), and is not a
# number's first digits (`1.4`).
_LABEL = re.compile(
    # The spaces before a label go with it; a few only, so that a long run of them is not
    # tried again from each of its spaces.
    r"(?:^|(?<=[\s,;:.)]))¶?\s{0,4}(?:REF(?:TEL)?S?\.?\s*)?"
    r"(?:\((?P<paren>[A-Za-z]|\d{1,2})\)|(?P<plain>[A-Za-z]|\d{1,2})(?:\s?[.):](?!\d)|-\s))\s*"
)
# Inside a list the site relabelled (`A. A) BAKU 91`, `B. B HAVANA 772`): a letter at a line's
# start followed by a space is a label too.
_BARE_LABEL = re.compile(r"(?m:^)[ \t]*(?:REF(?:TEL)?S?\.?[ \t]*)?(?P<plain>[A-Za-z])[ \t]+(?=\S)")


class _Label(NamedTuple):
    text: str  # as written: `A`, `a`, `1`
    start: int
    end: int


@cython.cfunc
def _label_of(m: re.Match[str]) -> _Label:
    return _Label(m.group("paren") or m.group("plain"), m.start(), m.end())


@cython.cfunc
def _successor(label: str) -> str:
    """The label after `label` in its series, compared case-insensitively: `a` -> `b`."""
    if label.isdigit():
        return str(int(label) + 1)
    return chr(ord(label.lower()) + 1) if label.lower() < "z" else ""


@cython.cfunc
def _label_chain(block: str) -> list[_Label]:
    """The labels of the list in order, A, B, C... (or 1, 2, 3...), each the first one after
    the one before; empty when the block does not start with `A` or `1`."""
    found = [_label_of(m) for m in _LABEL.finditer(block)]
    if not found or block[: found[0].start].strip(" \t\n:;¶.-") != "":
        return []
    chain = [found[0]]
    expected = _successor(found[0].text)
    for lab in found[1:]:
        if lab.start >= chain[-1].end and lab.text.lower() == expected:
            chain.append(lab)
            expected = _successor(lab.text)
    # A list starts at A or 1; a piece of one (`(B) 05 BUENOS AIRES 141`) only when its label
    # cannot be something else: followed by the next one, or in parentheses and not a portion
    # mark (`(C)`). `U.S. EMBASSY` is no list.
    first = chain[0].text
    if first.lower() in ("a", "1") or len(chain) > 1:
        return chain
    written = block[chain[0].start : chain[0].end]
    return chain if ")" in written and first.upper() not in ("C", "S", "U") else []


def _entries_of(block: str, chain: list[_Label]) -> list[tuple[str, str]]:
    return [
        (lab.text, block[lab.end : chain[i + 1].start if i + 1 < len(chain) else len(block)])
        for i, lab in enumerate(chain)
    ]


@cython.cfunc
def _second_label(text: str, outer: str, previous: str | None) -> tuple[str, str] | None:
    """The label written again after the outer one, and the text after it: `A. A) BAKU 91`,
    `A. REF A HAVANA 639`, `D. (C) PARIS 953` (the site lettered the lines, the cable its
    entries: the cable's label follows the one before it). `A. U.S. EMBASSY` and `B. (U)
    STATE 1234` (a portion mark) have none."""
    lead = len(text) - len(text.lstrip(" \t¶"))
    if (m := _LABEL.match(text, lead)) is not None:
        label = m.group("paren") or m.group("plain")
        if label.lower() == outer.lower() or (
            previous is not None and ")" in m.group(0) and label.lower() == _successor(previous)
        ):
            return label, text[m.end() :]
    bare = _BARE_LABEL.match(text)
    if bare is not None and bare.group("plain").lower() == outer.lower():
        return bare.group("plain"), text[bare.end() :]
    return None


def split_entries(block: str) -> list[tuple[str | None, str]]:
    """Split a REF block into (label, text) entries, following labels A, B, C... in order.

    The label is kept as written (`a.` -> `a`, `(B)` -> `B`). A label written twice (`A. (A)
    PARIS 1113`, the site's letter before the cable's own) counts once, the cable's. An entry
    that only continues the one before (`2006`, `AND PREVIOUS`: the site lettered each line of
    a wrapped entry) is joined to it.
    """
    chain = _label_chain(block)
    if not chain:
        return [(None, block)]
    out: list[tuple[str | None, str]] = []
    for label, text in _entries_of(block, chain):
        if (second := _second_label(text, label, out[-1][0] if out else None)) is not None:
            label, text = second
        if len(text) < 60 and _NOTHING.match(text.strip()):
            continue  # a label with nothing after it, or a truncation mark (`...`)
        if out and _CONTINUATION.match(text):
            out[-1] = (out[-1][0], out[-1][1].rstrip() + " " + text.strip())
        else:
            out.append((label, text))
    return out


# --- the parts of an entry ----------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    written: str  # the text it was found in; `raw` cuts it out only when asked
    raw_start: int
    kind: ReferenceKind
    id: str | None = None

    @property
    def raw(self) -> str:
        return _clean(self.written[self.raw_start : self.end])


def _kind(text: str) -> ReferenceKind:
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind
    return "other"


_TRAILING_REF = re.compile(r"[\s;,]{0,8}\bREFS?\b[\s:]*$")


@cython.cfunc
def _clean(text: str) -> str:
    """One line, single spaces, without the separators around it or the `REF` word that
    introduces the next entry (`VATICAN 05286; REF B: ...`)."""
    one = " ".join((text.replace("¶", " ") if "¶" in text else text).split())
    if "REF" in one:
        one = _TRAILING_REF.sub("", one)
    return one.strip(" ,;:¶")


def is_prose(text: str, words: int = 3) -> bool:
    """A sentence of the body, not a reference: several small words of running text (`the`,
    `of`, `and`...) in its first 200 characters. REF entries are capitals, names and numbers;
    a mixed-case one (`Ops Ctr-EUR/NB-Emb Reykjavik telecon 29 May 08`) has few of them."""
    return len(_FUNCTION_WORDS.findall(text[:200])) >= words


def list_part(block: str) -> str:
    """The REF block without what is not part of the list: page lines and banners inside it,
    and the text that ran on after it (the `Classified By` line, a handling note, the body)."""
    # Literal tests first: REF blocks are on every cable's path, and most are a clean list.
    if " OF 0" in block or "PAGE " in block:  # `002 OF 004`, `01 OF 03`
        block = _PAGE_LINE.sub(" ", block)
    end = len(block)
    upper = block.upper()
    if (
        _LIST_END_HINT.search(upper) is not None
        and (m := _LIST_END.search(block)) is not None
        and block[: m.start()].strip()
    ):
        end = m.start()
    if upper != block:  # running text has small letters; a list in capitals has none
        for m in _TEXT_START.finditer(block, 0, end):
            if block[: m.start()].strip() and is_prose(block[m.end() : m.end() + 200]):
                end = m.start()
                break
    return block[:end]


# --- where the REF block ends in the preamble ----------------------------------------------

# Lines after a REF list that start the body: a rule, a `Summary` heading.
_BODY_HEAD = re.compile(r"^(?:[-_=*]{5,}|(?:SUMMARY|Summary)\b(?:\s+AND\s+COMMENT)?\s*[:.-]?)")
_LETTERED = re.compile(r"^\(?[A-Za-z]\s?[.):]")


def ref_ended(line: str) -> bool:
    """Whether `line` (stripped), met inside a REF list, is the body's first line: a rule or a
    `Summary` heading, a portion mark or paragraph number before running text, or running text
    itself (`Kristjansson commented that many others...`); not an entry (`B. STATE 1234`,
    `(C) PARIS 953`, `Ops Ctr-EUR/NB-Emb Reykjavik telecon 29 May 08`), nor an entry the body
    ran onto (`STATE 45792 (SBU) Post has undertaken...`: the REF parser keeps the entry)."""
    if not line:
        return False
    first = line[0]
    if first in "-_=*Ss" and _BODY_HEAD.match(line):
        return True
    if len(line) <= 24:  # most entries (`B. CAIRO 478`); running text is longer, below
        return False
    if ((first.isdigit() or first == "¶") and (m := PARAGRAPH_START.match(line))) or (
        first == "(" and (m := PORTION_MARK.match(line)) is not None
    ):
        rest = line[m.end() :]
        if m.re is PORTION_MARK and (m.group("mark").upper() not in ("C", "S") or m.group("extra")):
            # `(U)`, `(SBU)`, `(S/NF)` are no labels: text in small letters after one is the body.
            return len(rest) > 20 and (not rest.split(None, 1)[0].isupper() or is_prose(rest, 1))
        # `(C)` may be the label C; running text after it tells (`(C) FCO Deputy Head Security
        # Policy Chris Holtby thanked poloffs for reftels and said...`).
        return len(rest) > 40 and is_prose(rest, 2)
    words, length = 3, 40
    if (m := _LETTERED.match(line)) is not None:
        # A lettered line is an entry unless a long sentence follows the letter (the site
        # lettered a line of the body: `C. During the course of a meeting on other issues...`;
        # not `B) Memorandum from USD Edelman to Secretary of the Air Force, 08`).
        line, words, length = line[m.end() :].lstrip(), 4, 100
    head = line.split(None, 1)[0] if line.strip() else ""
    return not head.isupper() and len(line) > length and is_prose(line, words)


def reference_year(
    code: str,
    serial: int,
    cited_on: date | None,
    year: int,
    own: tuple[str, int] | None,
    lookups: Lookups,
) -> int:
    """The year a REF serial without a year most likely belongs to: the citing cable's, or the
    one before when the serial is too high for the new year (a January cable citing December).

    For the citing station its own serial tells; for others, how far the station's numbering
    had run by the citing date, from the highest serial the station reached in that year.
    """
    if own is not None and own[0] == code:
        return year - 1 if serial > own[1] else year
    if cited_on is None or cited_on.month > 3:
        return year
    this_year = lookups.station_serials.get((code, year))
    last_year = lookups.station_serials.get((code, year - 1))
    if this_year is None or last_year is None or serial > last_year * 1.1 + 10:
        return year
    so_far = this_year * cited_on.timetuple().tm_yday / 365
    # Generous margins: posts send unevenly, and a wrong flip is as bad as a missed one. On the
    # site corpus these margins raised the share of January-March references found among the
    # release's ids (12 more of 2,391); tighter ones flipped as many wrongly as rightly.
    return year - 1 if serial > so_far * 4 + 100 else year


def _abbreviates(word: str, written: str) -> bool:
    """`TGG`, `BA`, `KL`, `CASA`, `DELHI` for `TEGUCIGALPA`, `BUENOS AIRES`, `KUALA LUMPUR`,
    `CASABLANCA`, `NEW DELHI`: the letters in order, from the start of one of its words."""
    for k, w in enumerate(written.split()):
        if w[:1] == word[:1]:
            rest = iter(" ".join(written.split()[k:]))
            if all(c in rest for c in word):
                return True
    return False


@dataclass(slots=True)
class _Context:
    year: int | None
    own: tuple[str, int] | None
    lookups: Lookups
    cited_on: date | None
    unknown: list[str]  # references to a station no table knows (for one warning)
    yearless: list[str]  # references without a year in a cable whose year is unknown


def _plain_serial(serial: str) -> bool:
    """A number as a serial is written (`1798`, `0057`), not a year (`06`) or a lone `0`."""
    return len(serial) >= 2 and not (len(serial) == 2 and serial[0] == "0")


_WORD_SEPARATORS = re.compile(r"[ -]+")
_DIGIT = re.compile(r"\d")


def _station(
    place: str, serial: str, has_year: bool, ctx: _Context
) -> tuple[str | None, bool, bool]:
    """The station a written place names, trying the longest name first (`USUN NEW YORK`
    before `NEW YORK`), and whether it is one no table knows but clearly a station (`07 TGG
    1798` in another post's cable: a year, one word of capitals, a serial), and whether words
    came before the station's (`USDAO TEGUCIGALPA`)."""
    written = place.rstrip(".")
    place = written.upper()
    if " " not in place and "-" not in place:  # most places are one word: `STATE`, `CAIRO`
        upper = [place] if place else []
    else:
        upper = [w for w in _WORD_SEPARATORS.split(place) if w]
    for k in range(len(upper)):
        cand = " ".join(upper[k:]) if k < len(upper) - 1 else upper[k]
        if cand in _NOT_PLACES:
            continue
        code = ctx.lookups.station_for_written(cand)
        if code is not None:
            return code, False, k > 0
    last = upper[-1] if upper else ""
    if not last.isalpha() or last in _NOT_PLACES or not _plain_serial(serial):
        return None, False, False
    own = ctx.own[0] if ctx.own else None
    # A post abbreviates its own name in its REF lines: `TGG` in Tegucigalpa's cables.
    if (
        own is not None
        and 2 <= len(last) <= 6
        and _abbreviates(last, ctx.lookups.station_written.get(own, own))
    ):
        return own, False, len(upper) > 1
    if has_year and len(upper) == 1 and len(last) >= 3 and written.isupper():
        return last, True, False
    return None, False, False


def _future(yy: str, ctx: _Context) -> bool:
    """Whether a two- or four-digit year is after the citing cable's: no cable cites one not
    yet sent."""
    y = int(yy) % 100
    return ctx.year is not None and (1900 if y >= 66 else 2000) + y > ctx.year


def _cables(
    text: str, ctx: _Context, spans: list[tuple[int, int, bool]] | None = None
) -> list[_Found]:
    """The cables cited in `text`, each with its id (None when no year can be told); `spans`
    receives where each cable is written, and whether words came before its station."""
    found: list[_Found] = []
    pos, resumed = 0, -1
    while (m := _CABLE.search(text, pos)) is not None:
        yy = m.group("yy")
        if yy is not None and m.start("yy") == resumed and _future(yy, ctx):
            yy = None  # `PARA 12 STATE 1234` in a 2008 cable: 12 is no year
        yy = yy or m.group("yy_after")
        code, unknown, before = _station(m.group("place"), m.group("number"), yy is not None, ctx)
        if code is None:
            # `F. 08 TRIPOLI 61`: the number was not this place's serial; it may be the next
            # cable's year.
            pos = resumed = m.start("serial")
            continue
        pos = m.end()
        if spans is not None:  # a station no table knows may be a message's originator
            spans.append((m.start(), m.end(), before or unknown))
        serial = int(m.group("serial"))
        # The raw text leaves out a number that turned out to be no year (`PARA 12 ...`).
        raw_start = m.start() if yy == m.group("yy") else m.start("place")
        cable = _Found(m.start(), m.end(), text, raw_start, "cable")
        if yy is not None:
            y = int(yy) % 100  # `2005 LISBON 1609` as `05`
        elif ctx.year is not None:
            y = reference_year(code, serial, ctx.cited_on, ctx.year, ctx.own, ctx.lookups) % 100
        else:
            ctx.yearless.append(cable.raw)
            found.append(cable)
            continue
        if ctx.own == (code, serial) and (ctx.year is None or ctx.year % 100 == y):
            continue  # the cable's own banner or page line, not a reference
        if unknown:
            ctx.unknown.append(cable.raw)
        cable.id = f"{y:02d}{code}{serial}"
        found.append(cable)
    return found


def _messages(text: str) -> list[_Found]:
    """Military messages and intelligence reports in `text` (upper case)."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    kinds: list[tuple[re.Pattern[str], ReferenceKind]] = []
    # Literal tests first: most entries are a cable and hold none of these.
    if "IIR" in text or "/" in text or "INTSUM" in text or "CIA" in text:
        kinds.append((_INTELLIGENCE, "intelligence"))
    if _DIGIT.search(text) is not None:
        kinds.append((_DEFENSE, "defense"))
    for pattern, kind in kinds:
        for m in pattern.finditer(text):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                taken.append((m.start(), m.end()))
                found.append(_Found(m.start(), m.end(), text, m.start(), kind))
    return found


@cython.cfunc
def _may_hold_messages(text: str, cables: list[tuple[int, int, bool]]) -> bool:
    """Whether `text` may cite a military message or an intelligence report: it has numbers
    or a report's name besides the cables found in it, or a cable's place has words before its
    station (`USDAO TEGUCIGALPA 1234`) or is no station a table knows (`09 CIAWASH 542085`).
    Most entries are one cable and nothing else: this spares them the patterns."""
    left, pos = [], 0
    for start, end, doubtful in cables:
        if doubtful:
            return True
        left.append(text[pos:start])
        pos = end
    left.append(text[pos:])
    rest = "".join(left)
    return _DIGIT.search(rest) is not None or "INTSUM" in rest.upper()


@cython.cfunc
def _entry_references(label: str | None, text: str, ctx: _Context) -> list[Reference]:
    raw = _clean(text)
    if len(raw) < 5 and _NOTHING.match(raw):
        return []
    marks = len(ctx.yearless), len(ctx.unknown)
    spans: list[tuple[int, int, bool]] = []
    items = _cables(text, ctx, spans)
    if _may_hold_messages(text, spans):
        messages = _messages(text.upper())
        if messages:
            # Read the cables again without the messages: their numbers are no serials.
            del ctx.yearless[marks[0] :], ctx.unknown[marks[1] :]
            rest = text
            for msg in messages:
                rest = rest[: msg.start] + " " * (msg.end - msg.start) + rest[msg.end :]
            items = sorted(_cables(rest, ctx) + messages, key=lambda f: f.start)
    if not items:
        return [Reference(label=label, raw=raw, kind=_kind(raw), id=None)]
    if label is not None and len(items) == 1:
        return [Reference(label=label, raw=raw, kind=items[0].kind, id=items[0].id)]
    return [Reference(label=label, raw=f.raw, kind=f.kind, id=f.id) for f in items]


def find_cables(
    text: str,
    year: int | None,
    own: tuple[str, int] | None,
    lookups: Lookups,
    cited_on: date | None = None,
) -> list[tuple[str, str | None]]:
    """(raw, canonical id) for each cable cited in `text`.

    A serial without a year takes the citing cable's year, or the year before when the citing
    station is cited with a serial above the cable's own (a January cable citing December).
    When the citing cable's year is unknown too, the id is None.
    """
    ctx = _Context(year, own, lookups, cited_on, [], [])
    return [(f.raw, f.id) for f in _cables(text, ctx)]


def parse_references(
    block: str,
    year: int | None,
    own: tuple[str, int] | None,
    lookups: Lookups,
    cited_on: date | None = None,
) -> tuple[list[Reference], list[str]]:
    """The references of a REF block, and warnings for what could not be understood.
    `year` and `cited_on` are the citing cable's year and date; `own` its station and serial."""
    ctx = _Context(year, own, lookups, cited_on, [], [])
    refs: list[Reference] = []
    for label, entry in split_entries(list_part(block)):
        if label is not None and is_prose(entry) and len(entry) > 150:
            # The body ran on after the entry (`B) GODFREY-LAWSON E-MAIL 11/21/2007 Per reftel,
            # Post requests...`), or is lettered like one: keep what precedes the prose, and
            # stop, since the list is over.
            head = _CAPITALS_HEAD.match(entry)
            refs.extend(_entry_references(label, head.group(0), ctx) if head else [])
            break
        # An unlabelled block lists its entries between semicolons; each is one reference
        # (or several cables), so a memo beside a cable is kept too.
        for text in [entry] if label is not None else entry.split(";"):
            refs.extend(_entry_references(label, text, ctx))
            if len(refs) > MAX_REFERENCES:
                return refs[:MAX_REFERENCES], [
                    *_warnings(ctx),
                    f"REF block has more than {MAX_REFERENCES} entries; the rest were not kept",
                ]
    return refs, _warnings(ctx)


def _shown(items: list[str]) -> str:
    shown = ", ".join(items[:3])
    return shown + (f" and {len(items) - 3} more" if len(items) > 3 else "")


def _warnings(ctx: _Context) -> list[str]:
    """Short warnings: cables cited without a year when the citing year is unknown, and cables
    of a station no table knows."""
    out = []
    if ctx.yearless:
        out.append(
            f"{len(ctx.yearless)} reference(s) cite a cable without a year "
            f"({_shown(ctx.yearless)}), and the citing cable's year is unknown: their ids could "
            "not be formed"
        )
    if ctx.unknown:
        out.append(
            f"{len(ctx.unknown)} reference(s) name a station that is not one of the Cablegate "
            f"release ({_shown(ctx.unknown)}): their ids keep the station as written"
        )
    return out
