"""The audit tab: a notice's checks as Markdown, one ✔ or ✘ per relation with the quotes it rests on."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

from qa.render import escape_markdown

log = logging.getLogger(__name__)

PROMPT = "Pick a notice to see, relation by relation, whether its figures add up."


class CheckLike(Protocol):
    """What the UI reads from ``FilingQA.audit``'s checks (kept structural so the view stays pure)."""

    ok: bool
    formula: str
    quotes: list[str]


def audit_markdown(title: str, checks: Sequence[CheckLike]) -> str:
    """The checks under the notice's title; quotes come from the notice, so all of it is escaped."""
    heading = f"### {escape_markdown(title)}"
    if not checks:
        return f"{heading}\n\nNothing to check: the notice states no relation between its figures."
    passed = sum(1 for check in checks if check.ok)
    lines = [heading, "", f"{passed} of {len(checks)} relations hold.", ""]
    for check in checks:
        mark = "✔" if check.ok else "✘"
        formula = escape_markdown(
            check.formula.rstrip(" ✔✘")
        )  # the mark leads the line instead
        relation = getattr(check, "relation", "")
        named = f"**{escape_markdown(relation)}**: " if relation else ""
        lines.append(f"- {mark} {named}{formula}")
        lines.extend(
            f"    - “{escape_markdown(' '.join(quote.split()))}”"
            for quote in check.quotes
        )
    return "\n".join(lines)


def audit_view(qa: Any, doc_id: str | None) -> str:
    """The audit tab's content for a picked notice; failures are shown so the tab stays usable."""
    if not doc_id:
        return PROMPT
    entry = next((e for e in qa.documents() if e.doc_id == doc_id), None)
    if entry is None:
        return "That notice is no longer stored."
    try:
        checks = qa.audit(doc_id)
    except Exception as error:
        log.exception("audit of %s failed", doc_id)
        return f"Could not audit this notice: {escape_markdown(str(error))}"
    return audit_markdown(entry.title, checks)
