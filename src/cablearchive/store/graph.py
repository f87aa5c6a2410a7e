"""The reference graph's tables: what `graph/` computes, written and read back (SQL only).

The analysis is recomputed whole at the end of each ingest that changed the archive (and by
`cables analyse`), in one transaction, stamped with the archive's generation: the viewer and
the CLI only read it, and can tell when it is behind the archive (an ingest killed before).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import igraph

from cablearchive.graph.citations import Analysis, NodeMetrics, analyse_citations
from cablearchive.graph.network import Row, addressee_node
from cablearchive.search.query import Measure as MeasureNode
from cablearchive.store import browse
from cablearchive.store.connections import read_apart, writing

Measure = Literal["cited", "rank"]
LIBRARY = f"igraph {igraph.__version__}"


@dataclass(frozen=True, slots=True)
class GraphState:
    generation: int  # the archive's generation when the graph was computed
    computed_at: str
    seconds: float
    nodes: int
    edges: int
    library: str
    current: bool  # the archive has not changed since

    def to_dict(self) -> dict[str, object]:
        return {
            "generation": self.generation,
            "computed_at": self.computed_at,
            "seconds": self.seconds,
            "nodes": self.nodes,
            "edges": self.edges,
            "library": self.library,
            "current": self.current,
        }


@dataclass(frozen=True, slots=True)
class Wanted:
    """A cable cited in the archive but not in it."""

    id: str
    cited: int  # cables of the archive citing it
    rank: float
    rank_order: int
    citing: tuple[browse.CableSummary, ...]  # by date
    origins: tuple[tuple[str, int], ...]  # the origins of the citing cables, most first

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "cited": self.cited,
            "rank": self.rank,
            "rank_order": self.rank_order,
            "origins": [[o, n] for o, n in self.origins],
            "citing": [c.to_dict() for c in self.citing],
        }


@dataclass(frozen=True, slots=True)
class Computed:
    """The graph of an archive, computed and not yet stored."""

    generation: int
    analysis: Analysis
    network: list[Row]
    addressees: dict[str, str]  # each address of a TO or INFO line -> its node
    seconds: float


def analyse(conn: sqlite3.Connection) -> GraphState:
    """Compute the graph of the archive as it is and store it."""
    return store(conn, compute(conn))


def compute_apart(database: Path) -> Computed:
    """`compute` on a connection of its own, read only: the end of an ingest runs it on
    another thread while its own connection builds the read indexes (a second core is idle
    then)."""
    return read_apart(database, compute)


def compute(conn: sqlite3.Connection) -> Computed:
    """Read the archive and compute its graph (nothing written)."""
    started = time.perf_counter()
    generation = browse.generation(conn)
    cables = dict(conn.execute("SELECT id, created FROM cables"))
    citations = conn.execute(
        "SELECT cable_id, ref_id FROM refs WHERE ref_id IS NOT NULL AND kind = 'cable'"
    )
    analysis = analyse_citations(cables, citations)
    # Each address is named once (a dict, not the lru_cache: its keys are the addresses to
    # store), by the aggregation itself: a separate DISTINCT over the addressees costs more.
    named: dict[str, str] = {}

    def node(address: str) -> str:
        found = named.get(address)
        if found is None:
            found = named[address] = addressee_node(address)
        return found

    conn.create_function("addressee_node", 1, node, deterministic=True)
    sql = _NETWORK_SQL.format(node="addressee_node(a.name)", join="", where=_SENT)
    network = conn.execute(sql).fetchall()
    return Computed(generation, analysis, network, named, time.perf_counter() - started)


def store(conn: sqlite3.Connection, computed: Computed) -> GraphState:
    """Replace the stored graph by `computed`, in one transaction."""
    started = time.perf_counter()
    analysis = computed.analysis
    with writing(conn):
        for table in ("graph_nodes", "graph_components", "graph_network", "graph_addressees"):
            conn.execute(f"DELETE FROM {table}")
        present = analysis.present
        conn.executemany(
            "INSERT INTO graph_nodes (id, cited, cites, rank, rank_order, component, present)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            # In key order: appended to the table's B-tree, not inserted all over it.
            sorted((*row, int(n < present)) for n, row in enumerate(analysis.rows())),
        )
        conn.executemany(
            "INSERT INTO graph_components (id, size, present, first, last) VALUES (?, ?, ?, ?, ?)",
            ((c.id, c.size, c.present, c.first, c.last) for c in analysis.components),
        )
        conn.executemany(
            "INSERT INTO graph_network (source, target, year, to_count, info_count, cables)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            computed.network,
        )
        conn.executemany(
            "INSERT INTO graph_addressees (name, node) VALUES (?, ?)",
            sorted(computed.addressees.items()),
        )
        seconds = computed.seconds + time.perf_counter() - started
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        conn.execute(
            "INSERT OR REPLACE INTO graph_state"
            " (id, generation, computed_at, seconds, nodes, edges, library)"
            " VALUES (1, ?, ?, ?, ?, ?, ?)",
            (
                computed.generation,
                now,
                round(seconds, 3),
                len(analysis.ids),
                analysis.edges,
                LIBRARY,
            ),
        )
    found = state(conn)
    assert found is not None
    return found


def state(conn: sqlite3.Connection) -> GraphState | None:
    row = conn.execute(
        "SELECT generation, computed_at, seconds, nodes, edges, library FROM graph_state"
    ).fetchone()
    if row is None:
        return None
    generation, computed_at, seconds, nodes, edges, library = row
    current = int(generation) == browse.generation(conn)
    return GraphState(
        int(generation), computed_at, float(seconds), int(nodes), int(edges), library, current
    )


def metrics(conn: sqlite3.Connection, cable_id: str) -> NodeMetrics | None:
    row = conn.execute(
        "SELECT id, present, cited, cites, rank, rank_order, component FROM graph_nodes"
        " WHERE id = ?",
        (cable_id,),
    ).fetchone()
    if row is None:
        return None
    return NodeMetrics(row[0], bool(row[1]), *row[2:])


def component_size(conn: sqlite3.Connection, number: int) -> int:
    row = conn.execute("SELECT size FROM graph_components WHERE id = ?", (number,)).fetchone()
    return int(row[0]) if row else 0


def citations_touching(conn: sqlite3.Connection, ids: set[str]) -> Iterator[tuple[str, str]]:
    """(citing, cited) pairs of cable citations where either end is among `ids`."""
    listed = json.dumps(sorted(ids))
    yield from conn.execute(
        "SELECT cable_id, ref_id FROM refs WHERE kind = 'cable' AND ref_id IS NOT NULL"
        " AND cable_id IN (SELECT value FROM json_each(?))"
        " UNION SELECT cable_id, ref_id FROM refs WHERE kind = 'cable'"
        " AND ref_id IN (SELECT value FROM json_each(?))",
        (listed, listed),
    )


def ids_by_measure(
    conn: sqlite3.Connection, measure: Measure, low: int | None, high: int | None
) -> list[str]:
    """Cables of the archive whose citations in (or rank: 1 the highest) lie in [low, high]."""
    column = "cited" if measure == "cited" else "rank_order"
    where = ["present = 1"]
    params: list[int] = []
    if low is not None:
        where.append(f"{column} >= ?")
        params.append(low)
    if high is not None:
        where.append(f"{column} <= ?")
        params.append(high)
    sql = f"SELECT id FROM graph_nodes WHERE {' AND '.join(where)}"
    return [str(r[0]) for r in conn.execute(sql, params)]


def ordered_ids(conn: sqlite3.Connection, measure: Measure) -> list[str]:
    """The cables of the archive, most cited (or highest ranked) first; for `cited`, only
    those cited at all."""
    if measure == "cited":
        sql = (
            "SELECT id FROM graph_nodes WHERE present = 1 AND cited > 0"
            " ORDER BY cited DESC, rank_order"
        )
    else:
        sql = "SELECT id FROM graph_nodes WHERE present = 1 ORDER BY rank_order"
    return [str(r[0]) for r in conn.execute(sql)]


def measures_of(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[int, int]]:
    """(cited, rank_order) of each of `ids` the graph knows."""
    rows = conn.execute(
        "SELECT id, cited, rank_order FROM graph_nodes"
        " WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    )
    return {str(cable_id): (int(cited), int(order)) for cable_id, cited, order in rows}


def wanted(
    conn: sqlite3.Connection, limit: int, offset: int = 0, citing_shown: int | None = 20
) -> tuple[int, tuple[Wanted, ...]]:
    """Cables cited by the archive but not in it, most cited first (then by rank), with the
    citing cables (the first `citing_shown` by date; None: all) and their origins; and how
    many."""
    total = int(conn.execute("SELECT count(*) FROM graph_nodes WHERE present = 0").fetchone()[0])
    rows = conn.execute(
        "SELECT id, cited, rank, rank_order FROM graph_nodes WHERE present = 0"
        " ORDER BY cited DESC, rank_order LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    found = tuple(
        _wanted(conn, str(i), int(n), float(r), int(o), citing_shown) for i, n, r, o in rows
    )
    return total, found


def ghost(conn: sqlite3.Connection, cable_id: str, citing_shown: int = 50) -> Wanted | None:
    """A cable cited in the archive but not in it, as `wanted` lists it; None when no cable
    of the archive cites it."""
    row = conn.execute(
        "SELECT cited, rank, rank_order FROM graph_nodes WHERE id = ? AND present = 0",
        (cable_id,),
    ).fetchone()
    cited, rank, order = row if row is not None else (0, 0.0, 0)
    found = _wanted(conn, cable_id, int(cited), float(rank), int(order), citing_shown)
    if not found.citing:
        return None
    # The graph may be behind the archive (an ingest killed before its analysis): the
    # citing cables counted now.
    return replace(found, cited=sum(n for _, n in found.origins))


def _wanted(
    conn: sqlite3.Connection,
    cable_id: str,
    cited: int,
    rank: float,
    order: int,
    shown: int | None,
) -> Wanted:
    citing = [
        str(r[0])
        for r in conn.execute(
            "SELECT DISTINCT r.cable_id, c.created FROM refs r JOIN cables c ON c.id = r.cable_id"
            " WHERE r.ref_id = ? AND r.kind = 'cable' ORDER BY c.created, r.cable_id LIMIT ?",
            (cable_id, -1 if shown is None else shown),  # SQLite: LIMIT -1, no limit
        )
    ]
    summaries = browse.summaries(conn, citing)
    origins = conn.execute(
        "SELECT coalesce(c.origin, '(unknown)'), count(DISTINCT c.id) FROM refs r"
        " JOIN cables c ON c.id = r.cable_id WHERE r.ref_id = ? AND r.kind = 'cable'"
        " GROUP BY 1 ORDER BY 2 DESC, 1",
        (cable_id,),
    ).fetchall()
    return Wanted(
        cable_id,
        cited,
        rank,
        order,
        tuple(summaries[i] for i in citing if i in summaries),
        tuple((str(o), int(n)) for o, n in origins),
    )


def network_rows(conn: sqlite3.Connection, ids: Iterable[str] | None) -> Iterator[Row]:
    """The network's counts over `ids` (None: the whole archive, as the analysis stored it)."""
    if ids is None:
        yield from conn.execute(
            "SELECT source, target, year, to_count, info_count, cables FROM graph_network"
        )
        return
    yield from _network_rows(conn, list(ids))


