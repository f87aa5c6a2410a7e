"""The archive: SQLite as the system of record for parsed cables, their versions and sources.

`Archive` is the one API the CLI, the web viewer and Python users share. It owns every write:
ingest adds documents in batched transactions, so a killed ingest leaves an archive that opens
and, ingested again, completes (ingest is idempotent).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, NamedTuple, ParamSpec, TypeVar, cast

import orjson
import xxhash

from cablearchive.graph import Network, NodeMetrics, Thread, build_network, follow_thread
from cablearchive.graph.threads import DEFAULT_DEPTH, DEFAULT_LIMIT, ThreadNode, thread_of
from cablearchive.parse import PARSER_VERSION, Cable, canonical_id, parse_cable
from cablearchive.parse.model import Addressee, Classifier, Paragraph, Reference, Source
from cablearchive.people.enrichment import Item, enrichment_name, people_in
from cablearchive.people.extract import is_person_tag, names_of
from cablearchive.people.mentions import titled_rules
from cablearchive.people.names import read_name
from cablearchive.pipeline import Failure, process_documents
from cablearchive.search.query import Node, parse_query
from cablearchive.search.snippets import highlight_terms, snippet
from cablearchive.sources import (
    DEFAULT_LIMITS,
    Blob,
    Limits,
    RawDocument,
    documents_from_blob,
    input_sizes,
    iter_blobs,
)
from cablearchive.store import browse, enrichments, graph, people
from cablearchive.store.browse import CableSummary, Dimension, Page
from cablearchive.store.codec import (
    NAMES_DICTIONARY,
    TRAINING_SAMPLES,
    Packer,
    Unpacker,
    dictionary_id,
    train,
)
from cablearchive.store.connections import read_only, writing
from cablearchive.store.export import (
    PEOPLE_COLUMNS,
    PEOPLE_LISTS,
    PERSON_CABLE_COLUMNS,
    PERSON_CABLE_LISTS,
    Format,
    write_export,
    write_table,
)
from cablearchive.store.faults import ArchiveReadOnly, DiskFull, is_disk_full
from cablearchive.store.graph import GraphState, Wanted
from cablearchive.store.index import (
    INDEX_DIR,
    Facets,
    Found,
    Hit,
    IndexOutdated,
    SearchIndex,
    Sort,
    index_json,
)
from cablearchive.store.lock import ArchiveLocked, is_locked, writer_lock
from cablearchive.store.lookups import Lookups
from cablearchive.store.people import PeopleState, PersonRecord, PersonSummary
from cablearchive.store.schema import (
    SCHEMA_VERSION,
    SchemaError,
    drop_secondary_indexes,
    ensure_secondary_indexes,
    migrate,
)
from cablearchive.store.similar import (
    SEMANTIC_DEPTH,
    EmbedSummary,
    Meaning,
    NoTextModel,
    SearchMode,
    Similar,
    Similarity,
    VectorCache,
    fuse,
    meaning_of,
)
from cablearchive.workers import ApartFailed, run_apart

DATABASE = "archive.sqlite3"
Outcome = Literal["new", "updated", "unchanged", "reparsed"]
ReferenceStatus = Literal["resolved", "missing", "unparsed"]
_BATCH = 500  # cables per transaction
_BULK_BATCH = 4000
_KEPT_FAILURES = 1000
_SAMPLING_BYTES = 256 << 20  # read at most this much of an input to train its dictionary
_PROGRESS_EVERY = 200  # documents between two calls of an ingest's progress callback
# A bulk load (see `Archive.ingest`) when the input is larger than this many times the
# archive's database: at that point rebuilding the read indexes once costs less than keeping
# them up to date row by row.
_BULK_RATIO = 2
# Which parser, and which reading of names beside it (people/), made a stored record (0:
# versions stored before schema v4). A text stored again whose record an older one made is
# parsed anew: outcome `reparsed`. Raised with PARSER_VERSION and whenever the names read at
# ingest change. 1: parser 1; 2: names opened by a first name, the titles of titles.csv;
# 3: those opened by a first name left to `cables enrich people`; 4: more titles (`SYG`,
# `POLCON`), and adverbs and past tenses end a titled name (`UK REP DEPLORED`).
RECORD_VERSION = 4
assert RECORD_VERSION >= PARSER_VERSION


class Rows(NamedTuple):
    """The rows a version shown puts in the query tables, and its search index document.

    (Named tuples, as `Parsed`: they cross from worker processes by the hundred thousand, and
    a tuple pickles in a fifth of a dataclass's time.)"""

    id: str
    fields: tuple[Any, ...]  # the cables row, in `_CABLE_COLUMNS` order
    tags: tuple[str, ...]
    captions: tuple[str, ...]
    signers: tuple[str, ...]
    addressees: tuple[tuple[str, int, str | None, str, str | None, str | None], ...]
    xmt: tuple[tuple[str, int, int, str], ...]  # (kind, addressee position, n, post)
    refs: tuple[tuple[int, str | None, str, str, str | None], ...]
    paragraphs: tuple[tuple[int, int | None, str | None, int], ...]
    # The `names` row (store/people.py, names_data; compressed by the worker), None: no names.
    names: bytes | None
    index_doc: str  # `index_json`: what the search index holds of it


class Parsed(NamedTuple):
    """What a worker hands the store for one cable: finished rows, compressed and picklable;
    the writer only inserts them."""

    id: str
    record: bytes  # see store/codec.py
    text: bytes  # see store/codec.py
    text_hash: str
    legacy_hash: str | None  # see legacy_text_hash
    released: str | None
    partial: bool
    warnings: int
    source: tuple[str, str, int, str | None, str | None]
    aliases: tuple[str, ...]
    rows: Rows


# The columns of the cables row after id and version, in the order of `Rows.fields`.
_CABLE_COLUMNS = (
    "subject", "created", "released", "classification", "origin", "station", "precedence",
    "signer", "partial", "warning_count", "subject_classification", "classifier_name",
    "classifier_title", "classifier_office",
)  # fmt: skip
_INSERT_CABLE = (
    f"INSERT OR REPLACE INTO cables (id, version, {', '.join(_CABLE_COLUMNS)})"
    f" VALUES ({', '.join('?' * (len(_CABLE_COLUMNS) + 2))})"
)
# The query rows of the version shown, deleted when another version (or parse) is shown.
# A model's names go with them (`names` holds both), and what the people grouping said of them.
_ROW_TABLES = (
    "tags", "captions", "addressees", "refs", "paragraphs", "signers", "xmt", "names",
    "cable_people", "enrichments", "names_pending",
)  # fmt: skip
FINGERPRINT = "xxh3:"  # what a fingerprint of `text_hash` starts with
_SPACING = b" \t\n\r\x0b\x0c"  # what bytes.split() splits at


def signers_of(cable: Cable) -> list[str]:
    """Everyone who signed: `signers`, or the one `signer` of a record made before there
    were `signers` (and of a parser that found only that one)."""
    return list(cable.signers) or ([cable.signer] if cable.signer else [])


def database_file(folder: Path) -> tuple[int, int] | None:
    """Which file the archive's database in `folder` is now (None: none there this instant)."""
    try:
        st = os.stat(folder / DATABASE)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def text_hash(data: bytes) -> str:
    """A version's fingerprint: the same text with other line breaks or spacing is the same
    version. xxh3 (128 bits; not a security boundary) of the UTF-8 text without its ASCII
    spaces, tabs and line breaks: fifteen times faster than `legacy_text_hash`."""
    return FINGERPRINT + xxhash.xxh3_128_hexdigest(data.translate(None, _SPACING))


def legacy_text_hash(text: str) -> str:
    """The fingerprint of versions stored before schema v5: SHA-256 of the text's words joined
    by single spaces. Computed only while an ingest writes into an archive that has such
    versions, so that a text stored then is found again."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class IngestContext:
    """What worker processes need besides each cable: picklable, sent once per worker."""

    packer: Packer
    legacy_hashes: bool = False  # the archive has versions fingerprinted by legacy_text_hash


def rows_of(cable: Cable, cable_id: str) -> Rows:
    classifier = cable.classifier
    groups = (("to", cable.to), ("info", cable.info))
    return Rows(
        id=cable_id,
        fields=(
            cable.subject,
            cable.created,
            cable.released,
            cable.classification,
            cable.origin,
            cable.station,
            cable.precedence,
            cable.signer,
            int(cable.partial),
            len(cable.warnings),
            cable.subject_classification,
            classifier.name if classifier else None,
            classifier.title if classifier else None,
            classifier.office if classifier else None,
        ),
        tags=tuple(cable.tags),
        captions=tuple(dict.fromkeys(cable.captions)),
        signers=tuple(signers_of(cable)),
        addressees=tuple(
            (kind, i, a.route, a.name, a.precedence, a.mcn)
            for kind, group in groups
            for i, a in enumerate(group)
        ),
        xmt=tuple(
            (kind, i, n, post)
            for kind, group in groups
            for i, a in enumerate(group)
            for n, post in enumerate(a.xmt)
        ),
        refs=tuple((i, r.label, r.raw, r.kind, r.id) for i, r in enumerate(cable.references)),
        paragraphs=tuple(
            (i, p.number, p.classification, len(p.text)) for i, p in enumerate(cable.paragraphs)
        ),
        names=people.names_data(names_of(cable, titled_rules())),
        index_doc=index_json(cable),
    )


def prepare(cable: Cable, doc: RawDocument, context: IngestContext | None) -> Parsed | Failure:
    """Turn a parsed cable into the rows the store writes (runs in worker processes)."""
    if not cable.id:
        return Failure(cable.source, "no cable id could be found or formed: not stored")
    context = context or IngestContext(Packer())
    src = cable.source
    data = doc.text.encode("utf-8")
    text, record = context.packer.pack(data, cable.to_dict(), doc.text)
    return Parsed(
        id=cable.id,
        record=record,
        text=text,
        text_hash=text_hash(data),
        legacy_hash=legacy_text_hash(doc.text) if context.legacy_hashes else None,
        released=cable.released,
        partial=cable.partial,
        warnings=len(cable.warnings),
        source=(
            src.path or "",
            src.member or "",
            -1 if src.offset is None else src.offset,
            src.format,
            src.sha256,
        ),
        aliases=tuple(a for a in cable.aliases if a != cable.id),
        rows=_packed_names(rows_of(cable, cable.id), context.packer),
    )


def _packed_names(rows: Rows, packer: Packer) -> Rows:
    return rows if rows.names is None else rows._replace(names=packer.pack_names(rows.names))


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # Texts already stored whose record an older parser made, parsed anew (RECORD_VERSION).
    reparsed: int = 0
    failed: int = 0
    with_warnings: int = 0
    embedded: int = 0  # cables given a vector (where the archive has a text model)
    failures: list[str] = field(default_factory=list)
    # Where the ingest is: the file of the last document stored and its offset there (-1
    # when the document is a whole file or archive member); for progress bars.
    at: tuple[str, int] = ("", -1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "reparsed": self.reparsed,
            "failed": self.failed,
            "with_warnings": self.with_warnings,
            "embedded": self.embedded,
        }


@dataclass(frozen=True, slots=True)
class ReferenceLink:
    label: str | None
    raw: str
    kind: str
    id: str | None
    status: ReferenceStatus


@dataclass(frozen=True, slots=True)
class VersionInfo:
    number: int  # 1 for the first text seen
    text_hash: str
    released: str | None
    partial: bool
    ingested_at: str
    current: bool
    sources: tuple[dict[str, Any], ...]


# A search by meaning whose filters match at most this many cables ranks those; more, and it
# ranks all and keeps those that match (listing 100,000 ids from the index costs more).
_LISTED_FILTER = 20_000
ENRICH_BATCH = 32  # cables a batch of `enrich_people`: a commit each, seconds of model time


@dataclass(slots=True)
class EnrichSummary:
    model: str  # the rule's and the model's `name version` (enrichment_name)
    pending: int = 0  # cables they had not read as they are
    read: int = 0
    stored: int = 0  # read and stored (a cable changed meanwhile is left for the next run)
    names: int = 0  # names the model found in them
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    people: PeopleState | None = None  # the people grouped anew after the run

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "pending": self.pending,
            "read": self.read,
            "stored": self.stored,
            "names": self.names,
            "failed": self.failed,
            "failures": list(self.failures),
            "people": self.people.to_dict() if self.people else None,
        }


# The people facet of a search counts the people of at most this many hits, the most relevant:
# 1,000 cables are a few thousand names, read in milliseconds.
PEOPLE_FACET_HITS = 1000


@dataclass(frozen=True, slots=True)
class PeopleFacet:
    people: tuple[tuple[PersonSummary, int], ...]  # most present first, with their hits
    counted: int  # the hits their people were counted in
    total: int  # all the hits

    def to_dict(self) -> dict[str, Any]:
        return {
            "people": [{**p.to_dict(), "hits": n} for p, n in self.people],
            "counted": self.counted,
            "total": self.total,
        }


@dataclass(frozen=True, slots=True)
class ExportedPeople:
    people: int  # rows of the person table
    links: int  # rows of the person-cable table
    links_path: Path  # where that table was written


@dataclass(frozen=True, slots=True)
class StoredCable:
    """A cable as the archive shows it: the record of its current version, and its links."""

    record: dict[str, Any]
    text: str
    references: tuple[ReferenceLink, ...]
    cited_by: tuple[str, ...]
    versions: tuple[VersionInfo, ...]
    # One entry per person and role (store/people.py, people_of_cable).
    people: tuple[dict[str, Any], ...] = ()

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def signers(self) -> list[str]:
        """Everyone who signed (`signers`, or the one `signer` where only that was read)."""
        r = self.record
        return list(r.get("signers") or ([r["signer"]] if r.get("signer") else []))

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.record)
        out["references"] = [
            {"label": r.label, "raw": r.raw, "kind": r.kind, "id": r.id, "status": r.status}
            for r in self.references
        ]
        out["cited_by"] = list(self.cited_by)
        out["people"] = list(self.people)
        out["versions"] = [
            {
                "number": v.number,
                "text_hash": v.text_hash,
                "released": v.released,
                "partial": v.partial,
                "ingested_at": v.ingested_at,
                "current": v.current,
                "sources": list(v.sources),
            }
            for v in self.versions
        ]
        return out


@dataclass(frozen=True, slots=True)
class SearchHit(CableSummary):
    """A cable's list line, with its score and a highlighted snippet."""

    score: float
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        # Not super(): a slotted dataclass is a new class, which zero-argument super() misses.
        return {**CableSummary.to_dict(self), "score": self.score, "snippet": self.snippet}


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[SearchHit, ...]
    facets: dict[str, tuple[tuple[str, int], ...]]
    histogram: tuple[tuple[str, int], ...]
    # The share of the matches the facets and histogram were counted on: 1.0, exact; less
    # (a phrase found in most of the archive), estimated from that sample (see store/index.py).
    facets_sample: float = 1.0
    mode: SearchMode = "text"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "total": self.total,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [[key, n] for key, n in v] for k, v in self.facets.items()},
            "histogram": [[month, n] for month, n in self.histogram],
            "facets_sample": self.facets_sample,
        }


