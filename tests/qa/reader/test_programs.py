"""Programs compute exactly with the tools, take operands in slot order, and refuse what does not fit."""

from dataclasses import replace

import pytest

from qa.reader.candidates import Candidate, find_candidates
from qa.reader.programs import ProgramError, column_of, order, run


def span(kind: str, text: str, start: int = 0, source: str = "notice") -> Candidate:
    return Candidate(kind, text, start, start + len(text), text, "", "", source=source)


def test_count_times_price_keeps_the_currency():
    result = run("product", [span("shares", "700,000"), span("per_share", "JPY3,208")])
    assert result.value == "JPY2,245,600,000"
    assert result.call.formula == "700,000 × JPY3,208 = JPY2,245,600,000"


def test_difference_takes_the_larger_first_whatever_order_they_come_in():
    operands = order("difference", [span("money", "$0.27"), span("money", "$0.31")])
    assert run("difference", operands).value == "$0.04"


def cell(text: str, header: str, kind: str = "number") -> Candidate:
    return Candidate(
        kind, text, 0, len(text), text, "Revenue " + header, "", header=header
    )


def test_a_difference_between_year_columns_is_the_later_less_the_earlier():
    """A change over time keeps its sign: 44.1 in 2019 against 56.7 in 2018 is a fall."""
    fall = order("difference", [cell("56.7", "2018"), cell("44.1", "2019")])
    assert run("difference", fall).value == "-12.6"
    same_year = order("difference", [cell("44.1", "2019"), cell("56.7", "Total 2019")])
    assert run("difference", same_year).value == "12.6"


def test_money_over_money_is_a_ratio_and_money_over_a_count_is_per_unit():
    """A cell under "$ in millions" is money though its text writes no "$": "$94.2" over "85.6"
    of one table is a plain ratio, not $1.1005 a unit."""
    ratio = run(
        "quotient", [cell("$94.2", "2019", "money"), cell("85.6", "2018", "money")]
    )
    assert (ratio.value, ratio.unit) == ("1.1005", "number")
    per_share = run(
        "quotient", [span("money", "$1,000,000"), span("shares", "400,000")]
    )
    assert (per_share.value, per_share.unit) == ("$2.50", "money")


def test_a_difference_between_rows_of_a_schedule_is_the_later_less_the_earlier():
    """Years as rows ("2021", "2022" under an "Operating leases" column): the same change."""

    def row(text: str, year: str) -> Candidate:
        return Candidate(
            "number", text, 0, len(text), text, f"{year} Operating leases", "",
            label=year, header="Operating leases",
        )  # fmt: skip

    fall = order("difference", [row("12", "2021"), row("9", "2022")])
    assert run("difference", fall).value == "-3"
    undated = order("difference", [row("9", "Thereafter"), row("12", "Total")])
    assert run("difference", undated).value == "3"


def test_the_period_of_the_largest_or_smallest_figure_of_a_row():
    row = [cell("$1,202.9", "2018", "money"), cell("$1,496.5", "Fiscal 2019", "money"),
           cell("$1,107.7", "2017", "money")]  # fmt: skip
    largest = run("period_of_largest", row)
    assert (largest.value, largest.unit) == ("2019", "period")
    assert largest.call.formula == (
        "largest of $1,202.9 (2018), $1,496.5 (2019), $1,107.7 (2017): 2019"
    )
    assert run("period_of_smallest", row).value == "2017"
    negative = [cell("(0.19)", "2017"), cell("0.12", "2019")]
    assert run("period_of_smallest", negative).value == "2017"


def test_the_row_label_of_the_largest_or_smallest_figure_of_a_column():
    """'Which segment had the largest remaining charges?': one column's figures are told apart
    by their rows, so the row label answers (its trailing stop, a layout's, dropped)."""

    def segment(text: str, label: str) -> Candidate:
        return Candidate(
            "money", text, 0, len(text), text, label, "", label=label,
            header="Remaining Expected Charges",
        )  # fmt: skip

    column = [segment("$16", "Transportation Solutions ."), segment("$14", "Industrial"),
              segment("$5", "Communications")]  # fmt: skip
    largest = run("period_of_largest", column)
    assert (largest.value, largest.unit) == ("Transportation Solutions", "label")
    assert largest.call.formula == (
        "largest of $16 (Transportation Solutions), $14 (Industrial), $5 (Communications): "
        "Transportation Solutions"
    )
    assert run("period_of_smallest", column).value == "Communications"
    with pytest.raises(ProgramError):
        run("period_of_largest", [segment("$5", "A"), segment("$5", "B")])
    # one row's figures under one header (a caption spanning its columns) are no column
    assert column_of(column[0], column + [segment("$3", "Industrial")]) is None
    assert column_of(column[0], column) == column


