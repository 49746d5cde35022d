"""Build small real PDFs for loader tests (no PDF-writing dependency needed)."""

from __future__ import annotations

import io


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines``, with a correct cross-reference table."""
    return _page_pdf(
        "BT /F1 11 Tf 14 TL 40 780 Td "
        + " ".join(f"({_escaped(line)}) '" for line in lines)
        + " ET"
    )


def positioned_pdf(rows: list[list[tuple[int, str]]]) -> bytes:
    """A one-page PDF drawing each row's texts at their x positions, as a table is typeset."""
    shows = [
        f"1 0 0 1 {x} {780 - 14 * number} Tm ({_escaped(text)}) Tj"
        for number, row in enumerate(rows)
        for x, text in row
    ]
    return _page_pdf("BT /F1 11 Tf " + " ".join(shows) + " ET")


def _page_pdf(stream: str) -> bytes:
    """A one-page PDF with ``stream`` as its content, with a correct cross-reference table."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def encrypted_pdf(
    lines: list[str], password: str = "secret", algorithm: str = "RC4-128"
) -> bytes:
    """The same PDF encrypted with a user password (empty: opens without one) and ``algorithm``."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf(lines))).pages:
        writer.add_page(page)
    writer.encrypt(password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
