"""Search over a real tantivy index built from the examples and the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablearchive.cli import main
from cablearchive.search import QueryError
from cablearchive.store import Archive
from cablearchive.store.index import INDEX_DIR, SearchIndex, Sort
from tests.shared import shared_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Archive:
    folder = tmp_path_factory.mktemp("search") / "archive"
    archive = Archive.open(folder)
    archive.ingest([EXAMPLES, shared_file(shared_dir, "seeds/000_b6366df431a4d317.txt"),
                    shared_file(shared_dir, "seeds/001_f39073fb4f33a29e.txt")])  # fmt: skip
    return archive


def ids(archive: Archive, query: str, **kwargs: object) -> list[str]:
    return sorted(h.id for h in archive.search(query, limit=50, **kwargs).hits)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("guantanamo detainees", ["06ALMATY1703", "06ALMATY2549"]),
        ('"diplomatic note"', ["06ALMATY2549"]),
        ("kazakhstan -tag:KAWC", []),
        ("detain* AND NOT subject:further", ["06ALMATY1703"]),
        ("tag:PTER", ["06ALMATY1703", "06ALMATY2549"]),
        ("tag:pter", ["06ALMATY1703", "06ALMATY2549"]),
        ('origin:"US Office Almaty"', ["06ALMATY2549"]),
        ("origin:almaty", ["06ALMATY1703", "06ALMATY2549"]),
        ("class:secret", ["06ALMATY2549", "09USNATO241"]),  # SECRET and SECRET//NOFORN
        ("class:noforn", ["09USNATO241"]),
        ("caption:sensitive", ["06ALMATY1703", "09ISTANBUL176", "09STATE58804"]),
        ("signer:ordway", ["06ALMATY2549"]),
        ("from:almaty", ["06ALMATY1703", "06ALMATY2549"]),
        ('to:"cis collective"', ["06ALMATY1703", "06ALMATY2549"]),
        ("ref:06ALMATY1946", ["06ALMATY2549"]),
        ("ref:09ANKARA718", ["09ADANA33", "09ISTANBUL176", "09SOFIA293", "09USNATO241"]),
        ("id:06almaty2549", ["06ALMATY2549"]),
        ("created:2006-05..2006-06", ["06ALMATY1703"]),
        ("year:2006", ["06ALMATY1703", "06ALMATY2549"]),
        # Released: the viewer exports' and the site page's metadata.
        ("released:2011", ["06ALMATY2549", "09ADANA33", "09ATHENS790"]),
        ("released:2011-08-30", ["06ALMATY2549", "09ADANA33"]),
        ("(kazakhstan OR bulgaria) year:2006", ["06ALMATY1703", "06ALMATY2549"]),
        ("bulgaria year:2009", ["09ISTANBUL176", "09SOFIA293", "09STATE58804"]),
    ],
)
def test_queries_find_what_they_ask_for(archive: Archive, query: str, expected: list[str]) -> None:
    assert ids(archive, query) == expected


def test_facets_count_the_matches(archive: Archive) -> None:
    results = archive.search("istanbul", facets=True)
    assert results.total == 8
    assert dict(results.facets["tag"]) == {
        "AEMR": 8, "NATO": 8, "PREL": 8, "TU": 8, "MARR": 3, "GR": 2, "PGOV": 2, "XG": 2,
        "BU": 1,
    }  # fmt: skip
    assert dict(results.facets["classification"])["CONFIDENTIAL"] == 5
    assert dict(results.facets["caption"])["SIPDIS"] == 8
    assert results.histogram == (("2009-05", 5), ("2009-06", 3))


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_search_for_no_hits_gives_the_count_alone(archive: Archive, sort: Sort) -> None:
    # tantivy panics when asked for no hits: that must not read as a damaged index.
    counted = archive.search("istanbul", limit=0, facets=True, sort=sort)
    assert (counted.total, counted.hits) == (8, ())
    assert dict(counted.facets["tag"])["TU"] == 8
    with pytest.raises(ValueError, match="0 or more"):
        archive.search("istanbul", limit=-1)


@pytest.mark.parametrize(
    ("query", "sort", "heavy"),
    [
        ("istanbul", "relevance", False),
        ('"legal assistance"', "relevance", True),  # searched turn by turn on two threads
        ("istanbul", "cited", False),
    ],
)
def test_facets_are_started_once_whichever_way_the_hits_are_found(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, query: str, sort: Sort, heavy: bool
) -> None:
    exact = archive.search(query, facets=True, sort=sort)
    started: list[str] = []
    start_facets = archive.index.start_facets

    def counted(*args: object) -> object:
        started.append(query)
        return start_facets(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(archive.index, "start_facets", counted)
    monkeypatch.setattr(archive.index, "heavy_phrase", 1 if heavy else archive.index.heavy_phrase)
    monkeypatch.setattr(archive.index, "least_sampled", 10**6)  # counted exactly: comparable
    for remembered in (False, True):  # found anew, then remembered (the search never runs)
        if not remembered:
            archive.index.forget_cached()
        results = archive.search(query, facets=True, sort=sort)
        assert (results.total, results.facets) == (exact.total, exact.facets)
        assert [h.id for h in results.hits] == [h.id for h in exact.hits]
    assert started == [query, query]
    archive.index.forget_cached()


def test_sorting_by_date(archive: Archive) -> None:
    oldest_first = [h.created for h in archive.search("tag:PREL", sort="date", limit=50).hits]
    assert oldest_first == sorted(oldest_first)
    newest_first = [h.created for h in archive.search("tag:PREL", sort="-date", limit=50).hits]
    assert newest_first == sorted(newest_first, reverse=True)


def test_hits_carry_a_highlighted_snippet(archive: Archive) -> None:
    hit = archive.search('"mutual legal assistance"').hits[0]
    assert hit.id == "06ALMATY1703"
    assert "<b>Mutual Legal Assistance</b>" in hit.snippet


def test_a_bad_query_raises_a_query_error(archive: Archive) -> None:
    with pytest.raises(QueryError, match="unknown field 'foo'"):
        archive.search("foo:bar")


def test_an_index_behind_sqlite_is_rebuilt_before_searching(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        archive.ingest([EXAMPLES])
    # As if an ingest died after SQLite committed and before the index did.
    SearchIndex.wipe(folder / INDEX_DIR)
    with Archive.open(folder) as archive:
        assert archive.index.count() == 0
        assert [h.id for h in archive.search("id:09ANKARA718").hits] == ["09ANKARA718"]
        assert archive.index.count() == 9


def test_cli_search_prints_hits_facets_and_clear_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = str(tmp_path / "archive")
    assert (
        runner.invoke(main, ["ingest", "-j", "1", "--archive", folder, str(EXAMPLES)]).exit_code
        == 0
    )
    found = runner.invoke(
        main, ["search", "--json", "--facets", "--sort", "-date", "--archive", folder, "istanbul"]
    )
    assert found.exit_code == 0, found.output
    data = json.loads(found.output)
    assert data["total"] == 8
    assert data["hits"][0]["id"] == "09ADANA33"  # the newest
    assert ["NATO", 8] in data["facets"]["tag"]
    text = runner.invoke(main, ["search", "--archive", folder, '"disaster response hub"'])
    assert text.output.startswith("7 cables match")
    assert "[DISASTER RESPONSE HUB]" in text.output
    bad = runner.invoke(main, ["search", "--archive", folder, "(istanbul"])
    assert bad.exit_code == 2
    assert "bad query: a '(' is not closed (at character 1)" in bad.output
    assert "Traceback" not in bad.output
    rebuilt = runner.invoke(main, ["reindex", "--archive", folder])
    assert rebuilt.exit_code == 0 and "indexed 9 cables" in rebuilt.output


def test_cli_search_says_when_facets_are_estimated() -> None:
    from cablearchive.cli import _describe_results
    from cablearchive.store.archive import SearchResults

    facets = {"origin": (("Embassy Ankara", 16),), "month": (("2009-05", 16),)}
    estimated = SearchResults('"end summary"', 20, (), facets, facets["month"], 1 / 16)
    assert _describe_results(estimated).endswith("(counts estimated from 1 in 16 of the matches)")
    exact = SearchResults('"end summary"', 20, (), facets, facets["month"])
    assert "estimated" not in _describe_results(exact)
