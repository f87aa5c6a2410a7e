"""End to end in a real browser: Debian's Chromium, driven by Playwright, against the viewer
served by uvicorn on a free local port. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from cablearchive.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# As root, with no network: no sandbox, and no background connections to Google's hosts.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serving(folder: Path) -> Iterator[str]:
    """The viewer of the archive in `folder`, served by uvicorn on a free port until the
    generator is closed: its address (what the browser tests' URL fixtures yield)."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(folder), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the viewer did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def base_url(archive_dir: Path) -> Iterator[str]:
    yield from serving(archive_dir)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium);"
            " scripts/test does it when it runs as root"
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    yield opened
    context.close()


def no_horizontal_scroll(page: Page) -> bool:
    """Whether the page itself fits the viewport's width (a figure may scroll inside it)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize(
    ("cable_id", "subject", "marks"),
    [
        ("06ALMATY2549", "KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO DETAINEES", "S"),
        ("06ALMATY1703", "KAZAKHSTAN: DISCUSSION OF GUANTANAMO DETAINEES", "SBU"),
    ],
)
def test_the_seed_cables_read_well_on_a_desktop_and_a_phone(
    browser: Browser, base_url: str, cable_id: str, subject: str, marks: str
) -> None:
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{base_url}/cable/{cable_id}")
        expect(page.locator("h1")).to_have_text(subject)
        expect(page.locator("table.metadata")).to_contain_text(cable_id)
        first = page.locator("#par1")
        expect(first).to_be_visible()
        expect(first.locator(".par-anchor")).to_contain_text(f"({marks})")
        # Page lines (ALMATY 00002549 002 OF 002) are gone from the body.
        assert not re.search(r"ALMATY 0000\d{4} \d{3} OF", page.locator("#body").inner_text())
        assert no_horizontal_scroll(page), f"{cable_id} scrolls sideways on a {name}"
        page.screenshot(path=SHOTS / f"cable-{cable_id}-{name}.png", full_page=True)
        context.close()


def test_a_cable_with_a_person_tag_a_classifier_and_two_signers(
    browser: Browser, base_url: str
) -> None:
    """06PARTO9 with the fields of the parser's second pass (tests/store/people.py)."""
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{base_url}/cable/06PARTO9")
        expect(page.locator("h1 .subject-mark")).to_have_text("(U)")
        expect(page.locator("h1")).to_contain_text("Secretary Rice's February 23 Meeting")
        metadata = page.locator("table.metadata")
        expect(metadata.locator("a.classifier-name")).to_have_text("Arnold Chacon")
        expect(metadata.locator(".classifier-title")).to_have_text("Deputy Executive Secretary")
        expect(metadata.locator("a.signer")).to_have_text(["RICE", "WELCH"])
        person = page.locator("section.tags a", has_text="RICE, CONDOLEEZZA")
        expect(person).to_be_visible()
        # The mark is coloured as paragraph marks are, not left in the text's colour.
        colour = page.locator("h1 .subject-mark").evaluate("e => getComputedStyle(e).color")
        assert colour != page.locator("h1").evaluate("e => getComputedStyle(e).color")
        assert no_horizontal_scroll(page), f"06PARTO9 scrolls sideways on a {name}"
        page.screenshot(path=SHOTS / f"cable-06PARTO9-{name}.png", full_page=True)
        if name == "desktop":
            person.click()
            expect(page).to_have_url(f"{base_url}/browse/tag/RICE%2C%20CONDOLEEZZA")
            expect(page.locator("ol.cables")).to_contain_text("06PARTO9")
            page.goto(f"{base_url}/cable/06PARTO9")
            # The signer opens their person's page; the link beside them, their cables.
            page.locator("a.signer", has_text="WELCH").click()
            expect(page.locator("h1")).to_contain_text("Welch")
            expect(page.locator(".person-cables a.cable-id")).to_have_text(["06PARTO9"])
            page.goto(f"{base_url}/cable/06PARTO9")
            page.locator('a.signer-search[href$="WELCH"]').click()
            expect(page.locator("li.hit a.cable-id")).to_have_text(["06PARTO9"])
        context.close()


