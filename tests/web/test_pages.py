"""The HTML pages over HTTP, on the session's real archive (tests/web/conftest.py): what each
page says (values, links, anchors, status, headers), and what bad input gets instead."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cablearchive.reference.tags import tags
from cablearchive.store import DIMENSIONS, Archive, Dimension
from cablearchive.web import create_app
from cablearchive.web.refining import narrow
from tests.shared import shared_file

GOLDEN = "golden/seeds.json"


@pytest.fixture(scope="module")
def golden(shared_dir: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(shared_file(shared_dir, GOLDEN).read_text(encoding="utf-8"))
    return {c["expected"]["id"]: c["expected"] for c in data["cables"]}


def text(node: LexborNode | None) -> str:
    assert node is not None
    return " ".join(node.text().split())


def html(response: httpx.Response, status: int = 200) -> LexborHTMLParser:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return LexborHTMLParser(response.text)


def get(client: TestClient, url: str, status: int = 200, **kwargs: Any) -> LexborHTMLParser:
    return html(client.get(url, **kwargs), status)


def message(page: LexborHTMLParser) -> str:
    """The message of an error page."""
    return text(page.css_first(".error .message"))


def query_of(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def total_of(page: LexborHTMLParser) -> int:
    return int(text(page.css_first(".summary strong")).replace(",", ""))


def hit_ids(page: LexborHTMLParser) -> list[str]:
    return [text(a) for a in page.css("li.hit a.cable-id")]


# --- home ----------------------------------------------------------------------------------


def test_home(client: TestClient, archive: Archive) -> None:
    response = client.get("/")
    page = html(response)
    assert response.headers["server-timing"].startswith("app;dur=")
    stats = archive.stats()
    assert text(page.css_first("h1")) == f"{stats.cables} diplomatic cables"
    intro = text(page.css_first(".intro p"))
    years = [y for y, _ in archive.groups("year")]
    assert f"{stats.versions} texts, created {years[0]}–{years[-1]}" in intro
    assert f"{stats.references['resolved']} resolved in this archive" in intro
    assert f"{stats.references['missing']} to cables not in it" in intro


def test_home_most_cited(client: TestClient, archive: Archive) -> None:
    page = get(client, "/")
    section = next(
        s
        for s in page.css("section")
        if s.css_first("h2") and text(s.css_first("h2")) == "Most cited"
    )
    items = section.css("li")
    expected = archive.most_cited(15)
    assert [text(li.css_first("a.cable-id")) for li in items] == [c.id for c, _ in expected]
    first = items[0]
    assert text(first.css_first("a.cable-id")) == "09STATE47316"
    assert first.css_first("a.cable-id").attributes["href"] == "/cable/09STATE47316"
    assert "cited by 6" in text(first)
    assert "DEMARCHE REQUEST" in text(first)


def test_home_links_every_classification(client: TestClient, archive: Archive) -> None:
    page = get(client, "/")
    hrefs = {a.attributes["href"] for a in page.css("a")}
    for label, _ in archive.groups("classification"):
        assert f"/browse/classification/{quote(label, safe='')}" in hrefs
    assert "/browse/classification/SECRET%2F%2FNOFORN" in hrefs


# --- a cable -------------------------------------------------------------------------------


def metadata(page: LexborHTMLParser) -> dict[str, LexborNode]:
    return {text(tr.css_first("th")): tr.css_first("td") for tr in page.css("table.metadata tr")}


def test_cable_metadata_as_the_golden_file_says(
    client: TestClient, golden: dict[str, dict[str, Any]]
) -> None:
    expected = golden["06ALMATY2549"]
    page = get(client, "/cable/06ALMATY2549")
    assert text(page.css_first("title")).startswith(f"06ALMATY2549: {expected['subject']}")
    assert text(page.css_first("h1")) == expected["subject"]
    rows = metadata(page)
    assert text(rows["Reference ID"]) == expected["id"]
    assert text(rows["Subject"]) == expected["subject"]
    created = expected["created"].replace("T", " ")[:16]  # 2006-07-13 15:21
    assert text(rows["Created"]) == f"{created} UTC DTG 131521Z JUL 06"
    assert rows["Created"].css_first("a").attributes["href"] == "/browse/month/2006-07"
    released = expected["released"].replace("T", " ")[:16]
    assert text(rows["Released"]) == released
    assert rows["Released"].css_first("a").attributes["href"] == "/browse/released/2011-08-30"
    assert text(rows["Classification"]) == expected["classification"] == "SECRET"
    assert rows["Classification"].css_first("a").attributes["href"] == (
        "/browse/classification/SECRET"
    )
    assert text(rows["Origin"]) == expected["origin"]
    assert rows["Origin"].css_first("a").attributes["href"] == "/browse/origin/US%20Office%20Almaty"
    assert text(rows["Precedence"]) == expected["precedence"]
    # The signer's name opens their person's page; the link beside it, their signed cables.
    assert text(rows["Signed"].css_first("a.signer")) == expected["signer"]
    assert text(rows["Signed"]) == f"{expected['signer']} (cables signed)"
    assert text(rows["Sections"]) == str(expected["sections"])
    assert text(rows["Classified by"]).startswith(expected["classified_by"])
    assert text(page.css_first(".banner-strip")) == "SECRET · SIPDIS"


def test_cable_metadata_of_the_second_seed(
    client: TestClient, golden: dict[str, dict[str, Any]]
) -> None:
    expected = golden["06ALMATY1703"]
    rows = metadata(get(client, "/cable/06ALMATY1703"))
    assert text(rows["Classification"]) == expected["classification"]
    assert rows["Classification"].css_first("a").attributes["href"] == (
        "/browse/classification/UNCLASSIFIED%2F%2FFOR%20OFFICIAL%20USE%20ONLY"
    )
    assert text(rows["Origin"]) == expected["origin"]
    assert text(rows["Released"]) == "—"  # null in the golden file
    assert text(rows["Created"]).startswith("2006-05-15 02:25 UTC")


def test_cable_paragraphs_have_anchors_and_portion_marks(
    client: TestClient, golden: dict[str, dict[str, Any]]
) -> None:
    page = get(client, "/cable/06ALMATY2549")
    sections = page.css("section.par")
    marks = golden["06ALMATY2549"]["paragraph_classifications"]
    assert [s.attributes["id"] for s in sections] == [f"par{n}" for n in range(1, 8)]
    assert [text(s.css_first(".mark")) for s in sections] == marks
    levels = {"S": "level-s", "SBU": "level-sbu", "C": "level-c"}
    for section, mark in zip(sections, marks, strict=True):
        assert levels[mark] in (section.attributes["class"] or "").split()
        anchor = section.css_first("a.par-anchor")
        assert anchor.attributes["href"] == f"#{section.attributes['id']}"
        assert text(anchor).endswith(f"({mark})")
        assert anchor.attributes["title"] == f"Link to this paragraph, marked {mark}"
    # The hard-wrapped lines are joined for reading.
    first = text(sections[0].css_first("p"))
    assert first.startswith("Summary: In a July 12 meeting with MFA consular officials, Poloff")
    assert first.endswith("See para. 7 for action request. End summary.")
    # Nothing of the body is lost: the preamble and the signature are there, as text.
    body = text(page.css_first("#body"))
    assert "TAGS: PTER KAWC PINR PREL KZ" in body
    assert body.endswith("ORDWAY")


def test_cable_tags_link_with_their_meanings(
    client: TestClient, golden: dict[str, dict[str, Any]]
) -> None:
    page = get(client, "/cable/06ALMATY2549")
    items = page.css("section.tags li")
    assert [text(li.css_first("a")) for li in items] == golden["06ALMATY2549"]["tags"]
    for li in items:
        tag = text(li.css_first("a"))
        meaning = tags()[tag].meaning
        assert li.css_first("a").attributes["href"] == f"/browse/tag/{tag}"
        assert li.css_first("a").attributes["title"] == meaning
        assert text(li.css_first(".tag-meaning")) == meaning
    assert text(items[-1].css_first(".tag-meaning")) == "Kazakhstan"


def test_cable_references_missing_and_unparsed(client: TestClient) -> None:
    page = get(client, "/cable/06ALMATY2549")
    missing, email = page.css("section.refs li")
    assert missing.attributes["class"] == "ref-missing"
    assert text(missing).startswith("A. ALMATY 1946")
    assert "06ALMATY1946: not in the archive" in text(missing)
    assert missing.css_first("a") is None  # nothing to link to
    assert email.attributes["class"] == "ref-unparsed"
    assert text(email) == "B. 7/8/06 PORGES-MONK EMAIL email"
    assert email.css_first("a") is None
    assert text(page.css_first("section.cited-by")) == (
        "Cited by No cable in this archive cites it."
    )


def test_cable_header_is_explained(client: TestClient) -> None:
    page = get(client, "/cable/06ALMATY2549")
    titles = {text(a): a.attributes["title"] for a in page.css("pre.header abbr")}
    assert (titles["RUEHTA"] or "").startswith(
        "routing indicator RUEHTA of the sending station, AMEMBASSY ALMATY"
    )
    assert titles["#2549/01"] == "message serial 2549, section 01"
    assert titles["1941521"] == "filed on day 194 of the year at 15:21 UTC"
    assert titles["131521Z JUL 06"] == "date-time group: 13 July 2006, 15:21 UTC"
    assert titles["ZNY"] == "classified message"
    assert titles["SSSSS"] == "security: SECRET"
    assert "SECSTATE WASHDC" in (titles["RUEHC"] or "")
    # The header reads as it was sent.
    header = page.css_first("pre.header").text()
    assert header.splitlines()[:3] == ["VZCZCXRO8043", "PP RUEHDBU", "DE RUEHTA #2549/01 1941521"]


def test_cable_with_two_versions(client: TestClient, archive: Archive) -> None:
    page = get(client, "/cable/06ALMATY1703")
    assert text(page.css_first("section.versions h2")) == "Versions (2)"
    first, shown = page.css("section.versions li")
    assert text(shown).startswith("shown")
    link = first.css_first('a[href="/cable/06ALMATY1703/versions/1"]')
    assert link is not None
    assert link.attributes["hx-get"] == "/cable/06ALMATY1703/versions/1"
    assert link.attributes["hx-target"] == "#diff1"
    assert first.css_first("div#diff1") is not None
    # The later text is the one shown.
    assert "position on the MLAT." in text(page.css_first("#par5"))
    cable = archive.get("06ALMATY1703")
    assert cable is not None and [v.current for v in cable.versions] == [False, True]


def test_version_diff_page(client: TestClient) -> None:
    page = get(client, "/cable/06ALMATY1703/versions/1")
    assert page.css_first("html") is not None and page.css_first("footer") is not None
    heading = page.css_first("main h1")
    assert text(heading) == "06ALMATY1703: version 1"
    assert heading.css_first("a").attributes["href"] == "/cable/06ALMATY1703"
    (removed,) = page.css(".diff .hunk del")
    added = page.css(".diff .hunk ins")
    assert text(removed).endswith("responding to the Kazakhstani position.")
    assert [text(a) for a in added] == [
        "+ ¶5. (U) Post requests Department guidance on responding to the Kazakhstani "
        "position on the MLAT."
    ]
    raw = page.css_first('a[href="/cable/06ALMATY1703/raw?version=1"]')
    assert raw is not None


def test_the_version_shown_compared_with_itself(client: TestClient) -> None:
    page = get(client, "/cable/06ALMATY1703/versions/2")
    assert "This is the version shown." in text(page.css_first("div.diff"))
    assert page.css("pre.hunk") == []


def test_version_diff_fragment_for_htmx(client: TestClient) -> None:
    headers = {"HX-Request": "true", "HX-Target": "diff1"}
    response = client.get("/cable/06ALMATY1703/versions/1", headers=headers)
    assert response.status_code == 200
    assert "<html" not in response.text and "<footer" not in response.text
    fragment = LexborHTMLParser(response.text)
    assert fragment.css_first("h1") is None
    assert "position on the MLAT." in text(fragment.css_first(".diff .hunk ins"))
    # Another element asked for, or no htmx: the whole page.
    for other in ({"HX-Request": "true", "HX-Target": "results"}, {"HX-Target": "diff1"}):
        full = client.get("/cable/06ALMATY1703/versions/1", headers=other)
        assert full.status_code == 200 and "<html" in full.text


@pytest.mark.parametrize("number", ["0", "3", "abc", "-1", "1.0", "²", "9" * 50])
def test_version_that_is_not_there(client: TestClient, number: str) -> None:
    page = get(client, f"/cable/06ALMATY1703/versions/{quote(number)}", 404)
    assert "Cable 06ALMATY1703 has 2 version(s), numbered 1 to 2" in message(page)


def test_resolved_reference_links_the_cable(client: TestClient) -> None:
    page = get(client, "/cable/09ADANA33")
    resolved = page.css("section.refs li.ref-resolved")
    links = {text(li.css_first("a")): li.css_first("a").attributes["href"] for li in resolved}
    assert links["STATE 47316"] == "/cable/09STATE47316"
    first = next(li for li in resolved if text(li.css_first("a")) == "STATE 47316")
    assert text(first.css_first(".ref-subject")).startswith("DEMARCHE REQUEST: SUPPORT FOR A NATO")
    # and the link leads there
    assert text(get(client, links["STATE 47316"]).css_first(".cable-id")) == "09STATE47316"


def test_cited_by(client: TestClient, archive: Archive) -> None:
    page = get(client, "/cable/09STATE47316")
    section = page.css_first("section.cited-by")
    cable = archive.get("09STATE47316")
    assert cable is not None
    assert text(section.css_first("h2")) == f"Cited by ({len(cable.cited_by)})"
    listed = [text(a) for a in section.css("li a")]
    assert sorted(listed) == sorted(cable.cited_by)
    assert "09ADANA33" in listed
    assert section.css_first('a[href="/cable/09ADANA33"]') is not None


def test_lowercase_id_redirects_to_the_cable(client: TestClient) -> None:
    response = client.get("/cable/06almaty2549", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == "/cable/06ALMATY2549"
    followed = client.get("/cable/06almaty2549")
    assert followed.status_code == 200 and str(followed.url).endswith("/cable/06ALMATY2549")


def test_malformed_id_of_the_release_redirects(client: TestClient, archive: Archive) -> None:
    canonical = archive.resolve("7575LIBREVILLE1895")
    assert canonical == "75LIBREVILLE1895"
    response = client.get("/cable/7575LIBREVILLE1895", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == "/cable/75LIBREVILLE1895"
    rows = metadata(get(client, "/cable/75LIBREVILLE1895"))
    assert text(rows["Reference ID"]) == "75LIBREVILLE1895 also 7575LIBREVILLE1895"


def test_unknown_cable(client: TestClient) -> None:
    page = get(client, "/cable/06ALMATY9999", 404)
    assert text(page.css_first(".error h1")) == "Not found"
    assert message(page).startswith("No cable '06ALMATY9999' in this archive.")
    assert "Cable ids look like 06ALMATY2549" in message(page)
    for url in ("/cable/06ALMATY9999/raw", "/cable/06ALMATY9999/versions/1"):
        assert "No cable '06ALMATY9999'" in message(get(client, url, 404))


def test_unknown_path(client: TestClient) -> None:
    assert message(get(client, "/nowhere", 404)) == "There is no page at /nowhere."


# --- raw text ------------------------------------------------------------------------------


def test_raw_text(client: TestClient, archive: Archive) -> None:
    cable = archive.get("06ALMATY2549")
    assert cable is not None
    response = client.get("/cable/06ALMATY2549/raw")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.text == cable.text
    assert response.text.startswith("VZCZCXRO8043\n")
    assert client.get("/cable/06ALMATY2549/raw?version=1").text == cable.text


def test_raw_text_of_each_version(client: TestClient, archive: Archive) -> None:
    first = client.get("/cable/06ALMATY1703/raw?version=1")
    second = client.get("/cable/06ALMATY1703/raw?version=2")
    assert first.status_code == second.status_code == 200
    assert "responding to the Kazakhstani position.\n" in first.text + "\n"
    assert "position on the MLAT." not in first.text
    assert "responding to the Kazakhstani position on the MLAT." in second.text
    found = archive.version_text("06ALMATY1703", 1)
    assert found is not None and first.text == found[1]
    assert client.get("/cable/06ALMATY1703/raw").text == second.text


@pytest.mark.parametrize("version", ["0", "3", "abc", "", "²", "1e0"])
def test_raw_text_of_a_version_that_is_not_there(client: TestClient, version: str) -> None:
    page = get(client, f"/cable/06ALMATY1703/raw?version={quote(version)}", 404)
    assert "has 2 version(s)" in message(page)


# --- search --------------------------------------------------------------------------------


def test_search_results_and_snippets(client: TestClient) -> None:
    page = get(client, "/search?q=guantanamo")
    assert text(page.css_first(".summary")).startswith("2 cables match guantanamo")
    assert sorted(hit_ids(page)) == ["06ALMATY1703", "06ALMATY2549"]
    for hit in page.css("li.hit"):
        bold = [text(b) for b in hit.css("p.snippet b")]
        assert bold and all(b.lower() == "guantanamo" for b in bold)
        cable_id = text(hit.css_first("a.cable-id"))
        assert hit.css_first("a.subject").attributes["href"] == f"/cable/{cable_id}"
    # The query stays in both search boxes.
    assert page.css_first("input#q").attributes["value"] == "guantanamo"
    assert page.css_first("input#site-q").attributes["value"] == "guantanamo"
    json_link = page.css_first(".summary a").attributes["href"] or ""
    assert json_link.startswith("/api/search?") and query_of(json_link)["q"] == "guantanamo"


def test_search_without_a_query_shows_help(client: TestClient) -> None:
    for url in ("/search", "/search?q=", "/search?q=%20%20"):
        page = get(client, url)
        assert text(page.css_first("#results h1")) == "Search the cables"
        assert page.css("li.hit") == []


def is_active(item: LexborNode) -> bool:
    return "active" in (item.attributes.get("class") or "").split()


def facet_items(page: LexborHTMLParser, name: str) -> list[LexborNode]:
    section = page.css_first(f'section.facet[data-facet="{name}"]')
    return [] if section is None else section.css("li")


@pytest.mark.parametrize("query", ["guantanamo", "istanbul", "shah OR guantanamo"])
def test_every_facet_link_narrows_to_its_count(client: TestClient, query: str) -> None:
    """Follow each facet's link: as many results as the facet counted, its value now active,
    and the active value's link back to the query as it was."""
    page = get(client, "/search", params={"q": query})
    facets = page.css("section.facet")
    assert {f.attributes["data-facet"] for f in facets} >= {"classification", "year", "tag"}
    for facet in facets:
        name = facet.attributes["data-facet"]
        for li in facet.css("li"):
            link = li.css_first("a").attributes["href"] or ""
            count = int(text(li.css_first(".n")).replace(",", ""))
            assert not is_active(li)
            refined = get(client, link)
            assert total_of(refined) == count, (name, link)
            value = text(li.css_first("a"))
            active = [x for x in facet_items(refined, name) if is_active(x)]
            assert [text(x.css_first("a")) for x in active] == [value], (name, link)
            back = query_of(active[0].css_first("a").attributes["href"] or "")
            assert back.get("q", "") == " ".join(query.split())
            assert active[0].css_first("a").attributes["title"] == "Remove this filter"


