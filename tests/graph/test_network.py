"""Who wrote to whom: naming addressees, summing, and the GraphML, GEXF and CSV writers read
back by networkx (what Gephi users load them with)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest

from cablearchive.graph.network import addressee_node, build_network, export, is_collective

ROWS = [
    # origin, addressee node, year, TO, INFO, cables
    ("Embassy Ankara", "Secretary of State", "2009", 5, 0, 5),
    ("Embassy Ankara", "Secretary of State", "2008", 2, 0, 2),
    ("Embassy Ankara", "EUROPEAN POLITICAL COLLECTIVE", "2009", 0, 4, 4),
    ("Secretary of State", "Embassy Ankara", "2009", 3, 1, 4),
    ("Consulate Adana", "Embassy Ankara", None, 0, 1, 1),
    (None, "Secretary of State", "2009", 1, 0, 1),  # no origin: left out
]
SENT = [("Embassy Ankara", 8), ("Secretary of State", 4), ("Consulate Adana", 1)]


@pytest.mark.parametrize(
    ("address", "node"),
    [
        ("SECSTATE WASHDC", "Secretary of State"),
        ("AMEMBASSY LONDON", "Embassy London"),
        ("AMCONSUL ISTANBUL", "Consulate Istanbul"),
        ("USMISSION USNATO", "Mission USNATO"),
        ("CIA WASHDC", "CIA WASHDC"),  # no rule names it: as written
        ("EUROPEAN  POLITICAL COLLECTIVE", "EUROPEAN POLITICAL COLLECTIVE"),
    ],
)
def test_an_addressee_is_named_as_its_post_would_be(address: str, node: str) -> None:
    assert addressee_node(address) == node


def test_the_network_counts_and_kinds() -> None:
    network = build_network(ROWS, SENT, 13)
    kinds = {n.name: n.kind for n in network.nodes}
    assert kinds == {
        "Embassy Ankara": "post",
        "Secretary of State": "post",
        "Consulate Adana": "post",
        "EUROPEAN POLITICAL COLLECTIVE": "collective",
    }
    assert is_collective("CHINA POSTS COLLECTIVE")
    ankara = next(n for n in network.nodes if n.name == "Embassy Ankara")
    assert (ankara.sent, ankara.to, ankara.info) == (8, 3, 2)
    assert network.nodes[0].name == "Embassy Ankara"  # most sent first
    pairs = {(e.source, e.target): (e.to, e.info, e.cables) for e in network.by_pair()}
    assert pairs[("Embassy Ankara", "Secretary of State")] == (7, 0, 7)
    assert network.years() == ("2008", "2009")
    top = network.top(posts=2, edges=5)
    assert {n.name for n in top.nodes} == {"Embassy Ankara", "Secretary of State"}
    assert [(e.source, e.target) for e in top.edges] == [
        ("Embassy Ankara", "Secretary of State"),
        ("Secretary of State", "Embassy Ankara"),
    ]


def test_graphml_and_gexf_read_back_by_networkx(tmp_path: Path) -> None:
    network = build_network(ROWS, SENT, 13)
    pairs = network.by_pair()
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"network.{fmt}"
        path.write_text(export(network, fmt), encoding="utf-8")
        graph = read(path)
        assert graph.is_directed()
        assert graph.number_of_nodes() == len(network.nodes) == 4
        assert graph.number_of_edges() == len(pairs) == 4
        labels = {n: d["label"] for n, d in graph.nodes(data=True)}
        by_name = {label: n for n, label in labels.items()}
        collective = graph.nodes[by_name["EUROPEAN POLITICAL COLLECTIVE"]]
        assert collective["kind"] == "collective"
        edge = graph.edges[by_name["Embassy Ankara"], by_name["Secretary of State"]]
        assert int(edge["weight"]) == 7 and int(edge["to"]) == 7 and int(edge["info"]) == 0
        assert edge["years"] == "2008:2 2009:5"
        assert int(graph.nodes[by_name["Embassy Ankara"]]["sent"]) == 8


def test_csv_has_a_row_per_source_target_and_year() -> None:
    network = build_network(ROWS, SENT, 13)
    rows = list(csv.DictReader(io.StringIO(export(network, "csv"))))
    assert len(rows) == 5
    first = rows[0]
    assert list(first) == [
        "source", "source_kind", "target", "target_kind", "year", "to", "info", "cables"
    ]  # fmt: skip
    undated = next(r for r in rows if r["source"] == "Consulate Adana")
    assert undated["year"] == "" and undated["info"] == "1"


def test_an_empty_network_is_written_whole() -> None:
    empty = build_network([], [], 0)
    assert nx.parse_graphml(export(empty, "graphml")).number_of_nodes() == 0
    assert export(empty, "csv").count("\n") == 1
