"""Where a thread's cables go on its timeline: pure geometry, drawn as SVG by thread.html.

Time runs across, one lane per origin. The x axis keeps the order of the dates but not their
proportions: the gap between two successive dates takes room growing with the logarithm of
its length, so that a thread of six weeks and one spanning 1975 to 2010 are both readable (a
linear axis would crush the 2009 cables of the second into one point). The dates themselves
are written on the axis, at the cables. Undated cables (ghosts: cited, not in the archive)
have lanes of their own at the bottom, each just before the earliest cable citing it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from cablearchive.graph.threads import Thread, ThreadNode

GHOST_LANE = "Not in the archive"
UNDATED_LANE = "Undated"
UNKNOWN_ORIGIN = "Origin unknown"
AXIS_HEIGHT = 30.0
LANE_FONT = 12.0  # px, the lane labels
ID_FONT = 10.0  # px, monospace: the cable ids under the nodes
ID_CHAR = 6.1  # px per character of an id at ID_FONT
LANE_CHAR = 6.6  # px per character of a lane label at LANE_FONT (a sans, on average)
LANE_LABEL_MAX = 170.0  # px: longer origins are cut (whole in the lane's <title>)
TICK_ROOM = 74.0  # px between two dates written on the axis


@dataclass(frozen=True, slots=True)
class Sizes:
    """How big a node is and how tall a lane: smaller as the thread grows."""

    radius: float
    lane: float
    gap: float  # the least distance between the centres of two nodes of a lane


def sizes_for(count: int) -> Sizes:
    if count <= 30:
        return Sizes(9.0, 46.0, 24.0)
    if count <= 80:
        return Sizes(7.0, 36.0, 19.0)
    return Sizes(5.0, 28.0, 14.0)


@dataclass(frozen=True, slots=True)
class Lane:
    label: str  # the origin, or GHOST_LANE / UNDATED_LANE
    short: str  # the label as drawn (cut to fit the margin)
    top: float
    height: float
    y: float  # where its nodes' centres are
    ghosts: bool


@dataclass(frozen=True, slots=True)
class Placed:
    node: ThreadNode
    x: float
    y: float
    lane: int
    root: bool  # the cable asked for
    labelled: bool  # its id is written under it (where there is room)

    @property
    def ghost(self) -> bool:
        return not self.node.present


@dataclass(frozen=True, slots=True)
class Arrow:
    """From a citing cable to the cable it cites: a quadratic curve from (x1, y1) to (x2, y2)
    through control point (cx, cy), straight when the control point is the midpoint."""

    citing: str
    cited: str
    x1: float
    y1: float
    cx: float
    cy: float
    x2: float
    y2: float
    to_ghost: bool

    @property
    def path(self) -> str:
        return (
            f"M{self.x1:.1f},{self.y1:.1f} Q{self.cx:.1f},{self.cy:.1f} {self.x2:.1f},{self.y2:.1f}"
        )


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    width: float
    height: float
    sizes: Sizes
    margin: float  # the lane labels' column, left of the nodes
    lanes: tuple[Lane, ...]
    nodes: tuple[Placed, ...]  # as the thread orders them (by date, ghosts last)
    arrows: tuple[Arrow, ...]
    ticks: tuple[Tick, ...]

    def placed(self, cable_id: str) -> Placed | None:
        return next((p for p in self.nodes if p.node.id == cable_id), None)


def when(node: ThreadNode) -> datetime | None:
    """A node's creation time, None when undated (or the date cannot be read)."""
    if not node.created:
        return None
    try:
        found = datetime.fromisoformat(node.created)
    except ValueError:
        return None
    return found.replace(tzinfo=None)


def step(days: float, gap: float) -> float:
    """The room between two successive dates `days` apart: none for the same moment, about a
    node's width for a day, three for a week, eight for a year."""
    return 1.2 * gap * math.log2(1 + max(days, 0.0))