def test_the_periods_a_row_holds_in_its_order():
    row = [cell("$1,202.9", "2018", "money"), cell("$1,496.5", "Fiscal 2019", "money"),
           cell("$1,107.7", "2017", "money")]  # fmt: skip
    held = run("periods_held", row)
    assert (held.value, held.unit) == (["2018", "2019", "2017"], "period")
    assert held.call.formula == (
        "periods of $1,202.9 (2018), $1,496.5 (2019), $1,107.7 (2017): 2018, 2019, 2017"
    )
    with pytest.raises(ProgramError):  # one period is no list of periods
        run("periods_held", [cell("5", "2019"), cell("6", "Restated 2019")])


def test_the_periods_of_a_row_above_or_below_the_question_s_number():
    """A threshold written with a scale word is set against the cells with their table's scale
    ("$30,000 thousand" against "$29,251" of a table in thousands); one without, against the
    cells as written; equal is neither above nor below."""
    row = [replace(cell("$53,330", "2019", "money"), scale="thousand"),
           replace(cell("$21,524", "2018", "money"), scale="thousand"),
           replace(cell("$29,251", "2017", "money"), scale="thousand")]  # fmt: skip
    limit = span("money", "$30,000 thousand", source="question")
    counted = run("count_above", [*row, limit])
    assert (counted.value, counted.unit) == ("1", "count")
    assert counted.call.formula == (
        "above $30,000 thousand of $53,330 (2019), $21,524 (2018), $29,251 (2017): 2019 = 1"
    )
    assert run("periods_below", [*row, limit]).value == ["2018", "2017"]
    assert (
        run("count_below", [*row, span("number", "29,251", source="question")]).value
        == "1"
    )
    assert (
        run("periods_above", [limit, *row]).value == "2019"
    )  # wherever the number stands
    assert (
        run("count_above", [*row, span("money", "$60,000", source="question")]).value
        == "0"
    )


@pytest.mark.parametrize(
    "operands",
    [
        [cell("5", "2019"), cell("6", "2018")],  # no number of the question
        [cell("5", "2019"), cell("6", "2018"), span("number", "4", source="question"),
         span("number", "7", source="question")],  # two of them
        [cell("5", "2019"), cell("6", "2018"), span("percentage", "5%", source="question")],
        [cell("5", "2019"), cell("6", "2019"), span("number", "4", source="question")],
        [cell("5", "2019"), cell("6", "2018"), span("number", "9", source="question")],
    ],
)  # fmt: skip
def test_a_threshold_without_one_answer_is_refused(operands):
    """No number, two numbers, a percentage against amounts, one period twice, or (for the
    periods, not the count) no period beyond the number."""
    with pytest.raises(ProgramError):
        run("periods_above", operands)


@pytest.mark.parametrize(
    "operands",
    [
        [cell("5", "2019"), cell("5", "2018")],  # a tie
        [cell("5", "2019"), cell("6", "Restated 2019")],  # one period twice
        [span("number", "5"), span("number", "6")],  # no period written
    ],
)
def test_a_comparison_without_one_answer_is_refused(operands):
    with pytest.raises(ProgramError):
        run("period_of_largest", operands)


def test_average_is_the_sum_over_the_count_and_keeps_the_currency():
    two = run("average", [span("number", "166"), span("number", "178")])
    assert (two.value, two.call.formula) == ("172", "(166 + 178) ÷ 2 = 172")
    three = run(
        "average", [span("money", "$453"), span("money", "$361"), span("money", "$384")]
    )
    assert (three.value, three.unit) == ("$399.33", "money")


def test_percent_of_puts_the_part_over_the_whole():
    operands = [span("number", "45,997,800"), span("number", "700,000")]
    assert run("percent_of", operands).value == "1.52%"


def test_dilution_is_new_over_shares_after():
    """The calculator tool's definition; the formula also gives the share of the shares before
    (the "dilution ratio" Japanese exchange notices state), so either reading is checkable."""
    computed = run(
        "dilution", [span("shares", "700,000"), span("number", "45,997,800")]
    )
    assert computed.value == "1.50%"
    assert computed.call.name == "dilution"
    assert "700,000 / 46,697,800 × 100 = 1.50% of shares after" in computed.call.formula
    assert (
        "700,000 / 45,997,800 × 100 = 1.52% of shares before" in computed.call.formula
    )


