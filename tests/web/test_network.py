"""Who wrote to whom, over HTTP, on the session's real archive (tests/web/conftest.py): the
network page's drawing and table, its downloads and JSON, and the search sorts by the
reference graph (`cited`, `rank`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser

from cablearchive.graph.network import Network
from cablearchive.store import Archive
from cablearchive.web.network_page import (
    DEFAULT_EDGES,
    DEFAULT_POSTS,
    MAX_POSTS,
    addresses_of,
    file_name,
    node_query,
)
from tests.web.test_pages import get, message, query_of, text, total_of

Q = "istanbul"


@pytest.fixture(scope="module")
def db(archive_dir: Path) -> Iterator[sqlite3.Connection]:
    """The archive's SQLite, read directly: counts made apart from the store's code."""
    conn = sqlite3.connect(f"file:{archive_dir / 'archive.sqlite3'}?mode=ro", uri=True)
    yield conn
    conn.close()


def table(page: LexborHTMLParser) -> list[tuple[str, str, int, int, int, str]]:
    out = []
    for tr in page.css("table.network-links tbody tr"):
        cells = [text(td) for td in tr.css("td")]
        out.append((cells[0], cells[1], *(int(c.replace(",", "")) for c in cells[2:5]), cells[5]))
    return out  # type: ignore[return-value]


def drawn_nodes(page: LexborHTMLParser) -> list[dict[str, str]]:
    return [
        {**a.attributes, "title": text(a.css_first("title"))}  # type: ignore[dict-item]
        for a in page.css("svg.network a.node")
    ]


def sql_pairs(db: sqlite3.Connection, ids: list[str] | None) -> dict[tuple[str, str], list[int]]:
    """(origin, addressee node) -> [cables with it among TO, among INFO, either], counted in
    distinct cables over the addressees table (the store's naming of addresses reused)."""
    where = "c.origin IS NOT NULL"
    params: tuple[str, ...] = ()
    if ids is not None:
        where += " AND c.id IN (SELECT value FROM json_each(?))"
        params = (json.dumps(ids),)
    rows = db.execute(
        "SELECT c.origin, coalesce(n.node, a.name),"
        " count(DISTINCT CASE WHEN a.kind = 'to' THEN c.id END),"
        " count(DISTINCT CASE WHEN a.kind = 'info' THEN c.id END), count(DISTINCT c.id)"
        " FROM cables c JOIN addressees a ON a.cable_id = c.id"
        f" LEFT JOIN graph_addressees n ON n.name = a.name WHERE {where} GROUP BY 1, 2",
        params,
    )
    return {(o, t): [to, info, n] for o, t, to, info, n in rows}


# --- the page ------------------------------------------------------------------------------


def test_the_table_counts_are_the_archives_and_sqls(
    client: TestClient, archive: Archive, db: sqlite3.Connection
) -> None:
    page = get(client, f"/network?q={Q}")
    network = archive.network(Q)
    shown = network.top(DEFAULT_POSTS, DEFAULT_EDGES)
    rows = table(page)
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        (e.source, e.target, e.to, e.info, e.cables) for e in shown.edges
    ]
    assert len(rows) > 20  # the demarche and its replies, each to many addressees
    # Strongest first, as the server orders them.
    assert [r[4] for r in rows] == sorted((r[4] for r in rows), reverse=True)
    # The same counts, made by SQL over the cables the query selects.
    counted = sql_pairs(db, archive.matching_ids(Q))
    assert {(e.source, e.target): [e.to, e.info, e.cables] for e in network.by_pair()} == counted
    for source, target, to, info, cables, years in rows:
        assert counted[(source, target)] == [to, info, cables]
        assert years == f"2009 ({cables})"
    summary = text(page.css_first(".network-summary"))
    assert total_of(page) == network.cables == len(archive.matching_ids(Q))
    assert f"{len(network.nodes)} posts and addressees, {len(network.by_pair())} links" in summary


