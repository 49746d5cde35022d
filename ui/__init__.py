"""The browser front end of filingqa: a Gradio chat over the stored notices (see ``ui.app``).

Gradio reads its analytics switch from the environment, so it is set here, before any module of
this package can import Gradio: the UI must never call out (filings may be under embargo).
"""

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
