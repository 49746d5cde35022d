"""Answer time: warm offline answers of filingqa against the baseline's bare similarity search.

The baseline is the LangChain tutorial's query path (``Chroma.similarity_search`` with
HuggingFaceEmbeddings over the same notices, split 1000/200): it returns passages, not an answer,
so it is the floor a full answer is compared with. Questions come from the golden set.

With ``--store`` (a store built already, such as the whole archive by
``bench/ingest.py --store``), the floor is a bare dense search of that store (embed the question,
one Chroma query), since the tutorial pipeline would take hours to build over the archive.
Cold start: ``filingqa ask`` as a new process (start to printed answer, store built), against the
tutorial's own start (import LangChain's HuggingFaceEmbeddings, load the model, embed the question),
each the median of 3 runs, with the peak memory of the process. "peak RSS" at the end is this
process's (serving every question); without ``--store`` it includes the baseline's torch model.
Usage: python bench/answer.py [--store DIR] [--questions FILE.jsonl] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.common import REPO, peak_rss_mb, report, timed

GOLDEN = REPO / "examples" / "eval" / "golden.jsonl"
SAMPLES = REPO / "examples" / "notices"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def time_each(
    questions: list[str], answer, repeat: int
) -> tuple[list[float], list[float]]:
    """Milliseconds per call: questions not seen before, then the same questions asked again.

    The warm-up pass asks every question with words added at its end: the model is loaded and
    the notices each question reads have been read (their candidates embedded: a notice's first
    reading is timed apart, ``first_readings``), but no timed question's own text (and so its
    vector) is cached. (Until 2026-12-04 the warm-up asked each question in lower case; since
    names are read with their case, a question in lower case often names other notices, so
    the timed pass paid first readings of notices and its p95 was theirs.)
    """
    for question in questions:
        answer(f"{question} {_WARM_UP}")
    unseen, again = [], []
    for round_number in range(repeat + 1):
        for question in questions:
            with timed() as elapsed:
                answer(question)
            (unseen if round_number == 0 else again).append(elapsed[0] * 1000)
    return unseen, again


_WARM_UP = "(asked before the timed pass)"


def first_readings(qa, count: int = 20) -> list[float]:
    """Milliseconds to embed the candidates of ``count`` notices (the first and every
    ``len / count``-th by doc id): what the first question to read a notice pays once (kept on
    disk after it for every process), beside the answer itself."""
    from qa.reader.candidates import find_candidates
    from qa.reader.reader import marked

    doc_ids = sorted(qa.catalog.manifest)
    times = []
    for doc_id in doc_ids[:: max(1, len(doc_ids) // count)][:count]:
        text = qa.store.notice_text(doc_id)
        texts = [
            marked(c) for c in find_candidates(text, qa.catalog.facts(doc_id), doc_id)
        ]
        with timed() as elapsed:
            qa.embedder.embed_documents(texts)
        times.append(elapsed[0] * 1000)
    return times


def baseline_search(folder: Path):
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from ingest.embedding import bundled_model_path

    embeddings = HuggingFaceEmbeddings(
        model_name=str(bundled_model_path()), model_kwargs={"device": "cpu"}
    )
    documents = [
        Document(page_content=p.read_text(), metadata={"source": str(p)})
        for p in sorted(SAMPLES.iterdir())
    ]
    chunks = RecursiveCharacterTextSplitter(
        chunk_size=1000, chunk_overlap=200
    ).split_documents(documents)
    store = Chroma.from_documents(
        chunks, embeddings, persist_directory=str(folder / "baseline")
    )
    return lambda question: store.similarity_search(question, k=4)


_TUTORIAL_START = """
import sys
from langchain_huggingface import HuggingFaceEmbeddings
from ingest.embedding import bundled_model_path
model = HuggingFaceEmbeddings(model_name=str(bundled_model_path()), model_kwargs={"device": "cpu"})
model.embed_query(sys.argv[1])
"""


# Runs a command and prints its seconds and peak RSS (KB). Why a helper process: a child forked
# from this large process starts with this process's resident pages counted in its peak.
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def cold(command: list[str], runs: int = 3) -> tuple[float, float]:
    """Median seconds of a new process running ``command``, and its largest peak RSS in MB."""
    seconds, peaks = [], []
    for _ in range(runs):
        measured = subprocess.run(
            [sys.executable, "-c", _MEASURE, *command],
            check=True,
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        ).stdout.split()
        seconds.append(float(measured[0]))
        peaks.append(int(measured[1]) / 1024)
    return statistics.median(seconds), max(peaks)


def bare_search(qa):
    """Embed the question and take the 4 nearest chunks of filingqa's own store: nothing else."""
    return lambda question: qa.store.search(qa.embedder.embed_query(question), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--store",
        type=Path,
        help="an existing store (default: the bundled samples, ingested now)",
    )
    parser.add_argument("--questions", type=Path, default=GOLDEN)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from qa.api import FilingQA

    questions = [
        json.loads(line)["question"]
        for line in args.questions.read_text().splitlines()
        if line.strip()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        if args.store is None:
            base = time_each(questions, baseline_search(Path(tmp)), args.repeat)
            qa = FilingQA.open(store=Path(tmp) / "filingqa")
            qa.ingest([SAMPLES])
        else:
            with timed() as opening:
                qa = FilingQA.open(store=args.store)
                qa.catalog.refresh()
            print(f"opening the store and its catalog: {opening[0]:.2f} s")
            base = time_each(questions, bare_search(qa), args.repeat)
        ours = time_each(questions, qa.ask, args.repeat)
        readings = first_readings(qa)
        filingqa = Path(sys.executable).with_name("filingqa")
        store = args.store or Path(tmp) / "filingqa"
        ours_cold = cold([str(filingqa), "--store", str(store), "ask", questions[0]])
        base_cold = cold([sys.executable, "-c", _TUTORIAL_START, questions[0]])
    print(f"{len(questions)} questions x {args.repeat}, {len(qa.documents())} notices")
    rows = []
    for name, base_times, our_times in (
        ("new question", base[0], ours[0]),
        ("asked again", base[1], ours[1]),
    ):
        rows += [
            (
                f"{name} p50",
                statistics.median(base_times),
                statistics.median(our_times),
                "ms",
            ),
            (
                f"{name} p95",
                percentile(base_times, 0.95),
                percentile(our_times, 0.95),
                "ms",
            ),
        ]
    print(
        f"a notice's first reading (its candidates embedded, {len(readings)} notices): "
        f"p50 {statistics.median(readings):.1f} ms, p95 {percentile(readings, 0.95):.1f} ms"
    )
    rows += [
        ("cold start to answer", base_cold[0], ours_cold[0], "s"),
        ("cold start peak RSS", base_cold[1], ours_cold[1], "MB"),
    ]
    report(rows)
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    from qa.environment import set_offline_environment

    set_offline_environment()
    main()
