"""Builds the parser's compiled core, where this machine can: the hot modules of
`cablearchive.parse`, compiled by Cython from the same `.py` files that stay the reference
implementation and the fallback (the model is aiohttp's HTTP parser).

Everything else is declared in pyproject.toml. When Cython or a C compiler is missing, or a
module fails to compile, the install goes on with the pure-Python modules and says so;
`cablearchive.parse.COMPILED` (and `cables --version`) tells which one a process runs.
`CABLEARCHIVE_NO_EXTENSIONS=1` at build time skips the build; at run time it makes the package
import the `.py` modules even where compiled ones are installed.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# The modules `parse_cable` spends its time in: compiled, they spare it about 14% of its
# instructions (cable, preamble, header, paragraphs, references and people alone: 12%). Left
# out: `__init__` (it reports which modules are compiled), `foreign` (one pattern a telegram:
# it reads pasted JSON records) and `model` (its dataclasses' methods are generated at import).
COMPILED_MODULES = (
    "cable",
    "classification",
    "dates",
    "header",
    "ids",
    "layout",
    "lookups",
    "lost_layout",
    "paragraphs",
    "people",
    "preamble",
    "references",
    "text",
)

# Only directives that keep Python's semantics: no bounds or wraparound checks turned off, no C
# integer types inferred (they could overflow where Python's ints do not).
DIRECTIVES = {"language_level": 3}


def _warn(message: str) -> None:
    bar = "*" * 76
    print(
        f"\n{bar}\nWARNING: {message}\ncablearchive installs its pure-Python parser "
        f"(the same records, about 20% slower).\n{bar}\n",
        file=sys.stderr,
    )


def _extensions() -> list[Any]:
    if os.environ.get("CABLEARCHIVE_NO_EXTENSIONS"):
        print("CABLEARCHIVE_NO_EXTENSIONS is set: the parser is not compiled", file=sys.stderr)
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        _warn("Cython is not installed, so the parser's compiled core is not built.")
        return []
    modules = [
        Extension(f"cablearchive.parse.{name}", [f"src/cablearchive/parse/{name}.py"])
        for name in COMPILED_MODULES
    ]
    # The generated C goes under build/, not beside the sources.
    return list(
        cythonize(
            modules,
            compiler_directives=DIRECTIVES,
            build_dir="build/cython",
            nthreads=os.cpu_count() or 1,
        )
    )


class OptionalBuildExt(build_ext):
    """build_ext that warns once and goes on where the compiler is missing or a module fails:
    the modules not built stay Python, which gives the same records."""

    failed = False

    def run(self) -> None:
        try:
            super().run()
        except Exception as e:  # no compiler at all: setuptools raises before any module
            _warn(f"the parser's compiled core could not be built ({e}).")

    def build_extension(self, ext: Any) -> None:
        if self.failed:
            return  # one failure is enough to know this machine cannot build them
        try:
            super().build_extension(ext)
        except Exception as e:
            self.failed = True
            _warn(f"{ext.name} could not be compiled ({e}).")


setup(
    ext_modules=_extensions(),
    cmdclass={"build_ext": OptionalBuildExt},
    # The modules compile one per core (pip's editable build would compile them one by one).
    options={"build_ext": {"parallel": os.cpu_count() or 1}},
)
