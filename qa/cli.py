"""The ``filingqa`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ingest.fact_scan import KINDS
from qa.retrieval.filters import Filters
from qa.settings import Settings
from qa.terminal import terminal_safe

Command = Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run one command, return its exit code (errors print one clear line)."""
    from qa.environment import set_offline_environment

    set_offline_environment()
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe is raised here, not at interpreter exit
        return code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (
        BrokenPipeError
    ):  # the reader went away (``| head``): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except (
        Exception
    ) as error:  # one readable line instead of a traceback, for every failure
        from ingest.store import StoreError

        if isinstance(error, StoreError | FileNotFoundError | ValueError):
            print(f"filingqa: error: {error}", file=sys.stderr)
            return 1
        raise


def _notice_filters(qa, args: argparse.Namespace) -> Filters | None:
    """The notices ``--doc`` and ``--issuer`` restrict a question to; None when neither is given.

    Why: over a store of many notices, "When is the payment date?" names none of them, and the
    answer has to choose; a user who knows which notice is meant says so, as the chat UI's
    filters do. An id the store does not hold, or an issuer no notice has, is an error, not an
    empty search answered "not found".
    """
    for doc_id in args.docs or ():
        qa.require_notice(doc_id)
    if not (args.docs or args.issuer):
        return None
    filters = Filters(
        issuer=args.issuer or None, doc_ids=tuple(args.docs) if args.docs else None
    )
    if not any(filters.matches(entry) for entry in qa.documents()):
        raise ValueError(
            f"no stored notice passes the filters ({filters.describe()}); see: filingqa documents"
        )
    return filters


def _open(args: argparse.Namespace):
    from qa.api import FilingQA

    settings = Settings(store=args.store) if args.store else Settings()
    return FilingQA.open(settings=settings)


def _ingest(args: argparse.Namespace) -> int:
    report = _open(args).ingest(args.paths, show_progress=not args.quiet)
    print(report.summary())
    nothing_stored = not (report.added or report.replaced or report.unchanged)
    return 1 if nothing_stored and report.skipped else 0


def _documents(args: argparse.Namespace) -> int:
    entries = _open(args).documents()
    if args.json:
        print(
            json.dumps(
                [entry.to_json() for entry in entries], ensure_ascii=False, indent=2
            )
        )
        return 0
    if not entries:
        print("no notices stored yet; add some with: filingqa ingest PATH")
        return 0
    for entry in entries:
        when = entry.date.isoformat() if entry.date else "----------"
        fields = (entry.doc_id, when, entry.type, entry.issuer or "-", entry.title)
        print("\t".join(terminal_safe(field) for field in fields))
    return 0


def _remove(args: argparse.Namespace) -> int:
    if _open(args).remove(args.doc_id):
        print(f"removed {args.doc_id}")
        return 0
    print(
        f"filingqa: error: no notice with id {args.doc_id!r} (see: filingqa documents)",
        file=sys.stderr,
    )
    return 1


def _import_lightgbm_to_answer() -> None:
    """Import LightGBM without scikit-learn and pandas, in a process that only answers.

    Why: LightGBM imports both whenever they are installed (for its scikit-learn estimators and
    data frames): 1.1 to 1.6 s of a cold ``ask``, against 0.15 to 0.26 s without them. Answering
    only runs saved boosters over NumPy rows (``lightgbm.Booster``), which need neither. Each is
    blocked only while LightGBM is imported and only if not imported already, so a later import
    of either still works; LightGBM's own estimators (``LGBMRanker``, which training fits) stay
    unusable in this process, which is why only ``ask`` does this.
    """
    if "lightgbm" in sys.modules:
        return
    blocked = [name for name in ("sklearn", "pandas") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import lightgbm  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]


def _ask(args: argparse.Namespace) -> int:
    from qa.question_form import printable
    from qa.render import to_json, to_text

    _import_lightgbm_to_answer()
    qa = _open(args)
    filters = _notice_filters(qa, args)
    if args.question == "-":
        failed = False
        for raw in sys.stdin.buffer:
            # Decoded line by line: one invalid byte costs that line a replacement character,
            # never the batch (text-mode stdin would raise for the whole stream).
            line = raw.decode("utf-8", "replace").strip()
            if line:
                failed |= not _ask_one(qa, line, filters, args.json, to_json, to_text)
        return 1 if failed else 0
    question = printable(args.question)
    answer = qa.ask(question, filters=filters)
    print(
        json.dumps(to_json(answer), ensure_ascii=False, indent=2)
        if args.json
        else terminal_safe(to_text(answer), keep_lines=True)
    )
    return 0


# Characters many line readers split at (Python's ``str.splitlines``, JavaScript before ES2019)
# although JSON allows them raw in a string: escaped, so one answer stays one line.
_LINE_BREAKS = {
    ord(ch): f"\\u{ord(ch):04x}" for ch in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
}


def json_line(value: object) -> str:
    """``value`` as one line of JSON Lines, whatever line separators its strings hold."""
    return json.dumps(value, ensure_ascii=False).translate(_LINE_BREAKS)


def _ask_one(
    qa, question: str, filters: Filters | None, as_json: bool, to_json, to_text
) -> bool:
    """Answer one line of a batch and print it; an error is printed for that line only.

    Why: a batch pays for one start-up, and one question the answerer chokes on must not cost
    the answers to the lines after it. Returns False when this line could not be answered.
    """
    from ingest.store import StoreError

    try:
        answer = qa.ask(question, filters=filters)
    except StoreError:
        raise  # the store is gone: every later line would fail the same way
    except Exception as error:  # noqa: BLE001 - reported for this line, the batch goes on
        reason = f"Could not answer: {type(error).__name__}: {error}"
        print(
            json_line(
                {"question": question, "answer": reason, "found": False, "error": True}
            )
            if as_json
            else reason,
            flush=True,
        )
        return False
    print(
        json_line(to_json(answer))
        if as_json
        else terminal_safe(to_text(answer), keep_lines=True),
        flush=True,
    )
    return True