def test_facet_link_adds_a_clause(client: TestClient) -> None:
    page = get(client, "/search?q=guantanamo")
    links = {
        text(li.css_first("a")): query_of(li.css_first("a").attributes["href"] or "")
        for li in facet_items(page, "tag") + facet_items(page, "origin")
    }
    assert links["PTER"] == {"q": "guantanamo tag:PTER", "sort": "relevance"}
    assert links["US Office Almaty"]["q"] == 'guantanamo origin:"US Office Almaty"'
    meanings = [text(li.css_first(".tag-meaning")) for li in facet_items(page, "tag")]
    assert "Kazakhstan" in meanings
    years = {text(li.css_first("a")): text(li.css_first(".n")) for li in facet_items(page, "year")}
    assert years == {"2006": "2"}


def test_search_histogram(client: TestClient) -> None:
    page = get(client, "/search?q=shah")
    svg = page.css_first("figure.histogram svg")
    assert svg.attributes["aria-label"] == "Hits by month of creation, 1972-02 to 1975-03"
    bars = {text(rect.css_first("title")): rect for rect in svg.css("rect")}
    assert set(bars) == {
        "1972-02: 1",
        "1972-03: 1",
        "1973-04: 1",
        "1973-10: 1",
        "1973-11: 1",
        "1975-03: 1",
    }
    # One slot per month from the first to the last: the gaps take their room.
    xs = sorted(float(r.attributes["x"] or 0) for r in svg.css("rect"))
    slot = 100 / 38  # 1972-02 .. 1975-03
    assert [round(x / slot) for x in xs] == [0, 1, 14, 20, 21, 37]
    links = [query_of(a.attributes["href"] or "")["q"] for a in svg.css("a")]
    assert "shah created:1972-02" in links
    assert text(page.css_first("figure.histogram figcaption")).startswith("1972-02")


