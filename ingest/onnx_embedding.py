"""Sentence vectors from an exported ONNX model with ONNX Runtime: torch-free inference.

Tokenization uses the model folder's fast tokenizer with the same truncation as
sentence-transformers (``max_seq_length``, special tokens included); mean pooling and L2
normalisation are inside the exported graph (see ``ingest.onnx_export``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer


def load_tokenizer(model_path: Path, max_tokens: int) -> Tokenizer:
    """The model's tokenizer, truncating at ``max_tokens`` and padding each batch to its longest text."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_tokens)
    pad_id = tokenizer.token_to_id("[PAD]")
    tokenizer.enable_padding(
        pad_id=0 if pad_id is None else pad_id,
        pad_token="[PAD]",
    )
    return tokenizer


def session(onnx_file: Path) -> onnxruntime.InferenceSession:
    """A CPU inference session with every graph optimisation on."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # quantized graphs log benign warnings on load
    return onnxruntime.InferenceSession(
        str(onnx_file), options, providers=["CPUExecutionProvider"]
    )


class OnnxEncoder:
    """Encodes texts in batches; texts are sorted by length first so batches carry little padding."""

    def __init__(
        self, onnx_file: Path, model_path: Path, max_tokens: int, batch_size: int
    ) -> None:
        self.session = session(onnx_file)
        self.tokenizer = load_tokenizer(model_path, max_tokens)
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        """One L2-normalized float32 row per text, in the order given."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        pieces = []
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in batch])
            inputs = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array(
                    [e.attention_mask for e in encodings], dtype=np.int64
                ),
            }
            pieces.append(self.session.run(None, inputs)[0])
        if not pieces:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = np.empty_like(np.concatenate(pieces))
        vectors[order] = np.concatenate(pieces)
        return vectors
