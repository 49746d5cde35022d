"""UI fixtures: one real store of the bundled samples, served by the real app on 127.0.0.1.

One server per session keeps the UI tests fast; tests that add notices remove them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import REPO, SAMPLES, free_port, wait_for
from tests.ui.browsing import chromium

OUTPUT = REPO / "test-output" / "ui"
MAX_FILE_MB = 1.0  # small, so the "too large" path costs a 1 MB file, not 20


@dataclass
class Served:
    """A running app: its address and the product object behind it."""

    url: str
    qa: object
    demo: object


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Served]:
    """The samples ingested into a fresh store and the app serving them on a free loopback port."""
    from qa.api import FilingQA
    from ui.app import build_app
    from ui.offline import launch_options

    qa = FilingQA.open(
        store=tmp_path_factory.mktemp("ui-store"),
        embedder=embedder,
        max_file_mb=MAX_FILE_MB,
    )
    report = qa.ingest([SAMPLES])
    assert report.added, report.summary()
    demo = build_app(qa)
    port = free_port()
    demo.launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
        **launch_options(MAX_FILE_MB),
    )
    url = f"http://127.0.0.1:{port}/"
    wait_for(url, 30)
    try:
        yield Served(url=url, qa=qa, demo=demo)
    finally:
        demo.close(verbose=False)


@pytest.fixture(scope="session")
def client(served: Served):
    """A ``gradio_client`` connected to the served app (no telemetry, files left on the server)."""
    from gradio_client import Client

    return Client(
        served.url, verbose=False, analytics_enabled=False, download_files=False
    )


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where UI tests leave screenshots for people to look at (``test-output/`` is gitignored)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


WREN_NOTICE = """Fictional Wren Orchard Foods Inc.

Notice of Issuance of New Shares through Third-Party Allotment

Sapporo, March 3, 2025 - Fictional Wren Orchard Foods Inc. ("Wren Orchard", the "Company", TSE:9999) \
today announces that its Board of Directors resolved to issue new shares by way of third-party \
allotment to Fictional Kestrel Capital Co., Ltd., as set forth below.

1. Number of Shares to be Issued\t250,000 shares
2. Amount to be Paid\tJPY1,200 per share
3. Total Amount to be Paid\tJPY300,000,000
4. Subscription Date\tWednesday, March 26, 2025
5. Payment Date\tThursday, March 27, 2025

Total number of issued shares at present\t10,000,000
Increase in the number of shares\t250,000
Total number of issued shares after the allotment\t10,250,000
"""
WREN_QUESTION = "When is the payment date for Wren Orchard's new shares?"
WREN_ANSWER = "March 27, 2025"


@pytest.fixture
def wren_file(tmp_path: Path) -> Path:
    """A fictional notice no sample resembles, to upload, ask about and remove."""
    path = tmp_path / "fictional-wren-orchard_2025-03-03_allotment.txt"
    path.write_text(WREN_NOTICE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless chromium per test module (a crash in one module cannot spoil the next)."""
    with chromium() as browser:
        yield browser
