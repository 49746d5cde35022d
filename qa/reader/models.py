"""Fitted models as plain arrays: saved as ``.npz`` archives, loaded without pickle, run with numpy.

The question classifiers are softmax models (scikit-learn's ``LogisticRegression``) kept as their
weights, bias and input scaling. (The candidate ranker is kept in LightGBM's own text format and
the decision model as JSON: see ``ground`` and ``decide``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "fitted"


def named_inputs(
    path: Path, names: list[str], known: dict[str, int]
) -> tuple[str, ...]:
    """The inputs a model file was fitted on, by name, each one this code computes (``known``:
    name to column): a model set fitted before an input existed keeps working without it, and a
    file naming an input the code lacks is refused with what to do."""
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(
            f"{path} was fitted on inputs this code lacks ({', '.join(unknown)}); "
            "run `make train`"
        )
    return tuple(names)


@dataclass(frozen=True)
class Softmax:
    """A multinomial linear classifier: ``classes[argmax(x @ weights.T + bias)]``."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    mean: np.ndarray
    scale: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per input row."""
        z = ((x - self.mean) / self.scale) @ self.weights.T + self.bias
        if (
            z.shape[1] == 1
        ):  # scikit-learn's binary case: one logit for the second class
            z = np.hstack([np.zeros_like(z), z])
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def save_softmax(path: Path, model: Softmax) -> None:
    np.savez_compressed(
        path,
        classes=np.array(model.classes),
        weights=model.weights.astype(np.float32),
        bias=model.bias.astype(np.float32),
        mean=model.mean.astype(np.float32),
        scale=model.scale.astype(np.float32),
    )


def load_softmax(path: Path) -> Softmax:
    with np.load(path, allow_pickle=False) as data:
        return Softmax(
            tuple(str(c) for c in data["classes"]),
            data["weights"],
            data["bias"],
            data["mean"],
            data["scale"],
        )
