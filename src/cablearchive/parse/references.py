"""The REF block: `REF: A. ALMATY 1946 B. 7/8/06 PORGES-MONK EMAIL`.

Entries are lettered (`A.`, `A)`, `(A)`, `¶B.`) or numbered, or run together with `:`/`;`. A
cable entry (`STATE 32380`, `06 ALMATY 1946`, `USEU BRUSSELS 12`) gets a canonical id; other
entries (emails, telcons, memcons, reports, letters, faxes) keep their text and kind.
"""

from __future__ import annotations

import re
from datetime import date

from cablearchive.parse.lookups import Lookups
from cablearchive.parse.model import Reference, ReferenceKind

MAX_REFERENCES = 500  # a REF block longer than this is garbage; the rest is reported, not kept

# `06 STATE 12345`, `08STATE12345`, `ALMATY 1946`, `USUN NEW YORK 567`, `STATE 106206`.
_CABLE = re.compile(
    r"(?<![A-Za-z0-9/])(?:(?P<yy>(?:19|20)?\d{2})\s?)?"
    r"(?P<place>[A-Za-z][A-Za-z'.]*(?:[ -][A-Za-z][A-Za-z'.]*){0,3}?)"
    # Not a serial when a date or time goes on (`7/8`, `12:30`, `1.5`); `1091: TEHRAN` is one.
    r"\s*(?:NO\.?\s*)?0*(?P<serial>\d{1,7})(?![\d/-]|\.\d|:\d)"
)
_KINDS: tuple[tuple[re.Pattern[str], ReferenceKind], ...] = (
    (re.compile(r"\bE-?MAILS?\b|\bEMAIL", re.I), "email"),
    (re.compile(r"\bTEL(?:E)?CONS?\b|\bTELEPHONE\b|\bPHONE CALL\b|\bTELCON", re.I), "telcon"),
    (re.compile(r"\bMEMCONS?\b|\bMEMORANDUM OF CONVERSATION", re.I), "memcon"),
    (re.compile(r"\bREPORTS?\b|\bIIR\b|\bINTSUM\b|\bTD-", re.I), "report"),
    (re.compile(r"\bLETTERS?\b|\bLTR\b", re.I), "letter"),
    (re.compile(r"\bFAX(?:ES)?\b|\bFACSIMILE\b", re.I), "fax"),
)
# Labels in order: A. / A) / (A) / ¶A. ; the letter must follow a separator, not a word.
_LABEL_TEMPLATE = r"(?:^|(?<=[\s,;:.]))[¶]?\s*\(?{}\s?[.):]\s*"
_LABEL_SERIES = tuple(
    tuple((lab, re.compile(_LABEL_TEMPLATE.format(re.escape(lab)))) for lab in series)
    for series in ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [str(i) for i in range(1, 40)])
)
_NOT_PLACES = {
    "PARA",
    "PARAS",
    "PARAGRAPH",
    "PAGE",
    "NO",
    "NUMBER",
    "SECTION",
    "OF",
    "AND",
    "DATED",
    "REF",
    "REFTEL",
    "REFS",
    "THE",
    "IN",
    "ON",
    "AT",
    "SEE",
    "TO",
    "FROM",
    "AS",
    "ITEM",
    "ANNEX",
    "TAB",
    "CABLE",
    "TELEGRAM",
    "MSG",
    "MESSAGE",
    "DTG",
    "RES",
    "RESOLUTION",
    "ARTICLE",
}


def split_entries(block: str) -> list[tuple[str | None, str]]:
    """Split a REF block into (label, text) entries, following labels A, B, C... in order."""
    labels: list[tuple[str, int, int]] = []
    pos = 0
    for series in _LABEL_SERIES:
        labels = []
        pos = 0
        for lab, pattern in series:
            m = pattern.search(block, pos)
            if not m or (labels and block[labels[-1][2] : m.start()].strip() == ""):
                break
            labels.append((lab, m.start(), m.end()))
            pos = m.end()
        if len(labels) >= 1 and block[: labels[0][1]].strip(" \n:¶") == "":
            break
        labels = []
    if not labels:
        return [(None, block)]
    out: list[tuple[str | None, str]] = []
    for i, (lab, _start, end) in enumerate(labels):
        stop = labels[i + 1][1] if i + 1 < len(labels) else len(block)
        out.append((lab, block[end:stop]))
    return out


def _kind(text: str) -> ReferenceKind:
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind
    return "other"


_TRAILING_REF = re.compile(r"[\s;,]*\bREFS?\b[\s:]*$")


def _clean(text: str) -> str:
    """One line, single spaces, without the separators around it or the `REF` word that
    introduces the next entry (`VATICAN 05286; REF B: ...`)."""
    return _TRAILING_REF.sub("", " ".join(text.replace("¶", " ").split())).strip(" ,;:")


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
    found: list[tuple[str, str | None]] = []
    for m in _CABLE.finditer(text):
        place = m.group("place").upper().rstrip(".")
        words = place.split()
        # Try the longest station name first: `USUN NEW YORK` before `NEW YORK`.
        code = None
        for k in range(len(words)):
            cand = " ".join(words[k:])
            if cand in _NOT_PLACES:
                continue
            code = lookups.station_for_written(cand)
            if code is not None:
                break
        if code is None:
            continue
        serial = int(m.group("serial"))
        yy = m.group("yy")
        if yy is not None:
            y = int(yy) % 100  # `2005 LISBON 1609` as `05`
        elif year is not None:
            y = reference_year(code, serial, cited_on, year, own, lookups) % 100
        else:
            found.append((_clean(m.group(0)), None))
            continue
        found.append((_clean(m.group(0)), f"{y:02d}{code}{serial}"))
    return found


def parse_references(
    block: str,
    year: int | None,
    own: tuple[str, int] | None,
    lookups: Lookups,
    cited_on: date | None = None,
) -> tuple[list[Reference], list[str]]:
    """The references of a REF block, and warnings for what could not be understood.
    `year` and `cited_on` are the citing cable's year and date; `own` its station and serial."""
    refs: list[Reference] = []
    yearless: list[str] = []
    for label, entry in split_entries(block):
        # An unlabelled block lists its entries between semicolons; each is one reference
        # (or several cables), so a memo beside a cable is kept too.
        for text in [entry] if label is not None else entry.split(";"):
            raw = _clean(text)
            if not raw:
                continue
            cables = find_cables(text, year, own, lookups, cited_on)
            if label is not None and len(cables) == 1:
                refs.append(Reference(label=label, raw=raw, kind="cable", id=cables[0][1]))
            elif cables:
                refs.extend(
                    Reference(label=label, raw=r, kind="cable", id=cid) for r, cid in cables
                )
            else:
                refs.append(Reference(label=label, raw=raw, kind=_kind(raw), id=None))
            yearless.extend(r for r, cid in cables if cid is None)
            if len(refs) > MAX_REFERENCES:
                return refs[:MAX_REFERENCES], [
                    *_yearless_warning(yearless),
                    f"REF block has more than {MAX_REFERENCES} entries; the rest were not kept",
                ]
    return refs, _yearless_warning(yearless)


def _yearless_warning(yearless: list[str]) -> list[str]:
    """One short warning for the cables cited without a year when the citing year is unknown."""
    if not yearless:
        return []
    shown = ", ".join(yearless[:3])
    if len(yearless) > 3:
        shown += f" and {len(yearless) - 3} more"
    return [
        f"{len(yearless)} reference(s) cite a cable without a year ({shown}), and the citing "
        "cable's year is unknown: their ids could not be formed"
    ]
