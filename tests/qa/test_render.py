import pytest

from qa.answer import Answer, Citation, ToolCall
from qa.render import counted, escape_markdown, to_json, to_markdown, to_text


def answer(**fields) -> Answer:
    defaults = {
        "question": "q",
        "text": "The Payment Date is Monday, August 5, 2013.",
        "citations": (
            Citation(
                "iij",
                "/n/iij.txt",
                "6. Payment Date\tMonday, August 5, 2013",
                "Notice",
                "IIJ Inc.",
                "2013-08-01",
            ),
        ),
        "tool_calls": (
            ToolCall(
                "total",
                {"count": "700,000"},
                "JPY2,245,600,000",
                "700,000 shares × JPY3,208 = JPY2,245,600,000",
            ),
        ),
    }
    return Answer(**{**defaults, **fields})


def test_markdown_has_sources_and_calculations():
    markdown = to_markdown(answer())
    assert (
        "**Sources**" in markdown
        and "IIJ Inc." in markdown
        and "2013\\-08\\-01" in markdown
    )
    assert (
        "**Calculations**" in markdown
        and "700,000 shares × JPY3,208 = JPY2,245,600,000" in markdown
    )
    assert markdown.endswith("_Answered by: offline_")


def test_markup_from_notices_and_questions_is_inert():
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3)) **bold**"
    markdown = to_markdown(
        answer(text=hostile, citations=(Citation("d", "s", hostile),))
    )
    assert "<script>" not in markdown and "<img" not in markdown
    assert (
        "&lt;script&gt;" in markdown
        and "\\[link\\]\\(javascript:alert\\(3\\)\\)" in markdown
    )
    assert "\\*\\*bold\\*\\*" in markdown
    assert escape_markdown("a_b*c") == "a\\_b\\*c"


def test_json_contract():
    data = to_json(answer())
    assert data["answer"] == "The Payment Date is Monday, August 5, 2013."
    assert (
        data["citations"][0]["doc_id"] == "iij"
        and data["citations"][0]["source"] == "/n/iij.txt"
    )
    assert data["tool_calls"][0] == {
        "name": "total",
        "args": {"count": "700,000"},
        "result": "JPY2,245,600,000",
        "formula": "700,000 shares × JPY3,208 = JPY2,245,600,000",
    }


def test_plain_text_has_the_same_parts_and_no_markdown():
    text = to_text(
        answer(
            text="1.52% (ownership factor) of Third-Party shares_held *now*",
            citations=(
                Citation(
                    "iij",
                    "/n/iij.txt",
                    "6. Payment Date\tMonday,\n  August 5, 2013",
                    "Third-Party Allotment",
                    "IIJ Inc.",
                    "2013-08-01",
                ),
            ),
        )
    )
    assert text == (
        "1.52% (ownership factor) of Third-Party shares_held *now*\n\n"
        "Sources\n"
        "1. Third-Party Allotment · IIJ Inc. · 2013-08-01 (iij)\n"
        "   > 6. Payment Date Monday, August 5, 2013\n\n"
        "Calculations\n"
        "- total: 700,000 shares × JPY3,208 = JPY2,245,600,000\n\n"
        "Answered by: offline"
    )
    assert "\\" not in text


def test_plain_text_drops_terminal_control_sequences_and_optional_parts():
    hostile = "Paid\x1b[2J\x1b]0;owned\x07 in full\r\nnext\tline\x9b"
    text = to_text(answer(text=hostile, citations=(), tool_calls=(), found=False))
    # whole sequences go, not only their ESC: no "[2J" or "]0;owned" is left as text
    assert text == "Paid in full\nnext\tline\n\nAnswered by: offline"
    assert "\x1b" not in text and "Sources" not in text and "Calculations" not in text


@pytest.mark.parametrize(
    ("count", "written"), [(0, "0 notices"), (1, "1 notice"), (2, "2 notices")]
)
def test_a_count_takes_its_noun_in_the_number_it_needs(count, written):
    assert counted(count, "notice") == written
