"""The arithmetic audit: relations the notices state, checked with the calculator tools."""

from __future__ import annotations

import json
from functools import cache

import pytest

from ingest.audit import Check, audit_notice
from ingest.chunking import chunk_notice
from ingest.embedding import Embedder
from ingest.facts import extract_facts
from ingest.loaders import load_bytes
from ingest.normalize import normalize
from tests.conftest import IIJ, SAMPLES


@cache
def _tokens() -> Embedder:
    return Embedder()  # tokenizer only


def sample_text(name: str) -> str:
    path = SAMPLES / name
    return normalize(load_bytes(path.name, path.read_bytes(), 10**8).text)


def audit(text: str) -> list[Check]:
    chunks = chunk_notice(
        "doc", text, text.split("\n", 1)[0][:160], _tokens().count_tokens
    )
    return audit_notice(text, extract_facts(text, chunks))


IIJ_CHECKS = [
    "700,000 shares × JPY3,208 = JPY2,245,600,000 ✔",
    "JPY1,122,800,000 + JPY1,122,800,000 = JPY2,245,600,000 ✔",
    "JPY1,604 + JPY1,604 = JPY3,208 ✔",
    "700,000 shares × JPY1,604 = JPY1,122,800,000 ✔",
    "45,997,800 + 700,000 = 46,697,800 ✔",
    "JPY10,122,000,000 + JPY5,111,200,000 + JPY1,990,000,000 = JPY17,223,200,000 ✔",
]


def test_iij_audit_passes_every_stated_relation():
    checks = audit(sample_text(IIJ.name))
    formulas = [check.formula for check in checks]
    for expected in IIJ_CHECKS:
        assert expected in formulas
    assert all(check.ok for check in checks)
    relations = {check.formula: check.relation for check in checks}
    assert relations[IIJ_CHECKS[0]] == "count × unit price = total"
    assert relations[IIJ_CHECKS[1]] == "parts = whole"
    assert relations[IIJ_CHECKS[4]] == "before + increase = after"
    assert relations[IIJ_CHECKS[5]] == "parts = whole"


def test_iij_checks_quote_the_rows_they_rest_on():
    checks = {check.formula: check for check in audit(sample_text(IIJ.name))}
    assert checks[IIJ_CHECKS[0]].quotes == [
        "1. Number of Shares to be Issued\t700,000 shares (Number of shares scheduled to be issued: 700,000)",
        "2. Total Amount to be Paid\tJPY2,245,600,000 JPY3,208 per share",
    ]
    assert checks[IIJ_CHECKS[4]].quotes == [
        "Total number of issued shares at present, as of July 31, 2013\t45,997,800",
        "Increase in the number of shares as a result of the Issuance through Third-Party Allotment\t700,000",
        "Total number of issued shares after the Issuance through Third-Party Allotment\t46,697,800",
    ]


@pytest.mark.parametrize(
    ("old", "new", "broken"),
    [
        (
            "\t46,697,800",
            "\t46,697,900",
            ["45,997,800 + 700,000 = 46,697,800; stated 46,697,900 ✘"],
        ),
        (
            "JPY17,223,200,000",
            "JPY17,223,300,000",
            [
                "JPY10,122,000,000 + JPY5,111,200,000 + JPY1,990,000,000 = JPY17,223,200,000; stated JPY17,223,300,000 ✘"
            ],
        ),
        (
            "JPY2,245,600,000 JPY3,208",
            "JPY2,245,700,000 JPY3,208",
            [
                "700,000 shares × JPY3,208 = JPY2,245,600,000; stated JPY2,245,700,000 ✘",
                "JPY1,122,800,000 + JPY1,122,800,000 = JPY2,245,600,000; stated JPY2,245,700,000 ✘",
            ],
        ),
    ],
    ids=["shares-after", "proceeds-total", "total-paid"],
)
def test_an_altered_figure_fails_exactly_the_relations_it_breaks(old, new, broken):
    original = sample_text(IIJ.name)
    assert original.count(old) == 1
    checks = audit(original.replace(old, new))
    assert sorted(check.formula for check in checks if not check.ok) == sorted(broken)
    passing = [check.formula for check in checks if check.ok]
    assert len(passing) + len(broken) == len(audit(original))
    assert all(formula.endswith("✔") for formula in passing)


