"""Copy copies clean text: in Debian chromium, the chat's copy buttons put on the clipboard
what the reader sees, without the Markdown escapes that keep notice text inert on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from qa.render import escape_markdown
from tests.conftest import IIJ_QUESTION, IIJ_ROW, IIJ_VALUE
from tests.ui.browsing import DESKTOP, ask, open_app
from tests.ui.conftest import Served

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*(silent_downcasting|copy keyword)"),
]
ESCAPES = ("\\(", "\\)", "\\-", "\\.", "**", "\\[", "&lt;", "&amp;", "](#")
AWKWARD = [
    "Payment Date (in Japan) Third-Party 1.52% **bold** _x_ a_b_c",
    '<img src=x onerror="alert(1)"> & [link](javascript:x) `code` \\ $5 #1 > quote',
    "line one\nline two | pipe ~ tilde {brace} !bang +plus",
]


def test_copy_message_and_conversation_hold_no_markdown_escapes(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    with open_app(
        browser,
        served.url,
        DESKTOP,
        permissions=["clipboard-read", "clipboard-write"],
    ) as page:
        ask(page, IIJ_QUESTION)
        chat = page.locator("#filingqa-chat")
        expect(chat).to_contain_text("Answered by: offline")
        answer = chat.locator(".message-row.bot-row").first
        answer.hover()
        page.screenshot(path=str(output_dir / "copy.png"))
        page.locator(".message-row.bot-row").first.locator(
            "xpath=following-sibling::*[1]"
        ).get_by_role("button", name="Copy message").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(f"{IIJ_VALUE}. The notice states: “{IIJ_ROW}”"), copied
        assert "Answered by: offline" in copied
        assert not [e for e in ESCAPES if e in copied], copied

        chat.get_by_role("button", name="Copy conversation").click()
        everything = page.evaluate("navigator.clipboard.readText()")
        assert IIJ_QUESTION in everything and IIJ_VALUE in everything
        assert not [e for e in ESCAPES if e in everything], everything

        # The cleaner undoes exactly the escaping the server does, for awkward text too.
        for text in AWKWARD:
            markdown = escape_markdown(text)
            assert page.evaluate("(m) => window.filingqaClean(m)", markdown) == text
