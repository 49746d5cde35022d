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
