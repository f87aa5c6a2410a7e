"""The search index: tantivy, beside the SQLite file, rebuilt from SQLite whenever needed.

SQLite is the system of record; the index holds what search needs (words, facet values, dates)
and is never the only copy of anything. An index written by another version of this module
(other fields, or other values in them) is not read: `INDEX_VERSION` in a file beside it says
which wrote it, and a writer rebuilds it from SQLite (see `Archive.index`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import struct
import threading
import zlib
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol, TypeVar

import orjson
import tantivy
import xxhash

from cablearchive.parse import Cable
from cablearchive.parse.model import Classifier
from cablearchive.search.query import Measure, Node, Phrase, Term
from cablearchive.search.translate import (
    MeasuredIds,
    NoGraph,
    measures_in,
    phrases,
    reads_positions,
    to_tantivy,
)

INDEX_DIR = "index"
FACETS = ("tag", "origin", "classification", "caption", "month")
Sort = Literal["relevance", "date", "-date", "cited", "rank"]
GraphSort = Literal["cited", "rank"]


class Facets(NamedTuple):
    counts: dict[str, tuple[tuple[str, int], ...]]  # by facet: its values and their counts
    histogram: tuple[tuple[str, int], ...]  # hits by month of creation
    # The share of the matches counted: 1.0 when the counts are exact; otherwise each count
    # is the count in that sample divided by it (see `_facets`).
    sample: float = 1.0


_WRITER_HEAP = 256_000_000
# A bulk load's writer: a larger heap, so fewer segments to write and merge. One indexing
# thread (tantivy's own: the main process hands documents over while they are indexed) keeps
# up with the workers on two cores, and a second one cost more than it gave. The first 100,000
# cables of the scale corpus, in four pairs of runs taken in turn (a noisy machine): with two
# threads (segments of 200 MB each: four at the end) 64.4, 64.7, 75.4, 70.8 s and tantivy's
# threads 17-22 s of CPU; with one (two segments) 58.6, 60.1, 66.2, 68.3 s and 14-18 s.
_BULK_HEAP = 400_000_000
_BULK_THREADS = 1
# Bump it with any change to the fields below or to what `search_document` puts in them.
# 1: the index before this number was written; 2: every signer in `signer`, `classifier`,
# `tag_words` (issue 8); 3: `part`; 4: `turn`, by runs of documents added, not by the id.
INDEX_VERSION = 4
VERSION_FILE = "cablearchive-index.json"
# How many values each facet shows (the month facet: all of them, for the histogram).
FACET_SIZE = 25
# Terms aggregations return at most this many values of a field per segment; more would make
# their counts approximate, and a facet counted that way is counted again term by term.
_AGG_TERMS = 10_000
# Each cable is in one of eight turns (`turn`) and one of sixteen parts (`part`, by a hash of
# its id) of the index. A phrase whose rarest word is in at least `HEAVY_PHRASE` cables reads
# positions in most of the archive (`"the government"`: 37 ms on Cablegate); such a search runs
# turn by turn on two threads, each taking the next turn left, and counts its facets on a
# sixteenth on a third, scaled up and marked as estimates (see `_facets`), where exact counts
# would add 25 ms. A sample with fewer dated cables than `LEAST_SAMPLED` is too small to scale
# up: the facets are then counted on all the matches.
#
# A turn is every eighth run of `_RUN` documents, in the order they were added: a phrase's
# words are then read in one turn's runs and skipped in the others', where parts drawn by a
# hash of the id made each part's search check the phrase in cables of the others as it
# stepped to its next one (two halves so drawn took 22 ms each of the whole's 37; as runs,
# 19.6). Eight, not two: the third thread, counting the facets, shares a core with one of the
# others, and two halves finished 8 ms apart (the search 29.7-30.3 ms); four quarters finished
# 6-7 ms apart; eight turns of 5 ms, each taken by whichever thread is free, finish within a
# millisecond or two of each other (27.9 ms, the same hour). The sixteenths stay drawn by hash:
# they are a sample, and runs of the input, which is often in order of date, would sample some
# months and miss others.
_PARTS = 16
_TURNS = 8
_RUN = 1024
HEAVY_PHRASE = 60_000
LEAST_SAMPLED = 200
# Searches (and their facets) remembered per state of the index: the archive is read-only
# between ingests, and people page through, refine and come back to the same searches.
_CACHED = 128


class Lookups(Protocol):
    """What a search reads beside the index, kept in SQLite: the reference graph
    (store/graph.py) and the person records (store/people.py); see store/lookups.py."""

    @property
    def stamp(self) -> str: ...  # changes when the graph or the people are computed anew

    # The cables of `cited:...`, `rank:...`, and of `person:...` (`signer:`, `classifier:`).
    def ids(self, node: Measure | Term | Phrase) -> list[str]: ...

    # The cables in order of citations (those cited at all) or of rank, with their places.
    def order(self, measure: GraphSort) -> tuple[list[str], dict[str, int]]: ...

    def measures(self, ids: list[str]) -> dict[str, tuple[int, int]]: ...  # (cited, rank)


# A search sorted by citations or rank with at most this many matches reads them all and
# sorts them; one with more walks the graph's order in growing slices until a page is full.
_SORT_ALL = 5000
_FIRST_SLICE = 512


# tantivy's words when the index's folder refuses it the lock file it takes to open it.
_CANNOT_OPEN = ("ReadOnlyFilesystem", "Read-only file system", "PermissionDenied")


class IndexUnavailable(Exception):
    """The search index cannot be read now: searches are refused with this message, the
    rest of the archive reads (`read_only`: its folder cannot be written, and tantivy writes a
    lock file to open an index; `gone`: its files vanished, removed or being rebuilt)."""

    @classmethod
    def read_only(cls, folder: Path, exc: Exception) -> IndexUnavailable:
        return cls(
            f"the search index at {folder} cannot be opened on a folder that cannot be"
            f" written ({exc}): searches need a writable copy of the archive (`cables backup"
            " DEST`); showing, browsing and exporting cables work as they are"
        )

    @classmethod
    def damaged(cls, folder: Path, exc: BaseException) -> IndexUnavailable:
        return cls(
            f"the search index at {folder} is damaged ({str(exc)[:200]}): `cables repair`"
            " rebuilds it from the database; showing and browsing cables work as they are"
        )

    @classmethod
    def gone(cls, folder: Path, exc: Exception) -> IndexUnavailable:
        return cls(
            f"the search index at {folder} cannot be read now ({exc}): it is being rebuilt, or"
            " its files are gone (`cables repair` rebuilds it); showing and browsing cables"
            " work as they are"
        )


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
    b.add_text_field("part", tokenizer_name="raw", index_option="basic")  # see _PARTS
    b.add_text_field("turn", tokenizer_name="raw", index_option="basic")  # set by the writer
    return b.build()


def search_document(cable: Cable) -> dict[str, Any]:
    """What the index holds of a cable, field by field, as tantivy reads it from JSON
    (`index_json`); absent values are left out."""
    doc: dict[str, Any] = {
        "id": cable.id,
        "subject": cable.subject or "",
        "body": cable.body,
        "tag": list(dict.fromkeys(cable.tags)),  # once each: facets count cables
        "from": cable.from_ or "",
        "to": " | ".join(a.name for a in [*cable.to, *cable.info]),
        "signer": list(cable.signers) or ([cable.signer] if cable.signer else []),
        "classifier": _classifier_values(cable.classifier),
        "tag_words": [t for t in cable.tags if " " in t],
        "ref": [r.id for r in cable.references if r.id],
        "part": parts_of(cable.id or ""),
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


def parts_of(cable_id: str) -> list[str]:
    """The sixteenth (`s0` ... `s15`) of the index a cable is in (its turn is given by the
    writer, `SearchIndex._with_turn`)."""
    return [f"s{xxhash.xxh3_64_intdigest(cable_id.encode('utf-8')) % _PARTS}"]


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
    facets_sample: float = 1.0  # see Facets.sample


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
            except ValueError as exc:
                if any(words in str(exc) for words in _CANNOT_OPEN):
                    raise IndexUnavailable.read_only(folder, exc) from exc
                raise IndexOutdated(folder, found) from exc  # other fields: a forgotten bump
        else:
            self._index = tantivy.Index(self.schema, str(folder))
            marker.write_text(json.dumps({"index_version": INDEX_VERSION}) + "\n")
        self._writer: tantivy.IndexWriter | None = None
        self._added = 0  # documents in the index and added since (see `_with_turn`)
        self._heap, self._threads = _WRITER_HEAP, 1
        # Facet counts run on another thread while the hits and snippets are made, and a
        # heavy search's turns on a third as well: tantivy releases the GIL, and on two cores
        # this hides most of the aggregation's time.
        self._pool: ThreadPoolExecutor | None = None
        # (Tests lower both to search small archives in parts.)
        self.heavy_phrase, self.least_sampled = HEAVY_PHRASE, LEAST_SAMPLED
        # The searcher moves to a new commit only when `_searcher` sees one (meta.json
        # replaced), so results remembered for a state of the index are dropped in the same
        # step: with tantivy's own reloading, a search could not tell which state it read.
        self._index.config_reader("Manual", 0)
        self._stamp = _commit_stamp(folder)
        self._cache = _Cache(_CACHED)

    # --- writing --------------------------------------------------------------------------

    def put(self, docs: Iterable[tuple[str, str]]) -> None:
        """Add documents (`(id, index_json)`), replacing any with the same id."""
        writer = self._writer_open()
        for cable_id, doc in docs:
            writer.delete_documents_by_term("id", cable_id)
            writer.add_json(self._with_turn(doc))

    def add(self, docs: Iterable[str]) -> None:
        """Add documents (`index_json`) whose ids the index cannot hold yet: no cable of
        theirs is in the archive, and the index holds no cable that SQLite lacks."""
        writer = self._writer_open()
        for doc in docs:
            writer.add_json(self._with_turn(doc))

    def _with_turn(self, doc: str) -> str:
        """`doc` (a JSON object, never empty: it has an `id`) with its turn, `t0` to `t7`,
        the next every `_RUN` documents added (see `_RUN`)."""
        turn = (self._added // _RUN) % _TURNS
        self._added += 1
        return f'{doc[:-1]},"turn":"t{turn}"}}'

    def abandon(self) -> None:
        """Drop what was added since the last commit (a write that failed, the disk full):
        the writer and its lock go, the index stays at its last commit."""
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.rollback()
            self._writer = None
        self._reload()

    def set_bulk(self, bulk: bool) -> None:
        """A bulk load gives tantivy more memory and threads (fewer, larger segments to
        merge); the next writer opened uses them."""
        self._heap, self._threads = (_BULK_HEAP, _BULK_THREADS) if bulk else (_WRITER_HEAP, 1)

    def close(self) -> None:
        if self._writer is not None:  # a reader has nothing to commit, nor to reload
            self.commit()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def start_facets(self, node: Node, graph: Lookups | None = None) -> Future[Facets]:
        """Count the facets of `node`'s matches on another thread; `.result()` gives them."""
        searcher = self._searcher()
        epoch = self._cache.epoch
        key = ("facets", node, _graph_stamp(node, graph))
        if (known := self._cache.get(key)) is not None:
            done: Future[Facets] = Future()
            done.set_result(known)
            return done
        # The queries are made here: a graph lookup reads SQLite, whose connection stays on
        # the caller's thread.
        measured = graph.ids if graph is not None else None
        whole = to_tantivy(node, self.schema, measured=measured)
        sampled = None
        if self._is_heavy(searcher, node):
            part = _part_query(self.schema, "s0")
            sampled = to_tantivy(node, self.schema, part, measured)
        positional = reads_positions(node)
        least = self.least_sampled

        def count() -> Facets:
            counted = None
            if sampled is not None:
                counted = _facets(searcher, sampled, True, 1 / _PARTS)
                if sum(n for _, n in counted.histogram) * counted.sample < least:
                    counted = None
            if counted is None:
                counted = _facets(searcher, whole, positional)
            return self._cache.put(key, counted, epoch)

        return self._threads_pool().submit(count)

    def _threads_pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search")
        return self._pool

    def _is_heavy(self, searcher: tantivy.Searcher, node: Node) -> bool:
        """Whether a phrase of the query reads the positions of its words in at least
        `heavy_phrase` cables (those that have its rarest word, at most)."""
        for fields, words in phrases(node):
            known = min(max(searcher.doc_freq(f, w) for f in fields) for w in words)
            if known >= self.heavy_phrase:
                return True
        return False

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self._reload()

    def _writer_open(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self._index.writer(self._heap, self._threads)
            # The runs go on from the documents already there (as last read: near enough), so
            # that small ingests one after another fill the turns alike.
            self._added = int(self._index.searcher().num_docs)
        return self._writer

    @staticmethod
    def wipe(folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    # --- reading --------------------------------------------------------------------------

    def count(self) -> int:
        self._reload()
        return int(self._index.searcher().num_docs)

    def forget_cached(self) -> None:
        """Drop the searches remembered (benchmarks time them uncached this way)."""
        self._cache.clear()

    def _searcher(self) -> tantivy.Searcher:
        """A searcher of the last commit; remembered results go when a commit is seen (another
        process's ingest, whose commits replace meta.json)."""
        if _commit_stamp(self.folder) != self._stamp:
            try:
                self._reload()
            except ValueError as exc:
                self._stamp = _UNREAD  # tried again at the next search
                raise IndexUnavailable.gone(self.folder, exc) from exc
        return _Guarded(self._index.searcher(), self.folder)  # type: ignore[return-value]

    def _reload(self) -> None:
        # The stamp is read before reloading: a commit between the two is newer than the
        # stamp, so the next search sees the change again (and reloads again) instead of
        # keeping results of a state it never recorded.
        self._stamp = _commit_stamp(self.folder)
        self._cache.clear()
        self._index.reload()

    def search(
        self,
        node: Node,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: Sort = "relevance",
        facets: bool = False,
        graph: Lookups | None = None,
        started: Callable[[], object] | None = None,
    ) -> Found:
        """The hits of `node`; `graph` is needed for `cited:` and `rank:` and to sort by them
        (NoGraph otherwise). `started` is called once the search is under way on every thread
        it takes, before this thread's part runs (not at all for hits remembered): a caller
        starts its facets then, so that they do not hold back the start of a heavy search's
        second thread."""
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must be 0 or more, not {limit} and {offset}")
        searcher = self._searcher()
        epoch = self._cache.epoch
        key = ("hits", node, limit, offset, sort, _graph_stamp(node, graph, sort))
        found: Found | None = self._cache.get(key)
        if found is None:
            measured = graph.ids if graph is not None else None
            if sort == "cited" or sort == "rank":
                if graph is None:
                    raise NoGraph(f"sorting by {sort} needs the archive's reference graph")
                query = to_tantivy(node, self.schema, measured=measured)
                if started is not None:
                    started()
                found = _top_by_graph(searcher, self.schema, query, graph, sort, limit, offset)
            elif self._is_heavy(searcher, node):
                found = self._top_by_turns(searcher, node, limit, offset, sort, measured, started)
            else:
                query = to_tantivy(node, self.schema, measured=measured)
                if started is not None:
                    started()
                found = _top(searcher, query, limit, offset, sort)
            found = self._cache.put(key, found, epoch)
        if facets:
            counted = self.start_facets(node, graph).result()
            return Found(found.total, found.hits, counted.counts, counted.histogram, counted.sample)
        return found

    def _top_by_turns(
        self,
        searcher: tantivy.Searcher,
        node: Node,
        limit: int,
        offset: int,
        sort: Sort,
        measured: MeasuredIds | None,
        started: Callable[[], object] | None = None,
    ) -> Found:
        """`_top`, run turn by turn on this thread and another, each taking the next turn
        left, and merged: the same hits in the same order, in about half the time on two
        cores."""
        need = limit + offset
        left = deque(
            to_tantivy(node, self.schema, _part_query(self.schema, f"t{t}", "turn"), measured)
            for t in range(_TURNS)
        )
        done: list[tuple[int, list[_Ranked]]] = []

        def take() -> None:
            while True:
                try:
                    query = left.popleft()  # deque: atomic between threads
                except IndexError:
                    return
                done.append(_ranked(searcher, query, need, sort))

        other = self._threads_pool().submit(take)
        if started is not None:
            started()
        take()
        other.result()
        merged = sorted(hit for _total, hits in done for hit in hits)
        return _found(searcher, merged[offset:need], sum(total for total, _hits in done))

    def top_ids(self, node: Node, n: int, graph: Lookups | None = None) -> tuple[int, list[str]]:
        """How many cables `node` matches, and the ids of the `n` most relevant."""
        query = to_tantivy(node, self.schema, measured=graph.ids if graph is not None else None)
        searcher = self._searcher()
        result = searcher.search(query, n, count=True)
        total = int(result.count or 0)  # type: ignore[attr-defined]
        return total, [searcher.doc(address)["id"][0] for _score, address in result.hits]

    def facets_of_ids(self, ids: Sequence[str]) -> Facets:
        """The facets of the cables `ids` (a search by meaning's hits: a list, not a query)."""
        query = tantivy.Query.term_set_query(self.schema, "id", list(ids))
        return _facets(self._searcher(), query, True)

    def which_match(self, node: Node, ids: Sequence[str], graph: Lookups | None = None) -> set[str]:
        """Those of `ids` (a few thousand at most) that `node` matches."""
        if not ids:
            return set()
        query = tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Must,
                    to_tantivy(node, self.schema, measured=graph.ids if graph else None),
                ),
                (tantivy.Occur.Must, tantivy.Query.term_set_query(self.schema, "id", list(ids))),
            ]
        )
        searcher = self._searcher()
        result = searcher.search(query, len(ids), count=False)
        return {searcher.doc(address)["id"][0] for _score, address in result.hits}

    def match_count(self, node: Node, graph: Lookups | None = None) -> int:
        """How many cables `node` matches."""
        query = to_tantivy(node, self.schema, measured=graph.ids if graph is not None else None)
        return int(self._searcher().search(query, 1, count=True).count or 0)  # type: ignore[attr-defined]

    def all_ids(self) -> list[str]:
        """The id of every cable indexed (for `cables check`)."""
        searcher = self._searcher()
        total = int(searcher.num_docs)
        if not total:
            return []
        result = searcher.search(tantivy.Query.all_query(), total, count=False)
        return [searcher.doc(address)["id"][0] for _score, address in result.hits]

    def matching_ids(self, node: Node, graph: Lookups | None = None) -> list[str]:
        """Every id the query matches (for exports: no ranking, no limit)."""
        query = to_tantivy(node, self.schema, measured=graph.ids if graph is not None else None)
        searcher = self._searcher()
        total = searcher.search(query, 1, count=True).count  # type: ignore[attr-defined]
        if not total:
            return []
        result = searcher.search(query, int(total), count=False)
        return [searcher.doc(address)["id"][0] for _score, address in result.hits]


