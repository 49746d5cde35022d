"""Tables: one table in each of the four syntaxes reads as the same cells, named alike.

The tables are real: an annual-report table of TAT-QA's dev set (its first excerpt), a dividend
table with final / forecast / previous-year columns (the 2024 dividend notice among the bank's
notices, ``eval/bank/notices``, whose text lost its cell boundaries), and the IIJ allotment
notice's item table from ``examples/notices``.
"""

from __future__ import annotations

import json

import pytest

from ingest.chunking import chunk_notice
from ingest.fact_text import units
from ingest.html_text import html_to_text
from ingest.normalize import normalize
from ingest.tables import (
    Cell,
    aligned_rows,
    collapse,
    is_header_row,
    markdown_rows,
    parse_grid,
    scale_of,
    stated_scale,
    tables_in,
)
from tests.conftest import IIJ, REPO

TATQA_DEV = REPO.parent / "shared" / "peer" / "tatqa" / "tatqa_dataset_dev.json"

# TAT-QA dev, first excerpt: a spanning caption over three year columns, "$" in some cells.
SALES_MARKDOWN = """\
Net sales (in millions)

|  |  | Years Ended September 30, |  |
|---|---|---|---|
|  | 2019 | 2018 | 2017 |
| Fixed Price | $  1,452.4 | $  1,146.2 | $  1,036.9 |
| Other | 44.1 |  | 70.8 |
| Total sales | $1,496.5 | $1,202.9 | $1,107.7 |
"""
SALES_TABS = (
    "Net sales (in millions)\n\n"
    "\t\tYears Ended September 30,\t\n"
    "\t2019\t2018\t2017\n"
    "Fixed Price\t$ 1,452.4\t$ 1,146.2\t$ 1,036.9\n"
    "Other\t44.1\t\t70.8\n"
    "Total sales\t$1,496.5\t$1,202.9\t$1,107.7\n"
)
SALES_ALIGNED = """\
Net sales (in millions)

                                Years Ended September 30,
                              2019          2018         2017
Fixed Price               $ 1,452.4     $ 1,146.2    $ 1,036.9
Other                          44.1                       70.8
Total sales               $ 1,496.5     $ 1,202.9    $ 1,107.7
"""
SALES_HTML = """\
<html><body><h1>Net sales</h1>
<table><caption>(in millions)</caption>
<tr><th></th><th colspan="6">Years Ended September 30,</th></tr>
<tr><th></th><th colspan="2">2019</th><th colspan="2">2018</th><th colspan="2">2017</th></tr>
<tr><td>Fixed Price</td><td>$</td><td>1,452.4</td><td>$</td><td>1,146.2</td><td>$</td><td>1,036.9</td></tr>
<tr><td>Other</td><td></td><td>44.1</td><td></td><td></td><td></td><td>70.8</td></tr>
<tr><td>Total sales</td><td>$</td><td>1,496.5</td><td>$</td><td>1,202.9</td><td>$</td><td>1,107.7</td></tr>
</table></body></html>"""


def _cells(text: str) -> dict[tuple[str, str], Cell]:
    """The cells of the one table in normalized ``text``, by (row label, column header)."""
    [located] = list(tables_in(text))
    return {(c.row_label, c.header): c for c in located.table.cells()}


@pytest.mark.parametrize(
    "text",
    [
        normalize(SALES_MARKDOWN),
        normalize(SALES_TABS),
        normalize(SALES_ALIGNED),
        normalize(html_to_text(SALES_HTML)[0]),
    ],
    ids=["markdown", "tabs", "aligned", "html"],
)
def test_every_syntax_names_each_cell_by_row_and_spanning_header(text):
    cells = _cells(text)
    fixed = cells[("Fixed Price", "Years Ended September 30, 2018")]
    assert fixed.text.replace(" ", "") == "$1,146.2"
    assert fixed.scale == "million" and fixed.unit == "$"
    # The empty 2018 cell of "Other" stays empty: 70.8 is 2017's, not moved left into 2018.
    assert cells[("Other", "Years Ended September 30, 2017")].text == "70.8"
    assert ("Other", "Years Ended September 30, 2018") not in cells
    total = cells[("Total sales", "Years Ended September 30, 2019")]
    assert total.text.replace(" ", "") == "$1,496.5"