def test_search_histogram_bar_of_an_active_month_keeps_it(client: TestClient) -> None:
    page = get(client, "/search", params={"q": "shah created:1973-04"})
    (link,) = page.css("figure.histogram svg a")
    assert query_of(link.attributes["href"] or "")["q"] == "shah created:1973-04"


@pytest.mark.parametrize("q", ["shah OR kissinger", "shah created:1973-04", "(shah)", "shah"])
def test_search_histogram_links_narrow_each_month(client: TestClient, q: str) -> None:
    """The bars' links are written from one rewritten query: each must be what narrowing the
    query to the bar's month gives."""
    page = get(client, "/search", params={"q": q})
    links = page.css("figure.histogram svg a")
    assert links
    for link in links:
        month = text(link.css_first("title")).split(":")[0]
        assert query_of(link.attributes["href"] or "")["q"] == narrow(q, "month", month)


def _created(archive: Archive, cable_id: str) -> str:
    cable = archive.get(cable_id)
    assert cable is not None
    return str(cable.record["created"] or "")


def test_search_sort(client: TestClient, archive: Archive) -> None:
    oldest = hit_ids(get(client, "/search?q=istanbul&sort=date"))
    newest = hit_ids(get(client, "/search?q=istanbul&sort=-date"))
    assert len(oldest) == 8
    dates = [_created(archive, i) for i in oldest]
    assert dates == sorted(dates)
    assert [_created(archive, i) for i in newest] == sorted(dates, reverse=True)
    page = get(client, "/search?q=istanbul&sort=-date")
    selected = page.css_first("select#sort option[selected]")
    assert selected.attributes["value"] == "-date"


