"""Threads, ghosts and the most wanted over HTTP, on the session's real archive
(tests/web/conftest.py): the timeline page and its table, the ghost page, /wanted and its CSV,
the JSON API, the cable page's figures, and what bad input gets."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser

from cablearchive.graph.threads import MAX_DEPTH
from cablearchive.store import Archive
from cablearchive.store.graph import GraphState
from tests.web.test_pages import get, message, text

DEMARCHE = "09STATE47316"
REPLIES = ["09ANKARA718", "09ATHENS790", "09SOFIA293", "09USNATO241", "09STATE58804", "09ADANA33"]
GHOST = "09ANKARA598"
STYLE = Path(__file__).resolve().parents[2] / "src/cablearchive/web/static/style.css"


def thread_page(client: TestClient, url: str = f"/cable/{DEMARCHE}/thread") -> LexborHTMLParser:
    return get(client, url)


def table_ids(page: LexborHTMLParser) -> list[str]:
    return [text(a) for a in page.css("table.thread-table td a.cable-id")]


# --- the thread page -----------------------------------------------------------------------


def test_the_demarche_thread_holds_the_demarche_and_its_six_replies_in_date_order(
    client: TestClient, archive: Archive
) -> None:
    page = thread_page(client)
    assert text(page.css_first("h1")) == f"Thread of {DEMARCHE}"
    thread = archive.thread(DEMARCHE)
    assert thread is not None
    ids = table_ids(page)
    assert ids == [n.id for n in thread.nodes]
    assert [i for i in ids if i in {DEMARCHE, *REPLIES}] == [DEMARCHE, *REPLIES]
    dates = [text(td) for td in page.css("table.thread-table td.date")]
    dated = [d for d in dates if d != "—"]
    assert dated == sorted(dated) and len(dated) == sum(n.present for n in thread.nodes)
    # The drawing holds the same cables, in the same order, each a link with a title and a
    # label that say what it is.
    links = page.css("svg.timeline-svg a.node-link")
    assert [a.attributes["href"] for a in links] == [f"/cable/{n.id}" for n in thread.nodes]
    for a, node in zip(links, thread.nodes, strict=True):
        title = text(a.css_first("title"))
        assert a.attributes["aria-label"] == title
        if node.present:
            assert node.subject and node.subject in title
            assert node.classification and node.classification in title
            assert (node.created or "")[:10] in title
        else:
            assert title == f"{node.id}: not in the archive"
    # Replies sit right of the demarche: x follows the dates.
    xs = [
        float(page.css_first(f'a[href="/cable/{i}"] circle.node').attributes["cx"] or "")
        for i in [DEMARCHE, *REPLIES]
    ]
    assert xs == sorted(xs)


def test_the_cable_asked_for_is_marked_and_ghosts_are_dashed(
    client: TestClient, archive: Archive
) -> None:
    page = thread_page(client)
    roots = page.css("svg.timeline-svg circle.node.root")
    assert len(roots) == 1
    assert roots[0].parent is not None
    assert roots[0].parent.attributes["href"] == f"/cable/{DEMARCHE}"
    assert "the cable asked for" in (roots[0].parent.attributes["aria-label"] or "")
    assert text(page.css_first("svg text.node-id.root")) == DEMARCHE
    assert text(page.css_first("table.thread-table tr.root td.relation")) == "the cable asked for"
    thread = archive.thread(DEMARCHE)
    assert thread is not None
    ghosts = {n.id for n in thread.nodes if not n.present}
    assert GHOST in ghosts
    drawn = {
        c.parent.attributes["href"]
        for c in page.css("svg.timeline-svg circle.node.ghost")
        if c.parent
    }
    assert drawn == {f"/cable/{g}" for g in ghosts}
    assert text(page.css_first("svg .lane-ghosts .lane-label")) == "Not in the archive"
    style = STYLE.read_text(encoding="utf-8")
    assert re.search(r"\.node\.ghost \{[^}]*stroke-dasharray", style)
    assert re.search(r"\.node\.root \{[^}]*stroke-width: 4", style)
    # Arrows: one per citation, dashed towards ghosts.
    assert len(page.css("svg path.arrow")) == len(thread.edges)
    to_ghosts = sum(e.cited in ghosts for e in thread.edges)
    assert len(page.css("svg path.arrow.to-ghost")) == to_ghosts


def test_one_lane_per_origin_labelled_on_the_left(client: TestClient, archive: Archive) -> None:
    page = thread_page(client)
    thread = archive.thread(DEMARCHE)
    assert thread is not None
    lanes = [text(t) for t in page.css("svg text.lane-label")]
    origins = list(dict.fromkeys(n.origin for n in thread.nodes if n.present))
    assert lanes == [*origins, "Not in the archive"]


def test_the_relation_column_says_how_each_cable_was_reached(client: TestClient) -> None:
    page = thread_page(client)
    rows = {
        text(tr.css_first("a.cable-id")): text(tr.css_first("td.relation"))
        for tr in page.css("table.thread-table tbody tr")
    }
    assert all(rows[r] == f"cites {DEMARCHE}" for r in REPLIES)
    assert rows[GHOST] == f"cited by {DEMARCHE}"


def test_the_thread_json_is_the_archives(client: TestClient, archive: Archive) -> None:
    for query, depth, limit in (("", 3, 150), ("?depth=1&limit=3", 1, 3), ("?depth=2", 2, 150)):
        response = client.get(f"/api/cables/{DEMARCHE}/thread{query}")
        assert response.status_code == 200
        thread = archive.thread(DEMARCHE, depth, limit)
        assert thread is not None
        assert response.json() == thread.to_dict()
    ghost = client.get(f"/api/cables/{GHOST}/thread").json()
    found = archive.thread(GHOST)
    assert found is not None and ghost == found.to_dict() and ghost["root"] == GHOST


def test_a_depth_beyond_the_most_is_cut_and_said(client: TestClient, archive: Archive) -> None:
    page = thread_page(client, f"/cable/{DEMARCHE}/thread?depth=50")
    notes = text(page.css_first(".thread-notes"))
    assert f"Depth 50 is more than the most, {MAX_DEPTH}: {MAX_DEPTH} is used." in notes
    assert f"up to {MAX_DEPTH} citations away" in text(page.css_first(".thread-summary"))
    body = client.get(f"/api/cables/{DEMARCHE}/thread?depth=50&limit=0").json()
    thread = archive.thread(DEMARCHE, 50, 0)
    assert thread is not None and body == thread.to_dict()
    assert body["depth"] == MAX_DEPTH and body["limit"] == 1 and len(body["notes"]) == 2


def test_a_cut_thread_says_more_lies_beyond_and_links_further(
    client: TestClient, archive: Archive
) -> None:
    page = thread_page(client, f"/cable/{DEMARCHE}/thread?depth=1&limit=3")
    thread = archive.thread(DEMARCHE, 1, 3)
    assert thread is not None and thread.truncated
    assert len(table_ids(page)) == 3
    notes = page.css_first(".thread-notes")
    assert "More cables lie beyond" in text(notes)
    hrefs = [a.attributes["href"] for a in notes.css("a")]
    assert hrefs == [
        f"/cable/{DEMARCHE}/thread?depth=2&limit=3",
        f"/cable/{DEMARCHE}/thread?depth=1&limit=6",
    ]
    whole = thread_page(client)
    assert "More cables lie beyond" not in whole.text()


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("depth=three", "depth must be a whole number, not 'three'."),
        ("limit=1.5", "limit must be a whole number, not '1.5'."),
        ("depth=%C2%B2", "depth must be a whole number, not '²'."),
    ],
)
def test_options_that_are_not_numbers_are_400(client: TestClient, query: str, said: str) -> None:
    page = get(client, f"/cable/{DEMARCHE}/thread?{query}", 400)
    assert message(page) == said
    response = client.get(f"/api/cables/{DEMARCHE}/thread?{query}")
    assert response.status_code == 400
    assert response.json()["error"].startswith("Bad request: ")


def test_an_unknown_id_has_no_thread(client: TestClient) -> None:
    page = get(client, "/cable/09NOWHERE1/thread", 404)
    assert "neither holds nor cites a cable '09NOWHERE1'" in message(page)
    response = client.get("/api/cables/09NOWHERE1/thread")
    assert response.status_code == 404
    assert response.json()["error"] == "the archive neither holds nor cites a cable '09NOWHERE1'"


def test_a_thread_has_one_address(client: TestClient) -> None:
    response = client.get("/cable/09state47316/thread?depth=2", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"/cable/{DEMARCHE}/thread?depth=2&limit=150"


# --- the cable page and the ghost page -----------------------------------------------------


def test_the_cable_page_places_the_cable_in_the_graph(client: TestClient, archive: Archive) -> None:
    page = get(client, f"/cable/{DEMARCHE}")
    section = page.css_first("section.graph-figures")
    m = archive.measures(DEMARCHE)
    state = archive.graph_state()
    assert m is not None and state is not None and state.current
    assert (
        f"Cited by {m.cited} cables of the archive · rank #{m.rank_order} of {state.nodes}"
        f" · in a thread of {archive.thread_size(m.component)} cables"
    ) in text(section)
    assert section.css_first("a.thread-link").attributes["href"] == f"/cable/{DEMARCHE}/thread"
    assert "before the last change" not in text(section)


def test_a_cable_citing_nothing_and_cited_by_none_has_no_thread_link(
    client: TestClient, archive: Archive
) -> None:
    lonely = None
    for value, _ in archive.overview()["groups"]["origin"]:
        for c in archive.cables_in("origin", value, limit=50).cables:
            m = archive.measures(c.id)
            if m is not None and m.cited + m.cites == 0:
                lonely = c.id
                break
        if lonely:
            break
    assert lonely is not None, "the session archive has a cable with no citations"
    section = get(client, f"/cable/{lonely}").css_first("section.graph-figures")
    assert "Cited by 0 cables of the archive" in text(section)
    assert "in a thread of 1 cable" in text(section)
    assert section.css_first("a.thread-link") is None


def test_figures_from_before_the_last_change_are_said_to_be(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Archive.graph_state

    def behind(self: Archive) -> GraphState | None:
        state = real(self)
        return None if state is None else replace(state, current=False)

    monkeypatch.setattr(Archive, "graph_state", behind)
    section = get(client, f"/cable/{DEMARCHE}").css_first("section.graph-figures")
    assert "from before the last change to the archive" in text(section)
    notes = thread_page(client).css_first(".thread-notes")
    assert "from before that change" in text(notes)


def test_a_cable_cited_but_missing_has_a_ghost_page(client: TestClient, archive: Archive) -> None:
    page = get(client, f"/cable/{GHOST}", 404)
    ghost = archive.ghost(GHOST)
    assert ghost is not None and ghost.cited == 2
    assert text(page.css_first("h1")) == f"{GHOST} is not in the archive"
    summary = text(page.css_first(".ghost-summary"))
    assert f"{ghost.cited} of its cables cite it" in summary
    for origin, n in ghost.origins:
        assert f"{origin} ({n})" in summary
    listed = [text(a) for a in page.css(".ghost-citing a.cable-id")]
    assert listed == [c.id for c in ghost.citing] == ["09STATE47316", "09ANKARA718"]
    assert page.css_first(f'a[href="/cable/{GHOST}/thread"]') is not None
    request = text(page.css_first(".ghost-request"))
    assert "Freedom of Information Act" in request and "National Archives (NARA)" in request
    assert page.css_first(".error") is None


def test_a_ghost_of_the_seventies_points_to_nara(client: TestClient) -> None:
    page = get(client, "/cable/75STATE262417", 404)
    assert "Access to Archival Databases" in text(page.css_first(".ghost-request"))


def test_ghost_and_unknown_ids_differ(client: TestClient) -> None:
    response = client.get("/cable/09ankara598", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == f"/cable/{GHOST}"
    page = get(client, "/cable/09NOWHERE1", 404)
    assert message(page).startswith("No cable '09NOWHERE1' in this archive.")


# --- most wanted ---------------------------------------------------------------------------


def test_most_wanted_lists_the_ghosts_with_the_archives_counts(
    client: TestClient, archive: Archive
) -> None:
    total, wanted = archive.wanted(50, 0)
    assert total == len(wanted) > 0
    page = get(client, "/wanted")
    assert f": {total} in all, the most cited first" in text(page.css_first(".wanted-summary"))
    rows = page.css("table.wanted-table tbody tr")
    assert [
        (text(r.css_first("td a.cable-id")), int(text(r.css_first("td.cited")))) for r in rows
    ] == [(w.id, w.cited) for w in wanted]
    assert [int(text(r.css_first("td.n"))) for r in rows] == list(range(1, total + 1))
    first = rows[0]
    assert first.css_first("td a.cable-id").attributes["href"] == f"/cable/{wanted[0].id}"
    assert [text(a) for a in first.css("td.citing a")] == [c.id for c in wanted[0].citing[:3]]
    for origin, n in wanted[0].origins[:3]:
        assert f"{origin} ({n})" in text(first.css_first("td.origins"))
    assert page.css_first('a[href="/wanted.csv"]') is not None
    nav = [a.attributes["href"] for a in page.css("header.site nav a")]
    assert "/wanted" in nav and nav.index("/wanted") == len(nav) - 1


def test_most_wanted_pages(client: TestClient) -> None:
    page = get(client, "/wanted?page=2", 404)
    assert "There is no page 2" in message(page)
    assert "page must be a whole number" in message(get(client, "/wanted?page=two", 400))


def test_most_wanted_as_csv_holds_every_row(client: TestClient, archive: Archive) -> None:
    response = client.get("/wanted.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    total, wanted = archive.wanted(10_000, 0, citing=None)
    assert len(rows) == total
    assert [(r["place"], r["id"], r["cited_by"], r["pagerank_place"]) for r in rows] == [
        (str(i), w.id, str(w.cited), str(w.rank_order)) for i, w in enumerate(wanted, start=1)
    ]
    assert rows[0]["citing"].split() == [c.id for c in wanted[0].citing]  # all of them
    assert rows[0]["origins"] == "; ".join(f"{o} ({n})" for o, n in wanted[0].origins)


def test_csv_rows_come_in_batches(archive_dir: Path, archive: Archive) -> None:
    from cablearchive.web.pool import ArchivePool
    from cablearchive.web.threads import csv_rows

    pool = ArchivePool(archive_dir, size=1)
    try:
        chunks = list(csv_rows(pool, batch=4))
    finally:
        pool.close()
    total, _ = archive.wanted(1, 0)
    assert len(chunks) == total // 4 + 1
    assert "".join(chunks).count("\n") == total + 1


def test_most_wanted_json(client: TestClient, archive: Archive) -> None:
    body = client.get("/api/wanted?page=2&per_page=5").json()
    total, wanted = archive.wanted(5, 5)
    assert body["total"] == total and body["page"] == 2 and body["per_page"] == 5
    assert body["items"] == [w.to_dict() for w in wanted]
    assert client.get("/api/wanted?per_page=0").status_code == 400