def test_every_node_is_a_titled_link_to_its_cables(client: TestClient, archive: Archive) -> None:
    page = get(client, f"/network?q={Q}")
    network = archive.network(Q)
    by_name = {n.name: n for n in network.nodes}
    nodes = drawn_nodes(page)
    senders = [n for n in nodes if "source" in n["class"].split()]
    addressees = [n for n in nodes if "target" in n["class"].split()]
    shown = network.top(DEFAULT_POSTS, DEFAULT_EDGES)
    assert {n["title"].split(" (")[0] for n in senders} == {e.source for e in shown.edges}
    assert {n["title"].split(" (")[0] for n in addressees} == {e.target for e in shown.edges}
    for n in nodes:
        assert n["aria-label"] == n["title"]
        name = n["title"].split(" (")[0]
        node = by_name[name]
        assert f"TO {node.to}, INFO {node.info}" in n["title"]
        # The search it leads to finds the cables counted for it, no more, no fewer.
        q = query_of(n["href"])["q"]
        found = archive.search(q, limit=1).total
        if "source" in n["class"].split():
            assert q == f'({Q}) origin:"{name}"'
            assert f"sent {node.sent} cable" in n["title"]
            assert found == node.sent
        else:
            assert q.startswith(f"({Q}) ")
            cables = {e.source: e.cables for e in network.by_pair() if e.target == name}
            # At least every sender's cables to it (a cable is counted once for each).
            assert found >= max(cables.values())
            assert found <= sum(cables.values())


def test_an_addressee_leads_to_the_search_of_its_addresses(
    client: TestClient, archive: Archive, db: sqlite3.Connection
) -> None:
    """`Embassy Ankara` is written to as AMEMBASSY ANKARA: the search is by that address, and
    finds as many of the query's cables as SQL counts addressed to the node."""
    assert addresses_of("Embassy Ankara") == ("AMEMBASSY ANKARA",)
    assert addresses_of("Secretary of State") == ("SECSTATE",)
    assert addresses_of("NSC WASHDC") == ("NSC WASHDC",)
    ids = archive.matching_ids(Q)
    for node in ("Embassy Ankara", "Mission USNATO", "SECDEF WASHDC", "Secretary of State"):
        (expected,) = db.execute(
            "SELECT count(DISTINCT a.cable_id) FROM addressees a"
            " LEFT JOIN graph_addressees n ON n.name = a.name"
            " WHERE coalesce(n.node, a.name) = ?"
            " AND a.cable_id IN (SELECT value FROM json_each(?))",
            (node, json.dumps(ids)),
        ).fetchone()
        assert expected > 0
        assert archive.search(node_query(Q, None, node, "target")).total == expected, node


def test_collectives_are_drawn_as_such(
    client: TestClient, archive: Archive, db: sqlite3.Connection
) -> None:
    collectives = {
        node
        for (node,) in db.execute(
            "SELECT DISTINCT coalesce(n.node, a.name) FROM addressees a"
            " JOIN cables c ON c.id = a.cable_id LEFT JOIN graph_addressees n ON n.name = a.name"
            " WHERE a.name LIKE '%COLLECTIVE%' AND c.id IN (SELECT value FROM json_each(?))",
            (json.dumps(archive.matching_ids(Q)),),
        )
    }
    assert "EUROPEAN POLITICAL COLLECTIVE" in collectives
    page = get(client, f"/network?q={Q}")
    marked = {
        n["title"].split(" (")[0] for n in drawn_nodes(page) if "collective" in n["class"].split()
    }
    assert marked == collectives
    for n in page.css("svg.network a.node.collective"):
        assert n.css_first("path.shape") is not None  # a diamond, not a circle
        assert "(collective address)" in text(n.css_first("title"))
    legend = text(page.css_first(".network-legend"))
    assert "collective" in legend and "TO" in legend and "INFO" in legend
    # TO and INFO curves are told apart by class (solid and dashed in the stylesheet).
    assert page.css("svg.network path.link.to") and page.css("svg.network path.link.info")


