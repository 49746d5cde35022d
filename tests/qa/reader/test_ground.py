"""Grounding a program's operands: the pair the pair scorer rates best, and what extends it."""

import numpy as np

from ingest.normalize import normalize
from qa.reader.candidates import find_candidates
from qa.reader.ground import candidate_pairs, listed, lookup, named_years, operands
from qa.reader.pairs import PairScorer
from qa.reader.programs import AMOUNT_KINDS, run
from qa.reader.question import Reading
from tests.qa.reader.contexts import flat_context

TABLE = normalize(
    "# Segment results\n\n"
    "| | 2019 | 2018 | 2017 |\n|---|---|---|---|\n"
    "| Sensors | 914 | 918 | 814 |\n| Displays | 1,020 | 990 | 700 |\n"
)


def test_a_comparison_of_periods_reads_the_whole_row_of_its_best_pair():
    """'In which year was the amount for Sensors the largest?': the pair ranked best is two of
    the row's three years; the third joins it, and no other row's figure does."""
    question = "In which year was the amount for Sensors the largest?"
    cells = [c for c in find_candidates(TABLE, doc_id="t") if c.header]
    ctx = flat_context(
        question, Reading({"number": 1.0}, {"period_of_largest": 1.0}), cells
    )
    scores = np.array(
        [{"914": 3.0, "814": 2.5}.get(c.text, 0.0) for c in cells], dtype=np.float32
    )
    grounding = operands(ctx, scores, "period_of_largest", PairScorer.untaught())
    assert sorted(c.text for c in grounding.operands) == ["814", "914", "918"]
    assert {c.label for c in grounding.operands} == {"Sensors"}


def _compared(table: str, question: str, best: dict[str, float]):
    text = normalize(f"# Balance sheet\n\n{table}")
    cells = [c for c in find_candidates(text, doc_id="t") if c.header]
    ctx = flat_context(
        question, Reading({"number": 1.0}, {"period_of_largest": 1.0}), cells
    )
    scores = np.array([best.get(c.text, 0.0) for c in cells], dtype=np.float32)
    return operands(ctx, scores, "period_of_largest", PairScorer.untaught()).operands


def test_a_comparison_of_periods_takes_one_cell_for_each_year_and_no_column_without_one():
    """A "Note" column under the first year (spread over it as a spanning caption is) and a
    "Change" column under no year sit in the row beside the years: neither joins the pair, so
    the comparison has one figure for each year instead of failing on two for one year."""
    noted = _compared(
        "|  |  | 2019 | 2018 |\n|---|---|---|---|\n|  | Note | £m | £m |\n"
        "| Investments | 3 | 1,216.0 | 1,212.9 |\n",
        "In which year was the amount of Investments higher?",
        {"1,216.0": 3.0, "1,212.9": 2.5},
    )
    assert sorted(c.text for c in noted) == ["1,212.9", "1,216.0"]
    assert run("period_of_largest", list(noted)).value == "2019"
    changed = _compared(
        "|  | 2019 | 2018 | Change |\n|---|---|---|---|\n| EBITDA | 7,202 | 10,878 | 206 |\n",
        "In which year is the EBITDA higher?",
        {"7,202": 3.0, "10,878": 2.5},
    )
    assert sorted(c.text for c in changed) == ["10,878", "7,202"]
    assert run("period_of_largest", list(changed)).value == "2018"


def test_a_comparison_of_rows_reads_the_whole_column_of_its_best_pair_less_its_total():
    """'Which segment had the largest remaining charges?': the best pair is two cells of one
    column; the column's other rows join it, but not the total row, the sum of the others."""
    table = normalize(
        "| Segment | Remaining charges |\n|---|---|\n| Transportation | 16 |\n"
        "| Industrial | 14 |\n| Communications | 5 |\n| Total | 35 |\n"
    )
    cells = [c for c in find_candidates(table, doc_id="t") if c.header]
    question = "Which segment had the largest remaining charges?"
    ctx = flat_context(
        question, Reading({"number": 1.0}, {"period_of_largest": 1.0}), cells
    )
    scores = np.array(
        [{"14": 3.0, "35": 2.9, "5": 2.5}.get(c.text, 0.0) for c in cells],
        dtype=np.float32,
    )
    grounding = operands(ctx, scores, "period_of_largest", PairScorer.untaught())
    assert sorted(c.text for c in grounding.operands) == ["14", "16", "5"]
    assert run("period_of_largest", list(grounding.operands)).value == "Transportation"