def test_search_pages(client: TestClient, archive: Archive) -> None:
    query = "created:1960..2020 OR id:75ANKARA8123"  # every cable of the archive
    first = get(client, "/search", params={"q": query})
    # 21 ingested, and the three cables of tests/store/people.py.
    assert total_of(first) == archive.count() == 24
    assert "page 1 of 2" in text(first.css_first(".summary"))
    assert len(hit_ids(first)) == 20
    next_link = first.css_first('nav.pager a[rel="next"]').attributes["href"] or ""
    assert query_of(next_link) == {"q": query, "sort": "relevance", "page": "2"}
    second = get(client, next_link)
    assert len(hit_ids(second)) == 4
    assert second.css_first("ol.hits").attributes["start"] == "21"
    assert set(hit_ids(first)).isdisjoint(hit_ids(second))
    prev_link = second.css_first('nav.pager a[rel="prev"]').attributes["href"] or ""
    assert "page" not in query_of(prev_link)  # page 1 is the plain address
    assert text(second.css_first('nav.pager [aria-current="page"]')) == "2"


def test_search_partial_for_htmx(client: TestClient) -> None:
    headers = {"HX-Request": "true", "HX-Target": "results"}
    response = client.get("/search?q=guantanamo", headers=headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    fragment = LexborHTMLParser(response.text)
    assert fragment.css_first("form") is None and fragment.css_first("header") is None
    assert text(fragment.css_first(".summary")).startswith("2 cables match guantanamo")
    assert len(fragment.css("li.hit")) == 2
    assert fragment.css_first("aside.facets") is not None
    full = client.get("/search?q=guantanamo")
    assert "<html" in full.text and 'id="results"' in full.text


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ('"abc', "a quote is not closed (at character 1)"),
        ("tag:", "tag: needs a value (at character 1)"),
        ("(", "(at character 2)"),
        ("guantanamo )", "(at character 12)"),
        ("bogus:field", "unknown field 'bogus'"),
        ("year:20066", "year: takes a year like 2006"),
        ("(" * 400 + "a" + ")" * 400, "nests deeper than 64 levels"),
    ],
)
def test_malformed_query(client: TestClient, query: str, where: str) -> None:
    page = get(client, "/search", 400, params={"q": query})
    assert text(page.css_first(".error h1")) == "Bad request"
    assert message(page).startswith("This query cannot be read:")
    assert where in message(page)
    # The query is kept in the search box, to be corrected.
    assert page.css_first("input#site-q").attributes["value"] == query


