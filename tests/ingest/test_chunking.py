from pathlib import Path

import pytest

from ingest.chunking import chunk_notice, count_truncated
from ingest.normalize import normalize
from tests.conftest import CORPUS, IIJ, SAMPLES

IIJ_TITLE = "Notice of Determination of Number of New Shares to be Issued through Third-Party Allotment"
PAYMENT_ROW = "6. Payment Date (in Japan)\tMonday, August 5, 2013"


@pytest.fixture(scope="module")
def iij_chunks(embedder):
    text = normalize(IIJ.read_text())
    return text, chunk_notice("iij", text, IIJ_TITLE, embedder.count_tokens)


def test_payment_date_row_is_in_one_chunk_with_its_heading_and_title(iij_chunks):
    _, chunks = iij_chunks
    [chunk] = [chunk for chunk in chunks if PAYMENT_ROW in chunk.text]
    assert chunk.title == IIJ_TITLE
    assert IIJ_TITLE in chunk.embedding_text and PAYMENT_ROW in chunk.embedding_text
    # The whole numbered list of terms (items 1 to 6) stays together.
    assert chunk.text.startswith("1. Number of Shares to be Issued\t700,000 shares")
    assert chunk.text.endswith(PAYMENT_ROW)


def test_share_count_table_is_one_chunk_under_its_numbered_heading(iij_chunks):
    _, chunks = iij_chunks
    [chunk] = [chunk for chunk in chunks if "45,997,800" in chunk.text]
    assert chunk.heading.startswith("2. Change in the total number of issued shares")
    assert (
        "Total number of issued shares after the Issuance through Third-Party Allotment\t46,697,800"
        in chunk.text
    )


def test_chunks_are_exact_slices_in_order_and_cover_every_word(iij_chunks):
    text, chunks = iij_chunks
    assert [chunk.index for chunk in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
    covered = " ".join(chunk.text for chunk in chunks).split()
    assert covered == text.split()


def test_no_chunk_of_any_sample_is_truncated(embedder):
    for path in sorted(SAMPLES.glob("*.*")):
        if path.suffix not in (".txt", ".md"):
            continue
        text = normalize(path.read_text())
        chunks = chunk_notice(
            path.stem, text, text.split("\n")[0][:160], embedder.count_tokens
        )
        assert chunks, path
        assert (
            count_truncated(chunks, embedder.count_tokens, embedder.max_tokens) == 0
        ), path


def test_a_run_on_paragraph_and_a_blob_are_split_to_fit(embedder):
    run_on = (
        " ".join(f"clause {n} of the agreement, and" for n in range(400)) + " the end."
    )
    blob = (
        "a-" * 2500
    )  # no white space, yet 5,000 tokens: only a cut by characters fits it
    text = f"Heading\n\n{run_on}\n\n{blob}"
    chunks = chunk_notice("d", text, "Title", embedder.count_tokens)
    assert len(chunks) > 4
    assert count_truncated(chunks, embedder.count_tokens, embedder.max_tokens) == 0
    assert "".join("".join(c.text.split()) for c in chunks) == "".join(text.split())


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_no_chunk_of_the_real_notices_is_truncated(embedder):
    paths = sorted(Path(CORPUS, "notices").iterdir())
    truncated = 0
    for path in paths:
        text = normalize(path.read_text())
        chunks = chunk_notice(
            path.stem[:60], text, text.split("\n")[0][:160], embedder.count_tokens
        )
        truncated += count_truncated(chunks, embedder.count_tokens, embedder.max_tokens)
    assert truncated == 0
