"""Recurring text (an "About" paragraph in many releases) is embedded once and shared."""

from dataclasses import replace
from pathlib import Path

import numpy as np

from ingest import pipeline
from ingest.boilerplate import RecurringText, SharedVectors
from ingest.records import Chunk
from tests.ingest.test_pipeline import CountingEmbedder, consistent

ABOUT = (
    "About Quokka Metals\n\nQuokka Metals Corp. explores for copper and gold in Western"
    " Australia. Its shares trade on the TSX Venture Exchange under the symbol QKM."
)


# Enough prose that the "About" heading starts a chunk of its own (the chunker's minimum is 48 tokens).
DETAIL = (
    " The board approved it at its meeting, and the company will file the documents the"
    " exchange requires. Shareholders need take no action; registered holders will receive"
    " a letter from the transfer agent with further instructions in due course."
)


def release(title: str, body: str) -> str:
    return f"# {title}\n\n{body}{DETAIL}\n\n{ABOUT}\n"


def chunk(doc_id: str, text: str, title: str) -> Chunk:
    return Chunk(doc_id, 0, text, 0, len(text), "About", title)


def test_only_copies_in_other_notices_are_shared():
    recurring = RecurringText()
    first = recurring.mark("a", [chunk("a", "same", "A"), chunk("a", "same", "A")])
    second = recurring.mark("b", [chunk("b", "same", "B"), chunk("b", "own", "B")])
    assert [c.shared for c in first] == [False, False]
    assert [c.shared for c in second] == [True, False]
    assert second[0].embedding_text == "About\nsame"  # no notice title
    assert first[0].embedding_text == "A\nAbout\nsame"


def test_shared_vectors_embed_each_text_once(embedder):
    counting = CountingEmbedder(embedder)
    vectors = SharedVectors(counting, limit=1)
    one = [replace(chunk("b", "about us", "B"), shared=True)]
    first, reused = vectors.embed(one * 3)
    assert counting.embedded == 1 and reused == 2
    again, reused = vectors.embed(one)
    assert counting.embedded == 1 and reused == 1 and again == first[:1]
    other = [Chunk("c", 0, "other", 0, 5, "About", "C", shared=True)]
    vectors.embed(other)  # the limit of 1 pushes the first text out
    vectors.embed(one)
    assert counting.embedded == 3


def test_ingest_shares_recurring_paragraphs_and_keeps_them_for_answers(
    qa, tmp_path: Path
):
    folder = tmp_path / "notices"
    folder.mkdir()
    bodies = {
        "quokka-q1": "Quokka Metals declares a dividend of C$0.05 per share, payable June 2, 2025.",
        "quokka-q2": "Quokka Metals closes a private placement of 2,000,000 units at C$0.40 per unit.",
        "quokka-q3": "Quokka Metals completes a 1-for-4 share consolidation effective July 7, 2025.",
    }
    for name, body in bodies.items():
        (folder / f"{name}.md").write_text(
            release(f"Quokka Metals {name}", body), encoding="utf-8"
        )
    model = qa.embedder
    counting = CountingEmbedder(model)
    qa.embedder = counting
    report = qa.ingest([folder])
    qa.embedder = model
    assert report.chunks_shared >= 1
    assert counting.embedded == report.chunks_embedded - report.chunks_shared
    assert "recurring text embedded once" in report.summary()
    stored = qa.store.chunks.get(include=["metadatas", "embeddings", "documents"])
    about = [
        (meta, np.asarray(vector))
        for meta, vector, text in zip(
            stored["metadatas"], stored["embeddings"], stored["documents"], strict=True
        )
        if "explores for copper" in text
    ]
    assert len(about) == 3 and sum(meta["shared"] for meta, _ in about) == 2
    copies = [vector for meta, vector in about if meta["shared"]]
    assert np.allclose(copies[0], copies[1])
    consistent(qa)
    hits = qa.retriever.search("Where does Quokka Metals explore for copper?", 6)
    assert {hit.chunk.doc_id for hit in hits if "copper" in hit.chunk.text} == set(
        bodies
    )


def test_a_failed_embedding_skips_its_notices_and_earlier_groups_stay_whole(
    qa, tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(pipeline, "_GROUP", 1)
    folder = tmp_path / "notices"
    folder.mkdir()
    for number in range(4):
        (folder / f"n{number}.md").write_text(
            release(f"Notice {number}", f"Quokka Metals item {number} of the year."),
            encoding="utf-8",
        )

    class FailingSecondTime(CountingEmbedder):
        def embed_documents(self, texts):
            if self.embedded:
                raise RuntimeError("embedding backend failed")
            return super().embed_documents(texts)

    qa.embedder = FailingSecondTime(qa.embedder)
    report = qa.ingest([folder])
    reasons = dict(report.skipped)
    assert [entry.doc_id for entry in qa.documents()] == ["notice-n0"]
    assert len(reasons) == 3 and all(
        reason.startswith("could not be embedded (RuntimeError")
        for reason in reasons.values()
    )
    consistent(qa)
