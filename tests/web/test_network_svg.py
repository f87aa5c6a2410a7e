"""The network drawing's geometry (web/network_svg.py), alone: no archive, no server."""

from __future__ import annotations

import itertools
import math
import re
from xml.etree import ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from cablearchive.graph.network import Network, NetworkEdge, build_network
from cablearchive.web.network_svg import (
    DIAMOND,
    FONT,
    LABEL_CHARS,
    ROW,
    W_MAX,
    Layout,
    PlacedNode,
    cut_label,
    layout,
    render_svg,
    scaled,
)

SVG = "{http://www.w3.org/2000/svg}"


def _network() -> Network:
    rows = [
        ("Embassy Ankara", "Secretary of State", "2009", 5, 0, 5),
        ("Embassy Ankara", "Consulate Istanbul", "2009", 0, 3, 3),
        ("Embassy Ankara", "EUROPEAN POLITICAL COLLECTIVE", "2008", 1, 2, 3),
        ("Consulate Istanbul", "Embassy Ankara", "2009", 2, 0, 2),
        ("Consulate Istanbul", "Secretary of State", "2009", 2, 0, 2),
        ("Secretary of State", "Embassy Ankara", "2008", 4, 1, 4),
        ("Secretary of State", "A VERY LONG ADDRESS OF SOME OFFICE THAT GOES ON AND ON", "2008",
         0, 1, 1),
    ]  # fmt: skip
    sent = [("Embassy Ankara", 9), ("Consulate Istanbul", 3), ("Secretary of State", 6)]
    return build_network(rows, sent, 18).top(30, 80)


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _check(drawn: Layout) -> None:
    """What every drawing must hold: labels of a column apart, nodes inside the drawing,
    every link's ends on the nodes it joins."""
    for side in ("source", "target"):
        column = sorted((p for p in drawn.nodes if p.side == side), key=lambda p: p.y)
        for upper, lower in itertools.pairwise(column):
            # Label boxes (FONT high, centred on the row) and circles stay apart.
            assert lower.y - upper.y >= ROW > FONT
            assert lower.y - lower.r * DIAMOND > upper.y + upper.r * DIAMOND
        for p in column:
            low, high = p.label_extent
            assert low >= 0 and high <= drawn.width, (p.name, low, high, drawn.width)
            assert p.y - ROW / 2 >= 0 and p.y + ROW / 2 <= drawn.height
    left = [p for p in drawn.nodes if p.side == "source"]
    right = [p for p in drawn.nodes if p.side == "target"]
    if left and right:
        # Labels of the two columns face away from each other: none crosses the curves.
        assert max(p.label_extent[1] for p in left) <= min(p.x for p in left)
        assert min(p.label_extent[0] for p in right) >= max(p.x for p in right)
    for link in drawn.links:
        for point, node in ((link.start, link.source), (link.end, link.target)):
            assert math.dist(point, (node.x, node.y)) <= node.r + 1e-6
        assert link.source.side == "source" and link.target.side == "target"
        assert link.path.startswith(f"M{link.start[0]:.1f},{link.start[1]:.1f}")
        assert link.path.endswith(f"{link.end[0]:.1f},{link.end[1]:.1f}")


def test_senders_left_addressees_right_and_every_pair_drawn() -> None:
    network = _network()
    drawn = layout(network)
    _check(drawn)
    sources = {p.name for p in drawn.nodes if p.side == "source"}
    targets = {p.name for p in drawn.nodes if p.side == "target"}
    assert sources == {"Embassy Ankara", "Consulate Istanbul", "Secretary of State"}
    assert targets == {e.target for e in network.edges}
    # A post written to appears in both columns, as the two roles it plays.
    assert {"Embassy Ankara", "Secretary of State"} <= sources & targets
    # One curve per pair and kind present: TO solid, INFO dashed.
    drawn_kinds = {(k.source.name, k.target.name, k.kind): k.cables for k in drawn.links}
    expected = {}
    for e in network.by_pair():
        if e.to:
            expected[(e.source, e.target, "to")] = e.to
        if e.info:
            expected[(e.source, e.target, "info")] = e.info
    assert drawn_kinds == expected


