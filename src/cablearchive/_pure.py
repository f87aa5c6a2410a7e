"""`CABLEARCHIVE_NO_EXTENSIONS=1`: import the parser's `.py` modules, never its compiled ones.

The compiled modules (setup.py) sit beside their `.py` sources, and Python's own finder prefers
an extension module to a source file of the same name. This finder, put first on
`sys.meta_path` when the variable is set, answers for the modules of `cablearchive.parse` with
their source files only; every other import goes on to Python's finders.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, ModuleSpec, SourceFileLoader
from types import ModuleType

_PACKAGE = "cablearchive.parse."


class SourceOnlyFinder:
    """Finds `cablearchive.parse.*` among source files alone."""

    @staticmethod
    def find_spec(
        fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not fullname.startswith(_PACKAGE) or path is None:
            return None
        for entry in path:
            spec = FileFinder(entry, (SourceFileLoader, SOURCE_SUFFIXES)).find_spec(fullname)
            if spec is not None:
                return spec
        return None


def install() -> None:
    """Put the finder first when the variable asks for the pure-Python parser (once)."""
    if os.environ.get("CABLEARCHIVE_NO_EXTENSIONS") and SourceOnlyFinder not in sys.meta_path:
        sys.meta_path.insert(0, SourceOnlyFinder)
