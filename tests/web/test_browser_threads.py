"""The thread timeline, the ghost page and the most wanted list in a real browser (Debian's
Chromium driven by Playwright, as tests/web/test_browser.py): on a desktop and a phone,
followed by keyboard and by click. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.test_browser import DESKTOP, PHONE, SHOTS, base_url, browser, no_horizontal_scroll

__all__ = ["base_url", "browser"]  # the fixtures, shared with test_browser.py

REPLIES = [
    "09ANKARA718",
    "09ATHENS790",
    "09SOFIA293",
    "09USNATO241",
    "09STATE58804",
    "09ADANA33",
]


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


def _shot(page: Page, name: str) -> Path:
    path = SHOTS / name
    page.screenshot(path=path, full_page=True)
    return path


def test_the_demarche_thread_on_a_desktop_followed_by_keyboard(
    desktop: Page, base_url: str
) -> None:
    page = desktop
    page.goto(f"{base_url}/cable/09STATE47316/thread")
    svg = page.locator("svg.timeline-svg")
    expect(svg).to_be_visible()
    for cable_id in ["09STATE47316", *REPLIES]:
        expect(svg.locator(f'a[href="/cable/{cable_id}"]')).to_have_count(1)
    # The cable asked for is drawn thicker than the others, the ghosts dashed.
    root = svg.locator("circle.node.root")
    other = svg.locator('a[href="/cable/09ANKARA718"] circle.node')
    width = "e => parseFloat(getComputedStyle(e).strokeWidth)"
    assert root.evaluate(width) > other.evaluate(width)
    ghost = svg.locator('a[href="/cable/09ANKARA598"] circle.node')
    assert ghost.evaluate("e => getComputedStyle(e).strokeDasharray") not in ("", "none")
    # The table lists the same cables by date.
    ids = page.locator("table.thread-table td a.cable-id").all_inner_texts()
    assert [i for i in ids if i in REPLIES or i == "09STATE47316"] == ["09STATE47316", *REPLIES]
    _shot(page, "thread-desktop.png")

    # Tab from the top of the page into the drawing: the first node link takes the focus,
    # with a visible ring; Enter opens its cable.
    page.locator("h1").click()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('svg') !== null")
        if focused:
            break
    assert focused, "no node of the timeline takes the keyboard's focus"
    target = page.evaluate("document.activeElement.getAttribute('href')")
    halo = page.locator(":focus circle.halo")
    assert halo.evaluate("e => getComputedStyle(e).stroke") not in ("none", "")
    _shot(page, "thread-desktop-focus.png")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}{target}")


def test_the_demarche_thread_on_a_phone_scrolls_inside_its_figure(
    phone: Page, base_url: str
) -> None:
    page = phone
    page.goto(f"{base_url}/cable/09STATE47316/thread")
    figure = page.locator(".timeline-scroll")
    expect(figure).to_be_visible()
    assert no_horizontal_scroll(page), "the thread page scrolls sideways on a phone"
    assert figure.evaluate("e => e.scrollWidth > e.clientWidth"), "the drawing should scroll"
    _shot(page, "thread-phone.png")
    # A click on a node opens its page (scrolled into view first by Playwright).
    page.locator('figure.timeline a[href="/cable/09SOFIA293"]').click()
    expect(page).to_have_url(f"{base_url}/cable/09SOFIA293")
    expect(page.locator("section.graph-figures")).to_contain_text("rank #")
    assert no_horizontal_scroll(page)


def test_a_ghost_and_the_most_wanted(desktop: Page, phone: Page, base_url: str) -> None:
    page = desktop
    page.goto(f"{base_url}/wanted")
    expect(page.locator("header.site nav a", has_text="Most wanted")).to_be_visible()
    table = page.locator("table.wanted-table")
    expect(table).to_contain_text("09ANKARA598")
    _shot(page, "wanted-desktop.png")
    table.locator('a[href="/cable/09ANKARA598"]').first.click()
    expect(page).to_have_url(f"{base_url}/cable/09ANKARA598")
    expect(page.locator("h1")).to_contain_text("not in the archive")
    expect(page.locator(".ghost-citing")).to_contain_text("09STATE47316")
    _shot(page, "ghost-desktop.png")
    page.locator("a", has_text="See its thread").click()
    expect(page.locator("h1")).to_contain_text("09ANKARA598")
    _shot(page, "thread-ghost-desktop.png")
    phone.goto(f"{base_url}/wanted")
    expect(phone.locator("table.wanted-table")).to_be_visible()
    assert no_horizontal_scroll(phone), "/wanted scrolls sideways on a phone"
    _shot(phone, "wanted-phone.png")
    phone.goto(f"{base_url}/cable/09ANKARA598")
    assert no_horizontal_scroll(phone)
    _shot(phone, "ghost-phone.png")


def test_the_thread_prints_on_a_page(desktop: Page, base_url: str) -> None:
    page = desktop
    page.goto(f"{base_url}/cable/09STATE47316/thread")
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    svg = page.locator("svg.timeline-svg")
    page_width = page.evaluate("document.documentElement.clientWidth")
    assert svg.evaluate("e => e.getBoundingClientRect().width") <= page_width
    _shot(page, "thread-print.png")