def lane_of(node: ThreadNode, dated: bool) -> str:
    if not node.present:
        return GHOST_LANE
    if not dated:
        return UNDATED_LANE
    return node.origin or UNKNOWN_ORIGIN


def _cut(label: str, room: float) -> str:
    most = max(4, int(room / LANE_CHAR))
    return label if len(label) <= most else label[: most - 1] + "…"


def layout(thread: Thread) -> Timeline:
    """The timeline of `thread`: lanes, node centres, arrows and the dates on the axis."""
    s = sizes_for(len(thread.nodes))
    times = {n.id: when(n) for n in thread.nodes}
    lane_names = _lane_order(thread.nodes, times)
    lane_index = {name: i for i, name in enumerate(lane_names)}
    longest = max((len(name) for name in lane_names), default=0)
    margin = min(LANE_LABEL_MAX, longest * LANE_CHAR) + 16
    # Room for the first node's id, written under it, to clear the lane labels.
    widest = max((len(n.id) for n in thread.nodes), default=0) * ID_CHAR / 2
    start = margin + max(s.radius, widest) + 4

    xs = _dated_x(thread.nodes, times, s, start)
    xs.update(_undated_x(thread, times, xs, s, start))
    lowest = min(xs.values(), default=start)
    if lowest < start:  # ghosts before the first dated cable: everything moves right
        xs = {k: x + start - lowest for k, x in xs.items()}

    lanes = _lanes(lane_names, s, margin)
    placed = [
        Placed(
            n,
            xs[n.id],
            lanes[lane_index[lane_of(n, times[n.id] is not None)]].y,
            lane_index[lane_of(n, times[n.id] is not None)],
            n.id == thread.root,
            False,
        )
        for n in thread.nodes
    ]
    placed = _with_labels(placed)
    by_id = {p.node.id: p for p in placed}
    arrows = tuple(
        arrow(by_id[e.citing], by_id[e.cited], s)
        for e in thread.edges
        if e.citing in by_id and e.cited in by_id
    )
    right = max((p.x for p in placed), default=start)
    width = right + max(s.radius, 7 * ID_CHAR) + 12
    height = AXIS_HEIGHT + len(lanes) * s.lane + 6
    return Timeline(
        round(width, 1), height, s, margin, tuple(lanes), tuple(placed), arrows, _ticks(placed)
    )


def _lane_order(nodes: tuple[ThreadNode, ...], times: dict[str, datetime | None]) -> list[str]:
    """Origins in the order of their first cable (the nodes come by date), then the undated
    lanes."""
    names: dict[str, None] = {}
    for n in nodes:
        if times[n.id] is not None:
            names.setdefault(lane_of(n, True))
    for special in (UNDATED_LANE, GHOST_LANE):
        if any(lane_of(n, times[n.id] is not None) == special for n in nodes):
            names.setdefault(special)
    return list(names)


def _lanes(names: list[str], s: Sizes, margin: float) -> list[Lane]:
    out = []
    for i, name in enumerate(names):
        top = AXIS_HEIGHT + i * s.lane
        # The node in the upper part of the lane, its id written under it.
        y = top + (s.lane - ID_FONT - 2) / 2
        out.append(Lane(name, _cut(name, margin - 16), top, s.lane, y, name == GHOST_LANE))
    return out


def _dated_x(
    nodes: tuple[ThreadNode, ...],
    times: dict[str, datetime | None],
    s: Sizes,
    start: float,
) -> dict[str, float]:
    """Dated nodes, by date: each after the one before by the room its date's distance
    takes, and at least a gap after the last node of its lane, so that x follows the dates
    and no two nodes of a lane touch."""
    dated = sorted(
        ((t, n) for n in nodes if (t := times[n.id]) is not None), key=lambda p: (p[0], p[1].id)
    )
    xs: dict[str, float] = {}
    last_in_lane: dict[str, float] = {}
    x = start
    before: datetime | None = None
    for t, n in dated:
        if before is not None:
            x += step((t - before).total_seconds() / 86400, s.gap)
        lane = lane_of(n, True)
        if lane in last_in_lane:
            x = max(x, last_in_lane[lane] + s.gap)
        xs[n.id] = last_in_lane[lane] = x
        before = t
    return xs