@pytest.mark.parametrize("number", ["0", "abc", "-1", "99999999", "10001", "²", "9" * 5000])
def test_search_page_number_out_of_range(client: TestClient, number: str) -> None:
    page = get(client, "/search", 400, params={"q": "guantanamo", "page": number})
    assert message(page).startswith("page must be a whole number from 1 to 10,000, not ")


def test_search_page_beyond_the_last(client: TestClient) -> None:
    page = get(client, "/search?q=guantanamo&page=2", 404)
    assert message(page) == "There is no page 2: 2 results make 1 page(s)."


def test_search_unknown_sort(client: TestClient) -> None:
    page = get(client, "/search?q=guantanamo&sort=newest", 400)
    assert message(page) == "sort must be one of relevance, date, -date, cited, rank, not 'newest'."


# --- browse --------------------------------------------------------------------------------


def test_browse_index(client: TestClient) -> None:
    page = get(client, "/browse")
    hrefs = [a.attributes["href"] for a in page.css("ul.browse-index a")]
    assert hrefs == [f"/browse/{d}" for d in DIMENSIONS]


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_browse_groups(client: TestClient, archive: Archive, dimension: Dimension) -> None:
    page = get(client, f"/browse/{dimension}")
    rows = page.css("table.groups tbody tr")
    shown = [(text(r.css_first("td a")), int(text(r.css_first("td.n")))) for r in rows]
    expected = list(archive.groups(dimension))
    assert shown == expected
    for row, (value, _) in zip(rows, expected, strict=True):
        assert row.css_first("td a").attributes["href"] == (
            f"/browse/{dimension}/{quote(value, safe='')}"
        )
    if dimension == "tag":
        meanings = {text(r.css_first("td a")): text(r.css_first("td.tag-meaning")) for r in rows}
        assert meanings["PTER"] == "Political Affairs--Terrorists and Terrorism"


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_browse_every_group(client: TestClient, archive: Archive, dimension: Dimension) -> None:
    """Every group's page lists as many cables as the group counts, each of them in it."""
    for value, count in archive.groups(dimension):
        page = get(client, f"/browse/{dimension}/{quote(value, safe='')}")
        listed = [text(a) for a in page.css("ol.cables a.cable-id")]
        assert len(listed) == count, (dimension, value)
        assert text(page.css_first("main p")).startswith(f"{count} cable")
        for cable_id in listed:
            cable = archive.get(cable_id)
            assert cable is not None
            r = cable.record
            have = {
                "origin": r["origin"],
                "classification": r["classification"],
                "tag": value if value in r["tags"] else None,
                "year": (r["created"] or "")[:4],
                "month": (r["created"] or "")[:7],
                "released": (r["released"] or "")[:10],
            }[dimension]
            assert have == value, (dimension, value, cable_id)
        created = [_created(archive, i) for i in listed]
        assert created == sorted(created, reverse=True)  # newest first


