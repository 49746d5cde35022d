"""Answer sentences: a figure stated as the filing writes it, under a name a reader recognises."""

from __future__ import annotations

from typing import Any

from ingest.records import ManifestEntry
from qa.fact_view import FactView


def lookup_sentence(
    view: FactView, facts: list[dict[str, Any]], entry: ManifestEntry | None
) -> str:
    fact = view.fact
    row = [
        f
        for f in facts
        if f["chunk_id"] == fact["chunk_id"] and f.get("context") == fact.get("context")
    ]
    companions = [
        _as_written(f)
        for f in row
        if f is not fact and f["kind"] != fact["kind"] and f["label"] == fact["label"]
    ]
    figure = fact["text"] + (f" ({', '.join(companions)})" if companions else "")
    return f"{describe(fact['label'])} is {figure}{attribution(entry)}."


def _as_written(fact: dict[str, Any]) -> str:
    """A figure beside the answer, with "per share" when that is what makes it one."""
    text = fact["text"]
    if fact["kind"] == "per_share" and "per" not in text.lower():
        return f"{text} per share"
    return text


def describe(label: str) -> str:
    label = label.strip().rstrip(":")
    if label.lower().startswith("use of proceeds:"):
        return f"The amount of the proceeds to {label.split(':', 1)[1].strip()}"
    return f"The {label}" if label[:1].islower() else label


def attribution(entry: ManifestEntry | None) -> str:
    if entry is None:
        return ""
    who = entry.issuer or entry.title
    when = (
        f" of {entry.date:%B} {entry.date.day}, {entry.date.year}" if entry.date else ""
    )
    return f" (according to {who}'s notice{when})"
