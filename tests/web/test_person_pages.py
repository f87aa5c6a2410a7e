"""The people pages, the people of a cable's page, the search page's people facet and the
people API, over HTTP on a real archive of 528 Cablegate pages (tests/web/people_archive.py):
every figure a page shows is checked against the Archive API, every link followed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser

from cablearchive.store import Archive
from cablearchive.web import create_app
from cablearchive.web.people_chart import ROLES, month_columns
from tests.web.people_archive import people_archive, people_client, people_dir
from tests.web.test_pages import get, hit_ids, message, metadata, query_of, text, total_of

__all__ = ["people_archive", "people_client", "people_dir"]  # the fixtures

SCOBEY, ORDWAY, MUBARAK = "margaret-scobey", "john-ordway", "hosni-mubarak"
HX = {"HX-Request": "true"}


def rows(page: LexborHTMLParser) -> list[tuple[str, str, list[str]]]:
    """The people table: (name, href, the cells after the name)."""
    out = []
    for tr in page.css("table.people-table tbody tr"):
        a = tr.css_first("a.person-link")
        cells = [text(td) for td in tr.css("td")[1:]]
        out.append((text(a), a.attributes["href"] or "", cells))
    return out


# --- /people -----------------------------------------------------------------------------


def test_people_lists_everyone_most_present_first_with_counts_by_role(
    people_client: TestClient, people_archive: Archive
) -> None:
    page = get(people_client, "/people")
    total, expected = people_archive.people(limit=50)
    assert total > 500
    assert total_of(page) == total
    found = rows(page)
    assert [href for _, href, _ in found] == [f"/person/{p.key}" for p in expected]
    assert found[0][0] == "Margaret Scobey"
    for (name, _, cells), p in zip(found, expected, strict=True):
        assert name == p.name
        counts = [p.cables, p.signer, p.classifier, p.tagged, p.mentioned]
        assert cells[:5] == [f"{n:,}" if n else "·" for n in counts]
    # Each person's link opens their page.
    assert text(get(people_client, found[0][1]).css_first("h1")) == "Margaret Scobey"
    # Pages: the second holds the next 50; past the last is a 404.
    second = rows(get(people_client, "/people?page=2"))
    assert [h for _, h, _ in second] == [
        f"/person/{p.key}" for p in people_archive.people(limit=50, offset=50)[1]
    ]
    pages = -(-total // 50)
    assert "no page 99" in message(get(people_client, "/people?page=99", 404))
    assert page.css_first(f'.pager a[href="/people?page={pages}"]') is not None


def test_people_filters_by_name_role_post_and_year(
    people_client: TestClient, people_archive: Archive
) -> None:
    page = get(people_client, "/people")
    # The posts to choose from are the archive's origins; the years its years.
    posts = [o.attributes["value"] for o in page.css('select[name="post"] option')][1:]
    assert sorted(posts) == sorted(o for o, _ in people_archive.groups("origin"))
    years = [o.attributes["value"] for o in page.css('select[name="year"] option')][1:]
    assert years == [y for y, _ in people_archive.groups("year")]
    roles = [o.attributes["value"] for o in page.css('select[name="role"] option')][1:]
    assert roles == list(ROLES)

    url = "/people?role=signer&post=Embassy%20Cairo&year=2009"
    filtered = get(people_client, url)
    total, expected = people_archive.people(role="signer", post="Embassy Cairo", year="2009")
    assert 1 < total == total_of(filtered) < 10
    assert [h for _, h, _ in rows(filtered)] == [f"/person/{p.key}" for p in expected]
    assert expected[0].key == SCOBEY
    # The form shows what was chosen.
    assert filtered.css_first('select[name="role"] option[selected]').attributes["value"] == (
        "signer"
    )
    assert filtered.css_first('select[name="post"] option[selected]').attributes["value"] == (
        "Embassy Cairo"
    )
    # A name, by the start of its last word.
    named = rows(get(people_client, "/people?q=ordw"))
    assert ("John Ordway", f"/person/{ORDWAY}") in [(n, h) for n, h, _ in named]
    assert len(named) == people_archive.people("ordw")[0]
    # Astana's people in 2009 are not Cairo's.
    astana = {h for _, h, _ in rows(get(people_client, "/people?post=Embassy%20Astana"))}
    assert f"/person/{SCOBEY}" not in astana and astana
    # No one: said so.
    none = get(people_client, "/people?q=zzzqqq")
    assert "No one matches zzzqqq" in text(none.css_first("p.none"))


def test_people_refuses_a_bad_role_or_year(people_client: TestClient) -> None:
    assert "role must be one of signer" in message(get(people_client, "/people?role=x", 400))
    assert "year must be four digits" in message(get(people_client, "/people?year=09", 400))
    assert "page must be a whole number" in message(get(people_client, "/people?page=0", 400))


def test_an_archive_never_grouped_says_how_to_group_it(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    Archive.open(folder).close()
    with Archive.open(folder, create=False, reader=True) as a:
        assert a.people_state() is None
    with TestClient(create_app(folder)) as client:
        page = get(client, "/people")
        assert "cables analyse" in text(page.css_first(".notice"))
        assert total_of(page) == 0
        assert page.css_first("p.none") is None  # the notice says why, not "no one matches"
        assert client.get("/api/people").json()["grouped"] is None


# --- /person/{key} ----------------------------------------------------------------------------


def test_the_person_page_shows_the_record(
    people_client: TestClient, people_archive: Archive
) -> None:
    record = people_archive.person(SCOBEY)
    assert record is not None
    s = record.summary
    page = get(people_client, f"/person/{SCOBEY}")
    assert text(page.css_first("h1")) == "Margaret Scobey"
    assert f"In {s.cables:,} cables" in text(page.css_first(".person-summary"))
    roles = [text(li) for li in page.css(".person-roles li")]
    assert roles == ["signed 433", "classified 102", "named in the text 5"]
    assert s.roles == {"signer": 433, "classifier": 102, "mentioned": 5}
    spellings = [text(li) for li in page.css(".person-names li")]
    assert spellings == [f"{w} {n}" for w, n in record.spellings]
    assert [text(li) for li in page.css(".person-titles li")] == ["Ambassador 2008–2010"]
    post = page.css_first(".person-posts li a")
    assert text(post) == "Embassy Cairo"
    assert query_of(post.attributes["href"] or "") == {"post": "Embassy Cairo"}
    # The people named with them, linked, as many cables as the record says.
    together = page.css(".person-together li")
    assert len(together) == len(record.together)
    for li, (other, shared) in zip(together, record.together, strict=True):
        a = li.css_first("a.person-link")
        assert a.attributes["href"] == f"/person/{other.key}"
        assert text(li) == f"{other.name} {shared:,}"
    assert record.together[0][0].key == MUBARAK
    # The search for their cables finds as many.
    search = page.css_first(".person-summary a").attributes["href"] or ""
    assert query_of(search) == {"q": 'person:"Margaret Scobey"'}
    assert total_of(get(people_client, search)) == s.cables


def test_the_person_histogram_has_a_column_a_month_with_its_counts(
    people_client: TestClient, people_archive: Archive
) -> None:
    record = people_archive.person(SCOBEY)
    assert record is not None
    page = get(people_client, f"/person/{SCOBEY}")
    svg = page.css_first("figure.person-histogram svg")
    assert svg.attributes["role"] == "img"
    assert (
        (svg.attributes["aria-label"])
        == "Margaret Scobey's cables by month and role, 2008-05 to 2010-02"
    )
    columns = [c for c in month_columns(record.months) if c.total]
    groups = svg.css("g.month")
    assert len(groups) == len(columns) > 10
    by_month: dict[str, dict[str, int]] = {}
    for month, role, n in record.months:
        by_month.setdefault(month, {})[role] = n
    verbs = {"signer": "signed", "classifier": "classified", "mentioned": "named in the text"}
    for g in groups:
        title = text(g.css_first("title"))
        month, _, said = title.partition(": ")
        expected = ", ".join(
            f"{verbs[r]} {n}"
            for r, n in sorted(by_month[month].items(), key=lambda kv: ROLES.index(kv[0]))
        )
        assert said == expected
        assert g.attributes["aria-label"] == title
        assert len(g.css("rect")) == len(by_month[month])
    # The table says the same, a row a month with cables.
    table = page.css(".histogram-table tbody tr")
    assert [text(tr.css_first("th")) for tr in table] == [c.month for c in columns]
    head = [text(th) for th in page.css(".histogram-table thead th")]
    assert head == ["Month", "Signer", "Classifier", "Named in the text"]


def test_the_person_cables_newest_first_by_role_and_page(
    people_client: TestClient, people_archive: Archive
) -> None:
    def ids(page: LexborHTMLParser) -> list[str]:
        return [text(a) for a in page.css(".person-cables a.cable-id")]

    page = get(people_client, f"/person/{SCOBEY}")
    total, cables = people_archive.person_cables(SCOBEY, limit=50)
    assert ids(page) == [c.id for c, _ in cables]
    created = [c.created or "" for c, _ in cables]
    assert created == sorted(created, reverse=True)
    first = page.css_first(".person-cables li")
    assert text(first.css_first(".their-roles")) == ", ".join(
        {"signer": "signed", "classifier": "classified", "mentioned": "named in the text"}[r]
        for r in cables[0][1]
    )
    # The role filter: each role they had, with its count; the cables of that role.
    links = {text(a): a.attributes["href"] for a in page.css(".role-filter a")}
    assert links == {
        "Signer (433)": f"/person/{SCOBEY}?role=signer#cables",
        "Classifier (102)": f"/person/{SCOBEY}?role=classifier#cables",
        "Named in the text (5)": f"/person/{SCOBEY}?role=mentioned#cables",
    }
    assert text(page.css_first(".role-filter .current")) == f"All roles ({total:,})"
    named = get(people_client, f"/person/{SCOBEY}?role=mentioned")
    _, expected = people_archive.person_cables(SCOBEY, "mentioned")
    assert ids(named) == [c.id for c, _ in expected] and len(expected) == 5
    for li in named.css(".person-cables li"):
        assert "named in the text" in text(li.css_first(".their-roles"))
    # Page 2 of the signed cables, and a page past the last.
    second = get(people_client, f"/person/{SCOBEY}?role=signer&page=2")
    _, expected = people_archive.person_cables(SCOBEY, "signer", offset=50)
    assert ids(second) == [c.id for c, _ in expected]
    assert second.css_first('.pager a[rel="prev"]').attributes["href"] == (
        f"/person/{SCOBEY}?role=signer"
    )
    assert "no page 20" in message(get(people_client, f"/person/{SCOBEY}?page=20", 404))
    assert "role must be" in message(get(people_client, f"/person/{SCOBEY}?role=x", 400))


def test_an_unknown_person_is_a_404_page(people_client: TestClient) -> None:
    page = get(people_client, "/person/no-such-person", 404)
    assert "No person 'no-such-person' in this archive" in message(page)
    assert page.css_first("section.error h1") is not None


# --- a cable's people ---------------------------------------------------------------------


def _mentioning(people_archive: Archive, key: str) -> str:
    _, cables = people_archive.person_cables(key, "mentioned", limit=1)
    return cables[0][0].id


def test_names_in_a_cable_body_link_to_their_person(
    people_client: TestClient, people_archive: Archive
) -> None:
    cable_id = _mentioning(people_archive, MUBARAK)
    cable = people_archive.get(cable_id)
    assert cable is not None
    page = get(people_client, f"/cable/{cable_id}")
    marks = page.css("#body a.person-mention")
    mentions = [(p["key"], m["written"], m["source"]) for p in cable.people for m in p["mentions"]]
    assert len(marks) == len(mentions) > 5
    shown = sorted((a.attributes["href"], text(a), a.attributes["title"]) for a in marks)
    # (a name over a line break reads with one space, on the page and in its title)
    expected = sorted(
        (
            f"/person/{quote(key)}",
            " ".join(written.split()),
            f"{next(p['name'] for p in cable.people if p['key'] == key)}:"
            f" named “{' '.join(written.split())}”, read by the {source}",
        )
        for key, written, source in mentions
    )
    assert shown == expected
    mubarak = [a for a in marks if a.attributes["href"] == f"/person/{MUBARAK}"]
    assert mubarak and all(text(a) == "Mubarak" for a in mubarak)
    # Every word of each paragraph is still there, in order, marks and all.
    for position, par in enumerate(cable.record["paragraphs"]):
        number = par.get("number")
        section = page.css_first(f"#par{number}") if isinstance(number, int) else None
        if section is None or position > 3:
            continue
        body = " ".join(text(p) for p in section.css("p"))
        assert body.split() == par["text"].split()


def test_signer_classifier_and_people_of_the_cable_link_to_their_pages(
    people_client: TestClient, people_archive: Archive
) -> None:
    _, signed = people_archive.person_cables(SCOBEY, "classifier", limit=1)
    cable_id = signed[0][0].id
    cable = people_archive.get(cable_id)
    assert cable is not None
    page = get(people_client, f"/cable/{cable_id}")
    rows_ = metadata(page)
    signer = rows_["Signed"].css_first("a.signer")
    assert text(signer) == "SCOBEY" and signer.attributes["href"] == f"/person/{SCOBEY}"
    assert query_of(rows_["Signed"].css_first("a.signer-search").attributes["href"] or "") == {
        "q": "signer:SCOBEY"
    }
    classifier = rows_["Classified by"].css_first("a.classifier-name")
    assert classifier.attributes["href"] == f"/person/{SCOBEY}"
    # "People in this cable": each role, each person linked.
    section = page.css_first("section.cable-people")
    listed = {
        (text(dt), a.attributes["href"])
        for dt, dd in zip(section.css("dt"), section.css("dd"), strict=True)
        for a in dd.css("a.person-link")
    }
    titles = {"signer": "Signed", "classifier": "Classified", "mentioned": "Named in the text"}
    assert listed == {
        (titles[p["role"]], f"/person/{quote(p['key'])}") for p in cable.people if p["key"]
    }
    # The person page names both roles of a cable they signed and classified (in the
    # order roles are named everywhere), and the one role of a cable they only signed.
    page = get(people_client, f"/person/{SCOBEY}")
    _, cables = people_archive.person_cables(SCOBEY)
    shown = {
        text(li.css_first("a.cable-id")): text(li.css_first(".their-roles"))
        for li in page.css(".person-cables li")
    }
    verbs = {"signer": "signed", "classifier": "classified", "mentioned": "named in the text"}
    for c, roles in cables:
        assert shown[c.id] == ", ".join(verbs[r] for r in ROLES if r in roles)
    assert "signed, classified" in shown.values() and "signed" in shown.values()


# --- the search page's people facet ---------------------------------------------------------


def test_the_search_page_loads_its_people_facet_after_the_results(
    people_client: TestClient, people_archive: Archive
) -> None:
    page = get(people_client, "/search?q=mubarak")
    placeholder = page.css_first("#people-facet")
    assert placeholder.attributes["hx-get"] == "/search/people?q=mubarak"
    assert placeholder.attributes["hx-trigger"] == "load"
    assert placeholder.css_first("li") is None  # not counted with the results
    fragment = people_client.get("/search/people?q=mubarak", headers=HX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    facet = LexborHTMLParser(fragment.text)
    expected = people_archive.people_facet("mubarak")
    items = facet.css("#people-facet li")
    assert len(items) == len(expected.people) == 10
    for li, (person, hits) in zip(items, expected.people, strict=True):
        refine, page_link = li.css("a")
        assert text(refine) == person.name
        assert query_of(refine.attributes["href"] or "") == {"q": f'mubarak person:"{person.name}"'}
        assert page_link.attributes["href"] == f"/person/{person.key}"
        assert text(li.css_first(".n")) == f"{hits:,}"
    assert expected.people[0][0].key == SCOBEY
    assert facet.css_first(".counted") is None  # every hit counted
    # The link refines the search: the hits are those naming both.
    refined = facet.css_first("#people-facet li a").attributes["href"] or ""
    after = get(people_client, refined)
    q = query_of(refined)["q"]
    assert total_of(after) == people_archive.search(q, limit=1).total == expected.people[0][1]
    # Refined, the facet marks the person active, its link taking the filter away.
    again = LexborHTMLParser(people_client.get(f"/search/people?q={quote(q)}", headers=HX).text)
    active = again.css_first("#people-facet li.active a.refine")
    assert text(active) == "Margaret Scobey"
    assert query_of(active.attributes["href"] or "") == {"q": "mubarak"}
    # Without htmx it is a page of its own.
    assert get(people_client, "/search/people?q=mubarak").css_first("header.site") is not None


def test_the_people_facet_says_when_it_counted_only_the_first_hits(
    people_client: TestClient, people_archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cablearchive.store.archive.PEOPLE_FACET_HITS", 100)
    total = people_archive.search("cairo", limit=1).total
    assert total > 100
    facet = get(people_client, "/search/people?q=cairo", headers=HX)
    assert text(facet.css_first(".counted")) == (
        f"Counted in the 100 most relevant of {total:,} hits."
    )


def test_the_people_facet_of_a_bad_query_is_a_400(people_client: TestClient) -> None:
    response = people_client.get("/search/people?q=%28", headers=HX)
    assert response.status_code == 400
    assert "cannot be read" in text(LexborHTMLParser(response.text).css_first(".message"))


# --- the API ------------------------------------------------------------------------------


def test_api_people(people_client: TestClient, people_archive: Archive) -> None:
    got = people_client.get("/api/people?role=signer&post=Embassy%20Cairo&year=2009&limit=2")
    assert got.status_code == 200
    total, expected = people_archive.people(
        role="signer", post="Embassy Cairo", year="2009", limit=2
    )
    body = got.json()
    assert body["total"] == total and (body["limit"], body["offset"]) == (2, 0)
    assert body["people"] == [p.to_dict() for p in expected]
    assert body["grouped"]["current"] is True
    named = people_client.get("/api/people?q=ordway").json()
    assert [p["key"] for p in named["people"]] == [ORDWAY]
    page = people_client.get("/api/people?limit=5&offset=5").json()
    assert [p["key"] for p in page["people"]] == [
        p.key for p in people_archive.people(limit=5, offset=5)[1]
    ]
    for bad in ("role=x", "year=209", "year=abcd", "limit=0", "limit=101", "offset=-1"):
        response = people_client.get(f"/api/people?{bad}")
        assert response.status_code == 400, bad
        assert response.json()["error"].startswith("Bad request")


def test_api_person(people_client: TestClient, people_archive: Archive) -> None:
    record = people_archive.person(SCOBEY)
    assert record is not None
    body = people_client.get(f"/api/people/{SCOBEY}?role=classifier&limit=3&offset=1").json()
    cables = body.pop("cable_page")
    assert body == record.to_dict()
    total, expected = people_archive.person_cables(SCOBEY, "classifier", limit=3, offset=1)
    assert cables == {
        "total": total,
        "limit": 3,
        "offset": 1,
        "role": "classifier",
        "items": [{**c.to_dict(), "roles": list(r)} for c, r in expected],
    }
    missing = people_client.get("/api/people/no-such-person")
    assert missing.status_code == 404
    assert missing.json() == {"error": "no person 'no-such-person' in this archive", "status": 404}
    assert people_client.get(f"/api/people/{SCOBEY}?role=boss").status_code == 400


def test_api_search_people(people_client: TestClient, people_archive: Archive) -> None:
    body = people_client.get("/api/search/people?q=ordway&limit=3").json()
    assert body == {"q": "ordway", **people_archive.people_facet("ordway", 3).to_dict()}
    assert body["people"][0]["key"] == ORDWAY
    bad = people_client.get("/api/search/people?q=%28")
    assert bad.status_code == 400 and bad.json()["error"].startswith("bad query")
    assert people_client.get("/api/search/people").status_code == 400
    assert people_client.get("/api/search/people?q=x&limit=51").status_code == 400


def test_hit_ids_of_a_person_search_are_theirs(
    people_client: TestClient, people_archive: Archive
) -> None:
    """`person:` refines as the facet writes it: Ordway's three cables."""
    query = quote('person:"John Ordway"')
    page = get(people_client, f"/search?q={query}&sort=-date")
    _, cables = people_archive.person_cables(ORDWAY)
    assert hit_ids(page) == [c.id for c, _ in cables]
