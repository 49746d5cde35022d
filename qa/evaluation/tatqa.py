"""TAT-QA excerpts as notices: one notice per excerpt, its name, its text, and its split.

TAT-QA (NExTplusplus/TAT-QA, MIT) pairs questions with excerpts of real annual reports (a table
and paragraphs). The bench (``bench/tatqa.py``) asks them restricted to one notice per excerpt, and
the reader may learn from the dev set's questions (``tatqa_cases``): both must write an excerpt as
the same notice under the same name, so both take them from here. An excerpt is numbered by its
place in the dev file, whatever part of the file is used.

The split is by excerpt, so that no table is both learned from and measured on: a fixed hash of the
table's uid puts about 70% of the excerpts in ``train`` and the rest in ``heldout``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

DEV = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "peer"
    / "tatqa"
    / "tatqa_dataset_dev.json"
)
SPLITS = ("train", "heldout")
_TRAIN_SHARE = 70  # of 100 hash buckets


def numbered(path: Path = DEV) -> list[tuple[int, dict]]:
    """Every excerpt of a TAT-QA file with its number (its place in the file, from 1)."""
    return list(enumerate(json.loads(path.read_text(encoding="utf-8")), start=1))


def split_of(excerpt: dict) -> str:
    """``train`` or ``heldout``, from the table's uid alone (stable across runs and machines)."""
    digest = hashlib.sha256(excerpt["table"]["uid"].encode("utf-8")).digest()
    return (
        "train" if int.from_bytes(digest[:4], "big") % 100 < _TRAIN_SHARE else "heldout"
    )


def notice_name(number: int, excerpt: dict) -> str:
    """The notice's file name: its number and the start of its table's uid."""
    return f"tatqa-{number:04d}-{excerpt['table']['uid'][:8]}.md"


def _cell(text: str) -> str:
    """A cell's text as a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def notice_text(excerpt: dict, number: int) -> str:
    """An excerpt as one notice: a title, its table as a Markdown pipe table, its paragraphs."""
    table = excerpt["table"]["table"]
    width = max(len(row) for row in table)
    lines = [f"# Annual report excerpt {number}", ""]
    for i, row in enumerate(table):
        cells = [_cell(c) for c in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "---|" * width)
    lines.append("")
    for paragraph in sorted(excerpt["paragraphs"], key=lambda p: p["order"]):
        lines += [paragraph["text"], ""]
    return "\n".join(lines)


def notices(path: Path = DEV, split: str | None = None) -> dict[str, str]:
    """The text of each excerpt's notice by file name (those of one split, or all)."""
    return {
        notice_name(number, excerpt): notice_text(excerpt, number)
        for number, excerpt in numbered(path)
        if split is None or split_of(excerpt) == split
    }
