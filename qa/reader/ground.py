"""Grounding: the fitted ranker orders candidates, and the operation's slots take the best that fit.

A LightGBM LambdaRank model over ``features.FEATURES`` scores every candidate against the
question. A lookup takes the best candidate of a kind the answer type allows (a list, the cells of
its row for the years the question names); a computation takes the pair whose kinds fit its slots
that the pair scorer (``pairs``) rates best. Whether to answer at all is decided afterwards
(``decide``): a wrong figure costs more than "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.reader.candidates import YEAR, Candidate
from qa.reader.features import SERVES, QuestionContext, feature_matrix
from qa.reader.models import MODEL_DIR
from qa.reader.pairs import PairScorer
from qa.reader.programs import AMOUNT_KINDS, COMPARISONS, SLOTS

FILE = "ranker.txt"  # LightGBM's own text format
_MAX_PARTS = 5  # operands of a sum, an average or a net amount
_PAIR_POOL = 6  # best candidates of a slot's kinds among which a two-operand program picks its pair
_PART_MARGIN = (
    0.5  # ranker score below the second part at which further parts of a sum stop
)


def _family(kind: str) -> str:
    """Kinds whose values can stand in one sum or difference: money, counts, percentages."""
    if kind in ("money", "per_share"):
        return "money"
    if kind in AMOUNT_KINDS:
        return "count"
    return kind


@dataclass(frozen=True)
class Grounding:
    """The candidates a question rests on, with their scores; empty when nothing fits."""

    operands: tuple[Candidate, ...]
    scores: tuple[float, ...]
    # Other values the notice states for what a lookup asks, named as closely as its operand
    # (``conflicts.conflicting``): the answer shows them beside it, so they do not contest it.
    rivals: tuple[Candidate, ...] = ()


def _fits(op: str, a: Candidate, b: Candidate) -> bool:
    """Whether two candidates can be the two operands of ``op`` (units that multiply or compare)."""
    fa, fb = _family(a.kind), _family(b.kind)
    if op == "product":
        return not (fa == fb == "money") and not (fa == fb == "percentage")
    if op in ("quotient",):
        return not (fa == "count" and fb == "money")
    slots = SLOTS[op]
    if slots[0] == slots[1]:
        return fa == fb
    return True


class Grounder:
    """The feature ranker (LightGBM LambdaRank over ``features.FEATURES``): it orders every
    candidate, and the operation's slots take the best that fit."""

    def __init__(self, ranker) -> None:
        self.ranker = ranker

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> Grounder:
        import lightgbm

        return cls(lightgbm.Booster(model_file=str(folder / FILE)))

    def scores(self, ctx: QuestionContext) -> np.ndarray:
        """The ranker's score for every candidate (higher is better; not a probability)."""
        if not ctx.candidates:
            return np.zeros(0)
        return np.asarray(self.ranker.predict(feature_matrix(ctx)), dtype=np.float32)


def lookup(ctx: QuestionContext, scores: np.ndarray) -> Grounding:
    """The best notice candidate of a kind the answer type allows."""
    kinds = SERVES.get(ctx.reading.answer_type, frozenset())
    allowed = [
        i
        for i, c in enumerate(ctx.candidates)
        if c.kind in kinds and c.source == "notice"
    ]
    if not allowed:
        return Grounding((), ())
    best = max(allowed, key=lambda i: scores[i])
    return Grounding((ctx.candidates[best],), (float(scores[best]),))


def listed(ctx: QuestionContext, scores: np.ndarray) -> Grounding:
    """A list asked of a table row: the lookup's best cell and the cells of its row for each
    year the question names, in the question's order ("in 2018 and 2019 respectively"); the best
    candidate alone when the question names fewer than two years or the row lacks one."""
    best = lookup(ctx, scores)
    years = list(dict.fromkeys(YEAR.findall(ctx.question)))
    if not best.operands or not best.operands[0].header or len(years) < 2:
        return best
    row = _row(ctx, best.operands[0])
    chosen = []
    for year in years:
        cells = [i for i in row if year in YEAR.findall(ctx.candidates[i].header)]
        if not cells:
            return best
        chosen.append(max(cells, key=lambda i: scores[i]))
    return Grounding(
        tuple(ctx.candidates[i] for i in chosen),
        tuple(float(scores[i]) for i in chosen),
    )


def candidate_pairs(
    ctx: QuestionContext, scores: np.ndarray, op: str
) -> list[tuple[int, int]]:
    """The pairs a two-slot operation could take: the best-ranked few of each slot's kinds, two
    different values whose kinds fit together."""
    pools = [
        sorted(
            (i for i, c in enumerate(ctx.candidates) if c.kind in slot),
            key=lambda i: -scores[i],
        )[:_PAIR_POOL]
        for slot in SLOTS[op]
    ]
    return [
        (i, j)
        for i in pools[0]
        for j in pools[1]
        if i != j
        and ctx.candidates[i].text != ctx.candidates[j].text
        and _fits(op, ctx.candidates[i], ctx.candidates[j])
    ]


def operands(
    ctx: QuestionContext, scores: np.ndarray, op: str, pairs: PairScorer
) -> Grounding:
    """The pair of candidates the pair scorer rates best for the operation's two slots (and, for
    a sum, an average or a net amount, further parts scored close to them; for a comparison of
    periods, the rest of their table row)."""
    fitting = candidate_pairs(ctx, scores, op)
    if not fitting:
        return Grounding((), ())
    chosen = list(max(fitting, key=lambda pair: pairs.score(ctx, scores, *pair)))
    if op in ("sum", "average", "net_of"):
        chosen += _more_parts(ctx, scores, chosen)
    elif op in COMPARISONS:
        chosen += _same_row(ctx, chosen)
    return Grounding(
        tuple(ctx.candidates[i] for i in chosen),
        tuple(float(scores[i]) for i in chosen),
    )


def _row(ctx: QuestionContext, cell: Candidate) -> list[int]:
    """The cells of the table row ``cell`` stands in (its notice's cells with its row label)."""
    return [
        i
        for i, c in enumerate(ctx.candidates)
        if c.header and c.doc_id == cell.doc_id and c.label == cell.label
    ]


def _same_row(ctx: QuestionContext, chosen: list[int]) -> list[int]:
    """The other cells of the table row the chosen figures stand in: a comparison of periods is
    over the whole row ("In which year was it largest?" of three year columns)."""
    first = ctx.candidates[chosen[0]]
    if not first.header:
        return []
    return [
        i
        for i in _row(ctx, first)
        if i not in chosen and _family(ctx.candidates[i].kind) == _family(first.kind)
    ][: _MAX_PARTS - len(chosen)]


def _more_parts(
    ctx: QuestionContext, scores: np.ndarray, chosen: list[int]
) -> list[int]:
    """Further parts of a sum or an average: same family, another value, a score close to the parts taken."""
    family = _family(ctx.candidates[chosen[-1]].kind)
    floor = min(scores[i] for i in chosen) - _PART_MARGIN
    values = {ctx.candidates[i].text for i in chosen}
    more = []
    for i in np.argsort(-scores, kind="stable"):
        c = ctx.candidates[int(i)]
        if len(chosen) + len(more) >= _MAX_PARTS or scores[i] < floor:
            break
        if _family(c.kind) == family and c.text not in values:
            more.append(int(i))
            values.add(c.text)
    return more
