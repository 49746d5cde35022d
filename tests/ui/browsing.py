"""Shared browser plumbing for the UI tests: Debian chromium via Playwright, at set screen sizes.

``open_app`` gives a page on the served app and, when the test ends, fails it if any request
left 127.0.0.1 (the UI must never call out).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": (DESKTOP, False), "phone": (PHONE, True)}  # viewport, is a phone
TIMEOUT_MS = 15_000


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless; skips when it is not installed (``make browser``)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make browser)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_app(
    browser: Browser, url: str, viewport: dict, *, phone: bool = False, **options
) -> Iterator[Page]:
    """A fresh page on the app at ``viewport``; afterwards no request may have left the app."""
    extra = {"is_mobile": True, "has_touch": True} if phone else {}
    context = browser.new_context(viewport=viewport, **extra, **options)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    expect(page.locator("#filingqa-question textarea")).to_be_attached()
    try:
        yield page
    finally:
        page.wait_for_timeout(300)  # let late requests (fonts, icons) show up
        context.close()
    app = urlsplit(url).netloc
    elsewhere = [
        u
        for u in requested
        if urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urlsplit(u).netloc != app
    ]
    assert requested and not elsewhere, elsewhere


def ask(page: Page, question: str) -> None:
    """Type a question and press Enter."""
    box = page.locator("#filingqa-question textarea")
    box.fill(question)
    box.press("Enter")


def in_viewport(page: Page, selector: str) -> bool:
    """Whether the element is wholly inside the window and really seen there: the point at the
    centre of its first line box belongs to it (so it is not scrolled out of a box, clipped or
    covered). The first line box, not the whole box: the middle of a highlight that wraps over
    several lines can fall beside its text."""
    return page.evaluate(
        """(selector) => {
            const e = document.querySelector(selector);
            if (!e) return false;
            const r = e.getBoundingClientRect();
            if (!(r.width > 0 && r.top >= 0 && r.left >= 0
                  && r.bottom <= window.innerHeight && r.right <= window.innerWidth)) return false;
            const line = e.getClientRects()[0];
            const seen = document.elementFromPoint(
                line.left + line.width / 2, line.top + line.height / 2);
            return !!seen && (e === seen || e.contains(seen));
        }""",
        selector,
    )


def split_words(page: Page, selector: str) -> list[str]:
    """The words (runs of letters and digits) inside ``selector``'s elements that the browser
    broke across lines: a cell narrower than a word shows up here ("2 0 2 5")."""
    return page.evaluate(
        """(selector) => {
            const split = [];
            for (const cell of document.querySelectorAll(selector)) {
                const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    for (const m of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
                        const range = document.createRange();
                        range.setStart(node, m.index);
                        range.setEnd(node, m.index + m[0].length);
                        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                        if (tops.size > 1) split.push(m[0]);
                    }
                }
            }
            return split;
        }""",
        selector,
    )


def box_of(page: Page, selector: str) -> dict:
    """The element's box in the window (left, top, right, bottom)."""
    return page.evaluate(
        """(selector) => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
        }""",
        selector,
    )
