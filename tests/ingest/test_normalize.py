from ingest.normalize import normalize


def test_full_width_digits_and_punctuation_become_ascii():
    assert (
        normalize("発行価格　１株につき３，２０８円（注）")
        == "発行価格 1株につき3,208円(注)"
    )


def test_typographic_quotes_and_no_break_spaces():
    assert (
        normalize("\u201cIIJ\u201d\u00a0the \u2018Company\u2019")
        == "\"IIJ\" the 'Company'"
    )


def test_tab_separated_rows_are_kept_as_rows():
    text = "6. Payment Date (in Japan)\tMonday, August 5, 2013"
    assert normalize(text) == text


def test_a_table_that_opens_the_text_keeps_its_empty_corner_cell():
    """Stripping the text's ends must not take the header row's first tab: the years would
    move one column left, and every figure stand under the wrong year."""
    text = (
        "\n|  | 2019 | 2018 |\n|---|---|---|\n| Investments | 1,216.0 | 1,212.9 |\n\n"
    )
    assert normalize(text) == "\t2019\t2018\nInvestments\t1,216.0\t1,212.9"


def test_column_gaps_of_three_or_more_spaces_become_tabs():
    assert (
        normalize("Payment Date      August 5, 2013") == "Payment Date\tAugust 5, 2013"
    )
    assert normalize("today.  For a period") == "today. For a period"


def test_archive_footer_of_links_is_dropped():
    text = (
        "# Title\n\nBody text.\n\n---\n\n[Original/Source Press Release](https://example.invalid/a)\n\n"
        "![Blockchain Registration](https://example.invalid/q.webp)\n"
    )
    assert normalize(text) == "# Title\n\nBody text."


def test_a_rule_followed_by_prose_is_kept():
    text = "Body.\n\n---\n\nMore body that is not a link."
    assert normalize(text) == text


def test_markdown_links_and_emphasis_reduced_to_text():
    assert (
        normalize("See **the [release](https://x.invalid/a)** now")
        == "See the release now"
    )


def test_blank_line_runs_collapse_and_crlf_is_unified():
    assert normalize("a\r\n\r\n\r\n\r\nb") == "a\n\nb"


def test_a_list_laid_out_with_tabs_and_bullets_becomes_one_line_per_item():
    pasted = (
        "In 2024, the company exceeded expectations:\t\u2022\t$36 million in estimates sent."
        "\t\u2022\t$7.8 million in revenue closed."
    )
    assert normalize(pasted).split("\n") == [
        "In 2024, the company exceeded expectations:",
        "\u2022 $36 million in estimates sent.",
        "\u2022 $7.8 million in revenue closed.",
    ]


def test_a_bulleted_list_is_not_read_as_a_table():
    from ingest.tables import tables_in

    pasted = (
        "Our team:\t\u2022\tJane Roe \u2013 CFO: an experienced strategist.\n"
        "Advisers:\t\u2022\tJohn Doe \u2013 Counsel.\t\u2022\tAcme LLP \u2013 Auditor."
    )
    assert list(tables_in(normalize(pasted))) == []