def test_browse_a_classification_with_slashes(client: TestClient) -> None:
    for url in (
        "/browse/classification/SECRET%2F%2FNOFORN",
        "/browse/classification/SECRET//NOFORN",
    ):
        page = get(client, url)
        assert [text(a) for a in page.css("ol.cables a.cable-id")] == ["09USNATO241"]
        assert text(page.css_first("h1")) == "SECRET//NOFORN"
        link = next(a for a in page.css("main p a") if "refine" in text(a))
        refined = get(client, link.attributes["href"] or "")
        assert hit_ids(refined) == ["09USNATO241"]


def test_browse_search_link_finds_the_same_cables(client: TestClient) -> None:
    for url in (
        "/browse/origin/Embassy%20Tehran",
        "/browse/tag/PTER",
        "/browse/month/2009-05",
        "/browse/year/1972",
        "/browse/released/2011-03-31",
        "/browse/classification/CONFIDENTIAL",
    ):
        page = get(client, url)
        listed = [text(a) for a in page.css("ol.cables a.cable-id")]
        link = next(a for a in page.css("main p a") if "refine" in text(a))
        found = get(client, link.attributes["href"] or "")
        assert sorted(hit_ids(found)) == sorted(listed), url


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=embassy&sort=date",
        "/search?q=embassy&sort=-date",
        "/search?q=classification%3A%22UNCLASSIFIED%2F%2FFOR+OFFICIAL+USE+ONLY%22&sort=-date",
        "/api/search?q=embassy&sort=date",
    ],
)
def test_sort_by_date_with_an_undated_cable(client: TestClient, url: str) -> None:
    """The browse page of UNCLASSIFIED//FOR OFFICIAL USE ONLY links its search sorted by date;
    the undated 75ANKARA8123 is one of the hits."""
    response = client.get(url)
    assert response.status_code == 200
    assert "75ANKARA8123" in response.text or "classification" in url


