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
# Above this share of bytes >= 0x80 a file is not Western text in Windows-1252.
_MOST_HIGH = 0.2


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes; a binary or undecodable file raises SkipFile with the reason."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    head = data[:_SNIFF_BYTES]
    utf16 = _utf16_without_bom(data, head)
    if utf16 is not None:
        return utf16
    controls = sum(byte in _CONTROL for byte in head)
    if b"\x00" in head or controls > len(head) // 100:
        raise SkipFile("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    windows = _windows_1252(data)
    if windows is not None:
        return windows
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


def _windows_1252(data: bytes) -> str | None:
    """Windows-1252 text, when the bytes can only sensibly be that; else None.

    Why before the detector: a short Western notice ("EUR 12.50" written with the euro sign,
    byte 0x80) fits several single-byte code pages, and the detector then guesses cp775 or
    Latin-1, which turn 0x80 into a control character. Bytes 0x80-0x9F are printable only in
    Windows-1252 (the euro sign, curly quotes, dashes), so valid cp1252 that uses them is cp1252.
    Text that is mostly non-ASCII is left to the detector: Shift_JIS, GBK and Cyrillic code
    pages are dense in high bytes, Western text in any of its code pages is not.
    """
    if not any(0x80 <= byte <= 0x9F for byte in data):
        return None
    high = sum(byte >= 0x80 for byte in data)
    if high > len(data) * _MOST_HIGH:
        return None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252
        return None


def _utf16_without_bom(data: bytes, head: bytes) -> str | None:
    """UTF-16LE/BE text saved without a BOM, recognised by its alternating NUL bytes; else None.

    Text in Latin script has a NUL as the high byte of nearly every character, so NULs crowd one
    byte position and are absent from the other. A binary file with that pattern by chance is
    caught afterwards: its decoded text must be as free of control characters as a text file.
    """
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_nuls = head[0 : pairs * 2 : 2].count(0)
    odd_nuls = head[1 : pairs * 2 : 2].count(0)
    if odd_nuls >= pairs * 0.3 and even_nuls <= pairs * 0.02:
        encoding = "utf-16-le"
    elif even_nuls >= pairs * 0.3 and odd_nuls <= pairs * 0.02:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    sample = text[:_SNIFF_BYTES]
    if sum(ord(char) in _CONTROL for char in sample) > len(sample) // 100:
        return None
    return text
