from pathlib import Path

import pytest

from ingest.errors import SkipFile
from ingest.loaders import load_bytes, read_file
from tests.pdfs import encrypted_pdf, text_pdf

LIMIT = 20_000_000


def test_pdf_text_is_extracted():
    loaded = load_bytes(
        "n.pdf", text_pdf(["6. Payment Date (in Japan) Monday, August 5, 2013"]), LIMIT
    )
    assert "Payment Date (in Japan) Monday, August 5, 2013" in loaded.text


def test_html_keeps_table_rows_as_tab_separated_rows_and_drops_scripts():
    html = (
        "<html><head><title>T</title><script>alert('x')</script></head><body><h1>Notice of Dividend</h1>"
        "<p>Tokyo, <b>August 1</b>, 2013 - text.</p>"
        "<table><tr><th>Record date</th><td>March 10, 2025</td></tr>"
        "<tr><td>Payment date</td><td>March 31, 2025</td></tr></table></body></html>"
    )
    loaded = load_bytes("n.html", html.encode(), LIMIT)
    assert loaded.format_title == "Notice of Dividend"
    assert "Record date\tMarch 10, 2025\nPayment date\tMarch 31, 2025" in loaded.text
    assert "alert" not in loaded.text
    assert "Tokyo, August 1, 2013 - text." in loaded.text


def test_odd_encodings_are_decoded():
    text = "Notice of dividend payable on March 31, 2025 to holders of record. Café résumé naïve façade."
    assert load_bytes("n.txt", text.encode("cp1252"), LIMIT).text == text
    assert load_bytes("n.txt", text.encode("utf-16"), LIMIT).text == text
    assert load_bytes("n.md", "\ufeffhello".encode(), LIMIT).text == "hello"
    japanese = (
        "第三者割当による新株式発行に関するお知らせ。払込期日は2013年8月5日です。" * 3
    )
    assert load_bytes("n.txt", japanese.encode("shift_jis"), LIMIT).text == japanese


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\n", "empty file"),
        ("image.txt", bytes(range(256)) * 40, "binary file"),
        ("notice.docx", b"PK\x03\x04 whatever", "unsupported file type (.docx)"),
        ("noext", bytes(range(256)), "binary file"),
        ("corrupt.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage", "corrupt PDF"),
        ("truncated.pdf", text_pdf(["hello"])[:120], "corrupt PDF"),
        ("locked.pdf", encrypted_pdf(["secret figures"]), "encrypted PDF"),
        ("image-only.pdf", text_pdf([]), "no extractable text"),
    ],
)
def test_bad_input_is_refused_with_a_clear_reason(name: str, data: bytes, reason: str):
    with pytest.raises(
        SkipFile,
        match=reason.replace("(", r"\(").replace(")", r"\)").replace(".", r"\."),
    ):
        load_bytes(name, data, LIMIT)


def test_a_file_without_extension_is_read_as_text():
    assert (
        load_bytes("archive/release-2024-0101", b"# Title\n\nBody", LIMIT).text
        == "# Title\n\nBody"
    )


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(50_000_000)
    with pytest.raises(SkipFile, match=r"file is 50\.0 MB, over the 20 MB limit"):
        read_file(huge, LIMIT)


def test_an_unreadable_path_is_a_skip_not_a_crash(tmp_path: Path):
    with pytest.raises(SkipFile, match="cannot read"):
        read_file(tmp_path / "missing.txt", LIMIT)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text_not_binary(encoding: str):
    text = "Notice of Dividend\r\nPayment date\tMarch 31, 2025 — café, résumé.\n" * 5
    data = text.encode(encoding)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert load_bytes("n.txt", data, LIMIT).text == text
    assert (
        load_bytes("n.txt", data + b"\n", LIMIT).text == text
    )  # a stray odd byte is dropped


@pytest.mark.parametrize(
    "data",
    [b"\x01\x00" * 500, bytes(range(256)) * 8, b"A\x00\x00\x00" * 100],
    ids=["controls-with-nuls", "all-bytes", "utf-32-like"],
)
def test_a_binary_with_nul_bytes_is_still_binary(data: bytes):
    with pytest.raises(SkipFile, match="binary file"):
        load_bytes("n.txt", data, LIMIT)
