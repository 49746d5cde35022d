"""Answers over a report's table: a list of one row's years, the year of its largest figure,
and, with nothing forced, a lookup, a change and a percentage change.

The real store, embedding model and table model set answer. For lists and comparisons the
question's reading is set and the decision told to state (the table set, fitted on 22
comparisons, seldom reads a question as one, and it declines lists), so that what is checked is
the grounding and the answer built from it."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.reader.experts import ModelSet
from qa.reader.question import Reading
from tests.conftest import IIJ_QUESTION, IIJ_VALUE, SAMPLES

REPORT = """\
# Annual report excerpt: segment revenue

| | 2019 | 2018 | 2017 |
|---|---|---|---|
| | $'000 | $'000 | $'000 |
| Sensors revenue | 914 | 918 | 814 |
| Displays revenue | 1,020 | 990 | 700 |
| Total revenue | 1,934 | 1,908 | 1,514 |

Revenue grew in 2019 as sales of displays rose. Depreciation and amortization expenses for
fiscal 2018 and 2019 were $0.8 million and $0.6 million, respectively.

Working capital consists of current assets less current liabilities.
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


class _Fixed:
    """A question reader that reads every question one way."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading

    def read(self, question: str, vector: np.ndarray) -> Reading:
        return self.reading


def _force(qa, monkeypatch, reading: Reading | None, passage_threshold: float) -> None:
    """Answer with the model sets the reader chooses for the notice, their decisions told to
    state, their passages' threshold set, and their reading fixed (when given): then the
    passage router follows the fixed answer type too, words to passages, figures not."""
    reader = qa._offline
    chosen = reader.experts

    def routed(passages):
        if reading is None:
            return passages
        in_words = max(reading.answer_types, key=reading.answer_types.get) == "text"
        return replace(
            passages,
            router=np.zeros_like(passages.router),
            router_bias=1.0 if in_words else -1.0,
        )

    def forced(doc_ids):
        return [
            ModelSet(
                models.folder,
                questions=_Fixed(reading) if reading else None,
                decider=replace(models.decider, threshold=0.0),
                passages=routed(replace(models.passages, threshold=passage_threshold)),
            )
            for models in chosen(doc_ids)
        ]

    monkeypatch.setattr(reader, "experts", forced)


def _ask(qa, monkeypatch, question: str, answer_type: str, operation: str):
    """Ask with the reading fixed and the decisions (of figures and of passages) told to state."""
    _force(qa, monkeypatch, Reading({answer_type: 1.0}, {operation: 1.0}), 0.0)
    return qa.ask(question)


def test_a_report_table_is_read_by_the_table_models(report_qa):
    reader = report_qa._offline
    (doc_id,) = report_qa.catalog.manifest
    assert reader.tables is not None and reader.experts([doc_id]) == [reader.tables]


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


def test_a_list_from_an_enumeration_in_prose(report_qa, monkeypatch):
    answer = _ask(
        report_qa,
        monkeypatch,
        "What were depreciation and amortization expenses for fiscal 2018 and 2019?",
        "money",
        "list",
    )
    assert answer.found and answer.value == ["$0.8 million", "$0.6 million"]
    assert answer.text.startswith("$0.8 million; $0.6 million. The notice states: ")
    assert answer.citations


def test_an_average_over_a_range_of_years_takes_the_row_s_cell_for_each(
    report_qa, monkeypatch
):
    answer = _ask(
        report_qa,
        monkeypatch,
        "What was the average Sensors revenue for 2017-2019?",
        "money",
        "average",
    )
    assert answer.found and answer.value == "882", answer.text
    (call,) = answer.tool_calls
    assert sorted(call.args.values()) == ["814", "914", "918"]


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


def test_a_question_in_words_is_answered_with_the_tail_of_a_sentence(
    report_qa, monkeypatch
):
    answer = _ask(
        report_qa,
        monkeypatch,
        "What does working capital consist of?",
        "text",
        "lookup",
    )
    assert answer.found and answer.value == "current assets less current liabilities"
    assert answer.unit == "text" and not answer.tool_calls
    assert answer.text.startswith(
        "current assets less current liabilities. The notice states: "
    )
    (citation,) = answer.citations
    assert (
        citation.quote
        == "Working capital consists of current assets less current liabilities."
    )


def test_a_question_asked_in_words_gets_no_figure_when_no_passage_is_sure_enough(
    report_qa, monkeypatch
):
    """The router sends it to passages; declined there, it is "not found", never a figure, even
    with the figures' decision told to state anything."""
    _force(report_qa, monkeypatch, None, passage_threshold=1.01)
    reader = report_qa._offline
    question = "What does working capital consist of?"
    (doc_id,) = report_qa.catalog.manifest
    passages = reader.experts([doc_id])[0].passages
    assert passages.asks_in_words(question, reader.semantic.vector(question))
    answer = report_qa.ask(question)
    assert not answer.found and answer.value is None
    assert "not found in the ingested notices" in answer.text


def test_the_bank_models_route_a_question_asked_in_words_away_from_the_figures(
    report_qa,
):
    """Fitted on the bank's passage cases, the bank set's router sends "how will the proceeds be
    used" to passages and leaves the payment date to the figures."""
    semantic = report_qa._offline.semantic
    router = ModelSet().passages
    words = "How will IIJ use the proceeds from the allotment?"
    assert router.asks_in_words(words, semantic.vector(words))
    assert not router.asks_in_words(IIJ_QUESTION, semantic.vector(IIJ_QUESTION))


@pytest.mark.parametrize(
    ("question", "value", "scale"),
    [
        ("What was the Sensors revenue in 2018?", "918", "thousand"),
        (
            "What was the change in Displays revenue from 2018 to 2019?",
            "30",
            "thousand",
        ),
        (
            "What is the percentage change in total revenue from 2018 to 2019?",
            "1.36%",
            "percent",
        ),
    ],
)
def test_the_table_models_answer_a_report_on_their_own(
    report_qa, question: str, value: str, scale: str
):
    """Nothing forced: the table set reads the question, grounds it and decides to state it."""
    answer = report_qa.ask(question)
    assert answer.found and (answer.value, answer.scale) == (value, scale), answer.text
    assert answer.citations


def test_in_a_store_of_both_genres_each_question_is_read_by_its_notice_s_models(
    tmp_path: Path, embedder
):
    """The report beside the bundled sample notices: a question about the report's table is read
    by the table set, one about the IIJ allotment by the bank's, and both are answered."""
    from qa.api import FilingQA

    report = tmp_path / "segments.md"
    report.write_text(REPORT, encoding="utf-8")
    qa = FilingQA.open(store=tmp_path / "store", embedder=embedder)
    assert qa.ingest([SAMPLES, report]).added
    reader = qa._offline
    chosen = []
    pick = reader.experts
    reader.experts = lambda doc_ids: chosen.extend(pick(doc_ids)) or pick(doc_ids)
    table = qa.ask("What was the Sensors revenue in 2018?")
    allotment = qa.ask(IIJ_QUESTION)
    assert chosen == [reader.tables, reader.models]
    assert table.found and table.value == "918"
    assert allotment.found and allotment.value == IIJ_VALUE


def test_the_years_a_row_holds(report_qa, monkeypatch):
    answer = _ask(
        report_qa,
        monkeypatch,
        "In which years was Sensors revenue reported?",
        "money",
        "periods_held",
    )
    assert answer.found and sorted(answer.value) == ["2017", "2018", "2019"]
    assert answer.scale is None
    assert answer.text.startswith(", ".join(answer.value) + ", computed as periods of ")
    assert answer.citations
