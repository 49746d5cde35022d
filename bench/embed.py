"""Embedding throughput by backend and batch size, on real chunks, with vector agreement to torch.

Chooses ``embed_batch_size``: the chunks of the first ``--releases`` sample500 releases (as
filingqa cuts them) are embedded by each backend at each batch size. The baseline is
sentence-transformers on torch at batch 32, as the LangChain tutorial's HuggingFaceEmbeddings
runs it. "min cos" is the lowest cosine between a chunk's vector and the baseline's, and "vs b1"
the lowest cosine to the same backend at batch 1 (int8 vectors depend on their batch mates,
because dynamic quantization scales each batch's activations together).
Usage: python bench/embed.py [--releases N] [--batches 1,4,8,16,32,64]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Run as a script, this file's folder would come first on the path and shadow the ``ingest`` package.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import numpy as np

from bench.common import SAMPLE500, releases, timed


def chunk_texts(count: int) -> list[str]:
    """The embedding texts of the chunks of the first ``count`` sample500 releases."""
    from ingest.chunking import chunk_notice
    from ingest.embedding import Embedder
    from ingest.metadata import extract_metadata
    from ingest.normalize import normalize

    embedder = Embedder()
    texts = []
    for _path, raw in releases(SAMPLE500, count):
        text = normalize(raw)
        title = extract_metadata(text, None).title
        chunks = chunk_notice("bench", text, title, embedder.count_tokens)
        texts += [chunk.embedding_text for chunk in chunks]
    return texts


def throughput(embed, texts: list[str]) -> tuple[float, np.ndarray]:
    """Chunks per second of ``embed`` over ``texts`` (after one warm-up call), and its vectors."""
    embed(texts[:8])
    with timed() as elapsed:
        vectors = np.asarray(embed(texts), dtype=np.float32)
    return len(texts) / elapsed[0], vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--releases", type=int, default=60)
    parser.add_argument("--batches", default="1,4,8,16,32,64")
    args = parser.parse_args()
    if not SAMPLE500.exists():
        print(f"corpus {SAMPLE500} is not present; nothing to measure")
        return
    from ingest.embedding import Embedder

    texts = chunk_texts(args.releases)
    print(f"{len(texts)} chunks of {args.releases} sample500 releases")
    base_rate, base = throughput(
        Embedder(backend="torch", batch_size=32).embed_documents, texts
    )
    print(
        f"{'backend':<11}{'batch':>6}{'chunks/s':>10}{'ratio':>8}{'min cos':>9}{'vs b1':>8}"
    )
    print(f"{'baseline':<11}{32:>6}{base_rate:>10.1f}{1:>7.2f}x{1:>9.4f}{'':>8}")
    for backend in ("onnx", "onnx-int8"):
        single = None
        for batch in (int(size) for size in args.batches.split(",")):
            rate, vectors = throughput(
                Embedder(backend=backend, batch_size=batch).embed_documents, texts
            )
            single = vectors if single is None else single
            agree = (vectors * base).sum(axis=1).min()
            stable = (vectors * single).sum(axis=1).min()
            print(
                f"{backend:<11}{batch:>6}{rate:>10.1f}{rate / base_rate:>7.2f}x{agree:>9.4f}{stable:>8.4f}"
            )


if __name__ == "__main__":
    from qa.environment import set_offline_environment

    set_offline_environment()
    main()