def _top(
    searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int, sort: Sort
) -> Found:
    result = _search(searcher, query, limit, offset, sort)
    total = result.count  # type: ignore[attr-defined]  # missing from tantivy's stubs
    return _found(searcher, result.hits[:limit], int(total or 0))


def _search(
    searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int, sort: Sort
) -> tantivy.SearchResult:
    """The hits of `query` (at least one asked for: tantivy panics at none; a caller that
    wants the count alone drops it)."""
    limit = max(limit, 1)
    if sort == "relevance":
        return searcher.search(query, limit, count=True, offset=offset)
    order = tantivy.Order.Asc if sort == "date" else tantivy.Order.Desc
    return searcher.search(
        query, limit, count=True, offset=offset, order_by_field="created", order=order
    )


# A hit as `_ranked` gives it: what orders it first (the order tantivy gives, ties by address),
# then its score and address.
_Ranked = tuple[tuple[Any, ...], Any, tantivy.DocAddress]


def _ranked(
    searcher: tantivy.Searcher, query: tantivy.Query, limit: int, sort: Sort
) -> tuple[int, list[_Ranked]]:
    """The first `limit` hits of `query` (and how many it matches), each with a key that sorts
    hits of parts of the index as tantivy sorts the hits of one: by score (or date), ties
    by address. An undated cable, sorted by date, comes last either way."""
    result = _search(searcher, query, limit, 0, sort)
    ranked: list[_Ranked] = []
    for score, address in result.hits:
        where = (address.segment_ord, address.doc)
        if sort == "relevance":
            key: tuple[Any, ...] = (-score, *where)
        elif score is None:
            key = (1, 0, *where)
        else:
            key = (0, score if sort == "date" else -score, *where)
        ranked.append((key, score, address))
    total = result.count  # type: ignore[attr-defined]
    return int(total or 0), ranked