def test_the_real_tatqa_table_reads_with_its_year_header():
    if not TATQA_DEV.exists():
        pytest.skip("TAT-QA dev set not present")
    excerpt = json.loads(TATQA_DEV.read_text(encoding="utf-8"))[0]
    table = parse_grid(excerpt["table"]["table"])
    assert table.header_rows == 2
    assert table.header_names()[1:] == [
        f"Years Ended September 30, {year}" for year in (2019, 2018, 2017)
    ]


# The dividend table of a 2024 notice of dividends from surplus (its cells as published).
DIVIDEND_ROWS = [
    [
        "",
        "Final amount",
        "Latest dividend forecast (Announced on November 2, 2023)",
        "Dividend for the previous fiscal year (Fiscal year ended March 31, 2023)",
    ],
    ["Record date", "March 31, 2024", "March 31, 2024", "March 31, 2023"],
    ["Dividend per share", "¥58.00", "¥48.00", "¥38.00"],
    ["Total amount of dividends", "¥43,627 million", "-", "¥29,161 million"],
    ["Effective date", "June 20, 2024", "-", "June 22, 2023"],
    ["Source of dividend payment", "Retained earnings", "-", "Retained earnings"],
]


def _html(rows: list[list[str]]) -> str:
    body = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        f"<html><body><h1>Notice of dividends</h1><table>{body}</table></body></html>"
    )


def test_dividend_table_with_final_forecast_and_previous_columns():
    text = normalize(html_to_text(_html(DIVIDEND_ROWS))[0])
    cells = _cells(text)
    forecast = "Latest dividend forecast (Announced on November 2, 2023)"
    assert cells[("Dividend per share", forecast)].text == "¥48.00"
    assert cells[("Dividend per share", "Final amount")].text == "¥58.00"
    previous = cells[
        (
            "Total amount of dividends",
            "Dividend for the previous fiscal year (Fiscal year ended March 31, 2023)",
        )
    ]
    assert previous.text == "¥29,161 million" and previous.unit == "¥"
    # A date under a row label is a value, not a second header row.
    assert cells[("Record date", "Final amount")].text == "March 31, 2024"


def test_dividend_table_facts_carry_the_column_header():
    text = normalize(html_to_text(_html(DIVIDEND_ROWS))[0])
    rows = [u for u in units(text) if u.kind == "row"]
    per_share = next(
        u for u in rows if text[u.start : u.end].startswith("Dividend per")
    )
    assert per_share.header[1:] == tuple(DIVIDEND_ROWS[0][1:])


def test_allotment_item_table_keeps_its_items_as_label_and_value():
    text = normalize(IIJ.read_text(encoding="utf-8"))
    cells = [c for located in tables_in(text) for c in located.table.cells()]
    by_label = {c.row_label: c.text for c in cells}
    assert (
        by_label["2. Total Amount to be Paid"] == "JPY2,245,600,000 JPY3,208 per share"
    )
    assert by_label["6. Payment Date (in Japan)"] == "Monday, August 5, 2013"
    assert (
        by_label[
            "Total number of issued shares after the Issuance through Third-Party Allotment"
        ]
        == "46,697,800"
    )


@pytest.mark.parametrize(
    ("words", "scale"),
    [
        ("(in millions)", "million"),
        ("$'000", "thousand"),
        ("(In thousands, except per share data)", "thousand"),
        ("in billions of yen", "billion"),
        ("USDm", "million"),
        ("RMB’Million", "million"),
        ("US$ million", "million"),
        ("€bn", "billion"),
        ("RMB’000", "thousand"),
        ("Fiscal 2019", ""),
        ("FIRM", ""),
        ("ONE MILLION SHAREHOLDERS", ""),
    ],
)
def test_scale_words(words, scale):
    assert scale_of(words) == scale


