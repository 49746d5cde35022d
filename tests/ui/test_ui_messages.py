"""``ui.messages``, ``ui.audit`` and ``ui.notices`` as pure functions, on hand-built values."""

from __future__ import annotations

from datetime import date

import pytest
from markdown_it import MarkdownIt

from ingest.audit import Check
from ingest.records import IngestReport, ManifestEntry
from qa.answer import Answer, Citation, ToolCall
from qa.retrieval.filters import Filters
from ui.audit import audit_markdown
from ui.messages import (
    answer_messages,
    conversation,
    error_message,
    pending_message,
    user_message,
)
from ui.notices import (
    ALL,
    chat_notice_choices,
    filters_of,
    issuer_choices,
    report_markdown,
)

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](http://example.com/x.png)",
    "<details open><summary>x</summary></details>",
]

IIJ_CITATION = Citation(
    doc_id="iij",
    source="iij.txt",
    quote="6. Payment Date (in Japan)\tMonday, August 5, 2013",
    title="Notice of Determination of Number of New Shares",
    issuer="Internet Initiative Japan Inc.",
    date="2013-08-01",
)
DILUTION = ToolCall(
    name="dilution",
    args={"new": "700,000", "before": "45,997,800"},
    result="1.52%",
    formula="700,000 / 45,997,800 × 100 = 1.52%",
)


def html_of(markdown: str) -> str:
    """Markdown as a browser would get it, with raw HTML allowed (the worst case)."""
    return MarkdownIt("commonmark", {"html": True}).render(markdown)


def entry(
    doc_id: str, title: str, issuer: str | None, when: date | None, kind: str = "other"
) -> ManifestEntry:
    return ManifestEntry(
        doc_id, f"{doc_id}.txt", title, issuer, (), when, kind, 3, "c", "f"
    )


def test_answer_with_sources_and_calculations_is_three_messages() -> None:
    answer = Answer(
        "When is the payment date?",
        "Monday, August 5, 2013",
        citations=(IIJ_CITATION,),
        tool_calls=(DILUTION,),
        mode="offline",
    )
    main, sources, calculations = answer_messages(answer)
    assert main["role"] == "assistant"
    assert "August 5, 2013" in main["content"] and "offline" in main["content"]
    assert sources["metadata"] == {"title": "Sources (1)", "status": "done"}
    for part in (
        "Notice of Determination",
        "Internet Initiative Japan Inc.",
        "2013",
        "Payment Date",
    ):
        assert part in sources["content"]
    assert calculations["metadata"]["title"] == "Calculations (1)"
    assert "45,997,800 × 100 = 1.52%" in calculations["content"]


def test_answer_without_sources_is_one_message_naming_the_model() -> None:
    answer = Answer(
        "q", "not found in the ingested notices", mode="openai:gpt-x", found=False
    )
    messages = answer_messages(answer)
    assert len(messages) == 1
    assert "openai:gpt" in messages[0]["content"]
    assert "metadata" not in messages[0]


def test_conversation_pairs_each_question_with_its_answer() -> None:
    first = Answer("first?", "one", citations=(IIJ_CITATION,))
    second = Answer("second?", "two")
    messages = conversation([first, second])
    assert [m["role"] for m in messages] == [
        "user",
        "assistant",
        "assistant",
        "user",
        "assistant",
    ]
    assert messages[0]["content"].startswith("first")
    assert messages[3]["content"].startswith("second")
    assert conversation([]) == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_renders_inert_everywhere(hostile: str) -> None:
    """A question, an answer, a quote, a title, a formula or an error: all of it stays text."""
    citation = Citation(
        "d", "s", quote=f"quoted {hostile}", title=hostile, issuer=hostile, date=hostile
    )
    call = ToolCall("sum", {}, hostile, formula=hostile)
    answer = Answer(
        hostile,
        f"text {hostile}",
        citations=(citation,),
        tool_calls=(call,),
        mode=hostile,
    )
    shown = [
        user_message(hostile),
        *answer_messages(answer),
        pending_message(hostile),
        error_message(RuntimeError(hostile)),
    ]
    for message in shown:
        rendered = html_of(message["content"])
        for tag in ("<script", "<img", "<a ", "<details", "<summary"):
            assert tag not in rendered, (hostile, message["content"], rendered)