@dataclass(frozen=True, slots=True)
class ArchiveStats:
    cables: int
    versions: int
    with_warnings: int
    by_year: tuple[tuple[str, int], ...]
    by_origin: tuple[tuple[str, int], ...]
    by_classification: tuple[tuple[str, int], ...]
    by_tag: tuple[tuple[str, int], ...]
    references: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cables": self.cables,
            "versions": self.versions,
            "with_warnings": self.with_warnings,
            "by_year": dict(self.by_year),
            "by_origin": dict(self.by_origin),
            "by_classification": dict(self.by_classification),
            "by_tag": dict(self.by_tag),
            "references": self.references,
        }


P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class History:
    """What a version's first storing recorded beside its text (`Archive.restore_history`)."""

    cable_id: str
    text_hash: str
    ingested_at: str
    record_version: int | None  # None: not known (the row is lost)
    sightings: tuple[tuple[str, str, int, str | None, str | None], ...]  # path .. sha256


def _writes(method: Callable[P, R]) -> Callable[P, R]:
    """A method of Archive that writes the archive: it holds the writer lock (store/lock.py)
    while it runs, or raises ArchiveLocked at once, naming the process that holds it."""

    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        archive = args[0]
        assert isinstance(archive, Archive)
        with archive._writer():
            try:
                return method(*args, **kwargs)
            except (DiskFull, ArchiveLocked, ArchiveReadOnly):
                raise
            except Exception as exc:
                if is_disk_full(exc, archive.folder):
                    raise DiskFull(archive.folder, archive._stored()) from exc
                raise

    return functools.update_wrapper(locked, method)


