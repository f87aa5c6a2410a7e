"""cablearchive: read, parse, store, search and export US diplomatic cables."""

from cablearchive.parse import Cable, canonical_id, parse_cable

__all__ = ["Cable", "canonical_id", "parse_cable"]
__version__ = "0.1.0"
