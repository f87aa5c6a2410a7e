"""A cable's passages: the pieces of text whose vectors make the cable's vector, and that say
why two cables are alike (the passages that matched).

The subject is one passage; each paragraph is one, a long one cut at sentence ends into
pieces of about `MAX_CHARS`, a short one (`MIN_CHARS`) joined to the next, so that every
passage says something and none drowns the others. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MIN_CHARS = 80
MAX_CHARS = 1_500
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class Passage:
    paragraph: int | None  # position in the cable's paragraphs; None for the subject
    text: str


def passages_of(subject: str | None, paragraphs: Sequence[str]) -> list[Passage]:
    """The passages of a cable, in order: its subject, then its paragraphs' pieces."""
    out: list[Passage] = []
    if subject and subject.strip():
        out.append(Passage(None, " ".join(subject.split())))
    pending: tuple[int, str] | None = None  # a short paragraph waiting for the next
    for i, text in enumerate(paragraphs):
        text = " ".join(text.split())
        if not text:
            continue
        if pending is not None:
            text = f"{pending[1]} {text}"
            i = pending[0]
            pending = None
        if len(text) < MIN_CHARS:
            pending = (i, text)
            continue
        out.extend(Passage(i, piece) for piece in _pieces(text))
    if pending is not None:
        out.append(Passage(*pending))
    return out


def _pieces(text: str) -> list[str]:
    """`text` cut at sentence ends into pieces of at most about MAX_CHARS (a sentence longer
    than that is a piece of its own)."""
    if len(text) <= MAX_CHARS:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        if current and len(current) + 1 + len(sentence) > MAX_CHARS:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces
