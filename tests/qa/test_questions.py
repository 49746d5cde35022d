"""Questions as users type them: any digits, stray bytes, one bad line in a batch."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from qa.question_form import normalize_question
from tests.conftest import IIJ_QUESTION, IIJ_VALUE, REPO


@pytest.mark.parametrize(
    ("asked", "regular"),
    [
        ("１２３ new shares", "123 new shares"),
        ("August ５, 2013", "August 5, 2013"),
        ("August ٥, 2013", "August 5, 2013"),  # Arabic-Indic: NFKC alone keeps it
        ("۱۲۳ shares at $٠.٥", "123 shares at $0.5"),  # Extended Arabic-Indic
        ("Payment\x00 date\x1b[31m?", "Payment date [31m?"),
        # How Python keeps an invalid byte of argv (a lone surrogate):
        (b"bad \xff byte".decode("utf-8", "surrogateescape"), "bad byte"),
        (
            "bad \ufffd byte",
            "bad byte",
        ),  # how a stdin line decoded with 'replace' shows one
        ("\udcff\ufffd", ""),
    ],
)
def test_questions_are_made_regular(asked: str, regular: str):
    assert normalize_question(asked) == regular


def run_cli(
    store, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess:
    """A real ``filingqa`` process; arguments and standard input as raw bytes."""
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"qa.cli", b"--store", str(store).encode()]
        + [arg.encode("utf-8", "surrogateescape") for arg in args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        check=False,
    )


@pytest.fixture(scope="module")
def store(sample_qa):
    return sample_qa.settings.store


def test_a_batch_with_odd_digits_and_an_invalid_byte_answers_every_line(store):
    lines = [
        "How much is １２３ shares at ¥３,208?".encode(),
        f"{IIJ_QUESTION} August ٥, 2013".encode(),
        IIJ_QUESTION.replace(" after", " \xff\xfe after").encode("latin-1"),
        b"\xff",
        IIJ_QUESTION.encode(),
    ]
    done = run_cli(store, "ask", "--json", "-", stdin=b"\n".join(lines) + b"\n")
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    answers = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [answer["question"] for answer in answers] == [
        "How much is 123 shares at ¥3,208?",
        f"{IIJ_QUESTION} August 5, 2013",
        IIJ_QUESTION,
        "",
        IIJ_QUESTION,
    ]
    assert answers[0]["value"] in (
        None,
        "JPY394,584",
    )  # read as 123 shares: right or not stated
    assert IIJ_VALUE in answers[2]["answer"]
    assert answers[3]["found"] is False
    assert IIJ_VALUE in answers[4]["answer"]


def test_an_invalid_byte_in_the_question_argument_is_answered(store):
    done = run_cli(
        store, "ask", "--json", IIJ_QUESTION.replace(" payment", " \udcff payment")
    )
    assert done.returncode == 0, done.stderr.decode()
    answer = json.loads(done.stdout)
    assert answer["question"] == IIJ_QUESTION
    assert IIJ_VALUE in answer["answer"]


def test_a_line_the_answerer_fails_on_costs_that_line_only(
    sample_qa, monkeypatch, capsys
):
    """The batch loop under test is real; the answerer is made to fail on one marked line."""
    from qa import cli
    from qa.api import FilingQA

    real_ask = FilingQA.ask

    def failing_ask(self, question, *args, **kwargs):
        if "EXPLODE" in question:
            raise RuntimeError("the answerer broke")
        return real_ask(self, question, *args, **kwargs)

    monkeypatch.setattr(FilingQA, "ask", failing_ask)
    monkeypatch.setattr(cli, "_open", lambda args: sample_qa)
    stdin = f"EXPLODE here\n{IIJ_QUESTION}\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = cli.main(["ask", "--json", "-"])
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert code == 1
    assert first["question"] == "EXPLODE here" and first["found"] is False
    assert first["answer"] == "Could not answer: RuntimeError: the answerer broke"
    assert IIJ_VALUE in second["answer"]