def _undated_x(
    thread: Thread,
    times: dict[str, datetime | None],
    xs: dict[str, float],
    s: Sizes,
    start: float,
) -> dict[str, float]:
    """Each undated node a gap before the earliest dated cable citing it (at the start when
    none is dated); in its lane, pushed left of its neighbour rather than onto it, so it stays
    before the cables citing it."""
    citers: dict[str, list[float]] = {}
    for e in thread.edges:
        if e.citing in xs:
            citers.setdefault(e.cited, []).append(xs[e.citing])
    wanted: dict[str, list[tuple[float, str]]] = {}
    for n in thread.nodes:
        if times[n.id] is None:
            x = min(citers[n.id]) - s.gap if n.id in citers else start
            wanted.setdefault(lane_of(n, False), []).append((x, n.id))
    out: dict[str, float] = {}
    for row in wanted.values():
        limit = math.inf
        for x, cable_id in sorted(row, key=lambda p: (-p[0], p[1])):
            out[cable_id] = limit = min(x, limit - s.gap)
    return out


def _with_labels(placed: list[Placed]) -> list[Placed]:
    """Which ids are written under their nodes: the cable asked for always, then the others
    in date order where the id does not run into another written in the same lane."""
    taken: dict[int, list[tuple[float, float]]] = {}
    order = sorted(range(len(placed)), key=lambda i: (not placed[i].root, placed[i].x))
    shown: set[int] = set()
    for i in order:
        p = placed[i]
        half = len(p.node.id) * ID_CHAR / 2 + 3
        span = (p.x - half, p.x + half)
        spans = taken.setdefault(p.lane, [])
        if p.root or all(span[1] <= a or span[0] >= b for a, b in spans):
            spans.append(span)
            shown.add(i)
    return [
        Placed(p.node, p.x, p.y, p.lane, p.root, i in shown) if i in shown else p
        for i, p in enumerate(placed)
    ]


def arrow(citing: Placed, cited: Placed, s: Sizes) -> Arrow:
    """The arrow between two placed nodes, from edge to edge of their circles. Between nodes
    of one lane it bows upwards, so that it does not run through the nodes between them."""
    mx, my = (citing.x + cited.x) / 2, (citing.y + cited.y) / 2
    if abs(citing.y - cited.y) < 0.5:
        bow = min(max(abs(citing.x - cited.x) * 0.25, s.radius * 1.5), s.lane * 0.9)
        my -= bow
    x1, y1 = _towards(citing.x, citing.y, mx, my, s.radius + 1)
    x2, y2 = _towards(cited.x, cited.y, mx, my, s.radius + 2)
    return Arrow(citing.node.id, cited.node.id, x1, y1, mx, my, x2, y2, not cited.node.present)


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    """The point `distance` from (x, y) on the way to (tx, ty)."""
    dx, dy = tx - x, ty - y
    length = math.hypot(dx, dy)
    if length == 0:
        return x, y
    return x + dx / length * distance, y + dy / length * distance


def _ticks(placed: list[Placed]) -> tuple[Tick, ...]:
    """Dates written on the axis: at the first cable of each day, where there is room."""
    out: list[Tick] = []
    seen: set[str] = set()
    for p in sorted(placed, key=lambda p: p.x):
        day = (p.node.created or "")[:10]
        if not day or day in seen or when(p.node) is None:
            continue
        seen.add(day)
        if out and p.x - out[-1].x < TICK_ROOM:
            continue
        out.append(Tick(p.x, day))
    return tuple(out)