def test_browse_tag_page_says_what_the_tag_means(client: TestClient) -> None:
    page = get(client, "/browse/tag/KZ")
    assert text(page.css_first("h1")) == "KZ Kazakhstan"
    crumbs = [a.attributes["href"] for a in page.css("nav.crumbs a")]
    assert crumbs == ["/browse", "/browse/tag"]


@pytest.mark.parametrize("url", ["/browse/nope", "/browse/nope/x", "/browse/Tag/PTER"])
def test_browse_unknown_dimension(client: TestClient, url: str) -> None:
    assert "browse by origin, tag, classification, year, month, released" in message(
        get(client, url, 404)
    )


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/browse/tag/NOPE", "No cable is tagged 'NOPE'."),
        ("/browse/origin/Embassy%20Nowhere", "No cable comes from 'Embassy Nowhere'."),
        ("/browse/classification/SECRET%2FNOFORN", "No cable is classified 'SECRET/NOFORN'."),
        ("/browse/year/2", "No cable was created in '2'."),
        ("/browse/year/", "No cable was created in ''."),
        ("/browse/month/2009", "No cable was created in '2009'."),
        ("/browse/released/2011", "No cable was released on '2011'."),
        ("/browse/year/1999", "No cable was created in '1999'."),
    ],
)
def test_browse_unknown_value(client: TestClient, url: str, said: str) -> None:
    assert message(get(client, url, 404)) == said


def test_browse_pages(client: TestClient) -> None:
    page = get(client, "/browse/tag/PTER?page=1")
    assert len(page.css("ol.cables li")) == 4
    assert page.css_first("nav.pager") is None  # one page: no pager
    assert message(get(client, "/browse/tag/PTER?page=2", 404)) == (
        "There is no page 2: 4 cables make 1 page(s)."
    )
    for bad in ("0", "abc", "99999999"):
        assert "page must be a whole number" in message(
            get(client, f"/browse/tag/PTER?page={bad}", 400)
        )


# --- odd input -----------------------------------------------------------------------------

ODD = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00",
    "06ALMATY2549\x00",
    "é",
    "💩",
    "\u202e",
    "²",
    "..",
    "%",
    "%2F",
    "\\",
    "x" * 20_000,
    "(" * 3000,
]
ROUTES = [
    "/cable/{}",
    "/cable/{}/raw",
    "/cable/{}/versions/1",
    "/cable/06ALMATY1703/versions/{}",
    "/cable/06ALMATY1703/raw?version={}",
    "/search?q={}",
    "/search?q=guantanamo&page={}",
    "/search?q=guantanamo&sort={}",
    "/browse/{}",
    "/browse/tag/{}",
    "/browse/classification/{}",
    "/browse/year/{}",
    "/browse/tag/PTER?page={}",
]


