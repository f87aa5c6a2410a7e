"""The search index: tantivy, beside the SQLite file, rebuilt from SQLite whenever needed.

SQLite is the system of record; the index holds what search needs (words, facet values, dates)
and is never the only copy of anything. An index written by another version of this module
(other fields, or other values in them) is not read: `INDEX_VERSION` in a file beside it says
which wrote it, and a writer rebuilds it from SQLite (see `Archive.index`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import orjson
import tantivy

from cablearchive.parse import Cable
from cablearchive.parse.model import Classifier
from cablearchive.search.query import Node
from cablearchive.search.translate import to_tantivy

INDEX_DIR = "index"
FACETS = ("tag", "origin", "classification", "caption", "month")
Sort = Literal["relevance", "date", "-date"]
# (counts by facet, hits by month)
Facets = tuple[dict[str, tuple[tuple[str, int], ...]], tuple[tuple[str, int], ...]]
_WRITER_HEAP = 256_000_000
# A bulk load's writer: two indexing threads (tantivy splits the heap among them), so that
# the main process hands documents over while they are indexed.
_BULK_HEAP = 600_000_000
_BULK_THREADS = 2
# Bump it with any change to the fields below or to what `search_document` puts in them.
# 1: the index before this number was written; 2: every signer in `signer`, `classifier`,
# `tag_words` (issue 8).
INDEX_VERSION = 2
VERSION_FILE = "cablearchive-index.json"


class IndexOutdated(Exception):
    """The search index was written by another version of cablearchive: it must be rebuilt
    from SQLite (`cables reindex`) before it can be searched."""

    def __init__(self, folder: Path, found: int | None) -> None:
        older = found is None or found < INDEX_VERSION
        wrote = "an older cablearchive" if older else "a newer cablearchive"
        super().__init__(
            f"the search index at {folder} was built by {wrote} (index version {found or 1},"
            f" this one reads {INDEX_VERSION}): `cables reindex` rebuilds it from the archive"
        )
        self.found = found


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    b.add_text_field("subject", stored=False)
    b.add_text_field("body")  # snippets come from SQLite: the index stays small
    b.add_text_field("tag", tokenizer_name="raw", fast=True)
    b.add_text_field("origin", tokenizer_name="raw", fast=True)
    b.add_text_field("origin_words")
    b.add_text_field("classification", tokenizer_name="raw", fast=True)
    b.add_text_field("class_words")
    b.add_text_field("caption", tokenizer_name="raw", fast=True)
    b.add_text_field("caption_words")
    b.add_text_field("from")
    b.add_text_field("to")
    b.add_text_field("signer")  # every signer, one value each
    b.add_text_field("classifier")  # the classifier's name, title and office, one value each
    b.add_text_field("tag_words")  # the words of tags written in words: `RICE, CONDOLEEZZA`
    b.add_text_field("ref", tokenizer_name="raw")
    b.add_text_field("month", tokenizer_name="raw", fast=True)
    b.add_date_field("created", indexed=True, fast=True)
    b.add_date_field("released", indexed=True, fast=True)
    return b.build()


def search_document(cable: Cable) -> dict[str, Any]:
    """What the index holds of a cable, field by field, as tantivy reads it from JSON
    (`index_json`); absent values are left out."""
    doc: dict[str, Any] = {
        "id": cable.id,
        "subject": cable.subject or "",
        "body": cable.body,
        "tag": list(cable.tags),
        "from": cable.from_ or "",
        "to": " | ".join(a.name for a in [*cable.to, *cable.info]),
        "signer": list(cable.signers) or ([cable.signer] if cable.signer else []),
        "classifier": _classifier_values(cable.classifier),
        "tag_words": [t for t in cable.tags if " " in t],
        "ref": [r.id for r in cable.references if r.id],
    }
    if cable.origin:
        doc["origin"] = doc["origin_words"] = cable.origin
    if cable.classification:
        doc["classification"] = cable.classification
        doc["class_words"] = cable.classification.replace("//", " ")
    captions = list(dict.fromkeys(cable.captions))
    doc["caption"] = doc["caption_words"] = captions
    for name, value in (("created", cable.created), ("released", cable.released)):
        if (moment := _datetime(value)) is not None:
            doc[name] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
            if name == "created":
                doc["month"] = moment.strftime("%Y-%m")
    return doc


def index_json(cable: Cable) -> str:
    """The cable's index document as the JSON `IndexWriter.add_json` takes: made in worker
    processes, so that the writer only hands it to tantivy."""
    return orjson.dumps(search_document(cable)).decode("utf-8")


def _classifier_values(classifier: Classifier | None) -> list[str]:
    if classifier is None:
        return []
    return [v for v in (classifier.name, classifier.title, classifier.office) if v]


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float


@dataclass(frozen=True, slots=True)
class Found:
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    histogram: tuple[tuple[str, int], ...] = ()  # hits by month of creation


class SearchIndex:
    def __init__(self, folder: Path) -> None:
        """Open the index in `folder`, or create it there; raises IndexOutdated when another
        version of cablearchive wrote it."""
        self.folder = folder
        self.schema = _schema()
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / VERSION_FILE
        if tantivy.Index.exists(str(folder)):
            found = _written_version(marker)
            if found != INDEX_VERSION:
                raise IndexOutdated(folder, found)
            try:
                self._index = tantivy.Index(self.schema, str(folder))
            except ValueError as exc:  # the same number, other fields: a forgotten bump
                raise IndexOutdated(folder, found) from exc
        else:
            self._index = tantivy.Index(self.schema, str(folder))
            marker.write_text(json.dumps({"index_version": INDEX_VERSION}) + "\n")
        self._writer: tantivy.IndexWriter | None = None
        self._heap, self._threads = _WRITER_HEAP, 1
        # Facet counts run on a second thread while the hits and snippets are made: tantivy
        # releases the GIL, and on two cores this hides most of the aggregation's time.
        self._facet_pool: ThreadPoolExecutor | None = None

    # --- writing --------------------------------------------------------------------------

    def put(self, docs: Iterable[tuple[str, str]]) -> None:
        """Add documents (`(id, index_json)`), replacing any with the same id."""
        writer = self._writer_open()
        for cable_id, doc in docs:
            writer.delete_documents_by_term("id", cable_id)
            writer.add_json(doc)

    def add(self, docs: Iterable[str]) -> None:
        """Add documents (`index_json`) whose ids the index cannot hold yet: no cable of
        theirs is in the archive, and the index holds no cable that SQLite lacks."""
        writer = self._writer_open()
        for doc in docs:
            writer.add_json(doc)

    def set_bulk(self, bulk: bool) -> None:
        """A bulk load gives tantivy more memory and threads (fewer, larger segments to
        merge); the next writer opened uses them."""
        self._heap, self._threads = (_BULK_HEAP, _BULK_THREADS) if bulk else (_WRITER_HEAP, 1)

    def close(self) -> None:
        self.commit()
        if self._facet_pool is not None:
            self._facet_pool.shutdown()
            self._facet_pool = None

    def start_facets(self, node: Node) -> Future[Facets]:
        """Count the facets of `node`'s matches on another thread; `.result()` gives them."""
        if self._facet_pool is None:
            self._facet_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="facets")
        query = to_tantivy(node, self.schema)
        return self._facet_pool.submit(self._facets, self._index.searcher(), query)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self._index.reload()

    def _writer_open(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self._index.writer(self._heap, self._threads)
        return self._writer

    @staticmethod
    def wipe(folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    # --- reading --------------------------------------------------------------------------

    def count(self) -> int:
        self._index.reload()
        return int(self._index.searcher().num_docs)

    def search(
        self,
        node: Node,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: Sort = "relevance",
        facets: bool = False,
    ) -> Found:
        query = to_tantivy(node, self.schema)
        searcher = self._index.searcher()
        if sort == "relevance":
            result = searcher.search(query, limit, count=True, offset=offset)
        else:
            order = tantivy.Order.Asc if sort == "date" else tantivy.Order.Desc
            result = searcher.search(
                query, limit, count=True, offset=offset, order_by_field="created", order=order
            )
        # Sorted by date, the "score" is the date, absent for an undated cable.
        hits = tuple(
            Hit(searcher.doc(address)["id"][0], float(score or 0.0))
            for score, address in result.hits
        )
        found_facets: dict[str, tuple[tuple[str, int], ...]] = {}
        histogram: tuple[tuple[str, int], ...] = ()
        if facets:
            found_facets, histogram = self._facets(searcher, query)
        total = result.count  # type: ignore[attr-defined]  # missing from tantivy's stubs
        return Found(int(total or 0), hits, found_facets, histogram)

    def matching_ids(self, node: Node) -> list[str]:
        """Every id the query matches (for exports: no ranking, no limit)."""
        query = to_tantivy(node, self.schema)
        searcher = self._index.searcher()
        total = searcher.search(query, 1, count=True).count  # type: ignore[attr-defined]
        if not total:
            return []
        result = searcher.search(query, int(total), count=False)
        return [searcher.doc(address)["id"][0] for _score, address in result.hits]

    def _facets(self, searcher: tantivy.Searcher, query: tantivy.Query) -> Facets:
        spec: dict[str, Any] = {
            name: {"terms": {"field": name, "size": 25}} for name in FACETS if name != "month"
        }
        spec["month"] = {"terms": {"field": "month", "size": 2000, "order": {"_key": "asc"}}}
        result = searcher.aggregate(query, spec)
        facets = {
            name: tuple((str(b["key"]), int(b["doc_count"])) for b in result[name]["buckets"])
            for name in FACETS
        }
        return facets, facets["month"]


def _written_version(marker: Path) -> int | None:
    """The INDEX_VERSION that wrote an index; None for one written before there was one."""
    try:
        value = json.loads(marker.read_text(encoding="utf-8"))["index_version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return value if isinstance(value, int) else None


def _datetime(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        # fromisoformat is C code; strptime was a tenth of the index's time at scale.
        return datetime.fromisoformat(iso).replace(tzinfo=None)
    except ValueError:
        return None
