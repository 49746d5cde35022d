"""The layout on a phone (390x844) and a desktop (1400x900), in Debian chromium.

On arrival the question box is on the first screen; after an answer, the answer's start is on
screen (not only its end); no table cell is narrower than a word; the issuer list stays on the
screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.ui.browsing import (
    PHONE,
    SIZES,
    ask,
    in_viewport,
    open_app,
    split_words,
)
from tests.ui.conftest import Served

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*(silent_downcasting|copy keyword)"),
]
LONG_ANSWER = "Do the figures in the IIJ notice add up?"


@pytest.mark.parametrize("size", list(SIZES))
def test_question_box_on_arrival_and_the_answer_start_after(
    browser: Browser, served: Served, output_dir: Path, size: str
) -> None:
    viewport, phone = SIZES[size]
    with open_app(browser, served.url, viewport, phone=phone) as page:
        page.wait_for_timeout(300)
        assert in_viewport(page, "#filingqa-question textarea")
        page.screenshot(path=str(output_dir / f"arrival-{size}.png"))

        ask(page, LONG_ANSWER)
        chat = page.locator("#filingqa-chat")
        expect(chat).to_contain_text("Answered by: offline")
        page.wait_for_timeout(600)  # the page script scrolls once the answer settles
        first_line = page.evaluate(
            """() => {
                const rows = document.querySelectorAll('#filingqa-chat .message-row');
                const bot = [...rows].find((r) => r.classList.contains('bot-row'));
                const box = document.querySelector('#filingqa-chat .bubble-wrap')
                    .getBoundingClientRect();
                const text = bot.querySelector('.md p').getBoundingClientRect();
                return {top: text.top, boxTop: box.top, boxBottom: box.bottom};
            }"""
        )
        assert first_line["boxTop"] <= first_line["top"] <= first_line["boxBottom"] - 20
        assert 0 <= first_line["top"] <= viewport["height"] - 20
        page.screenshot(path=str(output_dir / f"answered-{size}.png"))


@pytest.mark.parametrize("size", list(SIZES))
def test_no_notices_cell_is_narrower_than_a_word(
    browser: Browser, served: Served, output_dir: Path, size: str
) -> None:
    viewport, phone = SIZES[size]
    with open_app(browser, served.url, viewport, phone=phone) as page:
        page.get_by_role("tab", name="Notices").click()
        cells = page.locator("#filingqa-notices td")
        expect(cells.first).to_be_visible()
        assert cells.count() >= 9 * 5
        assert split_words(page, "#filingqa-notices td, #filingqa-notices th") == []
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= viewport["width"]  # nothing sticks out sideways
        page.screenshot(path=str(output_dir / f"notices-{size}.png"), full_page=True)

        # The viewer's tables too (the notice's own rows), opened from the list.
        page.locator("#filingqa-notices a.fq-open").filter(
            has_text="Final Results of Fully Subscribed"
        ).click()
        expect(page.locator(".fq-text td").first).to_be_visible()
        assert split_words(page, ".fq-text td") == []


def test_the_issuer_list_stays_on_a_phone_screen(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    with open_app(browser, served.url, PHONE, phone=True) as page:
        page.get_by_label("Issuer").click()
        options = page.get_by_role("listbox")
        expect(options).to_be_visible()
        box = options.bounding_box()
        assert box is not None
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(output_dir / "issuer-phone.png"))
