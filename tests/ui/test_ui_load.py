"""Twenty chat sessions at once through ``gradio_client`` on loopback: all right, none failing.

The clients run in a separate process (``loadgen.py``) so they do not share the server's
interpreter lock. The latency figures (one session alone, then twenty together) are written to
``test-output/ui/load.json`` so a change that slows answering down is visible.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import Served

pytestmark = pytest.mark.filterwarnings("ignore:.*(silent_downcasting|copy keyword)")

SESSIONS = 20
QUESTIONS_PER_SESSION = 3
P95_LIMIT_S = (
    10.0  # generous: only a real regression (everything serialized badly, a hang) fails
)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def figures(seconds: list[float]) -> dict[str, float]:
    return {
        "n": len(seconds),
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
    }


def test_twenty_concurrent_sessions(served: Served, output_dir: Path) -> None:
    script = Path(__file__).with_name("loadgen.py")
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            served.url,
            str(SESSIONS),
            str(QUESTIONS_PER_SESSION),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    run = json.loads(done.stdout.strip().splitlines()[-1])
    together = run["together"]

    result = {
        "one_session": figures([r["s"] for r in run["solo"]]),
        f"{SESSIONS}_sessions": {
            **figures([r["s"] for r in together]),
            "wall_s": round(run["wall_s"], 2),
        },
    }
    (output_dir / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))

    assert len(together) == SESSIONS * QUESTIONS_PER_SESSION
    failures = [r for r in run["solo"] + together if r["error"] or not r["ok"]]
    assert not failures, failures[:5]
    assert percentile([r["s"] for r in together], 0.95) < P95_LIMIT_S, result