def _found(
    searcher: tantivy.Searcher,
    hits: Iterable[tuple[Any, tantivy.DocAddress]] | list[_Ranked],
    total: int,
) -> Found:
    # Sorted by date, the "score" is the date, absent for an undated cable.
    out = tuple(Hit(searcher.doc(hit[-1])["id"][0], float(hit[-2] or 0.0)) for hit in hits)
    return Found(total, out)


def _graph_stamp(node: Node, graph: Lookups | None, sort: Sort = "relevance") -> str | None:
    """What a remembered search depends on of the graph: nothing, unless it reads it."""
    if graph is None or not (sort in ("cited", "rank") or measures_in(node)):
        return None
    return graph.stamp


def _top_by_graph(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    query: tantivy.Query,
    graph: Lookups,
    sort: GraphSort,
    limit: int,
    offset: int,
) -> Found:
    """The hits of `query` most cited (or highest ranked) first; those the order leaves out
    (never cited, or added since the graph was computed) after them, by relevance. Each hit's
    score is its citation count (or its place by rank)."""
    total = int(searcher.search(query, 1, count=True).count or 0)  # type: ignore[attr-defined]
    order, places = graph.order(sort)
    need = offset + limit
    if total <= _SORT_ALL:
        ids = _ids(searcher, searcher.search(query, max(total, 1), count=False).hits)
        last = len(order)
        ranked = sorted(range(len(ids)), key=lambda i: (places.get(ids[i], last), i))
        page = [ids[i] for i in ranked][offset:need]
    else:
        page = _walk_order(searcher, schema, query, order, places, need)[offset:need]
    measures = graph.measures(page)
    slot = 0 if sort == "cited" else 1
    hits = tuple(Hit(i, float(measures[i][slot]) if i in measures else 0.0) for i in page)
    return Found(total, hits)


