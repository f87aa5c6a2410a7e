"""The reference graph on real archives: the examples (the demarche 09STATE47316 and its
replies) and 2,000 pages of the shared Cablegate corpus; every figure checked against SQL over
the archive's own reference and addressee rows."""

from __future__ import annotations

import csv
import io
import itertools
import json
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from cablearchive.cli import main
from cablearchive.graph.network import addressee_node, export
from cablearchive.search import QueryError
from cablearchive.store import Archive
from cablearchive.store import index as index_module
from cablearchive.store.archive import DATABASE
from tests.shared import SITE_CORPUS, iter_site_pages, shared_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEMARCHE = "09STATE47316"
REPLIES = ["09ANKARA718", "09ATHENS790", "09SOFIA293", "09USNATO241", "09STATE58804", "09ADANA33"]
PAGES = 2000


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    folder = tmp_path_factory.mktemp("examples") / "archive"
    with Archive.open(folder) as archive:
        assert archive.ingest([EXAMPLES]).failed == 0
    return Archive.open(folder, create=False, reader=True)


@pytest.fixture(scope="module")
def cablegate(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Archive:
    pages = tmp_path_factory.mktemp("pages")
    corpus = shared_file(shared_dir, SITE_CORPUS)
    for name, page in itertools.islice(iter_site_pages(corpus), PAGES):
        (pages / Path(name).name).write_text(page, encoding="utf-8")
    folder = tmp_path_factory.mktemp("cablegate") / "archive"
    with Archive.open(folder) as archive:
        assert archive.ingest([pages], jobs=2).failed == 0
    return Archive.open(folder, create=False, reader=True)


def _sql(archive: Archive, query: str, params: tuple[object, ...] = ()) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(archive.folder / DATABASE)
    try:
        return list(conn.execute(query, params))
    finally:
        conn.close()


def _cited_by_sql(archive: Archive) -> dict[str, int]:
    return dict(
        _sql(
            archive,
            "SELECT ref_id, count(DISTINCT cable_id) FROM refs WHERE kind = 'cable'"
            " AND ref_id IS NOT NULL AND ref_id != cable_id GROUP BY ref_id",
        )
    )


def test_the_demarche_thread_holds_the_request_and_its_six_replies_in_date_order(
    examples: Archive,
) -> None:
    thread = examples.thread(DEMARCHE)
    assert thread is not None and thread.root == DEMARCHE
    present = [n for n in thread.nodes if n.present]
    order = [n.id for n in present]
    assert set([DEMARCHE, *REPLIES]) <= set(order)
    dates = [n.created for n in present]
    assert dates == sorted(dates)  # by date
    assert order.index(DEMARCHE) < min(order.index(r) for r in REPLIES)
    edges = {(e.citing, e.cited) for e in thread.edges}
    assert all((reply, DEMARCHE) in edges for reply in REPLIES)
    ghosts = {n.id for n in thread.nodes if not n.present}
    assert {"09ANKARA598", "09USNATO147"} <= ghosts  # cited by the demarche, not stored
    assert all(n.created is None and n.subject is None for n in thread.nodes if not n.present)


def test_pagerank_sums_to_one_and_ranks_the_most_cited_example_first(examples: Archive) -> None:
    state = examples.graph_state()
    assert state is not None and state.current and state.library.startswith("igraph")
    (total,) = _sql(examples, "SELECT sum(rank) FROM graph_nodes")[0]
    assert total == pytest.approx(1.0)
    cited = _cited_by_sql(examples)
    assert max(cited, key=lambda i: cited[i]) == DEMARCHE
    top = examples.measures(DEMARCHE)
    assert top is not None and top.rank_order == 1 and top.cited == cited[DEMARCHE] == 6
    assert examples.thread_size(top.component) == len(examples.thread(DEMARCHE, depth=10).nodes)  # type: ignore[union-attr]


def test_cited_counts_and_ghosts_equal_sql_over_the_references(cablegate: Archive) -> None:
    cited = _cited_by_sql(cablegate)
    stored = dict(_sql(cablegate, "SELECT id, cited FROM graph_nodes WHERE cited > 0"))
    assert stored == cited
    present = {r[0] for r in _sql(cablegate, "SELECT id FROM cables")}
    ghosts = {r[0] for r in _sql(cablegate, "SELECT id FROM graph_nodes WHERE present = 0")}
    assert ghosts == set(cited) - present
    total, wanted = cablegate.wanted(limit=10)
    assert total == len(ghosts)
    assert [w.cited for w in wanted] == sorted((cited[g] for g in ghosts), reverse=True)[:10]
    first = wanted[0]
    citing = {
        r[0] for r in _sql(cablegate, "SELECT cable_id FROM refs WHERE ref_id = ?", (first.id,))
    }
    assert {c.id for c in first.citing} <= citing and sum(
        n for _, n in first.origins
    ) == first.cited
    ghost = cablegate.ghost(first.id)
    assert ghost is not None and ghost.cited == first.cited
    assert cablegate.ghost(next(iter(present))) is None  # in the archive: not a ghost


def _neighbours_sql(archive: Archive, ids: set[str]) -> set[str]:
    out: set[str] = set()
    for cable_id in ids:
        rows = _sql(
            archive,
            "SELECT ref_id FROM refs WHERE cable_id = ? AND kind = 'cable' AND ref_id IS NOT NULL"
            " UNION SELECT cable_id FROM refs WHERE ref_id = ? AND kind = 'cable'",
            (cable_id, cable_id),
        )
        out |= {r[0] for r in rows}
    return out - ids


def test_a_thread_of_the_cablegate_corpus_matches_sql_over_its_references(
    cablegate: Archive,
) -> None:
    # The cable of the corpus most cited within it, and its neighbourhood two steps out.
    (root,) = _sql(
        cablegate,
        "SELECT ref_id FROM refs r JOIN cables c ON c.id = r.ref_id WHERE r.kind = 'cable'"
        " GROUP BY ref_id ORDER BY count(DISTINCT r.cable_id) DESC, ref_id LIMIT 1",
    )[0]
    one = _neighbours_sql(cablegate, {root})
    two = _neighbours_sql(cablegate, {root} | one)
    thread = cablegate.thread(root, depth=2, limit=1000)
    assert thread is not None
    assert {n.id for n in thread.nodes} == {root} | one | two
    assert {n.id for n in thread.nodes if n.steps == 1} == one
    expected_edges = {
        (a, b)
        for a, b in _sql(cablegate, "SELECT cable_id, ref_id FROM refs WHERE kind = 'cable'")
        if a in {n.id for n in thread.nodes} and b in {n.id for n in thread.nodes} and a != b
    }
    assert {(e.citing, e.cited) for e in thread.edges} == expected_edges


def test_unknown_ids_and_bounds(examples: Archive) -> None:
    assert examples.thread("99NOWHERE1") is None
    assert examples.measures("99NOWHERE1") is None
    cut = examples.thread(DEMARCHE, depth=50, limit=2)
    assert cut is not None and (cut.depth, cut.limit) == (10, 2) and cut.truncated
    assert any("depth 50" in note for note in cut.notes)
    ghost = examples.thread("09ANKARA598")  # a thread around a cable the archive lacks
    assert ghost is not None and not ghost.node("09ANKARA598").present  # type: ignore[union-attr]


def _network_sql(
    archive: Archive, ids: list[str] | None
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(origin, addressee node) -> (TO, INFO, cables), counted with SQL over the addressees."""
    where = "" if ids is None else f" AND c.id IN ({','.join('?' * len(ids))})"
    rows = _sql(
        archive,
        "SELECT c.id, c.origin, a.kind, a.name FROM cables c JOIN addressees a"
        f" ON a.cable_id = c.id WHERE c.origin IS NOT NULL{where}",
        tuple(ids or ()),
    )
    seen: dict[tuple[str, str], list[set[str]]] = {}
    for cable_id, origin, kind, name in rows:
        sets = seen.setdefault((origin, addressee_node(name)), [set(), set(), set()])
        sets[0 if kind == "to" else 1].add(cable_id)
        sets[2].add(cable_id)
    return {k: (len(a), len(b), len(c)) for k, (a, b, c) in seen.items()}


@pytest.mark.parametrize("query", [None, "istanbul", "nato OR turkey"])
def test_the_network_counts_equal_sql(examples: Archive, query: str | None) -> None:
    network = examples.network(query)
    ids = None if query is None else examples.matching_ids(query)
    expected = _network_sql(examples, ids)
    assert {(e.source, e.target): (e.to, e.info, e.cables) for e in network.by_pair()} == expected
    assert network.cables == (examples.count() if ids is None else len(ids))
    graph = nx.parse_graphml(export(network, "graphml"))
    assert graph.number_of_edges() == len(expected)
    weights = {
        (graph.nodes[a]["label"], graph.nodes[b]["label"]): int(d["weight"])
        for a, b, d in graph.edges(data=True)
    }
    assert weights == {k: v[2] for k, v in expected.items()}


def test_the_network_of_nothing_is_empty_and_a_bad_query_says_why(examples: Archive) -> None:
    empty = examples.network("zzzyzzx")
    assert empty.nodes == () and empty.edges == () and empty.cables == 0
    with pytest.raises(QueryError):
        examples.network("(istanbul")
    year = examples.network(None, "2009")
    assert year.years() == ("2009",)


def test_collectives_are_nodes_of_their_own(cablegate: Archive) -> None:
    network = cablegate.network()
    collectives = [n for n in network.nodes if n.kind == "collective"]
    assert collectives and all("COLLECTIVE" in n.name for n in collectives)
    (sql_count,) = _sql(
        cablegate,
        "SELECT count(DISTINCT c.id) FROM cables c JOIN addressees a ON a.cable_id = c.id"
        " WHERE a.name = ? AND c.origin IS NOT NULL",
        (collectives[0].name,),
    )[0]
    assert sum(e.cables for e in network.by_pair() if e.target == collectives[0].name) == sql_count


def test_cited_and_rank_query_fields_select_as_sql_says(cablegate: Archive) -> None:
    cited = _cited_by_sql(cablegate)
    present = {r[0] for r in _sql(cablegate, "SELECT id FROM cables")}
    over = {i for i, n in cited.items() if n > 2 and i in present}
    found = cablegate.search("cited:>2", limit=1000)
    assert {h.id for h in found.hits} == over and found.total == len(over)
    top = {
        r[0]
        for r in _sql(
            cablegate, "SELECT id FROM graph_nodes WHERE present = 1 AND rank_order <= 50"
        )
    }
    assert {h.id for h in cablegate.search("rank:top50", limit=100).hits} == top
    assert cablegate.search("cited:0", limit=1).total == len(present) - len(
        {i for i in cited if i in present}
    )


@pytest.mark.parametrize("walk", [False, True])
@pytest.mark.parametrize("sort", ["cited", "rank"])
def test_searches_sorted_by_citations_or_rank(
    cablegate: Archive, monkeypatch: pytest.MonkeyPatch, sort: str, walk: bool
) -> None:
    """Both ways of sorting: every match read and sorted, or the graph's order walked."""
    if walk:
        monkeypatch.setattr(index_module, "_SORT_ALL", 0)
        monkeypatch.setattr(index_module, "_FIRST_SLICE", 16)
    cablegate.index.forget_cached()
    query = "the"
    everything = {h.id for h in cablegate.search(query, limit=10_000).hits}
    column = "cited" if sort == "cited" else "rank_order"
    measured = dict(_sql(cablegate, f"SELECT id, {column} FROM graph_nodes WHERE present = 1"))
    pages = [cablegate.search(query, limit=25, offset=o, sort=sort) for o in (0, 25)]  # type: ignore[arg-type]
    ids = [h.id for p in pages for h in p.hits]
    assert len(ids) == len(set(ids)) == 50 and set(ids) <= everything
    values = [measured[i] for i in ids]
    if sort == "cited":
        ranked = sorted((v for i, v in measured.items() if i in everything), reverse=True)
        assert values == ranked[:50]
        assert [h.score for p in pages for h in p.hits] == [float(v) for v in values]
    else:
        ranked = sorted(v for i, v in measured.items() if i in everything)
        assert values == ranked[:50]
    cablegate.index.forget_cached()


def test_cli_graph_commands(examples: Archive, tmp_path: Path) -> None:
    runner = CliRunner()
    folder = str(examples.folder)
    analysed = runner.invoke(main, ["analyse", "--archive", folder])
    assert analysed.exit_code == 0 and "citations" in analysed.output
    text = runner.invoke(main, ["thread", DEMARCHE, "--archive", folder])
    assert text.exit_code == 0
    assert text.output.splitlines()[1].startswith(DEMARCHE)
    assert all(f"{r}  " in text.output for r in REPLIES)
    as_json = runner.invoke(main, ["thread", DEMARCHE, "--json", "--archive", folder])
    assert json.loads(as_json.output) == examples.thread(DEMARCHE).to_dict()  # type: ignore[union-attr]
    dot = runner.invoke(main, ["thread", DEMARCHE, "--dot", "--archive", folder])
    assert dot.output.startswith("digraph") and "style=dashed" in dot.output
    cut = runner.invoke(main, ["thread", DEMARCHE, "--depth", "50", "--archive", folder])
    assert cut.exit_code == 0 and "depth 50 is more than the most" in cut.output
    unknown = runner.invoke(main, ["thread", "99NOWHERE1", "--archive", folder])
    assert unknown.exit_code == 1 and "neither holds nor cites" in unknown.output
    wanted = runner.invoke(main, ["wanted", "--csv", "--archive", folder])
    rows = list(csv.DictReader(io.StringIO(wanted.output)))
    every = examples.wanted(limit=100, citing=None)[1]
    assert [(r["id"], r["citing"]) for r in rows] == [
        (w.id, " ".join(c.id for c in w.citing)) for w in every
    ]
    out = tmp_path / "n.gexf"
    network = runner.invoke(
        main, ["network", "istanbul", "--format", "gexf", "-o", str(out), "--archive", folder]
    )
    assert network.exit_code == 0
    assert nx.read_gexf(out).number_of_edges() == len(examples.network("istanbul").by_pair())
    bad = runner.invoke(main, ["network", "(istanbul", "--archive", folder])
    assert bad.exit_code == 2 and "bad query" in bad.output
    year = runner.invoke(main, ["network", "--year", "09", "--archive", folder])
    assert year.exit_code == 2 and "--year takes a year like 2006" in year.output
