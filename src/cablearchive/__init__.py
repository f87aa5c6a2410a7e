"""cablearchive: read, parse, store, search and export US diplomatic cables."""

from cablearchive import _pure

_pure.install()  # before the parser's modules are imported: which ones, see _pure.py

from cablearchive.parse import Cable, canonical_id, parse_cable  # noqa: E402

__all__ = ["Cable", "canonical_id", "parse_cable"]
__version__ = "0.1.0"
