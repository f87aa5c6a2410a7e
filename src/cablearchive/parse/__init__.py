"""Text in, `Cable` out: pure functions, no I/O (see DESIGN.md)."""

from importlib.machinery import ExtensionFileLoader

from cablearchive.parse import cable as _cable
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

# Whether `parse_cable` runs compiled (setup.py builds the hot modules with Cython where it can;
# `CABLEARCHIVE_NO_EXTENSIONS=1` imports the `.py` modules instead, and so does a module whose
# `.py` changed after its build: see cablearchive/_pure.py).
COMPILED: bool = isinstance(_cable.__loader__, ExtensionFileLoader)

__all__ = [
    "COMPILED",
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
