"""The facts in play for one question, and finding among them the ones a phrase asks for.

Built once per question from the notices retrieval picked: their facts seen as ``FactView``s,
how their passages ranked, and a prior per notice (its retrieval rank, and whether its date fits
the months the question names). ``find`` scores the facts against any phrase (the question, or
one operand of a computation), so lookups and computations match figures the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy as np

from ingest.records import ManifestEntry
from qa.fact_match import Match, make_target, rank
from qa.fact_view import FactView
from qa.guards import option_score, option_state, period_agrees, period_score
from qa.intent import Intent
from qa.question import periods as question_periods
from qa.question import proper_names
from qa.semantic import SemanticCache
from tools.amounts import AmountError


@dataclass
class Evidence:
    """Candidate facts for a question and the means to score them against a phrase."""

    intent: Intent
    views: list[FactView]
    passage_rank: dict[str, int]
    doc_prior: dict[str, float]
    naming: frozenset[str]
    semantic: SemanticCache
    manifest: dict[str, ManifestEntry]
    question_vector: np.ndarray | None = None
    _descriptions: np.ndarray | None = field(default=None, repr=False)
    _labels: np.ndarray | None = field(default=None, repr=False)

    def similarities(self, vector: np.ndarray | None) -> np.ndarray | None:
        """Similarity of a phrase to each fact: half to its label and clause, half to its label alone
        (a table row's label is all there is to it)."""
        if vector is None or not self.views:
            return None
        if self._descriptions is None:
            self._descriptions = self.semantic.vectors(
                [view.description for view in self.views]
            )
            self._labels = self.semantic.vectors(
                [_label_text(view.fact["label"]) for view in self.views]
            )
        return 0.5 * (self._descriptions @ vector) + 0.5 * (self._labels @ vector)

    def find(
        self,
        phrase: str,
        kinds: Sequence[str],
        asked: str | None = None,
        vector: np.ndarray | None = None,
        among: Iterable[FactView] | None = None,
    ) -> list[Match]:
        """Facts answering ``phrase``, best first; qualifiers bind only in ``asked`` (default: the phrase)."""
        if vector is None:
            vector = (
                self.question_vector
                if phrase == self.intent.question
                else self.semantic.vector(phrase)
            )
        target = make_target(phrase, kinds, self.naming, vector, asked)
        views = self.views if among is None else list(among)
        sims = self.similarities(vector)
        if among is not None and sims is not None:
            index = {id(view): i for i, view in enumerate(self.views)}
            sims = np.array([sims[index[id(view)]] for view in views], dtype=np.float32)
        matches = rank(target, views, sims, self.passage_rank, self.doc_prior)
        # the months and quarters that bind are those of the phrase: "the new quarterly dividend"
        # is not the "third-quarter diluted EPS" the same question compares it with
        if phrase == self.intent.question:
            periods = self.intent.periods
        else:
            periods = tuple(question_periods(asked if asked is not None else phrase))
        option = option_state(self.intent.question)
        written = [
            " ".join(figure.text.split()).lower() for figure in self.intent.figures
        ]
        kept = []
        for match in matches:
            entry = self.manifest.get(match.fact["doc_id"])
            if periods and not period_agrees(match, periods, entry):
                continue
            bonus = period_score(match, periods, entry) if periods else 0.0
            bonus += option_score(option, f"{match.view.before} {match.view.after}")
            sentence = " ".join(match.fact.get("context", "").split()).lower()
            if any(text in sentence for text in written):
                bonus += 1.5  # the sentence holds a figure the question quotes
            if _about_another(match, entry, self.intent.names):
                bonus -= 2.5
            kept.append(replace(match, score=match.score + bonus) if bonus else match)
        return sorted(
            kept, key=lambda match: (-match.score, match.fact.get("start", 0))
        )

    def quoted_facts(self) -> list[dict]:
        """Facts stating a figure the question writes ("975,610 shares at $5.125"), one per figure,
        from the best-ranked notice that states it: the passages a computation on them rests on."""
        found = []
        for figure in self.intent.figures:
            try:
                value = figure.value
            except (AmountError, ArithmeticError, ValueError):
                continue
            same = [
                view.fact
                for view in self.views
                if view.fact["kind"] not in ("date", "ratio")
                and _equals(view.fact, value)
            ]
            if same:
                found.append(
                    max(same, key=lambda fact: self.doc_prior.get(fact["doc_id"], -1.0))
                )
        return found


def _equals(fact: dict, value: Decimal) -> bool:
    try:
        return Decimal(str(fact["value"])) == value
    except ArithmeticError:
        return False


def _label_text(label: str) -> str:
    return label.replace("use of proceeds:", "proceeds used to").strip()


def _about_another(
    match: Match, entry: ManifestEntry | None, names: Sequence[str]
) -> bool:
    """Whether the fact's sentence is about another party the notice names in its title (the
    spin-off's dividend in the parent's release) and not about the one the question names."""
    if entry is None or not names:
        return False
    said = set(proper_names(match.fact.get("context", "")))
    if said & set(names):
        return False
    title = set(re.findall(r"[a-z][a-z0-9&]+", entry.title.lower()))
    return bool(said & title)