def test_percent_change_is_new_over_old_in_the_order_given():
    """Which figure is the base is learned (``direction``); the program takes them as given."""
    old, new = span("money", "$0.25", 10), span("money", "$0.30", 40)
    assert run("percent_change", [old, new]).value == "20.00%"
    assert run("percent_change", [new, old]).value == "-16.67%"  # a fall


def test_percent_change_of_two_negatives_is_a_change_in_their_size():
    """An allowance written "(15,916)" then "(19,911)" grew by 25.10%; a loss turning into a
    profit is a rise, taken over the loss's size."""
    allowance_before, allowance_after = (
        span("number", "(15,916)"),
        span("number", "(19,911)"),
    )
    assert run("percent_change", [allowance_before, allowance_after]).value == "25.10%"
    assert run("percent_change", [allowance_after, allowance_before]).value == "-20.06%"
    loss, profit = span("money", "$(762.3)"), span("money", "$542.0")
    assert run("percent_change", [loss, profit]).value == "171.10%"


def test_dates_span_and_months_added_at_month_end():
    first, last = span("date", "August 5, 2013"), span("date", "July 2, 2013")
    assert run("days_between", order("days_between", [first, last])).value == "34 days"
    added = run(
        "add_period", [span("date", "January 31, 2024"), span("duration", "1 month")]
    )
    assert added.value == "February 29, 2024"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("round_down", "333 shares"), ("round_up", "334 shares"), (None, "333 shares")],
)
def test_split_adjust_follows_the_fractional_share_policy(policy, expected):
    result = run(
        "split_adjust", [span("number", "1,000"), span("ratio", "1-for-3")], policy
    )
    assert result.value == expected


def test_annualize_and_net_of_a_rate():
    assert (
        run(
            "annualize", [span("per_share", "$0.142"), span("frequency", "quarterly")]
        ).value
        == "$0.568"
    )
    net = run("net_of", [span("money", "$10,000,000"), span("percentage", "7%")])
    assert net.value == "$9,300,000.00"


def test_a_percentage_multiplies_as_its_fraction_and_adds_to_percentages_only():
    margin = run("product", [span("money", "$50 million"), span("percentage", "5.2%")])
    assert margin.value == "$2,600,000.00"
    assert margin.call.formula == "$50 million × 5.2% = $2,600,000.00"
    cell = replace(span("number", "12.5"), scale="percent")
    assert run("product", [span("shares", "1,000,000"), cell]).value == "125,000"
    both = run("product", [span("percentage", "40%"), span("percentage", "50%")])
    assert (both.value, both.unit) == ("20.00%", "percent")
    assert (
        run(
            "difference", [span("percentage", "5.2%"), span("percentage", "3.1%")]
        ).value
        == "2.1"
    )
    with pytest.raises(ProgramError, match="percentages only"):
        run("sum", [span("money", "$5,000"), span("percentage", "7%")])


def test_the_fractional_share_rule_the_question_states_comes_before_the_notice_s():
    from qa.reader.reader import fraction_policy

    notice = "Fractional shares will be rounded down to the nearest whole share."
    question = (
        "How many shares will 1,000 be after the split, with fractions rounded up?"
    )
    assert fraction_policy(notice) == "round_down"
    assert (fraction_policy(question) or fraction_policy(notice)) == "round_up"
    assert fraction_policy("How many shares will 1,000 be after the split?") is None


def test_operands_that_do_not_fit_are_refused():
    with pytest.raises(ProgramError, match="changes nothing"):
        run("annualize", [span("per_share", "$0.12"), span("frequency", "annual")])
    with pytest.raises(ProgramError):
        run("days_between", [span("money", "$5"), span("date", "May 1, 2024")])
    with pytest.raises(ProgramError):
        run("percent_change", [span("money", "$0"), span("money", "$5")])


def test_figures_in_the_question_are_candidates_too():
    found = find_candidates("What is 700,000 times JPY3,208?", source="question")
    assert [(c.kind, c.text) for c in found] == [
        ("number", "700,000"),
        ("money", "JPY3,208"),
    ]
    assert run("product", found).value == "JPY2,245,600,000"
