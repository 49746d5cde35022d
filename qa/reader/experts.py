"""Which fitted models read a notice: the bank's, the table set fitted on TAT-QA's excerpts, or both.

One model set fitted on the bank and TAT-QA's train excerpts together read TAT-QA's held-out
tables far better than the bank's models (exact match 14.0 against 2.9) but the bank's press
releases worse (held-out 157 right against 180): swapping parts showed the joint ranker and word
associations cost the bank most. The two genres separate by a plain property of the notice: the
share of its figures that stand in table cells is 0 for 486 of the bank's 487 notices (the other
0.33) and above 0 for 196 of TAT-QA's 202 train excerpts, above one half for 172. So a prose
notice is read by the bank's set, a notice most of whose figures are cells by the table set
(fitted on TAT-QA's train excerpts alone: it states fewer TAT-QA answers than the joint set but
far fewer wrong ones), and a notice with some figures in cells, prose around a table, by both.

Why both: such a notice may be asked either genre's questions. Read by the bank's set alone, the
24 TAT-QA train excerpts with a share at or below one half (144 questions, against a table set
fitted on the other 172 excerpts, so that none was seen) had exact match 1.4 (3 answers stated)
against 23.6 (46 stated) read by the table set; but the table set misreads a press release's
questions about its prose (the bundled rights offering, a results table among its sentences,
asked its subscription price). Each set answers, and the answer of the surer set stands
(``Reader._answer``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from qa.reader.associations import Associations
from qa.reader.candidates import Candidate
from qa.reader.decide import Decider
from qa.reader.direction import Direction
from qa.reader.exemplars import Exemplars
from qa.reader.ground import Grounder
from qa.reader.models import MODEL_DIR
from qa.reader.pairs import PairScorer
from qa.reader.passages import PassageReader
from qa.reader.question import QuestionReader

_Model = TypeVar("_Model")

TABLES_DIR = MODEL_DIR.with_name("fitted_tables")
# "Most of its figures": more than half of a notice's figures in table cells.
TABULAR_SHARE = 0.5
_FIGURES = {"money", "per_share", "shares", "count", "number", "percentage"}


def tabular_share(candidates: Sequence[Candidate]) -> float:
    """The share of a notice's figures that are table cells (0 when it has no figures)."""
    figures = [c for c in candidates if c.kind in _FIGURES]
    return sum(1 for c in figures if c.header) / len(figures) if figures else 0.0


class ModelSet:
    """The reader's fitted models from one folder, each loaded on first use: training builds a
    set with some models given (fitted on other folds) and the rest never needed, and commands
    that never answer never load any."""

    def __init__(
        self,
        folder: Path = MODEL_DIR,
        *,
        questions: QuestionReader | None = None,
        grounder: Grounder | None = None,
        associations: Associations | None = None,
        direction: Direction | None = None,
        pairs: PairScorer | None = None,
        decider: Decider | None = None,
        passages: PassageReader | None = None,
        exemplars: Exemplars | None = None,
    ) -> None:
        self.folder = folder
        self._questions, self._grounder, self._associations = (
            questions,
            grounder,
            associations,
        )
        self._direction, self._pairs, self._decider = direction, pairs, decider
        self._passages, self._passages_loaded = passages, passages is not None
        self._exemplars = exemplars

    def _model(self, attribute: str, load: Callable[[Path], _Model]) -> _Model:
        if getattr(self, attribute) is None:
            setattr(self, attribute, load(self.folder))
        return getattr(self, attribute)

    @property
    def questions(self) -> QuestionReader:
        """The question classifiers: answer type and operation."""
        return self._model("_questions", QuestionReader.load)

    @property
    def grounder(self) -> Grounder:
        """The candidate ranker."""
        return self._model("_grounder", Grounder.load)

    @property
    def associations(self) -> Associations:
        """The learned word associations the ranker reads as a feature."""
        return self._model("_associations", Associations.load)

    @property
    def exemplars(self) -> Exemplars:
        """The annotated questions and their answers' contexts, a feature of the ranker."""
        return self._model("_exemplars", Exemplars.load)

    @property
    def direction(self) -> Direction:
        """Which operand a percentage change starts from."""
        return self._model("_direction", Direction.load)

    @property
    def pairs(self) -> PairScorer:
        """Which two candidates a computation takes."""
        return self._model("_pairs", PairScorer.load)

    @property
    def decider(self) -> Decider:
        """Whether to answer: the decision model and its threshold."""
        return self._model("_decider", Decider.load)

    def stating_every_reading(self) -> ModelSet:
        """This set with its decisions' thresholds at 0: it states its best reading of every
        question it grounds or reads in words, as TAT-QA's published readers answer every one.
        For benches that show what the decisions cost (``bench/tatqa.py``), never for users."""
        passages = self.passages
        return ModelSet(
            self.folder,
            decider=replace(self.decider, threshold=0.0),
            passages=None if passages is None else replace(passages, threshold=0.0),
        )

    @property
    def passages(self) -> PassageReader | None:
        """Which questions are asked in words and which sentence's tail answers them; None for
        a set fitted without answers in words (loaded once either way)."""
        if not self._passages_loaded:
            self._passages = PassageReader.load(self.folder)
            self._passages_loaded = True
        return self._passages
