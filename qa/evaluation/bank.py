"""The annotated bank (``eval/bank``): its cases, its notices, and the eval files made from it.

Notices of the press-release archive are read from ``../shared/corpus/press-releases.jsonl.gz``
(they are not copied into the repository); notices of the seed's genre are in
``eval/bank/notices``. Every notice is checked against the reserved list
(``../shared/reserved/check.py``) when the bank is laid out, and a reserved one is left out
together with its cases.

``python -m qa.evaluation.bank OUT`` writes ``OUT/notices/`` (one file per notice, named as the
cases name it) and eval files whose ``doc`` is the notice's file stem: ``OUT/train.jsonl``,
``OUT/heldout.jsonl``, the held-out cases' rewordings ``OUT/reworded.jsonl`` beside their
originals ``OUT/reworded-originals.jsonl``, and the same two for train's
(``train-reworded*.jsonl``). ``--tables`` writes instead the notices of TAT-QA's train excerpts,
which the table model set is fitted on (``qa.reader.experts``).

``eval/bank/pending`` holds cases written and checked like the bank's (same format, same
checks, the same split rule) but not yet fitted on: the committed models are what ``make train``
makes of ``eval/bank`` alone, and a refit with these cases was measured and not adopted
(docs/MEASUREMENTS.md, stop 57). Moving its files into ``eval/bank`` and refitting adopts them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from qa.evaluation import tatqa

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "eval" / "bank"
PENDING = BANK / "pending"  # cases written, not yet fitted on (the module's docstring)
SHARED = ROOT.parent / "shared"
ARCHIVE = SHARED / "corpus" / "press-releases.jsonl.gz"
RESERVED_CHECK = SHARED / "reserved" / "check.py"


@dataclass(frozen=True)
class BankCase:
    """One annotated case (see ``eval/bank/GUIDE.md`` for every field)."""

    id: str
    file: str
    split: str
    question: str
    expected: str | list[str]
    kind: str
    answer_type: str
    operation: str
    operands: tuple[dict, ...]
    policy: str | None
    rewordings: tuple[str, ...]
    # Asked within its own notice only (a TAT-QA question is about its excerpt, and the bench
    # asks it so), not over the whole store.
    own_notice: bool = False
    # Another phrasing of a written case (``with_rewordings``), not a case written of its own.
    reworded: bool = False

    @property
    def doc(self) -> str:
        return Path(self.file).stem


def load_cases(bank: Path = BANK) -> list[BankCase]:
    """Every case of ``bank/cases-*.jsonl``, in file order; a malformed line names its place."""
    cases = []
    for path in sorted(bank.glob("cases-*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                cases.append(
                    BankCase(
                        record["id"],
                        record["file"],
                        record["split"],
                        record["question"],
                        record["expected"],
                        record["kind"],
                        record["answer_type"],
                        record["operation"],
                        tuple(record.get("operands") or ()),
                        record.get("policy"),
                        tuple(record.get("rewordings") or ()),
                        bool(record.get("own_notice", False)),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(
                    f"{path}:{number}: not a bank case ({error})"
                ) from error
    return cases


def notice_texts(
    files: set[str], bank: Path = BANK, archive: Path = ARCHIVE
) -> dict[str, str]:
    """The text of each named notice: from ``bank/notices`` or else from the archive."""
    texts = {
        name: (bank / "notices" / name).read_text(encoding="utf-8")
        for name in files
        if (bank / "notices" / name).is_file()
    }
    wanted = files - set(texts)
    if wanted:
        if not archive.is_file():
            raise FileNotFoundError(
                f"the bank's notices come from {archive}, which is absent"
            )
        with gzip.open(archive, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                name = record["path"].replace("/", "_")
                if name in wanted:
                    texts[name] = record["text"]
    return texts


def reserved(paths: list[Path]) -> set[str]:
    """File names among ``paths`` that the reserved check calls reserved (none when it is absent)."""
    if not RESERVED_CHECK.is_file() or not paths:
        return set()
    out = subprocess.run(
        [sys.executable, str(RESERVED_CHECK), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return {
        Path(line.split("\t")[-1]).name
        for line in out.splitlines()
        if line.startswith("reserved")
    }


def with_rewordings(cases: list[BankCase]) -> list[BankCase]:
    """The cases, then each rewording as a case of its own (same notice and annotation, the id
    suffixed ``~1``, ``~2`` ...): training reads every phrasing a case was written in, so the
    question classifiers and the ranker learn what the phrasings share, not one wording."""
    return [
        *cases,
        *(
            replace(
                case,
                id=f"{case.id}~{n}",
                question=question,
                rewordings=(),
                reworded=True,
            )
            for case in cases
            for n, question in enumerate(case.rewordings, 1)
        ),
    ]


def eval_lines(cases: list[BankCase], reworded: bool = False) -> Iterator[dict]:
    """Eval-file records: each case (or each of its rewordings) with the notice as ``doc``.

    Audit and catalogue phrasings teach the question classifier only: their answers have no
    value to judge, so they are left out."""
    for case in cases:
        if case.operation in ("audit", "catalog"):
            continue
        questions = case.rewordings if reworded else (case.question,)
        for question in questions:
            yield {
                "question": question,
                "expected": case.expected,
                "doc": case.doc,
                "kind": case.kind,
                "id": case.id,
            }


def lay_out(
    out: Path, bank: Path | None = BANK, tatqa_file: Path | None = None
) -> dict[str, int]:
    """Write the notices and eval files of the bank (none when ``bank`` is None) under ``out``;
    returns counts for a summary line.

    The notices of TAT-QA's train excerpts are written beside them when ``tatqa_file`` is given,
    so that the store training reads holds them (``qa.evaluation.tatqa_cases``); its held-out
    excerpts are not, so that nothing of them reaches training."""
    cases = load_cases(bank) if bank else []
    files = {case.file for case in cases}
    texts = notice_texts(files, bank) if bank else {}
    excerpts = tatqa.notices(tatqa_file, "train") if tatqa_file else {}
    folder = out / "notices"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (texts | excerpts).items():
        (folder / name).write_text(text, encoding="utf-8")
    left_out = reserved([folder / name for name in texts | excerpts]) | (
        files - set(texts)
    )
    for name in left_out:
        (folder / name).unlink(missing_ok=True)
    kept = [case for case in cases if case.file not in left_out]
    by_split = {
        "train": [c for c in kept if c.split == "train"],
        "heldout": [c for c in kept if c.split == "heldout"],
    }
    for name, records in (
        ("train", eval_lines(by_split["train"])),
        ("heldout", eval_lines(by_split["heldout"])),
        ("reworded", eval_lines(by_split["heldout"], reworded=True)),
        (
            "reworded-originals",
            eval_lines([c for c in by_split["heldout"] if c.rewordings]),
        ),
        ("train-reworded", eval_lines(by_split["train"], reworded=True)),
        (
            "train-reworded-originals",
            eval_lines([c for c in by_split["train"] if c.rewordings]),
        ),
    ):
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {
        "notices": len(texts) - len(left_out & set(texts)),
        "tatqa_notices": len(excerpts) - len(left_out & set(excerpts)),
        "left_out": len(left_out),
        "train": len(by_split["train"]),
        "heldout": len(by_split["heldout"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--tables",
        action="store_true",
        help="write only the notices of TAT-QA's train excerpts (../shared/peer/tatqa), "
        "for the table model set",
    )
    args = parser.parse_args(argv)
    if args.tables and not tatqa.DEV.exists():
        print(f"error: --tables: no TAT-QA dev file at {tatqa.DEV}", file=sys.stderr)
        return 2
    counts = (
        lay_out(args.out, bank=None, tatqa_file=tatqa.DEV)
        if args.tables
        else lay_out(args.out)
    )
    print(", ".join(f"{key} {value}" for key, value in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
