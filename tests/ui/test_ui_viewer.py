"""The notice viewer and its links as pure functions: blocks, spans, HTML, markers, targets."""

from __future__ import annotations

import re

from qa.answer import Answer, Citation
from ui.messages import answer_messages, conversation
from ui.notice_blocks import blocks
from ui.targets import Target, cite_href, doc_href, parse
from ui.viewer import fact_spans, locate, notice_html, text_html, unique_facts

NOTICE = (
    "# Wren Orchard allotment\n\n"
    "Sapporo, March 3, 2025 - the Company <b>resolved</b> as below.\n\n"
    "4. Subscription Date\tWednesday, March 26, 2025\n"
    "5. Payment Date\tThursday, March 27, 2025\n\n"
    "Closing words."
)
ENTRY = {
    "doc_id": "wren_2025",
    "title": "Wren <Orchard>",
    "issuer": "Wren Inc.",
    "date": "2025-03-03",
}


def span_of(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return (start, start + len(piece))


def test_blocks_keep_offsets_and_make_tab_rows_a_table() -> None:
    kinds = [block.kind for block in blocks(NOTICE)]
    assert kinds == ["heading", "paragraph", "table", "paragraph"]
    table = blocks(NOTICE)[2]
    assert [[NOTICE[a:b] for a, b in row] for row in table.rows] == [
        ["4. Subscription Date", "Wednesday, March 26, 2025"],
        ["5. Payment Date", "Thursday, March 27, 2025"],
    ]
    (heading,) = blocks(NOTICE)[0].lines
    assert NOTICE[heading[0] : heading[1]] == "Wren Orchard allotment"


def test_locate_finds_a_re_spaced_quote_and_falls_back_to_the_chunk() -> None:
    assert locate(NOTICE, "5. Payment Date\tThursday, March 27, 2025") == span_of(
        NOTICE, "5. Payment Date\tThursday, March 27, 2025"
    )
    assert locate(NOTICE, "5. Payment  Date Thursday,\nMarch 27, 2025") == span_of(
        NOTICE, "5. Payment Date\tThursday, March 27, 2025"
    )
    assert locate(NOTICE, "not in the notice", fallback=(0, 5)) == (0, 5)
    assert locate(NOTICE, "not in the notice") is None


def test_the_cited_passage_is_marked_across_table_cells_with_one_id() -> None:
    hit = locate(NOTICE, "5. Payment Date\tThursday, March 27, 2025")
    body = text_html(NOTICE, hit)
    assert body.count('id="fq-hit"') == 1
    assert re.findall(r'<mark class="fq-hit"[^>]*>(.*?)</mark>', body) == [
        "5. Payment Date",
        "Thursday, March 27, 2025",
    ]
    assert "<td>" in body and "<table>" in body


def test_facts_link_to_their_spans_and_overlaps_are_listed_unlinked() -> None:
    date = span_of(NOTICE, "Thursday, March 27, 2025")
    facts = [
        {
            "label": "Payment Date",
            "kind": "date",
            "text": "Thursday, March 27, 2025",
            "start": date[0],
            "end": date[1],
            "context": "5. Payment Date Thursday, March 27, 2025",
        },
        {
            "label": "day",
            "kind": "date",
            "text": "March 27",
            "start": date[0] + 10,
            "end": date[0] + 18,
            "context": "",
        },
    ]
    assert fact_spans(NOTICE, facts) == {0: date}
    html = notice_html(ENTRY, NOTICE, facts)
    assert '<span class="fq-span" id="fq-f0">Thursday, March 27, 2025</span>' in html
    assert 'href="#fq-f0"' in html and 'href="#fq-f1"' not in html
    assert "Facts (2)" in html


def test_repeated_facts_are_listed_once() -> None:
    fact = {"label": "x", "kind": "shares", "text": "1", "start": 1, "end": 2}
    assert unique_facts([fact, dict(fact)]) == [fact]


def test_everything_from_the_notice_is_escaped() -> None:
    html = notice_html(ENTRY, NOTICE, [])
    assert "<b>resolved</b>" not in html and "&lt;b&gt;resolved&lt;/b&gt;" in html
    assert "Wren &lt;Orchard&gt;" in html
    assert "No figures or dates were extracted" in html


def test_targets_round_trip_and_reject_junk() -> None:
    assert parse(cite_href(2, 3)) == Target(turn=2, number=3)
    assert parse(doc_href("odd id/#?.txt")) == Target(doc_id="odd id/#?.txt")
    assert doc_href("a b") == "#filingqa-doc-a%20b"
    for junk in ("", "cite-1", "cite-a-1", "javascript:alert(1)", "doc-"):
        assert parse(junk) is None


def test_answers_carry_numbered_markers_that_open_their_citations() -> None:
    citation = Citation(
        "wren", "wren.txt", "5. Payment Date\tThursday, March 27, 2025", "Wren"
    )
    answer = Answer("q?", "March 27, 2025.", citations=(citation, citation))
    main, sources = answer_messages(answer, turn=4)
    assert main["content"].startswith(
        "March 27, 2025. [\\[1\\]](#filingqa-cite-4-1) [\\[2\\]](#filingqa-cite-4-2)"
    )
    assert "](#filingqa-cite-4-2)" in sources["content"]
    assert "#filingqa-cite-1-1" in conversation([answer, answer])[4]["content"]
    # Without a session to resolve them against, there are no links.
    assert "filingqa-cite" not in answer_messages(answer)[0]["content"]
