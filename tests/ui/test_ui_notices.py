"""The Notices tab's logic as plain functions: search, filters, order, the removal question."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.records import ManifestEntry
from ui.notices import (
    SORTS,
    confirm_markdown,
    listed,
    refreshed_choice,
    remove_markdown,
    unknown_markdown,
)
from ui.notices_table import table_html


def entry(
    doc_id: str,
    title: str,
    issuer: str | None,
    when: date | None,
    kind: str = "other",
    tickers: tuple[str, ...] = (),
) -> ManifestEntry:
    return ManifestEntry(
        doc_id, f"{doc_id}.txt", title, issuer, tickers, when, kind, 3, "c", "f"
    )


ENTRIES = [
    entry("old", "Allotment notice", "Alder Inc.", date(2013, 8, 1), "buyback"),
    entry("new", "Dividend notice", None, date(2025, 1, 22), "dividend"),
    entry("undated", "Buyback plan", "Birch Corp.", None, "buyback", ("NYSE:BRCH",)),
    entry("mid", "Zinc offering", "alder inc.", date(2020, 5, 1), "offering"),
]


def ids(entries: list[ManifestEntry]) -> list[str]:
    return [e.doc_id for e in entries]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("Newest first", ["new", "mid", "old", "undated"]),
        ("Oldest first", ["old", "mid", "new", "undated"]),
        ("Title (A-Z)", ["old", "undated", "new", "mid"]),
        ("Issuer (A-Z)", ["old", "mid", "undated", "new"]),
    ],
)
def test_each_order_and_undated_or_unnamed_last(sort: str, order: list[str]) -> None:
    shown, note = listed(ENTRIES, sort=sort)
    assert (ids(shown), note) == (order, "")


def test_the_orders_offered_are_the_orders_tested() -> None:
    assert list(SORTS) == [
        "Newest first",
        "Oldest first",
        "Title (A-Z)",
        "Issuer (A-Z)",
    ]


def test_search_needs_every_word_in_title_issuer_id_type_or_ticker() -> None:
    assert ids(listed(ENTRIES, "notice")[0]) == ["new", "old"]
    assert ids(listed(ENTRIES, "ALDER notice")[0]) == ["old"]
    assert ids(listed(ENTRIES, "brch")[0]) == ["undated"]
    assert ids(listed(ENTRIES, "dividend")[0]) == ["new"]
    assert listed(ENTRIES, "nothing like this")[0] == []


def test_issuer_type_and_dates_filter_as_the_answerers_filters_do() -> None:
    assert ids(listed(ENTRIES, issuer="Alder Inc.")[0]) == ["mid", "old"]  # any case
    assert ids(listed(ENTRIES, kind="buyback")[0]) == ["old", "undated"]
    assert ids(listed(ENTRIES, date_from="2014-01-01")[0]) == ["new", "mid"]
    assert ids(listed(ENTRIES, date_to="2020-05-01")[0]) == ["mid", "old"]
    assert ids(
        listed(ENTRIES, date_from="2013-08-01", date_to="2020-12-31", kind="offering")[
            0
        ]
    ) == ["mid"]


def test_a_bound_that_is_not_a_date_is_named_and_not_applied() -> None:
    shown, note = listed(ENTRIES, date_from="next tuesday")
    assert len(shown) == len(ENTRIES)
    assert note.startswith("“next tuesday” is not a date")
    assert 'class="fq-note">“next tuesday” is not a date' in table_html(
        shown, len(ENTRIES), note
    )


def test_the_table_counts_what_is_shown_of_all() -> None:
    shown, _ = listed(ENTRIES, kind="buyback")
    html = table_html(shown, total=len(ENTRIES))
    assert "2 of 4 notices" in html
    assert "No notice matches." in table_html([], total=4)


class FakeStore:
    """The two calls the removal text needs, over hand-built entries."""

    def __init__(self, entries: list[ManifestEntry]) -> None:
        self.entries = {e.doc_id: e for e in entries}

    def documents(self) -> list[ManifestEntry]:
        return list(self.entries.values())

    def remove(self, doc_id: str) -> bool:
        return self.entries.pop(doc_id, None) is not None


def test_removal_is_asked_naming_the_notice_then_done_naming_it() -> None:
    store = FakeStore([entry("a_b", "Notice of *Split*", "Alder Inc.", None)])
    question = confirm_markdown(store, "a_b")
    assert question.startswith("Remove “Notice of \\*Split\\*” (a\\_b) from the store?")
    assert store.entries  # asking removes nothing
    assert remove_markdown(store, "a_b") == "Removed “Notice of \\*Split\\*” (a\\_b)."
    assert not store.entries
    assert confirm_markdown(store, "a_b") is None
    assert remove_markdown(store, "a_b") == unknown_markdown("a_b")
    assert unknown_markdown(None) == "Pick a notice to remove."


def test_a_refresh_sends_a_value_only_when_the_pick_is_gone() -> None:
    """The page-load refresh must not put back the value it read before the user chose."""
    choices = [("All issuers", ""), ("Harbor", "Harbor"), ("IIJ", "IIJ")]
    assert refreshed_choice(choices, "Harbor", "") == {"choices": choices}
    assert refreshed_choice(choices, "", "") == {"choices": choices}
    assert refreshed_choice(choices, "Removed Co", "") == {
        "choices": choices,
        "value": "",
    }
    assert refreshed_choice([], None, None) == {"choices": []}
    assert refreshed_choice([], "gone-id", None) == {"choices": [], "value": None}
