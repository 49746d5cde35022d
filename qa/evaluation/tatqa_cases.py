"""TAT-QA dev questions as bank cases, so that the reader can learn from them.

Each question becomes a ``BankCase`` on its excerpt's notice (``tatqa``), in its excerpt's split,
asked within that notice only (``own_notice``), as the bench asks it. A case is kept only where it
can be annotated as the bank's guide (``eval/bank/GUIDE.md``) writes one, from the notice's own
candidates (``qa.reader.candidates``, read as answering reads them):

- a span or multi-span answer is a ``lookup`` or ``list`` of the candidates that write it (a
  figure by its digits, anything else by its exact text); an answer of free text alone, which
  no candidate holds, is answer type "text" with no operand;
- an arithmetic answer is the program its derivation computes (``derivation``), over the
  candidates that write its operands, and it is kept only where that program over those
  candidates gives the answer (a scale word allowed: "2.1" of a table in millions is "$2.1 million"
  written in a paragraph);
- a comparison ("In which year was it larger?", derived as "1,496.5>1,202.9") is the program
  that gives the answer's year over the figures it compares (``period_of_largest`` or
  ``period_of_smallest``);
- a list of years ("In which years was X calculated?") is the periods a table row holds
  (``periods_held``) over the cells of the row that holds exactly those years, the one whose
  label shares most words with the question;
- a list of years, or a count of years, for which a row's figure is above or below a number
  the question writes ("How many years did X exceed $2 million?", "In which year was X below
  30,000?") is the threshold program (``periods_above``, ``count_below``, ...) over the row and
  that number whose years are the answer's (a count's years are its derivation's), the row whose
  label shares most words with the question; the number is an operand "from" the question;
- any other count has no program: it is left out.

Every operand's ``text`` is as the notice writes it, so that training finds it (``operand_hits``).
Leaving out is counted by reason: ``python -m qa.evaluation.tatqa_cases [FILE]`` prints the cases
by operation and split and what was left out and why.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ingest.normalize import normalize
from qa.evaluation.bank import ROOT, BankCase, load_cases
from qa.evaluation.derivation import comparison, program
from qa.evaluation.tatqa import DEV, notice_name, notice_text, numbered, split_of
from qa.reader.candidates import CELL_NUMBER, YEAR, Candidate, find_candidates
from qa.reader.programs import (
    AMOUNT_KINDS,
    COMPARISONS,
    THRESHOLDS,
    ProgramError,
    column_of,
    number_value,
    run,
)
from qa.reader.words import tokens
from tools.amounts import scaled
from tools.values import value_matches

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A figure answer: a number as a cell writes it, with a scale word at most.
_FIGURE = re.compile(rf"(?:{CELL_NUMBER.pattern})(?:\s(?:thousand|million|billion))?")
_FIGURE_KINDS = AMOUNT_KINDS | {"percentage"}
# The answer type a lookup of each kind of candidate has (``features.SERVES`` reads it back).
_TYPE_OF_KIND = {
    "money": "money",
    "per_share": "per_share",
    "shares": "count",
    "count": "count",
    "number": "number",
    "percentage": "percent",
    "ratio": "ratio",
    "date": "date",
    "duration": "duration",
    "name": "name",
    "identifier": "identifier",
}
_SCALES = ("thousand", "million", "billion")
WRITTEN = ROOT / "eval" / "tables"


@dataclass(frozen=True)
class Converted:
    """The cases made from a TAT-QA file, and the questions left out, by split and reason."""

    cases: list[BankCase]
    skipped: Counter  # (split, reason) -> questions


class _Skip(Exception):
    """A question that cannot be annotated reliably; its message is the reason counted."""


class _FreeText(_Skip):
    """A span of free text that no candidate holds ("using the straight-line method")."""


def _digits(text: str) -> Decimal | None:
    """The value of the first figure written in ``text``, without sign or scale."""
    match = _DIGITS.search(text)
    return Decimal(match.group().replace(",", "")) if match else None


def _written(value: Decimal, candidates: list[Candidate]) -> tuple[str, Candidate]:
    """The text that writes ``value`` among the notice's figures, and one candidate holding it:
    the candidate's text, or the digits all of them share where several texts write it."""
    found = [
        c for c in candidates if c.kind in _FIGURE_KINDS and _digits(c.text) == value
    ]
    if not found:
        raise _Skip("operand is no figure of the notice")
    texts = {c.text for c in found}
    if len(texts) == 1:
        return found[0].text, found[0]
    digits = {_DIGITS.search(text).group() for text in texts}
    if len(digits) > 1:
        raise _Skip("operand written differently in the notice")
    return digits.pop(), found[0]


