"""TAT-QA as a bench: hybrid table + text questions over excerpts of real annual reports.

Each excerpt (its table and paragraphs) becomes one notice, the table written as a Markdown pipe
table, all ingested into a fresh store; every question is asked restricted to its notice
(``filters={"doc_ids": [...]}``), and the answer's structured ``value`` and ``scale`` are scored
with the official metric (``bench/tatqa_metric.py``). Printed: EM and F1 overall, by answer type
and by answer source, beside them the reader's best reading of every question (its decisions'
thresholds at 0, ``FilingQA.stating_every_reading``: TAT-QA's published readers answer every
question, so this is the figure to set beside theirs, and the gap to the answers is what the
decisions' refusals cost) and the always-empty floor, and how many questions made ``ask`` raise
(the promise is none).

Data: ``../shared/peer/tatqa/tatqa_dataset_dev.json`` (NExTplusplus/TAT-QA, MIT; see its LICENSE).
The reader learns from the questions of the dev set's train excerpts (``qa.evaluation.tatqa``
splits them by excerpt): ``--split heldout`` scores the excerpts it never learned from.
Usage: python bench/tatqa.py [--data FILE] [--split all|train|heldout] [--limit N] [--store DIR]
       [--out predictions.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import traceback
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

# Run as a script, this file's folder would come first on the path and shadow the ``ingest`` package.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.common import timed
from bench.tatqa_metric import score
from qa.evaluation.tatqa import (
    DEV,
    SPLITS,
    notice_name,
    notice_text,
    numbered,
    split_of,
)

if TYPE_CHECKING:
    from qa.api import FilingQA


def excerpts(
    path: Path, limit: int | None, split: str = "all"
) -> list[tuple[int, dict]]:
    """The numbered excerpts of a TAT-QA file (of one split, or all), cut after the one that
    brings the questions to ``limit``."""
    chosen, asked = [], 0
    for number, excerpt in numbered(path):
        if split != "all" and split_of(excerpt) != split:
            continue
        if limit is not None and asked >= limit:
            break
        chosen.append((number, excerpt))
        asked += len(excerpt["questions"])
    return chosen


def _prediction(answer) -> tuple[str | list[str] | None, str]:
    """The answer's structured value and scale, as the metric takes them ("" for no scale)."""
    if not answer.found or answer.value is None:
        return None, ""
    return answer.value, answer.scale or ""


def _asked(qa: FilingQA, question: dict, doc_id: str | None) -> tuple[tuple, int]:
    """(value, scale) of the question asked restricted to its notice ((None, "") for a notice that
    was not stored), and 1 when ``ask`` raised (printed: the promise is that it never does)."""
    if doc_id is None:
        return (None, ""), 0
    try:
        answer = qa.ask(question["question"], filters={"doc_ids": [doc_id]})
    except Exception:  # noqa: BLE001 -- counted: the promise is that none escapes ``ask``
        traceback.print_exc()
        return (None, ""), 1
    return _prediction(answer), 0


class Tally:
    """Sums of EM and F1 by group, and the count of each group."""

    def __init__(self) -> None:
        self.sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])

    def add(self, groups: list[str], em: float, f1: float) -> None:
        for group in groups:
            total = self.sums[group]
            total[0] += em
            total[1] += f1
            total[2] += 1

    def row(self, group: str) -> tuple[float, float, int]:
        em, f1, n = self.sums[group]
        return (100 * em / n, 100 * f1 / n, int(n)) if n else (0.0, 0.0, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument(
        "--split",
        choices=("all", *SPLITS),
        default="all",
        help="the excerpts of one split (the reader learns from train)",
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="about this many questions"
    )
    parser.add_argument(
        "--store", type=Path, default=None, help="store folder (default: temporary)"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="write each prediction here (JSON)"
    )
    args = parser.parse_args()

    from qa.api import FilingQA

    chosen = excerpts(args.data, args.limit, args.split)
    with tempfile.TemporaryDirectory(prefix="tatqa-") as scratch:
        folder = Path(scratch) / "notices"
        folder.mkdir()
        for number, excerpt in chosen:
            (folder / notice_name(number, excerpt)).write_text(
                notice_text(excerpt, number), encoding="utf-8"
            )
        qa = FilingQA.open(store=args.store or Path(scratch) / "store")
        with timed() as ingest_seconds:
            report = qa.ingest([folder])
        doc_of = {Path(entry.source).name: entry.doc_id for entry in qa.documents()}
        print(report.summary())
        print(
            f"ingested {len(chosen)} excerpts ({args.split}) in {ingest_seconds[0]:.1f} s"
        )

        every = qa.stating_every_reading()
        ours, every_reading, floor = Tally(), Tally(), Tally()
        raised, answered, details = 0, 0, []
        with timed() as ask_seconds:
            for number, excerpt in chosen:
                doc_id = doc_of.get(notice_name(number, excerpt))
                for question in excerpt["questions"]:
                    (value, scale), raised_here = _asked(qa, question, doc_id)
                    (best, best_scale), raised_best = _asked(every, question, doc_id)
                    raised += raised_here + raised_best
                    em, f1 = score(question, value, scale)
                    best_em, best_f1 = score(question, best, best_scale)
                    empty_em, empty_f1 = score(question, None, "")
                    groups = [
                        "all",
                        f"type {question['answer_type']}",
                        f"from {question['answer_from']}",
                    ]
                    ours.add(groups, em, f1)
                    every_reading.add(groups, best_em, best_f1)
                    floor.add(groups, empty_em, empty_f1)
                    answered += value is not None
                    details.append(
                        {
                            "uid": question["uid"],
                            "question": question["question"],
                            "gold": question["answer"],
                            "gold_scale": question["scale"],
                            "type": question["answer_type"],
                            "from": question["answer_from"],
                            "value": value,
                            "scale": scale,
                            "em": em,
                            "f1": f1,
                            "every_reading": {
                                "value": best,
                                "scale": best_scale,
                                "em": best_em,
                                "f1": best_f1,
                            },
                        }
                    )
    asked = ours.row("all")[2]
    print(
        f"asked {asked} questions in {ask_seconds[0]:.1f} s; answered {answered}; "
        f"exceptions escaping ask: {raised}"
    )
    print(
        f"{'':<30}{'answers':>16}{'every reading':>16}{'floor':>16}\n"
        f"{'group':<24}{'n':>6}" + f"{'EM':>8}{'F1':>8}" * 3
    )
    for group in sorted(ours.sums, key=lambda g: (g != "all", g)):
        em, f1, n = ours.row(group)
        best_em, best_f1, _ = every_reading.row(group)
        floor_em, floor_f1, _ = floor.row(group)
        print(
            f"{group:<24}{n:>6}{em:>8.2f}{f1:>8.2f}{best_em:>8.2f}{best_f1:>8.2f}"
            f"{floor_em:>8.2f}{floor_f1:>8.2f}"
        )
    if args.out:
        args.out.write_text(
            json.dumps(details, indent=1, ensure_ascii=False), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
