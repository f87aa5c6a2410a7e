"""Which of the parser's modules Python imports: compiled or `.py`.

The compiled modules (setup.py) sit beside their `.py` sources, and Python's own finder prefers
an extension module to a source file of the same name. A finder put first on `sys.meta_path`
answers for the modules of `cablearchive.parse` alone (every other import goes on to Python's
finders) and gives their source files:
- always, when `CABLEARCHIVE_NO_EXTENSIONS` is set (to anything): the reference to compare
  with, or the way round a compiled module suspected of a fault;
- for a compiled module older than its `.py`, with a warning: in an editable install, a source
  edited since the last build, whose compiled module would run the code of before the edit.
  (A normal install writes both within the same second; two seconds' grace keeps it compiled.)
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import (
    SOURCE_SUFFIXES,
    ExtensionFileLoader,
    FileFinder,
    ModuleSpec,
    PathFinder,
    SourceFileLoader,
)
from pathlib import Path
from types import ModuleType

_PACKAGE = "cablearchive.parse."
_GRACE_S = 2.0


def _source_spec(fullname: str, path: Sequence[str]) -> ModuleSpec | None:
    for entry in path:
        spec = FileFinder(entry, (SourceFileLoader, SOURCE_SUFFIXES)).find_spec(fullname)
        if spec is not None:
            return spec
    return None


class ParserFinder:
    """Finds `cablearchive.parse.*`: the `.py` file where the compiled module may not be used."""

    @staticmethod
    def find_spec(
        fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not fullname.startswith(_PACKAGE) or path is None:
            return None
        if os.environ.get("CABLEARCHIVE_NO_EXTENSIONS"):
            return _source_spec(fullname, path)
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, ExtensionFileLoader) or not spec.origin:
            return spec
        built = Path(spec.origin)
        source = built.with_name(fullname.rpartition(".")[2] + ".py")
        try:
            stale = source.stat().st_mtime > built.stat().st_mtime + _GRACE_S
        except OSError:
            return spec
        if not stale:
            return spec
        warnings.warn(
            f"{source} changed after {built.name} was compiled: cablearchive runs the .py file "
            "(rebuild with `pip install -e .` to run it compiled)",
            stacklevel=2,
        )
        return _source_spec(fullname, path)


def install() -> None:
    """Put the finder first on `sys.meta_path` (once)."""
    if ParserFinder not in sys.meta_path:
        sys.meta_path.insert(0, ParserFinder)
