"""Citations that open: in Debian chromium, at desktop and phone sizes, against the real app.

A numbered marker in an answer opens the notice viewer with the cited passage highlighted and in
view; a fact beside the text jumps to its passage; the notices list opens the same viewer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import IIJ_QUESTION, IIJ_ROW, IIJ_VALUE
from tests.ui.browsing import (
    DESKTOP,
    SIZES,
    ask,
    in_viewport,
    open_app,
)
from tests.ui.conftest import Served

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*(silent_downcasting|copy keyword)"),
]


@pytest.mark.parametrize("size", list(SIZES))
def test_a_citation_marker_opens_the_passage_highlighted_and_in_view(
    browser: Browser, served: Served, output_dir: Path, size: str
) -> None:
    viewport, phone = SIZES[size]
    with open_app(browser, served.url, viewport, phone=phone) as page:
        ask(page, IIJ_QUESTION)
        chat = page.locator("#filingqa-chat")
        marker = chat.locator("a[href='#filingqa-cite-0-1']").first
        expect(marker).to_have_text("[1]")
        page.screenshot(path=str(output_dir / f"answer-{size}.png"))
        marker.click()

        viewer = page.locator("#filingqa-viewer")
        expect(viewer).to_be_visible()
        expect(viewer).to_contain_text("Internet Initiative Japan Inc.")
        hit = page.locator("#fq-hit")
        expect(hit).to_contain_text(IIJ_ROW.removesuffix(f" {IIJ_VALUE}"))
        expect(page.locator(".fq-hit").last).to_contain_text(IIJ_VALUE)
        # The table of the notice is a table: the cited row's label and figure are two cells.
        expect(page.locator(".fq-text td").filter(has_text=IIJ_VALUE)).to_have_count(1)
        page.wait_for_function(
            "() => document.querySelector('#fq-hit').classList.contains('fq-active')"
        )
        page.wait_for_timeout(300)  # smooth scrolling settles
        assert in_viewport(page, "#fq-hit")
        page.screenshot(path=str(output_dir / f"viewer-cited-{size}.png"))

        # A fact beside the text jumps to its own passage.
        fact = page.locator(".fq-fact").filter(has_text="Total Amount to be Paid").first
        fact.click()
        target = fact.get_attribute("href")[1:]
        page.wait_for_function(
            "(id) => document.getElementById(id).classList.contains('fq-active')",
            arg=target,
        )
        assert in_viewport(page, f"#{target}")
        expect(page.locator(f"#{target}")).to_have_text("JPY2,245,600,000")
        page.screenshot(path=str(output_dir / f"viewer-fact-{size}.png"))


def test_the_notices_list_opens_the_same_viewer(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    with open_app(browser, served.url, DESKTOP) as page:
        page.get_by_role("tab", name="Notices").click()
        page.locator("#filingqa-notices a.fq-open").filter(
            has_text="1-for-20 Reverse Stock Split"
        ).click()
        viewer = page.locator("#filingqa-viewer")
        expect(viewer).to_contain_text("Fictional Bluefin Grid Systems Corp.")
        expect(page.locator("#fq-hit")).to_have_count(0)
        expect(page.locator(".fq-facts")).to_contain_text("Facts (")
        assert in_viewport(page, ".fq-viewer h3")
        page.screenshot(path=str(output_dir / "viewer-from-notices.png"))


def test_the_notice_being_read_can_be_asked_about(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    """Opened from the list, a notice's "Ask about this notice" picks it in the chat, so a
    question naming no notice is answered from it."""
    with open_app(browser, served.url, DESKTOP) as page:
        ask_viewed = page.get_by_role("button", name="Ask about this notice")
        page.get_by_role("tab", name="Notice", exact=True).click()
        expect(ask_viewed).to_be_hidden()  # nothing is open yet
        page.get_by_role("tab", name="Notices").click()
        page.locator("#filingqa-notices a.fq-open").filter(
            has_text="Third-Party Allotment"
        ).click()
        expect(page.locator("#filingqa-viewer")).to_contain_text(
            "Internet Initiative Japan Inc."
        )
        ask_viewed.click()
        expect(page.locator("#filingqa-question textarea")).to_be_visible()
        expect(page.get_by_label("Notice", exact=True)).to_have_value(
            "Notice of Determination of Number of New Shares to be Issued through "
            "Third-Party Allotment (iij_2013-08-01_third_party_allotment)"
        )
        ask(page, "What is the payment date?")
        chat = page.locator("#filingqa-chat")
        expect(chat).to_contain_text(IIJ_VALUE)
        expect(chat).to_contain_text("Sources (1)")
        page.screenshot(path=str(output_dir / "asked-about-viewed.png"))
