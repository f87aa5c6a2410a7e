"""Who wrote to whom: posts (FM) and their addressees (TO, INFO), counted in cables per year.

An addressee is named as the origin of the cables it sends would be (`AMEMBASSY LONDON` ->
`Embassy London`, `SECSTATE WASHDC` -> `Secretary of State`), so that a post is one node
whether it writes or is written to; addresses no rule names stay as written (`CIA WASHDC`).
Collectives (`EUROPEAN POLITICAL COLLECTIVE`: every post of a region at once) are nodes of
their own kind. The writers give GraphML and GEXF (Gephi, networkx, igraph) and CSV.
"""

from __future__ import annotations

import csv
import functools
import io
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cablearchive.reference.origins import normalize_address, origin_for_address

NodeKind = Literal["post", "addressee", "collective"]
Format = Literal["graphml", "gexf", "csv"]
FORMATS: tuple[Format, ...] = ("graphml", "gexf", "csv")


@dataclass(frozen=True, slots=True)
class NetworkNode:
    name: str
    kind: NodeKind  # post: it sent cables in the network; collective: a collective address
    sent: int  # cables it sent (FM)
    to: int  # cables addressed to it (TO)
    info: int  # cables it received for information (INFO)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "sent": self.sent,
            "to": self.to,
            "info": self.info,
        }


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    source: str  # the post that sent
    target: str  # the addressee
    year: str | None  # the year the cables were written (None: undated); None in `by_pair`
    to: int  # cables with the target among TO
    info: int  # cables with the target among INFO
    cables: int  # cables from source to target, either way

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "target": self.target,
            "year": self.year,
            "to": self.to,
            "info": self.info,
            "cables": self.cables,
        }


@dataclass(frozen=True, slots=True)
class Network:
    nodes: tuple[NetworkNode, ...]  # most cables sent first, then most received, then name
    edges: tuple[NetworkEdge, ...]  # one per source, target and year
    cables: int  # cables the network was counted on

    def by_pair(self) -> tuple[NetworkEdge, ...]:
        """The edges summed over the years, strongest first."""
        sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        for e in self.edges:
            total = sums[(e.source, e.target)]
            total[0] += e.to
            total[1] += e.info
            total[2] += e.cables
        pairs = [NetworkEdge(s, t, None, *n) for (s, t), n in sums.items()]
        return tuple(sorted(pairs, key=lambda e: (-e.cables, e.source, e.target)))

    def years(self) -> tuple[str, ...]:
        return tuple(sorted({e.year for e in self.edges if e.year}))

    def top(self, posts: int, edges: int) -> Network:
        """The `posts` nodes with the most cables sent and received, and the `edges`
        strongest edges among them (summed over the years)."""
        weight = {n.name: n.sent + n.to + n.info for n in self.nodes}
        kept = set(sorted(weight, key=lambda n: (-weight[n], n))[:posts])
        strongest = [e for e in self.by_pair() if e.source in kept and e.target in kept][:edges]
        linked = {e.source for e in strongest} | {e.target for e in strongest}
        nodes = tuple(n for n in self.nodes if n.name in linked)
        return Network(nodes, tuple(strongest), self.cables)

    def to_dict(self) -> dict[str, object]:
        return {
            "cables": self.cables,
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
        }


@functools.lru_cache(maxsize=65536)
def addressee_node(address: str) -> str:
    """The node an address of a TO or INFO line is: its post's origin name where one is
    known, else the address as written (upper case, single spaces, no routing suffix)."""
    return origin_for_address(address) or normalize_address(address)


def is_collective(name: str) -> bool:
    return "COLLECTIVE" in name.upper()


# One row of the counts the store hands over: (origin of the cables, addressee node, year,
# cables with it among TO, among INFO, either way). The origin is None for cables without one.
Row = tuple[str | None, str, str | None, int, int, int]


def build_network(rows: Iterable[Row], sent: Iterable[tuple[str, int]], cables: int) -> Network:
    """The network from the store's counts: `rows` as above, `sent` the cables each origin
    sent (counted apart: a cable without addressees still counts), `cables` their total."""
    edges = []
    to: dict[str, int] = defaultdict(int)
    info: dict[str, int] = defaultdict(int)
    for origin, target, year, n_to, n_info, n in rows:
        if origin is None:
            continue
        edges.append(NetworkEdge(origin, target, year, n_to, n_info, n))
        to[target] += n_to
        info[target] += n_info
    sent_by = dict(sent)
    names = set(sent_by) | set(to) | set(info)
    nodes = [
        NetworkNode(
            name,
            "collective" if is_collective(name) else "post" if sent_by.get(name) else "addressee",
            sent_by.get(name, 0),
            to.get(name, 0),
            info.get(name, 0),
        )
        for name in names
    ]
    nodes.sort(key=lambda n: (-n.sent, -(n.to + n.info), n.name))
    edges.sort(key=lambda e: (e.source, e.target, e.year or ""))
    return Network(tuple(nodes), tuple(edges), cables)


