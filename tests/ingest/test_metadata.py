from datetime import date

import pytest

from ingest.loaders import load_bytes
from ingest.metadata import extract_metadata
from ingest.normalize import normalize
from tests.conftest import IIJ, SAMPLES


def meta_of(path):
    loaded = load_bytes(path.name, path.read_bytes(), 10**8)
    return extract_metadata(normalize(loaded.text), loaded.format_title)


def test_iij_metadata():
    meta = meta_of(IIJ)
    assert (
        meta.title
        == "Notice of Determination of Number of New Shares to be Issued through Third-Party Allotment"
    )
    assert meta.issuer == "Internet Initiative Japan Inc."
    assert meta.tickers == ("NASDAQ:IIJI", "TSE:3774")
    assert meta.date == date(2013, 8, 1)
    assert meta.type == "third-party allotment"


@pytest.mark.parametrize(
    ("stem", "issuer", "tickers", "day", "kind"),
    [
        (
            "fictional-bluefin-grid-systems_2025-01-22_reverse_split",
            "Fictional Bluefin Grid Systems Corp.",
            ("NASDAQ:FBGZ",),
            date(2025, 1, 22),
            "split or consolidation",
        ),
        (
            "fictional-cedar-creek-bancshares_2019-10-24_dividend",
            "Fictional Cedar Creek Bancshares, Inc.",
            ("NASDAQ:FCCQ",),
            date(2019, 10, 24),
            "dividend",
        ),
        (
            "fictional-harbor-robotics_2024-06-11_public_offering",
            "Fictional Harbor Robotics Inc.",
            ("NASDAQ:FHRB",),
            date(2024, 6, 11),
            "offering",
        ),
        (
            "fictional-ironbark-semiconductor_2023-11-14_convertible",
            "Fictional Ironbark Semiconductor Holdings, Inc.",
            ("NASDAQ:FISQ",),
            date(2023, 11, 14),
            "convertible",
        ),
        (
            "fictional-kasumi-precision_2021-05-13_stock_split",
            "Fictional Kasumi Precision Industries Co., Ltd.",
            ("TSE:9999",),
            date(2021, 5, 13),
            "split or consolidation",
        ),
        (
            "fictional-meadowlark-therapeutics_2020-09-17_private_placement",
            "Fictional Meadowlark Therapeutics, Inc.",
            ("NASDAQ:FMDW",),
            date(2020, 9, 17),
            "private placement",
        ),
        (
            "fictional-quarry-lane-software_2022-02-08_buyback",
            "Fictional Quarry Lane Software Inc.",
            ("NYSE:FQLS",),
            date(2022, 2, 8),
            "buyback",
        ),
        (
            "fictional-saltmarsh-shipping_2023-04-06_rights_offering",
            "Fictional Saltmarsh Shipping Ltd.",
            ("NYSEAMERICAN:FSMS",),
            date(2023, 4, 6),
            "offering",
        ),
    ],
)
def test_sample_metadata(stem, issuer, tickers, day, kind):
    [path] = SAMPLES.glob(f"{stem}.*")
    meta = meta_of(path)
    assert (meta.issuer, meta.tickers, meta.date, meta.type) == (
        issuer,
        tickers,
        day,
        kind,
    )
    assert meta.title.startswith(("Fictional", "Notice"))


def test_nothing_is_guessed_when_the_text_does_not_say():
    meta = extract_metadata(
        normalize(
            "Quarterly update\n\nOur team had a good quarter and thanks customers."
        )
    )
    assert meta.title == "Quarterly update"
    assert (meta.issuer, meta.tickers, meta.date, meta.type) == (
        None,
        (),
        None,
        "other",
    )


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "FISHERS, IN - May 23, 2025 (NEWMEDIAWIRE) - Royalty Corp. (Nasdaq: RMCO) said",
            date(2025, 5, 23),
        ),
        (
            "NEW YORK, March 3, 2025 /PRNewswire/ -- Example Inc. (NYSE: EX) today",
            date(2025, 3, 3),
        ),
        (
            "Potomac, MD (Newsworthy.ai) Tuesday Oct 15, 2024 @ 11:00 AM Eastern - Curbio",
            date(2024, 10, 15),
        ),
        ("The program runs until March 3, 2026 and may be extended.", None),
    ],
)
def test_datelines(text, day):
    assert extract_metadata(f"Title\n\n{text}").date == day


