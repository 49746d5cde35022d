"""The command line as users and scripts call it: real processes, the JSON contracts."""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

IIJ = "iij_2013-08-01_third_party_allotment"


def filingqa(
    store, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", "--store", str(store), *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def store(sample_qa):
    return sample_qa.settings.store


def test_ask_json_contract(store):
    result = filingqa(
        store, "ask", "When is the payment date for IIJ's new shares?", "--json"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "Monday, August 5, 2013" in answer["answer"]
    assert answer["citations"][0]["doc_id"] == IIJ
    assert answer["citations"][0]["source"].endswith(
        "iij_2013-08-01_third_party_allotment.txt"
    )
    assert {"doc_id", "source", "quote"} <= set(answer["citations"][0])
    assert answer["tool_calls"] == []


def test_ask_batch_from_stdin_answers_each_line_in_order(store):
    questions = [
        "When is the payment date for IIJ's new shares?",
        "How much does the IIJ allotment dilute existing shareholders?",
        "What was IIJ's revenue in 2012?",
    ]
    result = filingqa(store, "ask", "--json", "-", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 3
    assert "August 5, 2013" in answers[0]["answer"]
    assert (
        answers[1]["tool_calls"][0]["name"] == "dilution"
        and "1.52%" in answers[1]["answer"]
    )
    assert {"name", "args", "result"} <= set(answers[1]["tool_calls"][0])
    assert answers[2]["found"] is False


def test_documents_json_contract(store):
    result = filingqa(store, "documents", "--json")
    entries = json.loads(result.stdout)
    iij = next(entry for entry in entries if entry["doc_id"] == IIJ)
    assert iij == {
        "doc_id": IIJ,
        "source": iij["source"],
        "title": "Notice of Determination of Number of New Shares to be Issued through Third-Party Allotment",
        "issuer": "Internet Initiative Japan Inc.",
        "tickers": ["NASDAQ:IIJI", "TSE:3774"],
        "date": "2013-08-01",
        "type": "third-party allotment",
        "chunks": iij["chunks"],
    }
    assert iij["chunks"] > 0


def test_audit_json_contract(store):
    result = filingqa(store, "audit", IIJ, "--json")
    assert result.returncode == 0, result.stderr
    checks = json.loads(result.stdout)
    assert checks and all(set(check) == {"ok", "formula", "quotes"} for check in checks)
    assert all(check["ok"] for check in checks)


def test_facts_lists_labels_and_figures(store):
    result = filingqa(store, "facts", IIJ)
    assert "Payment Date (in Japan): Monday, August 5, 2013" in result.stdout


def test_unknown_notice_is_a_clear_error(store):
    result = filingqa(store, "audit", "no-such-notice")
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "filingqa: error: no notice with id 'no-such-notice' (see: filingqa documents)"
    )
    removed = filingqa(store, "remove", "no-such-notice")
    assert removed.returncode == 1 and "no notice with id" in removed.stderr


def test_ingest_reports_and_exits_nonzero_when_nothing_could_be_stored(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = filingqa(tmp_path / "store", "ingest", "-q", str(tmp_path / "empty.txt"))
    assert result.returncode == 1
    assert "skipped 1" in result.stdout and "empty file" in result.stdout


def test_eval_reports_pass_rate_and_failures(store, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        "\n".join(
            json.dumps(case)
            for case in [
                {
                    "question": "When is the payment date for IIJ's new shares?",
                    "expected": "August 5, 2013",
                    "doc": IIJ,
                },
                {
                    "question": "How much does the IIJ allotment dilute existing holders?",
                    "expected": "1.52%",
                    "doc": IIJ,
                },
                {
                    "question": "What was IIJ's revenue in 2012?",
                    "expected": "NOT_FOUND",
                    "doc": None,
                },
                {
                    "question": "When is the payment date for IIJ's new shares?",
                    "expected": "August 6, 2013",
                    "doc": IIJ,
                },
            ]
        )
    )
    result = filingqa(store, "eval", str(cases), "--json")
    report = json.loads(result.stdout)
    assert (report["passed"], report["total"]) == (3, 4)
    assert report["by_kind"] == {
        "computation": {"passed": 1, "total": 1},
        "lookup": {"passed": 1, "total": 2},
        "not-found": {"passed": 1, "total": 1},
    }
    assert report["failures"][0]["expected"] == "August 6, 2013"
    text = filingqa(store, "eval", str(cases))
    assert (
        "passed 3/4 (75.0%)" in text.stdout
        and "FAIL When is the payment date" in text.stdout
    )
