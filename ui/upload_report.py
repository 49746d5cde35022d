"""What happened to each uploaded file, in words a user knows (a pure function of the reports).

One line per file (added, replaced, unchanged, skipped and why), written as soon as that file
is done, with the files still waiting listed under it, so a long upload shows its progress file
by file and an oversize file gets the same kind of line as every other.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.records import IngestReport
from qa.render import counted, escape_markdown


def outcome(report: IngestReport) -> str:
    """One file's report as a phrase: "added", "replaced: ...", "unchanged: ...", "skipped: ..."."""
    if report.skipped:
        return f"skipped: {report.skipped[0][1]}"
    if report.replaced:
        return "replaced: the stored notice from this file changed and was updated"
    if report.unchanged:
        return "unchanged: already stored, nothing to do"
    if report.added:
        return "added: now searchable in the chat"
    return "skipped: nothing to read in this file"


def report_lines(
    done: Sequence[tuple[str, IngestReport]], waiting: Sequence[str] = ()
) -> str:
    """The upload report as Markdown: a line per finished file, then the files still waiting.

    File names come from users and reasons may quote them, so both are escaped.
    """
    if not done and not waiting:
        return "No file received."
    lines = [
        f"- **{escape_markdown(name)}**: {escape_markdown(outcome(report))}"
        for name, report in done
    ]
    if waiting:
        lines.append(f"- **{escape_markdown(waiting[0])}**: reading and indexing…")
        lines += [f"- {escape_markdown(name)}: waiting" for name in waiting[1:]]
    else:
        counts = {
            "added": sum(bool(r.added) for _, r in done),
            "replaced": sum(bool(r.replaced) for _, r in done),
            "unchanged": sum(bool(r.unchanged) for _, r in done),
            "skipped": sum(bool(r.skipped) for _, r in done),
        }
        summary = ", ".join(f"{n} {word}" for word, n in counts.items() if n)
        lines.insert(0, f"Done: {counted(len(done), 'file')} ({summary}).\n")
    return "\n".join(lines)
