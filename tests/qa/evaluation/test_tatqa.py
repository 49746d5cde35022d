"""TAT-QA dev questions as bank cases: real questions annotated as the guide writes a case, each
operand written in its excerpt's notice, and the split by excerpt, fixed."""

import json
from collections import defaultdict

import pytest

from ingest.normalize import normalize
from qa.evaluation import tatqa
from qa.evaluation.bank import lay_out
from qa.evaluation.tatqa_cases import convert, load_tatqa_cases, written_cases
from qa.reader.candidates import find_candidates
from qa.reader.programs import run
from qa.reader.train import occurrences

pytestmark = pytest.mark.skipif(
    not tatqa.DEV.is_file(), reason="TAT-QA dev set not present"
)


@pytest.fixture(scope="module")
def converted():
    return convert()


@pytest.fixture(scope="module")
def by_id(converted):
    return {case.id: case for case in converted.cases}


def _operands(case):
    return [operand["text"] for operand in case.operands]


def test_a_table_cell_is_a_lookup_of_the_cell(by_id):
    """'What is the amount of total sales in 2019?' over the first excerpt's table."""
    case = by_id["tatqa-4960801d-277d-4f79-8eca-c4d0200fa9d6"]
    assert (case.operation, case.answer_type, case.expected) == (
        "lookup",
        "money",
        "$1,496.5",
    )
    assert _operands(case) == ["$1,496.5"]
    assert case.file == "tatqa-0001-3ffd9053.md" and case.own_notice


def test_a_change_is_a_difference_in_the_derivation_order(by_id):
    """'44.1-56.7': the signed answer stays as TAT-QA states it."""
    case = by_id["tatqa-eb787966-fa02-401f-bfaf-ccabf3828b23"]
    assert (case.operation, case.expected) == ("difference", "-12.6")
    assert _operands(case) == ["44.1", "56.7"]


def test_in_which_year_is_the_period_of_the_largest_or_smallest_figure(by_id):
    """'1,496.5>1,202.9>1,107.7' answered '2019', and '56<63<66' (the lowest service cost) too."""
    largest = by_id["tatqa-f4142349-eb72-49eb-9a76-f3ccb1010cbc"]
    lowest = by_id["tatqa-823e5a6b-39c1-48ff-aa63-9e103eda8509"]
    assert [(c.operation, c.expected, c.kind) for c in (largest, lowest)] == [
        ("period_of_largest", "2019", "comparison"),
        ("period_of_smallest", "2019", "comparison"),
    ]
    assert _operands(largest) == ["$1,496.5", "$1,202.9", "$1,107.7"]


def test_a_list_of_years_is_the_periods_of_the_row_the_question_names(by_id):
    """'In which years were Deferred charges and other assets calculated?': that row's cells."""
    case = by_id["tatqa-3007a32b-3699-4740-8412-586462354361"]
    assert (case.operation, case.expected) == ("periods_held", ["2019", "2018"])
    assert _operands(case) == ["6,774", "5,797"]


def test_a_percentage_change_starts_from_its_base(by_id):
    """'(44.1-56.7)/56.7': old 56.7, new 44.1; a percentage is written without sign."""
    case = by_id["tatqa-05b670d3-5b19-438c-873f-9bf6de29c69e"]
    assert (case.operation, case.answer_type, case.expected) == (
        "percent_change",
        "percent",
        "22.22%",
    )
    assert _operands(case) == ["56.7", "44.1"]


def test_a_multi_span_answer_is_a_list_of_cells(by_id):
    case = by_id["tatqa-c3993366-da98-42f2-a5b2-3de28c4d0e10"]
    assert (case.operation, case.expected) == ("list", ["73,260", "57,768"])
    assert _operands(case) == ["73,260", "57,768"]


def test_an_average_of_two_years_and_a_sum_in_the_scale_the_text_writes(by_id):
    average = by_id["tatqa-a0414f81-8dc2-44b2-a441-2c9d9c805c4d"]
    assert (average.operation, average.expected) == ("average", "172")
    assert _operands(average) == ["166", "178"]
    total = by_id["tatqa-b3fbeb07-4352-47db-b329-a627bc17e1e1"]
    assert (total.operation, total.expected) == ("sum", "24 billion")
    assert _operands(total) == ["$10.0 billion", "$14.0 billion"]


def test_an_answer_of_free_text_is_a_text_case_with_no_operand(by_id):
    """No candidate can state it: as a case it teaches the reader to read such a question as
    asking for text, and the decision that a figure stated for it is wrong."""
    case = by_id["tatqa-682e2b7e-2b40-4849-8671-2b85dd3c7f10"]
    assert case.question == "How is the discount rate for domestic plans determined?"
    assert (case.operation, case.answer_type, case.kind) == (
        "lookup",
        "text",
        "free_text",
    )
    assert case.expected.startswith(
        "By comparison against the FTSE pension liability index"
    )
    assert case.operands == ()


def test_every_operand_is_written_where_it_says(converted):
    """In its notice, or in the question for an operand "from" the question (a threshold)."""
    texts = {name: normalize(text) for name, text in tatqa.notices().items()}
    missing = [
        (case.id, operand["text"])
        for case in converted.cases
        for operand in case.operands
        if not occurrences(
            normalize(operand["text"]),
            normalize(case.question)
            if operand["from"] == "question"
            else texts[case.file],
        )
    ]
    assert not missing


