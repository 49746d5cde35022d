"""Example questions at 1400x900, in Debian chromium: all on the first screen, and a click asks."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.ui.browsing import DESKTOP, PHONE, in_viewport, open_app
from tests.ui.conftest import Served
from ui.app import EXAMPLES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*(silent_downcasting|copy keyword)"),
]


def test_examples_are_on_the_first_screen_and_a_click_asks(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    with open_app(browser, served.url, DESKTOP) as page:
        examples = page.locator("#filingqa-examples button")
        expect(examples).to_have_count(len(EXAMPLES))
        page.wait_for_timeout(300)
        for index in range(len(EXAMPLES)):
            assert in_viewport(
                page, f"#filingqa-examples button:nth-of-type({index + 1})"
            ), EXAMPLES[index]
        page.screenshot(path=str(output_dir / "examples-desktop.png"))

        examples.filter(has_text=EXAMPLES[0]).click()
        chat = page.locator("#filingqa-chat")
        expect(chat).to_contain_text("Monday, August 5, 2013")
        expect(chat).to_contain_text("Answered by: offline")
        expect(chat.get_by_text(EXAMPLES[0])).to_have_count(1)
        page.screenshot(path=str(output_dir / "example-answered-desktop.png"))


def test_on_a_phone_an_example_click_asks_too(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    with open_app(browser, served.url, PHONE, phone=True) as page:
        page.locator("#filingqa-examples button").filter(has_text=EXAMPLES[1]).click()
        expect(page.locator("#filingqa-chat")).to_contain_text("September 21, 2020")
        page.screenshot(path=str(output_dir / "example-answered-phone.png"))