def export(network: Network, fmt: Format) -> str:
    if fmt == "graphml":
        return to_graphml(network)
    if fmt == "gexf":
        return to_gexf(network)
    return to_csv(network)


def to_csv(network: Network) -> str:
    """One row per source, target and year."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["source", "source_kind", "target", "target_kind", "year", "to", "info", "cables"]
    )
    kinds = {n.name: n.kind for n in network.nodes}
    for e in network.edges:
        writer.writerow(
            [e.source, kinds.get(e.source, ""), e.target, kinds.get(e.target, ""), e.year or "",
             e.to, e.info, e.cables]
        )  # fmt: skip
    return out.getvalue()


_NODE_ATTRIBUTES = (("kind", "string"), ("sent", "int"), ("to", "int"), ("info", "int"))
_EDGE_ATTRIBUTES = (("to", "int"), ("info", "int"), ("cables", "int"), ("years", "string"))


def _pairs_with_years(network: Network) -> list[tuple[NetworkEdge, str]]:
    """The edges summed over the years, each with its years and counts (`2006:3 2007:5`)."""
    years: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in network.edges:
        years[(e.source, e.target)].append(f"{e.year or 'undated'}:{e.cables}")
    return [(e, " ".join(years[(e.source, e.target)])) for e in network.by_pair()]


def _node_values(n: NetworkNode) -> tuple[str, ...]:
    return (n.kind, str(n.sent), str(n.to), str(n.info))


def _edge_values(e: NetworkEdge, years: str) -> tuple[str, ...]:
    return (str(e.to), str(e.info), str(e.cables), years)


def to_graphml(network: Network) -> str:
    """GraphML: one node per post or addressee, one edge per pair (weight: cables), with the
    counts by kind and by year as attributes."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    for cls, attributes in (
        ("node", (("label", "string"), *_NODE_ATTRIBUTES)),
        ("edge", (("weight", "int"), *_EDGE_ATTRIBUTES)),
    ):
        for name, kind in attributes:
            declared = {"for": cls, "attr.name": name, "attr.type": kind}
            ET.SubElement(root, "key", id=f"{cls[0]}_{name}", attrib=declared)
    graph = ET.SubElement(root, "graph", id="posts", edgedefault="directed")
    ids = {n.name: f"n{i}" for i, n in enumerate(network.nodes)}
    for n in network.nodes:
        node = ET.SubElement(graph, "node", id=ids[n.name])
        for (name, _), value in zip(
            (("label", ""), *_NODE_ATTRIBUTES), (n.name, *_node_values(n)), strict=True
        ):
            ET.SubElement(node, "data", key=f"n_{name}").text = value
    for i, (e, years) in enumerate(_pairs_with_years(network)):
        edge = ET.SubElement(graph, "edge", id=f"e{i}", source=ids[e.source], target=ids[e.target])
        for (name, _), value in zip(
            (("weight", ""), *_EDGE_ATTRIBUTES),
            (str(e.cables), *_edge_values(e, years)),
            strict=True,
        ):
            ET.SubElement(edge, "data", key=f"e_{name}").text = value
    return _xml(root)


def to_gexf(network: Network) -> str:
    """GEXF 1.2 (Gephi's format): the same nodes, edges and attributes as the GraphML."""
    root = ET.Element("gexf", xmlns="http://www.gexf.net/1.2draft", version="1.2")
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "cablearchive"
    ET.SubElement(
        meta, "description"
    ).text = f"Posts and their addressees in {network.cables} cables (edge weight: cables)"
    graph = ET.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    for cls, attributes in (("node", _NODE_ATTRIBUTES), ("edge", _EDGE_ATTRIBUTES)):
        declared = ET.SubElement(graph, "attributes", attrib={"class": cls})
        for i, (name, kind) in enumerate(attributes):
            ET.SubElement(
                declared,
                "attribute",
                id=f"{cls[0]}{i}",
                title=name,
                type="integer" if kind == "int" else kind,
            )
    ids = {n.name: f"n{i}" for i, n in enumerate(network.nodes)}
    nodes = ET.SubElement(graph, "nodes")
    for n in network.nodes:
        node = ET.SubElement(nodes, "node", id=ids[n.name], label=n.name)
        values = ET.SubElement(node, "attvalues")
        for i, value in enumerate(_node_values(n)):
            ET.SubElement(values, "attvalue", attrib={"for": f"n{i}", "value": value})
    edges = ET.SubElement(graph, "edges")
    for i, (e, years) in enumerate(_pairs_with_years(network)):
        edge = ET.SubElement(
            edges,
            "edge",
            id=f"e{i}",
            source=ids[e.source],
            target=ids[e.target],
            weight=str(e.cables),
        )
        values = ET.SubElement(edge, "attvalues")
        for j, value in enumerate(_edge_values(e, years)):
            ET.SubElement(values, "attvalue", attrib={"for": f"e{j}", "value": value})
    return _xml(root)


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
