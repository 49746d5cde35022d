"""Honest refusals in Debian chromium: an empty question gets a prompt, an over-long one is
refused with its limit (not cut by the browser and answered anyway), a question about a notice
the issuer filter leaves out says so, and a two-part question answers both parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from qa.reader.reader import MAX_QUESTION_CHARS
from tests.ui.browsing import DESKTOP, PHONE, ask, open_app
from tests.ui.conftest import Served
from ui.refusals import refusal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*(silent_downcasting|copy keyword)"),
]


def test_refusal_rules() -> None:
    assert refusal("  ").startswith("Type a question first")
    assert refusal("x" * MAX_QUESTION_CHARS) is None
    assert "2,001 characters long; the limit is 2,000" in refusal("x" * 2001)


def test_empty_and_over_long_questions_are_answered_with_a_reason(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    with open_app(browser, served.url, PHONE, phone=True) as page:
        chat = page.locator("#filingqa-chat")
        page.get_by_role("button", name="Ask", exact=True).click()
        expect(chat).to_contain_text("Type a question first")
        page.screenshot(path=str(output_dir / "refused-empty-phone.png"))

        too_long = "Which companies issued shares in 2013? " * 60  # 2,340 characters
        ask(page, too_long)
        expect(chat).to_contain_text(
            f"Your question is {len(too_long.strip()):,} characters long; the limit is 2,000"
        )
        expect(chat).not_to_contain_text("Answered by")
        box = page.locator("#filingqa-question textarea")
        assert box.input_value() == too_long.strip()  # kept whole, to be shortened
        page.screenshot(path=str(output_dir / "refused-too-long-phone.png"))


def test_a_filter_that_excludes_the_named_notice_says_so(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    with open_app(browser, served.url, PHONE, phone=True) as page:
        page.get_by_label("Issuer").click()
        page.get_by_role("option", name="Fictional Harbor Robotics Inc.").click()
        ask(page, "When does the kasumi stock split take effect?")
        chat = page.locator("#filingqa-chat")
        expect(chat).to_contain_text(
            "The filter (issuer “Fictional Harbor Robotics Inc.”) excludes the notice about "
            "kasumi: “Notice Concerning Stock Split"
        )
        expect(chat).to_contain_text("Clear the filter to ask about it.")
        page.screenshot(path=str(output_dir / "refused-filtered-phone.png"))


def test_a_two_part_question_answers_both_parts(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    with open_app(browser, served.url, DESKTOP) as page:
        ask(
            page,
            "When is Meadowlark's private placement expected to close and what is the "
            "exercise price of its warrants?",
        )
        chat = page.locator("#filingqa-chat")
        expect(chat).to_contain_text(
            "When is Meadowlark's private placement expected to close? September 21, 2020."
        )
        expect(chat).to_contain_text(
            "What is the exercise price of its warrants? $3.60."
        )
        expect(chat.locator("a[href='#filingqa-cite-0-2']").first).to_have_text("[2]")
        page.screenshot(path=str(output_dir / "two-part-desktop.png"))
