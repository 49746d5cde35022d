"""The process environment that keeps filingqa offline, set by entry points, never on import.

Why not on import: a library that changes ``os.environ`` when imported changes it for the whole
program that imported it (its tests, its other libraries). The product itself needs none of it
to stay offline: models load with ``local_files_only``, Chroma gets ``anonymized_telemetry=False``
and the Gradio app ``analytics_enabled=False``. These variables are a second lock on the same
door for the programs filingqa itself starts (the command line, the benchmarks).
"""

from __future__ import annotations

import os

OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


def set_offline_environment() -> None:
    """Set the variables above in this process (values the user already set are kept)."""
    for name, value in OFFLINE.items():
        os.environ.setdefault(name, value)
