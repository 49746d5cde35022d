"""Export the local sentence-transformers model to ONNX (fp32 or dynamic int8), once, into a cache.

Why not ``optimum`` or sentence-transformers' own ONNX backend: ``optimum`` pins
``huggingface-hub<1``, which breaks gradio 6. The export here uses ``torch.onnx.export`` on the
weights already on disk, so nothing is downloaded.

Why the care: an earlier quick export drifted from the torch vectors (cosine down to 0.95), because
the traced attention mask path was specialised to the example input. Here the model is loaded with
eager attention, traced on a padded batch, and every export is checked against torch before it is
kept. Mean pooling and L2 normalisation are part of the graph, so ONNX Runtime returns finished
sentence vectors.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from ingest.embedding import BACKENDS

# Bump when the export or quantization recipe changes: old caches are then ignored.
EXPORT_VERSION = 1
# An export whose vectors agree less than this with torch's is refused.
MIN_COSINE = 0.99
OPSET = 17
MODEL_FILE = "model.onnx"

# Texts of different lengths, so the check runs a padded batch like real ones.
_PROBES = (
    "Dividend declared.",
    (
        "The Company will issue 975,610 shares of common stock at $5.125 per share in a registered"
        " direct offering priced at-the-market, expected to close on or about August 30, 2024."
    ),
    "About the Company\n\n"
    + (
        "Forward-looking statements in this release involve risks and uncertainties"
        " that could cause actual results to differ materially. "
    )
    * 6,
)


def default_cache_dir() -> Path:
    """The per-user cache for exported models (they are derived data and can be deleted at will)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("filingqa", appauthor=False)) / "onnx"


