"""Readable differences between two texts of one cable."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class DiffLine:
    op: Literal[" ", "-", "+"]
    text: str


def diff_hunks(old: str, new: str, context: int = 3) -> list[list[DiffLine]]:
    """Line changes from `old` to `new`, grouped in hunks with `context` lines around them;
    runs of spaces do not count as changes (releases re-spaced the same text)."""
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(
        None, [" ".join(x.split()) for x in a], [" ".join(x.split()) for x in b], autojunk=False
    )
    hunks: list[list[DiffLine]] = []
    for group in matcher.get_grouped_opcodes(context):
        hunk: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunk.extend(DiffLine(" ", line) for line in a[i1:i2])
                continue
            hunk.extend(DiffLine("-", line) for line in a[i1:i2])
            hunk.extend(DiffLine("+", line) for line in b[j1:j2])
        hunks.append(hunk)
    return hunks