def _walk_order(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    query: tantivy.Query,
    order: list[str],
    places: dict[str, int],
    need: int,
) -> list[str]:
    """The first `need` matches of `query` in `order`, found slice by slice (each slice four
    times the last): a broad query fills a page from the first slice."""
    found: list[str] = []
    start, size = 0, _FIRST_SLICE
    while len(found) < need and start < len(order):
        chosen = tantivy.Query.term_set_query(schema, "id", order[start : start + size])
        both = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.Must, chosen)]
        )
        ids = _ids(searcher, searcher.search(both, size, count=False).hits)
        found += sorted(ids, key=places.__getitem__)
        start, size = start + size, size * 4
    if len(found) < need:  # the rest, by relevance
        every = tantivy.Query.term_set_query(schema, "id", order)
        rest = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.MustNot, every)]
        )
        found += _ids(searcher, searcher.search(rest, need - len(found), count=False).hits)
    return found


def _ids(searcher: tantivy.Searcher, hits: list[tuple[Any, tantivy.DocAddress]]) -> list[str]:
    return [str(searcher.doc(address)["id"][0]) for _, address in hits]


def _part_query(schema: tantivy.Schema, part: str, field: str = "part") -> tantivy.Query:
    """The cables of one part (or `turn`) of the index, adding nothing to a hit's score."""
    return tantivy.Query.const_score_query(tantivy.Query.term_query(schema, field, part), 0.0)