def test_xmt_posts_show_on_their_collective(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/cable/07SANJOSE1106")
    note = page.locator("pre.header abbr.xmt")
    expect(note).to_have_text("except USSOCOM WO WASHINGTON DC")
    expect(note).to_be_visible()
    page.locator("details.header-box").screenshot(path=SHOTS / "cable-07SANJOSE1106-xmt.png")


def test_a_paragraph_link_lands_on_its_paragraph(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/cable/06ALMATY2549")
    page.locator("#par5 .par-anchor").click()
    assert page.url.endswith("#par5")
    background = page.locator("#par5").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != "rgba(0, 0, 0, 0)"  # :target highlights it


def test_routing_indicators_are_explained_on_hover_and_focus(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/cable/06ALMATY2549")
    route = page.locator("pre.header abbr.route", has_text="RUEHC").first
    assert "SECSTATE WASHDC" in (route.get_attribute("title") or "")
    route.focus()  # keyboard users get the explanation too
    shown = route.evaluate("e => getComputedStyle(e, '::after').content")
    assert "SECSTATE WASHDC" in shown


def test_following_a_reference_and_back_through_cited_by(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/cable/09ADANA33")
    page.locator("section.refs a", has_text="STATE 47316").click()
    expect(page).to_have_url(f"{base_url}/cable/09STATE47316")
    cited = page.locator("section.cited-by")
    expect(cited).to_contain_text("09ADANA33")
    page.screenshot(path=SHOTS / "cable-09STATE47316-cited-by.png", full_page=True)
    cited.locator("a", has_text="09ADANA33").click()
    expect(page).to_have_url(f"{base_url}/cable/09ADANA33")


def test_a_missing_reference_is_marked_and_not_linked(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/cable/06ALMATY2549")
    missing = page.locator("section.refs li.ref-missing")
    expect(missing).to_contain_text("ALMATY 1946")
    assert missing.locator("a").count() == 0


def test_a_search_refined_by_a_facet_and_back(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search?q=turkey")
    summary = page.locator("p.summary strong")
    before = int(summary.inner_text().replace(",", ""))
    assert before > 1
    tag = page.locator('section.facet[data-facet="tag"] li').first
    wanted = int(tag.locator(".n").inner_text().replace(",", ""))
    value = tag.locator("a").inner_text()
    tag.locator("a").click()
    expect(page).to_have_url(re.compile(r"tag%3A" + value))
    expect(summary).to_have_text(str(wanted))
    active = page.locator('section.facet[data-facet="tag"] li.active a')
    expect(active).to_have_text(value)
    page.screenshot(path=SHOTS / "search-refined.png", full_page=True)
    active.click()  # clicking an active facet removes it
    expect(summary).to_have_text(str(before))


def test_typing_a_query_updates_the_results_in_place(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search")
    page.locator("#q").fill("guantanamo")
    expect(page.locator("li.hit").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/search\?q=guantanamo"))  # shareable
    page.locator("#q").fill('"not closed')
    page.locator("#q").press("Enter")
    expect(page.locator("body")).to_contain_text("quote is not closed")


def test_slash_focuses_the_search_box(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/cable/06ALMATY2549")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-q"


def test_the_differences_between_versions_open_in_place(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/cable/06ALMATY1703")
    page.locator("section.versions a", has_text="differences").click()
    expect(page.locator("#diff1 .hunk ins")).to_contain_text("position on the MLAT.")
    assert page.url.endswith("/cable/06ALMATY1703")  # no navigation
    page.screenshot(path=SHOTS / "cable-06ALMATY1703-diff.png", full_page=True)


def test_print_shows_the_cable_without_the_site_around_it(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/cable/06ALMATY2549")
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    expect(page.locator("#par1")).to_be_visible()
    page.pdf(path=SHOTS / "cable-06ALMATY2549-print.pdf")


def test_home_and_browse_pages(page: Page, base_url: str) -> None:
    page.goto(base_url)
    expect(page.locator("h1")).to_contain_text("diplomatic cables")
    page.screenshot(path=SHOTS / "home.png", full_page=True)
    page.locator("header.site nav a", has_text="TAGS").click()
    page.locator("table.groups a", has_text="PTER").click()
    expect(page.locator("ol.cables")).to_contain_text("06ALMATY2549")


def test_similar_cables_load_on_the_cable_page(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/cable/09ANKARA718")
    similar = page.locator("section#similar")
    expect(similar.locator("ol li").first).to_be_visible()
    expect(similar.locator("ol > li")).to_have_count(10)
    expect(similar.locator("blockquote.why").first).not_to_be_empty()
    first = similar.locator("ol li a").first
    target = first.inner_text()
    page.screenshot(path=SHOTS / "cable-similar.png", full_page=True)
    first.click()
    expect(page).to_have_url(re.compile(f"/cable/{target}$"))


def test_switching_the_search_to_meaning(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search?q=earthquake")
    page.locator("#mode").select_option("hybrid")
    expect(page).to_have_url(re.compile(r"mode=hybrid"))
    expect(page.locator("p.summary")).to_contain_text("nearest the meaning of")
    expect(page.locator("#sort")).to_be_disabled()
    page.screenshot(path=SHOTS / "search-hybrid.png", full_page=True)