def test_the_whole_archive_and_its_years(client: TestClient, archive: Archive) -> None:
    page = get(client, "/network")
    network = archive.network()
    assert total_of(page) == network.cables
    years = [text(a) for a in page.css(".network-years a")]
    assert years == list(network.years())
    assert text(page.css_first(".network-years .current")) == "all years"
    shown = network.top(DEFAULT_POSTS, DEFAULT_EDGES)
    assert len(table(page)) == len(shown.edges)
    # Every year link narrows the page to that year, and that year's counts are shown.
    year = "2009"
    link = next(a for a in page.css(".network-years a") if text(a) == year)
    assert query_of(link.attributes["href"] or "") == {"year": year}
    by_year = get(client, link.attributes["href"] or "")
    in_year = archive.network(None, year)
    assert 0 < in_year.cables < network.cables
    assert total_of(by_year) == in_year.cables
    assert text(by_year.css_first(".network-years .current")) == year
    expected = in_year.top(DEFAULT_POSTS, DEFAULT_EDGES).edges
    assert [(r[0], r[1], r[4]) for r in table(by_year)] == [
        (e.source, e.target, e.cables) for e in expected
    ]
    assert all(r[5] == f"{year} ({r[4]})" for r in table(by_year))


def test_a_query_and_a_year_count_that_years_cables(client: TestClient, archive: Archive) -> None:
    page = get(client, f"/network?q={Q}&year=2009")
    assert total_of(page) == archive.network(Q, "2009").cables == len(archive.matching_ids(Q))
    # A year the query's cables were not written in: nothing to draw, said in words.
    page = get(client, f"/network?q={Q}&year=2001")
    assert total_of(page) == archive.network(Q, "2001").cables == 0
    assert page.css_first("svg.network") is None and not table(page)
    assert "No cable matches istanbul in 2001" in text(page.css_first(".network-empty"))
    # The year links stay those of the query's cables.
    assert [text(a) for a in page.css(".network-years a")] == ["all years", "2009"]


def test_a_query_matching_nothing_draws_nothing(client: TestClient) -> None:
    page = get(client, "/network?q=zzqqxxnothing")
    assert total_of(page) == 0
    assert page.css_first("svg.network") is None
    assert text(page.css_first(".network-empty")) == (
        "No cable matches zzqqxxnothing: there is nothing to draw."
    )


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/network?q=(istanbul", "This query cannot be read: a '(' is not closed"),
        ("/network?q=cited:>x", "This query cannot be read"),
        ("/network?year=09", "year must be four digits (2006), not '09'."),
        ("/network?posts=many", "posts must be a whole number from 1 to 100, not 'many'."),
    ],
)
def test_bad_input_is_a_400_that_says_why(client: TestClient, url: str, says: str) -> None:
    assert says in message(get(client, url, 400))


def test_options_are_bounded_and_the_page_says_so(client: TestClient, archive: Archive) -> None:
    page = get(client, "/network?posts=5000&edges=2")
    notes = [text(p) for p in page.css(".notice")]
    assert notes == [f"Note: posts cut to {MAX_POSTS}, the most drawn (asked for 5,000)."]
    assert len(table(page)) == 2
    assert len(page.css("svg.network path.link")) >= 2
    shown = archive.network().top(MAX_POSTS, 2)
    assert [(r[0], r[1]) for r in table(page)] == [(e.source, e.target) for e in shown.edges]


def test_the_site_navigation_and_the_page_link_the_downloads(client: TestClient) -> None:
    page = get(client, f"/network?q={Q}&year=2009")
    assert any(a.attributes["href"] == "/network" for a in page.css("header.site nav a"))
    links = {text(a): a.attributes["href"] for a in page.css(".downloads a")}
    assert links == {
        "GRAPHML": f"/network.graphml?q={Q}&year=2009",
        "GEXF": f"/network.gexf?q={Q}&year=2009",
        "CSV": f"/network.csv?q={Q}&year=2009",
        "JSON": f"/api/network?q={Q}&year=2009",
    }


# --- downloads and JSON --------------------------------------------------------------------


def _pairs(network: Network) -> dict[tuple[str, str], int]:
    return {(e.source, e.target): e.cables for e in network.by_pair()}


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_networkx(
    client: TestClient, archive: Archive, tmp_path: Path, fmt: str, read: object
) -> None:
    response = client.get(f"/network.{fmt}?q={Q}")
    assert response.status_code == 200
    assert response.headers["content-type"] == f"application/{fmt}+xml"
    assert response.headers["content-disposition"] == f'attachment; filename="network-{Q}.{fmt}"'
    path = tmp_path / f"n.{fmt}"
    path.write_bytes(response.content)
    graph = read(path)  # type: ignore[operator]
    network = archive.network(Q)
    label = {i: d["label"] for i, d in graph.nodes(data=True)}
    assert sorted(label.values()) == sorted(n.name for n in network.nodes)
    weights = {(label[s], label[t]): int(d["weight"]) for s, t, d in graph.edges(data=True)}
    assert weights == _pairs(network)
    kinds = {label[i]: d["kind"] for i, d in graph.nodes(data=True)}
    assert kinds["EUROPEAN POLITICAL COLLECTIVE"] == "collective"