def _chat(args: argparse.Namespace) -> int:
    from qa.render import counted, to_text

    qa = _open(args)
    filters = _notice_filters(qa, args)
    history = []
    restricted = f", questions restricted to {filters.describe()}" if filters else ""
    print(
        f"filingqa chat ({counted(len(qa.documents()), 'notice')}{restricted};"
        f" answered by {qa.mode}). Empty line or Ctrl-D quits."
    )
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            print()
            return 0
        if not question:
            return 0
        answer = qa.ask(question, history=history, filters=filters)
        history.append(answer)
        print(terminal_safe(to_text(answer), keep_lines=True), end="\n\n", flush=True)


def _eval(args: argparse.Namespace) -> int:
    from qa.evaluation.judge import load_cases, run, summary
    from qa.evaluation.releases import Releases

    qa = _open(args)
    verdicts = run(load_cases(args.file), qa.ask, Releases.of(qa.documents()))
    result = summary(verdicts)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(
        f"passed {result['passed']}/{result['total']} ({result['rate']:.1%}); "
        f"wrong figures stated: {result['wrong']}"
    )
    print(
        f"answerable but not found: {result['declined']}, of which the cited passages "
        f"write the expected value: {result['declined_pointing']}"
    )
    for kind, counts in result["by_kind"].items():
        print(f"  {kind}: {counts['passed']}/{counts['total']}")
    for failure in result["failures"]:
        print(
            f"FAIL {failure['question']}\n  expected: {failure['expected']}\n  got: {failure['got']}\n  ({failure['why']})"
        )
    return 0


def _facts(args: argparse.Namespace) -> int:
    facts = _open(args).facts(args.doc_id, kind=args.kind)
    if args.json:
        print(json.dumps(facts, ensure_ascii=False, indent=2))
        return 0
    for fact in facts:
        print(terminal_safe(f"{fact['kind']:<11} {fact['label']}: {fact['text']}"))
    return 0


def _audit(args: argparse.Namespace) -> int:
    checks = _open(args).audit(args.doc_id)
    if args.json:
        print(
            json.dumps(
                [check.to_json() for check in checks], ensure_ascii=False, indent=2
            )
        )
        return 0
    if not checks:
        print(
            f"{args.doc_id}: nothing to check (the notice states no relation between its figures)"
        )
    for check in checks:
        print(check.formula)  # ends in ✔ or ✘
        for quote in check.quotes:
            print(f"    « {quote} »")
    return 0 if all(check.ok for check in checks) else 3


def _serve(args: argparse.Namespace) -> int:
    from ui.app import serve

    serve(_open(args), host=args.host, port=args.port)
    return 0


def _add_notice_filters(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--doc",
        action="append",
        dest="docs",
        metavar="DOC_ID",
        help="answer from this notice only (repeat for several; ids: filingqa documents)",
    )
    command.add_argument(
        "--issuer",
        metavar="NAME",
        help="answer from the notices of issuers whose name contains NAME",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="filingqa",
        description="Ask questions about corporate filing notices, with exact figures and citations.",
    )
    parser.add_argument(
        "--store",
        type=Path,
        help="store folder (default: FILINGQA_STORE or the user data folder)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest", help="add notice files or folders (.txt .md .html .htm .pdf)"
    )
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(run=_ingest, command="ingest")

    documents = commands.add_parser("documents", help="list the stored notices")
    documents.add_argument("--json", action="store_true", help="print JSON")
    documents.set_defaults(run=_documents, command="documents")

    remove = commands.add_parser(
        "remove", help="delete a notice with its chunks and facts"
    )
    remove.add_argument("doc_id", metavar="DOC_ID")
    remove.set_defaults(run=_remove, command="remove")

    ask = commands.add_parser(
        "ask", help="ask one question ('-' reads one question a line from stdin)"
    )
    ask.add_argument("question", metavar="QUESTION")
    ask.add_argument(
        "--json", action="store_true", help="print JSON (one object a line with '-')"
    )
    _add_notice_filters(ask)
    ask.set_defaults(run=_ask, command="ask")

    chat = commands.add_parser(
        "chat", help="ask questions interactively, with follow-ups"
    )
    _add_notice_filters(chat)
    chat.set_defaults(run=_chat, command="chat")

    evaluate = commands.add_parser(
        "eval", help="run a JSON Lines file of questions with expected answers"
    )
    evaluate.add_argument("file", type=Path, metavar="FILE.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print JSON")
    evaluate.set_defaults(run=_eval, command="eval")

    facts = commands.add_parser(
        "facts", help="list the figures and dates extracted from a notice"
    )
    facts.add_argument("doc_id", metavar="DOC_ID")
    facts.add_argument(
        "--kind",
        choices=KINDS,
    )
    facts.add_argument("--json", action="store_true", help="print JSON")
    facts.set_defaults(run=_facts, command="facts")

    audit = commands.add_parser(
        "audit", help="check that a notice's own figures add up"
    )
    audit.add_argument("doc_id", metavar="DOC_ID")
    audit.add_argument("--json", action="store_true", help="print JSON")
    audit.set_defaults(run=_audit, command="audit")

    serve = commands.add_parser("serve", help="start the chat UI")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)
    serve.set_defaults(run=_serve, command="serve")
    return parser


if __name__ == "__main__":
    sys.exit(main())
