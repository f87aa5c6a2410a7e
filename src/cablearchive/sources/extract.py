"""What a format reader returns: the text with its hints, or why it could not read the document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cablearchive.sources.document import Entity, MetadataHints

# Source.format values, one per layout the readers know.
CABLEGATE_HTML = "cablegate-html"  # a page of the Cablegate web site (metadata table + <pre>)
HTML = "html"  # another HTML page whose <pre> text was taken
VIEWER_TEXT = "viewer-text"  # the WikiLeaks cable viewer's text export
TEXT = "text"  # a telegram as plain text
CABLES_CSV = "cables-csv"  # a row of the 2011 full-release cables.csv
JSONL = "jsonl"  # one JSON object per line
JSON = "json"  # a file holding one JSON object
NARA_ENTITIES = "nara-entities"  # a NARA telegram with hand-made entity annotations

_LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\n)+")


@dataclass(frozen=True, slots=True)
class Extract:
    """A document a reader understood."""

    format: str
    text: str
    hints: MetadataHints = field(default_factory=MetadataHints)
    warnings: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A document a reader refused, with the reason in words."""

    format: str | None
    message: str


def trim_blank_lines(text: str) -> str:
    """Drop blank lines around `text` and trailing spaces, keeping the first line's indent."""
    text = text.rstrip()
    blank = _LEADING_BLANK_LINES.match(text)
    return text[blank.end() :] if blank else text


def join_header_body(header: str, body: str) -> str:
    """The transmission header, a blank line, then the body; just the body without a header."""
    header, body = trim_blank_lines(header), trim_blank_lines(body)
    if not header:
        return body
    if not body:
        return header
    return f"{header}\n\n{body}"


def none_if_blank(value: str | None) -> str | None:
    """A metadata value with outer spaces removed, or None when nothing is left."""
    if value is None:
        return None
    value = value.strip()
    return value or None
