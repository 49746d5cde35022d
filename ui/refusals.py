"""Questions the UI declines before asking, with a reason a person can act on.

An empty question used to be ignored (the user saw nothing happen) and the browser cut a long one
at the limit without a word, so a pasted document was answered as if it were its first 2,000
characters. Both now get a plain sentence instead.
"""

from __future__ import annotations

from qa.reader.reader import MAX_QUESTION_CHARS

EMPTY = "Type a question first, for example: “What is IIJ's payment date?”"


def refusal(question: str | None, limit: int = MAX_QUESTION_CHARS) -> str | None:
    """Why ``question`` is not asked, or None when it can be."""
    text = (question or "").strip()
    if not text:
        return EMPTY
    if len(text) > limit:
        return (
            f"Your question is {len(text):,} characters long; the limit is {limit:,}. "
            "Shorten it to the question itself and ask again."
        )
    return None
