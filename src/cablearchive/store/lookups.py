"""What searches read beside the index: the reference graph (`cited:`, `rank:`, the sorts by
them) and the person records (`person:`, and `signer:` and `classifier:` through them)."""

from __future__ import annotations

import sqlite3

from cablearchive.search.query import Measure as MeasureNode
from cablearchive.search.query import Phrase, Term
from cablearchive.store import people
from cablearchive.store.graph import GraphView, Measure


class Lookups:
    """The `Lookups` of store/index.py over an archive's connection; used on that
    connection's thread only, as the connection is."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._graph = GraphView(conn)

    @property
    def stamp(self) -> str:
        """Changes whenever the graph or the people are computed again (what remembered
        searches note)."""
        row = self._conn.execute("SELECT generation, computed_at FROM people_state").fetchone()
        grouped = "none" if row is None else f"{row[0]}@{row[1]}"
        return f"{self._graph.stamp}/{grouped}"

    def ids(self, node: MeasureNode | Term | Phrase) -> list[str]:
        if isinstance(node, MeasureNode):
            return self._graph.ids(node)
        prefix = isinstance(node, Term) and node.prefix
        numbers = people.person_numbers(self._conn, node.text, prefix=prefix)
        if not numbers:
            return []
        role = None if node.field == "person" else node.field
        return people.cables_of(self._conn, numbers, role)

    def order(self, measure: Measure) -> tuple[list[str], dict[str, int]]:
        return self._graph.order(measure)

    def measures(self, ids: list[str]) -> dict[str, tuple[int, int]]:
        return self._graph.measures(ids)
