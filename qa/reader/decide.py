"""Whether to answer at all: the probability that a grounded answer is right, and a threshold.

A model over named signals of the grounding (how well the operands scored, by how much they beat
the next candidates, how sure the question reading was, which kinds they are, how many rivals the
answer would show, whether its amount lies within the sizes its notices write, whether the
operands stand under the years the question names) is fitted on out-of-fold answers of the train
split: a logistic model, boosted trees, or the mean of the two, whichever states more right
answers within the budget on train's folds. The threshold is chosen on cross-validated probabilities there, so that a
wrong figure costs ``WRONG_COST`` "not found"s and wrong figures stay within ``WRONG_BUDGET`` of
the questions. Below it the answer is "not found in the ingested notices".

Each model set records the names of the signals it was fitted on and decides with those alone,
so a signal can be added for one set without refitting the others. Tried and left out: a
gradient-boosted classifier over the signals plus the ranker's features of the operand (no
better on the bank's folds, less sure of plainly labelled figures); on the table set's folds, the
share of the question's words naming a cell, a list shorter than the years named, and the share
of operands that are cells (no more right answers within the budget); on the bank's folds, the
operand's likeness to the answers of the nearest annotated questions (``exemplars``) and its
margin over the best other value's (AUC 0.814 with them and without); the weakest operand's
notice coverage and its margin, distinctive and missing qualifier words, similarity to the
question and its margin, label and near-word precision, title coverage (one at a time and all
together), the share of the 5 to 40 nearest written train questions of other notices
answered right, and how many of four more rankers (each fitted on 70% of its fold's notices)
put the same candidate first (all four agreed for 1,446 answers, 763 of them right) (each 339
to 378 right and 41 to 55 wrong within the budget in a nested estimate, against 351 and 44
without: noise). That nested estimate (outer folds by notice, the
decision and its threshold fitted inside as train fits them) also shows the threshold's choice
is not optimistic: 1.67% of questions wrong on notices outside the fit, against 1.90% counted
where it was chosen.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa.reader.candidates import YEAR
from qa.reader.features import SERVES, QuestionContext
from qa.reader.ground import Grounding, named_years
from qa.reader.models import MODEL_DIR, named_inputs
from qa.reader.programs import COMPUTED, PERIOD_ANSWERS
from tools.values import value_key

FILE = "decision.json"
TREES_FILE = "decision_trees.txt"  # the boosted kind's trees
WRONG_COST = 2.0  # a wrong figure costs two "not found"s: answer when P(right) > 2/3
# ... and wrong figures may be at most this share of all questions on train's folds: the product
# promises at most 3% on questions about notices it has never seen, and those read less well
# (a cost alone let 56 of 631 held-out answers, 8.9%, be wrong figures).
WRONG_BUDGET = 0.02
STATES_NOTHING = 1.01  # a threshold above every probability


@dataclass(frozen=True)
class Proposal:
    """What would be answered: the operation the question was read as, and the grounded value
    (a lookup's chosen figure; values named alike shown beside it are not part of it)."""

    operation: str
    value: str | list[str]


Signal = Callable[[QuestionContext, np.ndarray, Grounding, Proposal], float]


def _score(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """The weakest grounded candidate's ranker score."""
    return min(g.scores)


def _margin(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """How far that score stands above the best candidate of the same kinds with another value
    (the same value written again elsewhere, "$2.0 Million" in a headline, agrees with the
    answer, and a rival shown beside it does not contest it)."""
    kinds = {c.kind for c in g.operands}
    shown = _shown(ctx, g)
    others = [
        float(scores[i])
        for i, c in enumerate(ctx.candidates)
        if c.kind in kinds and ctx.keys[i] not in shown
    ]
    return min(g.scores) - max(others, default=min(g.scores) - 5.0)


def _association(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """The weakest grounded candidate's learned word association with the question."""
    return min(float(ctx.association[ctx.index(c)]) for c in g.operands)


def _association_margin(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """How far that association stands above the best of the same kinds with another value."""
    kinds = {c.kind for c in g.operands}
    shown = _shown(ctx, g)
    own = _association(ctx, scores, g, answer)
    others = [
        float(ctx.association[i])
        for i, c in enumerate(ctx.candidates)
        if c.kind in kinds and ctx.keys[i] not in shown
    ]
    return own - max(others, default=own - 5.0)


def _shown(ctx: QuestionContext, g: Grounding) -> set[tuple]:
    """The grounded values. A lookup's rivals are not among them: the decision is whether the
    chosen figure is what was asked, and a rival named as closely contests it."""
    return {ctx.keys[ctx.index(c)] for c in g.operands}


def _softmax(scores: np.ndarray) -> np.ndarray:
    weights = np.exp(scores - np.max(scores))
    return weights / float(np.sum(weights))


def _mass(ctx: QuestionContext, weights: np.ndarray, keys: set[tuple]) -> float:
    """The softmax weight of every mention of the values ``keys``."""
    return float(
        sum(w for w, key in zip(weights, ctx.keys, strict=True) if key in keys)
    )


def _operation_sure(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """The question reader's probability of the operation it chose."""
    return ctx.reading.operations.get(answer.operation, 0.0)


def _type_sure(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """Its probability that the answer type fits the grounded kinds."""
    kinds = {c.kind for c in g.operands}
    return sum(
        p
        for t, p in ctx.reading.answer_types.items()
        if kinds & SERVES.get(t, frozenset())
    )


def _share(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """The weakest operand's share of the softmax over every candidate's score, with every
    mention of its value: unlike the raw score, it is comparable between questions with few and
    many candidates (out of fold on train, with ``_top_share``: 270 right answers within the
    wrong-figure budget against 215)."""
    weights = _softmax(scores)
    return min(_mass(ctx, weights, {ctx.keys[ctx.index(c)]}) for c in g.operands)


def _top_share(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """The best value's share of that softmax (all its mentions): how clearly the ranking has
    one winner."""
    masses: dict[tuple, float] = {}
    for weight, key in zip(_softmax(scores), ctx.keys, strict=True):
        masses[key] = masses.get(key, 0.0) + float(weight)
    return max(masses.values())


def _other_notice(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """1 when an operand comes from a notice other than the one retrieval ranks first and that
    notice does not write its value too: a sibling release repeating the item table ranked
    first is no doubt about the payment date both state ("What is IIJ's payment date?" was
    declined beside one, P 0.78 against 0.85 alone)."""
    first_values = {
        key
        for c, key in zip(ctx.candidates, ctx.keys, strict=True)
        if c.source == "notice" and ctx.doc_rank.get(c.doc_id, 9) == 0
    }
    return float(
        any(
            c.source == "notice"
            and ctx.doc_rank.get(c.doc_id, 9) > 0
            and ctx.keys[ctx.index(c)] not in first_values
            for c in g.operands
        )
    )


def _computed(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """1 for a program, 0 for a stated figure."""
    return float(answer.operation in COMPUTED)


def _rivals(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """How many values named alike the answer would show beside its own (log). It was fitted
    when a lookup's rivals were part of the value decided on (none of 155 such answers was right
    out of fold); now that the chosen figure alone is decided on and a rival lowers its share and
    margin, its fitted weight is near zero."""
    return math.log1p(len(g.rivals))


def _orders(answer: Proposal, ctx: QuestionContext) -> tuple[float, float]:
    """How many orders of magnitude the answer's amount lies above the largest amount its
    notices write, and below the smallest (0 inside that range, or for another kind of value):
    a product of a share count and a total, not a price, lands far outside it."""
    first = answer.value if isinstance(answer.value, str) else answer.value[0]
    key = value_key(first)
    if key[0] != "amount" or not key[-1]:
        return 0.0, 0.0
    written = [
        abs(float(k[-1]))
        for k, c in zip(ctx.keys, ctx.candidates, strict=True)
        if k[0] == "amount" and k[-1] and c.source == "notice"
    ]
    if not written:
        return 0.0, 0.0
    size = abs(float(key[-1]))
    return (
        max(0.0, math.log10(size / max(written))),
        max(0.0, math.log10(min(written) / size)),
    )


def _beyond(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """Orders of magnitude above the largest amount the notices write."""
    return _orders(answer, ctx)[0]


def _below(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """Orders of magnitude below the smallest amount the notices write."""
    return _orders(answer, ctx)[1]


def _period_answer(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """1 when the answer is a period that a table row's column headers name ("In which year
    was it larger?", "Which years does the table cover?"): read from the headers once the row
    is found, it does not hang on picking one figure among many as a lookup does. Out of fold on
    the table set, such answers were right 46 times in 50."""
    return float(answer.operation in PERIOD_ANSWERS)


def _question_operands(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """The share of the operands that the question itself writes ("If Worksport sells 2,000
    covers at $1,099 each, what's the revenue?"): such a program is right whenever it is read
    right, though its operands score no better than figures found in a notice."""
    return sum(c.source == "question" for c in g.operands) / len(g.operands)


def _crowd(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """How many candidates of the grounded kinds there were to choose from (log)."""
    kinds = {c.kind for c in g.operands}
    return math.log1p(sum(c.kind in kinds for c in ctx.candidates))


def _years_missing(
    ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
) -> float:
    """The share of the years the question names that no operand is written under or beside
    (its column header, or its sentence): "COGS for 2019" answered from a 2018 column."""
    years = named_years(ctx.question)
    if not years:
        return 0.0
    written = {y for c in g.operands for y in YEAR.findall(c.header or c.sentence)}
    return sum(y not in written for y in years) / len(years)


def _kind_flag(family: frozenset[str]) -> Signal:
    def flag(
        ctx: QuestionContext, scores: np.ndarray, g: Grounding, answer: Proposal
    ) -> float:
        return float(any(c.kind in family for c in g.operands))

    flag.__doc__ = (
        f"1 when a grounded candidate is of kind {', '.join(sorted(family))}."
    )
    return flag


# Some kinds are read more reliably than others (a labelled date against a name in prose).
_FAMILIES = (
    frozenset({"date"}),
    frozenset({"money", "per_share"}),
    frozenset({"shares", "count", "number"}),
    frozenset({"percentage", "ratio"}),
    frozenset({"name"}),
    frozenset({"identifier"}),
)

SIGNALS: tuple[tuple[str, Signal], ...] = (
    ("score", _score),
    ("margin", _margin),
    ("share", _share),
    ("top_share", _top_share),
    ("association", _association),
    ("association_margin", _association_margin),
    ("operation_sure", _operation_sure),
    ("type_sure", _type_sure),
    ("computed", _computed),
    ("period_answer", _period_answer),
    ("question_operands", _question_operands),
    ("crowd", _crowd),
    ("other_notice", _other_notice),
    ("rivals", _rivals),
    ("beyond", _beyond),
    ("below", _below),
    *((f"kind_{min(family)}", _kind_flag(family)) for family in _FAMILIES),
    ("years_missing", _years_missing),
)
_COLUMN = {name: column for column, (name, _) in enumerate(SIGNALS)}


def signals(
    ctx: QuestionContext, scores: np.ndarray, grounding: Grounding, answer: Proposal
) -> np.ndarray:
    """One row of ``SIGNALS`` for a non-empty grounding."""
    return np.array(
        [signal(ctx, scores, grounding, answer) for _, signal in SIGNALS],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class Decider:
    """P(right) from the named signals it was fitted on (a model set fitted before a signal
    existed keeps deciding without it): logistic(weights · signals + bias), boosted trees
    (``trees``, a LightGBM booster), or the mean of the two ("blend"), whichever stated more
    right answers within the budget on train's folds. Answer when P reaches ``threshold``."""

    names: tuple[str, ...]
    threshold: float
    weights: tuple[float, ...] = ()
    bias: float = 0.0
    trees: Any = None

    def __post_init__(self) -> None:
        if self.weights and len(self.names) != len(self.weights):
            raise ValueError(
                f"{len(self.weights)} weights for {len(self.names)} signals"
            )
        if not self.weights and self.trees is None:
            raise ValueError("a decision needs weights, trees or both")

    @property
    def kind(self) -> str:
        """ "logistic", "boosted" or "blend" (both, their probabilities averaged)."""
        if self.trees is None:
            return "logistic"
        return "blend" if self.weights else "boosted"

    def probability(self, row: np.ndarray) -> float:
        """P(right) of a row of every entry of ``SIGNALS``."""
        own = row[[_COLUMN[name] for name in self.names]]
        estimates = []
        if self.weights:
            z = float(np.dot(self.weights, own) + self.bias)
            estimates.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        if self.trees is not None:
            estimates.append(float(self.trees.predict(own[None, :])[0]))
        return sum(estimates) / len(estimates)

    @classmethod
    def untaught(cls) -> Decider:
        """The decision of a bank whose answers out of fold are all right or all wrong (a few
        notices): it cannot learn when to answer, so it states nothing (P 0.5, threshold 1)."""
        return cls(tuple(_COLUMN), 1.0, (0.0,) * len(SIGNALS))

    def save(self, folder: Path) -> None:
        """``FILE``, and for trees ``TREES_FILE`` beside it (LightGBM's text format)."""
        record: dict = {
            "signals": list(self.names),
            "threshold": self.threshold,
            "kind": self.kind,
        }
        if self.weights:
            record |= {"weights": list(self.weights), "bias": self.bias}
        if self.trees is not None:
            self.trees.save_model(str(folder / TREES_FILE))
        else:
            (folder / TREES_FILE).unlink(missing_ok=True)  # a former fit's trees
        (folder / FILE).write_text(json.dumps(record, indent=1) + "\n")

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> Decider:
        path = folder / FILE
        record = json.loads(path.read_text())
        names = named_inputs(path, record["signals"], _COLUMN)
        trees = None
        if record["kind"] in ("boosted", "blend"):
            import lightgbm

            trees = lightgbm.Booster(model_file=str(folder / TREES_FILE))
        return cls(
            names,
            float(record["threshold"]),
            tuple(record.get("weights", ())),
            float(record.get("bias", 0.0)),
            trees,
        )


def best_threshold(
    p: np.ndarray, right: np.ndarray, budget: float
) -> tuple[float, float]:
    """(gain, threshold): the threshold on a 0.01 grid with the best right minus ``WRONG_COST``
    x wrong among those stating at most ``budget`` wrong answers, and stating answers of which
    enough are right to show that they gain (``_shown_to_gain``); ``STATES_NOTHING`` when none
    does: a threshold that stated nothing on the folds only by standing just above their best
    probability would state answers on new questions that reach it, with nothing learned to say
    they are right (the bank's passages did: 2 held-out passages stated, both wrong)."""
    grid = [round(float(t), 2) for t in np.arange(0.05, 1.0, 0.01)]
    gains = [
        (float(np.sum(right[p >= t]) - WRONG_COST * np.sum(1 - right[p >= t])), -t, t)
        for t in grid
        if np.sum(1 - right[p >= t]) <= budget
        and _shown_to_gain(int(np.sum(right[p >= t])), int(np.sum(p >= t)))
    ]
    gain, _, threshold = max(gains, default=(0.0, 0.0, STATES_NOTHING))
    return (gain, threshold) if gain > 0 else (0.0, STATES_NOTHING)


def _shown_to_gain(right: int, stated: int, z: float = 1.96) -> bool:
    """Whether ``right`` of ``stated`` answers show, at 95% confidence (the Wilson interval's
    lower bound), that a stated answer is right more often than ``WRONG_COST`` makes worth it
    (2 in 3). A handful stated on the folds shows nothing: the bank's passages, 4 right and 1
    wrong out of fold at their best threshold, added 1 right answer and 3 wrong ones on held-out
    notices and 1 and 4 on their rewordings. The figure decision (hundreds stated, 89%
    right) and the table set's passages (34 of 37) clear it."""
    if stated == 0:
        return False
    share = right / stated
    spread = z * math.sqrt(share * (1 - share) / stated + z * z / (4 * stated * stated))
    lower = (share + z * z / (2 * stated) - spread) / (1 + z * z / stated)
    return lower > WRONG_COST / (1 + WRONG_COST)
