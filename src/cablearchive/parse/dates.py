"""Dates as cables write them: date-time groups, declassification dates, two-digit years."""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}

# `131521Z JUL 06`: day, hour, minute, zulu, month, year. Relays sometimes drop the spaces.
DTG = re.compile(r"\b(\d{2})(\d{2})(\d{2})\s?Z\s*([A-Z]{3})\s*(\d{2}|\d{4})\b")


def full_year(yy: int) -> int:
    """Two-digit years: the archive spans the 1960s to 2010s, so 50 and up are 19xx."""
    if yy >= 100:
        return yy
    return 1900 + yy if yy >= 50 else 2000 + yy


def parse_dtg(text: str) -> datetime | None:
    """`131521Z JUL 06` -> 2006-07-13 15:21, or None if it is not a valid date-time group."""
    m = DTG.search(text.upper())
    if not m:
        return None
    return dtg_from_match(m)


def dtg_from_match(m: re.Match[str]) -> datetime | None:
    day, hour, minute, mon, year = m.groups()
    month = MONTHS.get(mon.upper())
    if month is None:
        return None
    try:
        return datetime(full_year(int(year)), month, int(day), int(hour), int(minute))
    except ValueError:
        return None


def iso(dt: datetime) -> str:
    if not dt.microsecond and dt.tzinfo is None:
        return dt.isoformat() + "Z"  # the same text, written by C: one per cable
    return (
        f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}Z"
    )


_NUMERIC_DATE = re.compile(r"(\d{1,4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})")


def parse_numeric_date(text: str) -> date | None:
    """`07/13/2016`, `7/8/06`, `2016/07/13`, `13.07.2016` (day first only when unambiguous)."""
    m = _NUMERIC_DATE.search(text)
    if not m:
        return None
    a, b, c = m.groups()
    try:
        if len(a) == 4:
            return date(int(a), int(b), int(c))
        year = full_year(int(c))
        first, second = int(a), int(b)
        if first > 12 >= second:  # 13/07/2016: day first
            return date(year, second, first)
        return date(year, first, second)
    except ValueError:
        return None
