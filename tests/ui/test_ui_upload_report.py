"""The per-file upload report as a pure function: one plain line per file, progress while it runs."""

from __future__ import annotations

from ingest.records import IngestReport
from ui.upload_report import report_lines


def test_each_file_gets_a_line_in_plain_words() -> None:
    done = [
        ("a.txt", IngestReport(added=["a.txt"], chunks_embedded=9)),
        ("b.txt", IngestReport(replaced=["b.txt"])),
        ("c.txt", IngestReport(unchanged=["c.txt"])),
        (
            "big.txt",
            IngestReport(
                skipped=[("big.txt", "too large (1.1 MB; the limit is 1 MB)")]
            ),
        ),
    ]
    text = report_lines(done)
    assert text.startswith(
        "Done: 4 files (1 added, 1 replaced, 1 unchanged, 1 skipped)."
    )
    assert "**a.txt**: added: now searchable in the chat" in text
    assert "**b.txt**: replaced: " in text
    assert "**c.txt**: unchanged: already stored" in text
    assert "**big.txt**: skipped: too large \\(1.1 MB; the limit is 1 MB\\)" in text
    assert "chunk" not in text and "embedded" not in text


def test_a_long_upload_shows_which_file_is_being_read_and_which_wait() -> None:
    text = report_lines([("a.txt", IngestReport(added=["a.txt"]))], ["b.txt", "c.txt"])
    assert text.splitlines() == [
        "- **a.txt**: added: now searchable in the chat",
        "- **b.txt**: reading and indexing…",
        "- c.txt: waiting",
    ]
    assert not text.startswith("Done")


def test_names_are_escaped_and_nothing_received_says_so() -> None:
    text = report_lines([("<b>x</b>.txt", IngestReport(added=["x"]))])
    assert "<b>" not in text
    assert report_lines([]) == "No file received."