def test_a_count_of_years_beyond_a_number_is_a_threshold_over_a_row(converted):
    """ "How many years did X exceed $N thousand?" (derived as the years it lists): the row's
    cells and the question's number, whose program counts the derivation's years."""
    counts = [c for c in converted.cases if c.operation == "count_above"]
    assert len(counts) >= 10
    case = next(
        c for c in counts if c.question.startswith("How many years did net income")
    )
    assert case.question == "How many years did net income exceed $30,000 thousand?"
    assert (case.expected, case.kind) == ("1", "count")
    assert case.operands[-1] == {"text": "$30,000 thousand", "from": "question"}
    assert [o["text"] for o in case.operands[:-1]] == ["$53,330", "$21,524", "$29,251"]


def test_years_below_a_number_are_a_threshold_over_a_row(converted):
    case = next(
        c
        for c in converted.cases
        if c.question == "In which year was net income less than 100.0 million?"
    )
    assert (case.operation, case.expected, case.kind) == (
        "periods_below",
        "2018",
        "comparison",
    )
    assert case.operands[-1] == {"text": "100.0 million", "from": "question"}


def test_a_number_far_from_the_row_is_no_threshold(converted):
    """ "options outstanding at 31 March": the 31 of a date would select both years of a row of
    hundreds of thousands, as the answer lists them, but it is no threshold of that row."""
    assert not any(
        c.operation.startswith(("periods_", "count_"))
        and c.operands[-1]["text"] == "31"
        for c in converted.cases
    )


def test_written_cases_are_read_from_their_train_notice(converted):
    """The cases written here (the year of the smallest figure, and how many years a figure is
    below a number, which no train question asks): each on a train excerpt, asked within it, and
    its program over its operands, as the notice or the question writes them, gives its
    expected value."""
    written = written_cases()
    operations = {c.operation for c in written}
    assert operations == {"period_of_smallest", "count_below"}
    assert len(load_tatqa_cases()) == len(converted.cases) + len(written)
    texts = {name: normalize(text) for name, text in tatqa.notices().items()}
    for case in written:
        assert case.split == "train" and case.own_notice
        cells = [c for c in find_candidates(texts[case.file]) if c.header]
        asked = find_candidates(case.question, source="question")
        operands = [
            next(
                c
                for c in (asked if o["from"] == "question" else cells)
                if c.text == o["text"]
            )
            for o in case.operands
        ]
        assert run(case.operation, operands).value == case.expected, case.id


def test_a_written_case_on_a_held_out_excerpt_is_refused(tmp_path):
    held_out = next(
        tatqa.notice_name(number, excerpt)
        for number, excerpt in tatqa.numbered()
        if tatqa.split_of(excerpt) == "heldout"
    )
    case = {
        "id": "tw-x", "file": held_out, "split": "train", "question": "q?",
        "expected": "2019", "kind": "comparison", "answer_type": "number",
        "operation": "period_of_smallest", "operands": [], "policy": None,
        "rewordings": [], "own_notice": True,
    }  # fmt: skip
    (tmp_path / "cases-x.jsonl").write_text(json.dumps(case) + "\n")
    with pytest.raises(ValueError, match="not a train excerpt"):
        written_cases(folder=tmp_path)


def test_what_is_left_out_is_counted_by_reason(converted):
    questions = sum(len(e["questions"]) for _, e in tatqa.numbered())
    assert len(converted.cases) + sum(converted.skipped.values()) == questions
    assert len(converted.cases) >= 0.6 * questions
    reasons = {reason for _, reason in converted.skipped}
    assert "count of other things than years: no program counts them" in reasons


def test_the_split_is_by_excerpt_fixed_and_about_seventy_thirty(converted):
    excerpts = tatqa.numbered()
    splits = [tatqa.split_of(excerpt) for _, excerpt in excerpts]
    assert splits == [tatqa.split_of(excerpt) for _, excerpt in tatqa.numbered()]
    assert (
        tatqa.split_of(excerpts[0][1]) == "heldout"
    )  # fixed: a hash of the table's uid
    assert 0.6 <= splits.count("train") / len(splits) <= 0.8
    of_file = defaultdict(set)
    for case in converted.cases:
        of_file[case.file].add(case.split)
    assert all(len(splits) == 1 for splits in of_file.values())
    names = {tatqa.notice_name(n, e): tatqa.split_of(e) for n, e in excerpts}
    assert all(case.split == names[case.file] for case in converted.cases)


def test_the_table_layout_writes_only_the_train_excerpts(tmp_path):
    counts = lay_out(tmp_path / "out", bank=None, tatqa_file=tatqa.DEV)
    written = {p.name for p in (tmp_path / "out" / "notices").iterdir()}
    assert written == set(tatqa.notices(split="train"))
    assert counts["tatqa_notices"] == len(written) and counts["train"] == 0


def test_the_bank_layout_leaves_tatqa_out_unless_asked(tmp_path):
    empty_bank = tmp_path / "bank"
    empty_bank.mkdir()
    counts = lay_out(tmp_path / "out", bank=empty_bank)
    assert not any((tmp_path / "out" / "notices").iterdir())
    assert counts["tatqa_notices"] == 0