def test_pending_message_shows_streamed_text_with_an_ellipsis() -> None:
    assert pending_message("Monday, August")["content"].startswith("Monday, August")
    assert pending_message("")["content"].endswith("…")


def test_audit_marks_each_relation_once_and_escapes_quotes() -> None:
    checks = [
        Check(
            True,
            "700,000 × JPY3,208 = JPY2,245,600,000 ✔",
            ["2. Total Amount to be Paid\tJPY2,245,600,000"],
            "count × unit price = total",
        ),
        Check(
            False,
            "45,997,800 + 700,000 = 46,697,801 ✘",
            ['<img src=x onerror="alert(1)">'],
            "before + increase = after",
        ),
    ]
    markdown = audit_markdown("IIJ <notice>", checks)
    assert "1 of 2 relations hold" in markdown
    assert (
        "✔ **count × unit price = total**: 700,000 × JPY3,208 = JPY2,245,600,000\n"
        in markdown
    )
    assert markdown.count("✔") == 1 and markdown.count("✘") == 1
    assert "JPY2,245,600,000”" in markdown
    assert "<img" not in html_of(markdown) and "<notice>" not in html_of(markdown)


def test_audit_of_a_notice_without_relations_says_so() -> None:
    assert "Nothing to check" in audit_markdown("A notice", [])


def test_issuer_choices_start_with_all_and_list_each_issuer_once() -> None:
    entries = [
        entry("a", "A", "Zeta", None),
        entry("b", "B", "alpha", None),
        entry("c", "C", "Zeta", None),
    ]
    assert issuer_choices(entries) == [
        ("All issuers", ALL),
        ("alpha", "alpha"),
        ("Zeta", "Zeta"),
    ]


def test_filters_from_dropdowns() -> None:
    assert filters_of(ALL, ALL) is None
    assert filters_of(None, None) is None
    assert filters_of("Internet Initiative Japan Inc.", ALL) == Filters(
        issuer="Internet Initiative Japan Inc."
    )
    assert filters_of(ALL, "dividend") == Filters(type="dividend")
    assert filters_of(ALL, ALL, ALL) is None
    assert filters_of(ALL, ALL, "iij") == Filters(doc_ids=("iij",))


def test_chat_notice_choices_offer_all_then_each_notice_by_title() -> None:
    entries = [entry("b", "Beta notice", None, None), entry("a", "alpha", "Z", None)]
    assert chat_notice_choices(entries) == [
        ("All notices", ALL),
        ("alpha (a)", "a"),
        ("Beta notice (b)", "b"),
    ]


def test_upload_report_names_each_skip_and_escapes_file_names() -> None:
    report = IngestReport(
        added=["a.txt"],
        skipped=[("<img src=x onerror=1>.exe", "unsupported file type (.exe)")],
    )
    markdown = report_markdown(report)
    assert "added 1" in markdown and "skipped 1" in markdown
    assert "unsupported file type" in markdown
    assert "<img" not in html_of(markdown)
    assert report_markdown(IngestReport()) == "No file received."


def test_banner_names_the_configured_model_or_offline() -> None:
    from types import SimpleNamespace

    from ui.app import mode_markdown

    offline = SimpleNamespace(mode="offline", settings=SimpleNamespace(llm=None))
    model = SimpleNamespace(
        mode="ollama:qwen3_8b", settings=SimpleNamespace(llm="ollama:qwen3_8b")
    )
    assert "**offline**" in mode_markdown(offline)
    assert "ollama:qwen3\\_8b" in mode_markdown(model)


def test_pending_message_shows_the_tool_steps_above_the_text() -> None:
    steps = [ToolCall("search_notices", {}, ""), DILUTION]
    content = pending_message("The dilution", steps)["content"]
    assert content == f"_Steps: search\\_notices → {DILUTION.name}_\n\nThe dilution …"
