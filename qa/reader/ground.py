"""Grounding: the fitted scorer ranks candidates, and the operation's slots take the best that fit.

A feature ranker (LightGBM LambdaRank over ``features.FEATURES``) orders every candidate; the
cross-encoder re-reads its shortlist; a fitted blend of the two gives each shortlisted candidate
the probability that it is the answer or an operand of the question. A lookup takes the best candidate of a kind the answer type allows; a computation
takes, slot by slot, the best candidates of the kinds the operation needs. Below the calibrated
threshold (``calibration.json``, chosen on calibration notices of the train split so that a wrong
figure costs more than "not found") nothing is grounded and the answer is "not found".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.embedding import bundled_model_path
from qa.reader.candidates import Candidate
from qa.reader.cross import CrossScorer
from qa.reader.features import SERVES, QuestionContext, feature_matrix
from qa.reader.models import MODEL_DIR
from qa.reader.programs import AMOUNT_KINDS, SLOTS

_MAX_PARTS = 5  # operands of a sum or a net amount
SHORTLIST_ALL, SHORTLIST_KIND = 8, 6  # candidates the cross-encoder reads


def _family(kind: str) -> str:
    """Kinds whose values can stand in one sum or difference: money, counts, percentages."""
    if kind in ("money", "per_share"):
        return "money"
    if kind in AMOUNT_KINDS:
        return "count"
    return kind


@dataclass(frozen=True)
class Grounding:
    """The candidates a question rests on, with their scores; empty when nothing passed."""

    operands: tuple[Candidate, ...]
    scores: tuple[float, ...]


def shortlist(ctx: QuestionContext, first: np.ndarray) -> list[int]:
    """The candidates the cross-encoder reads: the feature scorer's best overall, and the best
    of each group of kinds the question may want (its answer type's, each operation slot's)."""
    wanted = [SERVES.get(ctx.reading.answer_type, frozenset())]
    wanted += [
        slot
        for op, p in ctx.reading.operations.items()
        if p > 0.1
        for slot in SLOTS.get(op, ())
    ]
    order = [int(i) for i in np.argsort(-first, kind="stable")]
    chosen = dict.fromkeys(order[:SHORTLIST_ALL])
    for kinds in wanted:
        chosen |= dict.fromkeys(
            [i for i in order if ctx.candidates[i].kind in kinds][:SHORTLIST_KIND]
        )
    return list(chosen)


class Grounder:
    """The feature ranker, the cross-encoder that re-reads its shortlist, the blend of the two
    into a probability, and the thresholds below which nothing is grounded."""

    def __init__(
        self, ranker, calibration: dict[str, float], cross: CrossScorer | None
    ) -> None:
        self.ranker, self.calibration, self.cross = ranker, calibration, cross
        self.thresholds = calibration

    @classmethod
    def load(cls, cache_dir: Path) -> Grounder:
        import lightgbm

        return cls(
            lightgbm.Booster(model_file=str(MODEL_DIR / "ranker.txt")),
            json.loads((MODEL_DIR / "calibration.json").read_text()),
            CrossScorer(bundled_model_path(), MODEL_DIR / "cross.npz", cache_dir),
        )

    def first_scores(self, ctx: QuestionContext) -> np.ndarray:
        """The feature ranker's score for every candidate (higher is better; not a probability)."""
        if not ctx.candidates:
            return np.zeros(0)
        return np.asarray(self.ranker.predict(feature_matrix(ctx)), dtype=np.float32)

    def scores(self, ctx: QuestionContext) -> np.ndarray:
        """Final scores: the blended probability on the shortlist, zero elsewhere."""
        first = self.first_scores(ctx)
        return rescore(
            ctx,
            first,
            lambda picked: self.cross.logits(ctx.question, picked),
            self.calibration,
        )

    def lookup(self, ctx: QuestionContext, scores: np.ndarray) -> Grounding:
        """The best notice candidate of a kind the answer type allows, if it clears the threshold."""
        kinds = SERVES.get(ctx.reading.answer_type, frozenset())
        best = _best(
            ctx.candidates, scores, lambda c: c.kind in kinds and c.source == "notice"
        )
        if best is None or scores[best] < self.thresholds["lookup"]:
            return Grounding((), ())
        return Grounding((ctx.candidates[best],), (float(scores[best]),))

    def operands(self, ctx: QuestionContext, scores: np.ndarray, op: str) -> Grounding:
        """Candidates for each slot of ``op``; empty when a slot has none above the threshold."""
        floor = self.thresholds["operand"]
        slots = SLOTS[op]
        chosen: list[int] = []
        for slot in slots:
            family = (
                _family(ctx.candidates[chosen[0]].kind)
                if chosen and slots[0] == slot
                else None
            )
            values = {ctx.candidates[i].text for i in chosen}
            best = _best(
                ctx.candidates,
                scores,
                lambda c, slot=slot, family=family, values=values: (
                    c.kind in slot
                    and c.text not in values
                    and (family is None or _family(c.kind) == family)
                ),
            )
            if best is None or scores[best] < floor:
                return Grounding((), ())
            chosen.append(best)
        if op in ("sum", "net_of"):
            chosen += _more_parts(
                ctx, scores, chosen, max(floor, 0.5 * min(scores[i] for i in chosen))
            )
        return Grounding(
            tuple(ctx.candidates[i] for i in chosen),
            tuple(float(scores[i]) for i in chosen),
        )


def blend(
    first: np.ndarray, cross: np.ndarray, calibration: dict[str, float]
) -> np.ndarray:
    """The probability a candidate is right, from the ranker's score and the cross-encoder's logit
    (a logistic regression fitted on the calibration notices of the train split)."""
    z = (
        calibration["w_first"] * first
        + calibration["w_cross"] * cross
        + calibration["bias"]
    )
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def rescore(
    ctx: QuestionContext, first: np.ndarray, logits, calibration: dict[str, float]
) -> np.ndarray:
    """Blended probabilities for the shortlist (``logits`` gives the cross-encoder's), zero elsewhere."""
    final = np.zeros(len(first), dtype=np.float32)
    if not len(first):
        return final
    picked = shortlist(ctx, first)
    cross = np.asarray(logits([ctx.candidates[i] for i in picked]), dtype=np.float32)
    final[picked] = blend(first[picked], cross, calibration)
    return final


def _best(candidates, scores: np.ndarray, allowed) -> int | None:
    best = None
    for i, candidate in enumerate(candidates):
        if allowed(candidate) and (best is None or scores[i] > scores[best]):
            best = i
    return best


def _more_parts(
    ctx: QuestionContext, scores: np.ndarray, chosen: list[int], floor: float
) -> list[int]:
    """Further parts of a sum: same family, another value, a score near the parts already taken."""
    family = _family(ctx.candidates[chosen[-1]].kind)
    values = {ctx.candidates[i].text for i in chosen}
    more = []
    for i in np.argsort(-scores):
        c = ctx.candidates[int(i)]
        if len(chosen) + len(more) >= _MAX_PARTS or scores[i] < floor:
            break
        if _family(c.kind) == family and c.text not in values:
            more.append(int(i))
            values.add(c.text)
    return more