def cache_folder(model_path: Path, backend: str, cache_dir: Path | None = None) -> Path:
    """Where ``backend``'s export of ``model_path`` lives.

    Keyed by the model folder, its weights' size and mtime (a changed model is exported again),
    the backend and ``EXPORT_VERSION``.
    """
    model_path = Path(model_path).resolve()
    stamps = [str(model_path), backend, str(EXPORT_VERSION)]
    for weights in sorted(model_path.glob("*.safetensors")) + sorted(
        model_path.glob("*.bin")
    ):
        info = weights.stat()
        stamps.append(f"{weights.name}:{info.st_size}:{info.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(stamps).encode()).hexdigest()[:16]
    return (cache_dir or default_cache_dir()) / f"{model_path.name}-{backend}-{digest}"


def ensure_onnx_model(
    model_path: Path, backend: str, cache_dir: Path | None = None
) -> Path:
    """The ONNX file for ``backend``, exported (and checked) first if the cache lacks it.

    int8 is quantized from the fp32 export, which is cached too. Files are written to a temporary
    folder and moved into place, so a crashed or concurrent export never leaves a half file.
    """
    if backend not in BACKENDS[1:]:
        raise ValueError(f"not an ONNX backend: {backend!r} (one of {BACKENDS[1:]})")
    target = cache_folder(model_path, backend, cache_dir) / MODEL_FILE
    if target.exists():
        return target
    started = time.perf_counter()
    if backend == "onnx":
        _build(target, lambda tmp: export_fp32(model_path, tmp))
    else:
        fp32 = ensure_onnx_model(model_path, "onnx", cache_dir)
        _build(target, lambda tmp: quantize_int8(fp32, tmp))
    verify(model_path, target, backend)
    (target.parent / "export_seconds.txt").write_text(
        f"{time.perf_counter() - started:.2f}\n"
    )
    return target


def _build(target: Path, write) -> None:
    target.parent.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent.parent))
    try:
        write(tmp / MODEL_FILE)
        try:
            tmp.rename(target.parent)
        except OSError:  # another process finished the same export first: keep theirs
            if not target.exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _torch_module(model_path: Path):
    """The transformer with mean pooling and L2 normalisation on top, taking keyword inputs."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    # Eager attention: the SDPA path builds its mask in ways the tracer may bake in as constants.
    # Without transformers' "Loading weights" bar: the export runs inside commands that promise
    # none (``ingest -q``), and loading 103 tensors from disk takes no time worth showing.
    shown = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        bert = AutoModel.from_pretrained(
            str(model_path), attn_implementation="eager", local_files_only=True
        ).eval()
    finally:
        if shown:
            transformers_logging.enable_progress_bar()

    class SentenceEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor
        ) -> torch.Tensor:
            hidden = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    return SentenceEncoder().eval()


def export_fp32(model_path: Path, target: Path) -> None:
    """Trace the model on a padded batch into ``target`` (batch and sequence axes dynamic)."""
    import warnings

    import torch

    module = _torch_module(model_path)
    encoded = _tokenize(model_path, list(_PROBES[:2]))
    inputs = {name: torch.from_numpy(array) for name, array in encoded.items()}
    with warnings.catch_warnings(), torch.no_grad():
        # The legacy exporter is deprecated but needs no onnxscript; its tracer warnings are about
        # shape checks that hold for every input of this model (mask length == sequence length).
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (),
            str(target),
            kwargs=inputs,
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,
        )


def quantize_int8(fp32: Path, target: Path) -> None:
    """Dynamic int8 quantization of the weight matrices that tolerate it.

    Measured on sample500 chunks (all-MiniLM-L6-v2, this AVX2 CPU): quantizing every MatMul and
    Gather per tensor dropped the cosine to torch to 0.88; per-channel int8 weights on MatMuls
    only, 0.98. The remaining loss came from the attention score products (activation by
    activation) and the feed-forward down projections of the first three layers, whose GELU
    outputs have outliers; keeping those in fp32 gives a minimum of 0.994 at nearly the same speed.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepared = target.with_name("prepared.onnx")
    quant_pre_process(str(fp32), str(prepared), skip_symbolic_shape=True)
    graph = onnx.load(str(prepared), load_external_data=False).graph
    matmuls = [node.name for node in graph.node if node.op_type == "MatMul"]
    keep = [
        name
        for name in matmuls
        if name.endswith(("self/MatMul", "self/MatMul_1"))
        or (
            "/output/dense/" in name
            and "attention" not in name
            and any(f"layer.{n}/" in name for n in range(3))
        )
    ]
    quantize_dynamic(
        str(prepared),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
        nodes_to_exclude=keep,
    )
    prepared.unlink()


def _tokenize(model_path: Path, texts: list[str], max_tokens: int = 256) -> dict:
    from ingest.onnx_embedding import load_tokenizer, pad

    tokenizer = load_tokenizer(model_path, max_tokens)
    return pad([encoding.ids for encoding in tokenizer.encode_batch(texts)])


def verify(model_path: Path, onnx_file: Path, backend: str) -> float:
    """Minimum cosine of the export's vectors to torch's on the probes; removes and raises below ``MIN_COSINE``."""
    import torch

    from ingest.onnx_embedding import session

    inputs = _tokenize(model_path, list(_PROBES))
    with torch.no_grad():
        expected = (
            _torch_module(model_path)(
                **{name: torch.from_numpy(a) for name, a in inputs.items()}
            )
            .numpy()
            .astype(np.float32)
        )
    got = session(onnx_file).run(None, inputs)[0]
    cosine = float((expected * got).sum(axis=1).min())
    if cosine < MIN_COSINE:
        shutil.rmtree(onnx_file.parent, ignore_errors=True)
        raise RuntimeError(
            f"the {backend} export of {model_path} agrees with torch only to cosine {cosine:.4f}"
            f" (< {MIN_COSINE}); use embedding_backend='torch' or 'onnx'"
        )
    return cosine


__all__ = [
    "BACKENDS",
    "cache_folder",
    "default_cache_dir",
    "ensure_onnx_model",
    "export_fp32",
    "quantize_int8",
    "verify",
]