def test_percent_and_except_per_share_cells():
    table = parse_grid(
        [
            ["", "2019", "2018"],
            ["Revenue", "1,200", "1,100"],
            ["Earnings per share", "1.25", "1.10"],
            ["Gross margin (%)", "41.2", "40.8"],
        ],
        caption="(In thousands, except per share data)",
    )
    scales = {(c.row_label, c.header): c.scale for c in table.cells()}
    assert scales[("Revenue", "2019")] == "thousand"
    assert scales[("Earnings per share", "2019")] == ""
    assert scales[("Gross margin (%)", "2018")] == "percent"


def test_header_rows_are_words_years_or_captions_never_figures():
    assert is_header_row(["2019", "2018"])
    assert is_header_row(["Years Ended December 31,"])
    assert is_header_row(["Fiscal 2019", "Fiscal 2018"], label="Year")
    assert not is_header_row(["1,452.4", "1,146.2"])
    assert not is_header_row(["March 6, 2023"], label="Record date")
    assert not is_header_row(["12%"])


def test_a_row_of_units_under_the_years_is_a_header_row():
    """TAT-QA's "$'000" row under the year row: it states the columns' unit, no figure."""
    assert is_header_row(["$'000", "$'000"])
    assert is_header_row(["RMB'000", "US$ million"])
    assert not is_header_row(["$000", "$'000"])  # "$000" is a figure
    assert not is_header_row(["$ 3", "$'000"])


def test_years_with_footnote_marks_or_units_and_day_month_dates_are_headers():
    """Header cells of TAT-QA's train excerpts that were read as figures, which left their
    tables with no header at all (38 of 204 tables before)."""
    assert is_header_row(["2019 (1)", "2018", "2017 (2)"])
    assert is_header_row(["2019 €m", "2018 €m"])
    assert is_header_row(["2019 $'000", "2018 $'000"], label="Segment")
    assert is_header_row(["July 27, 2019 (1)", "July 28, 2018"])
    assert is_header_row(["31 March 2019", "31 March 2018"])
    assert is_header_row(["2019 vs. 2018", "% of penetration(2)(3)"])
    assert not is_header_row(["1,019 shares", "2018"])
    assert not is_header_row(["12%", "2018"])


def test_period_lengths_split_captions_and_restated_years_are_headers():
    """Header rows of TAT-QA's train excerpts that were read as figures, which left 5 of them
    with no header at all: maturity buckets, retail quarters, a date caption split over two
    cells, and a restated year with its unit and a footnote digit."""
    assert is_header_row(
        ["Total", "Less Than 1 Year", "1-3 Years", "Years3-5", "More Than 5 Years"]
    )
    assert is_header_row(["", "", "", "16 Weeks"])
    assert is_header_row(["", "12 Weeks Ended", "", "Ended"])
    assert is_header_row(["Years Ended December 31,", "31,"])
    assert is_header_row(["2019 $’000", "2018 $’000 RESTATED3", "CHANGE"])
    assert not is_header_row(["3.5 years", "2.0 years"])
    assert not is_header_row(["3 years"], label="Weighted-average term")
    assert not is_header_row(["31", "2018"])


def test_fiscal_periods_date_captions_and_maturity_buckets_name_columns_under_a_label():
    """Header rows of TAT-QA excerpts that were read as figures, so that a row's cells shared
    one header and every year's figure was another value of the same thing: fiscal periods
    written with two digits, a period ending on a date, and a maturity table's buckets, each
    under a row label. A single date or length under a label stays a value."""
    assert is_header_row(["FY19**", "FY18**", "FY18***"], label="Emissions from:")
    assert is_header_row(["Q3'19", "2Q19", "F19"], label="Quarter")
    assert is_header_row(["Year Ended June 30,"] * 3, label="End-Use Market Data")
    assert is_header_row(
        ["Less Than 1 Year", "2-5 Years", "Total"], label="Contractual Obligations"
    )
    assert is_header_row(["Up to 1 year", "1 to 3 years", "More than 5 years"])
    assert not is_header_row(["5 years", "3 years"], label="Vesting period")
    assert not is_header_row(["March 6, 2023 (Monday)"], label="Record date")


