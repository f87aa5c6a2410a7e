"""The network page in a real browser (the fixtures of tests/web/test_browser.py): drawn on a
desktop and a phone, its nodes reached by keyboard and followed to their search.
Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, expect

from tests.web.test_browser import (  # noqa: F401  (fixtures)
    DESKTOP,
    PHONE,
    SHOTS,
    base_url,
    browser,
    no_horizontal_scroll,
)


def test_the_network_on_a_desktop_and_a_phone(browser: Browser, base_url: str) -> None:  # noqa: F811
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{base_url}/network")
        expect(page.locator("h1")).to_have_text("Who wrote to whom")
        drawing = page.locator("svg.network")
        expect(drawing).to_be_visible()
        assert page.locator("svg.network a.node").count() > 5
        # The drawing is never squeezed below a readable size: labels keep their 12px
        # nearly whole (on a phone the drawing scrolls sideways inside its frame instead).
        scale = page.evaluate(
            "(() => { const s = document.querySelector('svg.network');"
            " return s.getBoundingClientRect().width / s.viewBox.baseVal.width; })()"
        )
        assert 0.84 <= scale <= 1.0, scale
        # The page itself does not scroll sideways: only the drawing's frame does.
        assert no_horizontal_scroll(page)
        # No two labels of the drawing overlap.
        boxes = page.evaluate(
            "[...document.querySelectorAll('svg.network a.node text')].map(t => {"
            " const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
        )
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (a, b)
        page.screenshot(path=SHOTS / f"network-all-{name}.png", full_page=True)
        page.goto(f"{base_url}/network?q=istanbul")
        expect(page.locator(".network-summary strong")).to_have_text("8")
        expect(page.locator("svg.network a.node.collective").first).to_be_attached()
        page.screenshot(path=SHOTS / f"network-{name}.png", full_page=True)
        context.close()


def test_a_node_is_followed_by_keyboard_to_its_search(browser: Browser, base_url: str) -> None:  # noqa: F811
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{base_url}/network?q=istanbul")
    first = page.locator("svg.network a.node").first
    label = first.get_attribute("aria-label") or ""
    # Tab from the last control before the drawing (the JSON link) to the first node.
    page.locator(".downloads a", has_text="JSON").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == label
    # The focus is visible: the node's shape takes the focus stroke.
    stroke = page.evaluate(
        "getComputedStyle(document.activeElement.querySelector('.shape')).strokeWidth"
    )
    assert stroke == "4px", stroke
    page.screenshot(path=SHOTS / "network-focus.png")
    sender = label.split(" (")[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/search"
    assert parse_qs(urlsplit(page.url).query)["q"] == [f'(istanbul) origin:"{sender}"']
    expect(page.locator("#q")).to_have_value(f'(istanbul) origin:"{sender}"')
    assert page.locator("li.hit").count() >= 1
    for origin in page.locator("li.hit .meta").all_inner_texts():
        assert sender in origin
    context.close()


def test_an_addressee_is_followed_by_a_click(browser: Browser, base_url: str) -> None:  # noqa: F811
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{base_url}/network?q=istanbul")
    node = page.locator("svg.network a.node.target", has_text="Embassy Ankara")
    node.scroll_into_view_if_needed()
    with page.expect_navigation():
        node.click()
    assert parse_qs(urlsplit(page.url).query)["q"] == ['(istanbul) to:"AMEMBASSY ANKARA"']
    assert page.locator("li.hit").count() == 6  # 6 of the 8 cables inform or address Ankara
    context.close()
