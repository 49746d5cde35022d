"""Windows-1252 text decoded as Windows-1252; AES-encrypted PDFs that need no password are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_bytes
from tests.pdfs import encrypted_pdf

LIMIT = 20_000_000


@pytest.mark.parametrize(
    "text",
    [
        "€12.50",
        "Price: €12.50 per share",
        "Dividend of €0.27 — payable “March 31”",
        "Le dividende de 0,27 € sera versé le 31 mars – Société générale.",
        "Notice of dividend\r\nAmount: €0.31 per share\r\nRecord date: 12 May 2025\r\n"
        * 40,
    ],
)
def test_windows_1252_text_is_decoded_as_windows_1252(text: str):
    data = text.encode("cp1252")
    assert any(0x80 <= byte <= 0x9F for byte in data)
    decoded = load_bytes("notice.txt", data, LIMIT).text
    assert decoded == text
    assert not any(0x80 <= ord(char) <= 0x9F for char in decoded)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café résumé naïve façade — notice of dividend, March 31, 2025.", "utf-8"),
        ("Café résumé naïve façade, notice of dividend, March 31, 2025.", "latin-1"),
        ("Уведомление о выплате дивидендов — 12 рублей на акцию. " * 4, "cp1251"),
        (
            "第三者割当による新株式発行に関するお知らせ。払込期日は2013年8月5日です。"
            * 3,
            "shift_jis",
        ),
    ],
)
def test_other_encodings_are_not_taken_for_windows_1252(text: str, encoding: str):
    assert load_bytes("notice.txt", text.encode(encoding), LIMIT).text == text


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_an_aes_pdf_without_a_user_password_is_read(algorithm: str):
    data = encrypted_pdf(
        ["Payment date March 3, 2025"], password="", algorithm=algorithm
    )
    assert b"/Encrypt" in data
    assert "Payment date March 3, 2025" in load_bytes("n.pdf", data, LIMIT).text


def test_an_aes_pdf_notice_is_ingested_and_one_needing_a_password_is_skipped(
    tmp_path: Path, embedder
):
    from qa.api import FilingQA

    folder = tmp_path / "pdfs"
    folder.mkdir()
    lines = [
        "Harbor Robotics announces a cash dividend",
        "The dividend of $0.27 per share is payable on March 31, 2025.",
    ]
    (folder / "open.pdf").write_bytes(encrypted_pdf(lines, "", "AES-256"))
    (folder / "locked.pdf").write_bytes(encrypted_pdf(lines, "pw", "AES-256"))
    qa = FilingQA.open(store=tmp_path / "store", embedder=embedder)
    report = qa.ingest([folder])
    assert [Path(source).name for source in report.added] == ["open.pdf"]
    assert [(Path(s).name, r) for s, r in report.skipped] == [
        ("locked.pdf", "encrypted PDF (needs a password)")
    ]
    texts = {fact["text"] for fact in qa.facts("open")}
    assert "$0.27" in texts and "March 31, 2025" in texts
