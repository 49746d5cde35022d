"""The upload handler over a real store: same-name uploads, .htm, vanished temp files, the summary.

These call ``ui.notices.ingest_uploads`` (what the app's /upload endpoint runs) and the API's
``ingest_upload`` directly, on a fresh embedded store each, so they may add notices freely.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.pipeline import _Input, _run, upload_source
from ingest.records import IngestReport
from tests.conftest import IIJ, IIJ_QUESTION, IIJ_VALUE
from tests.ingest.test_pipeline import consistent
from tests.ui.conftest import WREN_NOTICE
from ui.notices import (
    UPLOAD_TYPES,
    _merge,
    ingest_uploads,
    report_markdown,
    upload_note,
)

NAME = "notice.txt"  # the one file name every upload below shares


@pytest.fixture
def qa(tmp_path: Path, embedder):
    from qa.api import FilingQA

    return FilingQA.open(store=tmp_path / "store", embedder=embedder)


def gradio_temp(tmp_path: Path, folder: str, name: str, data: bytes) -> str:
    """A file as Gradio saves an upload: its own temp folder, the user's base name."""
    path = tmp_path / "gradio" / folder / name
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    return str(path)


def test_a_different_file_with_the_same_name_is_a_new_notice_not_a_replacement(
    qa, tmp_path: Path
):
    iij, wren = IIJ.read_bytes(), WREN_NOTICE.encode()
    first = ingest_uploads(qa, [gradio_temp(tmp_path, "a", NAME, iij)])
    assert report_markdown(first).startswith("added 1, replaced 0"), first.summary()
    [iij_entry] = qa.documents()
    iij_chunks = qa.store.chunks.get(where={"doc_id": iij_entry.doc_id})["ids"]

    second = ingest_uploads(qa, [gradio_temp(tmp_path, "b", NAME, wren)])
    assert (len(second.added), second.replaced) == (1, []), second.summary()
    entries = {entry.doc_id: entry for entry in qa.documents()}
    assert len(entries) == 2 and iij_entry.doc_id in entries
    assert entries[iij_entry.doc_id] == iij_entry  # untouched, not replaced
    assert qa.store.chunks.get(where={"doc_id": iij_entry.doc_id})["ids"] == iij_chunks
    assert {entry.source for entry in entries.values()} == {
        upload_source(NAME, iij),
        upload_source(NAME, wren),
    }
    assert all(
        entry.source.startswith(f"{NAME} [sha256:") for entry in entries.values()
    )
    answer = qa.ask(IIJ_QUESTION)
    assert IIJ_VALUE in answer.text

    again = ingest_uploads(qa, [gradio_temp(tmp_path, "c", NAME, iij)])
    assert again.unchanged == [upload_source(NAME, iij)], again.summary()
    assert again.added == again.replaced == [] and again.chunks_embedded == 0
    assert report_markdown(again).startswith("added 0, replaced 0, unchanged 1")
    assert len(qa.documents()) == 2
    consistent(qa)


def test_the_api_upload_path_keys_by_name_and_content_too(qa):
    iij, wren = IIJ.read_bytes(), WREN_NOTICE.encode()
    assert len(qa.ingest_upload(NAME, iij).added) == 1
    assert len(qa.ingest_upload(f"some/folder/{NAME}", wren).added) == 1
    assert qa.ingest_upload(NAME, iij).unchanged == [upload_source(NAME, iij)]
    assert qa.ingest_upload(f"C:\\Users\\x\\{NAME}", wren).unchanged == [
        upload_source(NAME, wren)
    ]
    assert len(qa.documents()) == 2
    consistent(qa)


def test_an_upload_stored_before_sources_carried_a_hash_is_still_unchanged(qa):
    """A store written by the previous version keyed the upload by its bare name."""
    data = IIJ.read_bytes()
    options = qa._options(False)
    old = _run(
        iter([_Input(NAME, lambda: data)]),
        1,
        qa.store,
        qa.embedder,
        options,
        IngestReport(),
    )
    assert old.added == [NAME]
    again = qa.ingest_upload(NAME, data)
    assert again.unchanged == [upload_source(NAME, data)] and again.chunks_embedded == 0
    assert len(qa.documents()) == 1


def test_htm_is_an_upload_type_and_an_htm_upload_is_ingested(qa, tmp_path: Path):
    assert set(UPLOAD_TYPES) == set(SUPPORTED_SUFFIXES)
    assert ".htm " in upload_note(20) + " "
    page = (
        "<html><head><title>Wren Orchard allotment</title></head><body><pre>"
        + WREN_NOTICE
        + "</pre></body></html>"
    )
    report = ingest_uploads(qa, [gradio_temp(tmp_path, "a", "wren.htm", page.encode())])
    assert len(report.added) == 1, report.summary()
    [entry] = qa.documents()
    assert "250,000 shares" in qa.store.notice_text(entry.doc_id)


def test_a_vanished_temp_file_is_reported_not_raised(qa, tmp_path: Path):
    gone = str(tmp_path / "gradio" / "expired" / "old-notice.txt")
    good = gradio_temp(tmp_path, "a", "wren.txt", WREN_NOTICE.encode())
    report = ingest_uploads(qa, [gone, good])
    assert report.skipped == [
        (
            "old-notice.txt",
            (
                "the uploaded copy is no longer on the server (expired or cleaned up); "
                "upload the file again"
            ),
        )
    ]
    assert len(report.added) == 1
    text = report_markdown(report)
    assert "skipped 1" in text and "upload the file again" in text
    assert len(qa.documents()) == 1


def test_a_skipped_upload_is_named_as_uploaded(qa, tmp_path: Path):
    report = ingest_uploads(
        qa, [gradio_temp(tmp_path, "a", "deck.pptx", b"PK\x03\x04")]
    )
    assert report.skipped == [
        (
            "deck.pptx",
            "unsupported file type (.pptx); supported: .txt .md .html .htm .pdf",
        )
    ]


def test_the_summary_adds_up_every_count_of_every_upload():
    first = IngestReport(added=["a"], chunks_embedded=5, chunks_truncated=2)
    second = IngestReport(replaced=["b"], chunks_embedded=3, chunks_truncated=1)
    total = IngestReport()
    _merge(total, first)
    _merge(total, second)
    assert (total.added, total.replaced) == (["a"], ["b"])
    assert (total.chunks_embedded, total.chunks_truncated) == (8, 3)
    assert "(8 chunks embedded, 3 truncated)" in total.summary()
    assert r"\(8 chunks embedded, 3 truncated\)" in report_markdown(total)
