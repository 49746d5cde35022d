"""Fine-tune the cross-encoder's adapters on (question, candidate) groups from the bank.

Each group is one question with its annotated operands (positives), the candidates the feature
scorer ranks highest among the rest (hard negatives) and a few random others. The loss is a
listwise softmax over the group (the right candidate above its neighbours) plus a pointwise
logistic term, so that a question whose notice holds no answer learns low scores too. One pass,
seeded, on CPU; only the adapters and the head are trained.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from qa.reader.candidates import Candidate
from qa.reader.cross import _encode, _tokenizer, _torch_model, pair_text, save_adapters

HARD, RANDOM = 6, 2  # negatives per group
BATCH = 4  # groups per step
LEARNING_RATE = 1e-3
WARMUP = 50


@dataclass(frozen=True)
class Group:
    """One question's pairs: candidate texts and 0/1 labels."""

    question: str
    texts: tuple[str, ...]
    labels: tuple[int, ...]


def group_of(
    question: str,
    candidates: Sequence[Candidate],
    labels: np.ndarray,
    scores: np.ndarray,
    rng: random.Random,
) -> Group:
    """Positives, the best-scored negatives and a few random ones."""
    positives = [i for i in range(len(candidates)) if labels[i]]
    negatives = [int(i) for i in np.argsort(-scores, kind="stable") if not labels[i]]
    rest = negatives[HARD:]
    chosen = positives + negatives[:HARD] + rng.sample(rest, min(RANDOM, len(rest)))
    return Group(
        question,
        tuple(pair_text(candidates[i]) for i in chosen),
        tuple(int(labels[i]) for i in chosen),
    )


def fit_cross(
    model_path: Path,
    groups: list[Group],
    out: Path,
    seed: int = 0,
    show_progress: bool = True,
) -> None:
    """Train adapters and head on ``groups`` (one pass) and save them to ``out``."""
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = _torch_model(model_path)
    model.train()
    tokenizer = _tokenizer(model_path)
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=LEARNING_RATE, weight_decay=0.01)
    order = list(groups)
    rng.shuffle(order)
    steps = max(1, (len(order) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda i: min(1.0, (i + 1) / WARMUP) * max(0.0, 1 - i / steps)
    )
    for step in tqdm(range(steps), desc="cross-encoder", disable=not show_progress):
        batch = order[step * BATCH : (step + 1) * BATCH]
        questions = [g.question for g in batch for _ in g.texts]
        texts = [t for g in batch for t in g.texts]
        labels = torch.tensor([y for g in batch for y in g.labels], dtype=torch.float32)
        encoded = {
            k: torch.from_numpy(v)
            for k, v in _encode(tokenizer, questions, texts).items()
        }
        logits = model(
            encoded["input_ids"], encoded["attention_mask"], encoded["token_type_ids"]
        )
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels)
        listwise, offset = [], 0
        for g in batch:
            part, wanted = (
                logits[offset : offset + len(g.texts)],
                labels[offset : offset + len(g.texts)],
            )
            offset += len(g.texts)
            if wanted.sum() > 0:
                listwise.append(
                    torch.logsumexp(part, 0) - torch.logsumexp(part[wanted > 0], 0)
                )
        if listwise:
            loss = loss + torch.stack(listwise).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
    save_adapters(model, out)
