"""The thread of a cable: the cables it cites and those citing it, followed both ways.

Pure: the citations come from a lookup the caller gives (the store's SQL), so that the walk
is the same for the CLI, the API and the viewer, and testable on a graph written by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

DEFAULT_DEPTH = 3
DEFAULT_LIMIT = 150
MAX_DEPTH = 10  # beyond this, a thread of Cablegate is its whole giant component
MAX_LIMIT = 1000  # a timeline of more cables cannot be read; a JSON of more, asked for rarely

# Citations touching some ids: (citing, cited) pairs where either is among them.
Citations = Callable[[set[str]], Iterable[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class ThreadEdge:
    citing: str
    cited: str


@dataclass(frozen=True, slots=True)
class ThreadWalk:
    """Which cables a thread holds (in the order found) and its citations among them."""

    root: str
    found: tuple[tuple[str, int], ...]  # (id, steps from the root)
    edges: tuple[ThreadEdge, ...]
    depth: int
    limit: int
    truncated: bool  # cables lie beyond the depth or the limit
    notes: tuple[str, ...]  # options cut to their bounds, in words


@dataclass(frozen=True, slots=True)
class ThreadNode:
    id: str
    steps: int  # citations between it and the cable asked for
    present: bool  # in the archive; False: cited only (a ghost)
    subject: str | None = None
    created: str | None = None
    classification: str | None = None
    origin: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "steps": self.steps,
            "present": self.present,
            "subject": self.subject,
            "created": self.created,
            "classification": self.classification,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Thread:
    root: str
    nodes: tuple[ThreadNode, ...]  # by date (ghosts, undated, after the dated), then id
    edges: tuple[ThreadEdge, ...]
    depth: int
    limit: int
    truncated: bool
    notes: tuple[str, ...]

    def node(self, cable_id: str) -> ThreadNode | None:
        return next((n for n in self.nodes if n.id == cable_id), None)

    def to_dict(self) -> dict[str, object]:
        return {
            "root": self.root,
            "depth": self.depth,
            "limit": self.limit,
            "truncated": self.truncated,
            "notes": list(self.notes),
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [{"citing": e.citing, "cited": e.cited} for e in self.edges],
        }


def bounded(depth: int, limit: int) -> tuple[int, int, tuple[str, ...]]:
    """The depth and size asked for, cut to their bounds, with a note for each cut."""
    notes = []
    if depth < 1:
        notes.append(f"depth {depth} is less than 1: 1 is used")
        depth = 1
    elif depth > MAX_DEPTH:
        notes.append(f"depth {depth} is more than the most, {MAX_DEPTH}: {MAX_DEPTH} is used")
        depth = MAX_DEPTH
    if limit < 1:
        notes.append(f"a limit of {limit} cables is less than 1: 1 is used")
        limit = 1
    elif limit > MAX_LIMIT:
        notes.append(
            f"a limit of {limit} cables is more than the most, {MAX_LIMIT}: {MAX_LIMIT} is used"
        )
        limit = MAX_LIMIT
    return depth, limit, tuple(notes)


def follow_thread(
    root: str, citations: Citations, depth: int = DEFAULT_DEPTH, limit: int = DEFAULT_LIMIT
) -> ThreadWalk:
    """Breadth first from `root`, both ways along citations, up to `depth` steps and `limit`
    cables (the root included), then every citation among the cables found. Cables found at
    the same step come in id order, so the cut at `limit` is the same every time."""
    depth, limit, notes = bounded(depth, limit)
    steps: dict[str, int] = {root: 0}
    frontier = {root}
    truncated = False
    for step in range(1, depth + 2):
        if not frontier:
            break
        fresh = sorted({x for pair in citations(frontier) for x in pair} - steps.keys())
        if step > depth:  # one look further: is there more to the thread than shown?
            truncated = bool(fresh)
            break
        room = limit - len(steps)
        if len(fresh) > room:
            truncated = True
            fresh = fresh[:room]
        steps.update((cable_id, step) for cable_id in fresh)
        frontier = set(fresh)
        if truncated:
            break
    pairs = {(a, b) for a, b in citations(set(steps)) if a != b and a in steps and b in steps}
    edges = tuple(ThreadEdge(a, b) for a, b in sorted(pairs))
    return ThreadWalk(root, tuple(steps.items()), edges, depth, limit, truncated, notes)


def thread_of(walk: ThreadWalk, known: dict[str, ThreadNode]) -> Thread:
    """The walk with what the archive knows of its cables (`known`, by id; absent: ghosts),
    ordered by date."""
    nodes = [
        known.get(cable_id) or ThreadNode(cable_id, steps, False) for cable_id, steps in walk.found
    ]
    nodes = [
        n if n.steps == steps else _with_steps(n, steps)
        for n, (_, steps) in zip(nodes, walk.found, strict=True)
    ]
    nodes.sort(key=lambda n: (n.created is None, n.created or "", n.id))
    return Thread(
        walk.root, tuple(nodes), walk.edges, walk.depth, walk.limit, walk.truncated, walk.notes
    )


def _with_steps(node: ThreadNode, steps: int) -> ThreadNode:
    return ThreadNode(
        node.id, steps, node.present, node.subject, node.created, node.classification, node.origin
    )
