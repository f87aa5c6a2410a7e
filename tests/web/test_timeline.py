"""The timeline's geometry (web/timeline.py) on threads written by hand: lanes, x by date,
ghosts before the cables citing them, no two nodes of a lane touching, arrows from edge to
edge."""

from __future__ import annotations

import itertools
import math
import random
from datetime import datetime, timedelta

import pytest

from cablearchive.graph.threads import Thread, ThreadEdge, ThreadNode
from cablearchive.web.timeline import (
    GHOST_LANE,
    UNDATED_LANE,
    Placed,
    Timeline,
    layout,
    sizes_for,
    step,
)


def cable(cable_id: str, created: str | None, origin: str | None = "Embassy Ankara") -> ThreadNode:
    return ThreadNode(cable_id, 1, True, f"subject of {cable_id}", created, "CONFIDENTIAL", origin)


def ghost(cable_id: str) -> ThreadNode:
    return ThreadNode(cable_id, 2, False)


def thread(root: str, nodes: list[ThreadNode], edges: list[tuple[str, str]]) -> Thread:
    ordered = sorted(nodes, key=lambda n: (n.created is None, n.created or "", n.id))
    return Thread(
        root, tuple(ordered), tuple(ThreadEdge(a, b) for a, b in edges), 3, 150, False, ()
    )


def demarche() -> Thread:
    """The shape of the examples' demarche: a State cable, replies from posts, ghosts."""
    nodes = [
        cable("09STATE47316", "2009-05-08T19:02:00Z", "Secretary of State"),
        cable("09ANKARA718", "2009-05-14T15:30:00Z", "Embassy Ankara"),
        cable("09ATHENS790", "2009-05-21T14:08:00Z", "Embassy Athens"),
        cable("09SOFIA293", "2009-05-26T15:37:00Z", "Embassy Sofia"),
        cable("09STATE58804", "2009-06-12T17:21:00Z", "Secretary of State"),
        ghost("09ANKARA598"),
        ghost("09ATHENS745"),
    ]
    edges = [
        ("09ANKARA718", "09STATE47316"),
        ("09ATHENS790", "09STATE47316"),
        ("09SOFIA293", "09STATE47316"),
        ("09STATE58804", "09STATE47316"),
        ("09STATE47316", "09ANKARA598"),
        ("09ANKARA718", "09ANKARA598"),
        ("09ATHENS790", "09ATHENS745"),
    ]
    return thread("09STATE47316", nodes, edges)


def at(tl: Timeline, cable_id: str) -> Placed:
    found = tl.placed(cable_id)
    assert found is not None
    return found


