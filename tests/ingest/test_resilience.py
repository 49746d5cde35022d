"""One bad file never ends a run: every error in one file is that file's skip reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import IngestOptions, ingest_paths
from tests.conftest import IIJ, REPO, SAMPLES
from tests.ingest.test_pipeline import consistent

KASUMI = SAMPLES / "fictional-kasumi-precision_2021-05-13_stock_split.txt"
NESTED_BODY = "Payment Date: August 5, 2013. Number of new shares: 700,000 shares."


def nested_html(depth: int) -> str:
    """A notice buried ``depth`` tags deep, as machine-made or hostile HTML nests it."""
    return (
        "<html><head><title>Deep notice</title></head><body>"
        + "<div><span>" * depth
        + NESTED_BODY
        + "</span></div>" * depth
        + "</body></html>"
    )


class FaultyEmbedder:
    """The real session embedder, failing on purpose for texts holding a marker word.

    ``POISONCHUNK`` fails while the pipeline chunks the file (token counting); ``POISONEMBED``
    fails while its chunks are embedded on the writer's thread. Every other text gets the real
    model's answer, so the pipeline under test runs unchanged.
    """

    def __init__(self, inner) -> None:
        self.inner = inner

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def count_tokens(self, texts: list[str]) -> list[int]:
        if any("POISONCHUNK" in text for text in texts):
            raise RuntimeError("tokenizer broke on this text")
        return self.inner.count_tokens(texts)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if any("POISONEMBED" in text for text in texts):
            raise RuntimeError("model broke on this text")
        return self.inner.embed_documents(texts)


def test_deeply_nested_html_is_read_not_a_recursion_error():
    from ingest.html_text import html_to_text

    text, title = html_to_text(nested_html(5000))
    assert NESTED_BODY in text and title == "Deep notice"


def test_errors_in_one_file_while_chunking_or_embedding_skip_only_that_file(
    qa, tmp_path: Path
):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a-iij.txt").write_bytes(IIJ.read_bytes())
    (folder / "b-chunk.txt").write_text(
        KASUMI.read_text() + "\nA line with POISONCHUNK in it.\n"
    )
    (folder / "c-embed.txt").write_text(
        "Notice of dividend. POISONEMBED The dividend is $0.27 per share."
    )
    (folder / "d-deep.html").write_text(nested_html(1000))
    (folder / "e-kasumi.txt").write_text(KASUMI.read_text() + "\nArchive copy.\n")
    qa.embedder = FaultyEmbedder(qa.embedder)
    report = qa.ingest([folder])
    reasons = {Path(source).name: reason for source, reason in report.skipped}
    assert set(reasons) == {"b-chunk.txt", "c-embed.txt"}, report.summary()
    assert reasons["b-chunk.txt"].startswith("could not be read (RuntimeError")
    assert reasons["c-embed.txt"].startswith("could not be embedded (RuntimeError")
    assert sorted(Path(source).name for source in report.added) == [
        "a-iij.txt",
        "d-deep.html",
        "e-kasumi.txt",
    ]
    consistent(qa)
    assert len(qa.documents()) == 3


def test_a_store_failure_is_raised_not_dropped(tmp_path: Path, embedder):
    from qa.api import FilingQA

    qa = FilingQA.open(store=tmp_path / "store", embedder=embedder)
    qa.store.client.delete_collection(
        "filingqa_chunks"
    )  # the store breaks under the writer
    report_error = None
    try:
        ingest_paths([IIJ], qa.store, embedder, IngestOptions(show_progress=False))
    except Exception as error:  # noqa: BLE001 - the test inspects it
        report_error = error
    assert report_error is not None, "the failed write was dropped"
    assert qa.store.notices.count() == 0


def test_the_cli_ingests_a_folder_with_deep_html_among_good_files(tmp_path: Path):
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "deep.html").write_text(nested_html(1000))
    (folder / "iij.txt").write_bytes(IIJ.read_bytes())
    (folder / "kasumi.txt").write_bytes(KASUMI.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "qa.cli", "--store", str(tmp_path / "store")]
        + ["ingest", "-q", str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith("added 3,"), done.stdout


@pytest.fixture
def qa(tmp_path: Path, embedder):
    """An empty embedded store (these tests are about the pipeline, not the store kind)."""
    from qa.api import FilingQA

    return FilingQA.open(store=tmp_path / "store", embedder=embedder)