def _column_cells(
    values: tuple[Decimal, ...], candidates: list[Candidate]
) -> list[Candidate]:
    """The cells of one table column (``programs.column_of``) that write ``values``, one each,
    in their order: of the first column that writes every one of them."""
    seen: set[int] = set()
    for cell in candidates:
        column = column_of(cell, candidates) if cell.header else None
        if column is None or id(column[0]) in seen:
            continue
        seen.add(id(column[0]))
        picked = [
            next((c for c in column if _digits(c.text) == v), None) for v in values
        ]
        if None not in picked and len(set(map(id, picked))) == len(picked):
            return picked
    raise _Skip("derivation of a span: no table column writes its figures")


def _span(answer: str, candidates: list[Candidate]) -> tuple[str, Candidate]:
    """The operand text and candidate of one span of an answer: a candidate that writes it
    exactly, else a figure with its digits."""
    answer = normalize(answer).strip()
    exact = next(
        (c for c in candidates if c.text == answer and c.kind in _TYPE_OF_KIND), None
    )
    if exact is not None:
        return exact.text, exact
    if not _FIGURE.fullmatch(answer):
        raise _FreeText("text span: no candidate holds it")
    return _written(_digits(answer), candidates)


def _lookup(question: dict, candidates: list[Candidate]) -> tuple[str, str, list]:
    """Operation, answer type and operand texts of a span or multi-span answer. An answer of
    free text alone is answer type "text" with no operand: no candidate can state it, and as a
    case it teaches the question reader to read such questions so and the decision that a figure
    stated for one is wrong (left out, the decision never saw them, yet the bench asks them)."""
    if question["derivation"].strip():
        raise _Skip("derivation of a span: no program picks it")
    operation = "lookup" if question["answer_type"] == "span" else "list"
    spans, free = [], 0
    for answer in question["answer"]:
        try:
            spans.append(_span(str(answer), candidates))
        except _FreeText:
            free += 1
    if free == len(question["answer"]):
        return operation, "text", []
    if free:
        raise _Skip("text span: no candidate holds it")
    kinds = {_TYPE_OF_KIND[c.kind] for _, c in spans}
    if len(kinds) > 1:
        raise _Skip("list of figures of different kinds")
    return operation, kinds.pop(), [text for text, _ in spans]


def _expected_number(question: dict, operation: str) -> str:
    """The answer as the guide writes a computed value: a percentage without sign (the change
    programs state none), any other figure signed as TAT-QA states it."""
    answer = Decimal(str(question["answer"]))
    if operation in ("percent_of", "percent_change"):
        return f"{abs(answer)}%"
    return str(answer)


def _arithmetic(
    question: dict, candidates: list[Candidate]
) -> tuple[str, str, list, str]:
    """Operation, answer type, operand texts and the expected value of a computed answer."""
    found = program(question["derivation"], percent=question["scale"] == "percent")
    if found is None:
        raise _Skip("derivation of another form")
    operands = [_written(v, candidates) for v in found.operands]
    try:
        computed = run(found.operation, [c for _, c in operands]).value
    except (ProgramError, ArithmeticError) as error:
        raise _Skip("program refuses the operands") from error
    expected = _expected_number(question, found.operation)
    scaled = f"{expected} {question['scale']}" if question["scale"] in _SCALES else ""
    if not value_matches(expected, computed):
        if not scaled or not value_matches(scaled, computed):
            raise _Skip("program over the notice's figures does not give the answer")
        expected = scaled
    kinds = {c.kind for _, c in operands}
    answer_type = _answer_type(found.operation, kinds)
    return found.operation, answer_type, [text for text, _ in operands], expected


def _answer_type(operation: str, kinds: set[str]) -> str:
    """The answer type a program over operands of ``kinds`` is annotated with: a percentage for
    the percentage programs and over percentages, money over amounts of money (not their
    quotient), a number otherwise."""
    if operation in ("percent_of", "percent_change") or kinds == {"percentage"}:
        return "percent"
    if operation != "quotient" and kinds & {"money", "per_share"}:
        return "money"
    return "number"