def test_a_threshold_pairs_a_row_with_the_question_s_number_and_reads_the_row():
    """'How many years did Sensors exceed 900?': the question's 900 fills the second slot even
    where a cell outranks it, and the rest of the best cell's row joins the pair."""
    question = "How many years did Sensors exceed 900?"
    cells = [c for c in find_candidates(TABLE, doc_id="t") if c.header]
    asked = find_candidates(question, source="question")
    ctx = flat_context(
        question, Reading({"count": 1.0}, {"count_above": 1.0}), cells + asked
    )
    scores = np.array(
        [
            {"914": 3.0, "1,020": 2.8, "900": 1.0}.get(c.text, 0.0)
            for c in ctx.candidates
        ],
        dtype=np.float32,
    )
    grounding = operands(ctx, scores, "count_above", PairScorer.untaught())
    assert [c.text for c in grounding.operands[:2]] == ["914", "900"]
    assert grounding.operands[1].source == "question"
    assert sorted(c.text for c in grounding.operands[2:]) == ["814", "918"]
    assert run("count_above", list(grounding.operands)).value == "2"


def test_a_figure_written_twice_is_not_paired_with_itself():
    """'What percent of the $400 million placement is the $50 million LOI?': the placement
    written again as "$400 Million" is the same value, so no pair sets it against itself (a
    100% answer); the LOI joins it."""
    text = (
        "The company closed a $400 million placement. The $400 Million placement includes a "
        "$50 million letter of intent."
    )
    found = find_candidates(text, doc_id="n")
    question = "What percent of the $400 million placement is the LOI?"
    ctx = flat_context(
        question, Reading({"percentage": 1.0}, {"percent_of": 1.0}), found
    )
    scores = np.array(
        [{"$400 million": 3.0, "$400 Million": 2.9}.get(c.text, 1.0) for c in found],
        np.float32,
    )
    pairs = candidate_pairs(ctx, scores, "percent_of")
    assert {ctx.candidates[i].text for pair in pairs for i in pair} >= {"$50 million"}
    assert all(
        {ctx.candidates[i].text, ctx.candidates[j].text}
        != {"$400 million", "$400 Million"}
        for i, j in pairs
    )
    grounding = operands(ctx, scores, "percent_of", PairScorer.untaught())
    assert run("percent_of", list(grounding.operands)).value == "12.50%"


def _row_context(question: str, best: str):
    cells = [c for c in find_candidates(TABLE, doc_id="t") if c.header]
    ctx = flat_context(question, Reading({"number": 1.0}, {"list": 1.0}), cells)
    scores = np.array([3.0 if c.text == best else 0.0 for c in cells], np.float32)
    return ctx, scores


def test_a_list_is_the_best_cell_s_row_for_each_year_named_in_the_question_s_order():
    ctx, scores = _row_context(
        "What were the Displays amounts in 2017 and 2019 respectively?", "990"
    )
    assert [c.text for c in listed(ctx, scores).operands] == ["700", "1,020"]


def test_a_list_without_two_years_or_without_the_year_in_the_row_is_the_best_cell():
    ctx, scores = _row_context("What were the Displays amounts?", "990")
    assert [c.text for c in listed(ctx, scores).operands] == ["990"]
    ctx, scores = _row_context("What were Displays in 2016 and 2019?", "990")
    assert [c.text for c in listed(ctx, scores).operands] == ["990"]


PRICES = normalize(
    "# Stock prices\n\n| 2019 | High | Low |\n|---|---|---|\n"
    "| Third Quarter | $14.96 | $10.26 |\n| Fourth Quarter | $11.44 | $9.47 |\n"
)