_QUARTERS = ["", "First", "Second", "Third", "Fourth", ""]
_PER_QUARTER = ["", "Quarter", "Quarter", "Quarter", "Quarter", "Total"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [
                ["", "", "For the Year Ended", ""],
                [
                    "Stock plan",
                    "January 31, 2020",
                    "February 1, 2019",
                    "February 2, 2018",
                ],
                ["Expected term (in years)", "0.6", "0.8", "0.9"],
            ],
            {
                "0.6": "For the Year Ended January 31, 2020",
                "0.9": "For the Year Ended February 2, 2018",
            },
            id="dates under a caption that names no column name the columns",
        ),
        pytest.param(
            [
                ["", "Current", "Previous"],
                ["Record date", "March 29, 2024", "March 31, 2023"],
                ["Dividend per share", "¥25", "¥20"],
            ],
            {"March 29, 2024": "Current", "¥20": "Previous"},
            id="dates under headers that name every column are values",
        ),
        pytest.param(
            [
                ["", "", "", "", "Fiscal 2019", ""],
                _QUARTERS,
                _PER_QUARTER,
                ["Revenues", "$94,888", "$96,037", "$88,495", "$84,380", "$363,800"],
                ["", "", "", "", "Fiscal 2018", ""],
                _QUARTERS,
                _PER_QUARTER,
                ["Revenues", "$88,081", "$89,767", "$93,669", "$94,395", "$365,912"],
                ["", "Expenses:", "", "", "", ""],
                ["Costs", "$50", "$51", "$52", "$53", "$206"],
            ],
            {
                "$88,495": "Fiscal 2019 Third Quarter",
                "$93,669": "Fiscal 2018 Third Quarter",
                "$52": "Fiscal 2018 Third Quarter",
            },
            id="a quarterly table's second block heads its rows; a lone section title does not",
        ),
        pytest.param(
            [
                ["", "Fiscal 2019", ""],
                ["", "First half", "Second half"],
                ["Sales", "10", "12"],
                ["", "Fiscal 2018", ""],
                ["Sales", "9", "11"],
            ],
            {"12": "Fiscal 2019 Second half", "11": "Fiscal 2018 Second half"},
            id="a block of one row replaces the top header row in the same columns",
        ),
    ],
)
def test_header_rows_below_the_top_name_the_columns(rows, expected):
    """Header rows the parser met only at a table's top: a row of dates under a spanning caption
    ("For the Year Ended" names none of the three columns), and a header block inside the body
    (a quarterly table stacks one block per year). A row of dates under headers that name every
    column, and a section title written in a value column, head nothing."""
    headers = {c.text: c.header for c in parse_grid(rows).cells()}
    assert {text: headers[text] for text in expected} == expected


def test_a_scale_as_the_label_of_a_header_row_is_the_table_s():
    """A retailer's table: "$ MILLION" labels the row of its weeks, not a row of figures."""
    table = parse_grid(
        [
            ["", "F19", "F18", ""],
            ["$ MILLION", "53 WEEKS", "52 WEEKS", "CHANGE"],
            ["Sales", "1,671", "1,612", "3.7%"],
        ]
    )
    cells = {c.text: c for c in table.cells()}
    assert table.header_rows == 2 and cells["1,671"].header == "F19 53 WEEKS"
    assert cells["1,671"].scale == "million" and cells["3.7%"].scale == "percent"


def test_a_table_under_a_split_date_caption_has_its_years():
    table = parse_grid(
        [
            ["", "", "Years Ended December 31,", "31,"],
            ["", "2019", "2018", "2017"],
            ["State", "$49", "$44", "$48"],
        ]
    )
    headers = {c.text: c.header for c in table.cells()}
    assert headers["$49"].endswith("2019") and headers["$48"].endswith("2017")


