"""The Notices tab in Debian chromium at desktop and phone sizes: search, filter by issuer, type
and date, order, open a notice, and a removal that asks first, naming the notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.ui.browsing import (
    SIZES,
    box_of,
    in_viewport,
    open_app,
    split_words,
)
from tests.ui.conftest import Served

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*(silent_downcasting|copy keyword)"),
]
TITLES = "#filingqa-notices a.fq-open"


def pick(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def set_date(page: Page, which: str, day: str) -> None:
    """Type a date into Gradio's date box (its input has no label of its own) and submit it."""
    box = page.locator(f"#filingqa-{which} input.time")
    box.fill(day)
    box.press("Enter")


def issuers_shown(page: Page) -> list[str]:
    return page.locator('#filingqa-notices td[data-label="Issuer"]').all_inner_texts()


@pytest.mark.parametrize("size", list(SIZES))
def test_search_filter_order_and_open(
    browser: Browser, served: Served, output_dir: Path, size: str
) -> None:
    viewport, phone = SIZES[size]
    total = len(served.qa.documents())
    with open_app(browser, served.url, viewport, phone=phone) as page:
        page.get_by_role("tab", name="Notices").click()
        count = page.locator("#filingqa-notices .fq-count")
        expect(count).to_have_text(f"{total} notices")
        for which in (
            "from",
            "to",
        ):  # each date box whole, its calendar button inside it
            block, button = (
                box_of(page, f"#filingqa-{which}"),
                box_of(page, f"#filingqa-{which} button.calendar"),
            )
            assert block["left"] <= button["left"] and button["right"] <= block["right"]
        assert (
            page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        )

        page.get_by_label("Search notices").fill("kasumi split")
        expect(count).to_have_text(f"1 of {total} notices")
        expect(page.locator(TITLES)).to_have_count(1)
        assert issuers_shown(page) == [
            "Fictional Kasumi Precision Industries Co., Ltd."
        ]
        page.screenshot(path=str(output_dir / f"notices-search-{size}.png"))
        page.get_by_label("Search notices").fill("")
        expect(count).to_have_text(f"{total} notices")

        pick(page, "Filter by type", "offering")
        expect(count).to_have_text(f"2 of {total} notices")
        set_date(page, "from", "2024-01-01")
        expect(count).to_have_text(f"1 of {total} notices")
        assert issuers_shown(page) == ["Fictional Harbor Robotics Inc."]
        set_date(page, "from", "")
        pick(page, "Filter by type", "All types")
        set_date(page, "to", "2020-12-31")
        expect(count).to_have_text(f"3 of {total} notices")
        pick(page, "Order", "Oldest first")
        expect(page.locator(TITLES).first).to_contain_text("Notice of Determination")
        assert split_words(page, "#filingqa-notices td") == []
        page.screenshot(path=str(output_dir / f"notices-filtered-{size}.png"))
        set_date(page, "to", "")

        pick(page, "Filter by issuer", "Internet Initiative Japan Inc.")
        expect(count).to_have_text(f"1 of {total} notices")
        page.locator(TITLES).first.click()
        viewer = page.locator("#filingqa-viewer")
        expect(viewer).to_be_visible()
        expect(viewer).to_contain_text("Payment Date (in Japan)")


@pytest.mark.parametrize("size", list(SIZES))
def test_removing_asks_first_naming_the_notice(
    browser: Browser, served: Served, wren_file: Path, output_dir: Path, size: str
) -> None:
    viewport, phone = SIZES[size]
    report = served.qa.ingest([wren_file])
    (doc_id,) = report.added and [
        e.doc_id for e in served.qa.documents() if "wren" in e.doc_id
    ]
    title = "Fictional Wren Orchard Foods Inc."
    try:
        with open_app(browser, served.url, viewport, phone=phone) as page:
            page.get_by_role("tab", name="Notices").click()
            page.get_by_label("Notice to remove").click()
            page.get_by_role("option", name=f"({doc_id})", exact=False).click()
            page.get_by_role("button", name="Remove notice…").click()
            confirm = page.locator("#filingqa-confirm-remove")
            expect(confirm).to_be_visible()
            expect(confirm).to_contain_text(
                f"Remove “{title}” ({doc_id}) from the store?"
            )
            page.wait_for_timeout(400)  # the page scrolls the question into view
            assert in_viewport(page, "#filingqa-confirm-remove button.stop")
            page.screenshot(path=str(output_dir / f"remove-confirm-{size}.png"))
            assert doc_id in {
                e.doc_id for e in served.qa.documents()
            }  # asked, not done

            confirm.get_by_role("button", name="Cancel").click()
            expect(page.locator("#filingqa-remove-report")).to_contain_text(
                "Nothing removed."
            )
            expect(confirm).to_be_hidden()
            assert doc_id in {e.doc_id for e in served.qa.documents()}

            page.get_by_role("button", name="Remove notice…").click()
            confirm.get_by_role("button", name="Yes, remove it").click()
            expect(page.locator("#filingqa-remove-report")).to_contain_text(
                f"Removed “{title}” ({doc_id})."
            )
            expect(page.locator("#filingqa-notices")).not_to_contain_text(
                "Wren Orchard"
            )
            assert doc_id not in {e.doc_id for e in served.qa.documents()}
    finally:
        served.qa.remove(doc_id)