def _facets(
    searcher: tantivy.Searcher, query: tantivy.Query, positional: bool, sample: float = 1.0
) -> Facets:
    """Counts of the matches by facet value: the FACET_SIZE most frequent values of each (ties
    by value), and every month, in order. Exact, unless `query` matches a `sample` of them
    only (one part of the index, for a heavy phrase): then each count is the sample's divided
    by `sample`, rounded, and the facets say so.

    Counted without reading a stored document: single-valued fields (origin, classification,
    month) by a terms aggregation over their columns, in one pass over the matches; tags and
    captions, several a cable, from their postings (each tag's list of cables, checked against
    the matches), which costs a few milliseconds whatever the number of matches, where the
    aggregation's walk of a multi-valued column costs about 70 ns a match. A query that reads
    positions (a phrase) costs more to run again than that walk: all is counted in one pass.
    """
    in_columns = FACETS if positional else ("origin", "classification", "month")
    counts = _aggregated(searcher, query, in_columns)
    scale = 1.0 / sample
    for name in FACETS:
        if name not in counts:  # by postings: exact, ties by value, deleted cables left out
            limit = None if name == "month" else FACET_SIZE
            found = searcher.terms_with_prefix(name, "", filter_query=query, limit=limit)
            counts[name] = {str(value): int(n) for value, n in found}
    if sample != 1.0:
        counts = {
            name: {value: round(n * scale) for value, n in values.items()}
            for name, values in counts.items()
        }
    facets = {
        name: tuple(sorted(counts[name].items()))
        if name == "month"
        else tuple(sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE])
        for name in FACETS
    }
    return Facets(facets, facets["month"], sample)


