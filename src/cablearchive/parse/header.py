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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from cablearchive.parse.dates import DTG, dtg_from_match, parse_dtg
from cablearchive.parse.model import Addressee

PRECEDENCE_LETTERS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
# The security line repeats one letter five times: `ZNY SSSSS`, `ZNY CCCCC`, `ZNR UUUUU`.
SECURITY_LEVELS = {
    "T": "TOP SECRET",
    "S": "SECRET",
    "C": "CONFIDENTIAL",
    "U": "UNCLASSIFIED",
    "E": "UNCLASSIFIED",
}

_TRANSMISSION_ID = re.compile(r"^\s*(VZCZC[A-Z0-9]+)\s*$")
_DE = re.compile(r"^\s*DE\s+([A-Z0-9]{4,7})\s*#\s*(\d{1,6})(?:/(\d{1,3}))?(?:\s+(\d{3})(\d{4}))?")
_SECURITY = re.compile(r"^\s*(ZN[RY])\s+([A-Z]{5})")
_RELAY = re.compile(r"^\s*([ZOPR]{1,2})\s+((?:[A-Z0-9]{5,7}\s*)+)$")
_PREC_DTG = re.compile(r"^\s*([ZOPR])(?:\s+([ZOPR]))?\s+(" + DTG.pattern[2:-2] + r")")
_BARE_DTG = re.compile(r"^(\d{6}Z\s+[A-Za-z]{3}\s+\d{2})\s*$")
_FM = re.compile(r"^\s*FM\s+(?:([A-Z0-9]{4,7})/)?(.+?)\s*$")
_TO = re.compile(r"^\s*(TO|INFO|XMT|CC)\s+(.*)$")


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


_PRECEDENCE_TAIL = {"IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH"}


def parse_addressee(line: str) -> Addressee | None:
    """`RUEHC/SECSTATE WASHDC PRIORITY 6218` -> route, name, precedence, message number."""
    words = line.split()
    if not words:
        return None
    mcn = None
    if len(words) > 1 and words[-1].isdigit() and len(words[-1]) <= 5:
        mcn = words.pop()
    prec = None
    if len(words) > 1 and words[-1] in _PRECEDENCE_TAIL:
        prec = words.pop()
        if prec == "IMMEDIATE" and len(words) > 1 and words[-1] == "NIACT":
            words.pop()
            prec = "NIACT IMMEDIATE"
    route = None
    first = words[0]
    slash = first.find("/")
    if 4 <= slash <= 8 and first[:slash].isalnum() and first[:slash].isupper():
        route = first[:slash]
        words[0] = first[slash + 1 :]
        if not words[0]:
            words.pop(0)
    name = " ".join(words)
    if not name:
        return None
    return Addressee(route=route, name=name, precedence=prec, mcn=mcn)


def parse_header(lines: list[str]) -> TransmissionHeader:
    """Read the header lines (those before the banner). Unknown lines are left alone."""
    h = TransmissionHeader()
    target: list[Addressee] | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        # Dispatch on the first characters: each line is tested against one or two patterns.
        c = line[0]
        if c == "V" and h.transmission_id is None and (m := _TRANSMISSION_ID.match(line)):
            h.transmission_id = m.group(1)
            continue
        if c == "D" and h.station_route is None and (m := _DE.match(line)):
            h.station_route, h.serial = m.group(1), m.group(2)
            h.section = int(m.group(3)) if m.group(3) else None
            h.julian = m.group(4)
            continue
        if c == "Z" and h.security is None and (m := _SECURITY.match(line)):
            h.security = m.group(1)
            h.security_level = SECURITY_LEVELS.get(m.group(2)[0]) if m.group(2) else None
            continue
        if c in "ZOPR" and h.dtg_text is None and (m := _PREC_DTG.match(line)):
            h.precedence = PRECEDENCE_LETTERS[m.group(1)]
            dm = DTG.search(m.group(3))
            h.dtg_text = " ".join(m.group(3).split())
            h.dtg = dtg_from_match(dm) if dm else None
            if h.dtg is None:
                h.warnings.append(f"date-time group {h.dtg_text!r} is not a valid date")
            target = None
            continue
        if c == "F" and h.from_ is None and (m := _FM.match(line)):
            h.from_route, h.from_ = m.group(1), " ".join(m.group(2).split())
            target = None
            continue
        if c.isdigit() and h.dtg_text is None and (m := _BARE_DTG.match(line)):
            # Partial extracts keep only the date-time group: `261640Z Jun 06`.
            h.dtg_text = " ".join(m.group(1).upper().split())
            h.dtg = parse_dtg(h.dtg_text)
            if h.dtg is None:
                h.warnings.append(f"date-time group {h.dtg_text!r} is not a valid date")
            continue
        # Addressees follow the FM line; an `INFO LOG-00 ...` block before it is the
        # department's internal distribution, not the cable's addressees.
        if c in "TIXC" and h.from_ is not None and (m := _TO.match(line)):
            kind = m.group(1)
            target = h.to if kind == "TO" else h.info if kind == "INFO" else None
            line = m.group(2)
        elif c in "ZOPR" and target is None and not h.relay_routes and (m := _RELAY.match(line)):
            h.relay_routes = m.group(2).split()
            continue
        if line == "BT":
            target = None
            continue
        if target is not None and (a := parse_addressee(line)) is not None:
            target.append(a)
    if h.precedence is None and h.to:
        h.precedence = h.to[0].precedence
    if any(a.precedence == "NIACT IMMEDIATE" for a in h.to):
        h.precedence = "NIACT IMMEDIATE"
    return h
