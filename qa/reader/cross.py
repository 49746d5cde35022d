"""The cross-encoder: reads the question and one candidate marked in its sentence, together.

Why: most wrong answers of a feature scorer are the right type but the wrong one of several
similar values in one sentence ("between $18 and $20": the top of the range; "revenue of $3.65
billion fell short of the projected $3.95 billion"). Only a model that reads the question against
the candidate *in place* can tell them apart. This is the bundled all-MiniLM-L6-v2 with low-rank
adapters (LoRA) in its top two layers and a one-logit head, fine-tuned on CPU from the bank.
The committed file holds only the adapters and the head (about a megabyte); the base weights come
from the bundled model.

Answering runs it with ONNX Runtime (no torch import when serving): the adapters are merged into
the base weights and exported once per machine into the user cache, checked against torch.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.reader.candidates import Candidate

ADAPTED_LAYERS = (4, 5)
RANK = 16
ALPHA = 32
MAX_TOKENS = 128
_TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
EXPORT_VERSION = 1


def pair_text(candidate: Candidate) -> str:
    """The candidate side of a pair: its kind, label, and the candidate marked in its context."""
    label = f"{candidate.label} | " if candidate.label else ""
    where = "question" if candidate.source == "question" else "notice"
    return (
        f"{candidate.kind} ({where}) | {label}{candidate.left} << {candidate.text} >> "
        f"{candidate.right}"
    )


# --- torch side: training and export (imported only by ``train`` and the first export) ---------


def _torch_model(model_path: Path):
    """The base encoder (eager attention, frozen) with LoRA adapters and a head, as a torch module."""
    import torch
    from transformers import AutoModel

    class LoRALinear(torch.nn.Module):
        def __init__(self, base: torch.nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.a = torch.nn.Parameter(torch.zeros(RANK, base.in_features))
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, RANK))
            torch.nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))

        def forward(self, x):
            return self.base(x) + (x @ self.a.T @ self.b.T) * (ALPHA / RANK)

    class Cross(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(
                str(model_path), attn_implementation="eager"
            )
            for p in self.encoder.parameters():
                p.requires_grad = False
            self.adapters: dict[str, LoRALinear] = {}
            for index in ADAPTED_LAYERS:
                layer = self.encoder.encoder.layer[index]
                for target in _TARGETS:
                    parent_name, _, leaf = target.rpartition(".")
                    parent = layer.get_submodule(parent_name)
                    wrapped = LoRALinear(getattr(parent, leaf))
                    setattr(parent, leaf, wrapped)
                    self.adapters[f"{index}.{target}"] = wrapped
            self.lora = torch.nn.ModuleList(self.adapters.values())
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.encoder(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            ).last_hidden_state[:, 0]
            return self.head(out)[:, 0]

    return Cross()


def save_adapters(model, path: Path) -> None:
    """The adapters and the head as plain arrays."""
    arrays = {
        "head_w": model.head.weight.detach().numpy(),
        "head_b": model.head.bias.detach().numpy(),
    }
    for name, module in model.adapters.items():
        arrays[f"{name}.a"] = module.a.detach().numpy()
        arrays[f"{name}.b"] = module.b.detach().numpy()
    np.savez_compressed(path, **arrays)


def load_adapters(model, path: Path) -> None:
    import torch

    with np.load(path, allow_pickle=False) as data, torch.no_grad():
        model.head.weight.copy_(torch.from_numpy(data["head_w"]))
        model.head.bias.copy_(torch.from_numpy(data["head_b"]))
        for name, module in model.adapters.items():
            module.a.copy_(torch.from_numpy(data[f"{name}.a"]))
            module.b.copy_(torch.from_numpy(data[f"{name}.b"]))


# --- answering side: ONNX Runtime ----------------------------------------------------------------


def _digest(adapters: Path, model_path: Path) -> str:
    stamps = [
        hashlib.sha256(adapters.read_bytes()).hexdigest(),
        str(Path(model_path).resolve()),
        str(EXPORT_VERSION),
    ]
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()[:16]


def export(model_path: Path, adapters: Path, target: Path) -> None:
    """Export base + adapters (merged by the graph) + head to ONNX, and check it against torch."""
    import torch

    model = _torch_model(model_path)
    load_adapters(model, adapters)
    model.eval()
    tokenizer = _tokenizer(model_path)
    probe = _encode(
        tokenizer,
        ["what is the payment date?"] * 2,
        [
            "date (notice) | Payment Date << August 5, 2013 >>",
            "money (notice) | << $5 >> per share",
        ],
    )
    inputs = tuple(
        torch.from_numpy(probe[k])
        for k in ("input_ids", "attention_mask", "token_type_ids")
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with torch.no_grad():
        torch.onnx.export(
            model,
            inputs,
            str(partial),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logit"],
            dynamic_axes={
                k: {0: "batch", 1: "tokens"}
                for k in ("input_ids", "attention_mask", "token_type_ids")
            }
            | {"logit": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        expected = model(*inputs).numpy()
    got = _session(partial).run(None, probe)[0]
    if not np.allclose(got, expected, atol=1e-3):
        partial.unlink(missing_ok=True)
        raise RuntimeError(
            f"the cross-encoder export disagrees with torch ({got} vs {expected})"
        )
    partial.replace(target)


def _tokenizer(model_path: Path):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS, strategy="only_second")
    tokenizer.no_padding()
    return tokenizer


def _encode(
    tokenizer, questions: list[str], candidates: list[str]
) -> dict[str, np.ndarray]:
    encodings = tokenizer.encode_batch(list(zip(questions, candidates, strict=True)))
    width = max(len(e.ids) for e in encodings)
    out = {
        k: np.zeros((len(encodings), width), dtype=np.int64)
        for k in ("input_ids", "attention_mask", "token_type_ids")
    }
    for row, e in enumerate(encodings):
        n = len(e.ids)
        out["input_ids"][row, :n] = e.ids
        out["attention_mask"][row, :n] = 1
        out["token_type_ids"][row, :n] = e.type_ids
    return out


def _session(path: Path):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(
        str(path), options, providers=["CPUExecutionProvider"]
    )


@dataclass
class CrossScorer:
    """Scores (question, candidate) pairs with the exported cross-encoder; exports on first use."""

    model_path: Path
    adapters: Path
    cache_dir: Path

    def __post_init__(self) -> None:
        self._session = None
        self._tokenizer = None

    def _ready(self) -> None:
        if self._session is not None:
            return
        target = (
            self.cache_dir / f"cross-{_digest(self.adapters, self.model_path)}.onnx"
        )
        if not target.is_file():
            export(self.model_path, self.adapters, target)
        self._tokenizer = _tokenizer(self.model_path)
        self._session = _session(target)

    def logits(self, question: str, candidates: list[Candidate]) -> np.ndarray:
        """One logit per candidate: higher means more likely the answer or an operand."""
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        self._ready()
        batch = _encode(
            self._tokenizer,
            [question] * len(candidates),
            [pair_text(c) for c in candidates],
        )
        return self._session.run(None, batch)[0].astype(np.float32)