SAMPLE_CHECKS = {
    "fictional-harbor-robotics_2024-06-11_public_offering.md": [
        "8,000,000 shares × $12.50 = $100,000,000.00 ✔",
        "8,000,000 shares × $0.75 = $6,000,000.00 ✔",
        "$45,000,000.00 + $30,000,000.00 + $18,150,000.00 = $93,150,000.00 ≈ stated approximately $93,150,000 ✔",
        "$100,000,000.00 - $6,000,000.00 - $850,000.00 = $93,150,000.00 ≈ stated approximately $93,150,000 ✔",
        "52,400,000 + 8,000,000 = 60,400,000 ✔",
    ],
    "fictional-meadowlark-therapeutics_2020-09-17_private_placement.md": [
        "4,615,385 shares × $3.25 = $15,000,001.25 ✔",
        "$15,000,001.25 - $1,050,000.00 - $150,000.00 = $13,800,001.25 ≈ stated approximately $13.8 million ✔",
    ],
    "fictional-bluefin-grid-systems_2025-01-22_reverse_split.md": [
        "84,316,240 shares × 1/20 = 4,215,812 whole shares ≈ stated approximately 4,215,812 ✔",
        "3,000,000 shares × 1/20 = 150,000 whole shares ✔",
        "$2.15 × 20/1 = $43.00 per share ✔",
    ],
    "fictional-cedar-creek-bancshares_2019-10-24_dividend.md": [
        "12,450,000 shares × $0.27 = $3,361,500.00 ≈ stated approximately $3,361,500 ✔",
    ],
    "fictional-quarry-lane-software_2022-02-08_buyback.md": [
        "2,320,000 shares × $30.86 = $71,595,200.00 ✔",
    ],
    "fictional-ironbark-semiconductor_2023-11-14_convertible.md": [
        "$42,400,000.00 + $200,000,000.00 + $147,000,000.00 = $389,400,000.00 ≈ stated approximately $389.4 million ✔",
        "$400,000,000.00 - 2.5% × $400,000,000.00 - $600,000.00 = $389,400,000.00 ≈ stated approximately $389.4 million ✔",
    ],
    "fictional-kasumi-precision_2021-05-13_stock_split.txt": [
        "18,426,540 + 36,853,080 = 55,279,620 ✔",
        "18,426,540 shares × 3/1 = 55,279,620 whole shares ✔",
        "60,000,000 shares × 3/1 = 180,000,000 whole shares ✔",
        "JPY3,150 × 1/3 = JPY1,050 per share ✔",
        "JPY45 × 1/3 = JPY15 per share ✔",
    ],
    "fictional-saltmarsh-shipping_2023-04-06_rights_offering.html": [
        "10,000,000 shares × $4.00 = $40,000,000.00 ✔",
        "40,000,000 + 10,000,000 = 50,000,000 ✔",
        "$25,000,000.00 + $14,100,000.00 = $39,100,000.00 ✔",
    ],
}


@pytest.mark.parametrize("name", sorted(SAMPLE_CHECKS))
def test_sample_audit(name):
    checks = audit(sample_text(name))
    assert sorted(check.formula for check in checks) == sorted(SAMPLE_CHECKS[name])
    assert all(check.ok and check.quotes for check in checks)


@pytest.mark.parametrize(
    ("name", "old", "new", "broken"),
    [
        (
            "fictional-bluefin-grid-systems_2025-01-22_reverse_split.md",
            "approximately 4,215,812 shares. The",
            "approximately 4,215,900 shares. The",
            "84,316,240 shares × 1/20 = 4,215,812 whole shares; stated approximately 4,215,900 ✘",
        ),
        (
            "fictional-meadowlark-therapeutics_2020-09-17_private_placement.md",
            "approximately $13.8 million",
            "approximately $13.9 million",
            "$15,000,001.25 - $1,050,000.00 - $150,000.00 = $13,800,001.25; stated approximately $13.9 million ✘",
        ),
        (
            "fictional-quarry-lane-software_2022-02-08_buyback.md",
            "$71,595,200",
            "$71,595,300",
            "2,320,000 shares × $30.86 = $71,595,200.00; stated $71,595,300 ✘",
        ),
        (
            "fictional-kasumi-precision_2021-05-13_stock_split.txt",
            "after adjustment\tJPY1,050",
            "after adjustment\tJPY1,150",
            "JPY3,150 × 1/3 = JPY1,050 per share; stated JPY1,150 ✘",
        ),
    ],
    ids=["split", "approximate-net", "buyback-total", "split-price"],
)
def test_altered_sample_fails_only_the_broken_relation(name, old, new, broken):
    original = sample_text(name)
    assert original.count(old) == 1
    checks = audit(original.replace(old, new))
    assert [check.formula for check in checks if not check.ok] == [broken]
    assert len(checks) == len(SAMPLE_CHECKS[name])


def test_approximately_allows_the_rounding_of_the_last_digit_only():
    text = normalize(
        "Offering\n\nThe Company sold 1,000,000 shares of common stock at an offering price of $2.46 per share, "
        "for gross proceeds of approximately $2.5 million.\n"
    )
    [check] = audit(text)
    assert check.ok and check.formula.endswith("≈ stated approximately $2.5 million ✔")
    [check] = audit(
        text.replace("approximately $2.5 million", "approximately $2.6 million")
    )
    assert not check.ok
    [check] = audit(text.replace("approximately $2.5 million", "$2.5 million"))
    assert not check.ok, "without 'approximately' the comparison is exact"


def test_nothing_to_check_gives_an_empty_list():
    cmuv_like = normalize(
        "# Bancorp Announces Cash Dividend\n\nEL CENTRO, CA - May 23, 2025 (NEWMEDIAWIRE) - The Board approved a "
        "$0.12 cash dividend per common share. The dividend will be payable on June 30, 2025, to all shareholders "
        "of record on June 9, 2025.\n"
    )
    assert audit(cmuv_like) == []


def test_no_relation_is_invented_from_figures_the_text_does_not_tie_together():
    text = normalize(
        "Update\n\nThe Company has 52,400,000 shares outstanding. Its shares closed at $12.50 per share on "
        "June 11, 2024. Revenue for the year was $100,000,000.\n"
    )
    assert audit(text) == []


def test_check_json_contract():
    [check, *_] = audit(sample_text(IIJ.name))
    payload = json.loads(json.dumps(check.to_json()))
    assert set(payload) == {"ok", "formula", "quotes"}
    assert (
        payload["ok"] is True
        and isinstance(payload["quotes"], list)
        and payload["quotes"]
    )
