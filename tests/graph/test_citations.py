"""The citation graph's measures on graphs small enough to check by hand."""

from __future__ import annotations

import pytest

from cablearchive.graph import analyse_citations

CABLES = {
    "09STATE1": "2009-01-05T10:00:00Z",
    "09ANKARA2": "2009-01-07T08:00:00Z",
    "09ATHENS3": "2009-01-09T08:00:00Z",
    "09SOFIA4": "2009-01-12T08:00:00Z",
    "08LONE5": "2008-03-01T08:00:00Z",
    "09UNDATED6": None,
}
CITATIONS = [
    ("09ANKARA2", "09STATE1"),
    ("09ATHENS3", "09STATE1"),
    ("09SOFIA4", "09STATE1"),
    ("09SOFIA4", "09ANKARA2"),
    ("09SOFIA4", "09ANKARA2"),  # cited twice in one cable: one edge
    ("09ANKARA2", "09ANKARA2"),  # a cable citing itself: no edge
    ("09ATHENS3", "09GHOST7"),  # not in the archive: a ghost
    ("09UNDATED6", "09GHOST7"),
    ("99NOWHERE8", "09STATE1"),  # a citing cable not in the archive: ignored
]


def test_counts_ranks_and_threads_of_a_small_graph() -> None:
    found = analyse_citations(CABLES, CITATIONS)
    nodes = {n.id: n for n in found.nodes}
    assert set(nodes) == {*CABLES, "09GHOST7"}
    assert not nodes["09GHOST7"].present and nodes["09STATE1"].present
    assert {i: (n.cited, n.cites) for i, n in nodes.items()} == {
        "09STATE1": (3, 0),
        "09ANKARA2": (1, 1),
        "09ATHENS3": (0, 2),
        "09SOFIA4": (0, 2),
        "08LONE5": (0, 0),
        "09UNDATED6": (0, 1),
        "09GHOST7": (2, 0),
    }
    assert found.edges == 6
    assert sum(n.rank for n in found.nodes) == pytest.approx(1.0)
    assert nodes["09STATE1"].rank_order == 1  # the most cited, and cited by the cited
    assert sorted(n.rank_order for n in found.nodes) == list(range(1, 8))
    # Two threads: the demarche with its ghost, and the lone cable.
    assert [(c.id, c.size, c.present) for c in found.components] == [(1, 6, 5), (2, 1, 1)]
    big = found.components[0]
    assert (big.first, big.last) == ("2009-01-05T10:00:00Z", "2009-01-12T08:00:00Z")
    assert nodes["09GHOST7"].component == nodes["09STATE1"].component == 1
    assert nodes["08LONE5"].component == 2


def test_an_archive_without_citations() -> None:
    found = analyse_citations({"09A1": None, "09B2": None}, [])
    assert found.edges == 0
    assert sum(n.rank for n in found.nodes) == pytest.approx(1.0)
    assert [c.size for c in found.components] == [1, 1]


def test_an_empty_archive() -> None:
    found = analyse_citations({}, [])
    assert found.nodes == () and found.components == () and found.edges == 0