def test_senders_are_ordered_by_cables_sent_and_sizes_follow_the_cables() -> None:
    drawn = layout(_network())
    left = sorted((p for p in drawn.nodes if p.side == "source"), key=lambda p: p.y)
    assert [p.name for p in left] == ["Embassy Ankara", "Secretary of State", "Consulate Istanbul"]
    assert [p.cables for p in left] == [9, 6, 3]
    nodes = sorted(drawn.nodes, key=lambda p: p.cables)
    for smaller, larger in itertools.pairwise(nodes):
        assert smaller.r <= larger.r
    right = {p.name: p for p in drawn.nodes if p.side == "target"}
    assert right["Secretary of State"].cables == 7  # TO 5 + 2
    assert right["EUROPEAN POLITICAL COLLECTIVE"].kind == "collective"


def test_widths_grow_with_cables() -> None:
    drawn = layout(_network())
    links = sorted(drawn.links, key=lambda k: k.cables)
    for thinner, wider in itertools.pairwise(links):
        assert thinner.width <= wider.width
        if thinner.cables < wider.cables:
            assert thinner.width < wider.width
    assert all(0 < k.width <= W_MAX for k in links)
    # The widest first, so that thin curves are drawn over them, not hidden.
    assert [k.width for k in drawn.links] == sorted((k.width for k in links), reverse=True)
    assert scaled(0, 10, 1.0, 9.0) == 1.0 and scaled(10, 10, 1.0, 9.0) == 9.0
    assert scaled(1000, 10, 1.0, 9.0) == 9.0


def test_a_long_name_is_cut_and_kept_whole_in_the_title() -> None:
    name = "A VERY LONG ADDRESS OF SOME OFFICE THAT GOES ON AND ON"
    assert len(cut_label(name)) == LABEL_CHARS and cut_label(name).endswith("…")
    drawn = layout(_network())
    svg = str(render_svg(drawn, lambda p: f"/search?q={p.name}", "test"))
    root = ET.fromstring(svg)
    anchors = root.findall(f".//{SVG}a")
    assert len(anchors) == len(drawn.nodes)
    long = [a for a in anchors if name in a.attrib["aria-label"]]
    assert len(long) == 1
    assert long[0].find(f"{SVG}title").text.startswith(name)  # type: ignore[union-attr]
    assert long[0].find(f"{SVG}text").text == cut_label(name)  # type: ignore[union-attr]


def test_the_svg_is_well_formed_and_each_node_a_titled_link() -> None:
    drawn = layout(_network())
    svg = str(render_svg(drawn, lambda p: f"/search?q={p.side}&x=<{p.name}>", 'a "drawing"'))
    root = ET.fromstring(svg)  # names and links escaped: it parses
    assert root.attrib["aria-label"] == 'a "drawing"'
    for a in root.findall(f".//{SVG}a"):
        assert a.attrib["href"].startswith("/search?q=")
        title = a.find(f"{SVG}title")
        assert title is not None and title.text == a.attrib["aria-label"]
        assert re.search(r"\d+ cables?", title.text)
        shape = a.find(f"{SVG}circle")
        if "collective" in a.attrib["class"]:
            shape = a.find(f"{SVG}path")  # a diamond
        assert shape is not None
    dashed = root.findall(f".//{SVG}path[@class='link info']")
    solid = root.findall(f".//{SVG}path[@class='link to']")
    assert len(dashed) == sum(1 for k in drawn.links if k.kind == "info") > 0
    assert len(solid) == sum(1 for k in drawn.links if k.kind == "to") > 0


def test_an_empty_network_draws_nothing() -> None:
    drawn = layout(build_network([], [], 0))
    assert drawn.nodes == () and drawn.links == ()
    _check(drawn)


names = st.text(alphabet="ABCDEFGHIJ KLMN", min_size=1, max_size=60).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(names, names, st.integers(0, 40), st.integers(0, 40)).filter(
            lambda t: t[0] != t[1] and t[2] + t[3] > 0
        ),
        max_size=40,
    )
)
def test_any_network_is_drawn_within_its_bounds(pairs: list[tuple[str, str, int, int]]) -> None:
    edges: dict[tuple[str, str], NetworkEdge] = {}
    for s, t, to, info in pairs:
        edges.setdefault((s, t), NetworkEdge(s, t, "2006", to, info, max(to, info)))
    rows = [(e.source, e.target, e.year, e.to, e.info, e.cables) for e in edges.values()]
    sent: dict[str, int] = {}
    for e in edges.values():
        sent[e.source] = sent.get(e.source, 0) + e.cables
    drawn = layout(build_network(rows, sent.items(), sum(sent.values())).top(30, 80))
    _check(drawn)
    placed: dict[tuple[str, str], PlacedNode] = {(p.side, p.name): p for p in drawn.nodes}
    assert len(placed) == len(drawn.nodes)  # a name once a column