@pytest.mark.parametrize("route", ROUTES)
def test_odd_input_is_never_a_server_error_nor_reflected(client: TestClient, route: str) -> None:
    for odd in ODD:
        url = route.format(quote(odd, safe=""))
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url[:80], response.status_code)
        body = response.text
        assert "<script>alert" not in body and "<img src=x" not in body, url[:80]
        if response.headers["content-type"].startswith("text/html"):
            assert re.search(r"<main\b", body), url[:80]


def test_odd_query_is_escaped_where_it_is_shown(client: TestClient) -> None:
    query = "<script>alert(1)</script>"
    response = client.get("/search", params={"q": query})
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    page = LexborHTMLParser(response.text)
    assert len(page.css("script")) == len(page.css("head script"))  # only the page's own
    assert page.css_first("input#q").attributes["value"] == query
    assert text(page.css_first(".summary code")) == query


def test_a_long_request_is_answered_quickly_and_echoed_short(client: TestClient) -> None:
    """Messages quote what was asked, cut short; an over-long query is refused, not run."""
    for url in ("/cable/" + "A1" * 5000, "/browse/origin/" + "x" * 10000):
        page = get(client, url, 404)
        assert len(message(page)) < 300
        assert "…" in message(page)
    refused = get(client, "/search", 400, params={"q": "word " * 1000})
    assert "longer than 2,000 characters" in message(refused)
    refused = get(client, "/search", 400, params={"q": " OR ".join(["w"] * 65)})
    assert "more than 64 terms" in message(refused)


def test_the_ref_and_tags_lines_of_the_text_link_where_they_are_written(
    client: TestClient,
) -> None:
    page = get(client, "/cable/09ADANA33")
    preamble = page.css_first("#body div.text")
    refs = {text(a): a.attributes["href"] for a in preamble.css("a.ref-resolved")}
    assert refs == {
        "STATE 47316": "/cable/09STATE47316",
        "ANKARA 718": "/cable/09ANKARA718",
        "USNATO 241": "/cable/09USNATO241",
    }
    assert [text(a) for a in preamble.css("a.tag")] == ["AEMR", "PGOV", "PREL", "NATO", "TU"]
    missing = get(client, "/cable/06ALMATY2549").css_first("#body div.text span.ref-missing")
    assert text(missing) == "ALMATY 1946"
    assert missing.attributes["title"] == "06ALMATY1946: not in this archive"


def test_a_search_index_behind_the_archive_is_said_not_rebuilt(tmp_path: Path) -> None:
    """A server never rebuilds the index (an ingest may be writing it): it says it is behind."""
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        archive.ingest([Path(__file__).resolve().parents[2] / "examples"])
    # As an ingest killed before the index committed leaves it.
    for part in (folder / "index").iterdir():
        if part.is_file():
            part.unlink()
    with TestClient(create_app(folder)) as fresh:
        page = get(fresh, "/search?q=turkey")
        assert text(page.css_first("p.notice")) == (
            "Note: the search index holds 0 of the archive's 9 cables (an ingest is running, or"
            " was interrupted): searches miss the others until the ingest ends or `cables"
            " reindex` runs."
        )
    with Archive.open(folder) as archive:
        assert archive.reindex() == 9
    with TestClient(create_app(folder)) as fresh:
        assert get(fresh, "/search?q=turkey").css_first("p.notice") is None


def test_search_with_facets_estimated_says_so(
    archive_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phrase in most of the archive has its facets counted on a sixteenth of its matches
    (store/index.py): the page marks each count as an estimate and says from what share."""
    monkeypatch.setattr("cablearchive.store.index.HEAVY_PHRASE", 1)
    monkeypatch.setattr("cablearchive.store.index.LEAST_SAMPLED", 1)
    with TestClient(create_app(archive_dir)) as heavy:
        page = get(heavy, '/search?q="end summary"')
        note = text(page.css_first("aside.facets p.estimated"))
        assert note.startswith("Counts estimated from 1 in 16 of the matches")
        counts = [text(n) for n in page.css("aside.facets .n")]
        assert counts and all(c.startswith("≈ ") for c in counts)
        assert "(estimated)" in text(page.css_first("figure.histogram figcaption"))
        api = heavy.get("/api/facets", params={"q": '"end summary"'}).json()
        assert api["facets_sample"] == 1 / 16
        assert all(n % 16 == 0 for _, n in api["facets"]["origin"])
    # Exact everywhere else: no note, no sign.
    monkeypatch.undo()
    with TestClient(create_app(archive_dir)) as normal:
        page = get(normal, '/search?q="end summary"')
        assert page.css_first("aside.facets p.estimated") is None
        assert not any(text(n).startswith("≈") for n in page.css("aside.facets .n"))
