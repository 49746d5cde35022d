"""Writers take turns: two real ingests at once lose nothing and mix nothing; a held lock is
waited for, with a message, and then refused with the reason."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from ingest.locking import exclusive_lock
from tests.conftest import IIJ, REPO
from tests.ingest.test_pipeline import consistent

NAMES = 20


def release(team: str, number: int) -> str:
    """A dividend release of its own: company, amounts, dates and a code naming its file."""
    company = (
        f"{'Alder' if team == 'A' else 'Birch'}wood Fictional{number} Holdings Inc."
    )
    cents = 10 + number + (50 if team == "B" else 0)
    return (
        f"{company} Announces Quarterly Cash Dividend\n\n"
        f"Release code {team}-{number:02d}.\n\n"
        f"{company} (the Company) declared a quarterly cash dividend of ${cents / 100:.2f} per "
        f"share of common stock, payable on March {number + 1}, 2025 to shareholders of record "
        f"at the close of business on February {number + 1}, 2025.\n\n"
        f"The Company has paid {number + 3} consecutive quarterly dividends. About the Company: "
        f"{company} designs {team.lower()}-series widgets in {number + 2} countries.\n"
    )


def folders(tmp_path: Path) -> dict[str, Path]:
    """Two folders of different releases saved under the same 20 file names."""
    made = {}
    for team in ("A", "B"):
        folder = tmp_path / f"team-{team.lower()}"
        folder.mkdir()
        for number in range(NAMES):
            (folder / f"release-{number:02d}.txt").write_text(release(team, number))
        made[team] = folder
    return made


def ingest(store: Path, folder: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "--store", str(store)]
        + ["ingest", "-q", str(folder)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **env},
    )


def test_two_ingests_at_once_into_a_new_store_store_every_notice_unmixed(
    tmp_path: Path, embedder
):
    from qa.api import FilingQA

    made = folders(tmp_path)
    store = tmp_path / "store"  # brand new: both processes create it
    runs = [ingest(store, made["A"]), ingest(store, made["B"])]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert out.startswith(f"added {NAMES}, replaced 0, unchanged 0, skipped 0"), out
    qa = FilingQA.open(store=store, embedder=embedder)
    entries = qa.documents()
    assert len(entries) == 2 * NAMES
    seen = set()
    for entry in entries:
        source = Path(entry.source)
        team = source.parent.name[-1].upper()
        number = int(source.stem.split("-")[1])
        text = qa.store.notice_text(entry.doc_id)
        assert re.findall(r"Release code ([AB]-\d\d)", text) == [f"{team}-{number:02d}"]
        assert text == qa.store.notice_text(entry.doc_id)  # whole, read twice alike
        seen.add((team, number))
    assert len(seen) == 2 * NAMES
    consistent(qa)  # journal empty, every chunk and fact belongs to a listed version


def test_a_second_writer_waits_then_says_why_it_cannot_proceed(tmp_path: Path):
    store = tmp_path / "store"
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "iij.txt").write_bytes(IIJ.read_bytes())
    with exclusive_lock(store / "filingqa.write.lock", timeout=5):
        blocked = ingest(store, folder, FILINGQA_WRITE_LOCK_TIMEOUT="3")
        out, err = blocked.communicate(timeout=300)
    assert blocked.returncode == 1, (out, err)
    assert "filingqa: waiting for another ingest to finish..." in err
    assert "filingqa: error: another ingest or remove is writing to this store" in err
    assert "Traceback" not in err
    after = ingest(
        store, folder
    )  # the lock is free again: the same ingest goes through
    out, err = after.communicate(timeout=300)
    assert after.returncode == 0, err
    assert out.startswith("added 1,")
