"""The store: the only writer. SQLite is the system of record (see DESIGN.md)."""

from cablearchive.store.archive import (
    Archive,
    ArchiveStats,
    IngestSummary,
    ReferenceLink,
    StoredCable,
    VersionInfo,
)
from cablearchive.store.browse import DIMENSIONS, CableSummary, Dimension, Page
from cablearchive.store.schema import SCHEMA_VERSION, SchemaError

__all__ = [
    "DIMENSIONS",
    "SCHEMA_VERSION",
    "Archive",
    "ArchiveStats",
    "CableSummary",
    "Dimension",
    "IngestSummary",
    "Page",
    "ReferenceLink",
    "SchemaError",
    "StoredCable",
    "VersionInfo",
]
