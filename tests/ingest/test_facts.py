"""Fact extraction on the IIJ notice and the bundled samples: kinds, labels, exact spans, chunks."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from ingest.chunking import chunk_notice
from ingest.embedding import Embedder
from ingest.fact_scan import KINDS, find_figures
from ingest.facts import Fact, extract_facts
from ingest.loaders import load_bytes
from ingest.normalize import normalize
from tests.conftest import IIJ, REPO, SAMPLES

FACTS_MD = next(
    p for p in (REPO / "examples" / "FACTS.md", SAMPLES / "FACTS.md") if p.exists()
)
SAMPLE_FILES = sorted(
    p
    for p in SAMPLES.iterdir()
    if p.suffix in (".txt", ".md", ".html", ".htm") and p.name != "FACTS.md"
)


@cache
def _tokens() -> Embedder:
    return Embedder()  # the tokenizer only: the model is never loaded here


@cache
def notice(name: str) -> tuple[str, list, list[Fact]]:
    """(normalized text, chunks, facts) of a sample notice, read as the pipeline reads it."""
    path = SAMPLES / name
    text = normalize(load_bytes(path.name, path.read_bytes(), 10**8).text)
    chunks = chunk_notice(
        path.stem, text, text.split("\n", 1)[0][:160], _tokens().count_tokens
    )
    return text, chunks, extract_facts(text, chunks)


def find(facts: list[Fact], written: str, kind: str, label: str = "") -> list[Fact]:
    """Facts written exactly so, of that kind, whose label contains ``label`` (case-insensitive)."""
    return [
        f
        for f in facts
        if f.text == written and f.kind == kind and label.lower() in f.label.lower()
    ]


# --- the IIJ notice -------------------------------------------------------------------------------

IIJ_EXPECTED = [
    # (written, kind, label contains, value, currency)
    ("700,000", "shares", "Number of Shares to be Issued", Decimal(700000), None),
    (
        "JPY2,245,600,000",
        "money",
        "Total Amount to be Paid",
        Decimal(2245600000),
        "JPY",
    ),
    ("JPY3,208", "per_share", "Total Amount to be Paid", Decimal(3208), "JPY"),
    (
        "JPY1,122,800,000",
        "money",
        "Increase in Stated Capital",
        Decimal(1122800000),
        "JPY",
    ),
    (
        "JPY1,122,800,000",
        "money",
        "Additional Paid-in Capital",
        Decimal(1122800000),
        "JPY",
    ),
    ("JPY1,604", "per_share", "Increase in Stated Capital", Decimal(1604), "JPY"),
    ("JPY1,604", "per_share", "Additional Paid-in Capital", Decimal(1604), "JPY"),
    ("Friday, August 2, 2013", "date", "Subscription Date", date(2013, 8, 2), None),
    (
        "Monday, August 5, 2013",
        "date",
        "Payment Date (in Japan)",
        date(2013, 8, 5),
        None,
    ),
    ("45,997,800", "shares", "issued shares at present", Decimal(45997800), None),
    ("700,000", "shares", "Increase in the number of shares", Decimal(700000), None),
    ("46,697,800", "shares", "issued shares after", Decimal(46697800), None),
    ("JPY17,223,200,000", "money", "proceeds", Decimal(17223200000), "JPY"),
    (
        "JPY10,122,000,000",
        "money",
        "use of proceeds: capital investment",
        Decimal(10122000000),
        "JPY",
    ),
    (
        "JPY5,111,200,000",
        "money",
        "use of proceeds: repay debt for network equipment",
        Decimal(5111200000),
        "JPY",
    ),
    (
        "JPY1,990,000,000",
        "money",
        "use of proceeds: repay debt",
        Decimal(1990000000),
        "JPY",
    ),
    ("July 2, 2013", "date", "board meeting", date(2013, 7, 2), None),
    ("August 1, 2013", "date", "announcement date", date(2013, 8, 1), None),
]


@pytest.mark.parametrize(
    ("written", "kind", "label", "value", "currency"),
    IIJ_EXPECTED,
    ids=lambda v: str(v)[:30],
)
def test_iij_fact(written, kind, label, value, currency):
    text, chunks, facts = notice(IIJ.name)
    found = find(facts, written, kind, label)
    assert found, (
        f"no {kind} {written!r} labelled ~{label!r}; have {[(f.kind, f.text, f.label) for f in facts]}"
    )
    for fact in found:
        assert text[fact.start : fact.end] == written
        assert fact.value == value and type(fact.value) is type(value)
        assert fact.currency == currency
        chunk = chunks[fact.chunk_index]
        assert (
            chunk.index == fact.chunk_index
            and chunk.start <= fact.start
            and fact.end <= chunk.end
        )
        assert written in fact.context


def test_iij_rows_give_total_and_per_share_both_labelled_from_the_row():
    _, _, facts = notice(IIJ.name)
    row = [f for f in facts if f.label == "Total Amount to be Paid"]
    assert [(f.kind, f.text) for f in row] == [
        ("money", "JPY2,245,600,000"),
        ("per_share", "JPY3,208"),
    ]
    assert (
        row[0].context
        == "2. Total Amount to be Paid\tJPY2,245,600,000 JPY3,208 per share"
    )


def test_iij_has_no_facts_from_boilerplate_or_contacts():
    _, _, facts = notice(IIJ.name)
    texts = {f.text for f in facts}
    assert not texts & {"1992", "1999", "2006", "1933", "3774", "5259", "6500", "20-F"}
    assert all("Founded" not in f.context and "Tel:" not in f.context for f in facts)


def test_every_fact_span_is_exact_and_in_its_chunk_in_every_sample():
    for path in SAMPLE_FILES:
        text, chunks, facts = notice(path.name)
        assert facts, path.name
        for fact in facts:
            assert text[fact.start : fact.end] == fact.text, (path.name, fact)
            chunk = chunks[fact.chunk_index]
            assert chunk.start <= fact.start and fact.end <= chunk.end, (
                path.name,
                fact,
            )
            assert fact.text in fact.context
            assert fact.kind in KINDS
            assert fact.label


def test_records_round_trip_exactly_through_json():
    for path in SAMPLE_FILES:
        _, _, facts = notice(path.name)
        for fact in facts:
            record = json.loads(json.dumps(fact.to_record()))
            assert Fact.from_record({**record, "doc_id": "d", "chunk_id": "c"}) == fact
            assert Fact.from_record(record).to_record() == fact.to_record()


def test_values_are_exact_never_float():
    for path in SAMPLE_FILES:
        for fact in notice(path.name)[2]:
            assert not isinstance(fact.value, float)
            if fact.kind == "date":
                assert isinstance(fact.value, date)
            elif fact.kind == "ratio":
                new, old = fact.ratio
                assert isinstance(new, Decimal) and isinstance(old, Decimal)
            else:
                assert isinstance(fact.value, Decimal)


def test_no_chunks_no_facts():
    text, _, _ = notice(IIJ.name)
    assert extract_facts(text, []) == []


# --- the samples, from examples/FACTS.md ------------------------------------------------------------

# Rows of FACTS.md that name no figure or date (tickers, names, CUSIPs, durations, words).
NOT_FIGURES = re.compile(
    r"(?i)^(?:ticker|joint book-running managers|placement agent|transfer agent|new cusip|old cusip|"
    r"treatment of fractional shares|warrants per share sold|warrant term|resale registration statement deadline|"
    r"payout of quarterly earnings|underwriters' option: period|option period)$"
)


def _facts_md_rows() -> list[tuple[str, str, str]]:
    rows = []
    for section in re.split(r"\n## ", FACTS_MD.read_text())[1:]:
        name = re.match(r"`([^`]+)`", section).group(1)
        for label, value in re.findall(
            r"^\| ([^|]+?) \| `([^`]+)` \|$", section, re.MULTILINE
        ):
            if not NOT_FIGURES.match(label.strip()) and (SAMPLES / name).exists():
                rows.append((name, label.strip(), value))
    return rows


@pytest.mark.parametrize(
    ("name", "label", "value"), _facts_md_rows(), ids=lambda v: str(v)[:40]
)
def test_every_figure_in_facts_md_is_extracted_where_it_is_written(name, label, value):
    text, _, facts = notice(name)
    starts = [m.start() for m in re.finditer(re.escape(value), text)]
    assert starts, f"{value!r} is not in {name}"
    inside = [
        f
        for f in facts
        if any(s <= f.start and f.end <= s + len(value) for s in starts)
    ]
    assert inside, f"no fact inside {value!r} ({label})"


# The key figures of each sample with the kind and the label they must carry.
SAMPLE_EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "fictional-harbor-robotics_2024-06-11_public_offering.md": [
        ("June 11, 2024", "date", "announcement date"),
        ("8,000,000", "shares", "shares offered"),
        ("$12.50", "per_share", "offering price"),
        ("$100,000,000", "money", "gross proceeds"),
        ("1,200,000", "shares", "underwriters' option"),
        ("$115,000,000", "money", "gross proceeds"),
        ("June 13, 2024", "date", "closing date"),
        ("$0.75", "per_share", "underwriting discount"),
        ("6.0%", "percentage", "discount"),
        ("$6,000,000", "money", "underwriting discount"),
        ("$850,000", "money", "offering expenses"),
        ("$93,150,000", "money", "net proceeds"),
        ("$45,000,000", "money", "use of proceeds: expand manufacturing capacity"),
        ("$30,000,000", "money", "use of proceeds: fund research and development"),
        ("$18,150,000", "money", "use of proceeds: working capital"),
        ("$13.60", "per_share", "closing price"),
        ("8.1%", "percentage", "discount"),
        ("52,400,000", "shares", "shares outstanding before"),
        ("60,400,000", "shares", "shares outstanding after"),
    ],
    "fictional-meadowlark-therapeutics_2020-09-17_private_placement.md": [
        ("$15.0 million", "money", "gross proceeds"),
        ("4,615,385", "shares", "shares offered"),
        ("4,615,385", "shares", "warrants"),
        ("$3.25", "per_share", "purchase price"),
        ("$15,000,001.25", "money", "gross proceeds"),
        ("$3.60", "per_share", "exercise price"),
        ("September 21, 2020", "date", "closing date"),
        ("7.0%", "percentage", "fee"),
        ("$1.05 million", "money", "placement agent fee"),
        ("$150,000", "money", "offering expenses"),
        ("$13.8 million", "money", "net proceeds"),
        ("$21.4 million", "money", "cash and cash equivalents"),
    ],
    "fictional-bluefin-grid-systems_2025-01-22_reverse_split.md": [
        ("1-for-20", "ratio", "split ratio"),
        ("Monday, January 27, 2025", "date", "effective date"),
        ("January 27, 2025", "date", "split-adjusted trading"),
        ("January 15, 2025", "date", "meeting"),
        ("$1.00", "per_share", "bid price"),
        ("October 2, 2024", "date", "notice"),
        ("84,316,240", "shares", "shares outstanding before"),
        ("4,215,812", "shares", "shares outstanding after"),
        ("200,000,000", "shares", "authorized shares"),
        ("$0.0001", "per_share", "par value"),
        ("Friday, January 24, 2025", "date", "price date"),
        ("$2.15", "per_share", "exercise price"),
        ("$43.00", "per_share", "exercise price"),
    ],
    "fictional-cedar-creek-bancshares_2019-10-24_dividend.md": [
        ("$0.27", "per_share", "dividend per share"),
        ("November 22, 2019", "date", "payment date"),
        ("November 8, 2019", "date", "record date"),
        ("November 7, 2019", "date", "ex-dividend date"),
        ("$0.25", "per_share", "dividend per share"),
        ("$0.02", "per_share", "increase"),
        ("8.0%", "percentage", "increase"),
        ("$1.08", "per_share", "annualized dividend"),
        ("$36.00", "per_share", "closing price"),
        ("3.00%", "percentage", "dividend yield"),
        ("12,450,000", "shares", "shares outstanding"),
        ("$3,361,500", "money", "aggregate dividend payment"),
        ("$0.81", "per_share", "earnings per share"),
    ],
    "fictional-quarry-lane-software_2022-02-08_buyback.md": [
        ("$150 million", "money", "repurchase authorization"),
        ("5,000,000", "shares", "share limit"),
        ("7.46%", "percentage", ""),
        ("67,020,000", "shares", "shares outstanding"),
        ("February 29, 2024", "date", "expiration date"),
        ("$100 million", "money", "repurchase authorization"),
        ("2,320,000", "shares", "shares repurchased"),
        ("$30.86", "per_share", "average price"),
        ("$71,595,200", "money", "aggregate purchase price"),
        ("$28,404,800", "money", "remaining"),
        ("$178,404,800", "money", "total repurchase capacity"),
        ("$96.3 million", "money", "free cash flow"),
        ("$412.7 million", "money", "cash and cash equivalents"),
    ],
    "fictional-ironbark-semiconductor_2023-11-14_convertible.md": [
        ("$400,000,000", "money", "principal amount"),
        ("$350,000,000", "money", "principal amount"),
        ("$60,000,000", "money", "principal amount"),
        ("2.25%", "percentage", "interest rate"),
        ("December 1, 2029", "date", "maturity date"),
        ("18.8679", "shares", "conversion rate"),
        ("$53.00", "per_share", "conversion price"),
        ("32.5%", "percentage", "premium"),
        ("$40.00", "per_share", "closing price"),
        ("December 6, 2026", "date", "redemption"),
        ("$68.90", "per_share", "conversion price"),
        ("$389.4 million", "money", "net proceeds"),
        ("$447.9 million", "money", "net proceeds"),
        ("2.5%", "percentage", "discount"),
        ("$0.6 million", "money", "offering expenses"),
        ("$42.4 million", "money", "use of proceeds: pay the cost of the capped call"),
        ("$200.0 million", "money", "use of proceeds: repay"),
        ("$147.0 million", "money", "use of proceeds: general corporate purposes"),
        ("$80.00", "per_share", "cap price"),
        ("November 17, 2023", "date", "closing date"),
    ],
    "fictional-kasumi-precision_2021-05-13_stock_split.txt": [
        ("three (3)", "ratio", "split ratio"),
        ("18,426,540", "shares", "issued shares before the stock split"),
        ("36,853,080", "shares", "increased by the stock split"),
        ("55,279,620", "shares", "issued shares after the stock split"),
        ("180,000,000", "shares", "authorized shares after the stock split"),
        ("60,000,000", "shares", "current"),
        ("Tuesday, June 15, 2021", "date", "public notice of record date"),
        ("Monday, June 28, 2021", "date", "ex-rights date"),
        ("Wednesday, June 30, 2021", "date", "record date"),
        ("Thursday, July 1, 2021", "date", "effective date"),
        ("Thursday, May 13, 2021", "date", "resolution of the board"),
        ("JPY3,150", "per_share", "exercise price before"),
        ("JPY1,050", "per_share", "exercise price after"),
        ("JPY45", "per_share", "dividend"),
        ("JPY15", "per_share", "dividend"),
        ("100", "shares", "share unit"),
    ],
    "fictional-saltmarsh-shipping_2023-04-06_rights_offering.html": [
        ("March 6, 2023", "date", "record date"),
        ("40,000,000", "shares", "common shares outstanding on the record date"),
        ("40,000,000", "count", "subscription rights distributed"),
        ("0.25", "shares", "per right"),
        ("$4.00", "per_share", "subscription price"),
        ("March 31, 2023", "date", "expiration"),
        ("10,000,000", "shares", "maximum shares offered"),
        ("8,210,400", "shares", "basic subscription privilege"),
        ("3,115,900", "shares", "requested under the over-subscription"),
        ("1,789,600", "shares", "allocated under the over-subscription"),
        ("10,000,000", "shares", "total shares to be issued"),
        ("$40,000,000", "money", "gross proceeds"),
        ("$900,000", "money", "fees and offering expenses"),
        ("$39,100,000", "money", "net proceeds"),
        ("50,000,000", "shares", "outstanding after issuance"),
        ("April 10, 2023", "date", "issuance date"),
        ("57.4%", "percentage", ""),
        ("20%", "percentage", "discount"),
        ("$5.00", "per_share", "closing price"),
        (
            "$25,000,000",
            "money",
            "use of proceeds: repay in full the senior secured loan",
        ),
        ("$14,100,000", "money", "use of proceeds: fund part of the purchase price"),
    ],
}


@pytest.mark.parametrize(
    ("name", "written", "kind", "label"),
    [(name, *row) for name, rows in SAMPLE_EXPECTED.items() for row in rows],
    ids=lambda v: str(v)[:30],
)
def test_sample_fact(name, written, kind, label):
    text, _, facts = notice(name)
    found = find(facts, written, kind, label)
    assert found, (
        f"no {kind} {written!r} labelled ~{label!r}; have {[(f.kind, f.label) for f in facts if f.text == written]}"
    )
    assert all(text[f.start : f.end] == written for f in found)


def test_approximate_and_scale_are_kept():
    _, _, facts = notice(
        "fictional-meadowlark-therapeutics_2020-09-17_private_placement.md"
    )
    [net] = find(facts, "$13.8 million", "money")
    assert (net.value, net.currency, net.scale, net.approximate) == (
        Decimal(13800000),
        "USD",
        "million",
        True,
    )
    [exact] = find(facts, "$15,000,001.25", "money")
    assert (exact.value, exact.scale, exact.approximate) == (
        Decimal("15000001.25"),
        None,
        False,
    )


def test_scale_letters_and_ranges_of_money():
    """British notices write "£1,000m" and "£2.3m"; a range's first figure is never cut short
    ("$80-120 million" is not "$8")."""
    from ingest.fact_scan import find_figures

    text = "A buy-back of up to £1,000m, costs of £2.3m, fees of $500k and guidance of $80-120 million."
    assert [(text[f.start : f.end], f.value) for f in find_figures(text)] == [
        ("£1,000m", Decimal(1_000_000_000)),
        ("£2.3m", Decimal(2_300_000)),
        ("$500k", Decimal(500_000)),
    ]


def test_pence_and_cents_are_money_as_written():
    """UK notices price shares in pence ("491p", "66.5 pence"); dividends are declared in cents.
    Read as bare numbers, a price per share was no money candidate and "491p" no figure at all."""
    from ingest.fact_scan import find_figures

    text = (
        "The shares were bought at 491p per share, at most 425.0000p, against 66.5 pence last "
        "year; a final dividend of AU 18 cents per share. Phase 3 P values and 5 P."
    )
    assert [
        (text[f.start : f.end], f.value, f.currency) for f in find_figures(text)
    ] == [
        ("491p", Decimal(491), "GBX"),
        ("425.0000p", Decimal("425.0000"), "GBX"),
        ("66.5 pence", Decimal("66.5"), "GBX"),
        ("18 cents", Decimal(18), "CENTS"),
    ]


def test_ratio_values_are_new_for_old():
    _, _, facts = notice("fictional-kasumi-precision_2021-05-13_stock_split.txt")
    [ratio] = [f for f in facts if f.kind == "ratio"]
    assert (ratio.value, ratio.ratio) == ("3-for-1", (Decimal(3), Decimal(1)))
    _, _, facts = notice("fictional-bluefin-grid-systems_2025-01-22_reverse_split.md")
    assert {f.ratio for f in facts if f.kind == "ratio"} == {(1, 20), (1, 5), (1, 30)}


def test_a_ratio_in_words_is_a_ratio_up_to_ninety():
    """Reverse splits are often one-for-thirty or one-for-fifty, beyond the numbers to twenty."""
    facts = find_figures("The board approved a one-for-fifty reverse stock split.")
    assert [(f.kind, f.value) for f in facts] == [("ratio", "1-for-50")]


def test_junk_numbers_are_not_facts():
    """Phone numbers, CUSIPs, years, form and rule numbers, addresses are never figures."""
    text = normalize(
        "# Example Corp Announces Offering\n\n"
        "NEW YORK, March 3, 2025 /PRNewswire/ -- Example Corp (NASDAQ: EXMP), founded in 1992, announced "
        "the sale of 1,000,000 shares at $5.00 per share under Rule 144A; the new CUSIP is 30231G102.\n\n"
        "Copies may be obtained at 430 Park Avenue, 3rd Floor, New York, New York 10022, by phone at "
        "(212) 856-5711, File No. 333-284407, and on Form 20-F.\n\n"
        "Contact: Jane Doe, +1 (617) 555-0142\n"
    )
    chunks = chunk_notice("x", text, "Example", _tokens().count_tokens)
    facts = extract_facts(text, chunks)
    assert [(f.kind, f.text) for f in facts] == [
        ("date", "March 3, 2025"),
        ("shares", "1,000,000"),
        ("per_share", "$5.00"),
    ]


def test_payment_and_record_dates_in_one_sentence():
    text = normalize(
        "Dividend\n\nThe Board declared a cash dividend of $0.142 per share, payable on March 31, 2025, "
        "to all shareholders of record on March 10, 2025. The ex-dividend date is March 10, 2025.\n"
    )
    facts = extract_facts(
        text, chunk_notice("x", text, "Dividend", _tokens().count_tokens)
    )
    assert [(f.kind, f.text, f.label) for f in facts] == [
        ("per_share", "$0.142", "dividend per share"),
        ("date", "March 31, 2025", "payment date"),
        ("date", "March 10, 2025", "record date"),
        ("date", "March 10, 2025", "ex-dividend date"),
    ]


def test_prose_figures_from_the_brief():
    text = normalize(
        "Placement\n\nThe Company agreed to sell 3,380,276 shares of its common stock at a price per share of "
        "$0.142, for gross proceeds to the Company of approximately $480,000. The Board approved a 1-for-335 "
        "reverse stock split at its meeting held on July 2, 2013.\n"
    )
    facts = extract_facts(
        text, chunk_notice("x", text, "Placement", _tokens().count_tokens)
    )
    got = [(f.kind, f.text, f.label, f.approximate) for f in facts]
    assert got == [
        ("shares", "3,380,276", "shares offered", False),
        ("per_share", "$0.142", "purchase price", False),
        ("money", "$480,000", "gross proceeds", True),
        ("ratio", "1-for-335", "split ratio", False),
        ("date", "July 2, 2013", "board meeting", False),
    ]


def test_sample_files_are_all_covered_by_expectations():
    """A sample added to examples/notices/ gets expectations here (FACTS.md covers its figures)."""
    names = {p.name for p in SAMPLE_FILES}
    assert names <= set(SAMPLE_EXPECTED) | {IIJ.name}, names - set(SAMPLE_EXPECTED)


def test_samples_directory_is_where_the_tests_look():
    assert Path(SAMPLES).is_dir() and FACTS_MD.exists()


@pytest.mark.parametrize(
    "text",
    [
        "Allotment\n\n1. Payment Date\t5 August 2013\n2. Subscription Date\t2013/08/05\n",
        "Allotment\n\nThe payment date is 5 August 2013 and the record date is 2013/08/05.\n",
    ],
    ids=["rows", "prose"],
)
def test_day_month_year_and_slashed_iso_dates_are_facts(text):
    text = normalize(text)
    facts = extract_facts(
        text, chunk_notice("x", text, "Allotment", _tokens().count_tokens)
    )
    got = [(f.kind, f.text, f.label.lower(), f.value) for f in facts]
    second = "subscription date" if "\t" in text else "record date"
    assert got == [
        ("date", "5 August 2013", "payment date", date(2013, 8, 5)),
        ("date", "2013/08/05", second, date(2013, 8, 5)),
    ]
    assert all(text[f.start : f.end] == f.text for f in facts)
    assert [
        Fact.from_record(json.loads(json.dumps(f.to_record()))) for f in facts
    ] == facts


def test_a_loss_written_in_parentheses_after_the_symbol_is_negative():
    from ingest.fact_scan import find_figures

    text = "Net loss attributable to the Company was $(842,075), or $(0.03) per share."
    assert [(text[f.start : f.end], f.value) for f in find_figures(text)] == [
        ("$(842,075)", Decimal(-842075)),
        ("$(0.03)", Decimal("-0.03")),
    ]
    gloss = "a payment of JPY 500 million (US$4.5 million) in cash"
    assert [f.value for f in find_figures(gloss)] == [
        Decimal(500000000),
        Decimal(4500000),
    ]