def _scored(question: str, scored: dict[str, float]):
    cells = [c for c in find_candidates(PRICES, doc_id="p") if c.header]
    ctx = flat_context(question, Reading({"money": 1.0}, {"list": 1.0}), cells)
    return ctx, np.array([scored.get(c.text, 0.0) for c in cells], np.float32)


def test_a_list_naming_no_two_years_is_the_row_s_cells_scored_close_to_the_best():
    """'The high and low prices in the fourth quarter': both cells of the best cell's row that
    score close to it, in the row's order; its column when the row holds no second one; the
    best alone when neither does."""
    question = "What were the high and low prices in the fourth quarter respectively?"
    ctx, scores = _scored(question, {"$11.44": 3.0, "$9.47": 2.8, "$14.96": 2.9})
    assert [c.text for c in listed(ctx, scores).operands] == ["$11.44", "$9.47"]
    ctx, scores = _scored(question, {"$11.44": 3.0, "$14.96": 2.9, "$9.47": 1.0})
    assert [c.text for c in listed(ctx, scores).operands] == ["$14.96", "$11.44"]
    ctx, scores = _scored(question, {"$11.44": 3.0, "$14.96": 1.0, "$9.47": 1.0})
    assert [c.text for c in listed(ctx, scores).operands] == ["$11.44"]


def test_a_year_range_in_the_question_names_every_year_in_its_direction():
    assert named_years("net income for fiscal years 2019 to 2017 respectively") == [
        "2019",
        "2018",
        "2017",
    ]
    assert named_years("the average for 2017-2019 and 2021") == [
        "2017",
        "2018",
        "2019",
        "2021",
    ]
    assert named_years("in 2018 and 2019, and again in 2018") == ["2018", "2019"]


def test_a_list_over_a_range_of_years_reads_the_row_for_each():
    ctx, scores = _row_context(
        "What were the Displays amounts for 2019 to 2017 respectively?", "990"
    )
    assert [c.text for c in listed(ctx, scores).operands] == ["1,020", "990", "700"]


PROSE = normalize(
    "# Results\n\nRevenue rose. Depreciation and amortization expenses for fiscal 2018 and "
    "2019 were $0.8 million and $0.6 million, respectively, against $1.1 million in 2017."
)


def _prose_context(question: str, best: str):
    figures = [c for c in find_candidates(PROSE, doc_id="p") if c.kind == "money"]
    ctx = flat_context(question, Reading({"money": 1.0}, {"list": 1.0}), figures)
    scores = np.array(
        [{best: 3.0, "$1.1 million": 1.0}.get(c.text, 0.0) for c in figures],
        np.float32,
    )
    return ctx, scores


def test_a_list_in_prose_is_the_run_of_figures_holding_the_best_one():
    """The enumeration holding the best figure, when it writes one figure for each year the
    question names; "$1.1 million" after "respectively, against" is not part of it, though it
    scores higher than "$0.8 million"."""
    question = "What were depreciation and amortization for fiscal 2018 and 2019?"
    ctx, scores = _prose_context(question, "$0.6 million")
    assert [c.text for c in listed(ctx, scores).operands] == [
        "$0.8 million",
        "$0.6 million",
    ]
    ctx, scores = _prose_context(
        "What was depreciation for 2017 to 2020?", "$0.6 million"
    )
    assert [c.text for c in listed(ctx, scores).operands] == ["$0.6 million"]


def test_an_average_over_named_years_takes_the_row_s_cell_for_each():
    """The pair ranked best is two of Sensors' cells: the years the question names choose the
    row's cells, and an average naming none takes every year the row holds."""
    cells = [c for c in find_candidates(TABLE, doc_id="t") if c.header]
    scores = np.array(
        [{"914": 3.0, "918": 2.9, "1,020": 2.8}.get(c.text, 0.0) for c in cells],
        dtype=np.float32,
    )
    for question, expected in (
        ("What was the average Sensors amount for 2017-2019?", ["814", "918", "914"]),
        ("What was the average Sensors amount in 2019 and 2017?", ["914", "814"]),
        ("What was the average Sensors amount?", ["914", "918", "814"]),
    ):
        ctx = flat_context(question, Reading({"number": 1.0}, {"average": 1.0}), cells)
        grounding = operands(ctx, scores, "average", PairScorer.untaught())
        assert [c.text for c in grounding.operands] == expected