def assert_sound(t: Thread, tl: Timeline) -> None:
    """What every timeline must hold, whatever the thread."""
    assert [p.node.id for p in tl.nodes] == [n.id for n in t.nodes]
    # x follows the dates.
    dated = sorted((n.created, n.id) for n in t.nodes if n.created)
    xs = [at(tl, i).x for _, i in dated]
    assert xs == sorted(xs)
    # No two nodes of a lane touch.
    for lane in range(len(tl.lanes)):
        row = sorted(p.x for p in tl.nodes if p.lane == lane)
        assert all(b - a >= 2 * tl.sizes.radius for a, b in itertools.pairwise(row))
    # Every node inside the drawing, right of the lane labels, on its lane's line.
    for p in tl.nodes:
        assert tl.margin < p.x - tl.sizes.radius and p.x + tl.sizes.radius <= tl.width
        lane = tl.lanes[p.lane]
        assert lane.top < p.y - tl.sizes.radius and p.y + tl.sizes.radius < lane.top + lane.height
        assert p.y == lane.y
    # Each undated node before the earliest dated cable citing it.
    for n in t.nodes:
        if n.created is None:
            dated_citing = [
                at(tl, e.citing).x
                for e in t.edges
                if e.cited == n.id and (c := t.node(e.citing)) and c.created
            ]
            if dated_citing:
                assert at(tl, n.id).x < min(dated_citing), n.id
    # One arrow an edge, from the citing node's circle to the cited node's.
    assert [(a.citing, a.cited) for a in tl.arrows] == [(e.citing, e.cited) for e in t.edges]
    r = tl.sizes.radius
    for a in tl.arrows:
        start, end = at(tl, a.citing), at(tl, a.cited)
        assert math.hypot(a.x1 - start.x, a.y1 - start.y) == pytest.approx(r + 1)
        assert math.hypot(a.x2 - end.x, a.y2 - end.y) == pytest.approx(r + 2)
        assert a.to_ghost == (not end.node.present)
    # Ids written under nodes never run into one another in a lane.
    for lane in range(len(tl.lanes)):
        spans = sorted(
            (p.x - len(p.node.id) * 3.05, p.x + len(p.node.id) * 3.05)
            for p in tl.nodes
            if p.lane == lane and p.labelled
        )
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_one_lane_per_origin_in_the_order_of_their_first_cable_ghosts_last() -> None:
    t = demarche()
    tl = layout(t)
    assert [lane.label for lane in tl.lanes] == [
        "Secretary of State",
        "Embassy Ankara",
        "Embassy Athens",
        "Embassy Sofia",
        GHOST_LANE,
    ]
    assert tl.lanes[-1].ghosts and not any(lane.ghosts for lane in tl.lanes[:-1])
    assert at(tl, "09STATE58804").lane == at(tl, "09STATE47316").lane == 0
    assert {at(tl, g).lane for g in ("09ANKARA598", "09ATHENS745")} == {4}
    assert_sound(t, tl)


def test_x_by_date_and_ghosts_just_before_the_first_cable_citing_them() -> None:
    t = demarche()
    tl = layout(t)
    order = ["09STATE47316", "09ANKARA718", "09ATHENS790", "09SOFIA293", "09STATE58804"]
    xs = [at(tl, i).x for i in order]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    # 09ANKARA598 is cited by the demarche (the first cable) and by 09ANKARA718: it goes a gap
    # before the demarche, which moves right to leave it room.
    assert at(tl, "09ANKARA598").x == pytest.approx(at(tl, "09STATE47316").x - tl.sizes.gap)
    assert at(tl, "09ATHENS745").x == pytest.approx(at(tl, "09ATHENS790").x - tl.sizes.gap)


def test_the_root_is_marked_and_always_labelled() -> None:
    tl = layout(demarche())
    roots = [p for p in tl.nodes if p.root]
    assert [p.node.id for p in roots] == ["09STATE47316"] and roots[0].labelled


def test_the_axis_dates_are_those_of_the_cables_under_them() -> None:
    tl = layout(demarche())
    assert tl.ticks[0].label == "2009-05-08"
    for tick in tl.ticks:
        under = [p for p in tl.nodes if p.x == tick.x]
        assert under and all((p.node.created or "")[:10] == tick.label for p in under)
    assert all(b.x - a.x >= 74 for a, b in itertools.pairwise(tl.ticks))


def test_cables_of_one_moment_in_one_lane_do_not_overlap() -> None:
    same = "2009-05-08T10:00:00Z"
    nodes = [cable(f"09STATE{i}", same, "Secretary of State") for i in range(1, 8)]
    t = thread("09STATE1", nodes, [(f"09STATE{i}", "09STATE1") for i in range(2, 8)])
    tl = layout(t)
    xs = [at(tl, n.id).x for n in t.nodes]
    assert all(b - a == pytest.approx(tl.sizes.gap) for a, b in itertools.pairwise(xs))
    assert_sound(t, tl)
    # Arrows between nodes of one lane bow upwards, clear of the nodes between.
    assert all(a.cy < at(tl, a.citing).y for a in tl.arrows)


def test_cables_of_one_moment_in_different_lanes_share_their_x() -> None:
    same = "2009-05-08T10:00:00Z"
    t = thread(
        "09STATE1",
        [cable("09STATE1", same, "Secretary of State"), cable("09ANKARA1", same)],
        [("09ANKARA1", "09STATE1")],
    )
    tl = layout(t)
    assert at(tl, "09STATE1").x == at(tl, "09ANKARA1").x
    assert at(tl, "09STATE1").lane != at(tl, "09ANKARA1").lane
    assert_sound(t, tl)


