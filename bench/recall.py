"""Retrieval quality: recall@5 of the supporting chunk over the dev set, baseline beside filingqa.

A case counts when one of the 5 retrieved chunks is of the expected notice and contains the
expected answer (whitespace collapsed, case folded). Cases are skipped when they are "not-found"
or when their expected answer is not written in the notice at all (computed answers).

Corpus: the 178 releases of ``../shared/corpus/notices`` (the 41 the dev set asks about, and 137
more of the same kinds as hard distractors) plus ``--distractors`` releases of
``sample500.jsonl.gz`` (default 100; those that duplicate a notice are left out).

The baseline is the LangChain tutorial pipeline as ``bench/ingest.py`` builds it (1000/200
RecursiveCharacterTextSplitter, HuggingFaceEmbeddings, Chroma, ``similarity_search(k=5)``);
filingqa is ``FilingQA.ingest`` plus ``NoticeRetriever.search(k=5)``, once per embedding backend.
Each run also reports its embedding throughput (chunks/s inside ``embed_documents``) and how close
its vectors are to the torch backend's on the same chunks.
Usage: python bench/recall.py [--distractors N] [--backends torch,onnx,onnx-int8]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's folder would come first on the path and shadow the ``ingest`` package.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.common import REPO, SAMPLE500, SHARED_CORPUS, report, timed

DEV = REPO / "eval" / "dev.jsonl"
NOTICES = SHARED_CORPUS / "notices"
K = 5


def slug(name: str) -> str:
    """The doc id ``ingest.pipeline`` gives a file of this name (without the collision suffix)."""
    stem = Path(name).stem.lower()
    return re.sub(r"[^a-z0-9._-]+", "-", stem)[:60].strip("-._")


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def corpus(distractors: int) -> dict[str, str]:
    """File name to text: every notice, then sample500 releases that do not duplicate one."""
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(NOTICES.iterdir())}
    seen = {norm(text)[:500] for text in files.values()}
    added = 0
    with gzip.open(SAMPLE500, "rt", encoding="utf-8") as lines:
        for line in lines:
            if added >= distractors:
                break
            record = json.loads(line)
            name = "_".join(Path(record["path"]).parts)
            if name in files or norm(record["text"])[:500] in seen:
                continue
            files[name] = record["text"]
            added += 1
    return files


def cases(files: dict[str, str]) -> tuple[list[dict], int]:
    """Dev cases whose answer is written in their notice, and how many were skipped."""
    by_slug = {slug(name): text for name, text in files.items()}
    rows = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    kept = [
        row
        for row in rows
        if row["kind"] != "not-found"
        and norm(row["expected"]) in norm(by_slug.get(row["doc"], ""))
    ]
    return kept, len(rows) - len(kept)


def recall(hits: list[list[tuple[str, str]]], rows: list[dict]) -> float:
    """Share of cases with a supporting chunk among their ``(doc, text)`` hits."""
    found = sum(
        any(
            doc == row["doc"] and norm(row["expected"]) in norm(text)
            for doc, text in retrieved
        )
        for retrieved, row in zip(hits, rows, strict=True)
    )
    return found / len(rows)


class Timing:
    """Wraps an embedder's ``embed_documents`` to time it and keep each text's vector."""

    def __init__(self, embed) -> None:
        self.embed, self.seconds, self.texts, self.vectors = embed, 0.0, 0, {}

    def __call__(self, texts: list[str]) -> list[list[float]]:
        start = time.perf_counter()
        vectors = self.embed(texts)
        self.seconds += time.perf_counter() - start
        self.texts += len(texts)
        self.vectors.update(zip(texts, vectors, strict=True))
        return vectors

    @property
    def rate(self) -> float:
        return self.texts / self.seconds if self.seconds else 0.0


def baseline(folder: Path, files: dict[str, str], rows: list[dict]) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from ingest.embedding import bundled_model_path

    embeddings = HuggingFaceEmbeddings(
        model_name=str(bundled_model_path()), model_kwargs={"device": "cpu"}
    )
    embeddings.embed_query("warm up")
    timing = Timing(embeddings.embed_documents)
    object.__setattr__(embeddings, "embed_documents", timing)
    with timed() as elapsed:
        chunks = RecursiveCharacterTextSplitter(
            chunk_size=1000, chunk_overlap=200
        ).split_documents(
            [
                Document(page_content=text, metadata={"source": name})
                for name, text in files.items()
            ]
        )
        store = Chroma.from_documents(
            chunks, embeddings, persist_directory=str(folder / "baseline")
        )
    hits = [
        [
            (slug(d.metadata["source"]), d.page_content)
            for d in store.similarity_search(row["question"], k=K)
        ]
        for row in rows
    ]
    return {
        "recall": recall(hits, rows),
        "rate": timing.rate,
        "releases_per_s": len(files) / elapsed[0],
    }


def filingqa(folder: Path, backend: str, rows: list[dict]) -> dict:
    from qa.api import FilingQA

    qa = FilingQA.open(store=folder / f"store-{backend}", embedding_backend=backend)
    with timed() as ready:  # model load, and the ONNX export when the cache lacks it
        qa.embedder.embed_query("warm up")
    timing = Timing(qa.embedder.embed_documents)
    qa.embedder.embed_documents = timing
    try:
        with timed() as elapsed:
            ingested = qa.ingest([folder / "files"])
    finally:
        del qa.embedder.embed_documents
    sources = {e.doc_id: slug(e.source) for e in qa.documents()}
    hits = [
        [
            (sources.get(item.chunk.doc_id, item.chunk.doc_id), item.chunk.text)
            for item in qa.retriever.search(row["question"], k=K)
        ]
        for row in rows
    ]
    return {
        "recall": recall(hits, rows),
        "rate": timing.rate,
        "releases_per_s": (len(ingested.added) + len(ingested.unchanged)) / elapsed[0],
        "ready_s": ready[0],
        "vectors": timing.vectors,
        "embedder": qa.embedder,
    }


def interleaved_rates(
    embedders: dict, texts: list[str], rounds: int = 2
) -> dict[str, float]:
    """Best-of-``rounds`` chunks/s per backend on the same texts, backends taking turns.

    The machine is shared, so rates measured minutes apart (during each ingest) drift with the
    load; taking turns on one sample gives ratios that can be trusted more.
    """
    best = dict.fromkeys(embedders, 0.0)
    for _ in range(rounds):
        for backend, embedder in embedders.items():
            with timed() as elapsed:
                embedder.embed_documents(texts)
            best[backend] = max(best[backend], len(texts) / elapsed[0])
    return best


def agreement(vectors: dict, reference: dict) -> tuple[float, float, int]:
    """Min and mean cosine to the reference vectors over the texts both embedded."""
    import numpy as np

    common = [text for text in vectors if text in reference]
    if not common:
        return float("nan"), float("nan"), 0
    a = np.asarray([vectors[t] for t in common], dtype=np.float64)
    b = np.asarray([reference[t] for t in common], dtype=np.float64)
    cosine = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    return float(cosine.min()), float(cosine.mean()), len(common)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--distractors", type=int, default=100)
    parser.add_argument("--backends", default="torch,onnx,onnx-int8")
    parser.add_argument(
        "--speed-sample",
        type=int,
        default=128,
        help="chunks embedded by every backend in turn for the throughput line (0: skip)",
    )
    args = parser.parse_args()
    if not NOTICES.exists() or not SAMPLE500.exists():
        print(f"corpus {SHARED_CORPUS} is not present; nothing to measure")
        return
    files = corpus(args.distractors)
    rows, skipped = cases(files)
    notices = sum(1 for _ in NOTICES.iterdir())
    print(
        f"corpus: {len(files)} releases ({notices} notices, "
        f"{len(files) - notices} sample500 distractors); {len(rows)} dev cases scored, "
        f"{skipped} skipped (not-found, or answer not written in the notice)"
    )
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, text in files.items():
            (folder / "files").mkdir(exist_ok=True)
            (folder / "files" / name).write_text(text, encoding="utf-8")
        base = baseline(folder, files, rows)
        ours = {backend: filingqa(folder, backend, rows) for backend in backends}
    rows_out = []
    for backend, result in ours.items():
        rows_out += [
            (f"recall@5 {backend}", base["recall"], result["recall"], "fraction"),
            (
                f"releases/s {backend}",
                base["releases_per_s"],
                result["releases_per_s"],
                "per second",
            ),
        ]
    report(rows_out)
    reference = ours.get("torch", {}).get("vectors", {})
    texts = sorted(next(iter(ours.values()))["vectors"]) if ours else []
    sample = texts[:: max(1, len(texts) // args.speed_sample)][: args.speed_sample]
    rates = (
        interleaved_rates({b: r["embedder"] for b, r in ours.items()}, sample)
        if args.speed_sample
        else {}
    )
    print(
        f"embedding throughput in chunks/s: during ingest (baseline {base['rate']:.1f}), "
        f"and on {len(sample)} of filingqa's chunks, backends taking turns (best of 2)"
    )
    for backend, result in ours.items():
        low, mean, n = agreement(result["vectors"], reference)
        rate = rates.get(backend, float("nan"))
        print(
            f"  {backend:<10} ingest {result['rate']:6.1f}, turns {rate:6.1f} chunks/s "
            f"({rate / rates.get('torch', float('nan')):.2f}x torch); "
            f"cosine to torch over {n} chunks min {low:.4f} mean {mean:.4f}; "
            f"first embed (load/export) {result['ready_s']:.1f} s"
        )


if __name__ == "__main__":
    from qa.environment import set_offline_environment

    set_offline_environment()
    main()
