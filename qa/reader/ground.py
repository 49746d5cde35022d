"""Grounding: the fitted ranker orders candidates, and the operation's slots take the best that fit.

A LightGBM LambdaRank model over ``features.FEATURES`` scores every candidate against the
question. A lookup takes the best candidate of a kind the answer type allows (a list, the cells of
its row for the years the question names, or the enumeration it stands in); a computation takes
the pair whose kinds fit its slots that the pair scorer (``pairs``) rates best (a sum or an
average of a row, the row's cells for the years asked). Whether to answer at all is decided
afterwards (``decide``): a wrong figure costs more than "not found".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.reader.candidates import YEAR, Candidate
from qa.reader.features import FEATURES, SERVES, QuestionContext, feature_matrix
from qa.reader.models import MODEL_DIR, named_inputs
from qa.reader.pairs import PairScorer
from qa.reader.programs import (
    AMOUNT_KINDS,
    COMPARISONS,
    ROW_WIDE,
    SLOTS,
    THRESHOLDS,
    ProgramError,
    column_of,
    number_value,
    one_column,
)

FILE = "ranker.txt"  # LightGBM's own text format
_MAX_PARTS = 5  # operands of a sum, an average or a net amount
# What a figure written without a unit is read as ("27.0" a number, "64,858" a share count).
_BARE_KINDS = frozenset({"number", "shares", "count"})
_PAIR_POOL = 6  # best candidates of a slot's kinds among which a two-operand program picks its pair
_PART_MARGIN = (
    0.5  # ranker score below the second part at which further parts of a sum stop
)


# Two years joined as a range: "2017-2019", "2019 to 2017", "2016 through 2018".
_YEAR_RANGE = re.compile(rf"({YEAR.pattern})\s*(?:-|–|to|through)\s*({YEAR.pattern})")


# What may stand between two figures of one enumeration ("$0.8 million and $0.6 million").
_ENUMERATION_GAP = re.compile(r"[\s,;]*(?:(?:and|or|&)[\s,;]*)?", re.IGNORECASE)


def named_years(question: str) -> list[str]:
    """The years a question names, in its order, each once; a range is spelled out year by year
    in the direction it is written ("for fiscal years 2019 to 2017 respectively" names 2019,
    2018 and 2017)."""
    years: list[str] = []
    at = 0
    for match in _YEAR_RANGE.finditer(question):
        years += YEAR.findall(question[at : match.start()])
        first, last = int(match.group(1)), int(match.group(2))
        step = 1 if last >= first else -1
        years += [str(y) for y in range(first, last + step, step)]
        at = match.end()
    years += YEAR.findall(question[at:])
    return list(dict.fromkeys(years))


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
    # A threshold compares whatever a row holds: "exceed $2 million" of cells written bare
    # under "$ in millions", "exceed 20%" of a column of percentages.
    if op in THRESHOLDS:
        return True
    slots = SLOTS[op]
    if slots[0] == slots[1]:
        return fa == fb
    return True


class Grounder:
    """The feature ranker (LightGBM LambdaRank over ``features.FEATURES``): it orders every
    candidate, and the operation's slots take the best that fit."""

    def __init__(self, ranker, columns: Sequence[int]) -> None:
        self.ranker = ranker
        self.columns = list(columns)  # which of ``FEATURES`` it reads, in its order

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> Grounder:
        """The ranker reads the features its file names (a set fitted before a feature existed
        keeps working; one naming a feature this code lacks is refused)."""
        import lightgbm

        path = folder / FILE
        ranker = lightgbm.Booster(model_file=str(path))
        known = {name: column for column, (name, _) in enumerate(FEATURES)}
        names = named_inputs(path, ranker.feature_name(), known)
        return cls(ranker, [known[name] for name in names])

    def scores(self, ctx: QuestionContext) -> np.ndarray:
        """The ranker's score for every candidate (higher is better; not a probability)."""
        if not ctx.candidates:
            return np.zeros(0)
        rows = feature_matrix(ctx)[:, self.columns]
        return np.asarray(self.ranker.predict(rows), dtype=np.float32)


def lookup(ctx: QuestionContext, scores: np.ndarray) -> Grounding:
    """The best notice candidate of a kind the answer type allows (for an amount of money, a
    table's bare figure too, in a column that writes its currency on another row)."""
    kinds = SERVES.get(ctx.reading.answer_type, frozenset())
    money_columns = _money_columns(ctx) if "money" in kinds else set()
    allowed = [
        i
        for i, c in enumerate(ctx.candidates)
        if c.source == "notice"
        and (
            c.kind in kinds
            or c.kind in _BARE_KINDS
            and (c.doc_id, c.header) in money_columns
        )
    ]
    if not allowed:
        return Grounding((), ())
    best = max(allowed, key=lambda i: scores[i])
    return Grounding((ctx.candidates[best],), (float(scores[best]),))


def _money_columns(ctx: QuestionContext) -> set[tuple[str, str]]:
    """The table columns (notice, header) with a cell that writes a currency: financial tables
    write "$" on a column's first row and its totals only, and the rows between are amounts of
    that currency all the same."""
    return {
        (c.doc_id, c.header)
        for c in ctx.candidates
        if c.header and c.kind == "money" and c.source == "notice"
    }


