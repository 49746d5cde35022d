"""Token counts in bounded memory, however many texts and however long each is.

Why: a fast tokenizer's ``encode_batch`` keeps a full encoding (ids, offsets, masks...) of every
text it is given until it returns, about 400 bytes a token. Counting the spans of a 2 MB file of
a million tiny lines in one call took 1.97 GB; a 20 MB file would not fit. Here texts are counted
a slice at a time (at most ``_SLICE_CHARS`` characters a call), and a text longer than
``_PIECE_CHARS`` is counted in pieces cut at white space, which no WordPiece token crosses, so the
sum is the text's own count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

_SLICE_CHARS = 200_000  # characters encoded in one call
_PIECE_CHARS = 20_000  # a longer text is counted in pieces of about this size
_SPECIAL = 2  # [CLS] and [SEP]: in every count, once per text


def count_bounded(
    texts: list[str], encode_counts: Callable[[list[str]], list[int]]
) -> list[int]:
    """``encode_counts(texts)`` (tokens per text, special tokens included), in bounded memory."""
    counts: list[int] = []
    batch: list[str] = []
    size = 0
    for text in texts:
        if len(text) > _PIECE_CHARS:
            counts.extend(encode_counts(batch) if batch else [])
            batch, size = [], 0
            pieces = list(_pieces(text))
            total = sum(count_bounded(pieces, encode_counts))
            counts.append(total - _SPECIAL * (len(pieces) - 1))
            continue
        if batch and size + len(text) > _SLICE_CHARS:
            counts.extend(encode_counts(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        counts.extend(encode_counts(batch))
    return counts


def _pieces(text: str) -> Iterator[str]:
    """``text`` in pieces of about ``_PIECE_CHARS``, each cut just after white space when any.

    A run without white space that long (a pasted blob) is cut where it is: its count may then
    differ by a token or two, which no decision made on a text that size depends on.
    """
    start = 0
    while start < len(text):
        end = min(start + _PIECE_CHARS, len(text))
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            if cut > start:
                end = cut + 1
        yield text[start:end]
        start = end
