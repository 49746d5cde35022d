"""A notice's audit as Markdown: one ✔ or ✘ per relation between its figures, with the quotes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from qa.render import escape_markdown


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