def test_long_gaps_are_shortened_but_keep_their_order() -> None:
    assert step(0, 20) == 0
    assert step(1, 20) < step(7, 20) < step(365, 20) < step(365 * 30, 20)
    assert step(365 * 30, 20) < 20 * 20  # thirty years take less than twenty nodes' room
    t = thread(
        "75STATE1",
        [
            cable("75STATE1", "1975-01-02T00:00:00Z", "Secretary of State"),
            cable("09ANKARA1", "2009-05-08T00:00:00Z"),
            cable("09ANKARA2", "2009-05-09T00:00:00Z"),
        ],
        [("09ANKARA1", "75STATE1"), ("09ANKARA2", "09ANKARA1")],
    )
    tl = layout(t)
    assert tl.width < 800
    assert_sound(t, tl)


def test_a_thread_rooted_at_a_ghost_and_an_undated_cable_of_the_archive() -> None:
    t = thread(
        "09ANKARA598",
        [
            ghost("09ANKARA598"),
            cable("09ANKARA718", "2009-05-14T15:30:00Z"),
            cable("09ANKARA9", None),
        ],
        [("09ANKARA718", "09ANKARA598"), ("09ANKARA9", "09ANKARA598")],
    )
    tl = layout(t)
    assert [lane.label for lane in tl.lanes] == ["Embassy Ankara", UNDATED_LANE, GHOST_LANE]
    assert at(tl, "09ANKARA598").root and at(tl, "09ANKARA598").ghost
    assert_sound(t, tl)


def test_an_empty_origin_has_a_lane_named_so() -> None:
    t = thread("09X1", [cable("09X1", "2009-01-01T00:00:00Z", None)], [])
    tl = layout(t)
    assert [lane.label for lane in tl.lanes] == ["Origin unknown"]
    assert_sound(t, tl)


def test_long_origins_are_cut_in_the_drawing_only() -> None:
    name = "Embassy of a country whose name runs on and on for ever"
    tl = layout(thread("09X1", [cable("09X1", "2009-01-01T00:00:00Z", name)], []))
    assert tl.lanes[0].label == name
    assert tl.lanes[0].short.endswith("…") and len(tl.lanes[0].short) < len(name)


def test_nodes_and_lanes_shrink_as_the_thread_grows() -> None:
    small, middle, large = sizes_for(13), sizes_for(60), sizes_for(150)
    assert small.radius > middle.radius > large.radius
    assert small.lane > middle.lane > large.lane


def big_thread(count: int, origins: int, seed: int) -> Thread:
    """A thread of `count` cables over `origins` posts in two bursts a year apart, a tenth of
    them ghosts, each cable citing one or two earlier ones."""
    rng = random.Random(seed)
    first = datetime(2008, 3, 1)
    nodes: list[ThreadNode] = []
    edges: set[tuple[str, str]] = set()
    for i in range(count):
        if i and i % 10 == 0:
            nodes.append(ghost(f"08GHOST{i}"))
            edges.add((rng.choice([n.id for n in nodes if n.present]), f"08GHOST{i}"))
            continue
        days = rng.uniform(0, 40) + (365 if i > count // 2 else 0)
        created = (first + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        node = cable(f"08POST{i}", created, f"Embassy {rng.randrange(origins)}")
        earlier = [n.id for n in nodes if n.present]
        for cited in rng.sample(earlier, min(len(earlier), rng.choice((1, 2)))):
            edges.add((node.id, cited))
        nodes.append(node)
    return thread(nodes[0].id, nodes, sorted(edges))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_thread_of_150_cables_holds_together(seed: int) -> None:
    t = big_thread(150, 25, seed)
    tl = layout(t)
    assert tl.sizes == sizes_for(150)
    assert len(tl.lanes) <= 26
    assert tl.height < 30 + 26 * tl.sizes.lane + 10
    assert_sound(t, tl)