@pytest.mark.parametrize(
    ("lead", "issuer"),
    [
        (
            "The Board of Directors of Fictional Plover Bancorp (OTC: FPLB) declared a dividend.",
            "Fictional Plover Bancorp",
        ),
        (
            "said Jane Roe, CEO of Fictional Plover Labs, Inc. in a statement.",
            "Fictional Plover Labs, Inc.",
        ),
        (
            "The Supervisory Board of Fictional Plover SE approved the plan.",
            "Fictional Plover SE",
        ),
        (
            "said John Roe, Senior HR Leader, Fictional Plover Ltd. today.",
            "Fictional Plover Ltd.",
        ),
        ("About Fictional Plover REIT Inc.\nmore", "Fictional Plover REIT Inc."),
        (
            "On March 26, 2024, Fictional Plover Inc. announced a buyback.",
            "Fictional Plover Inc.",
        ),
        # A dateline's date comes before the name, never in it.
        (
            "TOKYO June 24, Fictional Plover Japan Inc. announced",
            "Fictional Plover Japan Inc.",
        ),
        (
            "on 22 April 2024 and 29 July 2024, Fictional Plover PLC said",
            "Fictional Plover PLC",
        ),
        ("May Fictional Stores Inc. announced", "May Fictional Stores Inc."),
        # A name that holds "of" but no role stays whole.
        (
            "Fictional Bank of Plover Corporation announced",
            "Fictional Bank of Plover Corporation",
        ),
    ],
)
def test_the_issuer_is_the_name_not_the_phrase_around_it(lead: str, issuer: str):
    assert extract_metadata(f"Title\n\n{lead}").issuer == issuer


def test_the_company_as_a_notice_calls_its_issuer_is_no_issuer():
    """ "As of December 31, 2019, the Company had..." names no company: read as the issuer, every
    question with "Company" in it named the notice."""
    assert (
        extract_metadata(
            "Title\n\nAs of December 31, 2019, the Company had cash."
        ).issuer
        is None
    )


def test_where_a_saved_copy_came_from_is_no_title():
    text = "Source: https://example.com/rns/123\n\nTransaction in own shares\n\nThe Company announces..."
    assert extract_metadata(text).title == "Transaction in own shares"


@pytest.mark.parametrize(
    ("lead", "issuer"),
    [
        # A Japanese exchange notice's heading labels its issuer, often in capitals.
        (
            (
                "June 3, 2024\nCompany Name: FICTIONAL PLOVER CORPORATION\n"
                "Representative: Jane Roe, President\nNotice Regarding Own Shares"
            ),
            "FICTIONAL PLOVER CORPORATION",
        ),
        (
            'FICTIONAL PLOVER & CO., LTD. (hereinafter "PLOVER") decided to repurchase.',
            "FICTIONAL PLOVER & CO., LTD.",
        ),
        # A year before the name, as a bond's title writes it, is not part of the name.
        (
            "Zero Coupon Convertible Bonds due 2028 Fictional Plover Co., Ltd. announces",
            "Fictional Plover Co., Ltd.",
        ),
    ],
)
def test_an_issuer_labelled_or_written_in_capitals_is_read(lead: str, issuer: str):
    assert extract_metadata(f"Title\n\n{lead}").issuer == issuer


def test_a_clause_before_the_company_is_no_issuer():
    """ "Following Admission, the Company will have ..." names no company: before, the whole
    phrase was the issuer, and its words named the notice."""
    for lead in (
        "Following Admission, the Company will have 100 shares in issue.",
        "Accordingly, the Company has raised funds.",
    ):
        assert extract_metadata(f"Title\n\n{lead}").issuer is None


def test_an_alias_is_read_after_any_writing_of_the_issuer_s_name():
    """The heading writes the name in capitals, the sentence that defines its short name in
    title case: the short name is still the issuer's."""
    text = (
        "Title\n\nCompany Name: FICTIONAL PLOVER CORPORATION\n"
        'Fictional Plover Corporation ("FPC", "The Company") announced a split.'
    )
    meta = extract_metadata(text)
    assert meta.issuer == "FICTIONAL PLOVER CORPORATION"
    assert meta.aliases == ("FPC",)


def test_the_title_run_into_the_first_sentence_is_not_part_of_the_issuer():
    """PDF text runs the title into the sentence that names the issuer."""
    text = (
        "Notice Regarding Acquisition of Treasury Shares\n\nTo Whom It May Concern "
        "Notice Regarding Acquisition of Treasury Shares Fictional Plover Entertainment, Inc. "
        "(the Company) hereby announces"
    )
    assert extract_metadata(text).issuer == "Fictional Plover Entertainment, Inc."
