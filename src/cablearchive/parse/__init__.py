"""Text in, `Cable` out: pure functions, no I/O (see DESIGN.md)."""

from cablearchive.parse.cable import parse_cable
from cablearchive.parse.ids import canonical_id
from cablearchive.parse.lookups import Lookups
from cablearchive.parse.model import (
    PARSER_VERSION,
    Addressee,
    Cable,
    Classifier,
    Hints,
    Paragraph,
    Reference,
    Source,
)

__all__ = [
    "PARSER_VERSION",
    "Addressee",
    "Cable",
    "Classifier",
    "Hints",
    "Lookups",
    "Paragraph",
    "Reference",
    "Source",
    "canonical_id",
    "parse_cable",
]
