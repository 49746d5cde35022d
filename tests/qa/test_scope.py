"""Scope: the name index finds every notice the exact name check would, over real questions."""

import json

from ingest.records import ManifestEntry
from qa.retrieval.scope import _may_name, _names_in, named_notices
from tests.conftest import REPO
from tests.qa.names import ManifestNames

GOLDEN = REPO / "examples" / "eval" / "golden.jsonl"
DEV = REPO / "eval" / "dev.jsonl"


def test_name_index_misses_no_notice_the_exact_check_names(sample_qa):
    manifest = sample_qa.catalog.manifest
    questions = [
        json.loads(line)["question"]
        for path in (GOLDEN, DEV)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    questions += ["What did iij's NASDAQ:IIJI holders get?", "IIJ-related", "kasumi"]
    named_any = 0
    for question in questions:
        exact = {d for d, entry in manifest.items() if _names_in(question, entry)}
        assert exact <= _may_name(question, sample_qa.catalog.index), question
        named_any += bool(exact)
    assert named_any >= 40  # the check above is not vacuous


def _named(
    question: str, entries: dict[str, ManifestEntry], allowed: set[str] | None
) -> set[str]:
    """The notices of ``entries`` the question names, their names looked up in memory."""
    return named_notices(question, entries, ManifestNames(entries), allowed)


def test_a_month_or_a_word_for_shares_in_an_issuer_names_no_notice():
    """An issuer read with its dateline ("TOKYO June 24, ...") or a fund's name ("Gold Shares
    ETF") must not make every question about June or about shares name that notice."""

    def entry(doc_id: str, issuer: str) -> ManifestEntry:
        return ManifestEntry(
            doc_id, f"{doc_id}.md", "", issuer, (), None, "", 1, "", ""
        )

    entries = {
        "fund": entry("fund", "SPDR Gold Shares ETF"),
        "iij": entry("iij", "TOKYO June 24, Plover Japan Inc."),
    }
    assert _named("How many shares were bought in June?", entries, None) == set()
    assert _named("What did SPDR hold?", entries, None) == {"fund"}
    assert _named("When did Plover pay?", entries, None) == {"iij"}


def _entries(**issuers: str | None) -> dict:
    """Manifest entries by doc id, each with an issuer and a title (``doc_id|title``)."""
    entries = {}
    for key, issuer in issuers.items():
        doc_id, _, title = key.partition("__")
        entries[doc_id] = ManifestEntry(
            doc_id,
            f"{doc_id}.md",
            title.replace("_", " "),
            issuer,
            (),
            None,
            "",
            1,
            "",
            "",
        )
    return entries


def test_an_issuer_word_inside_another_capitalised_name_names_no_notice():
    entries = _entries(swift="Swift Retailing Co., Ltd.", quartz="Blue Quartz Inc.")
    assert _named("How much is Swift Guard Service raising?", entries, None) == set()
    assert _named("Who signed the deal with First Quartz?", entries, None) == set()
    # The issuer's own words, a legal form, a month and a sentence's first word stand beside it.
    assert _named("What did Swift Retailing Co pay?", entries, None) == {"swift"}
    assert _named("Did Swift pay in June?", entries, None) == {"swift"}
    assert _named("Swift Retailing's June dividend?", entries, None) == {"swift"}


def test_a_question_that_capitalises_names_names_none_by_a_lower_case_word():
    entries = _entries(trust="Harbor Investment Trust", kasumi="Kasumi Co., Ltd.")
    question = "How large was Kennedy Lending's investment in the project?"
    assert _named(question, entries, None) == set()
    assert _named("What investment did HLX report?", entries, None) == set()
    # Without a capitalised word past the start the question's case tells nothing.
    assert _named("When does the kasumi split take effect?", entries, None) == {
        "kasumi"
    }
    assert _named("Kasumi Split Ratio?", entries, None) == {"kasumi"}


def test_a_notice_whose_title_writes_the_name_is_named_beside_its_issuers():
    """A notice whose issuer ingest read as another company (its former name) or as none is named
    by its title, in the case the question writes the name."""
    entries = _entries(
        own__Plover_Robotics_Reports_2024_Results="Plover Robotics Inc.",
        renamed__Plover_Robotics_Announces_a_Contract="Old Name Inc.",
        unread__Why_Plover_Robotics_Is_Growing=None,
        other__Bluefin_Reports_Results="Bluefin Inc.",
    )
    assert _named("What did Plover Robotics earn in 2024?", entries, None) == {
        "own",
        "renamed",
        "unread",
    }
    assert _named("What did Plover Robotics earn?", entries, {"own", "renamed"}) == {
        "own",
        "renamed",
    }


def test_a_title_names_a_notice_by_the_whole_name_the_question_writes():
    """A word of a name matched alone ("Gold") names the notices whose titles write the name
    as the question writes it, with its neighbouring capitalised words ("Plover Gold"), not
    every notice whose title holds the word; acronyms, figures and a possessive end the name."""
    entries = _entries(
        own__Plover_Gold_Prices_a_Placement="Plover Gold Corp.",
        unread__Plover_Gold_Drills_Its_Best_Hole=None,
        gold__Why_Gold_Prices_Are_Rising=None,
        other__Bluefin_Gold_Closes_a_Financing="Bluefin Gold Inc.",
    )
    for question in [
        "What price per unit is Plover Gold charging in its placement?",
        "What did Plover Gold's placement raise?",
        "What was Plover Gold Q2 EPS?",
    ]:
        assert _named(question, entries, None) == {"own", "unread"}, question
