"""From what sources yield to parsed cables: the one place where a document meets the parser.

The CLI and the store both read through here, so a document is turned into a `Cable` (or
reported) the same way everywhere, and a parser bug becomes a per-document failure, never a
crash of the batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from cablearchive.parse import Cable, parse_cable
from cablearchive.parse.model import Source
from cablearchive.sources import RawDocument, SourceProblem


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that yielded no cable, with the reason in words."""

    source: Source
    message: str

    @property
    def location(self) -> str:
        return describe(self.source)


def cable_from_document(doc: RawDocument) -> Cable | Failure:
    """Parse one document, with its format's metadata as hints and its reader's warnings."""
    h = doc.hints
    try:
        cable = parse_cable(
            doc.text,
            id=h.id,
            created=h.created,
            released=h.released,
            classification=h.classification,
            origin=h.origin,
            subject=h.subject,
            document_number=_nara_number(doc.source),
            source=doc.source,
        )
    except Exception as exc:
        return Failure(doc.source, f"the parser failed on this document: {exc!r}")
    if doc.warnings:
        cable.warnings[:0] = list(doc.warnings)
    if not doc.text.strip():
        return Failure(doc.source, "empty document")
    if not (cable.id or cable.subject or cable.dtg or cable.banner or cable.tags):
        return Failure(
            doc.source,
            "no cable found in this text: it has no header, classification banner, TAGS or "
            "SUBJECT line, and its source gave no id",
        )
    return cable


def _nara_number(source: Source) -> str | None:
    """The NARA document number a NARA telegram's file is named by (`1975TELAV05348.txt`)."""
    if source.format != "nara-entities":
        return None
    name = (source.member or source.path or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] or None


def failure_from_problem(problem: SourceProblem) -> Failure:
    return Failure(problem.source, problem.message)


def describe(source: Source) -> str:
    """`path`, `path[member]`, `path at byte 1234`: where a document came from, in messages."""
    where = source.path or "<input>"
    if source.member:
        where += f"[{source.member}]"
    if source.offset is not None:
        where += f" at byte {source.offset}"
    return where
