"""Publisher date stamps (`2009-01-20 05:05`, `12/28/1966 18:48`) as ISO 8601 UTC strings."""

from __future__ import annotations

import re
from datetime import datetime

from cablearchive.parse.dates import iso

_ISO_LIKE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?Z?"
)
_US_STYLE = re.compile(
    r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}) (?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
)


def iso_utc(raw: str) -> str | None:
    """`2009-01-20 05:05` or `01/20/2009 05:05[:SS]` as `2009-01-20T05:05:00Z`; None if not a date.

    The publishers wrote their stamps in UTC without saying so; no zone is converted.
    """
    value = raw.strip()
    match = _ISO_LIKE.fullmatch(value) or _US_STYLE.fullmatch(value)
    if match is None:
        return None
    parts = {key: int(found) for key, found in match.groupdict(default="0").items()}
    try:
        stamp = datetime(parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts["S"])
    except ValueError:
        return None
    return iso(stamp)


def date_hint(raw: str | None, what: str, warnings: list[str]) -> str | None:
    """The ISO form of a publisher date for a hint, or the raw value with a warning."""
    if raw is None or not raw.strip():
        return None
    iso = iso_utc(raw)
    if iso is None:
        warnings.append(f"{what} date {raw.strip()!r} not understood; kept as written")
        return raw.strip()
    return iso
