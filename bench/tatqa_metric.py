"""TAT-QA's official metric: exact match and numeracy-aware F1 with scale.

A reimplementation, kept faithful line for line in behaviour, of the evaluator in
NExTplusplus/TAT-QA (MIT): ``tatqa_metric.py`` (``TaTQAEmAndF1.__call__``, ``get_answer_str``,
``add_percent_pred``, ``get_metrics``, ``extract_gold_answers``) and the helpers of
``tatqa_utils.py`` it imports (``normalize_answer``, ``to_number``, ``is_number``,
``scale_to_num``). Why not call it: the repository is not a package, and its module pulls in
pandas for the report tables only. Its quirks are kept on purpose, since published scores are
computed with them: numbers are floats rounded to two places and then scaled; a prediction
without a scale that is a bare number is also tried as a fraction ("0.2342" for 23.42 percent);
F1 of arithmetic and count answers is their exact match. Floats here are the metric's own, not
figures this product states.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

_EXCLUDE_IN_NUM = set("'\"\\$€£¥%(),[]")
_PUNCTUATION = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_NUMBER = re.compile(r"([+-]?\d+(\.\d+)?)|([+-]?\.\d+)")


def scale_to_num(scale: str) -> float:
    """The factor a scale word stands for (``tatqa_utils.scale_to_num``)."""
    scale = scale.lower()
    for word, factor in (
        ("hundred", 100),
        ("thousand", 1000),
        ("million", 1000000),
        ("billion", 1000000000),
        ("percent", 0.01),
    ):
        if word in scale:
            return factor
    return 1


def _clean_num(text: str) -> str:
    return "".join(ch for ch in str(text) if ch not in _EXCLUDE_IN_NUM)


def _one_number(text: str) -> float | int | None:
    groups = _NUMBER.findall(_clean_num(text))
    if not groups or groups[0][0] == "":
        return None
    number = groups[0][0]
    return float(number) if "." in number else int(number)


def is_number(text: str) -> bool:
    """Whether ``text`` reads as a number, a scale word after it allowed ("1 million")."""
    try:
        words = " ".join(_clean_num(w) for w in text.split()).split()
        if not words:
            return False
        number = float(words[0])
        if math.isnan(number):
            return False
        return not (len(words) >= 2 and scale_to_num(words[1]) == 1)
    except ValueError:
        return False


def to_number(text: str) -> float | None:
    """The number ``text`` writes: "(134)" is negative, "12%" a fraction, "1 million" scaled."""
    number = _one_number(text)
    if number is None:
        return None
    scale = 1.0
    for match in re.finditer(r"([\d.]+\s?[a-zA-Z]+)", text):
        scale = scale_to_num(match.group(0).lower())
        break
    negative = -1 if re.findall(r"(\([\d.\s%]+\))", text.strip()) else 1
    percent = 0.01 if re.findall(r"([\d.\s]+%)", text.strip()) else 1
    return round(number * scale * negative * percent, 4)


def _remove_punc(text: str) -> str:
    return (
        text
        if is_number(text)
        else "".join(ch for ch in text if ch not in _PUNCTUATION)
    )


def _normalize_number(text: str) -> str:
    return str(to_number(text)) if is_number(text) else text


def normalize_answer(text: str) -> str:
    """Lower case, punctuation and articles out, each number as its value (``tatqa_utils``)."""
    parts = [
        " ".join(
            _ARTICLES.sub(" ", _normalize_number(_remove_punc(token.lower()))).split()
        )
        for token in text.split(" ")
    ]
    return " ".join(part for part in parts if part.strip()).strip()


def get_answer_str(answers: Sequence[str], scale: str) -> list[str]:
    """One string of the sorted answers, numbers written as their value times the scale."""
    written = []
    for answer in sorted(answers):
        text = str(answer)
        if is_number(text):
            number = to_number(text)
            if number is None:
                text = f"{text} {scale}" if scale else text
            elif "%" in text:
                text = f"{number:.4f}"
            else:
                text = f"{round(number, 2) * scale_to_num(scale):.4f}"
        elif scale:
            text = f"{text} {scale}"
        written.append(text)
    return [" ".join(written)]


def add_percent_pred(
    strings: list[str], scale: str, prediction: Sequence[str]
) -> list[str]:
    """A bare number predicted without a scale is also tried as written (0.2342 for 23.42%)."""
    if len(prediction) > 1:
        return strings
    text = str(prediction[0])
    if not scale and "%" not in text and is_number(text):
        number = to_number(text)
        if number is not None:
            strings.append(f"{number:.4f}")
    return strings


def _bags(answer: str | Sequence[str]) -> tuple[list[str], list[set[str]]]:
    spans = list(answer) if isinstance(answer, (list, tuple)) else [answer]
    normalized = [normalize_answer(span) for span in spans]
    return normalized, [set(span.split()) for span in normalized]


def _f1(predicted: set[str], gold: set[str]) -> float:
    common = len(gold & predicted)
    precision = common / len(predicted) if predicted else 1.0
    recall = common / len(gold) if gold else 1.0
    if precision == 0.0 and recall == 0.0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _align(predicted: list[set[str]], gold: list[set[str]]) -> np.ndarray:
    scores = np.zeros([len(gold), len(predicted)])
    for g, gold_bag in enumerate(gold):
        for p, predicted_bag in enumerate(predicted):
            scores[g, p] = _f1(predicted_bag, gold_bag)
    rows, columns = linear_sum_assignment(-scores)
    best = np.zeros([max(len(gold), len(predicted))])
    for row, column in zip(rows, columns, strict=True):
        best[row] = max(best[row], scores[row, column])
    return best


def get_metrics(
    predicted: str | Sequence[str], gold: str | Sequence[str]
) -> tuple[float, float]:
    """Exact match and DROP F1 of one prediction string against one gold string."""
    predicted_bags, gold_bags = _bags(predicted), _bags(gold)
    same = set(predicted_bags[0]) == set(gold_bags[0]) and len(
        predicted_bags[0]
    ) == len(gold_bags[0])
    f1 = round(float(np.mean(_align(predicted_bags[1], gold_bags[1]))), 2)
    return (1.0 if same else 0.0), f1


def gold_answers(question: dict) -> tuple[str, list[str], str]:
    """(answer type, gold answer strings, gold scale) of a TAT-QA question."""
    kind, scale, answer = question["answer_type"], question["scale"], question["answer"]
    if kind in ("multi-span", "span"):
        return kind, list(answer), scale
    if kind == "count":
        return kind, [str(int(answer))], scale
    return kind, [str(answer)], scale


def score(
    question: dict, prediction: str | list[str] | None, scale: str
) -> tuple[float, float]:
    """(EM, F1) of one prediction and its scale, as ``TaTQAEmAndF1.__call__`` scores it."""
    if not prediction:
        return 0.0, 0.0
    kind, gold, gold_scale = gold_answers(question)
    if not gold:
        return 0.0, 0.0
    gold_strings = get_answer_str(gold, gold_scale)
    predicted = prediction if isinstance(prediction, list) else [prediction]
    strings = add_percent_pred(get_answer_str(predicted, scale), scale, predicted)
    em, f1 = max(get_metrics(p, g) for p in strings for g in gold_strings)
    if kind in ("arithmetic", "count"):
        f1 = em
    return em, f1