def listed(ctx: QuestionContext, scores: np.ndarray) -> Grounding:
    """A list asked for the years the question names ("in 2018 and 2019 respectively"): in a
    table, the cells of the best cell's row for each year, in the question's order; in prose, the
    enumeration the best figure stands in ("$0.8 million and $0.6 million, respectively") when
    it writes one figure for each year. A table list that names fewer than two years ("the high
    and low prices in the fourth quarter", "at June 30 and December 31, 2019") is the cells of
    the best cell's row, else of its column, scored close to it. The best candidate alone when
    none of these holds two figures."""
    best = lookup(ctx, scores)
    if not best.operands:
        return best
    years = named_years(ctx.question)
    first = ctx.index(best.operands[0])
    if len(years) >= 2:
        chosen = (
            _row_years(ctx, scores, first, years)
            if best.operands[0].header
            else _enumeration(ctx, first, len(years))
        )
    else:
        chosen = _close_cells(ctx, scores, first)
    if not chosen:
        return best
    return Grounding(
        tuple(ctx.candidates[i] for i in chosen),
        tuple(float(scores[i]) for i in chosen),
    )


def _close_cells(ctx: QuestionContext, scores: np.ndarray, cell: int) -> list[int]:
    """The cells of ``cell``'s table row scored within ``_PART_MARGIN`` of it, in the row's
    order, or else those of its column; empty unless one of them holds two."""
    best = ctx.candidates[cell]
    if not best.header:
        return []
    floor = scores[cell] - _PART_MARGIN
    family = _family(best.kind)
    column = [
        i
        for i, c in enumerate(ctx.candidates)
        if c.source == "notice" and c.doc_id == best.doc_id and c.header == best.header
    ]
    for line in (_row(ctx, best), column):
        close = [
            i
            for i in line
            if scores[i] >= floor and _family(ctx.candidates[i].kind) == family
        ]
        if len(close) >= 2:
            return close[:_MAX_PARTS]
    return []


def _row_years(
    ctx: QuestionContext, scores: np.ndarray, cell: int, years: list[str]
) -> list[int]:
    """The best-scored cell of ``cell``'s table row under each of ``years``, in their order, of
    its family (a "%" column beside each year's amount is not taken); empty when the row has no
    such cell for one of them."""
    family = _family(ctx.candidates[cell].kind)
    row = [
        i
        for i in _row(ctx, ctx.candidates[cell])
        if _family(ctx.candidates[i].kind) == family
    ]
    chosen = []
    for year in years:
        cells = [i for i in row if year in YEAR.findall(ctx.candidates[i].header)]
        if not cells:
            return []
        chosen.append(max(cells, key=lambda i: scores[i]))
    return chosen


def _enumeration(ctx: QuestionContext, figure: int, count: int) -> list[int]:
    """The enumeration ``figure`` stands in ("$0.8 million and $0.6 million"): figures of its
    family in its sentence joined only by commas, "and" or "or". Empty unless it holds exactly
    ``count`` figures."""
    own = ctx.candidates[figure]
    written = sorted(
        (
            i
            for i, c in enumerate(ctx.candidates)
            if c.source == own.source
            and c.doc_id == own.doc_id
            and c.sentence_index == own.sentence_index
            and _family(c.kind) == _family(own.kind)
        ),
        key=lambda i: ctx.candidates[i].start,
    )
    at = written.index(figure)
    start = at
    while start > 0 and _joined(
        ctx.candidates[written[start - 1]], ctx.candidates[written[start]]
    ):
        start -= 1
    end = at
    while end + 1 < len(written) and _joined(
        ctx.candidates[written[end]], ctx.candidates[written[end + 1]]
    ):
        end += 1
    run = written[start : end + 1]
    return run if len(run) == count else []


def _joined(first: Candidate, then: Candidate) -> bool:
    """Whether ``then`` follows ``first`` in one enumeration: only a comma, semicolon, "and" or
    "or" between them."""
    gap = then.start - first.end
    return 0 <= gap <= len(first.right) and bool(
        _ENUMERATION_GAP.fullmatch(first.right[:gap])
    )


def candidate_pairs(
    ctx: QuestionContext, scores: np.ndarray, op: str
) -> list[tuple[int, int]]:
    """The pairs a two-slot operation could take: the best-ranked few of each slot's kinds and
    every figure of those kinds the question writes, two different values whose kinds fit
    together ("$400 million" and "$400 Million" are one value: a figure against itself is no
    computation anyone asks for). A threshold's second slot is a number the question writes,
    its first a table cell of the notice.

    The question's own figures join the pools whatever their rank (``QuestionContext.written``):
    a figure a computation's question writes is nearly always one of its operands (of the 394
    the bank's written train computations write, 385 are annotated operands), yet the ranker,
    taught by lookups too, ranks it low ("$150 million" of "If X spent the full $150 million on
    the 5,000,000-share cap, what price per share would that imply?" was not among the best six
    amounts)."""
    pools = []
    for place, slot in enumerate(SLOTS[op]):
        fitting = [
            i
            for i, c in enumerate(ctx.candidates)
            if c.kind in slot and _may_fill(op, place, c)
        ]
        best = sorted(fitting, key=lambda i: -scores[i])[:_PAIR_POOL]
        pools.append(
            list(dict.fromkeys(best + [i for i in ctx.written if i in fitting]))
        )
    return [
        (i, j)
        for i in pools[0]
        for j in pools[1]
        if i != j
        and ctx.keys[i] != ctx.keys[j]
        and _fits(op, ctx.candidates[i], ctx.candidates[j])
    ]


