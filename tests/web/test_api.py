"""The JSON API over HTTP, on the session's real archive: the records `cables show --json`
prints, references, backlinks, search with facets, the OpenAPI description, JSON errors; and
the `cables serve` command's own checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from cablearchive.cli import main
from cablearchive.search.query import parse_query
from cablearchive.store import Archive
from tests.shared import shared_file

GOLDEN = "golden/seeds.json"
ROUTES = [
    "/api/cables/{cable_id}",
    "/api/cables/{cable_id}/references",
    "/api/cables/{cable_id}/cited-by",
    "/api/cables/{cable_id}/similar",
    "/api/search",
    "/api/facets",
]


def ok(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/json"
    return response.json()


def error(client: TestClient, url: str, status: int, **params: Any) -> str:
    """The message of a JSON error, checked to be one: `{"error": ..., "status": ...}`."""
    response = client.get(url, params=params)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "status"}
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    return str(body["error"])


# --- one cable -----------------------------------------------------------------------------


def show_json(archive_dir: Path, cable_id: str) -> Any:
    result = CliRunner().invoke(main, ["show", cable_id, "--archive", str(archive_dir), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "cable_id", ["06ALMATY2549", "06ALMATY1703", "09STATE47316", "09ADANA33", "75LIBREVILLE1895"]
)
def test_cable_is_what_cables_show_prints(
    client: TestClient, archive_dir: Path, cable_id: str
) -> None:
    assert ok(client, f"/api/cables/{cable_id}") == show_json(archive_dir, cable_id)


def test_cable_by_alias_or_spelling(client: TestClient, archive_dir: Path) -> None:
    record = show_json(archive_dir, "75LIBREVILLE1895")
    assert ok(client, "/api/cables/7575LIBREVILLE1895") == record
    assert record["aliases"] == ["7575LIBREVILLE1895"]
    assert ok(client, "/api/cables/06almaty2549")["id"] == "06ALMATY2549"


def test_cable_record_as_the_golden_file_says(client: TestClient, shared_dir: Path) -> None:
    golden = json.loads(shared_file(shared_dir, GOLDEN).read_text(encoding="utf-8"))
    for entry in golden["cables"]:
        expected = entry["expected"]
        record = ok(client, f"/api/cables/{expected['id']}")
        for key in ("id", "classification", "origin", "tags", "signer", "sections"):
            assert record[key] == expected[key], key
        assert " ".join(record["subject"].split()) == expected["subject"]
        assert [
            {k: r[k] for k in ("label", "raw", "kind", "id")} for r in record["references"]
        ] == expected["references"]


def test_cable_versions(client: TestClient) -> None:
    record = ok(client, "/api/cables/06ALMATY1703")
    versions = record["versions"]
    assert [v["number"] for v in versions] == [1, 2]
    assert [v["current"] for v in versions] == [False, True]
    assert versions[0]["text_hash"] != versions[1]["text_hash"]
    assert all(len(v["sources"]) == 1 for v in versions)
    assert versions[1]["sources"][0]["path"].endswith("06ALMATY1703-later.txt")


def test_references(client: TestClient) -> None:
    assert ok(client, "/api/cables/06ALMATY2549/references") == {
        "id": "06ALMATY2549",
        "references": [
            {
                "label": "A",
                "raw": "ALMATY 1946",
                "kind": "cable",
                "id": "06ALMATY1946",
                "status": "missing",
            },
            {
                "label": "B",
                "raw": "7/8/06 PORGES-MONK EMAIL",
                "kind": "email",
                "id": None,
                "status": "unparsed",
            },
        ],
    }
    adana = ok(client, "/api/cables/09adana33/references")
    assert adana["id"] == "09ADANA33"
    assert [(r["id"], r["status"]) for r in adana["references"]] == [
        ("09STATE47316", "resolved"),
        ("09ANKARA718", "resolved"),
        ("09USNATO241", "resolved"),
    ]


def test_cited_by_pages(client: TestClient, archive: Archive) -> None:
    cable = archive.get("09STATE47316")
    assert cable is not None
    everything = ok(client, "/api/cables/09STATE47316/cited-by")
    assert {k: everything[k] for k in ("id", "page", "per_page", "total", "pages")} == {
        "id": "09STATE47316",
        "page": 1,
        "per_page": 50,
        "total": len(cable.cited_by),
        "pages": 1,
    }
    assert [c["id"] for c in everything["cited_by"]] == list(cable.cited_by)
    assert len(cable.cited_by) == 6
    adana = next(c for c in everything["cited_by"] if c["id"] == "09ADANA33")
    assert adana == {
        "id": "09ADANA33",
        "subject": "TURKEY: HATAY EARTHQUAKE DRILL TESTS REGIONAL RESPONSE PLANS FOR PROPOSED "
        "NATO HUB",
        "created": "2009-06-18T11:42:00Z",
        "classification": "CONFIDENTIAL",
        "origin": "Consulate Adana",
    }
    pages = [ok(client, "/api/cables/09STATE47316/cited-by", per_page=4, page=n) for n in (1, 2)]
    assert [p["pages"] for p in pages] == [2, 2]
    assert [len(p["cited_by"]) for p in pages] == [4, 2]
    assert [c["id"] for p in pages for c in p["cited_by"]] == list(cable.cited_by)
    beyond = ok(client, "/api/cables/09STATE47316/cited-by", per_page=4, page=3)
    assert beyond["cited_by"] == [] and beyond["total"] == 6


def test_cited_by_of_a_cable_nobody_cites(client: TestClient) -> None:
    found = ok(client, "/api/cables/06ALMATY2549/cited-by")
    assert (found["total"], found["pages"], found["cited_by"]) == (0, 1, [])


# --- search --------------------------------------------------------------------------------


def test_search(client: TestClient, archive: Archive) -> None:
    found = ok(client, "/api/search", q="guantanamo")
    assert set(found) == {"query", "mode", "total", "hits", "page", "per_page", "pages"}
    assert found["query"] == "guantanamo"
    assert found["total"] == 2 == archive.search("guantanamo").total
    assert (found["page"], found["per_page"], found["pages"]) == (1, 20, 1)
    assert sorted(h["id"] for h in found["hits"]) == ["06ALMATY1703", "06ALMATY2549"]
    for hit in found["hits"]:
        assert set(hit) == {
            "id",
            "subject",
            "created",
            "classification",
            "origin",
            "score",
            "snippet",
        }
        assert "<b>guantanamo</b>" in hit["snippet"].lower()
        assert hit["score"] > 0


def test_search_pages(client: TestClient) -> None:
    pages = [ok(client, "/api/search", q="istanbul", per_page=3, page=n) for n in (1, 2, 3, 4)]
    assert [p["total"] for p in pages] == [8] * 4
    assert [p["pages"] for p in pages] == [3] * 4
    assert [len(p["hits"]) for p in pages] == [3, 3, 2, 0]
    ids = [h["id"] for p in pages for h in p["hits"]]
    assert len(set(ids)) == 8
    assert ids == [h["id"] for h in ok(client, "/api/search", q="istanbul")["hits"]]


def test_search_sorted_by_date(client: TestClient) -> None:
    oldest = ok(client, "/api/search", q="istanbul", sort="date")["hits"]
    newest = ok(client, "/api/search", q="istanbul", sort="-date")["hits"]
    dates = [h["created"] for h in oldest]
    assert dates == sorted(dates) and len(dates) == 8
    assert [h["created"] for h in newest] == sorted(dates, reverse=True)


@pytest.mark.parametrize("per_page", [1, 100])
def test_search_per_page_bounds(client: TestClient, per_page: int) -> None:
    found = ok(client, "/api/search", q="istanbul", per_page=per_page)
    assert found["per_page"] == per_page
    assert len(found["hits"]) == min(per_page, 8)


def test_search_with_facets(client: TestClient, archive: Archive) -> None:
    found = ok(client, "/api/search", q="istanbul", facets="true", per_page=1)
    assert set(found["facets"]) == {"tag", "origin", "classification", "caption", "month", "year"}
    facets = {name: dict(values) for name, values in found["facets"].items()}
    assert facets["classification"] == {
        "CONFIDENTIAL": 5,
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY": 2,
        "SECRET//NOFORN": 1,
    }
    assert facets["month"] == {"2009-05": 5, "2009-06": 3}
    assert facets["year"] == {"2009": 8}
    assert facets["tag"]["NATO"] == 8
    assert dict(found["histogram"]) == {"2009-05": 5, "2009-06": 3}
    # The counts are the archive's.
    assert facets["tag"] == dict(archive.search("istanbul", facets=True).facets["tag"])


def test_facets(client: TestClient) -> None:
    found = ok(client, "/api/facets", q="shah")
    assert set(found) == {"query", "mode", "total", "facets", "histogram", "facets_sample"}
    assert found["facets_sample"] == 1.0  # exact: no phrase in most of the archive
    assert found["total"] == 6
    years = dict(found["facets"]["year"])
    assert years == {"1972": 2, "1973": 3, "1975": 1}
    assert sum(years.values()) == sum(n for _, n in found["facets"]["month"]) == 6
    assert found["facets"]["origin"] == [["Embassy Tehran", 6]]
    assert [m for m, _ in found["histogram"]] == sorted(m for m, _ in found["histogram"])


def test_openapi_lists_the_routes(client: TestClient) -> None:
    spec = ok(client, "/openapi.json")
    assert set(ROUTES) <= set(spec["paths"])
    assert all(path.startswith("/api/") for path in spec["paths"])  # not the HTML pages
    search = spec["paths"]["/api/search"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert names == {"q", "page", "per_page", "sort", "facets", "mode"}
    assert client.get("/api/docs").status_code == 200


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/cables/06ALMATY9999", "/api/cables/x/references", "/api/cables/x/cited-by"]
)
def test_unknown_cable(client: TestClient, url: str) -> None:
    name = url.split("/")[3]
    assert error(client, url, 404) == f"no cable {name!r} in this archive"


@pytest.mark.parametrize("route", ["/api/search", "/api/facets"])
@pytest.mark.parametrize(
    ("query", "said"),
    [
        ('"abc', "bad query: a quote is not closed (at character 1)"),
        ("tag:", "bad query: tag: needs a value (at character 1)"),
        ("(", "bad query: the query ends where a word was expected (at character 2)"),
        ("   ", "bad query: the query is empty (at character 1)"),
        (
            "(" * 400 + "a" + ")" * 400,
            "bad query: the query nests deeper than 64 levels (at character 65)",
        ),
    ],
)
def test_bad_query(client: TestClient, route: str, query: str, said: str) -> None:
    assert error(client, route, 400, q=query) == said


@pytest.mark.parametrize("route", ["/api/search", "/api/facets"])
def test_empty_or_missing_query(client: TestClient, route: str) -> None:
    assert "q" in error(client, route, 400, q="")
    assert "q" in error(client, route, 400)
    assert "q" in error(client, route, 400, q="x" * 2001)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": 10_001}, "page"),
        ({"page": "abc"}, "page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": 101}, "per_page"),
        ({"per_page": 1000}, "per_page"),
        ({"sort": "newest"}, "sort"),
        ({"facets": "maybe"}, "facets"),
    ],
)
def test_bad_parameters(client: TestClient, params: dict[str, Any], field: str) -> None:
    said = error(client, "/api/search", 400, q="istanbul", **params)
    assert said.startswith(f"Bad request: {field}: ")


def test_bad_cited_by_paging(client: TestClient) -> None:
    url = "/api/cables/09STATE47316/cited-by"
    assert error(client, url, 400, page=0).startswith("Bad request: page: ")
    assert error(client, url, 400, per_page=1000).startswith("Bad request: per_page: ")


def test_unknown_api_path(client: TestClient) -> None:
    assert error(client, "/api/nothing", 404) == "There is no page at /api/nothing."


def test_odd_ids_and_queries(client: TestClient) -> None:
    for odd in ("<script>", "\x00", "💩", "x" * 10_000, "..%2F"):
        assert client.get(f"/api/cables/{quote(odd, safe='')}").status_code == 404
        response = client.get("/api/search", params={"q": odd})
        assert response.status_code in (200, 400)
        assert response.headers["content-type"] == "application/json"
        if response.status_code == 200:
            assert response.json()["query"] == odd
            parse_query(odd)


# --- cables serve --------------------------------------------------------------------------


def test_serve_help() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Serve the archive in a browser" in result.output
    for option in ("--archive", "--host", "--port", "--workers"):
        assert option in result.output


def test_serve_without_an_archive(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    result = CliRunner().invoke(main, ["serve", "--archive", str(missing)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: no archive at {missing} (no archive.sqlite3 there)"
    assert not missing.exists()  # serving never creates an archive
    result = CliRunner().invoke(main, ["serve", "--archive", "/nonexistent"])
    assert result.exit_code == 1
    assert "no archive at /nonexistent" in result.output


def test_serve_refuses_a_bad_port(archive_dir: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--archive", str(archive_dir), "--port", "0"])
    assert result.exit_code == 2
    assert "0 is not in the range 1<=x<=65535" in result.output