def test_an_amount_of_money_may_be_a_bare_cell_of_a_column_that_writes_its_currency():
    """Financial tables write "$" on a column's first row and totals only: "27.0" under it is
    an amount of money, while a bare figure of a column that writes no currency is not."""
    text = normalize(
        "# Expenses\n\n| | 2019 | Employees |\n|---|---|---|\n"
        "| Cost of sales | $166.3 | 1,200 |\n| Other operating expenses | 27.0 | 310 |\n"
    )
    cells = [c for c in find_candidates(text, doc_id="t") if c.header]
    ctx = flat_context(
        "What were the other operating expenses in 2019?",
        Reading({"money": 1.0}, {"lookup": 1.0}),
        cells,
    )
    order = {"310": 4.0, "27.0": 3.0, "$166.3": 1.0}
    scores = np.array([order.get(c.text, 0.0) for c in cells], np.float32)
    assert [c.text for c in lookup(ctx, scores).operands] == ["27.0"]


def test_the_figures_a_question_writes_join_a_program_s_pools_however_they_rank():
    """'If the company spent the full $150 million on the 5,000,000-share cap, what price per
    share would that imply?': the notice's seven amounts all outrank the question's "$150
    million", yet a pair of the question's own figures is among those the program may take, and
    a scorer that counts the written figures a pair leaves out takes it."""
    text = (
        "The company repurchased 2,320,000 shares for $71,595,200, or $30.86 per share. "
        "Revenue was $12.1 million, net income $3.2 million and cash $45.0 million, "
        "against $40.1 million a year earlier."
    )
    question = (
        "If the company spent the full $150 million on the 5,000,000-share cap, "
        "what price per share would that imply?"
    )
    found = find_candidates(text, doc_id="n") + find_candidates(
        question, source="question"
    )
    ctx = flat_context(question, Reading({"per_share": 1.0}, {"quotient": 1.0}), found)
    scores = np.array(
        [2.0 if c.source == "notice" else 0.1 for c in found], dtype=np.float32
    )
    written = {"$150 million", "5,000,000"}
    assert sum(c.source == "notice" and c.kind in AMOUNT_KINDS for c in found) > 6
    pairs = candidate_pairs(ctx, scores, "quotient")
    assert any(
        {ctx.candidates[i].text, ctx.candidates[j].text} == written for i, j in pairs
    )
    scorer = PairScorer(("score_sum", "question_figures_left"), (1.0, -5.0), 0.0)
    grounding = operands(ctx, scores, "quotient", scorer)
    assert [c.text for c in grounding.operands] == ["$150 million", "5,000,000"]
    assert run("quotient", list(grounding.operands)).value == "$30.00"


def test_an_identifier_question_may_be_answered_by_a_code_written_in_digits():
    """ "(Securities code: 3765)" is read as a number; an identifier question must still reach it,
    and the ranker's score, not the kind, chooses it over a code in capitals."""
    text = "Example Corp (Securities code: 3765, TSE Prime) announces a dividend."
    candidates = [
        c for c in find_candidates(text) if c.kind in ("number", "identifier")
    ]
    reading = Reading({"identifier": 1.0}, {"lookup": 1.0})
    ctx = flat_context("What is Example Corp's securities code?", reading, candidates)
    code = next(i for i, c in enumerate(candidates) if c.text == "3765")
    scores = np.array([1.0 if i == code else 0.0 for i in range(len(candidates))])
    assert [c.text for c in lookup(ctx, scores).operands] == ["3765"]
    other = next(i for i, c in enumerate(candidates) if c.kind == "identifier")
    scores = np.array([1.0 if i == other else 0.0 for i in range(len(candidates))])
    assert [c.text for c in lookup(ctx, scores).operands] == [candidates[other].text]
