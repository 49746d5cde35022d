"""The served app through ``gradio_client``: ask, upload, remove, and uploads that must change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from gradio_client import handle_file

from qa.render import escape_markdown
from tests.conftest import IIJ_QUESTION, IIJ_VALUE, REPO
from tests.ui.conftest import MAX_FILE_MB, WREN_ANSWER, WREN_QUESTION, Served
from ui.notices import ingest_uploads
from ui.offline import UPLOAD_CAP_FACTOR

pytestmark = pytest.mark.filterwarnings("ignore:.*(silent_downcasting|copy keyword)")

IIJ_ID = "iij_2013-08-01_third_party_allotment"


def doc_ids(client) -> set[str]:
    return {notice["doc_id"] for notice in client.predict(api_name="/notices")}


def test_only_the_named_endpoints_are_public(client) -> None:
    endpoints = set(
        client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    )
    assert endpoints == {"/ask", "/upload", "/notices", "/remove"}


def test_ask_gives_an_iij_figure_with_its_source(client) -> None:
    markdown = client.predict(IIJ_QUESTION, api_name="/ask")
    assert IIJ_VALUE in markdown
    assert "**Sources**" in markdown and IIJ_ID in markdown
    assert "Answered by: offline" in markdown


def test_upload_ask_remove(client, wren_file: Path) -> None:
    before = doc_ids(client)
    report = client.predict([handle_file(str(wren_file))], api_name="/upload")
    assert report.startswith("Done: 1 file (1 added)"), report
    assert f"**{escape_markdown(wren_file.name)}**: added" in report
    added = doc_ids(client) - before
    assert len(added) == 1
    (doc_id,) = added
    try:
        answer = client.predict(WREN_QUESTION, api_name="/ask")
        assert WREN_ANSWER in answer and doc_id in answer
    finally:
        assert "Removed" in client.predict(doc_id, api_name="/remove")
    assert doc_ids(client) == before
    assert WREN_ANSWER not in client.predict(WREN_QUESTION, api_name="/ask")
    assert "No notice with id" in client.predict(doc_id, api_name="/remove")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b" \n\t\n", "empty"),
        ("binary.txt", bytes(range(256)) * 64, "binary"),
        ("fake.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("program.exe", b"MZ\x90\x00 not a notice", "unsupported file type"),
        ("notes.docx", b"PK\x03\x04 a zip", "unsupported file type"),
    ],
)
def test_bad_upload_is_reported_and_changes_nothing(
    client, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    before = doc_ids(client)
    path = tmp_path / name
    path.write_bytes(data)
    report = client.predict([handle_file(str(path))], api_name="/upload")
    assert report.startswith("Done: 1 file (1 skipped)"), report
    assert ": skipped: " in report and reason in report
    assert doc_ids(client) == before


def test_too_large_upload_is_refused_by_the_server(client, tmp_path: Path) -> None:
    before = doc_ids(client)
    path = tmp_path / "huge.txt"  # past Gradio's cap, UPLOAD_CAP_FACTOR times the limit
    path.write_bytes(
        b"Notice of nothing in particular.\n"
        * int(UPLOAD_CAP_FACTOR * MAX_FILE_MB * 1.1 * 1024 * 1024 / 30)
    )
    with pytest.raises(Exception, match="(?i)size|large|413"):
        client.predict([handle_file(str(path))], api_name="/upload")
    assert doc_ids(client) == before


def test_too_large_file_is_skipped_unread_when_it_reaches_the_handler(
    served: Served, tmp_path: Path
) -> None:
    """Past Gradio's own cap (a proxy may not have one), the handler reports it without reading it."""
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * int(MAX_FILE_MB * 1_000_000 + 1))
    before = {e.doc_id for e in served.qa.documents()}
    report = ingest_uploads(served.qa, [str(path)])
    assert report.skipped and "too large" in report.skipped[0][1]
    assert {e.doc_id for e in served.qa.documents()} == before


def test_odd_upload_names_cannot_leave_the_store(
    served: Served, tmp_path: Path, wren_file: Path
) -> None:
    """``ingest_upload`` keeps only the base name, and nothing is written where the name points."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    name = "../../escaped/../..\\evil <b>ü.txt"
    store = served.qa.settings.store

    def outside_the_store() -> set[Path]:
        around = [*tmp_path.rglob("*"), *store.parent.iterdir(), *REPO.iterdir()]
        return {p for p in around if store not in p.parents}

    before = outside_the_store()
    report = served.qa.ingest_upload(name, wren_file.read_bytes())
    try:
        assert len(report.added) == 1, report.summary()
        assert "/" not in report.added[0]
        assert outside_the_store() == before
    finally:
        for entry in served.qa.documents():
            if entry.source == report.added[0]:
                served.qa.remove(entry.doc_id)


def test_app_is_local_only(served: Served) -> None:
    """No share link, no analytics, LaTeX off in every Markdown view (notice text stays text)."""
    demo = served.demo
    assert demo.share is False and demo.share_url is None
    assert demo.analytics_enabled is False
    latex = [
        block.latex_delimiters
        for block in demo.blocks.values()
        if hasattr(block, "latex_delimiters")
    ]
    chat_and_reports = [value for value in latex if value == []]
    assert len(chat_and_reports) >= 4
