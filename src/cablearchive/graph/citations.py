"""Citations in and out, PageRank and threads (connected components) of the citation graph.

The graph: one node per cable of the archive and per cable cited but not in it (a ghost), one
edge from each citing cable to each cable it cites (once, however many REF lines repeat it;
self-citations left out). Computed with igraph: on the 251,287-cable scale archive it builds
the graph and runs PageRank (PRPACK, an exact solver) and the weak components in 0.12 s, where
rustworkx takes 0.26 s and networkx 3.5 s (`benchmarks/graph_scale.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import igraph

DAMPING = 0.85  # PageRank's usual damping: a reader follows a REF five times in six


@dataclass(frozen=True, slots=True)
class NodeMetrics:
    id: str
    present: bool  # in the archive (False: a ghost, cited only)
    cited: int  # distinct cables of the archive citing it
    cites: int  # distinct cables it cites
    rank: float  # PageRank; the ranks of all nodes sum to 1
    rank_order: int  # 1 for the highest rank; ties by id
    component: int  # the thread it belongs to: `Component.id`


@dataclass(frozen=True, slots=True)
class Component:
    """A thread: cables linked by citations, whichever way, with when its cables were written."""

    id: int  # 1 for the largest; ties by its first cable's id
    size: int  # nodes, ghosts included
    present: int  # cables of the archive among them
    first: str | None  # the earliest creation date of its cables (None: none dated)
    last: str | None


@dataclass(frozen=True, slots=True)
class Analysis:
    """The measures of every node, column by column (a quarter of a million rows at Cablegate
    scale: columns go to SQLite without an object per node); `nodes` gives them as records."""

    ids: list[str]
    present: int  # the first `present` ids are the archive's cables, the others ghosts
    cited: list[int]
    cites: list[int]
    ranks: list[float]
    rank_order: list[int]
    membership: list[int]
    components: tuple[Component, ...]
    edges: int

    @property
    def nodes(self) -> tuple[NodeMetrics, ...]:
        return tuple(
            NodeMetrics(i, n < self.present, cited, cites, rank, order, component)
            for n, (i, cited, cites, rank, order, component) in enumerate(self.rows())
        )

    def rows(self) -> Iterator[tuple[str, int, int, float, int, int]]:
        """(id, cited, cites, rank, rank order, component) of each node."""
        return zip(
            self.ids, self.cited, self.cites, self.ranks, self.rank_order, self.membership,
            strict=True,
        )  # fmt: skip


def analyse_citations(
    cables: Mapping[str, str | None], citations: Iterable[tuple[str, str]]
) -> Analysis:
    """`cables`: every cable of the archive and its creation date (ISO, or None);
    `citations`: (citing id, cited id) pairs, repeats allowed. Cited ids not in `cables` become
    ghosts."""
    numbers: dict[str, int] = {cable_id: n for n, cable_id in enumerate(cables)}
    pairs: set[tuple[int, int]] = set()
    for citing, cited in citations:
        if citing == cited or citing not in numbers:
            continue
        target = numbers.get(cited)
        if target is None:
            target = numbers[cited] = len(numbers)
        pairs.add((numbers[citing], target))
    ids = list(numbers)
    edges = sorted(pairs)
    graph = igraph.Graph(n=len(ids), edges=edges, directed=True)
    ranks = [float(r) for r in graph.pagerank(damping=DAMPING)] if ids else []
    # By rank, highest first, ties by id: a stable sort by rank of the nodes in id order.
    by_id = sorted(range(len(ids)), key=ids.__getitem__)
    lowered = [-r for r in ranks]
    rank_order = [0] * len(ids)
    for place, n in enumerate(sorted(by_id, key=lowered.__getitem__), 1):
        rank_order[n] = place
    membership, components = _components(graph, ids, cables, len(cables))
    return Analysis(
        ids,
        len(cables),
        graph.indegree(),
        graph.outdegree(),
        ranks,
        rank_order,
        membership,
        components,
        len(edges),
    )


def _components(
    graph: igraph.Graph, ids: list[str], cables: Mapping[str, str | None], present: int
) -> tuple[list[int], tuple[Component, ...]]:
    """Each node's component number, and the components, largest first (ties by first id)."""
    groups = [list(g) for g in graph.connected_components(mode="weak")]
    groups.sort(key=lambda g: (-len(g), min(ids[n] for n in g)))
    membership = [0] * len(ids)
    found: list[Component] = []
    for number, group in enumerate(groups, 1):
        dates = []
        for n in group:
            membership[n] = number
            if n < present and (created := cables[ids[n]]):
                dates.append(created)
        found.append(
            Component(
                number,
                len(group),
                sum(1 for n in group if n < present),
                min(dates) if dates else None,
                max(dates) if dates else None,
            )
        )
    return membership, tuple(found)
