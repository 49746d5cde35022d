"""Read one notice file (.txt .md .html .htm .pdf) into text, refusing what cannot be read."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from ingest.decoding import decode_text
from ingest.errors import SkipFile
from ingest.files import read_regular, too_large
from ingest.html_text import html_to_text
from ingest.records import LoadedFile
from ingest.tables import keep_aligned_tables

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
# Archives often store releases without an extension; such a file is read as plain text if it is text.
_TEXT_SUFFIXES = ("", ".txt", ".md")


def read_file(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, its size limit enforced while it is read (see ``ingest.files``)."""
    return read_regular(path, max_bytes)


def load_bytes(source: str, data: bytes, max_bytes: int) -> LoadedFile:
    """Turn a file's bytes into text; ``source`` names it, and its suffix chooses the reader."""
    suffix = Path(source).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES and suffix not in _TEXT_SUFFIXES:
        raise SkipFile(
            f"unsupported file type ({suffix}); supported: {' '.join(SUPPORTED_SUFFIXES)}"
        )
    if len(data) > max_bytes:
        raise SkipFile(too_large(len(data), max_bytes))
    if not data.strip():
        raise SkipFile("empty file")
    title = None
    if suffix == ".pdf":
        text = _pdf_text(data)
    elif suffix in (".html", ".htm"):
        text, title = html_to_text(decode_text(data))
    else:
        text = decode_text(data)
    if not text.strip():
        raise SkipFile("no text in the file")
    return LoadedFile(source=source, text=text, format_title=title)


def _page_text(page) -> str:
    """A page's text; where it holds a table, the table's lines as laid out on the page.

    Plain extraction joins a row's cells with single spaces, losing empty cells; the laid-out
    text keeps the column gaps ``ingest.tables`` reads (see ``keep_aligned_tables``). A page whose
    layout cannot be read keeps its plain text.
    """
    plain = page.extract_text() or ""
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # noqa: BLE001 - layout is an improvement; plain text stands without it
        return plain
    return keep_aligned_tables(layout) or plain


def _pdf_text(data: bytes) -> str:
    """Text of every page; encrypted, corrupt and image-only PDFs raise SkipFile."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs each flaw of a damaged file as it reads it ("EOF marker not found"); with no
    # logging set up they reach the user's terminal among the progress bar, while the file's
    # fate is already told by the reason it is skipped with, or by its text.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SkipFile("encrypted PDF (needs a password)")
        pages = [_page_text(page) for page in reader.pages]
    except SkipFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise SkipFile(f"corrupt PDF: {error}") from error
    except (
        Exception
    ) as error:  # pypdf raises many kinds on damaged files; all mean the same here.
        raise SkipFile(f"corrupt PDF: {type(error).__name__}: {error}") from error
    text = "\n\n".join(pages)
    if not text.strip():
        raise SkipFile("PDF has no extractable text (a scanned image?)")
    return text
