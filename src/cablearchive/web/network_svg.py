"""Who wrote to whom, drawn: the geometry of the network page's SVG (pure: no I/O, no archive).

Two columns: the posts that sent cables on the left, their addressees on the right, a post
that also receives appearing in both. A fixed row height keeps labels apart whatever the
names; each link is a curve from sender to addressee whose width follows its cables, one
curve for TO (solid) and one for INFO (dashed) where a pair has both. Senders are ordered
by cables sent, addressees by where their senders sit (the mean row of their senders,
weighted by cables), which uncrosses most curves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

from cablearchive.graph.network import Network, NetworkEdge, NetworkNode, NodeKind

Side = Literal["source", "target"]
LinkKind = Literal["to", "info"]

ROW = 26.0  # px between rows: above the labels' height (FONT) and the largest node's
FONT = 12.0  # px, the labels' size
LABEL_CHARS = 34  # longer names are cut (the full name is in the node's title)
CHAR_WIDTH = 0.68 * FONT  # an upper-case letter of a sans font, generously: for the label area
# Room for the columns' headings, at the least, beside the nodes (the labels set the rest).
HEADING_WIDTH = {"source": 110.0, "target": 190.0}
SMALLEST_SCALE = 0.85  # the drawing shrinks to fit a page down to this, then scrolls
GAP = 280.0  # px between the two columns of nodes, where the curves run
TOP = 34.0  # px above the first row: the columns' headings
PAD = 10.0
R_MIN, R_MAX = 3.0, 10.0  # node radius, by cables (area follows the count)
DIAMOND = 1.2  # a collective's diamond reaches this times its radius (see _shape)
W_MIN, W_MAX = 1.0, 9.0  # link width, by cables
WIDEST_FLOOR = 10  # cables drawn at W_MAX, at least
LABEL_GAP = 5.0  # px between a node and its label


@dataclass(frozen=True, slots=True)
class PlacedNode:
    name: str
    kind: NodeKind
    side: Side  # source: drawn as a sender (left); target: as an addressee (right)
    x: float
    y: float
    r: float
    cables: int  # sent (source) or received, TO and INFO (target): what its size shows
    label: str  # the name, cut to LABEL_CHARS
    node: NetworkNode

    @property
    def label_x(self) -> float:
        gap = self.r + LABEL_GAP
        return self.x - gap if self.side == "source" else self.x + gap

    @property
    def anchor(self) -> str:
        return "end" if self.side == "source" else "start"

    @property
    def label_extent(self) -> tuple[float, float]:
        """The x range the label may cover (estimated from its length)."""
        width = len(self.label) * CHAR_WIDTH
        if self.side == "source":
            return (self.label_x - width, self.label_x)
        return (self.label_x, self.label_x + width)


@dataclass(frozen=True, slots=True)
class PlacedLink:
    source: PlacedNode
    target: PlacedNode
    kind: LinkKind
    cables: int  # cables with the target among TO (kind to) or INFO (kind info)
    width: float
    start: tuple[float, float]  # on the source's circle
    end: tuple[float, float]  # on the target's shape
    edge: NetworkEdge

    @property
    def path(self) -> str:
        """A cubic curve, level where it leaves and where it arrives."""
        (x1, y1), (x2, y2) = self.start, self.end
        mid = (x1 + x2) / 2
        return f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


@dataclass(frozen=True, slots=True)
class Layout:
    width: float
    height: float
    x_source: float  # the senders' column
    x_target: float  # the addressees' column
    nodes: tuple[PlacedNode, ...]
    links: tuple[PlacedLink, ...]  # widest first: drawn first, so thin ones stay visible


def cut_label(name: str, limit: int = LABEL_CHARS) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def scaled(count: int, most: int, low: float, high: float) -> float:
    """`low` for none, `high` for the most, growing with the square root between: the area
    of a node, or the weight of a line, follows the count without a few giants hiding all."""
    if most <= 0 or count <= 0:
        return low
    return low + (high - low) * math.sqrt(min(count, most) / most)


def _received(n: NetworkNode) -> int:
    return n.to + n.info


def _target_order(
    targets: set[str], edges: Sequence[NetworkEdge], row_of: dict[str, int], by: dict[str, int]
) -> list[str]:
    """Addressees by the mean row of their senders (weighted by cables), then by cables."""
    total: dict[str, float] = {}
    weight: dict[str, int] = {}
    for e in edges:
        total[e.target] = total.get(e.target, 0.0) + row_of[e.source] * e.cables
        weight[e.target] = weight.get(e.target, 0) + e.cables
    return sorted(targets, key=lambda t: (total[t] / max(weight[t], 1), -by[t], t))


def layout(network: Network) -> Layout:
    """The drawing of `network` (already cut to what is shown: `Network.top`), whose edges
    are pairs (summed over the years)."""
    edges = network.by_pair() if any(e.year for e in network.edges) else network.edges
    nodes = {n.name: n for n in network.nodes}
    sources = [n.name for n in network.nodes if any(e.source == n.name for e in edges)]
    row_of = {name: i for i, name in enumerate(sources)}
    received = {name: _received(n) for name, n in nodes.items()}
    targets = _target_order({e.target for e in edges}, edges, row_of, received)
    rows = max(len(sources), len(targets))
    most = max([nodes[s].sent for s in sources] + [received[t] for t in targets] + [1])
    x_source = PAD + _label_room(sources, "source")
    x_target = x_source + GAP

    def column(names: list[str], side: Side, x: float) -> dict[str, PlacedNode]:
        # The shorter column is centred against the longer.
        offset = (rows - len(names)) * ROW / 2
        placed = {}
        for i, name in enumerate(names):
            n = nodes[name]
            count = n.sent if side == "source" else received[name]
            y = TOP + offset + ROW * (i + 0.5)
            placed[name] = PlacedNode(
                name, n.kind, side, x, y, scaled(count, most, R_MIN, R_MAX), count,
                cut_label(name), n,
            )  # fmt: skip
        return placed

    left = column(sources, "source", x_source)
    right = column(targets, "target", x_target)
    # A floor on the widest: in a network of few cables, one cable is not drawn as a rope.
    widest = max([e.cables for e in edges] + [WIDEST_FLOOR])
    links = []
    for e in edges:
        kinds: list[tuple[LinkKind, int]] = [("to", e.to), ("info", e.info)]
        kinds = [(k, c) for k, c in kinds if c]
        for i, (kind, count) in enumerate(kinds):
            # A pair with both kinds: the TO curve leaves above the centre, INFO below.
            shift = 0.0 if len(kinds) == 1 else (-0.5 if i == 0 else 0.5)
            a, b = left[e.source], right[e.target]
            links.append(
                PlacedLink(
                    a, b, kind, count, scaled(count, widest, W_MIN, W_MAX),
                    _on_circle(a, shift, +1), _on_circle(b, shift, -1), e,
                )
            )  # fmt: skip
    links.sort(key=lambda link: (-link.width, link.source.name, link.target.name, link.kind))
    width = x_target + _label_room(targets, "target") + PAD
    height = TOP + rows * ROW + PAD
    return Layout(
        width, height, x_source, x_target, (*left.values(), *right.values()), tuple(links)
    )


def _label_room(names: list[str], side: Side) -> float:
    """The width beside a column for its widest label (and its heading)."""
    widest = max((len(cut_label(n)) for n in names), default=0) * CHAR_WIDTH
    return max(R_MAX + LABEL_GAP + widest, HEADING_WIDTH[side])


def _on_circle(node: PlacedNode, shift: float, facing: int) -> tuple[float, float]:
    """The point of `node`'s circle `shift` of its radius above (-) or below (+) its centre,
    on the side facing the other column (+1: right, -1: left)."""
    dy = shift * node.r
    dx = math.sqrt(max(node.r * node.r - dy * dy, 0.0))
    return (node.x + facing * dx, node.y + dy)


# --- SVG -------------------------------------------------------------------------------------


def node_title(p: PlacedNode) -> str:
    n = p.node
    kind = {"post": "post", "addressee": "addressee", "collective": "collective address"}[n.kind]
    parts = [f"sent {_cables(n.sent)}"] if n.sent or p.side == "source" else []
    parts.append(f"addressed in {_cables(n.to + n.info)} (TO {n.to}, INFO {n.info})")
    return f"{n.name} ({kind}): {'; '.join(parts)}"


def link_title(link: PlacedLink) -> str:
    e = link.edge
    return (
        f"{e.source} → {e.target}: {_cables(e.cables)}, {e.to} with it among TO,"
        f" {e.info} among INFO"
    )


def _cables(n: int) -> str:
    return f"{n:,} cable{'' if n == 1 else 's'}"


def _shape(p: PlacedNode) -> str:
    """A circle; a collective address (every post of a region at once) a diamond."""
    if p.kind == "collective":
        r = p.r * DIAMOND  # a diamond of the circle's height looks smaller than the circle
        return (
            f'<path class="shape" d="M{p.x:.1f},{p.y - r:.1f} L{p.x + r:.1f},{p.y:.1f}'
            f' L{p.x:.1f},{p.y + r:.1f} L{p.x - r:.1f},{p.y:.1f} Z"/>'
        )
    return f'<circle class="shape" cx="{p.x:.1f}" cy="{p.y:.1f}" r="{p.r:.1f}"/>'


def render_svg(drawn: Layout, href: Callable[[PlacedNode], str], label: str) -> Markup:
    """The SVG of `drawn`: each node a link (`href` gives where) with a title and an
    aria-label saying its counts; `label` names the whole drawing."""
    out = [
        f'<svg class="network" viewBox="0 0 {drawn.width:.0f} {drawn.height:.0f}"'
        f' width="{drawn.width:.0f}" height="{drawn.height:.0f}" role="group"'
        f' style="max-width: {drawn.width:.0f}px; min-width: {drawn.width * SMALLEST_SCALE:.0f}px"'
        f' aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text class="heading" x="{drawn.x_source + R_MAX:.1f}" y="{TOP - 14:.1f}"'
        ' text-anchor="end">Senders (FM)</text>',
        f'<text class="heading" x="{drawn.x_target - R_MAX:.1f}" y="{TOP - 14:.1f}"'
        ' text-anchor="start">Addressees (TO, INFO)</text>',
        '<g class="links">',
    ]
    for link in drawn.links:
        out.append(
            f'<path class="link {link.kind}" d="{link.path}" stroke-width="{link.width:.1f}">'
            f"<title>{escape(link_title(link))}</title></path>"
        )
    out.append('</g><g class="nodes">')
    for p in drawn.nodes:
        title = node_title(p)
        out.append(
            f'<a class="node {p.kind} {p.side}" href="{escape(href(p))}"'
            f' aria-label="{escape(title)}"><title>{escape(title)}</title>{_shape(p)}'
            f'<text x="{p.label_x:.1f}" y="{p.y:.1f}" text-anchor="{p.anchor}"'
            f' dominant-baseline="central">{escape(p.label)}</text></a>'
        )
    out.append("</g></svg>")
    return Markup("\n".join(out))
