"""Walking a thread over citations written by hand, its bounds, and its text and DOT forms."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from cablearchive.graph.render import thread_dot, thread_text, thread_tree
from cablearchive.graph.threads import (
    MAX_DEPTH,
    MAX_LIMIT,
    ThreadNode,
    bounded,
    follow_thread,
    thread_of,
)

# A chain A <- B <- C <- D <- E (each cites the one before), and F citing B, G a ghost B cites.
EDGES = [("B", "A"), ("C", "B"), ("D", "C"), ("E", "D"), ("F", "B"), ("B", "G")]
DATES = {"A": "2009-01-01", "B": "2009-01-02", "C": "2009-01-03", "D": "2009-01-04",
         "E": "2009-01-05", "F": "2009-01-06"}  # fmt: skip


def citations(ids: set[str]) -> Iterable[tuple[str, str]]:
    return [(a, b) for a, b in EDGES if a in ids or b in ids]


def known(walk_ids: Iterable[str]) -> dict[str, ThreadNode]:
    return {i: ThreadNode(i, 0, True, f"subject {i}", DATES[i]) for i in walk_ids if i in DATES}


def test_a_thread_follows_citations_both_ways_up_to_its_depth() -> None:
    walk = follow_thread("B", citations, depth=1)
    assert dict(walk.found) == {"B": 0, "A": 1, "C": 1, "F": 1, "G": 1}
    assert walk.truncated  # D lies beyond
    two = follow_thread("B", citations, depth=2)
    assert dict(two.found)["D"] == 2 and "E" not in dict(two.found)
    whole = follow_thread("B", citations, depth=3)
    assert not whole.truncated and len(whole.found) == 7
    assert {(e.citing, e.cited) for e in whole.edges} == set(EDGES)


def test_a_thread_is_cut_at_its_limit_the_same_way_every_time() -> None:
    walk = follow_thread("B", citations, depth=3, limit=3)
    assert [i for i, _ in walk.found] == ["B", "A", "C"]  # step 1 in id order, cut
    assert walk.truncated
    assert {(e.citing, e.cited) for e in walk.edges} == {("B", "A"), ("C", "B")}


@pytest.mark.parametrize(
    ("depth", "limit", "expected", "said"),
    [
        (50, 150, (MAX_DEPTH, 150), f"depth 50 is more than the most, {MAX_DEPTH}"),
        (0, 150, (1, 150), "depth 0 is less than 1"),
        (3, 10**6, (3, MAX_LIMIT), f"is more than the most, {MAX_LIMIT}"),
        (3, -5, (3, 1), "less than 1"),
    ],
)
def test_depth_and_size_are_cut_to_their_bounds_with_a_note(
    depth: int, limit: int, expected: tuple[int, int], said: str
) -> None:
    d, n, notes = bounded(depth, limit)
    assert (d, n) == expected
    assert any(said in note for note in notes)
    walk = follow_thread("B", citations, depth=depth, limit=limit)
    assert (walk.depth, walk.limit) == expected and walk.notes == notes


def test_the_thread_in_date_order_ghosts_last_and_as_a_tree() -> None:
    walk = follow_thread("B", citations, depth=3)
    thread = thread_of(walk, known(i for i, _ in walk.found))
    assert [n.id for n in thread.nodes] == ["A", "B", "C", "D", "E", "F", "G"]
    assert thread.node("G") is not None and not thread.node("G").present  # type: ignore[union-attr]
    assert thread.node("D").steps == 2  # type: ignore[union-attr]
    tree = [(b.node.id, b.depth, b.relation) for b in thread_tree(thread)]
    parents = {b.node.id: b.parent for b in thread_tree(thread)}
    assert parents == {"B": None, "A": "B", "C": "B", "D": "C", "E": "D", "F": "B", "G": "B"}
    assert tree == [
        ("B", 0, ""),
        ("A", 1, "cited by"),
        ("C", 1, "cites"),
        ("D", 2, "cites"),
        ("E", 3, "cites"),
        ("F", 1, "cites"),
        ("G", 1, "cited by"),
    ]
    text = thread_text(thread)
    assert text.splitlines()[1].startswith(
        "B  2009-01-02  - · - · subject B  (the cable asked for)"
    )
    assert "      E  2009-01-05" in text and "(cites D)" in text
    assert "  G  undated  not in the archive  (cited by B)" in text


def test_dot_marks_ghosts_and_the_cable_asked_for() -> None:
    walk = follow_thread("B", citations, depth=1)
    dot = thread_dot(thread_of(walk, known(i for i, _ in walk.found)))
    assert dot.startswith('digraph "thread of B" {')
    assert '"G" [label="G", style=dashed, tooltip="not in the archive"];' in dot
    assert "penwidth=2.5" in dot.split('"B" [', 1)[1].split("\n", 1)[0]
    assert '  "C" -> "B";' in dot and '  "B" -> "A";' in dot
    assert dot.rstrip().endswith("}")
