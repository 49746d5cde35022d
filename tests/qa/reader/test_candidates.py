"""Candidates: every typed span a question could ask for, found where a notice writes it."""

from qa.reader.candidates import find_candidates


def _names(text: str) -> list[str]:
    return [c.text for c in find_candidates(text) if c.kind == "name"]


def test_a_name_after_a_title_in_capitals_is_still_a_name():
    """ "CEO" is read as a code first; the name beside it must not be lost with it."""
    text = (
        "The company said its CEO David Ly will speak. "
        "Brian Goodman, CEO of the firm, agreed. Meesha Dogan, Ph.D., CEO and co-founder."
    )
    names = _names(text)
    assert {"David Ly", "Brian Goodman", "Meesha Dogan, Ph.D."} <= set(names)
    assert not any("CEO" in name for name in names)


def test_a_name_keeps_neither_the_words_a_code_leaves_nor_a_full_stop():
    text = (
        "Tuvia Barlev, Chairman and CEO of Actelis. Greenberg Traurig is legal advisor to "
        "TD Cowen. Jefferies advised BAC. Latham & Watkins LLP is counsel. The lender is "
        "Acme Holdings Inc. with Foo Capital L.P. as agent."
    )
    names = _names(text)
    assert {
        "Actelis",
        "Cowen",
        "Latham & Watkins LLP",
        "Acme Holdings Inc.",
        "Foo Capital L.P.",
    } <= set(names)
    assert not any(
        name.startswith(("of ", ".")) or name.endswith("s.") for name in names
    )
    for candidate in find_candidates(text):
        assert text[candidate.start : candidate.end] == candidate.text


def test_candidates_keep_their_context():
    text = "The record date is March 6, 2023. The payment date is March 20, 2023."
    dates = [c for c in find_candidates(text) if c.kind == "date"]
    assert [c.text for c in dates] == ["March 6, 2023", "March 20, 2023"]
    assert "record date" in dates[0].left and "payment date" in dates[1].left
    assert dates[1].sentence.startswith("The payment date")


def test_a_heading_in_common_words_is_told_from_a_name():
    text = (
        "Selected Financial Data\nThe table shows selected financial data. Medicus signed a "
        "memorandum with Helix Nanotechnologies."
    )
    plain = {c.text: c.plain_words for c in find_candidates(text) if c.kind == "name"}
    assert plain["Selected Financial Data"] == 1.0
    assert plain["Helix Nanotechnologies"] == 0.0
    assert all(c.plain_words == 0.0 for c in find_candidates(text) if c.kind != "name")


def test_a_comma_or_and_ends_a_name_unless_a_legal_form_or_suffix_follows():
    text = (
        "said David Dodd, GeoVax's Chairman. Morgan Stanley and Evercore are the "
        "book-running managers. Roth Capital Partners, LLC is the placement agent, with "
        "Joseph F. Basile, Jr. and Sarah Cole as contacts."
    )
    names = _names(text)
    assert {
        "David Dodd",
        "Morgan Stanley",
        "Evercore",
        "Roth Capital Partners, LLC",
        "Joseph F. Basile, Jr.",
        "Sarah Cole",
    } <= set(names)
    assert not any(", GeoVax" in name or " and " in name for name in names)


def test_a_semicolon_colon_or_parenthesis_ends_a_name_and_a_legal_form_s_full_stop_a_sentence():
    """Japanese exchange notices list the representative in a parenthesis ("President and CEO:
    Toshiya Maezuru; Head office: ..."): the name is whole, not two one-word names. A sentence
    that ends on a firm's legal form ends the firm's name ("Maxim Group LLC. Bevilacqua PLLC is
    ..."), while an initial's or a title's full stop does not ("J.P. Morgan", "Dr. Jane Lee")."""
    names = _names(
        "NIPPN CORPORATION (President and CEO: Toshiya Maezuru; Head office: Tosu City) "
        "announces. Advisors include Maxim Group LLC. Bevilacqua PLLC is counsel, with "
        "J.P. Morgan Securities LLC and Dr. Jane Lee (Chief Executive Officer)."
    )
    assert {
        "Toshiya Maezuru",
        "Tosu City",
        "Bevilacqua PLLC",
        "J.P. Morgan Securities LLC",
        "Dr. Jane Lee",
    } <= set(names)
    assert not any("Bevilacqua" in name and "Maxim" in name for name in names)
    assert "Toshiya" not in names and "Maezuru" not in names


def test_a_sentence_s_first_word_and_a_possessive_are_not_part_of_a_name():
    """ "When", "By" and "About" are capitalised only because a sentence or byline begins there;
    "The" may begin a company's own name."""
    text = (
        "When George Parthimos's firm grew, it hired staff. By Meg Flippin. "
        "About ReachOut Technology, a provider. The Goldman Sachs Group, Inc. advised."
    )
    names = _names(text)
    assert {
        "George Parthimos",
        "Meg Flippin",
        "ReachOut Technology",
        "The Goldman Sachs Group, Inc.",
    } <= set(names)
    assert not any(name.split()[0] in {"When", "By", "About"} for name in names)


def test_an_officer_s_title_is_no_name_and_no_part_of_one():
    """ "HIVE" is taken as a code, and neither the "'s" it leaves nor the titles after it are a
    name; a title before a name is not part of it, unless its first word may begin a company's
    name ("General Electric", "Executive Platforms")."""
    names = _names(
        "HIVE's Co-Founder and Chairman Frank Holmes spoke. Blair, President and "
        "Chief Executive Officer, stated it. Paul Linton, Chief Strategy and Transformation "
        "Officer, agreed with the Board of Directors, General Electric Company and Executive "
        "Platforms."
    )
    assert names == [
        "Frank Holmes",
        "Blair",
        "Paul Linton",
        "General Electric Company",
        "Executive Platforms",
    ]


def test_a_code_before_a_name_in_a_legal_form_is_part_of_it_and_a_month_is_no_name():
    """Capitalised codes are taken before names, so "KPMG LLP" would be the code "KPMG" and the
    name "LLP"; "October" is capitalised and one word, but a month."""
    text = (
        "The Company appointed KPMG LLP as its auditor in October 2025. RBC Capital Markets, "
        "LLC is the agent. CEO John Smith spoke on Monday."
    )
    names = _names(text)
    assert {"KPMG LLP", "RBC Capital Markets, LLC", "John Smith"} <= set(names)
    assert not {"LLP", "October", "Monday", "CEO John Smith"} & set(names)


def test_a_code_before_any_other_name_is_also_read_as_its_first_word():
    """ "CIM Group", "IDB Invest": a lender or agent whose name starts with letters a code would
    take was only ever the code and the rest apart."""
    names = _names(
        "It secured a mandate letter with CIM Group for up to US$100 million, and a convertible "
        "financing from IDB Invest."
    )
    assert {"CIM Group", "IDB Invest"} <= set(names)


def test_a_short_code_of_digits_and_capitals_is_an_identifier_and_a_period_is_not():
    """An RNS announcement's number ("0117U") is asked for like an ISIN; a quarter is not a code."""
    found = find_candidates(
        "RNS Number : 0117U. ISIN GB0008706128. Results for Q1 and 2Q25."
    )
    identifiers = [c.text for c in found if c.kind == "identifier"]
    assert "0117U" in identifiers and "GB0008706128" in identifiers
    assert not {"Q1", "2Q25"} & set(identifiers)