def test_a_label_that_only_states_the_scale_labels_no_row():
    assert is_header_row(["Years Ended December 31,"], label="($ in millions)")
    assert is_header_row(["53 WEEKS", "52 WEEKS", "CHANGE"], label="$ MILLION")
    assert not is_header_row(["1,671", "1,612"], label="$ MILLION")
    assert not is_header_row(["1,671", "December 31, 2019"], label="Services")


def test_under_a_row_label_only_phrases_whose_numbers_are_years_name_columns():
    assert is_header_row(
        ["Fiscal 2019 Net Sales", "Fiscal 2018 Net Sales"], label="Segment"
    )
    assert not is_header_row(["Series 12 unsecured bonds"], label="Type of bonds")
    assert not is_header_row(["March 31"], label="Payment date")


def test_title_rows_above_the_header_are_header_rows_and_name_the_first_section():
    table = parse_grid(
        [
            ["Income statement expense", "", ""],
            ["", "2019 €m", "2018 €m"],
            ["Defined contribution schemes", "166", "178"],
            ["Defined benefit schemes", "57", "44"],
        ]
    )
    assert table.header_rows == 2
    cell = next(table.cells())
    assert (cell.text, cell.header, cell.section) == (
        "166",
        "2019 €m",
        "Income statement expense",
    )
    assert (cell.scale, cell.unit) == ("million", "€")


def test_a_first_row_of_dates_under_a_label_names_the_columns():
    table = parse_grid(
        [
            ["Fiscal Year ended", "June 1, 2019", "June 2, 2018"],
            ["Net income (in thousands)", "$54,229", "$125,932"],
        ]
    )
    assert table.header_rows == 1
    assert next(table.cells()).header == "June 1, 2019"
    items = parse_grid([["Record date", "March 6, 2023"], ["Shares", "40,000,000"]])
    assert items.header_rows == 0  # one date under a label is a value


def test_a_section_row_with_no_header_under_it_stays_in_the_body():
    table = parse_grid([["Assets:", "", ""], ["Cash", "1,200", "900"]])
    assert table.header_rows == 0
    assert next(table.cells()).section == "Assets"


def test_markdown_rule_line_is_left_out_and_empty_cells_kept():
    rows = markdown_rows(["| a | b | c |", "|:--|--:|:-:|", "| x |  | z |"])
    assert rows == [["a", "b", "c"], ["x", "", "z"]]


def test_aligned_rows_put_a_missing_value_in_its_own_column():
    rows = aligned_rows(
        [
            "              2019      2018      2017",
            "Revenue      1,000       900       800",
            "Other           10                  8",
        ]
    )
    assert rows[2] == ["Other", "10", "", "8"]


def test_collapse_folds_currency_cells_and_spacer_columns():
    rows = collapse(
        [
            ["", "2019", "", "", "2018", ""],
            ["Revenue", "$", "1,000", "", "$", "900"],
            ["Margin", "", "5", "%", "", "4"],
        ]
    )
    assert rows == [
        ["", "2019", "2018"],
        ["Revenue", "$1,000", "$900"],
        ["Margin", "5%", "4"],
    ]


def test_a_chunk_that_continues_a_table_repeats_its_header():
    rows = "\n".join(f"Line item {i}\t{i * 100:,}\t{i * 90:,}" for i in range(80))
    text = normalize(f"Results\n\nSegment revenue\n\t2019\t2018\n{rows}")

    def count(texts: list[str]) -> list[int]:
        return [len(t.split()) + 2 for t in texts]

    chunks = chunk_notice("d", text, "Results", count, target_tokens=120)
    later = [
        c for c in chunks if c.text.startswith("Line item") and "\t2019" not in c.text
    ]
    assert later, "the table should be cut into several chunks"
    assert all("\t2019\t2018" in c.heading for c in later)
    assert all(c.text == text[c.start : c.end] for c in chunks)


