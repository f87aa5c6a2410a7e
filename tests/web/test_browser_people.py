"""The people pages in a real browser (Debian's Chromium driven by Playwright, as
tests/web/test_browser.py), on the archive of 528 Cablegate pages of tests/web/people_archive.py:
a person's histogram, a name in a cable's text followed to its person, the search page's
people facet arriving after the results and refining them; on a desktop and a phone, with no
sideways scrolling. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, expect

from cablearchive.store import Archive
from tests.web.people_archive import people_archive, people_dir
from tests.web.test_browser import (
    DESKTOP,
    PHONE,
    SHOTS,
    browser,
    no_horizontal_scroll,
    serving,
)

__all__ = ["browser", "people_archive", "people_dir"]  # the fixtures
VIEWPORTS = (("desktop", DESKTOP), ("phone", PHONE))


@pytest.fixture(scope="module")
def people_url(people_dir: Path) -> Iterator[str]:
    yield from serving(people_dir)


def test_the_person_page_and_its_histogram(
    browser: Browser, people_url: str, people_archive: Archive
) -> None:
    record = people_archive.person("margaret-scobey")
    assert record is not None
    months = len({m for m, _, _ in record.months})
    for name, viewport in VIEWPORTS:
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{people_url}/person/margaret-scobey")
        expect(page.locator("h1")).to_have_text("Margaret Scobey")
        svg = page.locator("figure.person-histogram svg")
        expect(svg).to_be_visible()
        box = svg.bounding_box()
        assert box is not None and box["height"] > 60 and box["width"] > 300
        expect(svg.locator("g.month")).to_have_count(months)
        # The bars are drawn in their role's colour, the signer's not the classifier's.
        fill = "e => getComputedStyle(e).fill"
        signed = svg.locator("rect.role-signer").first.evaluate(fill)
        classified = svg.locator("rect.role-classifier").first.evaluate(fill)
        assert signed != classified
        # The table behind the chart opens.
        page.locator(".histogram-table summary").click()
        expect(page.locator(".histogram-table tbody tr").first).to_be_visible()
        assert no_horizontal_scroll(page), f"the person page scrolls sideways on a {name}"
        page.screenshot(path=SHOTS / f"person-margaret-scobey-{name}.png", full_page=True)
        # A person named with them opens their page.
        page.locator(".person-together a", has_text="Hosni Mubarak").click()
        expect(page).to_have_url(f"{people_url}/person/hosni-mubarak")
        expect(page.locator("h1")).to_have_text("Hosni Mubarak")
        context.close()


def test_a_name_in_a_cable_is_highlighted_and_opens_its_person(
    browser: Browser, people_url: str, people_archive: Archive
) -> None:
    _, cables = people_archive.person_cables("hosni-mubarak", "mentioned", limit=1)
    cable_id = cables[0][0].id
    for name, viewport in VIEWPORTS:
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{people_url}/cable/{cable_id}")
        mention = page.locator('#body a.person-mention[href="/person/hosni-mubarak"]').first
        expect(mention).to_be_visible()
        expect(mention).to_have_text("Mubarak")
        expect(mention).to_have_attribute(
            "title", "Hosni Mubarak: named “Mubarak”, read by the parser"
        )
        # Highlighted: a background the text around it does not have.
        background = "e => getComputedStyle(e).backgroundColor"
        paragraph = mention.locator("xpath=ancestor::p[1]")
        assert mention.evaluate(background) != paragraph.evaluate(background)
        assert no_horizontal_scroll(page), f"{cable_id} scrolls sideways on a {name}"
        mention.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"cable-people-{cable_id}-{name}.png", full_page=True)
        mention.click()
        expect(page).to_have_url(f"{people_url}/person/hosni-mubarak")
        expect(page.locator("h1")).to_have_text("Hosni Mubarak")
        context.close()


def test_the_people_facet_arrives_after_the_results_and_refines_them(
    browser: Browser, people_url: str, people_archive: Archive
) -> None:
    for name, viewport in VIEWPORTS:
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{people_url}/search?q=mubarak")
        expect(page.locator("li.hit").first).to_be_visible()
        facet = page.locator("#people-facet")
        first = facet.locator("li a").first
        expect(first).to_have_text("Margaret Scobey")  # loaded by htmx after the page
        expect(facet.locator("li")).to_have_count(10)
        assert no_horizontal_scroll(page), f"the search page scrolls sideways on a {name}"
        facet.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"search-people-facet-{name}.png", full_page=True)
        first.click()
        expect(page).to_have_url(f"{people_url}/search?q=mubarak+person%3A%22Margaret+Scobey%22")
        query = parse_qs(urlsplit(page.url).query)["q"][0]
        total = people_archive.search(query, limit=1).total
        expect(page.locator("p.summary strong")).to_have_text(str(total))
        # The refined page's facet shows the person active; its link takes the filter away.
        active = page.locator("#people-facet li.active a.refine")
        expect(active).to_have_text("Margaret Scobey")
        active.click()
        expect(page).to_have_url(f"{people_url}/search?q=mubarak")
        context.close()


def test_the_people_list_fits_a_phone_and_filters(browser: Browser, people_url: str) -> None:
    for name, viewport in VIEWPORTS:
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{people_url}/people")
        expect(page.locator("table.people-table a.person-link").first).to_have_text(
            "Margaret Scobey"
        )
        assert no_horizontal_scroll(page), f"/people scrolls sideways on a {name}"
        page.screenshot(path=SHOTS / f"people-{name}.png")
        page.select_option('select[name="role"]', "signer")
        page.select_option('select[name="post"]', "Embassy Astana")
        page.locator(".people-filters button").click()
        expect(page).to_have_url(f"{people_url}/people?q=&role=signer&post=Embassy+Astana&year=")
        rows = page.locator("table.people-table tbody tr")
        expect(rows.first).to_be_visible()
        assert "Margaret Scobey" not in page.locator("table.people-table").inner_text()
        assert no_horizontal_scroll(page), f"/people filtered scrolls sideways on a {name}"
        context.close()
