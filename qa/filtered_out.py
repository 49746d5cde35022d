"""A question about a notice the filters leave out is told so, not answered "not found".

With an issuer filter set, a question naming another issuer used to be searched in the allowed
notices only and came back "not found" (or named the name in changed case), as if the notice
were not stored. The filter, not the store, is why: the answer says which notice it leaves out,
calling it by the name as the question writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ingest.records import ManifestEntry
from qa.answer import Answer
from qa.retrieval.filters import Filters
from qa.retrieval.scope import NoticeNames, excluded_mentions, find_name


def excluded_answer(
    question: str,
    filters: Filters,
    manifest: dict[str, ManifestEntry],
    names: NoticeNames,
    allowed: set[str] | None,
    mode: str,
    allowed_texts: Callable[[], Sequence[str]] | None = None,
) -> Answer | None:
    """The answer saying the filters exclude the notices ``question`` names; None when they do
    not, or when the allowed notices write every such name themselves (``allowed_texts``, None
    when there are too many to read): "Advertising" names "Peel Advertising Limited", but a
    question restricted to another notice that states its advertising costs is about that one."""
    excluded = excluded_mentions(question, manifest, names, allowed)
    if excluded and allowed_texts is not None:
        texts = allowed_texts()
        excluded = {
            doc_id: written
            for doc_id, written in excluded.items()
            if not all(_writes(texts, name) for name in written)
        }
    if not excluded:
        return None
    # Each notice by the first name the question calls it, in the order the question names them.
    first = {d: min(written, key=question.find) for d, written in excluded.items()}
    order = sorted(excluded, key=lambda d: question.find(first[d]))
    names = list(dict.fromkeys(first[d] for d in order))
    notices = "; ".join(_described(manifest[doc_id]) for doc_id in order)
    which = "the notice" if len(excluded) == 1 else f"the {len(excluded)} notices"
    return Answer(
        question,
        f"The filter ({filters.describe()}) excludes {which} about {' and '.join(names)}: "
        f"{notices}. Clear the filter to ask about {'it' if len(excluded) == 1 else 'them'}.",
        mode=mode,
        found=False,
    )


def _writes(texts: Sequence[str], name: str) -> bool:
    """Whether any of ``texts`` writes ``name`` as a word of its own, in any case."""
    return any(find_name(name, text, re.IGNORECASE) for text in texts)


def _described(entry: ManifestEntry) -> str:
    """A notice by title, issuer and date, as the notices list shows it."""
    about = ", ".join(str(x) for x in (entry.issuer, entry.date) if x)
    return f"“{entry.title}” ({about})" if about else f"“{entry.title}”"
