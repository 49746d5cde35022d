"""The ONNX embedding backends: same vectors as torch, exported once into a cache, set in settings."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from ingest import onnx_export
from ingest.chunking import chunk_notice
from ingest.embedding import Embedder, bundled_model_path
from ingest.normalize import normalize
from qa.settings import Settings
from tests.conftest import IIJ, SAMPLES

ONNX_BACKENDS = ("onnx", "onnx-int8")
QUESTIONS = [
    "When is the payment date of the IIJ third-party allotment?",
    "How many shares does IIJ issue and at what price?",
    "Dividend declared.",
]


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    """sentence-transformers on torch: the reference the ONNX exports are held to."""
    return Embedder(backend="torch")


@pytest.fixture(scope="session")
def exported(onnx_cache: Path) -> dict[str, tuple[Embedder, float]]:
    """Each ONNX backend's embedder, after its first embed (the export), with that first call's seconds."""
    found = {}
    for backend in ONNX_BACKENDS:
        embedder = Embedder(backend=backend, cache_dir=onnx_cache)
        start = time.perf_counter()
        embedder.embed_query("warm up")
        found[backend] = (embedder, time.perf_counter() - start)
    return found


@pytest.fixture(scope="session")
def texts(embedder: Embedder) -> list[str]:
    """The IIJ notice's chunks, a few chunks of other samples, and short questions."""
    found = []
    for path in [IIJ, *sorted(p for p in SAMPLES.iterdir() if p != IIJ)[:2]]:
        text = normalize(path.read_text(encoding="utf-8"))
        title = text.split("\n", 1)[0][:200]
        chunks = chunk_notice(path.stem, text, title, embedder.count_tokens)
        found += [chunk.embedding_text for chunk in chunks[: 20 if path == IIJ else 4]]
    return found + QUESTIONS


def cosines(a: list[list[float]], b: list[list[float]]) -> np.ndarray:
    x, y = np.asarray(a), np.asarray(b)
    return (x * y).sum(1) / np.linalg.norm(x, axis=1) / np.linalg.norm(y, axis=1)


@pytest.mark.parametrize("backend", ONNX_BACKENDS)
def test_vectors_agree_with_torch(
    backend: str, exported, texts: list[str], torch_embedder: Embedder
) -> None:
    onnx_embedder, seconds = exported[backend]
    print(f"{backend}: export and first embed took {seconds:.1f} s")
    got = onnx_embedder.embed_documents(texts)
    expected = torch_embedder.embed_documents(texts)
    assert len(got) == len(texts) and len(got[0]) == len(expected[0]) == 384
    assert np.allclose(np.linalg.norm(np.asarray(got), axis=1), 1.0, atol=1e-4)
    assert cosines(got, expected).min() >= 0.99
    query = onnx_embedder.embed_query(QUESTIONS[0])
    assert cosines([query], [torch_embedder.embed_query(QUESTIONS[0])])[0] >= 0.99


def test_fp32_export_is_as_good_as_torch(
    exported, texts: list[str], torch_embedder: Embedder
) -> None:
    got = exported["onnx"][0].embed_documents(texts)
    assert cosines(got, torch_embedder.embed_documents(texts)).min() >= 0.9999


def test_fp32_vectors_do_not_depend_on_batch_mates(exported, texts: list[str]) -> None:
    onnx_embedder = exported["onnx"][0]
    alone = [onnx_embedder.embed_query(text) for text in texts[:6]]
    assert cosines(onnx_embedder.embed_documents(texts)[:6], alone).min() >= 0.99999


def test_public_interface_does_not_depend_on_backend(
    exported, torch_embedder: Embedder
) -> None:
    onnx_embedder = exported["onnx"][0]
    assert onnx_embedder.max_tokens == torch_embedder.max_tokens == 256
    assert onnx_embedder.count_tokens(["a b c"]) == torch_embedder.count_tokens(
        ["a b c"]
    )
    assert onnx_embedder.tokenizer.get_vocab_size() == 30522
    assert onnx_embedder.embed_documents([]) == []


def test_the_export_shows_no_progress_bar(tmp_path: Path, capfd) -> None:
    """It runs inside commands that promise none (``filingqa ingest -q`` on a fresh machine)."""
    onnx_export.ensure_onnx_model(bundled_model_path(), "onnx", tmp_path)
    assert "Loading weights" not in capfd.readouterr().err


@pytest.mark.parametrize("backend", ONNX_BACKENDS)
def test_export_is_cached(
    backend: str, exported, onnx_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_export, "export_fp32", refuse)
    monkeypatch.setattr(onnx_export, "quantize_int8", refuse)
    again = Embedder(backend=backend, cache_dir=onnx_cache)
    first = exported[backend][0]
    assert np.allclose(
        again.embed_query("record date"), first.embed_query("record date")
    )
    folder = onnx_export.cache_folder(again.model_path, backend, onnx_cache)
    assert (folder / "model.onnx").exists()


def test_settings_accept_backends_and_reject_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().embedding_backend == "onnx"
    assert Settings().embed_batch_size == 8
    for backend in ("torch", *ONNX_BACKENDS):
        assert Settings(embedding_backend=backend).embedding_backend == backend
    monkeypatch.setenv("FILINGQA_EMBEDDING_BACKEND", "onnx-int8")
    assert Settings().embedding_backend == "onnx-int8"
    monkeypatch.setenv("FILINGQA_EMBEDDING_BACKEND", "tensorrt")
    with pytest.raises(ValidationError):
        Settings()
    with pytest.raises(ValueError, match="unknown embedding backend"):
        Embedder(backend="tensorrt")


def test_api_builds_the_configured_backend(tmp_path: Path) -> None:
    from qa.api import FilingQA

    qa = FilingQA.open(store=tmp_path / "store", embedding_backend="onnx-int8")
    # Lazy: nothing is exported until it embeds.
    assert qa.embedder.backend == "onnx-int8"
    assert FilingQA.open(store=tmp_path / "store").embedder.backend == "onnx"
