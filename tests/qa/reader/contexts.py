"""A question's context over given candidates, with flat vectors and associations: for tests of
features, pairs and conflicts that must not depend on the embedding or a fitted model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qa.reader.candidates import Candidate
from qa.reader.features import NoticeWords, QuestionContext
from qa.reader.question import Reading


def flat_context(
    question: str,
    reading: Reading,
    candidates: Sequence[Candidate],
    notice_words: dict[str, NoticeWords] | None = None,
) -> QuestionContext:
    """Notices ranked in the order their candidates first appear."""
    doc_ids = dict.fromkeys(c.doc_id for c in candidates)
    return QuestionContext(
        question,
        reading,
        np.ones(4),
        candidates,
        np.ones((len(candidates), 4)),
        {doc_id: rank for rank, doc_id in enumerate(doc_ids)},
        np.zeros(len(candidates)),
        notice_words or {},
    )
