"""The eval judge compares the answer's structured value, never "appears somewhere in the text"."""

from dataclasses import replace

from qa.answer import Answer, Citation
from qa.evaluation.judge import NOT_FOUND_CASE, Case, judge, points_at, run, summary
from tools.values import value_matches, value_matches_stated


def test_numbers_dates_percentages_and_names():
    assert value_matches("2,245,600,000", "JPY2,245,600,000")
    assert value_matches("$4.0 million", "$4,000,000")
    assert value_matches("August 5, 2013", "Monday, August 5, 2013")
    assert value_matches("1.52%", "1.5238%")
    assert value_matches("20%", "-20.00%")  # a change's sign is not judged
    assert value_matches("45 days", "45 days")
    assert value_matches(
        "6.17x", "6.1667"
    )  # a multiple, to the places it is written with
    assert not value_matches("6.17x", "6.1")
    assert value_matches("H.C. Wainwright & Co.", "H.C. Wainwright & Co., LLC")
    assert value_matches(["$1", "$2"], ["$2", "$1"])
    assert not value_matches("1.52%", "1.50%")
    assert not value_matches("August 5, 2013", "August 6, 2013")
    assert not value_matches("2,245,600,000", "2,245,600,001")
    assert not value_matches("H.C. Wainwright & Co.", "Wainwright")
    assert not value_matches(["$1", "$2"], ["$1"])


def test_a_value_is_read_with_its_hedge_and_unit_words():
    # "1.3 million pounds" is 1,300,000 (its scale was dropped with the unit word: 1.3)
    assert value_matches("1.3 million pounds", "1.3 million")
    assert not value_matches("1.3 million pounds", "1.3")
    assert value_matches("approximately 70 acres", "70")
    assert value_matches("$960/oz", "$960")
    assert value_matches("3,285 BTC", "3,285")
    assert value_matches("$15,000 a ton", "$15,000")
    assert not value_matches("over $200 million", "$20 million")
    # a capitalised word before a number names something: no hedge
    assert not value_matches("Series 3 Holdings", "3")
    # a longer text is a passage, judged by its words, not by its first figure
    assert not value_matches("70 acres of land north of the county road", "70")


def test_names_differing_only_by_middle_initials_are_one_name():
    assert value_matches("David A. Dodd", "David Dodd")
    assert value_matches("L. Kevin Kelly", "Kevin Kelly")
    assert not value_matches("Class A Common Stock", "Class B Common Stock")
    assert not value_matches("Class A Common Stock", "Class Common Stock A")


def test_a_text_that_merely_contains_the_figure_does_not_pass():
    case = Case("How many shares?", "700,000", "iij")
    quoted = Answer(
        "How many shares?",
        "The notice says 700,000 shares at JPY3,208.",
        citations=(Citation("iij", "iij.txt", "700,000 shares"),),
        value="JPY3,208",
    )
    assert not judge(case, quoted).passed
    right = Answer(quoted.question, quoted.text, quoted.citations, value="700,000")
    assert judge(case, right).passed


def test_not_found_cases_pass_only_when_nothing_is_stated():
    case = Case("Record date?", "NOT_FOUND")
    assert judge(case, Answer("Record date?", "not found", found=False)).passed
    assert not judge(
        case, Answer("Record date?", "May 1, 2024", value="May 1, 2024")
    ).passed


def test_the_notice_asked_about_must_be_cited_unless_the_question_holds_every_number():
    from qa.answer import ToolCall

    case = Case("Proceeds of 4,000,000 shares at $10?", "$40,000,000", "capital")
    call = ToolCall(
        "product",
        {"a": "4,000,000", "b": "$10"},
        "$40,000,000.00",
        "4,000,000 × $10 = $40,000,000.00",
    )
    computed = Answer(
        case.question, "$40,000,000.00", tool_calls=(call,), value="$40,000,000.00"
    )
    assert judge(case, computed).passed  # rests on no notice: none to cite
    other = Citation("elsewhere", "elsewhere.txt", "4,000,000 shares")
    from_another = Answer(
        case.question,
        "$40,000,000.00",
        (other,),
        tool_calls=(call,),
        value="$40,000,000.00",
    )
    assert judge(case, from_another).why == "capital not cited"
    stated = Answer(case.question, "$40,000,000", (other,), value="$40,000,000")
    assert not judge(case, stated).passed
    assert judge(
        Case(case.question, "USD $1.16"), Answer("q", "x", value="$1.16")
    ).passed


def test_a_table_cell_is_judged_as_written_or_with_its_table_s_scale():
    """ "$55" of a table "(In millions)" is "$55 million" and "55"; not "$55 thousand", and a
    percentage's scale adds no word."""
    cited = (Citation("t", "t.md", "Other income and expenses, net $103 $53 $55"),)

    def answer(value, scale):
        return Answer("Other income in 2017?", value, cited, value=value, scale=scale)

    for expected in ("$55 million", "55", "$55,000,000"):
        assert judge(
            Case("Other income in 2017?", expected, "t"), answer("$55", "million")
        ).passed
    assert not judge(Case("q", "$55 thousand", "t"), answer("$55", "million")).passed
    assert not judge(Case("q", "$55 million", "t"), answer("$55", None)).passed
    assert value_matches_stated(["$1 million", "$2 million"], ["$1", "$2"], "million")
    assert not value_matches_stated("7.5%", "7.5", "percent")


def test_a_not_found_points_at_the_answer_when_a_cited_passage_writes_the_value():
    """Counted apart from passes: a "not found" whose citation writes the expected value as the
    notice writes it ("Monday, August 5, 2013" for "August 5, 2013"), never a stated answer,
    another value, a not-found case or a figure only a program gives."""
    row = Citation(
        "iij", "iij.txt", "6. Payment Date (in Japan) Monday, August 5, 2013"
    )
    declined = Answer(
        "When is the payment date?", "Not found.", citations=(row,), found=False
    )
    payment = Case("When is the payment date?", "August 5, 2013", "iij")
    assert points_at(payment, declined)
    assert not points_at(replace(payment, expected="August 6, 2013"), declined)
    assert not points_at(replace(payment, expected=NOT_FOUND_CASE), declined)
    assert not points_at(payment, replace(declined, found=True))
    assert not points_at(payment, replace(declined, citations=()))
    verdicts = run(
        [payment, replace(payment, expected="August 6, 2013")], lambda q: declined
    )
    counted = summary(verdicts)
    assert (counted["declined"], counted["declined_pointing"]) == (2, 1)


def test_a_not_found_points_at_an_answer_in_words_its_citation_writes():
    """ "to regain Nasdaq compliance" written in a cited sentence, case and punctuation aside;
    not a sentence that writes only some of its words, nor a two-word answer inside a word."""
    said = Citation(
        "ff", "ff.txt", "The split was effected to regain Nasdaq compliance, it said."
    )
    declined = Answer("Why the split?", "Not found.", citations=(said,), found=False)
    why = Case("Why the split?", "To regain Nasdaq Compliance.", "ff")
    assert points_at(why, declined)
    assert not points_at(replace(why, expected="to regain NYSE compliance"), declined)
    assert not points_at(replace(why, expected="regain Nasdaq listing"), declined)
