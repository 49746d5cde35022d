"""The notice viewer as HTML: a pure function of the stored text, its facts and the cited span.

Citations are only worth something if a reader can check them, so the viewer shows the notice as
stored (tables as tables), marks the cited passage, and lists the extracted facts beside it, each
a link to its own span. Everything from the notice is escaped here: the HTML is inert text plus
the few elements and classes this module writes.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ui.notice_blocks import Block, Span, blocks

HIT_ID = "fq-hit"  # the first piece of the highlighted passage; the page scrolls to it
QUOTE_CHARS = 160  # a fact's quote: this much of its context around it


def locate(text: str, quote: str, fallback: Span | None = None) -> Span | None:
    """Where ``quote`` stands in ``text``: exactly, else with any run of white space for its
    white space (quotes are often re-spaced), else ``fallback`` (the cited chunk's span)."""
    quote = quote.strip()
    if quote:
        at = text.find(quote)
        if at >= 0:
            return (at, at + len(quote))
        words = quote.split()
        pattern = r"\s+".join(re.escape(word) for word in words)
        found = re.search(pattern, text) if words else None
        if found:
            return found.span()
    if fallback and 0 <= fallback[0] < fallback[1] <= len(text):
        return fallback
    return None


def fact_spans(text: str, facts: Sequence[Mapping[str, Any]]) -> dict[int, Span]:
    """Fact index -> span, for facts whose span is inside the text and overlaps no earlier one
    (an anchor must be a single element)."""
    spans: dict[int, Span] = {}
    last_end = -1
    for index, fact in sorted(
        enumerate(facts), key=lambda item: int(item[1].get("start", 0) or 0)
    ):
        start, end = int(fact.get("start", -1) or 0), int(fact.get("end", -1) or 0)
        if 0 <= start < end <= len(text) and start >= last_end:
            spans[index] = (start, end)
            last_end = end
    return spans


def marked(
    text: str, piece: Span, hit: Span | None, facts: Mapping[int, Span], seen: set[str]
) -> str:
    """``text[piece]`` escaped, with the cited passage in ``<mark>`` and each fact in a span.

    ``seen`` collects the ids already written, so an element split by a block boundary or by
    the passage's edge keeps its id on its first part only.
    """
    cuts = {piece[0], piece[1]}
    ranges = [hit] if hit else []
    ranges += list(facts.values())
    for start, end in ranges:
        cuts.update(c for c in (start, end) if piece[0] < c < piece[1])
    points = sorted(cuts)
    out: list[str] = []
    for start, end in itertools.pairwise(points):
        chunk = html.escape(text[start:end], quote=False)
        for index, (f_start, f_end) in facts.items():
            if f_start <= start and end <= f_end:
                chunk = (
                    f'<span class="fq-span"{_id(f"fq-f{index}", seen)}>{chunk}</span>'
                )
                break
        if hit and hit[0] <= start and end <= hit[1]:
            chunk = f'<mark class="fq-hit"{_id(HIT_ID, seen)}>{chunk}</mark>'
        out.append(chunk)
    return "".join(out)


def _id(element_id: str, seen: set[str]) -> str:
    if element_id in seen:
        return ""
    seen.add(element_id)
    return f' id="{element_id}"'


def text_html(
    text: str, hit: Span | None = None, facts: Mapping[int, Span] | None = None
) -> str:
    """The notice body: headings, paragraphs (line breaks kept) and tables."""
    facts = facts or {}
    seen: set[str] = set()
    parts: list[str] = []
    for block in blocks(text):
        parts.append(_block_html(text, block, hit, facts, seen))
    return "\n".join(parts)


def _block_html(
    text: str, block: Block, hit: Span | None, facts: Mapping[int, Span], seen: set[str]
) -> str:
    if block.kind == "table":
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{marked(text, cell, hit, facts, seen)}</td>" for cell in row
            )
            + "</tr>"
            for row in block.rows
        )
        return f'<div class="fq-table"><table>{rows}</table></div>'
    lines = "<br>".join(marked(text, line, hit, facts, seen) for line in block.lines)
    tag = "h4" if block.kind == "heading" else "p"
    return f"<{tag}>{lines}</{tag}>"


def unique_facts(facts: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The facts without repeats of one label, value and span (the extractor can yield one fact
    twice from overlapping rules; a reader needs it once)."""
    seen: set[tuple] = set()
    result = []
    for fact in facts:
        key = tuple(str(fact.get(k)) for k in ("label", "kind", "text", "start", "end"))
        if key not in seen:
            seen.add(key)
            result.append(fact)
    return result


def fact_quote(fact: Mapping[str, Any]) -> str:
    """A short quote around the fact: its context clipped to about ``QUOTE_CHARS`` characters."""
    context = " ".join(str(fact.get("context") or "").split())
    value = str(fact.get("text") or "")
    if len(context) <= QUOTE_CHARS:
        return context
    at = max(context.find(value), 0)
    start = max(0, at - (QUOTE_CHARS - len(value)) // 2)
    clip = context[start : start + QUOTE_CHARS]
    return (
        ("…" if start else "")
        + clip
        + ("…" if start + QUOTE_CHARS < len(context) else "")
    )


def facts_html(facts: Sequence[Mapping[str, Any]], linked: Mapping[int, Span]) -> str:
    """The facts beside the text: label, value, kind and quote; each links to its span."""
    if not facts:
        return '<p class="fq-none">No figures or dates were extracted from this notice.</p>'
    items = []
    for index, fact in enumerate(facts):
        label = html.escape(str(fact.get("label") or fact.get("kind") or "fact"))
        value = html.escape(str(fact.get("text") or fact.get("value") or ""))
        kind = html.escape(str(fact.get("kind") or ""))
        quote = html.escape(fact_quote(fact))
        head = f'<span class="fq-label">{label}</span> <b>{value}</b> <small>{kind}</small>'
        if index in linked:
            head = f'<a class="fq-fact" href="#fq-f{index}">{head}</a>'
        items.append(f"<li>{head}<q>{quote}</q></li>")
    return f'<ol class="fq-facts-list">{"".join(items)}</ol>'


def notice_html(
    entry: Mapping[str, Any],
    text: str,
    facts: Sequence[Mapping[str, Any]],
    hit: Span | None = None,
) -> str:
    """The whole viewer: heading (title, issuer, date, id), text with the passage marked, facts.

    ``entry`` holds the notice's ``title``, ``issuer``, ``date`` and ``doc_id`` (as in
    ``ManifestEntry.to_json``).
    """
    facts = unique_facts(facts)
    linked = fact_spans(text, facts)
    about = " · ".join(
        html.escape(str(entry[key])) for key in ("issuer", "date") if entry.get(key)
    )
    cited = (
        '<p class="fq-cited">The cited passage is <mark>highlighted</mark>.</p>'
        if hit
        else ""
    )
    return (
        '<div class="fq-viewer">'
        f'<div class="fq-head"><h3>{html.escape(str(entry.get("title") or ""))}</h3>'
        f"<p>{about} <code>{html.escape(str(entry.get('doc_id') or ''))}</code></p>{cited}</div>"
        '<div class="fq-body">'
        f'<div class="fq-text" id="fq-text">{text_html(text, hit, linked)}</div>'
        f'<div class="fq-facts"><h4>Facts ({len(facts)})</h4>{facts_html(facts, linked)}</div>'
        "</div></div>"
    )


EMPTY = (
    '<div class="fq-viewer"><p>Open a notice from the <b>Notices</b> tab, or click a numbered '
    "citation such as [1] in an answer, to read it here.</p></div>"
)