def test_csv_download_and_its_year(client: TestClient, archive: Archive) -> None:
    response = client.get(f"/network.csv?q={Q}&year=2009")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="network-{Q}-2009.csv"'
    )
    lines = response.text.splitlines()
    assert lines[0] == "source,source_kind,target,target_kind,year,to,info,cables"
    assert len(lines) - 1 == len(archive.network(Q, "2009").edges)
    assert client.get("/network.pdf").status_code == 404
    assert file_name('tag:PREL  "x"/y', None, "gexf") == "network-tag-prel-x-y.gexf"
    assert file_name("", "2006", "csv") == "network-2006.csv"


def test_api_network_is_the_archives(client: TestClient, archive: Archive) -> None:
    for url, q, year in (
        (f"/api/network?q={Q}", Q, None),
        ("/api/network?year=2009", None, "2009"),
    ):
        body = client.get(url).json()
        network = archive.network(q, year)
        assert {k: body[k] for k in ("cables", "nodes", "edges")} == network.to_dict()
        assert body["node_count"] == len(network.nodes)
        assert body["edge_count"] == len(network.edges)
        assert body["pair_count"] == len(network.by_pair())
        assert body["years"] == list(archive.network(q).years())
    bad = client.get("/api/network?q=(x")
    assert bad.status_code == 400 and bad.json()["error"].startswith("bad query: ")
    assert client.get("/api/network?year=20x").status_code == 400


# --- search sorts by the reference graph --------------------------------------------------


@pytest.mark.parametrize(("sort", "label"), [("cited", "most cited"), ("rank", "highest rank")])
def test_search_sorted_by_the_graph_shows_each_hits_measure(
    client: TestClient, archive: Archive, sort: str, label: str
) -> None:
    page = get(client, f"/search?q={Q}&sort={sort}")
    selected = page.css_first("#sort option[selected]")
    assert selected.attributes["value"] == sort and text(selected) == label
    expected = archive.search(Q, limit=20, sort=sort)  # type: ignore[arg-type]
    hits = page.css("li.hit")
    assert [text(h.css_first("a.cable-id")) for h in hits] == [h.id for h in expected.hits]
    shown = [text(h.css_first(".measure")) for h in hits]
    if sort == "cited":
        assert shown == [
            f"cited by {int(h.score)} cable{'' if h.score == 1 else 's'}" for h in expected.hits
        ]
        assert shown[0] == "cited by 6 cables"  # the demarche 09STATE47316 and its replies
        assert text(hits[0].css_first("a.cable-id")) == "09STATE47316"
    else:
        assert shown == [f"rank {int(h.score)}" for h in expected.hits]
        places = [int(h.score) for h in expected.hits]
        assert places == sorted(places) and places[0] >= 1
    # Other sorts show no measure.
    assert not get(client, f"/search?q={Q}").css(".measure")


def test_api_search_sorted_by_citations(client: TestClient, archive: Archive) -> None:
    body = client.get(f"/api/search?q={Q}&sort=cited").json()
    expected = archive.search(Q, sort="cited")
    assert [(h["id"], h["score"]) for h in body["hits"]] == [(h.id, h.score) for h in expected.hits]
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)
    described = client.get("/openapi.json").json()["paths"]["/api/search"]["get"]["parameters"]
    sort = next(p for p in described if p["name"] == "sort")
    assert "cited" in sort["schema"]["enum"] and "`cited`, most cited first" in sort["description"]


def test_search_help_shows_the_graph_fields(client: TestClient) -> None:
    help_text = text(get(client, "/search").css_first("table.query-help"))
    assert "cited:>10" in help_text and "rank:top1000" in help_text