class Archive:
    """An archive folder: `archive.sqlite3` now, and the search index beside it later."""

    def __init__(
        self,
        folder: Path,
        conn: sqlite3.Connection,
        *,
        reader: bool = False,
        vectors: VectorCache | None = None,
        writer_held: bool = False,
        read_only: bool = False,
        opened: tuple[int, int] | None = None,
    ) -> None:
        self.folder = folder
        # Which file the database was when opened (`database_file`): a server reopens an
        # archive whose file was replaced since (a repair's).
        self.database_file = opened
        self.read_only = read_only  # its folder cannot be written: every write is refused
        self._conn = conn
        self._reader = reader
        self._index: SearchIndex | None = None
        # Whether the index was found in step with SQLite; a reader never rebuilds it (an
        # ingest may be writing both right now), it searches what is committed.
        self._index_checked = reader
        # Why searches may miss cables, when the index is behind and could not catch up.
        self.index_note: str | None = None
        # Whether an index of an older cablearchive was dropped on opening (a writer rebuilds
        # it from SQLite; a reader cannot, and raises IndexOutdated when it is used).
        self._index_rebuilt = False
        self._unpacker = Unpacker.of(conn)
        self._bulk = False  # a bulk load is under way (see `ingest`)
        self._lookups = Lookups(conn)
        self.similarity = Similarity(conn, folder, self._record_shown, vectors or VectorCache())
        # This archive holds the writer lock (a writer inside a writer), or its caller does
        # for it (`cables repair`, which holds it from its first read to its last move).
        self._locked = writer_held

    @contextmanager
    def _writer(self) -> Iterator[None]:
        if self.read_only:
            raise ArchiveReadOnly(self.folder)
        if self._locked:
            yield
            return
        with writer_lock(self.folder):
            self._locked = True
            try:
                yield
            finally:
                self._locked = False

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            folder = self.folder / INDEX_DIR
            try:
                self._index = SearchIndex(folder)
            except IndexOutdated:
                if self._reader:
                    raise
                # Built by an older cablearchive (other fields, or other values in them):
                # started afresh, and filled from SQLite before the first search.
                SearchIndex.wipe(folder)
                self._index = SearchIndex(folder)
                self._index_checked = False
                self._index_rebuilt = True
        return self._index

    @classmethod
    def open(
        cls,
        folder: str | Path,
        *,
        create: bool = True,
        reader: bool = False,
        vectors: VectorCache | None = None,
        writer_held: bool = False,
    ) -> Archive:
        """Open (or create) the archive in `folder`.

        `reader=True` is for servers: the archive never rebuilds its index, and may be used from
        any thread, one thread at a time (the caller lends it out, as the viewer's pool does).
        `vectors`: the similar cables' model and index shared with other archives opened on
        the same folder (a pool's), loaded once. `writer_held`: the caller holds the folder's
        writer lock (store/lock.py) for as long as this archive is open.
        """
        path = Path(folder)
        if not (path / DATABASE).exists() and not (create and not reader):
            raise FileNotFoundError(f"no archive at {path} (no {DATABASE} there)")
        path.mkdir(parents=True, exist_ok=True)
        opened = database_file(path)  # before connecting: a swap meanwhile is seen later
        if not os.access(path, os.W_OK):
            # A read-only folder (a read-only mount, a copy on a DVD): read as it is, with no
            # WAL files to make; any write is refused with a message (ArchiveReadOnly).
            conn = read_only(path / DATABASE, shared=True)
            found = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if found != SCHEMA_VERSION:
                conn.close()
                raise SchemaError(
                    f"the archive at {path} is read-only and has schema version {found}, where"
                    f" this cablearchive reads {SCHEMA_VERSION}: copy it to a writable folder"
                    " (`cables backup`) and open the copy"
                )
            return cls(path, conn, reader=True, vectors=vectors, read_only=True, opened=opened)
        conn = sqlite3.connect(path / DATABASE, isolation_level=None, check_same_thread=not reader)
        # WAL: readers (the viewer) go on while an ingest writes, and a killed writer loses
        # only its open transaction.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
        if not reader and (writer_held or not is_locked(path)):
            # A bulk load killed before its end left the read indexes out: built now (not
            # while another process writes: a bulk load under way builds them at its end).
            try:
                ensure_secondary_indexes(conn)
            except sqlite3.OperationalError as exc:
                # No room for them (a load stopped by a full disk): reading goes on without
                # them, slower; the next writer with room builds them.
                if not is_disk_full(exc):
                    raise
        return cls(
            path, conn, reader=reader, vectors=vectors, writer_held=writer_held, opened=opened
        )

    def close(self) -> None:
        full: Exception | None = None
        if self._index is not None:
            try:
                self._index.close()
            except Exception as exc:
                if not is_disk_full(exc, self.folder):
                    raise
                # The index's last documents are not committed: the next search that finds
                # it behind SQLite catches up (`_ensure_index`).
                full = exc
        stored = self._stored() if full is not None else None
        self._conn.close()
        if full is not None:
            raise DiskFull(self.folder, stored) from full

    def _stored(self) -> int | None:
        """How many cables are stored, for a message (None where even that cannot be read)."""
        try:
            return self.count()
        except sqlite3.Error:
            return None

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- writing --------------------------------------------------------------------------

    @_writes
    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        jobs: int = 1,
        limits: Limits = DEFAULT_LIMITS,
        progress: Callable[[IngestSummary], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        only: Collection[str] | None = None,
    ) -> IngestSummary:
        """Read, parse and store every document in `paths`; idempotent and resumable.
        `only`: store the cables of these ids alone (`cables repair` reads the lost ones
        again from their sources); the others are read and left.

        A text stored before is left as it is, unless an older parser made its record
        (`RECORD_VERSION`): then its record (and, when it is the version shown, the query rows
        and the index) are replaced by this parse, counted as `reparsed`. After an upgrade of
        the parser, ingesting the same sources again brings every record up to date.

        Each document that yields no cable is passed to `on_failure` as it happens (the summary
        keeps only the first `_KEPT_FAILURES` of them, so memory stays bounded).
        """
        named = [str(p) for p in paths]
        exclude = {str(self.folder): "the archive's own folder"}
        context = IngestContext(self._packer(named, limits, exclude), self._has_legacy_hashes())
        produced = process_documents(named, limits, jobs, prepare, exclude, context=context)
        results: Iterable[Parsed | Failure] = produced
        if only is not None:
            results = (r for r in produced if not isinstance(r, Parsed) or r.id in only)
        bulk = self._bulk_worthy(named)
        try:
            summary = self._store_all(results, bulk, progress, on_failure, apart=jobs > 1)
        finally:
            # Its workers stopped here, on this thread, whatever stopped the store (a full
            # disk): not by the garbage collector, on whichever thread it runs.
            produced.close()
        self._embed_changes(summary, jobs)
        return summary

    def _store_all(
        self,
        results: Iterable[Parsed | Failure],
        bulk: bool,
        progress: Callable[[IngestSummary], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        *,
        apart: bool = False,
    ) -> IngestSummary:
        """`_store`, as a bulk load when `bulk` (see `_begin_bulk`); `apart`: the load may
        group its people in a process of its own (the ingest was given several)."""
        if not bulk:
            return self._store(results, progress, on_failure)
        self._begin_bulk()
        try:
            return self._store(results, progress, on_failure, batch_size=_BULK_BATCH, apart=apart)
        except KeyboardInterrupt:
            # Stopped by hand: at once, the read indexes left to the next writer that
            # opens the archive (building them takes a minute at Cablegate's scale).
            self._end_bulk(indexes=False)
            raise
        finally:
            self._end_bulk()

    def _embed_changes(self, summary: IngestSummary, jobs: int) -> None:
        """Vectors for the cables an ingest added or changed, where the archive has a text
        model (`cables embed` trains the first: a first ingest is not made longer by it)."""
        if self.similarity.model() is None or not (
            summary.new or summary.updated or summary.reparsed
        ):
            return
        embedded = self.similarity.embed(jobs=jobs)
        summary.embedded = embedded.stored
        summary.failures.extend(embedded.failures)

    def _bulk_worthy(self, paths: list[str]) -> bool:
        """Whether the input is much larger than the archive (a first ingest, above all)."""
        size = sum(input_sizes(paths).values())
        database = (self.folder / DATABASE).stat().st_size
        return size > _BULK_RATIO * database and size > 1 << 20

    def _begin_bulk(self) -> None:
        """Settings for a load: the read indexes dropped (built once at the end), a large
        page cache, and no fsync between transactions (WAL keeps the archive whole if the
        process is killed; a power cut may lose the last transactions, which the next ingest
        of the same files writes again)."""
        c = self._conn
        self._bulk = True
        drop_secondary_indexes(c)
        c.execute("PRAGMA synchronous = OFF")
        c.execute("PRAGMA cache_size = -262144")  # 256 MiB
        self.index.set_bulk(True)

    def _end_bulk(self, *, indexes: bool = True) -> None:
        """Back to the settings of any writer, the read indexes built unless `indexes` is
        False (once: the end of the load and, should it fail, the ingest's `finally` both
        call it)."""
        if not self._bulk:
            return
        self._bulk = False
        c = self._conn
        if indexes:
            ensure_secondary_indexes(c)
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA cache_size = -2000")
        c.execute("PRAGMA optimize")
        self.index.set_bulk(False)

    def _packer(self, paths: list[str], limits: Limits, exclude: dict[str, str]) -> Packer:
        """The compressor of this ingest's texts and names: with the archive's newest
        dictionaries, or with ones trained now on the input's first texts (stored in the
        archive first, so that nothing is ever stored that its archive cannot decompress)."""
        text, names = self._dictionary("text"), self._dictionary("names")
        if text is not None and names is not None:
            return Packer(text, names)
        samples: list[bytes] = []
        read = 0
        for item in iter_blobs(paths, limits, exclude):
            docs = documents_from_blob(item) if isinstance(item, Blob) else [item]
            samples.extend(d.text.encode("utf-8") for d in docs if isinstance(d, RawDocument))
            read += len(item.data) if isinstance(item, Blob) else 0
            # Enough texts, or enough read: an input of few cables is not read twice whole.
            if len(samples) >= TRAINING_SAMPLES or read > _SAMPLING_BYTES:
                break
        samples = samples[:TRAINING_SAMPLES]
        if text is None:
            text = self._store_dictionary("text", train(samples), len(samples))
        if names is None:
            rows = _names_samples(samples)
            names = self._store_dictionary("names", train(rows, NAMES_DICTIONARY), len(rows))
        return Packer(text, names)

    def _dictionary(self, kind: str) -> bytes | None:
        row = self._conn.execute(
            "SELECT data FROM dictionaries WHERE kind = ? ORDER BY rowid DESC LIMIT 1", (kind,)
        ).fetchone()
        return None if row is None else bytes(row[0])

    def _store_dictionary(self, kind: str, dictionary: bytes | None, samples: int) -> bytes | None:
        """`dictionary` stored in the archive (its own transaction, committed before anything
        that needs it); None where there is none or its id is taken."""
        if dictionary is None:
            return None
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._conn:
            stored = self._conn.execute(
                "INSERT OR IGNORE INTO dictionaries (id, kind, data, trained_on, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (dictionary_id(dictionary), kind, dictionary, samples, now),
            ).rowcount
        # Another dictionary of the same id (one chance in four billion): none is safer.
        return dictionary if stored else None

    @_writes
    def add(self, cables: Iterable[tuple[Cable, str]]) -> IngestSummary:
        """Store cables parsed elsewhere, each with the text it was parsed from, as `ingest`
        stores what it parses: the same versions, rows, index and outcomes.

        For records made by other means than `ingest` (a caller's own parse, one with fields
        set by hand); the text is what versions are told apart by and what the viewer shows.
        """
        context = self.ingest_context()
        return self.store_prepared(
            prepare(cable, RawDocument(text=text, source=cable.source), context)
            for cable, text in cables
        )

    def ingest_context(self) -> IngestContext:
        """What `prepare` needs to make this archive's rows (its compressor, with the newest
        dictionaries it holds), for work prepared elsewhere (`store_prepared`)."""
        return IngestContext(self._packer([], DEFAULT_LIMITS, {}), self._has_legacy_hashes())

    @_writes
    def store_prepared(
        self, results: Iterable[Parsed | Failure], *, bulk: bool = False
    ) -> IngestSummary:
        """Store what `prepare` made with `ingest_context()` (in worker processes, for a
        repair's many cables), as `add` stores what it prepares itself."""
        summary = self._store_all(results, bulk)
        self._embed_changes(summary, 1)
        return summary

    @_writes
    def adopt_dictionaries(self, rows: Iterable[tuple[int, str, bytes, int, str]]) -> None:
        """Store zstd dictionaries of another archive (id, kind, data, trained_on,
        created_at), in their order: the newest of each kind compresses what is added next,
        as it did there."""
        with writing(self._conn):
            self._conn.executemany(
                "INSERT OR IGNORE INTO dictionaries (id, kind, data, trained_on, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )

    @_writes
    def restore_history(self, versions: Iterable[History]) -> int:
        """Give versions stored anew (`add`) what their first storing recorded: when they were
        ingested, which parser made their record, where they were seen. Matched by cable id
        and text fingerprint; returns how many versions were found."""
        found = 0
        c = self._conn
        with writing(c):
            for h in versions:
                row = c.execute(
                    "SELECT id FROM versions WHERE cable_id = ? AND text_hash = ?",
                    (h.cable_id, h.text_hash),
                ).fetchone()
                if row is None:
                    continue
                found += 1
                version_id = int(row[0])
                c.execute(
                    "UPDATE versions SET ingested_at = ? WHERE id = ?", (h.ingested_at, version_id)
                )
                if h.record_version is not None:
                    c.execute(
                        "UPDATE record_versions SET record_version = ? WHERE version_id = ?",
                        (h.record_version, version_id),
                    )
                c.executemany(
                    "INSERT OR IGNORE INTO sightings"
                    " (version_id, path, member, offset, format, sha256) VALUES (?, ?, ?, ?, ?, ?)",
                    [(version_id, *seen) for seen in h.sightings],
                )
        return found

    @_writes
    def record_lost(self, ids: Iterable[str]) -> None:
        """Note cables a repair could not bring back (they leave the list when stored)."""
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with writing(self._conn):
            self._conn.executemany(
                "INSERT OR IGNORE INTO lost (cable_id, since) VALUES (?, ?)",
                [(i, now) for i in ids],
            )

    def lost(self) -> list[str]:
        """The cables a repair could not bring back, not stored since."""
        return [str(r[0]) for r in self._conn.execute("SELECT cable_id FROM lost ORDER BY 1")]

    def source_paths(self) -> list[str]:
        """Every file the archive recorded reading a cable from."""
        return [str(r[0]) for r in self._conn.execute("SELECT DISTINCT path FROM sightings")]

    def _has_legacy_hashes(self) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM versions WHERE text_hash NOT LIKE ? LIMIT 1", (FINGERPRINT + "%",)
        ).fetchone()
        return row is not None

    def _store(
        self,
        results: Iterable[Parsed | Failure],
        progress: Callable[[IngestSummary], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        *,
        batch_size: int = _BATCH,
        apart: bool = False,
    ) -> IngestSummary:
        summary = IngestSummary()
        batch: list[Parsed] = []
        for result in results:
            summary.read += 1
            if progress is not None and not summary.read % _PROGRESS_EVERY:
                src = result.source
                if isinstance(src, Source):
                    summary.at = (src.path or "", -1 if src.offset is None else src.offset)
                else:
                    summary.at = (src[0], src[2])
                progress(summary)
            if isinstance(result, Failure):
                summary.failed += 1
                message = f"{result.location}: {result.message}"
                if len(summary.failures) < _KEPT_FAILURES:
                    summary.failures.append(message)
                if on_failure is not None:
                    on_failure(message)
            else:
                summary.with_warnings += result.warnings > 0
                batch.append(result)
                if len(batch) >= batch_size:
                    self._write(batch, summary)
                    batch = []
        if batch:
            self._write(batch, summary)
        # tantivy finishes its segments and merges on its own threads, and the reference graph
        # and the people are computed on other connections, while this one builds the read
        # indexes a bulk load left out and counts the overview the viewer shows; the graph and
        # the people are stored last. The graph and the grouping are Python, which one thread
        # at a time runs: with `apart` the grouping (the larger) runs in a process of its own.
        changed = bool(summary.new or summary.updated or summary.reparsed)
        changed |= self._read_pending_names() > 0
        with ThreadPoolExecutor(3, thread_name_prefix="ingest-end") as threads:
            committing = threads.submit(self.index.commit)
            database = self.folder / DATABASE
            analysing = threads.submit(graph.compute_apart, database) if changed else None
            group = _group_in_process if apart else people.compute_apart
            grouping = threads.submit(group, database) if changed else None
            try:
                self._end_bulk()
                if changed:
                    self.overview()  # counted now, so that the viewer need not
            finally:
                committing.result()
        if analysing is not None:
            graph.store(self._conn, analysing.result())
        if grouping is not None:
            people.store(self._conn, grouping.result())
        # An index of an older cablearchive dropped when this ingest opened it, or one left
        # behind SQLite (an ingest killed, or stopped by a full disk, before the index
        # committed): what this ingest did not write (unchanged texts) comes back from SQLite
        # now, so that a server, which never rebuilds, finds the index whole.
        indexed, stored = self.index.count(), self.count()
        if indexed < stored:
            self._catch_up_index()
        elif indexed > stored:
            self.reindex()
        self._index_checked = True
        if progress is not None:
            progress(summary)
        return summary

    def _write(self, batch: list[Parsed], summary: IngestSummary) -> None:
        """One transaction: cables new to the archive in a few `executemany`, the others one
        by one (their versions must be compared with those stored)."""
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        c = self._conn
        rows: dict[str, Rows] = {}  # the query rows to write, per cable, at the batch's end
        with writing(c):
            known = {
                str(r[0])
                for r in c.execute(
                    "SELECT id FROM cables WHERE id IN (SELECT value FROM json_each(?))",
                    (_json_array([p.id for p in batch]),),
                )
            }
            new: dict[str, Parsed] = {}
            again: list[Parsed] = []  # in input order, after the new ones
            for p in batch:
                if p.id in known or p.id in new:
                    again.append(p)
                else:
                    new[p.id] = p
            self._insert_new(list(new.values()), now)
            if new:  # a cable a repair had lost is back (see `record_lost`)
                c.execute(
                    "DELETE FROM lost WHERE cable_id IN (SELECT value FROM json_each(?))",
                    (_json_array(list(new)),),
                )
            summary.new += len(new)
            for p in again:
                outcome = self._write_one(p, now, rows)
                if outcome == "new":
                    summary.new += 1
                elif outcome == "updated":
                    summary.updated += 1
                elif outcome == "reparsed":
                    summary.reparsed += 1
                else:
                    summary.unchanged += 1
            self._write_rows(rows.values())
        # The index follows SQLite; if this process dies before the index commits, the counts
        # differ and the next search rebuilds the index from SQLite. The new cables' documents
        # go first: a later version of one in this batch replaces its document.
        self.index.add(p.rows.index_doc for p in new.values())
        self.index.put((r.id, r.index_doc) for r in rows.values())

    def _insert_new(self, new: list[Parsed], now: str) -> None:
        """Store cables the archive has no version of: each text is their first version."""
        if not new:
            return
        c = self._conn
        first = int(c.execute("SELECT coalesce(max(id), 0) + 1 FROM versions").fetchone()[0])
        ids = range(first, first + len(new))
        c.executemany(
            "INSERT INTO versions (id, cable_id, text_hash, text, record, released, partial,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (v, p.id, p.text_hash, p.text, p.record, p.released, int(p.partial), now)
                for v, p in zip(ids, new, strict=True)
            ],
        )
        c.executemany(
            "INSERT INTO record_versions (version_id, record_version) VALUES (?, ?)",
            [(v, RECORD_VERSION) for v in ids],
        )
        c.executemany(
            "INSERT OR IGNORE INTO sightings (version_id, path, member, offset, format, sha256)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(v, *p.source) for v, p in zip(ids, new, strict=True)],
        )
        c.executemany(
            "INSERT OR REPLACE INTO aliases (alias, cable_id) VALUES (?, ?)",
            [(alias, p.id) for p in new for alias in p.aliases],
        )
        c.executemany(
            _INSERT_CABLE, [(p.id, v, *p.rows.fields) for v, p in zip(ids, new, strict=True)]
        )
        self._write_rows(p.rows for p in new)

    def _write_one(self, p: Parsed, now: str, rows: dict[str, Rows]) -> Outcome:
        """Store `p`; when the version shown changes, note what to show in `rows`."""
        c = self._conn
        # The versions row is found in its (cable_id, text_hash) index alone, as before.
        row = c.execute(
            "SELECT v.id, coalesce(r.record_version, 0) FROM versions v"
            " LEFT JOIN record_versions r ON r.version_id = v.id"
            " WHERE v.cable_id = ? AND v.text_hash IN (?, ?)",
            (p.id, p.text_hash, p.legacy_hash or p.text_hash),
        ).fetchone()
        existed = c.execute("SELECT version FROM cables WHERE id = ?", (p.id,)).fetchone()
        outcome: Outcome
        if row is not None and int(row[1]) >= RECORD_VERSION:
            version_id = int(row[0])
            outcome = "unchanged"
        elif row is not None:
            # The same text, parsed by an older parser: this parse replaces its record (and
            # its text, stored again with it: they are one zstd frame).
            version_id = int(row[0])
            c.execute(
                "UPDATE versions SET text = ?, record = ?, released = ?, partial = ? WHERE id = ?",
                (p.text, p.record, p.released, int(p.partial), version_id),
            )
            outcome = "reparsed"
        else:
            version_id = int(
                c.execute(
                    "INSERT INTO versions (cable_id, text_hash, text, record, released, partial,"
                    " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (p.id, p.text_hash, p.text, p.record, p.released, int(p.partial), now),
                ).lastrowid
                or 0
            )
            outcome = "updated" if existed else "new"
        if outcome != "unchanged":
            c.execute(
                "INSERT OR REPLACE INTO record_versions (version_id, record_version) VALUES (?, ?)",
                (version_id, RECORD_VERSION),
            )
        c.execute(
            "INSERT OR IGNORE INTO sightings (version_id, path, member, offset, format, sha256)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (version_id, *p.source),
        )
        for alias in p.aliases:
            c.execute(
                "INSERT OR REPLACE INTO aliases (alias, cable_id) VALUES (?, ?)", (alias, p.id)
            )
        if outcome == "unchanged":
            return outcome
        current = self._current_version(p.id)
        # The version shown is the same, and so are its rows: unless it is the one reparsed.
        if existed is not None and int(existed[0]) == current and current != version_id:
            return outcome
        shown = p.rows if current == version_id else self._rows_of_version(current)
        self._show(shown, current, replacing=existed is not None)
        rows[p.id] = shown
        return outcome

    def _current_version(self, cable_id: str) -> int:
        """The version shown: complete texts before partial extracts, then the latest release,
        then the latest ingested."""
        row = self._conn.execute(
            "SELECT id FROM versions WHERE cable_id = ? "
            "ORDER BY partial ASC, released IS NULL ASC, released DESC, id DESC LIMIT 1",
            (cable_id,),
        ).fetchone()
        return int(row[0])

    def _rows_of_version(self, version_id: int) -> Rows:
        record = self._record_of_version(version_id)
        return rows_of(cable_from_record(record), str(record["id"]))

    def _record_of_version(self, version_id: int) -> dict[str, Any]:
        record, text = self._conn.execute(
            "SELECT record, text FROM versions WHERE id = ?", (version_id,)
        ).fetchone()
        return self._unpacker.record(record, text)

    def _show(self, rows: Rows, version_id: int, *, replacing: bool) -> None:
        """Make `version_id` the version shown for `rows.id`; its query rows are written by
        `_write_rows` at the end of the batch (one statement per table, not per cable)."""
        c = self._conn
        c.execute(_INSERT_CABLE, (rows.id, version_id, *rows.fields))
        if replacing:
            for table in _ROW_TABLES:
                c.execute(f"DELETE FROM {table} WHERE cable_id = ?", (rows.id,))

    def _write_rows(self, shown: Iterable[Rows]) -> None:
        c = self._conn
        shown = list(shown)
        c.executemany(
            "INSERT INTO tags (cable_id, position, tag, created) VALUES (?, ?, ?, ?)",
            [(p.id, i, t, p.fields[1]) for p in shown for i, t in enumerate(p.tags)],
        )
        c.executemany(
            "INSERT INTO captions (cable_id, caption) VALUES (?, ?)",
            [(p.id, cap) for p in shown for cap in p.captions],
        )
        c.executemany(
            "INSERT INTO addressees (cable_id, kind, position, route, name, precedence, mcn)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(p.id, *a) for p in shown for a in p.addressees],
        )
        c.executemany(
            "INSERT INTO signers (cable_id, position, name) VALUES (?, ?, ?)",
            [(p.id, i, name) for p in shown for i, name in enumerate(p.signers)],
        )
        c.executemany(
            "INSERT INTO xmt (cable_id, kind, position, n, post) VALUES (?, ?, ?, ?, ?)",
            [(p.id, *x) for p in shown for x in p.xmt],
        )
        c.executemany(
            "INSERT INTO refs (cable_id, position, label, raw, kind, ref_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(p.id, *r) for p in shown for r in p.refs],
        )
        c.executemany(
            "INSERT INTO paragraphs (cable_id, position, number, classification, length)"
            " VALUES (?, ?, ?, ?, ?)",
            [(p.id, *par) for p in shown for par in p.paragraphs],
        )
        c.executemany(
            "INSERT INTO names (cable_id, data) VALUES (?, ?)",
            [(p.id, p.names) for p in shown if p.names is not None],
        )

    # --- reading --------------------------------------------------------------------------

    def resolve(self, name: str) -> str | None:
        """The id a name means: an id in the archive, an alias, or a canonical form of it."""
        c = self._conn
        for candidate in dict.fromkeys((name.strip(), name.strip().upper())):
            if c.execute("SELECT 1 FROM cables WHERE id = ?", (candidate,)).fetchone():
                return candidate
            row = c.execute("SELECT cable_id FROM aliases WHERE alias = ?", (candidate,)).fetchone()
            if row:
                return str(row[0])
        canon = canonical_id(name)
        if canon and c.execute("SELECT 1 FROM cables WHERE id = ?", (canon,)).fetchone():
            return canon
        return None

    def get(self, name: str) -> StoredCable | None:
        """The cable `name` (an id or alias), with resolved references and backlinks."""
        cable_id = self.resolve(name)
        if cable_id is None:
            return None
        c = self._conn
        version, record, text = c.execute(
            "SELECT v.id, v.record, v.text FROM cables c JOIN versions v ON v.id = c.version"
            " WHERE c.id = ?",
            (cable_id,),
        ).fetchone()
        raw = self._unpacker.text_bytes(text)
        return StoredCable(
            record=current_form(self._unpacker.record(record, text)),
            text=raw.decode("utf-8"),
            references=tuple(self.references(cable_id)),
            cited_by=tuple(self.cited_by(cable_id)),
            versions=tuple(self._versions(cable_id, int(version))),
            people=tuple(people.people_of_cable(c, cable_id)),
        )

    def _record_shown(self, cable_id: str) -> dict[str, Any] | None:
        """The record of the version shown of `cable_id` (None: not in the archive)."""
        row = self._conn.execute(
            "SELECT v.record, v.text FROM cables c JOIN versions v ON v.id = c.version"
            " WHERE c.id = ?",
            (cable_id,),
        ).fetchone()
        return None if row is None else current_form(self._unpacker.record(row[0], row[1]))

    def similar(self, name: str, limit: int = 10, *, reasons: bool = True) -> Similar | None:
        """The cables most like `name` (an id or alias; None: not in the archive), best first,
        each with the passages of the two that match best."""
        cable_id = self.resolve(name)
        if cable_id is None:
            return None
        return self.similarity.similar(cable_id, limit, reasons=reasons)

    @_writes
    def embed(self, **options: Any) -> EmbedSummary:
        """`Similarity.embed`: a vector for every cable without a current one."""
        return self.similarity.embed(**options)

    def references(self, cable_id: str) -> Iterator[ReferenceLink]:
        rows = self._conn.execute(
            "SELECT r.label, r.raw, r.kind, r.ref_id, c.id IS NOT NULL FROM refs r"
            " LEFT JOIN cables c ON c.id = r.ref_id WHERE r.cable_id = ? ORDER BY r.position",
            (cable_id,),
        )
        for label, raw, kind, ref_id, present in rows:
            status: ReferenceStatus = (
                "unparsed"
                if kind != "cable" or ref_id is None
                else "resolved"
                if present
                else "missing"
            )
            yield ReferenceLink(label, raw, kind, ref_id, status)

    def cited_by(self, cable_id: str) -> list[str]:
        """The cables in the archive whose REF lines cite `cable_id`."""
        return [
            str(r[0])
            for r in self._conn.execute(
                "SELECT DISTINCT cable_id FROM refs WHERE ref_id = ? ORDER BY cable_id",
                (cable_id,),
            )
        ]

    def _versions(self, cable_id: str, current: int) -> Iterator[VersionInfo]:
        c = self._conn
        rows = c.execute(
            "SELECT id, text_hash, released, partial, ingested_at FROM versions"
            " WHERE cable_id = ? ORDER BY id",
            (cable_id,),
        ).fetchall()
        for number, (vid, thash, released, partial, ingested) in enumerate(rows, 1):
            sources = tuple(
                {
                    "path": path,
                    "member": member or None,
                    "offset": None if offset < 0 else offset,
                    "format": fmt,
                    "sha256": sha,
                }
                for path, member, offset, fmt, sha in c.execute(
                    "SELECT path, member, offset, format, sha256 FROM sightings"
                    " WHERE version_id = ? ORDER BY path, member, offset",
                    (vid,),
                )
            )
            yield VersionInfo(
                number, thash, released, bool(partial), ingested, vid == current, sources
            )

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: Sort = "relevance",
        facets: bool = False,
        mode: SearchMode = "text",
    ) -> SearchResults:
        """Cables matching `query` (the query language of search/query.py); raises QueryError
        with where and why for a query that cannot be read.

        `mode`: `text`, the words' cables by relevance; `semantic`, the cables whose meaning
        is nearest the query's free words (its field filters, `tag:PTER`, choose the cables
        searched), the SEMANTIC_DEPTH nearest; `hybrid`, the text and meaning rankings fused
        by reciprocal rank. Facets count every hit of a ranking by meaning. Raises
        NoTextModel for a search by meaning in an archive without a text model."""
        node = parse_query(query)
        self._ensure_index()
        if mode != "text":
            return self._search_by_meaning(query, node, mode, limit, offset, facets)
        graph = self._lookups
        # The facets are counted on another thread while the hits are found and their snippets
        # made, started once the search is under way (a heavy one's second thread first).
        counting: list[Future[Facets]] = []

        def start_facets() -> None:
            counting.append(self.index.start_facets(node, graph))

        found = self.index.search(
            node, limit=limit, offset=offset, sort=sort, graph=graph,
            started=start_facets if facets else None,
        )  # fmt: skip
        if facets and not counting:  # hits remembered: the search never started
            start_facets()
        hits = tuple(self._summaries(found, highlight_terms(node)))
        if not counting:
            return SearchResults(query, found.total, hits, {}, ())
        counted = counting[0].result()
        return SearchResults(
            query, found.total, hits, counted.counts, counted.histogram, counted.sample
        )

    def _search_by_meaning(
        self, query: str, node: Node, mode: SearchMode, limit: int, offset: int, facets: bool
    ) -> SearchResults:
        meaning = meaning_of(node)
        near = self._nearest_in(meaning)
        if mode == "semantic":
            ranked = near
        else:
            _total, by_text = self.index.top_ids(node, SEMANTIC_DEPTH, self._lookups)
            ranked = fuse([by_text, [i for i, _ in near]])
        ids = [i for i, _ in ranked]
        scores = dict(ranked)
        found = Found(len(ids), tuple(Hit(i, scores[i]) for i in ids[offset : offset + limit]))
        hits = tuple(self._summaries(found, highlight_terms(node)))
        if not facets or not ids:
            return SearchResults(query, len(ids), hits, {}, (), mode=mode)
        counted = self.index.facets_of_ids(ids)
        return SearchResults(query, len(ids), hits, counted.counts, counted.histogram, mode=mode)

    def _nearest_in(self, meaning: Meaning) -> list[tuple[str, float]]:
        """The cables nearest `meaning`'s words among those its filters match: where they
        match few, among those; where many, the nearest of all kept if they match (a list of
        a hundred thousand ids costs more than ranking every vector), widened as needed."""
        sim = self.similarity
        if meaning.filters is None:
            near = sim.nearest_to_text(meaning.text, None)
        else:
            matched = self.index.match_count(meaning.filters, self._lookups)
            if matched <= _LISTED_FILTER:
                allowed = self.index.matching_ids(meaning.filters, self._lookups) if matched else []
                near = sim.nearest_to_text(meaning.text, allowed)
            else:
                share = matched / max(1, self.index.count())
                depth = int(SEMANTIC_DEPTH / share * 2)
                while True:
                    wide = sim.nearest_to_text(meaning.text, None, depth)
                    if wide is None:
                        break
                    kept = self.index.which_match(
                        meaning.filters, [i for i, _ in wide], self._lookups
                    )
                    near = [(i, v) for i, v in wide if i in kept][:SEMANTIC_DEPTH]
                    if len(near) == SEMANTIC_DEPTH or len(wide) < depth:
                        break
                    depth *= 4
                if wide is None:
                    near = None
        if near is None:
            raise NoTextModel()
        return near

    def _ensure_index(self) -> None:
        """Rebuild the index from SQLite if an ingest died before the index committed; checked
        once per opening (counting 250,000 rows on every search would cost milliseconds)."""
        if not self._index_checked:
            indexed, stored = self.index.count(), self.count()
            if indexed != stored:
                try:
                    # A writer at work (ArchiveLocked): its commit brings the index up to date;
                    # a read-only archive's is searched as it is.
                    with contextlib.suppress(ArchiveLocked, ArchiveReadOnly):
                        if indexed < stored:
                            self._catch_up_index()
                        else:
                            self.reindex()
                except DiskFull:
                    # Searches go on over what the index holds, and say so.
                    self.index.abandon()
                    self.index_note = (
                        f"the search index holds {self.index.count():,} of the archive's"
                        f" {stored:,} cables and cannot catch up: the disk is full; searches"
                        " miss the others until there is room and a search or `cables"
                        " reindex` runs again"
                    )
            self._index_checked = True

    @_writes
    def _catch_up_index(self) -> None:
        """Index the cables SQLite holds and the index lacks (an ingest killed, or stopped by
        a full disk, before the index committed), then rebuild it whole if it still differs
        (a cable indexed that SQLite lacks)."""
        indexed = set(self.index.all_ids())
        missing = [i for i in sorted(self.ids()) if i not in indexed]
        for at in range(0, len(missing), _BATCH):
            rows = self._conn.execute(
                "SELECT v.record, v.text FROM cables c JOIN versions v ON v.id = c.version"
                " WHERE c.id IN (SELECT value FROM json_each(?))",
                (_json_array(missing[at : at + _BATCH]),),
            )
            self.index.add(
                index_json(cable_from_record(self._unpacker.record(r, t))) for r, t in rows
            )
        self.index.commit()
        if self.index.count() != self.count():
            self.reindex()

    def _summaries(self, found: Found, terms: list[tuple[str, bool]]) -> Iterator[SearchHit]:
        for hit in found.hits:
            row = self._conn.execute(
                "SELECT c.subject, c.created, c.classification, c.origin, v.text FROM cables c"
                " JOIN versions v ON v.id = c.version WHERE c.id = ?",
                (hit.id,),
            ).fetchone()
            if row is None:
                continue  # indexed but not (or no longer) in SQLite: the rebuild will drop it
            # The snippet comes from the original text: smaller to unpack than the record.
            text = self._unpacker.text(row[4])
            yield SearchHit(hit.id, row[0], row[1], row[2], row[3], hit.score, snippet(text, terms))

    @_writes
    def reindex(self) -> int:
        """Rebuild the search index from SQLite; returns the number of cables indexed."""
        if self._index is not None:
            self._index.commit()
            self._index = None
        SearchIndex.wipe(self.folder / INDEX_DIR)
        n = 0
        rows = self._conn.execute(
            "SELECT v.record, v.text FROM cables c JOIN versions v ON v.id = c.version"
            " ORDER BY c.id"
        )
        unpack = self._unpacker
        batch: list[str] = []
        for record, text in rows:
            cable = cable_from_record(unpack.record(record, text))
            batch.append(index_json(cable))
            if len(batch) >= _BATCH:
                self.index.add(batch)
                n += len(batch)
                batch = []
        self.index.add(batch)
        n += len(batch)
        self.index.commit()
        self._index_checked = True
        return n

    def records(self, query: str | None = None) -> Iterator[dict[str, Any]]:
        """The records (of the versions shown) that `query` selects, all when it is None; by id.

        Streams from SQLite, so an export of the whole archive holds one record at a time.
        """
        if query is None:
            ids: Iterable[str] = (
                str(r[0]) for r in self._conn.execute("SELECT id FROM cables ORDER BY id")
            )
        else:
            node = parse_query(query)
            self._ensure_index()
            ids = sorted(self.index.matching_ids(node, self._lookups))
        reader = self._conn.cursor()
        for cable_id in ids:
            row = reader.execute(
                "SELECT v.record, v.text FROM cables c JOIN versions v ON v.id = c.version"
                " WHERE c.id = ?",
                (cable_id,),
            ).fetchone()
            if row is not None:
                yield current_form(self._unpacker.record(row[0], row[1]))

    def matching_ids(self, query: str) -> list[str]:
        """The ids of every cable `query` matches, in no order; raises QueryError."""
        node = parse_query(query)
        self._ensure_index()
        return self.index.matching_ids(node, self._lookups)

    def export(self, query: str | None, fmt: Format, path: str | Path) -> int:
        """Write the records `query` selects to `path` as JSON lines, CSV or Parquet."""
        return write_export(self.records(query), fmt, Path(path))

    def version_text(self, name: str, number: int) -> tuple[VersionInfo, str] | None:
        """Version `number` (1 for the first text seen) of a cable and its original text."""
        cable_id = self.resolve(name)
        if cable_id is None:
            return None
        current = self._conn.execute("SELECT version FROM cables WHERE id = ?", (cable_id,))
        versions = list(self._versions(cable_id, int(current.fetchone()[0])))
        if not 1 <= number <= len(versions):
            return None
        info = versions[number - 1]
        row = self._conn.execute(
            "SELECT text FROM versions WHERE cable_id = ? AND text_hash = ?",
            (cable_id, info.text_hash),
        ).fetchone()
        return info, self._unpacker.text(row[0])

    # --- browsing (store/browse.py) ---------------------------------------------------------

    def groups(self, dimension: Dimension) -> tuple[tuple[str, int], ...]:
        """Each origin, tag, classification, year, month or release day with its count."""
        return browse.groups(self._conn, dimension)

    def cables_in(
        self,
        dimension: Dimension,
        value: str,
        *,
        limit: int = 50,
        offset: int = 0,
        total: int | None = None,
    ) -> Page:
        """A page of the cables of one group, newest first (`total`: the group's size, when
        known from the overview; counted otherwise)."""
        return browse.cables_in(
            self._conn, dimension, value, limit=limit, offset=offset, total=total
        )

    def most_cited(self, limit: int = 20) -> tuple[tuple[CableSummary, int], ...]:
        return browse.most_cited(self._conn, limit)

    def summaries(self, ids: list[str]) -> dict[str, CableSummary]:
        return browse.summaries(self._conn, ids)

    # --- people (people/, stored by store/people.py) ------------------------------------------

    @_writes
    def group_people(self) -> PeopleState:
        """Group every name of the archive into people anew (each ingest that changes the
        archive does, and `cables enrich people`)."""
        self._read_pending_names()
        found = people.store(self._conn, people.compute(self._conn))
        if self._index is not None:
            self._index.forget_cached()  # `person:` searches read the people
        return found

    def _read_pending_names(self) -> int:
        """Read the names of cables stored before there were names (schema v7) from their
        records, once; how many cables were read."""
        c = self._conn
        done = 0
        while True:
            batch = c.execute(
                "SELECT c.id, v.record, v.text FROM names_pending p JOIN cables c ON c.id ="
                " p.cable_id JOIN versions v ON v.id = c.version LIMIT ?",
                (_BATCH,),
            ).fetchall()
            if not batch:
                c.execute("DELETE FROM names_pending")  # ids no longer in the archive
                return done
            rows: list[tuple[str, bytes]] = []
            for cable_id, record, text in batch:
                cable = cable_from_record(current_form(self._unpacker.record(record, text)))
                data = people.names_data(names_of(cable, titled_rules()))
                if data is not None:
                    rows.append((cable_id, data))
            with writing(c):
                c.executemany("INSERT OR REPLACE INTO names (cable_id, data) VALUES (?, ?)", rows)
                c.executemany(
                    "DELETE FROM names_pending WHERE cable_id = ?", [(r[0],) for r in batch]
                )
            done += len(batch)

    @_writes
    def enrich_people(
        self,
        model_dir: str | Path | None,
        *,
        jobs: int = 1,
        scheduler: str | None = None,
        limit: int | None = None,
        batch_size: int = ENRICH_BATCH,
        progress: Callable[[EnrichSummary], None] | None = None,
    ) -> EnrichSummary:
        """Read every cable the first-name rule and the people model (in `model_dir`; None:
        the rule alone) have not read as it is now, with `jobs` processes here or on the Dask
        cluster at `scheduler`; store their names beside the parser's (each batch committed
        as it comes: a killed run loses only the batches in flight, and the next run goes
        on), then group the people anew. Raises ModelError for a folder that holds no usable
        model, EnrichError for a cluster that cannot be used."""
        # Imported here: spaCy and Dask load in seconds, and only this command needs them.
        from cablearchive.enrich.runner import Done, Task, run_batches

        if model_dir is None:
            model_name = None
            task = Task(people_in)
        else:
            from cablearchive.people.model import PersonModel, load_model

            model = PersonModel.load(model_dir)
            model_name = f"{model.name} {model.version}"
            task = Task(people_in, str(Path(model_dir).resolve()), load_model)
        summary = EnrichSummary(enrichment_name(model_name))
        todo = list(enrichments.pending(self._conn, enrichments.PEOPLE, summary.model))
        summary.pending = len(todo)
        chosen = todo if limit is None else todo[:limit]

        def batches() -> Iterator[list[Item]]:
            for at in range(0, len(chosen), batch_size):
                yield [self._paragraphs_of(i, v) for i, v in chosen[at : at + batch_size]]

        for outcome in run_batches(batches(), task, jobs=jobs, scheduler=scheduler):
            if isinstance(outcome, Done):
                summary.read += len(outcome.batch)
                summary.stored += enrichments.write_people(
                    self._conn, summary.model, model_name, outcome.results
                )
                summary.names += sum(len(names) for _i, _v, names in outcome.results)
            else:
                summary.failed += len(outcome.batch)
                summary.failures.append(outcome.message)
            if progress is not None:
                progress(summary)
        if summary.stored:
            summary.people = self.group_people()
        return summary

    def _paragraphs_of(self, cable_id: str, version: int) -> Item:
        record, text = self._conn.execute(
            "SELECT record, text FROM versions WHERE id = ?", (version,)
        ).fetchone()
        form = current_form(self._unpacker.record(record, text))
        # The surnames the cable's own fields name: a model's name of ordinary words is kept
        # when one of them is its surname (`LODGE` signing, `LODGE` in the text).
        names = [*form["signers"], *(t for t in form["tags"] if is_person_tag(t))]
        if form["classifier"] and form["classifier"].get("name"):
            names.append(form["classifier"]["name"])
        named = tuple(sorted({r.surname for r in map(read_name, names) if r is not None}))
        return Item(cable_id, version, tuple(str(p["text"]) for p in form["paragraphs"]), named)

    def people_state(self) -> PeopleState | None:
        """When the people were grouped, and whether the archive changed since (None: never)."""
        return people.people_state(self._conn)

    def people(
        self,
        text: str | None = None,
        *,
        role: str | None = None,
        post: str | None = None,
        year: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[PersonSummary]]:
        """People whose names hold the words of `text` (all: None), most present first, with
        how many match; `role`, `post` and `year` keep those with such cables."""
        return people.list_people(
            self._conn, text, role=role, post=post, year=year, limit=limit, offset=offset
        )

    def person(self, key: str) -> PersonRecord | None:
        return people.person_record(self._conn, key)

    def person_cables(
        self, key: str, role: str | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[tuple[CableSummary, tuple[str, ...]]]]:
        """A person's cables newest first, each with the person's roles in it; and how many."""
        total, rows = people.person_cable_ids(self._conn, key, role, limit, offset)
        found = browse.summaries(self._conn, [cable_id for cable_id, _ in rows])
        return total, [(found[i], roles) for i, roles in rows if i in found]

    def export_people(self, query: str | None, fmt: Format, path: str | Path) -> ExportedPeople:
        """Write the person table of the cables `query` selects (all without one) to `path`,
        and the person-cable table beside it (`people-cables.csv` for `people.csv`)."""
        ids = None if query is None else self.matching_ids(query)
        target = Path(path)
        links_path = target.with_name(f"{target.stem}-cables{target.suffix}")
        numbers = None if ids is None else people.people_of_cables(self._conn, ids)
        written = write_table(
            people.people_rows(self._conn, numbers), PEOPLE_COLUMNS, PEOPLE_LISTS, fmt, target
        )
        links = write_table(
            people.person_cable_rows(self._conn, ids),
            PERSON_CABLE_COLUMNS,
            PERSON_CABLE_LISTS,
            fmt,
            links_path,
        )
        return ExportedPeople(written, links, links_path)

    def top_people(self, cable_ids: list[str], limit: int = 10) -> list[tuple[PersonSummary, int]]:
        """The people named in most of `cable_ids`."""
        return people.top_people(self._conn, cable_ids, limit)

    def people_facet(self, query: str, limit: int = 10) -> PeopleFacet:
        """The people most present in the hits of `query` (counted in the `PEOPLE_FACET_HITS`
        most relevant where there are more); raises QueryError."""
        node = parse_query(query)
        self._ensure_index()
        total, ids = self.index.top_ids(node, PEOPLE_FACET_HITS, self._lookups)
        return PeopleFacet(tuple(self.top_people(ids, limit)), len(ids), total)

    # --- the reference graph (graph/, stored by store/graph.py) ----------------------------

    @_writes
    def analyse(self) -> GraphState:
        """Compute the reference graph anew (each ingest that changes the archive does)."""
        found = graph.analyse(self._conn)
        if self._index is not None:
            self._index.forget_cached()  # searches by `cited:` and `rank:` read the graph
        return found

    def graph_state(self) -> GraphState | None:
        """When the graph was computed, and whether the archive changed since (None: never)."""
        return graph.state(self._conn)

    def measures(self, name: str) -> NodeMetrics | None:
        """Citations in and out, rank and thread of a cable, or of a cable cited but missing."""
        return graph.metrics(self._conn, self.resolve(name) or _cited_id(name))

    def thread_size(self, number: int) -> int:
        """How many cables (ghosts included) a thread of the graph holds, all links followed."""
        return graph.component_size(self._conn, number)

    def thread(
        self, name: str, depth: int = DEFAULT_DEPTH, limit: int = DEFAULT_LIMIT
    ) -> Thread | None:
        """The cables `name` cites and those citing it, both ways, up to `depth` citations
        away and `limit` cables (cut to their bounds, with a note saying so); cited cables
        missing from the archive are ghost nodes. None when the archive neither holds nor
        cites `name`."""
        root = self.resolve(name)
        if root is None:
            ghost = _cited_id(name)
            cited = self._conn.execute(
                "SELECT 1 FROM refs WHERE ref_id = ? AND kind = 'cable' LIMIT 1", (ghost,)
            ).fetchone()
            if cited is None:
                return None
            root = ghost
        walk = follow_thread(
            root, lambda ids: graph.citations_touching(self._conn, ids), depth, limit
        )
        steps = dict(walk.found)
        known = {
            s.id: ThreadNode(
                s.id, steps[s.id], True, s.subject, s.created, s.classification, s.origin
            )
            for s in browse.summaries(self._conn, list(steps)).values()
        }
        return thread_of(walk, known)

    def wanted(
        self, limit: int = 50, offset: int = 0, citing: int | None = 20
    ) -> tuple[int, tuple[Wanted, ...]]:
        """Cables the archive cites but lacks, most cited first, and how many there are; with
        the first `citing` cables citing each (None: all of them)."""
        return graph.wanted(self._conn, limit, offset, citing)

    def ghost(self, name: str) -> Wanted | None:
        """What the archive knows of a cable it cites but lacks: who cites it, from where."""
        cable_id = _cited_id(name)
        if self.resolve(cable_id) is not None:
            return None
        return graph.ghost(self._conn, cable_id)

    def network(self, query: str | None = None, year: str | None = None) -> Network:
        """Who wrote to whom in the cables `query` matches (all of them: None), counted per
        year (only `year`, if given); raises QueryError for a query that cannot be read."""
        ids = None if query is None or not query.strip() else self.matching_ids(query)
        rows = graph.network_rows(self._conn, ids)
        if year is not None:
            rows = (r for r in rows if r[2] == year)
        sent = graph.sent_counts(self._conn, ids, year)
        # With a year, only that year's cables count, and those are the ones `sent` counted
        # (len(ids) would count the query's cables of every year).
        cables = len(ids) if ids is not None and year is None else sum(n for _, n in sent)
        return build_network(rows, sent, cables)

    def generation(self) -> int:
        return browse.generation(self._conn)

    def overview(self, top: int = 15) -> dict[str, Any]:
        """The archive at a glance, as JSON-ready data: the statistics of `stats()`, the most
        cited cables and every browse group with its count.

        Each ingest stores it; it is counted again (and stored, unless this archive is a
        reader) only when the archive changed since.
        """
        current = self.generation()
        found = browse.stored_overview(self._conn, current)
        if found is not None:
            return found
        value = {
            "stats": self.stats(top=top).to_dict(),
            "most_cited": [[c.to_dict(), n] for c, n in self.most_cited(top)],
            "groups": {d: [[k, n] for k, n in self.groups(d)] for d in browse.DIMENSIONS},
        }
        if not self._reader:
            browse.store_overview(self._conn, current, value)
        return value

    def ids(self) -> set[str]:
        """The id of every cable stored."""
        return {str(r[0]) for r in self._conn.execute("SELECT id FROM cables")}

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM cables").fetchone()[0])

    def stats(self, top: int = 20) -> ArchiveStats:
        c = self._conn

        def grouped(sql: str) -> tuple[tuple[str, int], ...]:
            return tuple((str(k), int(n)) for k, n in c.execute(sql, (top,)))

        refs = dict(
            c.execute(
                "SELECT CASE WHEN r.kind != 'cable' OR r.ref_id IS NULL THEN 'unparsed'"
                " WHEN c.id IS NOT NULL THEN 'resolved' ELSE 'missing' END AS status, count(*)"
                " FROM refs r LEFT JOIN cables c ON c.id = r.ref_id GROUP BY status"
            ).fetchall()
        )
        return ArchiveStats(
            cables=self.count(),
            versions=int(c.execute("SELECT count(*) FROM versions").fetchone()[0]),
            with_warnings=int(
                c.execute("SELECT count(*) FROM cables WHERE warning_count > 0").fetchone()[0]
            ),
            by_year=grouped(
                "SELECT coalesce(substr(created, 1, 4), 'unknown') AS y, count(*) FROM cables"
                " GROUP BY y ORDER BY y LIMIT ?"
            ),
            by_origin=grouped(
                "SELECT coalesce(origin, 'unknown') AS o, count(*) AS n FROM cables"
                " GROUP BY o ORDER BY n DESC, o LIMIT ?"
            ),
            by_classification=grouped(
                "SELECT coalesce(classification, 'unknown') AS k, count(*) AS n FROM cables"
                " GROUP BY k ORDER BY n DESC, k LIMIT ?"
            ),
            by_tag=grouped(
                "SELECT tag, count(*) AS n FROM tags GROUP BY tag ORDER BY n DESC, tag LIMIT ?"
            ),
            references={k: int(v) for k, v in refs.items()},
        )