def _aggregated(
    searcher: tantivy.Searcher, query: tantivy.Query, names: tuple[str, ...]
) -> dict[str, dict[str, int]]:
    """Every value's count in each of `names`, from one terms aggregation over the matches;
    a field whose counts came back approximate (more values than `_AGG_TERMS` in a segment)
    is left out, for the caller to count otherwise."""
    terms = {"size": _AGG_TERMS, "segment_size": _AGG_TERMS}
    result = searcher.aggregate(query, {n: {"terms": {"field": n, **terms}} for n in names})
    return {
        name: {str(b["key"]): int(b["doc_count"]) for b in result[name]["buckets"]}
        for name in names
        if not result[name].get("sum_other_doc_count")
        and not result[name].get("doc_count_error_upper_bound")
    }


# tantivy ends each file of a segment with a footer: a JSON of its version and the CRC-32 of the
# bytes before it, the JSON's length (u32, little-endian) and a magic number.
_FOOTER_MAGIC = 1337


def damaged_files(folder: Path) -> list[str]:
    """The files of the index's committed segments (those `meta.json` lists) that are missing
    or whose bytes no longer match the checksum tantivy wrote in their footer: damage that
    searches would meet only when they read those bytes. A commit meanwhile (an ingest beside
    `cables check`) replaces segments: then they are listed and checked again."""
    for _attempt in range(3):
        stamp = _commit_stamp(folder)
        damaged = _damaged_segments(folder)
        if not damaged or _commit_stamp(folder) == stamp:
            return damaged
    return damaged


