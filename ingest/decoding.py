"""Bytes to text for plain-text formats: refuse binaries, detect odd encodings."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ingest.errors import SkipFile

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF_BYTES = 8192
# Control characters other than tab, newline, carriage return and form feed mark a binary file.
_CONTROL = set(range(9)) | {11} | set(range(14, 32))


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes; a binary or undecodable file raises SkipFile with the reason."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    head = data[:_SNIFF_BYTES]
    controls = sum(byte in _CONTROL for byte in head)
    if b"\x00" in head or controls > len(head) // 100:
        raise SkipFile("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise SkipFile("could not determine the text encoding")
    # Short Western text fits several single-byte code pages equally well; Windows-1252 is by far
    # the most common of them in filings, so it wins a tie.
    tied = (
        match
        for match in matches
        if match.chaos <= best.chaos and match.encoding == "cp1252"
    )
    return str(next(tied, best))
