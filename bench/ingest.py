"""Ingest speed: filingqa against the LangChain tutorial pipeline, on the same corpus, in one process.

The baseline is the tutorial's: RecursiveCharacterTextSplitter(1000, 200), HuggingFaceEmbeddings
with the same bundled model, Chroma.from_documents. Both models are loaded and warmed before
timing, so load time counts for neither. Usage: python bench/ingest.py [--limit N] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

# Run as a script, this file's folder would come first on the path and shadow the ``ingest`` package.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.common import SAMPLE500, peak_rss_mb, releases, report, timed


def baseline(texts: list[tuple[str, str]], folder: Path) -> tuple[float, int]:
    """Seconds and chunks for the tutorial pipeline."""
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from ingest.embedding import bundled_model_path

    embeddings = HuggingFaceEmbeddings(
        model_name=str(bundled_model_path()), model_kwargs={"device": "cpu"}
    )
    embeddings.embed_query("warm up")
    with timed() as elapsed:
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        chunks = splitter.split_documents(
            [Document(page_content=text, metadata={"source": p}) for p, text in texts]
        )
        Chroma.from_documents(
            chunks, embeddings, persist_directory=str(folder / "baseline")
        )
    return elapsed[0], len(chunks)


def filingqa(
    texts: list[tuple[str, str]], folder: Path, store: Path | None = None
) -> tuple[float, int, float, int]:
    """Seconds, chunks and shared chunks for filingqa's pipeline, and the seconds of a re-run.

    Files are written first, outside the timing; the store goes to ``store`` when given (kept for
    ``bench/answer.py --store``), else into ``folder``.
    """
    from qa.api import FilingQA

    notices = folder / "notices"
    for number, (path, text) in enumerate(texts):
        target = notices / f"{number:05d}-{Path(path).name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    qa = FilingQA.open(store=store or folder / "filingqa")
    qa.embedder.embed_query("warm up")
    with timed() as elapsed:
        report_ = qa.ingest([notices])
    with timed() as again:
        unchanged = qa.ingest([notices])
    assert len(unchanged.unchanged) == len(report_.added), (
        "re-ingest should find every notice unchanged"
    )
    return elapsed[0], report_.chunks_embedded, again[0], report_.chunks_shared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=SAMPLE500)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--store", type=Path, help="build filingqa's store here and keep it"
    )
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="time filingqa alone (the whole archive: the baseline would take hours)",
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus {args.corpus} is not present; nothing to measure")
        return
    texts = releases(args.corpus, args.limit)
    print(f"corpus: {args.corpus.name}, {len(texts)} releases")
    with tempfile.TemporaryDirectory() as tmp:
        ours_seconds, ours_chunks, rerun_seconds, shared = filingqa(
            texts, Path(tmp), args.store
        )
        if args.no_baseline:
            base_seconds, base_chunks = float("nan"), 0
        else:
            base_seconds, base_chunks = baseline(texts, Path(tmp))
    report(
        [
            (
                "releases/s",
                len(texts) / base_seconds,
                len(texts) / ours_seconds,
                "per second",
            ),
            (
                "chunks/s",
                base_chunks / base_seconds,
                ours_chunks / ours_seconds,
                "per second",
            ),
            ("chunks", base_chunks, ours_chunks, "count"),
            ("seconds", base_seconds, ours_seconds, "s"),
        ]
    )
    print(
        f"filingqa: {shared} of its chunks shared a recurring text's vector;"
        f" {ours_seconds / 60:.1f} min in all"
    )
    print(
        f"re-ingest unchanged: {rerun_seconds:.2f} s ({rerun_seconds / ours_seconds:.1%} of the first ingest)"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    from qa.environment import set_offline_environment

    set_offline_environment()
    main()
