"""What `cython` names in the parser's modules where Cython is not installed.

Cython is a build requirement only (setup.py compiles the hot modules of this package). The
modules use a few of its pure-Python-mode declarations: `@cython.cfunc` (a helper called from its
own module alone, as a C function once compiled), `@cython.cclass` (a class compiled as an
extension type) and the C types `Py_ssize_t` (string indices and lengths), `Py_UCS4` (one
character) and `bint` (a C truth value). Where Cython is installed, `import cython` gives its
own stand-ins (`Cython.Shadow`); where it is not, this module does: decorators that return the
function unchanged and types that are the Python ones. mypy reads this module in every case.
"""

from collections.abc import Callable
from typing import TypeAlias, TypeVar

_F = TypeVar("_F", bound=Callable[..., object])
_C = TypeVar("_C", bound=type)

compiled = False  # what `cython.compiled` says where Cython compiled the module: True
Py_ssize_t: TypeAlias = int
Py_UCS4: TypeAlias = str
bint: TypeAlias = bool
p_char: TypeAlias = bytes  # a `bytes` read as a C `char *`


def cfunc(function: _F) -> _F:
    return function


def cclass(cls: _C) -> _C:
    return cls
