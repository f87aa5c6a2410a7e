"""The store: the only writer. SQLite is the system of record (see DESIGN.md)."""

from cablearchive.store.archive import (
    Archive,
    ArchiveStats,
    IngestSummary,
    ReferenceLink,
    StoredCable,
    VersionInfo,
)
from cablearchive.store.schema import SCHEMA_VERSION, SchemaError

__all__ = [
    "SCHEMA_VERSION",
    "Archive",
    "ArchiveStats",
    "IngestSummary",
    "ReferenceLink",
    "SchemaError",
    "StoredCable",
    "VersionInfo",
]