def sent_counts(
    conn: sqlite3.Connection, ids: Iterable[str] | None, year: str | None = None
) -> list[tuple[str, int]]:
    """The cables each origin sent, among `ids` (None: all), in `year` (None: any)."""
    where = ["origin IS NOT NULL"]
    params: list[str] = []
    if ids is not None:
        where.append("id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(ids)))
    if year is not None:
        where.append("created >= ? AND created < ?")
        params += [year, year + "~"]
    sql = f"SELECT origin, count(*) FROM cables WHERE {' AND '.join(where)} GROUP BY origin"
    return [(str(o), int(n)) for o, n in conn.execute(sql, params)]


# Cables from each origin to each addressee node, by year, TO and INFO apart. `node` names an
# address: the analysis calls graph/network.py; a reader looks up what the analysis stored (an
# address it never saw, the archive having changed since, is a node as written).
_NETWORK_SQL = (
    "SELECT c.origin, {node}, substr(c.created, 1, 4),"
    " count(DISTINCT CASE WHEN a.kind = 'to' THEN c.id END),"
    " count(DISTINCT CASE WHEN a.kind = 'info' THEN c.id END),"
    " count(DISTINCT c.id)"
    " FROM cables c JOIN addressees a ON a.cable_id = c.id{join}{where}"
    " GROUP BY 1, 2, 3"
)
_SENT = " WHERE c.origin IS NOT NULL"
_STORED_NODE = "coalesce(n.node, a.name)"
_STORED_JOIN = " LEFT JOIN graph_addressees n ON n.name = a.name"


def _network_rows(conn: sqlite3.Connection, ids: list[str]) -> Iterator[Row]:
    where = _SENT + " AND c.id IN (SELECT value FROM json_each(?))"
    sql = _NETWORK_SQL.format(node=_STORED_NODE, join=_STORED_JOIN, where=where)
    yield from conn.execute(sql, (json.dumps(ids),))


class GraphView:
    """What searches read of the graph: the cables of a `cited:` or `rank:` range, and the
    archive in order of citations or rank (kept while the graph stays the same). Used on the
    thread of its archive's connection only, as the connection is."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._stamp: str | None = None
        self._orders: dict[str, tuple[list[str], dict[str, int]]] = {}

    @property
    def stamp(self) -> str:
        """Changes whenever the graph is computed again (what remembered searches note)."""
        return self._refresh()

    def _refresh(self) -> str:
        """The graph's stamp; the orders of an older graph are dropped on seeing it change."""
        row = self._conn.execute("SELECT generation, computed_at FROM graph_state").fetchone()
        stamp = "none" if row is None else f"{row[0]}@{row[1]}"
        if stamp != self._stamp:
            self._stamp, self._orders = stamp, {}
        return stamp

    def ids(self, measure: MeasureNode) -> list[str]:
        field: Measure = "cited" if measure.field == "cited" else "rank"
        return ids_by_measure(self._conn, field, measure.low, measure.high)

    def order(self, measure: Measure) -> tuple[list[str], dict[str, int]]:
        """The cables `measure` orders (for `cited`, those cited at all), and each one's place."""
        self._refresh()
        if measure not in self._orders:
            ids = ordered_ids(self._conn, measure)
            self._orders[measure] = (ids, {cable_id: n for n, cable_id in enumerate(ids)})
        return self._orders[measure]

    def measures(self, ids: list[str]) -> dict[str, tuple[int, int]]:
        return measures_of(self._conn, ids)
