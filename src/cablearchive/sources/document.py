"""What a source yields: a cable's raw text with the metadata its format carries, or a problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from cablearchive.parse.model import Hints, Source

# Publisher metadata a format carries beside the text: the parser's `Hints`, under the name the
# sources have always used for it.
MetadataHints = Hints


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity annotated by hand in the text (the NARA entity corpus).

    `spans` are `[start, end)` character offsets of its mentions in `RawDocument.text`, the
    text with the annotation markup removed. `number` is its number in the annotation list.
    """

    name: str
    type: str | None = None
    spans: tuple[tuple[int, int], ...] = ()
    number: int | None = None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One cable's text as found, before any parsing of its meaning."""

    text: str
    hints: MetadataHints = field(default_factory=MetadataHints)
    source: Source = field(default_factory=Source)
    # Problems the reader met but could work around (bad UTF-8 replaced, markup stripped).
    warnings: tuple[str, ...] = ()
    # Entity annotations the source carries (empty for every format but the NARA corpus).
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """A document (or a whole file/archive) that could not be read, and why, in words."""

    source: Source
    message: str


@dataclass(frozen=True, slots=True)
class Blob:
    """The raw bytes of one document, read but not yet decoded: a single-document file or
    member, or one record of a `cables.csv` (then `line` is the line the record starts on).

    Small, frozen and picklable, so the decoding can run in another process. `source.format`
    is a guess from the name; `documents_from_blob` decides from the content.
    """

    data: bytes
    source: Source
    line: int | None = None