def _damaged_segments(folder: Path) -> list[str]:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    prefixes = {str(seg["segment_id"]).replace("-", "") for seg in meta.get("segments", [])}
    found: dict[str, list[Path]] = {}
    for path in folder.iterdir():
        found.setdefault(path.name.split(".", 1)[0], []).append(path)
    damaged = []
    for prefix in sorted(prefixes):
        files = found.get(prefix, [])
        if not files:
            damaged.append(f"{prefix}.*")
        damaged.extend(p.name for p in sorted(files) if not _footer_matches(p))
    return damaged


def _footer_matches(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if len(data) < 8:
        return False
    length, magic = struct.unpack("<II", data[-8:])
    if magic != _FOOTER_MAGIC or length + 8 > len(data):
        return False
    try:
        crc = json.loads(data[-8 - length : -8])["crc"]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(zlib.crc32(memoryview(data)[: len(data) - 8 - length]) == crc)


class _Guarded:
    """A tantivy searcher whose calls turn what damaged index files make tantivy raise (an
    I/O error, or a Rust panic, which Python sees as a BaseException) into IndexUnavailable,
    said in words with the way back, instead of a traceback."""

    def __init__(self, searcher: tantivy.Searcher, folder: Path) -> None:
        self._searcher = searcher
        self._folder = folder

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._searcher, name)
        if not callable(attribute):
            return attribute

        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return attribute(*args, **kwargs)
            except BaseException as exc:
                if _damage(exc):
                    raise IndexUnavailable.damaged(self._folder, exc) from None
                raise

        return guarded


def _damage(exc: BaseException) -> bool:
    if type(exc).__name__ == "PanicException":
        return True
    return isinstance(exc, ValueError) and any(w in str(exc) for w in _DAMAGE_WORDS)


_DAMAGE_WORDS = ("An IO error occurred", "Data corrupted", "DataCorruption", "io::Error")
_UNREAD = (-1, -1, -1)  # the stamp of an index whose last reload failed: never a commit's


def _commit_stamp(folder: Path) -> tuple[int, int, int] | None:
    """What identifies the index's last commit: tantivy replaces meta.json at each one."""
    try:
        st = os.stat(folder / "meta.json")
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


_T = TypeVar("_T")


class _Cache:
    """Results by key, the least recently used dropped past `capacity`; thread-safe (facets
    are counted on another thread). `clear` also voids what is being computed meanwhile."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._epoch = 0

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    @property
    def epoch(self) -> int:
        """How many times it was cleared: a result computed from a searcher taken at one
        epoch is kept only if `put` is given the same."""
        return self._epoch

    def put(self, key: Hashable, value: _T, epoch: int) -> _T:
        with self._lock:
            if epoch == self._epoch:
                self._items[key] = value
                self._items.move_to_end(key)
                while len(self._items) > self._capacity:
                    self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._epoch += 1


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
