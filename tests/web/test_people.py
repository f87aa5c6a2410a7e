"""The people of a cable in the viewer, over HTTP on the session's real archive: who classified
it and who signed it (each linked to the search for their other cables), the subject's portion
mark, person TAGS in lists, URLs, facets and the text, XMT posts on their collective, defense
and intelligence references; and a server whose search index is of an older layout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser

from cablearchive.cli import main
from cablearchive.store import Archive
from cablearchive.store.index import INDEX_DIR, INDEX_VERSION, VERSION_FILE
from cablearchive.web import create_app
from tests.store.people import RICE, SECOND_SIGNER
from tests.web.test_pages import get, hit_ids, message, metadata, query_of, text, total_of

RICE_URL = "/browse/tag/RICE%2C%20CONDOLEEZZA"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def found_by(client: TestClient, href: str) -> list[str]:
    """The ids a search link of a page finds (first page)."""
    assert href.startswith("/search?"), href
    return hit_ids(get(client, href))


def test_the_subject_mark_comes_before_the_subject(client: TestClient) -> None:
    page = get(client, "/cable/06PARTO9")
    subject = "Secretary Rice's February 23 Meeting with Lebanese Parliament Speaker Nabih Berri"
    for where in (page.css_first("h1"), metadata(page)["Subject"]):
        assert where is not None
        assert text(where) == f"(U) {subject}"
        mark = where.css_first(".subject-mark")
        assert text(mark) == "(U)"
        # Coloured as paragraph marks are: the level's class.
        assert {"mark", "level-u"} <= set((mark.attributes["class"] or "").split())
    assert text(page.css_first("title")).startswith(f"06PARTO9: {subject}")
    # A cable without a mark shows none.
    assert get(client, "/cable/07SANJOSE1106").css_first(".subject-mark") is None


def test_classified_by_shows_the_phrase_and_the_person(client: TestClient) -> None:
    row = metadata(get(client, "/cable/06PARTO9"))["Classified by"]
    assert text(row).startswith(
        "Arnold Chacon, Deputy Executive Secretary, S/ES, Department of State · reasons 1.4(d)"
    )
    assert text(row.css_first(".classifier")) == (
        "name Arnold Chacon (cables classified) title Deputy Executive Secretary"
        " office S/ES, Department of State"
    )
    # The name opens the person's page; the link beside it searches what they classified.
    name = row.css_first("a.classifier-name")
    assert (name.attributes["href"] or "").startswith("/person/")
    assert text(get(client, name.attributes["href"] or "").css_first("h1")) == "Arnold Chacon"
    href = row.css_first("a.classifier-search").attributes["href"] or ""
    assert query_of(href) == {"q": 'classifier:"Arnold Chacon"'}
    assert found_by(client, href) == ["06PARTO9"]
    # A title and no office: only what there is.
    other = metadata(get(client, "/cable/07SANJOSE1106"))["Classified by"]
    assert text(other.css_first(".classifier")) == (
        "name Laurie Weitzenkorn (cables classified) title ADCM"
    )


def test_signed_lists_every_signer_each_linked(client: TestClient) -> None:
    row = metadata(get(client, "/cable/06PARTO9"))["Signed"]
    assert text(row) == f"RICE (cables signed), {SECOND_SIGNER} (cables signed)"
    links = row.css("a.signer")
    assert [text(a) for a in links] == ["RICE", SECOND_SIGNER]
    # Each name opens its person's page; the link beside it searches what they signed.
    for a in links:
        assert (a.attributes["href"] or "").startswith("/person/")
    searches = row.css("a.signer-search")
    for a, name in zip(searches, ["RICE", SECOND_SIGNER], strict=True):
        href = a.attributes["href"] or ""
        assert query_of(href) == {"q": f"signer:{name}"}
        assert found_by(client, href) == ["06PARTO9"]


def test_a_person_tag_is_one_tag_linked_like_the_others(client: TestClient) -> None:
    page = get(client, "/cable/06PARTO9")
    items = page.css("section.tags li")
    assert [text(li.css_first("a")) for li in items] == [
        "OVIP", RICE, "KISL", "PGOV", "PHUM", "LE", "SY", "IS",
    ]  # fmt: skip
    rice = items[1]
    assert rice.css_first("a").attributes["href"] == RICE_URL == f"/browse/tag/{quote(RICE)}"
    assert text(rice.css_first(".tag-meaning")) == "a person"
    # Beside it, the person's page, where the tag counts among their roles; other tags have none.
    person = rice.css_first("a.tag-person").attributes["href"] or ""
    assert person.startswith("/person/")
    their = get(client, person)
    assert "tagged 1" in text(their.css_first(".person-roles"))
    assert [text(a) for a in their.css(".person-cables a.cable-id")] == ["06PARTO9"]
    assert [li for li in items if li.css_first("a.tag-person")] == [rice]
    # In the text, the TAGS line writes it without its comma: linked all the same.
    linked = {text(a): a.attributes["href"] for a in page.css("#body div.text a.tag")}
    assert linked["RICE CONDOLEEZZA"] == RICE_URL
    assert linked["OVIP"] == "/browse/tag/OVIP"


def test_browsing_a_person_tag(client: TestClient) -> None:
    groups = get(client, "/browse/tag")
    hrefs = {text(a): a.attributes["href"] for a in groups.css("table.groups td a")}
    assert hrefs[RICE] == RICE_URL
    for url in (RICE_URL, f"/browse/tag/{RICE}"):  # encoded or as a browser may send it
        page = get(client, url)
        assert text(page.css_first("h1")).startswith(RICE)
        assert [text(a) for a in page.css("ol.cables a.cable-id")] == ["06PARTO9"]
        link = next(a for a in page.css("main p a") if "refine" in text(a))
        assert query_of(link.attributes["href"] or "")["q"] == f'tag:"{RICE}"'
        assert found_by(client, link.attributes["href"] or "") == ["06PARTO9"]


def test_a_person_tag_facet_refines_and_unrefines(client: TestClient) -> None:
    page = get(client, "/search", params={"q": "tag:rice"})
    assert total_of(page) == 1
    item = next(
        li
        for li in page.css('section.facet[data-facet="tag"] li')
        if text(li.css_first("a")) == RICE
    )
    href = item.css_first("a").attributes["href"] or ""
    assert query_of(href)["q"] == f'tag:rice tag:"{RICE}"'
    refined = get(client, href)
    assert hit_ids(refined) == ["06PARTO9"]
    active = refined.css_first('section.facet[data-facet="tag"] li.active a')
    assert text(active) == RICE
    assert query_of(active.attributes["href"] or "")["q"] == "tag:rice"


def test_xmt_posts_are_shown_on_their_collective(client: TestClient) -> None:
    page = get(client, "/cable/07SANJOSE1106")
    lines = page.css_first("pre.header").text().splitlines()
    collective = next(line for line in lines if "WHA CENTRAL AMERICAN COLLECTIVE" in line)
    assert collective.endswith("PRIORITY  except USSOCOM WO WASHINGTON DC")
    note = page.css_first("pre.header abbr.xmt")
    assert text(note) == "except USSOCOM WO WASHINGTON DC"
    assert note.attributes["title"] == (
        "the XMT line leaves USSOCOM WO WASHINGTON DC out of WHA CENTRAL AMERICAN COLLECTIVE"
    )
    xmt = next(a for a in page.css("pre.header abbr") if text(a) == "XMT")
    assert "except these posts" in (xmt.attributes["title"] or "")
    # Nothing else of the header changed: the lines read as sent.
    assert lines[lines.index(collective) + 3] == "XMT USSOCOM WO WASHINGTON DC"


def test_defense_and_intelligence_references_are_named_as_such(client: TestClient) -> None:
    page = get(client, "/cable/07TUNIS1489")
    items = page.css("section.refs li")
    said = [text(li) for li in items]
    assert said[0] == "A. IIR 6 897 0136 07 (NOTALS) intelligence report"
    assert said[1].startswith("B. 06 TUNIS 2570")  # a cable, not in this archive
    assert "06TUNIS2570: not in the archive" in said[1]
    assert said[2] == "C. SECDEF 31828 defense message"
    for li in (items[0], items[2]):
        assert li.attributes["class"] == "ref-unparsed"
        assert li.css_first("a") is None
        assert "not in the archive" not in text(li)


def show_json(archive_dir: Path, cable_id: str) -> Any:
    result = CliRunner().invoke(main, ["show", cable_id, "--archive", str(archive_dir), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("cable_id", ["06PARTO9", "07SANJOSE1106", "07TUNIS1489"])
def test_the_api_record_is_what_cables_show_prints(
    client: TestClient, archive_dir: Path, cable_id: str
) -> None:
    response = client.get(f"/api/cables/{cable_id}")
    assert response.status_code == 200
    record = response.json()
    assert record == show_json(archive_dir, cable_id)
    if cable_id == "06PARTO9":
        assert record["signers"] == ["RICE", SECOND_SIGNER]
        assert record["classifier"]["office"] == "S/ES, Department of State"
        assert record["subject_classification"] == "U"
    if cable_id == "07TUNIS1489":
        kinds = [(r["kind"], r["status"]) for r in record["references"]]
        assert kinds == [
            ("intelligence", "unparsed"),
            ("cable", "missing"),
            ("defense", "unparsed"),
        ]


def test_the_seed_as_the_parser_reads_it(client: TestClient, archive_dir: Path) -> None:
    """06ALMATY2549 went through the real ingest (`Classified By: Amb. John Ordway, reasons
    1.4(C) and (D).`, ORDWAY at the end): whatever the parser fills of the people's fields,
    the page shows it, and each of its links finds the cable. It holds for the parser of this
    branch (no classifier, `signer` alone) and for the one that fills `classifier` and
    `signers`."""
    with Archive.open(archive_dir, create=False, reader=True) as archive:
        cable = archive.get("06ALMATY2549")
    assert cable is not None
    r = cable.record
    assert cable.signers == (r["signers"] or [r["signer"]]) and cable.signers[0] == r["signer"]
    rows = metadata(get(client, "/cable/06ALMATY2549"))
    assert [text(a) for a in rows["Signed"].css("a.signer")] == cable.signers == ["ORDWAY"]
    for a in rows["Signed"].css("a.signer-search"):
        assert "06ALMATY2549" in found_by(client, a.attributes["href"] or "")
    assert text(rows["Classified by"]).startswith(r["classified_by"])
    assert r["classified_by"].startswith("Amb. John Ordway")
    name = rows["Classified by"].css_first("a.classifier-name")
    if r["classifier"] and r["classifier"]["name"]:
        assert text(name) == r["classifier"]["name"]
        search = rows["Classified by"].css_first("a.classifier-search")
        assert "06ALMATY2549" in found_by(client, search.attributes["href"] or "")
    else:
        assert name is None


def _outdated(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        archive.ingest([EXAMPLES])
    marker = folder / INDEX_DIR / VERSION_FILE
    marker.write_text(json.dumps({"index_version": INDEX_VERSION - 1}))
    return folder


def test_a_server_on_an_index_of_an_older_layout_says_to_reindex(tmp_path: Path) -> None:
    """A server never rebuilds the index: searches are refused with the reason and the
    remedy; the cable pages, which read SQLite, work on."""
    folder = _outdated(tmp_path)
    with TestClient(create_app(folder)) as fresh:
        note = fresh.app.state.pool.index_note  # type: ignore[attr-defined]
        assert "built by an older cablearchive" in note and "`cables reindex`" in note
        refused = get(fresh, "/search?q=turkey", 503)
        assert "Search is unavailable" in message(refused)
        assert "`cables reindex` rebuilds it" in message(refused)
        api = fresh.get("/api/search", params={"q": "turkey"})
        assert api.status_code == 503 and "cables reindex" in api.json()["error"]
        assert text(get(fresh, "/cable/09ANKARA718").css_first("h1")).startswith("TURKEY")
    rebuilt = CliRunner().invoke(main, ["reindex", "--archive", str(folder)])
    assert rebuilt.exit_code == 0 and "indexed 9 cables" in rebuilt.output
    with TestClient(create_app(folder)) as fresh:
        page: LexborHTMLParser = get(fresh, "/search?q=turkey")
        assert page.css_first("p.notice") is None and total_of(page) > 0
