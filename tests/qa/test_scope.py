"""Scope: the name index finds every notice the exact name check would, over real questions."""

import json

from qa.retrieval.scope import _may_name, _names_in
from tests.conftest import REPO

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
        assert exact <= _may_name(question, manifest), question
        named_any += bool(exact)
    assert named_any >= 40  # the check above is not vacuous


def test_a_month_or_a_word_for_shares_in_an_issuer_names_no_notice():
    """An issuer read with its dateline ("TOKYO June 24, ...") or a fund's name ("Gold Shares
    ETF") must not make every question about June or about shares name that notice."""
    from ingest.records import ManifestEntry
    from qa.retrieval.scope import named_notices

    def entry(doc_id: str, issuer: str) -> ManifestEntry:
        return ManifestEntry(
            doc_id, f"{doc_id}.md", "", issuer, (), None, "", 1, "", ""
        )

    entries = {
        "fund": entry("fund", "SPDR Gold Shares ETF"),
        "iij": entry("iij", "TOKYO June 24, Plover Japan Inc."),
    }
    assert named_notices("How many shares were bought in June?", entries, None) == set()
    assert named_notices("What did SPDR hold?", entries, None) == {"fund"}
    assert named_notices("When did Plover pay?", entries, None) == {"iij"}
