"""Threads as text (an indented tree, by date) and as Graphviz DOT; pure string building."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import NamedTuple, Protocol

from cablearchive.graph.threads import Thread, ThreadNode


class Branch(NamedTuple):
    """A cable in the thread's tree."""

    node: ThreadNode
    depth: int  # 0 for the cable asked for
    relation: str  # to its parent: "cites" or "cited by" ("" for the cable asked for)
    parent: str | None  # the cable it was reached from


def thread_tree(thread: Thread) -> list[Branch]:
    """The thread as a tree from the cable asked for: each cable under the one it was reached
    from (the earliest such, then by id), children by date; with its depth, its parent and how
    it is linked to it (`cites` it, or `cited by` it)."""
    by_id = {n.id: n for n in thread.nodes}
    place = {n.id: i for i, n in enumerate(thread.nodes)}  # date order
    links: dict[str, set[str]] = {n.id: set() for n in thread.nodes}
    cites = {(e.citing, e.cited) for e in thread.edges}
    for e in thread.edges:
        links[e.citing].add(e.cited)
        links[e.cited].add(e.citing)
    children: dict[str, list[str]] = {n.id: [] for n in thread.nodes}
    for node in thread.nodes:
        if node.id == thread.root:
            continue
        parents = [p for p in links[node.id] if by_id[p].steps == node.steps - 1]
        if parents:
            children[min(parents, key=place.__getitem__)].append(node.id)
    out: list[Branch] = []

    def visit(cable_id: str, depth: int, relation: str, parent: str | None) -> None:
        out.append(Branch(by_id[cable_id], depth, relation, parent))
        for child in sorted(children[cable_id], key=place.__getitem__):
            relation = "cites" if (child, cable_id) in cites else "cited by"
            visit(child, depth + 1, relation, cable_id)

    visit(thread.root, 0, "", None)
    return out


def thread_text(thread: Thread) -> str:
    lines = [
        f"thread of {thread.root}: {len(thread.nodes)} cables, {len(thread.edges)} citations"
        f" (depth {thread.depth}, at most {thread.limit} cables)"
    ]
    lines += [f"note: {note}" for note in thread.notes]
    for node, depth, relation, parent in thread_tree(thread):
        date = (node.created or "")[:10] or "undated"
        subject = node.subject or "(no subject)"
        what = (
            f"{node.origin or '-'} · {node.classification or '-'} · {subject}"
            if node.present
            else "not in the archive"
        )
        link = f"  ({relation} {parent})" if parent else "  (the cable asked for)"
        lines.append(f"{'  ' * depth}{node.id}  {date}  {what}{link}")
    if thread.truncated:
        lines.append("… more cables lie beyond this depth or size (--depth, --limit)")
    return "\n".join(lines)


def thread_dot(thread: Thread) -> str:
    """Graphviz DOT: an arrow from each citing cable to the cable it cites; ghosts dashed,
    the cable asked for in bold."""
    lines = [
        f"digraph {json.dumps('thread of ' + thread.root)} {{",
        "  rankdir=LR;",
        '  node [shape=box, fontname="Helvetica", fontsize=10];',
    ]
    for n in thread.nodes:
        label = "\\n".join(
            x for x in (n.id, (n.created or "")[:10], n.origin or "", _short(n.subject)) if x
        )
        attributes = [f"label={_quoted(label)}"]
        if not n.present:
            attributes.append('style=dashed, tooltip="not in the archive"')
        if n.id == thread.root:
            attributes.append("penwidth=2.5")
        lines.append(f"  {_quoted(n.id)} [{', '.join(attributes)}];")
    lines += [f"  {_quoted(e.citing)} -> {_quoted(e.cited)};" for e in thread.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _short(subject: str | None, width: int = 48) -> str:
    if not subject:
        return ""
    subject = subject.replace("\\", "/")  # a backslash would start an escape in DOT
    return subject if len(subject) <= width else subject[: width - 1] + "…"


def _quoted(text: str) -> str:
    """A DOT string: quotes and backslashes escaped, line breaks (`\\n`) kept."""
    return '"' + text.replace('"', '\\"') + '"'


class _Citing(Protocol):
    @property
    def id(self) -> str: ...


class _Wanted(Protocol):
    """A cable cited but missing, as the store lists them (store/graph.py `Wanted`)."""

    @property
    def id(self) -> str: ...
    @property
    def cited(self) -> int: ...
    @property
    def rank_order(self) -> int: ...
    @property
    def origins(self) -> tuple[tuple[str, int], ...]: ...
    @property
    def citing(self) -> tuple[_Citing, ...]: ...


# The most wanted list as CSV (the CLI's `wanted --csv` and the viewer's /wanted.csv).
WANTED_COLUMNS = ("place", "id", "cited_by", "pagerank_place", "origins", "citing")


def wanted_rows(items: Iterable[_Wanted], first_place: int = 1) -> Iterator[tuple[object, ...]]:
    """A row per cable: its place in the list, how many cables cite it, its place by PageRank
    among all cables and ghosts, the origins citing it (`Embassy Ankara (3); ...`) and the ids
    of the citing cables."""
    for place, w in enumerate(items, start=first_place):
        origins = "; ".join(f"{o} ({n})" for o, n in w.origins)
        yield (place, w.id, w.cited, w.rank_order, origins, " ".join(c.id for c in w.citing))
