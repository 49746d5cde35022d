"""Precision and recall of fact extraction on real wire releases, against hand labels.

The labels in ``tests/data/fact_labels/`` were written by reading each release (not by running
the extractor): every figure and date a reader could ask about, outside the boilerplate (the
"About" blurb, forward-looking statements, contacts, legal notices). A fact matches a label on
kind and exact text; each distinct (kind, text) counts once, however often the release repeats
it. Any extracted fact not in the labels is a false positive.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.chunking import chunk_notice
from ingest.facts import extract_facts
from ingest.normalize import normalize
from tests.conftest import REPO

LABELS = REPO / "tests" / "data" / "fact_labels"
CORPUS_NOTICES = REPO.parent / "shared" / "corpus" / "notices"
LABEL_FILES = sorted(LABELS.glob("*.json"))

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not CORPUS_NOTICES.is_dir(),
        reason=f"corpus not found at {CORPUS_NOTICES} (../shared/corpus)",
    ),
]


def _score(path: Path, embedder) -> tuple[set, set]:
    """(labelled, extracted) sets of (kind, text) for one labelled release."""
    labels = json.loads(path.read_text())
    text = normalize((CORPUS_NOTICES / labels["file"]).read_text(encoding="utf-8"))
    chunks = chunk_notice(
        path.stem, text, text.split("\n", 1)[0][:160], embedder.count_tokens
    )
    extracted = {(fact.kind, fact.text) for fact in extract_facts(text, chunks)}
    return {(fact["kind"], fact["text"]) for fact in labels["facts"]}, extracted


def test_there_are_enough_labelled_releases_of_different_kinds():
    assert len(LABEL_FILES) >= 12
    kinds = {
        fact["kind"]
        for path in LABEL_FILES
        for fact in json.loads(path.read_text())["facts"]
    }
    assert {
        "money",
        "per_share",
        "shares",
        "date",
        "percentage",
        "ratio",
        "count",
    } <= kinds


def test_precision_and_recall_on_labelled_releases(embedder, capsys):
    true_pos = false_pos = false_neg = 0
    lines = []
    for path in LABEL_FILES:
        labelled, extracted = _score(path, embedder)
        tp, fp, fn = (
            len(labelled & extracted),
            extracted - labelled,
            labelled - extracted,
        )
        true_pos, false_pos, false_neg = (
            true_pos + tp,
            false_pos + len(fp),
            false_neg + len(fn),
        )
        precision = tp / (tp + len(fp)) if tp + len(fp) else 1.0
        recall = tp / (tp + len(fn)) if tp + len(fn) else 1.0
        lines.append(
            f"P={precision:.2f} R={recall:.2f} ({tp}/{len(labelled)}) {path.stem[:70]}"
        )
        lines += [f"    missed {kind} {text!r}" for kind, text in sorted(fn)]
        lines += [f"    extra  {kind} {text!r}" for kind, text in sorted(fp)]
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    lines.append(
        f"overall P={precision:.3f} R={recall:.3f} ({true_pos} matched, {false_pos} extra, {false_neg} missed)"
    )
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert recall >= 0.95
    assert precision >= 0.95