def _comparison(
    question: dict, candidates: list[Candidate]
) -> tuple[str, str, list, str]:
    """Operation, answer type, operand texts and the expected year or row label of a
    comparison: of a row's periods, or of a column's rows (an answer that is no year, over cells
    of one column that write the compared figures)."""
    values = comparison(question["derivation"])
    answers = [str(a) for a in question["answer"]]
    if values is None or len(answers) != 1:
        raise _Skip("derivation of a span: no program picks it")
    expected = " ".join(answers[0].split())
    if YEAR.fullmatch(expected):
        operands = [_written(v, candidates) for v in values]
    else:
        operands = [(c.text, c) for c in _column_cells(values, candidates)]
    for operation in sorted(COMPARISONS):
        try:
            named = run(operation, [c for _, c in operands]).value
            if isinstance(named, str) and named.casefold() == expected.casefold():
                kinds = {c.kind for _, c in operands}
                return (
                    operation,
                    _answer_type(operation, kinds),
                    [text for text, _ in operands],
                    expected,
                )
        except ProgramError:
            continue
    raise _Skip("program over the notice's figures does not give the answer")


def _rows(candidates: list[Candidate]) -> list[list[Candidate]]:
    """The notice's table rows: the figure cells of each row label, in the table's order."""
    rows: dict[tuple[str, str], list[Candidate]] = {}
    for c in candidates:
        if c.header and c.kind in _FIGURE_KINDS:
            rows.setdefault((c.doc_id, c.label), []).append(c)
    return list(rows.values())


def _label_overlap(question: dict, row: list[Candidate]) -> int:
    """How many of the question's words a table row's label shares: of rows that give an
    answer, the one the question names."""
    return len(set(tokens(question["question"])) & set(tokens(row[0].label)))


def _years_only(answer: object, least: int = 2) -> bool:
    """Whether an answer is a list of at least ``least`` years and nothing else."""
    return (
        isinstance(answer, list)
        and len(answer) >= least
        and all(YEAR.fullmatch(str(a).strip()) for a in answer)
    )


def _counted_years(question: dict) -> list[str] | None:
    """The years a count's derivation lists ("2018##2017"), or None when it lists other things."""
    items = [item.strip() for item in question["derivation"].split("##")]
    return items if all(YEAR.fullmatch(item) for item in items) else None


def _limits(question: dict) -> list[Candidate]:
    """The figures the question writes that are no year: what a row may be compared with."""
    return [
        c
        for c in find_candidates(question["question"], source="question")
        if c.kind in _FIGURE_KINDS and not YEAR.fullmatch(c.text.strip())
    ]


def _near(limit: Candidate, cells: list[Candidate]) -> bool:
    """Whether a question's number is within a factor of ten of a row's figures (as written or
    with the table's scale): a threshold is set among the figures it divides, and a number that
    only happens to divide them ("31" of "at 31 March") is not one."""
    bound = abs(number_value(limit))
    values = [abs(number_value(c)) for c in cells]
    values += [abs(scaled(v, c.scale)) for v, c in zip(values, cells, strict=True)]
    return any(v / 10 <= bound <= v * 10 for v in values)


def _beyond(
    question: dict, years: list[str], candidates: list[Candidate]
) -> tuple[str, str, list, str | list[str]]:
    """Operation, answer type, operand texts (the row's cells, then the question's number) and
    the expected value of a threshold over a table row: of the (row, number, direction) whose
    periods above or below the number are exactly ``years``, the row whose label shares most
    words with the question (the first on a tie)."""
    count = question["answer_type"] == "count"
    fitting = []
    for cells in _rows(candidates):
        for limit in _limits(question):
            for operation in ("periods_above", "periods_below"):
                try:
                    got = run(operation, [*cells, limit]).value
                except ProgramError:
                    continue
                if sorted([got] if isinstance(got, str) else got) == sorted(
                    years
                ) and _near(limit, cells):
                    fitting.append((cells, limit, operation))
    if not fitting:
        raise _Skip(
            "threshold: no row and number of the question give the answer's years"
        )
    cells, limit, operation = max(
        fitting, key=lambda fit: _label_overlap(question, fit[0])
    )
    texts = [c.text for c in cells] + [limit.text]
    if count:
        return operation.replace("periods", "count"), "count", texts, str(len(years))
    kinds = {c.kind for c in cells}
    expected = years[0] if len(years) == 1 else years
    return operation, _answer_type(operation, kinds), texts, expected


def _periods_held(
    question: dict, candidates: list[Candidate]
) -> tuple[str, str, list, list[str]]:
    """Operation, answer type, operand texts and expected years of a list of the periods a
    table row holds: of the rows holding exactly the answer's years, the one whose label shares
    most words with the question (the first on a tie); its cells are the operands."""
    years = [str(a).strip() for a in question["answer"]]
    fitting = []
    for cells in _rows(candidates):
        try:
            held = run("periods_held", cells).value
        except ProgramError:
            continue
        if sorted(held) == sorted(years):
            fitting.append(cells)
    if not fitting:
        raise _Skip("periods held: no table row holds exactly the answer's years")
    best = max(fitting, key=lambda cells: _label_overlap(question, cells))
    kinds = {c.kind for c in best}
    return (
        "periods_held",
        _answer_type("periods_held", kinds),
        [c.text for c in best],
        years,
    )


