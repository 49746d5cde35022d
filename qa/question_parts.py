"""Questions that ask two things at once, answered part by part and combined into one ``Answer``.

"What is the split ratio and when does it take effect?" holds two asks. An answerer reads a
question as one ask, so it answered one of them (or neither) and said nothing of the other. Here
such a question is cut where "and" joins two clauses that each open with their own ask word
("what ... and when ..."), each part goes to the same answerer (later parts with the earlier
parts' answers as history, so that "it" finds the same notice, and with "it" or "they" written
as the subject an earlier part named, so that each part reads as a question of its own), and
the answers become one:
every part's answer in order, with their citations and calculations, and a first line naming any
part that could not be answered. Coordinated nouns under one ask ("the record date and the
payment date") are one ask and stay whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa.answer import Answer

# Words that open an ask: a wh-word anywhere; an auxiliary only at the start of the question,
# since after "and" it usually goes on with the same subject ("who led it and is becoming CFO").
_WH = r"(?:what|when|where|who|whom|whose|which|why|how)"
_OPENS_ASK = re.compile(
    rf"(?i)(?:{_WH}|is|are|was|were|does|do|did|will|would|can|could|has|have|had|should)\b"
)
# "and" (after a comma or semicolon, or not) right before a wh-word.
_JOIN = re.compile(rf"(?i)\s*[,;]?\s+and\s+(?={_WH}\b)")
# "between A and B" coordinates two things under one ask, whatever B opens with.
_BETWEEN = re.compile(r"(?i)\bbetween\b(?!.*\band\b)")
# Two wh-words joined by "and" are one ask about two things ("what will determine when and how
# many shares it buys back").
_ENDS_IN_WH = re.compile(rf"(?i)\b{_WH}$")
_MIN_WORDS = 3  # "and how" or "what and when" is one ask, not two
# An ask that names its subject: "what", "which", "how much" or "how many", a form of "to be",
# and a noun phrase that opens with a determiner or a capitalised name ("What are the total
# proceeds"), not a participle ("How much is raised"). After "when is the record date", "it" is
# rarely the date ("... and when is it paid?").
_NAMES_SUBJECT = re.compile(
    r"(?i)^(?:what|which|how (?:much|many))\s+(?:is|are|was|were)\s+"
    r"(?P<subject>(?:(?-i:[A-Z])|(?:the|a|an|this|that|these|those|its|their)\b).*)$"
)
# A later part that refers back to it: "... and how are they used?"
_REFERS_BACK = re.compile(r"(?i)\b(?:it|they|them)\b")

AnswerOne = Callable[[str, list[Answer]], Answer]


def question_parts(question: str) -> list[str]:
    """The asks of ``question``, each written as a question of its own; one part when it is one.

    The question must open with an ask word, each later part with a wh-word; every part has
    three words or more, and a cut never falls inside "between A and B".
    """
    body = question.strip().rstrip("?").strip()
    if not _OPENS_ASK.match(body):
        return [question]
    parts, start = [], 0
    for join in _JOIN.finditer(body):
        left = body[start : join.start()]
        if (
            _BETWEEN.search(left)
            or _ENDS_IN_WH.search(left)
            or len(left.split()) < _MIN_WORDS
        ):
            continue
        parts.append(left)
        start = join.end()
    parts.append(body[start:])
    if len(parts) < 2 or len(parts[-1].split()) < _MIN_WORDS:
        return [question]
    return [f"{part[0].upper()}{part[1:]}?" for part in _with_subjects(parts)]


def _with_subjects(parts: list[str]) -> list[str]:
    """Later parts with "it" or "they" replaced by the subject an earlier part names: "how are
    they used", read alone, says nothing of what is used (the reader took it for a request to
    list the notices); "how are the total proceeds used" is a question of its own."""
    out, subject = [], None
    for part in parts:
        if subject and (refers := _REFERS_BACK.search(part)):
            part = f"{part[: refers.start()]}{subject}{part[refers.end() :]}"
        out.append(part)
        if named := _NAMES_SUBJECT.match(part.strip()):
            subject = named.group("subject").strip()
    return out


def answer_in_parts(
    question: str, history: Sequence[Answer], answer_one: AnswerOne
) -> Answer:
    """Answer ``question`` with ``answer_one``, part by part when it asks several things."""
    parts = question_parts(question)
    if len(parts) == 1:
        return answer_one(question, list(history))
    answers: list[Answer] = []
    for part in parts:
        answers.append(answer_one(part, [*history, *answers]))
    return combined(question, answers)


def combined(question: str, answers: Sequence[Answer]) -> Answer:
    """One answer from the parts' answers: each under its own question, what could not be
    answered named first, citations and calculations of every part, the values found."""
    missing = [a.question for a in answers if not a.found]
    lines = []
    if missing:
        lines.append(
            f"Answered {len(answers) - len(missing)} of {len(answers)} parts; not found: "
            + "; ".join(f"“{q}”" for q in missing)
            + "."
        )
    lines += [f"{a.question} {a.text}" for a in answers]
    values = [
        value
        for a in answers
        if a.found and a.value is not None
        for value in (a.value if isinstance(a.value, list) else [a.value])
    ]
    return Answer(
        question,
        "\n\n".join(lines),
        citations=tuple(dict.fromkeys(c for a in answers for c in a.citations)),
        tool_calls=tuple(call for a in answers for call in a.tool_calls),
        mode=answers[0].mode,
        found=len(missing) < len(answers),
        value=values[0] if len(values) == 1 else values or None,
        unit=next((a.unit for a in answers if a.found and a.unit), None),
    )
