"""Answers over a report's table: a list of one row's years, and the year of its largest figure.

The real store, embedding model, ranker and pair scorer answer; the question's reading is set
(a bank-only fit seldom reads a question as a list or a comparison) and the decision told to
state, so that what is checked is the grounding and the answer built from it."""

import pytest

from qa.reader.decide import Decider
from qa.reader.question import Reading

REPORT = """\
# Annual report excerpt: segment revenue

| | 2019 | 2018 | 2017 |
|---|---|---|---|
| | $'000 | $'000 | $'000 |
| Sensors revenue | 914 | 918 | 814 |
| Displays revenue | 1,020 | 990 | 700 |
| Total revenue | 1,934 | 1,908 | 1,514 |

Revenue grew in 2019 as sales of displays rose.
"""


@pytest.fixture(scope="module")
def report_qa(tmp_path_factory: pytest.TempPathFactory, embedder):
    from qa.api import FilingQA

    folder = tmp_path_factory.mktemp("report")
    (folder / "notices").mkdir()
    (folder / "notices" / "segments.md").write_text(REPORT, encoding="utf-8")
    qa = FilingQA.open(store=folder / "store", embedder=embedder)
    assert qa.ingest([folder / "notices"]).added
    return qa


def _ask(qa, monkeypatch, question: str, answer_type: str, operation: str):
    reader = qa._offline
    vector = reader.semantic.vector(question)
    reading = Reading({answer_type: 1.0}, {operation: 1.0})
    monkeypatch.setattr(reader, "read", lambda q: (reading, vector))
    always = Decider(reader.decider.weights, reader.decider.bias, 0.0)
    monkeypatch.setattr(reader, "_decider", always)
    return qa.ask(question)


def test_a_list_of_one_row_at_the_years_asked_in_their_order(report_qa, monkeypatch):
    answer = _ask(
        report_qa,
        monkeypatch,
        "What was Displays revenue in 2017 and 2019 respectively?",
        "money",
        "list",
    )
    assert answer.found and answer.value == ["700", "1,020"]
    assert (answer.unit, answer.scale) == ("money", "thousand")
    assert answer.text.startswith("700 (2017 $'000); 1,020 (2019 $'000).")
    assert answer.citations


def test_the_year_of_the_largest_figure_of_a_row(report_qa, monkeypatch):
    answer = _ask(
        report_qa,
        monkeypatch,
        "In which year was Sensors revenue the largest?",
        "money",
        "period_of_largest",
    )
    assert answer.found and answer.value == "2018"
    assert answer.scale is None  # a year has no scale
    (call,) = answer.tool_calls
    assert call.name == "period_of_largest"
    assert sorted(
        call.formula.split(": ")[0].removeprefix("largest of ").split(", ")
    ) == [
        "814 (2017)",
        "914 (2019)",
        "918 (2018)",
    ]  # the whole row, in whichever order its pair was grounded
    assert answer.citations
