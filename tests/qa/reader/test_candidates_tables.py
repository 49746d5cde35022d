"""Table cells as candidates: named by row label and column header, with the table's scale."""

from __future__ import annotations

from ingest.normalize import normalize
from qa.reader.candidates import find_candidates
from qa.reader.programs import run
from qa.reader.reader import computed_scale

TABLE = """\
Segment results (in thousands, except per share data)

| | 2019 | 2018 |
|---|---:|---:|
| Revenue | $ 12,400 | $ 11,950 |
| Operating loss | (134) | 5 |
| Earnings per share | 1.25 | |
| Gross margin (%) | 41.2 | 40.8 |
"""


def _by_place() -> dict[tuple[str, str], object]:
    text = normalize(TABLE)
    return {
        (c.label, c.header): c for c in find_candidates(text, doc_id="d") if c.header
    }


def test_a_cell_is_named_by_its_row_and_column_not_its_neighbours():
    cells = _by_place()
    revenue = cells[("Revenue", "2018")]
    assert revenue.text == "$ 11,950" and revenue.scale == "thousand"
    assert (
        revenue.left == "Revenue 2018"
    )  # the 2019 figure beside it is no context of it
    assert revenue.right == "thousand"


def test_single_digits_negatives_per_share_and_percent_cells():
    cells = _by_place()
    assert cells[("Operating loss", "2019")].text == "(134)"
    assert cells[("Operating loss", "2018")].text == "5"
    assert cells[("Earnings per share", "2019")].scale == ""
    assert cells[("Gross margin (%)", "2019")].scale == "percent"
    assert ("Earnings per share", "2018") not in cells  # an empty cell is no candidate


def test_a_difference_of_cells_keeps_their_scale():
    cells = _by_place()
    operands = [cells[("Revenue", "2019")], cells[("Revenue", "2018")]]
    computed = run("difference", operands)
    assert computed_scale(computed, operands) == "thousand"


def test_a_bare_number_under_a_currency_the_table_writes_is_money():
    """TAT-QA's excerpt 72: "$M" under the year headers makes every figure below it money."""
    text = normalize(
        "# Segment information\n\n"
        "| | Year-ended 31 March 2019 | Year-ended 31 March 2018 |\n|---|---|---|\n"
        "| Revenue by country | $M | $M |\n| UK | 83.2 | 73.5 |\n| Margin (%) | 12.1 | 11.0 |\n"
    )
    cells = {
        (c.label, c.text): c for c in find_candidates(text, doc_id="d") if c.header
    }
    uk = cells[("UK", "83.2")]
    assert (uk.kind, uk.scale) == ("money", "million")
    assert cells[("Margin (%)", "12.1")].kind == "number"  # a percentage is no money
    assert {c.kind for c in _by_place().values() if c.label == "Operating loss"} == {
        "number"
    }  # no currency written over those columns
