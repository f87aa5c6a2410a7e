"""Similar cables and search by meaning in the viewer and the API, on the web tests' archive
(embedded by its own text model): the list on the cable page with the passages that match,
`/api/cables/{id}/similar`, and the search page and API in each mode."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from cablearchive.store import Archive

HUB = {
    "09STATE47316", "09ANKARA718", "09ATHENS790", "09SOFIA293", "09USNATO241", "09ADANA33",
    "09ISTANBUL176", "09STATE58804",
}  # fmt: skip


def test_the_api_lists_the_cables_most_like_one(client: TestClient, archive: Archive) -> None:
    response = client.get("/api/cables/09ANKARA718/similar", params={"limit": 4})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "09ANKARA718" and body["model"].startswith("lsa-")
    listed = body["similar"]
    assert len(listed) == 4 and {c["id"] for c in listed} <= HUB
    expected = archive.similar("09ANKARA718", 4)
    assert expected is not None
    assert [c["id"] for c in listed] == [c.id for c in expected.cables]
    for c in listed:
        assert c["why"]["passage"]["text"] and c["why"]["matching"]["text"]
        assert 0 < c["score"] <= 1
    assert client.get("/api/cables/NOSUCH1/similar").status_code == 404
    assert client.get("/api/cables/09ANKARA718/similar", params={"limit": 0}).status_code == 400


def test_the_cable_page_loads_its_similar_cables(client: TestClient) -> None:
    page = client.get("/cable/09ANKARA718")
    assert page.status_code == 200
    assert 'hx-get="/cable/09ANKARA718/similar"' in page.text
    fragment = client.get("/cable/09ANKARA718/similar", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and 'id="similar"' in fragment.text
    linked = re.findall(r'<li><a href="/cable/([^"]+)">', fragment.text)
    assert len(linked) == 10 and "09ANKARA718" not in linked
    assert set(linked[:4]) <= HUB
    assert fragment.text.count('class="why"') == 10
    # Without htmx, a page of its own.
    whole = client.get("/cable/09ANKARA718/similar")
    assert "<html" in whole.text and "Cables like 09ANKARA718" in whole.text
    assert client.get("/cable/NOSUCH1/similar").status_code == 404


def test_the_search_page_in_each_mode(client: TestClient) -> None:
    words = client.get("/search", params={"q": "earthquake"})
    meaning = client.get("/search", params={"q": "earthquake", "mode": "semantic"})
    hybrid = client.get("/search", params={"q": "earthquake", "mode": "hybrid"})
    for response in (words, meaning, hybrid):
        assert response.status_code == 200
    assert "nearest the meaning of" in meaning.text and "nearest" not in words.text
    assert '<option value="semantic" selected>' in meaning.text
    # The facets and the JSON link keep the mode; the people facet counts text hits only.
    assert "mode=semantic" in meaning.text and 'id="people-facet"' not in meaning.text
    assert 'id="people-facet"' in words.text
    stop = client.get("/search", params={"q": "the of", "mode": "semantic"})
    assert stop.status_code == 200 and "No cable is near the meaning" in stop.text
    bad = client.get("/search", params={"q": "x", "mode": "telepathy"})
    assert bad.status_code == 400 and "mode must be one of" in bad.text


def test_the_search_api_in_each_mode(client: TestClient) -> None:
    params = {"q": "disaster response tag:TU", "facets": "true"}
    for mode in ("text", "semantic", "hybrid"):
        response = client.get("/api/search", params={**params, "mode": mode})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["mode"] == mode and body["total"] >= 1
        assert sum(n for _, n in body["facets"]["classification"]) == body["total"]
    sorted_by_date = client.get("/api/search", params={"q": "x", "mode": "hybrid", "sort": "date"})
    assert sorted_by_date.status_code == 400
