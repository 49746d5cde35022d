"""Training is reproducible: the same data gives the same models, byte for byte where saved."""

from pathlib import Path

import numpy as np

from ingest.embedding import bundled_model_path
from qa.reader.cross_train import Group, fit_cross
from qa.reader.models import MODEL_DIR, load_softmax
from qa.reader.train import Example, fit_ranker, fit_softmax


def _examples(seed: int = 3) -> list[Example]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(40):
        x = rng.normal(size=(12, 6)).astype(np.float32)
        y = np.zeros(12, dtype=np.int64)
        y[int(np.argmax(x[:, 0] + 0.3 * x[:, 1]))] = 1
        out.append(Example(None, None, x, y))
    return out


def test_question_classifier_refits_identically():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 8)).astype(np.float32)
    labels = ["a" if v > 0 else "b" for v in x[:, 0]]
    first, second = fit_softmax(x, labels), fit_softmax(x, labels)
    assert np.array_equal(first.weights, second.weights) and first.classes == ("a", "b")


def test_ranker_refits_identically_and_learns_the_signal():
    exs = _examples()
    first, second = fit_ranker(exs), fit_ranker(exs)
    assert first.model_to_string() == second.model_to_string()
    fresh = _examples(seed=4)
    hits = sum(int(np.argmax(first.predict(ex.x)) == np.argmax(ex.y)) for ex in fresh)
    assert hits >= 30  # of 40: it ranks by the planted feature


def test_cross_encoder_adapters_refit_identically(tmp_path: Path):
    groups = [
        Group(
            "When is the payment date?",
            ("date (notice) | << August 5, 2013 >>", "money (notice) | << $5 >>"),
            (1, 0),
        ),
        Group(
            "How much per share?",
            (
                "money (notice) | << $5 >> per share",
                "date (notice) | << May 1, 2024 >>",
            ),
            (1, 0),
        ),
    ]
    fit_cross(bundled_model_path(), groups, tmp_path / "a.npz", show_progress=False)
    fit_cross(bundled_model_path(), groups, tmp_path / "b.npz", show_progress=False)
    with np.load(tmp_path / "a.npz") as a, np.load(tmp_path / "b.npz") as b:
        assert a.files == b.files and all(np.array_equal(a[k], b[k]) for k in a.files)


def test_committed_models_are_small_and_load_without_pickle():
    sizes = {p.name: p.stat().st_size for p in MODEL_DIR.iterdir()}
    assert {
        "answer_type.npz",
        "operation.npz",
        "ranker.txt",
        "cross.npz",
        "calibration.json",
    } <= set(sizes)
    assert sum(sizes.values()) < 8_000_000
    assert "lookup" in load_softmax(MODEL_DIR / "operation.npz").classes
