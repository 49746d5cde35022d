"""Everything that keeps the UI on this machine: no web fonts, no share link, no run history.

(Analytics are switched off in ``ui/__init__.py``, before Gradio is imported.)
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ui.page import CSS, JS

UPLOAD_CAP_FACTOR = 4


def theme() -> gr.themes.Base:
    """The default look with system fonts only (Gradio's own fonts would be served locally, but
    system fonts need no request at all)."""
    return gr.themes.Default(
        font=[gr.themes.Font("system-ui"), "sans-serif"],
        font_mono=[
            gr.themes.Font("ui-monospace"),
            gr.themes.Font("Consolas"),
            "monospace",
        ],
    )


def launch_options(max_file_mb: float) -> dict[str, Any]:
    """``Blocks.launch`` keywords for a private, local server (the tests launch with these too)."""
    return {
        "share": False,
        "ssr_mode": False,
        "mcp_server": False,
        "enable_monitoring": False,
        "run_history": False,
        "footer_links": ["api"],
        # Gradio's own cap refuses with a passing toast and no line in the upload report, so it
        # sits well above the product's limit: a file up to UPLOAD_CAP_FACTOR times the limit
        # reaches ingest, which skips it unread with a per-file line saying the limit. The cap
        # still keeps a runaway upload off the server's disk.
        "max_file_size": int(max_file_mb * 1024 * 1024 * UPLOAD_CAP_FACTOR),
        "theme": theme(),
        "css": CSS,
        "js": JS,
    }
