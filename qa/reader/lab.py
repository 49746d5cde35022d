"""Fitting experiments in minutes: a fit's contexts saved once, its later steps measured over them.

Building the contexts of a fit (every train case read, its notices retrieved, its candidates
featured and ranked out of fold: steps 1 to 3 of ``qa.reader.train``) is most of a fit's half
hour over the bank. Everything after learns from those contexts alone: the direction of a change,
the pair scorer, the decision's signals and threshold. So a change to one of those is measured
by saving the contexts once (``save``) and fitting the later steps over them, under the code as
it stands (``measure``), in a minute or two and without a refit's noise: the same contexts give
the same figures, and they are the figures ``python -m qa.reader.train`` prints (a test holds the
two equal). A change to the candidates, their features or the ranker needs the contexts saved
again.

Usage:
    python -m qa.reader.lab save --store DIR [--tables] CONTEXTS
    python -m qa.reader.lab measure --store DIR CONTEXTS

The file is a pickle (about 2.3 GB for the bank): load only one you saved yourself.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

from qa.api import FilingQA
from qa.evaluation.bank import load_cases
from qa.evaluation.tatqa_cases import load_tatqa_cases
from qa.reader.train import (
    Grounded,
    TrainingError,
    decide_out_of_fold,
    exact_search,
    ground_cases,
    prepare,
    print_figures,
)

# A context holds candidates that refer to their notices' texts and to each other; pickling
# that graph recurses deeper than Python's default limit allows.
_RECURSION = 100_000


def save(qa: FilingQA, tables: bool, path: Path) -> Grounded:
    """Build a fit's contexts over the store (the bank's train cases, or with ``tables`` TAT-QA's)
    and write them to ``path``."""
    cases = load_tatqa_cases() if tables else load_cases()
    grounded = ground_cases(prepare(qa, cases))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION))
    with path.open("wb") as file:
        pickle.dump(grounded, file, protocol=pickle.HIGHEST_PROTOCOL)
    return grounded


def load(path: Path) -> Grounded:
    """The contexts ``save`` wrote to ``path``; a ``TrainingError`` for any other file."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION))
    # Only a file this module wrote, named by its user (the module's docstring says so).
    try:
        with path.open("rb") as file:
            grounded = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
        raise TrainingError(f"{path} holds no saved contexts ({error})") from error
    if not isinstance(grounded, Grounded):
        raise TrainingError(f"{path} holds no saved contexts (see: qa.reader.lab save)")
    return grounded


def measure(qa: FilingQA, grounded: Grounded) -> dict[str, int | float]:
    """The decision fitted over the saved contexts under the code as it stands: how many written
    answers out of fold are right before it, and how many it states right and wrong."""
    decider, stated, right = decide_out_of_fold(
        exact_search(qa), grounded.exs, grounded.scores
    )
    return {
        "right_out_of_fold": int(right.sum()),
        **stated,
        "threshold": decider.threshold,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("save", "measure"))
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument(
        "--tables", action="store_true", help="TAT-QA's train cases (save only)"
    )
    parser.add_argument("contexts", type=Path, metavar="CONTEXTS")
    args = parser.parse_args(argv)
    qa = FilingQA.open(store=args.store)
    if args.step == "save":
        try:
            grounded = save(qa, args.tables, args.contexts)
        except TrainingError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"saved the contexts of {len(grounded.exs)} cases to {args.contexts}")
        return 0
    return print_figures(lambda: measure(qa, load(args.contexts)))


if __name__ == "__main__":
    raise SystemExit(main())
