"""A real ingest process that pauses inside every store write, for tests/ingest/test_crash.py.

Usage: ``python -m tests.ingest.paused_ingest STORE FOLDER SECONDS [STEP]``. It ingests as
``filingqa ingest`` does (``FilingQA.ingest``), with a ``write_hook`` on the store that prints
``filingqa-store-step <step>`` to stderr after each journal step and sleeps there (only at
``STEP`` when one is named), so the test can SIGKILL it in the middle of a write. The hook is an object this test process injects: the
product's write path reads no test switch of any kind.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(store: str, folder: str, seconds: str, only: str = "") -> int:
    from qa.api import FilingQA
    from qa.environment import set_offline_environment

    set_offline_environment()
    qa = FilingQA.open(store=Path(store))

    def pause(step: str) -> None:
        print(f"filingqa-store-step {step}", file=sys.stderr, flush=True)
        if not only or step == only:
            time.sleep(float(seconds))

    qa.store.write_hook = pause
    print(qa.ingest([Path(folder)]).summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
