"""The annotated bank: enough cases, split by notice, every operand verbatim, nothing reserved."""

import subprocess
import sys
from collections import Counter, defaultdict

import pytest

from ingest.normalize import normalize
from qa.evaluation.bank import (
    ARCHIVE,
    BANK,
    PENDING,
    RESERVED_CHECK,
    load_cases,
    notice_texts,
    with_rewordings,
)

KINDS = {
    "lookup",
    "qualified",
    "who",
    "identifier",
    "arithmetic",
    "percent",
    "holding",
    "date_calc",
    "periodic_net",
    "question_numbers",
    "not_found",
}


@pytest.fixture(scope="module")
def cases():
    return load_cases()


def test_size_and_coverage(cases):
    answerable = [c for c in cases if c.kind in KINDS]
    assert len(answerable) >= 1500
    assert len({c.file for c in answerable}) >= 300
    assert (
        len({c.file for c in answerable if (BANK / "notices" / c.file).is_file()}) >= 60
    )
    assert set(Counter(c.kind for c in answerable)) == KINDS
    assert len({c.id for c in cases}) == len(cases)


def test_split_is_by_notice_and_held_out_is_a_fifth_or_more(cases):
    splits = defaultdict(set)
    for case in cases:
        splits[case.file].add(case.split)
    assert all(len(s) == 1 for s in splits.values())
    held = [f for f, s in splits.items() if s == {"heldout"}]
    assert len(held) >= 0.2 * len(splits)
    reworded = [c for c in cases if c.split == "heldout" and len(c.rewordings) == 3]
    assert len(reworded) >= 100
    assert all(len(c.rewordings) in (0, 3) for c in cases)


def test_question_operands_are_written_in_the_question_and_train_rewordings(cases):
    """Training labels a question's operand where the question writes it, so a train
    rewording writes it as its case does (a held-out rewording is only asked: "three-year" for
    "3 years" is a fair test of reading)."""
    for case in cases:
        rewordings = case.rewordings if case.split == "train" else ()
        for operand in case.operands:
            if operand.get("from") == "question":
                for question in (case.question, *rewordings):
                    assert operand["text"] in question, case.id


def test_each_rewording_is_a_case_of_its_own_for_training(cases):
    train = [c for c in cases if c.split == "train"]
    expanded = with_rewordings(train)
    reworded = [c for c in expanded if c.reworded]
    assert expanded[: len(train)] == train
    assert len(reworded) == sum(len(c.rewordings) for c in train) > 0
    assert len({c.id for c in expanded}) == len(expanded)
    by_id = {c.id: c for c in train}
    for case in reworded:
        written = by_id[case.id.split("~")[0]]
        assert case.question in written.rewordings
        assert (case.expected, case.operands, case.file) == (
            written.expected,
            written.operands,
            written.file,
        )


def _written(case, operand: dict, text: str) -> bool:
    """Whether the notice writes the operand: character for character, but a passage (read by
    its words) may run over a line break."""
    if case.kind == "passage":
        return " ".join(normalize(operand["text"]).split()) in " ".join(text.split())
    return normalize(operand["text"]) in text


@pytest.mark.parametrize("bank", [BANK, PENDING], ids=["bank", "pending"])
def test_bundled_notices_hold_their_operands_verbatim(bank):
    cases = load_cases(bank)
    bundled = {c.file for c in cases if (bank / "notices" / c.file).is_file()}
    texts = {
        name: normalize(text) for name, text in notice_texts(bundled, bank).items()
    }
    if bank == PENDING:  # every pending notice is bundled
        assert cases and set(texts) == {c.file for c in cases}
    for case in cases:
        if case.file in texts:
            for operand in case.operands:
                if operand.get("from") != "question":
                    assert _written(case, operand, texts[case.file]), case.id


@pytest.mark.corpus
@pytest.mark.skipif(not ARCHIVE.is_file(), reason="needs ../shared/corpus")
def test_archive_notices_hold_their_operands_verbatim(cases):
    texts = {n: normalize(t) for n, t in notice_texts({c.file for c in cases}).items()}
    missing = [
        case.id
        for case in cases
        for operand in case.operands
        if operand.get("from") != "question"
        and not _written(case, operand, texts[case.file])
    ]
    assert len(missing) <= 0.01 * len(cases), missing[:20]


@pytest.mark.skipif(not RESERVED_CHECK.is_file(), reason="needs ../shared/reserved")
@pytest.mark.parametrize("bank", [BANK, PENDING], ids=["bank", "pending"])
def test_no_bundled_notice_is_reserved(bank):
    files = sorted(str(p) for p in (bank / "notices").glob("*.txt"))
    assert files
    out = subprocess.run(
        [sys.executable, str(RESERVED_CHECK), *files],
        check=False,
        capture_output=True,
        text=True,
    )
    assert out.stdout.count("\n") == len(files)
    assert not [line for line in out.stdout.splitlines() if line.startswith("reserved")]


def test_pending_cases_are_bank_cases_that_can_join_it(cases):
    """The pending cases (written, not yet fitted on) load as bank cases, each notice in one
    split, with ids and notices of their own, so that moving them into the bank adds them."""
    pending = load_cases(PENDING)
    assert len(pending) >= 100
    assert {c.kind for c in pending} <= KINDS | {"passage"}
    splits = defaultdict(set)
    for case in pending:
        splits[case.file].add(case.split)
    assert all(len(s) == 1 and s <= {"train", "heldout"} for s in splits.values())
    assert not {c.id for c in pending} & {c.id for c in cases}
    assert not set(splits) & {c.file for c in cases}
    assert all(len(c.rewordings) == 3 for c in pending if c.split == "heldout") and all(
        len(c.rewordings) in (0, 3) for c in pending
    )