def _group_in_process(database: Path) -> people.Grouped:
    """The people grouped in a process of their own (`run_apart`), or here should that
    process fail to give them (it cannot start, or runs out of memory): the same result."""
    try:
        grouped = run_apart("cablearchive.store.people:rows_apart", str(database))
    except (ApartFailed, OSError, pickle.UnpicklingError):
        return people.compute_apart(database)
    return cast(people.Grouped, grouped)


def _names_samples(texts: list[bytes]) -> list[bytes]:
    """The `names` rows of the cables of `texts`: what the names' dictionary is trained on."""
    rules = titled_rules()
    rows = []
    for text in texts:
        try:
            data = people.names_data(names_of(parse_cable(text.decode("utf-8")), rules))
        except Exception:  # a text the parser fails on is reported by the ingest, not here
            continue
        if data is not None:
            rows.append(data)
    return rows


def _json_array(values: list[str]) -> str:
    return orjson.dumps(values).decode("utf-8")


def current_form(record: dict[str, Any]) -> dict[str, Any]:
    """A stored record with the keys of today's contract: records stored before the parser's
    second pass have no `subject_classification`, `classifier` nor `signers` (their parser
    found at most one signer: `signer`). Records that have them are returned as they are."""
    if "signers" in record:
        return record
    out = dict(record)
    out.setdefault("subject_classification", None)
    out.setdefault("classifier", None)
    out["signers"] = [record["signer"]] if record.get("signer") else []
    return out


def cable_from_record(record: dict[str, Any]) -> Cable:
    """A `Cable` back from its JSON form (to rebuild a version's rows)."""
    fields = current_form(record)
    if fields is record:
        fields = dict(record)
    fields["from_"] = fields.pop("from")
    fields["to"] = [Addressee(**a) for a in fields["to"]]
    fields["info"] = [Addressee(**a) for a in fields["info"]]
    fields["references"] = [Reference(**r) for r in fields["references"]]
    fields["paragraphs"] = [Paragraph(**p) for p in fields["paragraphs"]]
    fields["source"] = Source(**fields["source"])
    if (classifier := fields["classifier"]) is not None:
        fields["classifier"] = Classifier(**classifier)
    return Cable(**fields)


def _cited_id(name: str) -> str:
    """The id a name of a cable the archive may lack is cited by: its canonical form, where
    one can be made (`09 STATE 47316`), else the name as an id is written."""
    return canonical_id(name) or name.strip().upper()