def _may_fill(op: str, place: int, candidate: Candidate) -> bool:
    """Whether a candidate may fill slot ``place`` of ``op`` by where it stands: a threshold
    compares a table row of the notice with a number of the question."""
    if op not in THRESHOLDS:
        return True
    if place == 1:
        return candidate.source == "question"
    return candidate.source != "question" and bool(candidate.header)


def operands(
    ctx: QuestionContext, scores: np.ndarray, op: str, pairs: PairScorer
) -> Grounding:
    """The pair of candidates the pair scorer rates best for the operation's two slots (and, for
    a sum, an average or a net amount, further parts scored close to them; for a comparison of
    periods or the periods held, the rest of their table row; for a comparison of a column's
    rows, the rest of their column)."""
    fitting = candidate_pairs(ctx, scores, op)
    if not fitting:
        return Grounding((), ())
    chosen = list(max(fitting, key=lambda pair: pairs.score(ctx, scores, *pair)))
    if op in ("sum", "average", "net_of"):
        chosen = _parts(ctx, scores, chosen, op)
    elif op in COMPARISONS and one_column([ctx.candidates[i] for i in chosen]):
        chosen = _column(ctx, chosen)
    elif op in ROW_WIDE:
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
    over the whole row ("In which year was it largest?" of three year columns), one cell for each
    period. A column under no year (a "Change" column beside the years) is no period, and a
    column under a year it does not report (a "Note" column beside "2019", the year spread over
    it as a spanning caption is) adds no second figure for that year."""
    first = ctx.candidates[chosen[0]]
    if not first.header:
        return []
    held = {year for i in chosen for year in YEAR.findall(ctx.candidates[i].header)}
    more = []
    for i in _row(ctx, first):
        years = set(YEAR.findall(ctx.candidates[i].header))
        if (
            i not in chosen
            and _family(ctx.candidates[i].kind) == _family(first.kind)
            and (years or not held)
            and not years & held
        ):
            more.append(i)
            held |= years
    return more[: _MAX_PARTS - len(chosen)]


def _column(ctx: QuestionContext, chosen: list[int]) -> list[int]:
    """The cells of the table column the chosen figures stand in (``column_of``), the chosen
    first: a comparison of rows is over the whole column ("Which segment had the largest
    charges?" of three segments), less a cell that is the sum of all the others (their total,
    which is none of them). Empty when the column is not one the header tells apart."""
    column = column_of(ctx.candidates[chosen[0]], ctx.candidates)
    if column is None:
        return []
    at = {id(c): i for i, c in enumerate(ctx.candidates)}
    indexes = [at[id(c)] for c in column]
    if not set(chosen) <= set(indexes):
        return []
    cells = chosen + [i for i in indexes if i not in chosen]
    kept = [i for i in cells if not _total_of(ctx, i, cells)]
    return kept if len(kept) >= 2 else []


def _total_of(ctx: QuestionContext, index: int, column: list[int]) -> bool:
    """Whether cell ``index`` is the sum of the other cells of ``column``."""
    try:
        values = {i: number_value(ctx.candidates[i]) for i in column}
    except ProgramError:
        return False
    others = [v for i, v in values.items() if i != index]
    return len(others) >= 2 and values[index] == sum(others)


def _parts(
    ctx: QuestionContext, scores: np.ndarray, chosen: list[int], op: str
) -> list[int]:
    """The parts of a sum or an average of a table row: the row's cell for each year the
    question names ("the average for 2017-2019"); for an average that names no year, of a pair
    in one row, every year the row holds ("the average gross profit" of three year columns).
    Otherwise the chosen pair and further parts scored close to them."""
    years = named_years(ctx.question)
    row: list[int] = []
    if op != "net_of" and ctx.candidates[chosen[0]].header:
        if len(years) >= 2:
            row = _row_years(ctx, scores, chosen[0], years)
        elif not years and op == "average":
            row = _every_year(ctx, scores, chosen)
    return row if len(row) >= 2 else chosen + _more_parts(ctx, scores, chosen)


def _every_year(ctx: QuestionContext, scores: np.ndarray, pair: list[int]) -> list[int]:
    """The cell of each year the pair's table row holds; empty unless the pair is in one row."""
    row = _row(ctx, ctx.candidates[pair[0]])
    if pair[1] not in row:
        return []
    held = [y for i in row for y in YEAR.findall(ctx.candidates[i].header)]
    return _row_years(ctx, scores, pair[0], list(dict.fromkeys(held)))


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