def test_a_scale_in_one_column_header_is_that_column_s_only():
    # TAT-QA dev: earnings appropriated in thousands beside a cash dividend per share.
    table = parse_grid(
        [
            [
                "",
                "Appropriation of earnings (in thousand NT dollars)",
                "",
                "Cash dividend per share (NT dollars)",
                "",
            ],
            ["", "2018", "2019", "2018", "2019"],
            ["Cash dividends", "$17,862,000", "$13,966,000", "$0.75", "$0.58"],
        ]
    )
    scales = {c.text: c.scale for c in table.cells()}
    assert scales == {
        "$17,862,000": "thousand",
        "$13,966,000": "thousand",
        "$0.75": "",
        "$0.58": "",
    }


def test_a_pdf_table_keeps_its_empty_cell():
    from ingest.loaders import load_bytes
    from tests.pdfs import positioned_pdf

    data = positioned_pdf(
        [
            [(40, "Net sales (in millions)")],
            [(300, "Years Ended September 30,")],
            [(260, "2019"), (360, "2018"), (460, "2017")],
            [
                (40, "Fixed Price"),
                (250, "$ 1,452.4"),
                (350, "$ 1,146.2"),
                (450, "$ 1,036.9"),
            ],
            [(40, "Other"), (262, "44.1"), (462, "70.8")],
            [(40, "Sales grew in every year of the three shown above.")],
        ]
    )
    text = normalize(load_bytes("report.pdf", data, 10_000_000).text)
    cells = _cells(text)
    assert cells[("Other", "Years Ended September 30, 2017")].text == "70.8"
    assert cells[("Fixed Price", "Years Ended September 30, 2018")].scale == "million"
    assert "Sales grew in every year of the three shown above." in text


def test_a_table_without_a_scale_takes_the_one_its_notice_states():
    text = normalize(
        "Results\n\n\t2019\t2018\nNet income\t$53,330\t$21,524\n\n"
        "Net income is shown in thousands of dollars (in thousands, except per share data)."
    )
    cells = _cells(text)
    assert cells[("Net income", "2019")].scale == "thousand"
    two = normalize(text + "\nSegment figures are in millions.")
    assert (
        _cells(two)[("Net income", "2019")].scale == ""
    )  # two scales stated: none assumed


def test_a_column_headed_by_a_percentage_holds_percentages():
    """A common-size statement writes "%" on its first row only; a rate reconciliation on the
    statutory rate's. Money in a column, or a number over 100, is no percentage."""
    table = parse_grid(
        [
            ["", "2019", "2018", "Change"],
            ["Sales", "100.0 %", "100.0 %", "$ 12"],
            ["Gross profit", "40.0", "50.9", "(3)"],
            ["Employees", "1,200", "1,150", "50"],
        ]
    )
    scales = {(c.row_label, c.header): c.scale for c in table.cells()}
    assert scales[("Gross profit", "2018")] == "percent"
    assert scales[("Employees", "2019")] == ""
    assert scales[("Gross profit", "Change")] == ""


def test_a_per_share_row_takes_no_scale_from_its_header_or_section():
    table = parse_grid(
        [
            ["", "2019", "2018"],
            ["", "(in millions)", "(in millions)"],
            ["Net income", "$542.0", "$(762.3)"],
            ["Basic net income per common share", "$2.29", "$(3.27)"],
            ["Net income per share:", "", ""],
            ["Diluted", "$2.17", "$(3.27)"],
        ]
    )
    scales = {(c.row_label, c.header): c.scale for c in table.cells()}
    assert scales[("Net income", "2019 (in millions)")] == "million"
    assert scales[("Basic net income per common share", "2019 (in millions)")] == ""
    assert scales[("Diluted", "2019 (in millions)")] == ""


def test_a_scale_stated_across_a_line_break_is_the_notice_s():
    assert stated_scale("is summarized as follows (in\nthousands):") == "thousand"
