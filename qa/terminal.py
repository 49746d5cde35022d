"""Text from notices made safe to print on a terminal.

Why: titles, labels and quotes come from files anyone may have written. An escape sequence in a
title (``ESC ]0;...``, ``ESC [2J``) would retitle, clear or recolour the user's terminal when
``filingqa documents`` prints it; JSON output is safe already (``json`` escapes controls).
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other two-byte escapes, and the 8-bit CSI.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n]")


def terminal_safe(text: str, keep_lines: bool = False) -> str:
    """``text`` without escape sequences or control characters.

    With ``keep_lines`` newlines and tabs stay (multi-line answers); without, they become spaces,
    so that one field stays on its line of a tab-separated listing.
    """
    text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return text if keep_lines else _LINE_BREAKS.sub(" ", text)
