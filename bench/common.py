"""Shared pieces of the benchmarks: the corpus, timing, and printing results beside the baseline."""

from __future__ import annotations

import gzip
import json
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
SAMPLE500 = SHARED_CORPUS / "sample500.jsonl.gz"


def releases(path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(path, text) pairs from a ``{"path", "text"}`` JSON Lines archive, gzipped or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    found = []
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            found.append((record["path"], record["text"]))
            if limit and len(found) >= limit:
                break
    return found


@contextmanager
def timed() -> Iterator[list[float]]:
    """Yields a one-element list that holds the elapsed seconds once the block ends."""
    elapsed = [0.0]
    start = time.perf_counter()
    yield elapsed
    elapsed[0] = time.perf_counter() - start


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(rows: list[tuple[str, float, float, str]]) -> None:
    """Print ``(metric, baseline, filingqa, unit)`` rows with the ratio filingqa / baseline."""
    print(f"{'metric':<28}{'baseline':>14}{'filingqa':>14}{'ratio':>9}")
    for metric, baseline, ours, unit in rows:
        ratio = ours / baseline if baseline else float("inf")
        print(
            f"{metric:<28}{baseline:>13.2f}{unit[:1]:1}{ours:>13.2f}{unit[:1]:1}{ratio:>8.2f}x   ({unit})"
        )
