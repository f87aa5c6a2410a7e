"""Canonical cable ids: `06ALMATY2549` = two-digit year + station + serial without zeros."""

from __future__ import annotations

import re

from cablearchive.parse.lookups import Lookups

# A well-formed Cablegate id. The station is letters only; the serial has no leading zeros.
CANONICAL = re.compile(r"^(\d{2})([A-Z]+)([1-9]\d*|0)$")
# `06 ALMATY 002549`, `2006 ALMATY 2549`, `06SECSTATE123`: a year of two or four digits.
_LOOSE = re.compile(r"^\s*(?:19|20)?(\d{2})\s*([A-Z][A-Z .'-]*?[A-Z])\s*0*(\d{1,7})\s*$")
_YEARLESS = re.compile(r"^\s*([A-Z][A-Z .'-]*?[A-Z])\s*0*(\d{1,7})\s*$")


# NARA's document numbers: four-digit year, the post cut to a few letters, zero-padded serial.
_NARA_NUMBER = re.compile(r"^(\d{4})([A-Z]{3,12})(\d{3,7})$")


def id_from_nara_number(number: str, lookups: Lookups | None = None) -> str | None:
    """`1975TELAV05348` -> `75TELAVIV5348`: the Cablegate-style id of a NARA telegram.

    NARA cuts the post's name to its first letters (`TELAV`, `BUENOS`, `CARACA`); the station is
    the one known station that starts so. None when no station, or several, do.
    """
    lk = lookups or Lookups.default()
    parts = nara_number_parts(number)
    if parts is None:
        return None
    yy, cut, serial = parts
    station = lk.station_by_prefix(cut)
    return f"{yy}{station}{serial}" if station else None


def nara_number_parts(number: str) -> tuple[str, str, int] | None:
    """`1975OECDP07285` -> ("75", "OECDP", 7285): two-digit year, NARA's post, serial."""
    m = _NARA_NUMBER.match(number.strip().upper())
    if not m:
        return None
    year, cut, serial = m.groups()
    return year[2:], cut, int(serial)


def canonical_id(raw: str, year: int | None = None, lookups: Lookups | None = None) -> str | None:
    """Canonical form of a cable id written any common way, or None if it is not one.

    Accepts `06ALMATY2549`, `06 ALMATY 002549`, `2006 ALMATY 2549`, `ALMATY 2549` (with
    `year`), and the known malformed ids of the release (`7575LIBREVILLE1895` ->
    `75LIBREVILLE1895`). Every spelling of a station becomes the release's (`06SECSTATE123` ->
    `06STATE123`, `06 RIO DE JAN 353` -> `06RIODEJANEIRO353`); a well-formed id whose station no
    table knows keeps it (`06FOOBAR123`).
    """
    lk = lookups or Lookups.default()
    s = raw.strip().upper()
    fixed = lk.malformed_ids.get(s)
    if fixed is not None:
        return fixed
    if (c := CANONICAL.match(s)) is not None:
        return f"{c.group(1)}{lk.real_station(c.group(2))}{c.group(3)}"
    m = _LOOSE.match(s)
    if m:
        yy, place, serial = m.groups()
    else:
        m2 = _YEARLESS.match(s)
        if not m2 or year is None:
            return None
        place, serial = m2.groups()
        yy = f"{year % 100:02d}"
    code = lk.station_for_written(place)
    if code is None:
        return None
    return f"{yy}{code}{int(serial)}"