def case(
    question: dict, file: str, split: str, candidates: list[Candidate]
) -> BankCase:
    """One question as a bank case; ``_Skip`` when it cannot be annotated reliably."""
    if question["answer_type"] == "count":
        years = _counted_years(question)
        if years is None:
            raise _Skip("count of other things than years: no program counts them")
        operation, answer_type, texts, expected = _beyond(question, years, candidates)
        kind = "count"
    elif question["answer_type"] == "arithmetic":
        operation, answer_type, texts, expected = _arithmetic(question, candidates)
        kind = "percent" if answer_type == "percent" else "arithmetic"
    elif comparison(question["derivation"]) is not None:
        operation, answer_type, texts, expected = _comparison(question, candidates)
        kind = "comparison"
    elif _years_only(question["answer"], least=1) and _limits(question):
        years = [str(a).strip() for a in question["answer"]]
        operation, answer_type, texts, expected = _beyond(question, years, candidates)
        kind = "comparison"
    elif _years_only(question["answer"]):
        operation, answer_type, texts, expected = _periods_held(question, candidates)
        kind = "comparison"
    else:
        operation, answer_type, texts = _lookup(question, candidates)
        answers = [str(a) for a in question["answer"]]
        expected = answers[0] if operation == "lookup" else answers
        kind = "free_text" if answer_type == "text" else "lookup"
    return BankCase(
        id=f"tatqa-{question['uid']}",
        file=file,
        split=split,
        question=question["question"],
        expected=expected,
        kind=kind,
        answer_type=answer_type,
        operation=operation,
        operands=tuple(
            {
                "text": text,
                "from": "question"
                if operation in THRESHOLDS and place == len(texts) - 1
                else "notice",
            }
            for place, text in enumerate(texts)
        ),
        policy=None,
        rewordings=(),
        own_notice=True,
    )


def convert(path: Path = DEV) -> Converted:
    """Every question of a TAT-QA file that can be a case, and the count of those left out."""
    cases, skipped = [], Counter()
    for number, excerpt in numbered(path):
        split = split_of(excerpt)
        text = normalize(notice_text(excerpt, number))
        candidates = find_candidates(text)
        for question in excerpt["questions"]:
            try:
                made = case(question, notice_name(number, excerpt), split, candidates)
            except _Skip as reason:
                skipped[split, str(reason)] += 1
            else:
                cases.append(made)
    return Converted(cases, skipped)


def written_cases(path: Path = DEV, folder: Path = WRITTEN) -> list[BankCase]:
    """Cases written here over TAT-QA's train excerpts (``eval/tables/cases-*.jsonl``, the bank's
    fields): what the dev set's questions never ask, such as the year of the smallest figure. A
    case on a held-out excerpt, or on no excerpt, is an error: held-out is never trained on."""
    train = {
        notice_name(number, excerpt)
        for number, excerpt in numbered(path)
        if split_of(excerpt) == "train"
    }
    cases = load_cases(folder)
    for case in cases:
        if case.file not in train or case.split != "train":
            raise ValueError(
                f"{case.id}: {case.file} is not a train excerpt of {path.name}"
            )
    return cases


def load_tatqa_cases(path: Path = DEV) -> list[BankCase]:
    """The cases of the TAT-QA dev file (both splits) and those written over its train excerpts;
    none when the file is absent."""
    return [*convert(path).cases, *written_cases(path)] if path.is_file() else []


def summary(converted: Converted) -> str:
    """Cases by operation and split, and questions left out by reason and split."""
    made = Counter((c.operation, c.split) for c in converted.cases)
    lines = [f"{'cases by operation':<60}{'train':>7}{'heldout':>9}"]
    for operation in sorted({op for op, _ in made}):
        lines.append(
            f"  {operation:<58}{made[operation, 'train']:>7}{made[operation, 'heldout']:>9}"
        )
    lines.append(
        f"  {'all':<58}{sum(v for (_, s), v in made.items() if s == 'train'):>7}"
        f"{sum(v for (_, s), v in made.items() if s == 'heldout'):>9}"
    )
    lines.append("left out by reason")
    skipped = converted.skipped
    for reason in sorted(
        {r for _, r in skipped},
        key=lambda r: -skipped["train", r] - skipped["heldout", r],
    ):
        lines.append(
            f"  {reason:<58}{skipped['train', reason]:>7}{skipped['heldout', reason]:>9}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, nargs="?", default=DEV)
    args = parser.parse_args(argv)
    print(summary(convert(args.file)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
