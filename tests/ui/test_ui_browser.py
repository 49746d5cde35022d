"""The app in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).

Every test records the requests the page makes and fails if one leaves 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import IIJ_QUESTION, IIJ_ROW, IIJ_VALUE
from tests.ui.browsing import TIMEOUT_MS, ask
from tests.ui.conftest import MAX_FILE_MB, WREN_NOTICE, Served

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*(silent_downcasting|copy keyword)"),
]

HOSTILE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture
def page(browser: Browser, served: Served) -> Iterator[Page]:
    """A fresh page on the app; afterwards, no request may have gone anywhere but the app."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(served.url)
    expect(page.locator("#filingqa-question textarea")).to_be_visible()
    yield page
    page.wait_for_timeout(300)  # let late requests (fonts, icons) show up
    context.close()
    app = urlsplit(served.url).netloc
    elsewhere = [
        url
        for url in requested
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(url).netloc != app
    ]
    assert requested and not elsewhere, elsewhere


def upload(page: Page, *paths: Path) -> None:
    page.get_by_role("tab", name="Notices").click()
    with page.expect_file_chooser() as chooser:
        page.locator("#filingqa-upload").get_by_text("Click to Upload").first.click()
    chooser.value.set_files([str(path) for path in paths])


def test_ask_open_sources_retry_clear(page: Page, output_dir: Path) -> None:
    chat = page.locator("#filingqa-chat")
    ask(page, IIJ_QUESTION)
    expect(chat).to_contain_text(IIJ_VALUE)
    expect(chat).to_contain_text("Answered by: offline")
    expect(page.locator("#filingqa-mode")).to_contain_text("offline")

    quote = chat.locator("blockquote")  # only the folded sources quote
    expect(quote).to_have_count(0)
    chat.get_by_text("Sources (1)").click()
    expect(quote).to_be_visible()
    expect(quote).to_contain_text(IIJ_ROW)
    expect(chat).to_contain_text("Internet Initiative Japan Inc. · 2013-08-01")
    page.wait_for_timeout(400)  # the fold opens with a short animation
    page.screenshot(path=str(output_dir / "chat.png"), full_page=True)

    page.get_by_role("button", name="Retry last question").click()
    page.wait_for_timeout(500)
    expect(chat).to_contain_text(IIJ_VALUE)
    expect(chat.get_by_text(IIJ_QUESTION)).to_have_count(1)

    page.get_by_role("button", name="Clear chat").click()
    expect(chat).not_to_contain_text(IIJ_VALUE)


def test_issuer_filter_restricts_the_chat(page: Page) -> None:
    page.get_by_label("Issuer").click()
    page.get_by_role("option", name="Fictional Harbor Robotics Inc.").click()
    ask(page, IIJ_QUESTION)
    chat = page.locator("#filingqa-chat")
    expect(chat).to_contain_text(
        "The filter (issuer “Fictional Harbor Robotics Inc.”) excludes the notice about IIJ"
    )
    expect(chat).not_to_contain_text(IIJ_VALUE)


def test_notice_pick_answers_a_question_that_names_no_notice(page: Page) -> None:
    page.get_by_label("Notice", exact=True).click()
    page.get_by_role("option", name="iij_2013-08-01_third_party_allotment").click()
    ask(page, "What is the payment date?")
    chat = page.locator("#filingqa-chat")
    expect(chat).to_contain_text(IIJ_VALUE)
    expect(chat).to_contain_text("Sources (1)")


def test_hostile_question_is_shown_as_text(page: Page) -> None:
    ask(page, f"{HOSTILE} <script>window.__pwned=2</script> {IIJ_QUESTION}")
    chat = page.locator("#filingqa-chat")
    expect(chat).to_contain_text(
        "Answered by: offline"
    )  # whatever the answer, it has arrived
    expect(chat).to_contain_text(f"{HOSTILE} <script>window.__pwned=2</script>")
    expect(chat.locator("img[src='x']")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None


def test_upload_with_the_file_chooser_then_remove(
    page: Page, served: Served, tmp_path: Path, output_dir: Path
) -> None:
    notice = tmp_path / "fictional-wren-orchard_hostile.txt"
    notice.write_text(
        f"{HOSTILE} Wren Orchard allotment\n\n{WREN_NOTICE}", encoding="utf-8"
    )
    unsupported = tmp_path / "minutes.docx"
    unsupported.write_bytes(b"PK\x03\x04 not a notice")
    before = {e.doc_id for e in served.qa.documents()}

    upload(page, notice, unsupported)
    report = page.locator("#filingqa-upload-report")
    expect(report).to_contain_text("Done: 2 files (1 added, 1 skipped)")
    expect(report).to_contain_text(f"{notice.name}: added")
    expect(report).to_contain_text(
        "minutes.docx: skipped: unsupported file type (.docx)"
    )
    table = page.locator("#filingqa-notices")
    expect(table).to_contain_text(f"{HOSTILE} Wren Orchard allotment")
    assert page.evaluate("window.__pwned") is None
    added = {e.doc_id for e in served.qa.documents()} - before
    assert len(added) == 1
    page.screenshot(path=str(output_dir / "notices.png"), full_page=True)

    (doc_id,) = added
    page.get_by_label("Notice to remove").click()
    page.get_by_role("option", name=f"({doc_id})", exact=False).click()
    page.get_by_role("button", name="Remove notice…").click()
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.locator("#filingqa-remove-report")).to_contain_text(f"({doc_id})")
    assert {e.doc_id for e in served.qa.documents()} == before
    expect(table).not_to_contain_text("Wren Orchard")


def test_too_large_upload_gets_its_own_line_in_a_fresh_report(
    page: Page, served: Served, tmp_path: Path, wren_file: Path, output_dir: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Notice text.\n" * int(MAX_FILE_MB * 1_000_000 / 12))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    before = {e.doc_id for e in served.qa.documents()}
    report = page.locator("#filingqa-upload-report")
    upload(page, empty)
    expect(report).to_contain_text("empty.txt: skipped")
    upload(page, big)
    expect(report).to_contain_text(
        "big.txt: skipped: too large (1.1 MB; the limit is 1 MB)"
    )
    expect(report).not_to_contain_text("empty.txt")  # the previous report is gone
    page.screenshot(path=str(output_dir / "upload-too-large.png"), full_page=True)
    assert {e.doc_id for e in served.qa.documents()} == before


def test_audit_tab_shows_each_relation_with_its_quotes(
    page: Page, output_dir: Path
) -> None:
    page.get_by_role("tab", name="Audit").click()
    page.get_by_label("Notice to audit").click()
    page.get_by_role(
        "option", name="(iij_2013-08-01_third_party_allotment)", exact=False
    ).click()
    audit = page.locator("#filingqa-audit")
    expect(audit).to_contain_text("relations hold")
    expect(audit).to_contain_text(
        "✔ before + increase = after: 45,997,800 + 700,000 = 46,697,800"
    )
    expect(audit).to_contain_text("Total number of issued shares after the Issuance")
    page.screenshot(path=str(output_dir / "audit.png"), full_page=True)
