"""Bounds on what a source may make the reader hold or read, so hostile input cannot exhaust it."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1 << 20
GIB = 1 << 30


@dataclass(frozen=True, slots=True)
class Limits:
    """How much the readers accept before they refuse a document or stop reading an archive.

    max_document_bytes: the largest single document (file, archive member, CSV row, JSON line);
        anything larger is refused with a problem and never held in memory whole.
    max_archive_members: entries read from one archive before the rest is refused.
    max_archive_bytes: uncompressed bytes read from one archive (or compressed file) before
        the rest is refused; the guard against compression bombs.
    """

    max_document_bytes: int = 16 * MIB
    max_archive_members: int = 1_000_000
    max_archive_bytes: int = 8 * GIB

    def __post_init__(self) -> None:
        for name in ("max_document_bytes", "max_archive_members", "max_archive_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"Limits.{name} must be at least 1")


DEFAULT_LIMITS = Limits()
