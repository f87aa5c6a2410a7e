"""Telegrams as plain text, including the WikiLeaks cable viewer's text export.

The export starts with a few lines of metadata before the telegram:

    Viewing cable 06ALMATY2549
    Title: KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO

    IdentifierCreatedReleasedClassificationOrigin
    06ALMATY25492006-07-13 15:21:00 2011-08-30 01:44:00 SECRET US Office Almaty

The table's cells are run together on one line; the dates and the known classification
markings are what separate them.
"""

from __future__ import annotations

import re

from cablearchive.sources.dates import date_hint
from cablearchive.sources.document import MetadataHints
from cablearchive.sources.extract import (
    TEXT,
    VIEWER_TEXT,
    Extract,
    none_if_blank,
    trim_blank_lines,
)

_PREAMBLE_LINES = 12
_PREAMBLE_CHARS = 8192
_VIEWING = re.compile(r"Viewing cable\s+(?P<id>[^\s,]+)(?:\s*,\s*(?P<title>.*))?")
_TITLE = re.compile(r"Title:\s*(?P<title>.*)")
_TABLE_HEADER = re.compile(
    r"(?:Identifier|Reference ID)\s*Created\s*Released\s*Classification\s*Origin", re.IGNORECASE
)
_STAMP = r"(?:19|20)\d\d-\d\d-\d\d \d\d:\d\d(?::\d\d)?"
_VALUES = re.compile(
    rf"(?P<id>\S*?)\s*(?P<created>{_STAMP})(?:\s+(?P<released>{_STAMP}))?\s*(?P<rest>.*)"
)
# The markings the viewer writes, longest first so `SECRET//NOFORN` is not read as `SECRET`.
CLASSIFICATIONS = tuple(
    sorted(
        (
            "UNCLASSIFIED",
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
            "CONFIDENTIAL",
            "CONFIDENTIAL//NOFORN",
            "SECRET",
            "SECRET//NOFORN",
            "TOP SECRET",
            "TOP SECRET//NOFORN",
        ),
        key=len,
        reverse=True,
    )
)
# Any other marking: a level, then caveats up to the first space.
_OTHER_MARKING = re.compile(r"(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED)(?://\S+)?")


def read_plain_text(text: str) -> Extract:
    """A telegram as text; the viewer export's metadata lines become hints."""
    # Only the first lines can hold the export's metadata; never split a 16 MB text for it.
    lines = text[:_PREAMBLE_CHARS].split("\n")[:_PREAMBLE_LINES]
    header_at = next(
        (i for i, line in enumerate(lines) if _TABLE_HEADER.fullmatch(line.strip())), None
    )
    viewing = _VIEWING.fullmatch(lines[0].strip())
    if header_at is None and viewing is None:
        return Extract(TEXT, trim_blank_lines(text))
    warnings: list[str] = []
    preamble_end = header_at if header_at is not None else 1
    title = next(
        (m["title"] for line in lines[:preamble_end] if (m := _TITLE.fullmatch(line.strip()))),
        viewing["title"] if viewing else None,
    )
    values: dict[str, str | None] = {"id": viewing["id"] if viewing else None}
    body_from = preamble_end
    if header_at is not None:
        body_from = header_at + 1
        at = next((i for i in range(body_from, len(lines)) if lines[i].strip()), None)
        parsed = parse_viewer_values(lines[at].strip()) if at is not None else None
        if at is None or parsed is None:
            warnings.append("viewer metadata line not understood; kept in the text")
        else:
            values = {**parsed, "id": parsed["id"] or values["id"]}
            body_from = at + 1
    hints = MetadataHints(
        id=none_if_blank(values.get("id")),
        created=date_hint(values.get("created"), "created", warnings),
        released=date_hint(values.get("released"), "released", warnings),
        classification=none_if_blank(values.get("classification")),
        origin=none_if_blank(values.get("origin")),
        subject=none_if_blank(title),
    )
    body = text[sum(len(line) + 1 for line in lines[:body_from]) :]
    return Extract(VIEWER_TEXT, trim_blank_lines(body), hints, tuple(warnings))


def parse_viewer_values(line: str) -> dict[str, str | None] | None:
    """Split the run-together values line into id, created, released, classification, origin.

    `06ALMATY25492006-07-13 15:21:00 2011-08-30 01:44:00 SECRET US Office Almaty` gives
    id `06ALMATY2549`, the two stamps, `SECRET` and `US Office Almaty`. None if the line has
    no created stamp.
    """
    match = _VALUES.fullmatch(line)
    if match is None:
        return None
    classification, origin = split_classification(match["rest"])
    return {
        "id": match["id"] or None,
        "created": match["created"],
        "released": match["released"],
        "classification": classification,
        "origin": origin,
    }


def split_classification(rest: str) -> tuple[str | None, str | None]:
    """`SECRET//NOFORN Embassy Paris` as (`SECRET//NOFORN`, `Embassy Paris`)."""
    rest = rest.strip()
    for marking in CLASSIFICATIONS:
        if rest.startswith(marking) and _ends_word(rest, len(marking)):
            return marking, rest[len(marking) :].strip() or None
    other = _OTHER_MARKING.match(rest)
    if other and _ends_word(rest, other.end()):
        return other.group(), rest[other.end() :].strip() or None
    return None, rest or None


def _ends_word(text: str, at: int) -> bool:
    return at == len(text) or text[at].isspace()
