"""The command line as users and scripts call it: real processes, the JSON contracts."""

import json
import subprocess
import sys

import pytest

from tests.conftest import IIJ_QUESTION, IIJ_VALUE, REPO

IIJ = "iij_2013-08-01_third_party_allotment"


def filingqa(
    store, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess:
    return python("-m", "qa.cli", "--store", str(store), *args, stdin=stdin)


def python(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """This interpreter run as a new process from the repository, its output captured."""
    return subprocess.run(
        [sys.executable, *args],
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
    result = filingqa(store, "ask", IIJ_QUESTION, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert IIJ_VALUE in answer["answer"]
    assert answer["citations"][0]["doc_id"] == IIJ
    assert answer["citations"][0]["source"].endswith(
        "iij_2013-08-01_third_party_allotment.txt"
    )
    assert {"doc_id", "source", "quote"} <= set(answer["citations"][0])
    assert answer["tool_calls"] == []


def test_ask_answers_without_importing_scikit_learn_or_pandas(store):
    """A cold ``ask`` imports LightGBM without them (1.1 to 1.6 s saved); the answer is the same,
    and a later import of either in the same process still works."""
    script = (
        "import sys; from qa.cli import main; "
        f"code = main(['--store', {str(store)!r}, 'ask', {IIJ_QUESTION!r}, '--json']); "
        "print(sorted({'sklearn', 'pandas'} & set(sys.modules)), file=sys.stderr); "
        "import sklearn, pandas; sys.exit(code)"
    )
    result = python("-c", script)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["value"] == IIJ_VALUE
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_ask_batch_from_stdin_answers_each_line_in_order(store):
    questions = [
        IIJ_QUESTION,
        "What was IIJ's revenue in 2012?",
        "Do the figures in the IIJ notice add up?",
    ]
    result = filingqa(store, "ask", "--json", "-", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [answer["question"] for answer in answers] == questions
    assert answers[0]["value"] == IIJ_VALUE and answers[0]["unit"] == "date"
    assert answers[1]["found"] is False and answers[1]["value"] is None
    assert answers[2]["tool_calls"][0]["name"] == "audit"
    assert {"name", "args", "result", "formula"} <= set(answers[2]["tool_calls"][0])


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


def test_ask_restricted_to_one_notice_answers_from_it(store):
    """Over the nine bundled notices "What is the payment date?" names none of them; ``--doc``
    (or ``--issuer``) says which is meant, as the chat UI's filters do, and every citation is
    from that notice."""
    for restriction in (["--doc", IIJ], ["--issuer", "Internet Initiative"]):
        result = filingqa(
            store, "ask", *restriction, "--json", "What is the payment date?"
        )
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout)
        assert answer["found"] and answer["value"] == IIJ_VALUE
        assert {c["doc_id"] for c in answer["citations"]} == {IIJ}


def test_ask_batch_keeps_the_restriction_for_every_line(store):
    questions = ["What is the payment date?", "How many shares are to be issued?"]
    result = filingqa(
        store, "ask", "--doc", IIJ, "--json", "-", stdin="\n".join(questions) + "\n"
    )
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == questions
    cited = {c["doc_id"] for a in answers for c in a["citations"]}
    assert cited == {IIJ}


def test_chat_keeps_the_restriction_and_says_so(store):
    result = filingqa(
        store, "chat", "--doc", IIJ, stdin="What is the payment date?\n\n"
    )
    assert result.returncode == 0, result.stderr
    banner, answer = result.stdout.split("\n", 1)
    assert "questions restricted to 1 chosen notice" in banner
    assert answer.startswith(f"you> {IIJ_VALUE}.") and f"({IIJ})" in answer


def test_a_restriction_no_notice_passes_is_a_clear_error(store):
    unknown = filingqa(
        store, "ask", "--doc", "no-such-notice", "What is the payment date?"
    )
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert unknown.stderr.strip() == (
        "filingqa: error: no notice with id 'no-such-notice' (see: filingqa documents)"
    )
    nobody = filingqa(
        store, "ask", "--issuer", "Nobody Corp", "What is the payment date?"
    )
    assert nobody.returncode == 1 and nobody.stdout == ""
    assert nobody.stderr.strip() == (
        "filingqa: error: no stored notice passes the filters (issuer “Nobody Corp”); "
        "see: filingqa documents"
    )


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
                    "question": IIJ_QUESTION,
                    "expected": IIJ_VALUE,
                    "doc": IIJ,
                },
                {
                    "question": IIJ_QUESTION,
                    "expected": IIJ_VALUE,
                    "doc": IIJ,
                    "kind": "computation",
                },
                {
                    "question": "What was IIJ's revenue in 2012?",
                    "expected": "NOT_FOUND",
                    "doc": None,
                },
                {
                    "question": IIJ_QUESTION,
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
        "not-found": {"passed": 1, "total": 1},
        "unlabelled": {"passed": 1, "total": 2},
    }
    assert report["wrong"] == 1  # August 5 stated where the case wants August 6
    assert report["failures"][0]["expected"] == "August 6, 2013"
    text = filingqa(store, "eval", str(cases))
    assert (
        "passed 3/4 (75.0%); wrong figures stated: 1" in text.stdout
        and f"FAIL {IIJ_QUESTION}" in text.stdout
    )


def test_ingest_prints_the_summary_of_every_outcome(tmp_path):
    notices = tmp_path / "notices"
    notices.mkdir()
    iij = notices / "iij.txt"
    iij.write_text((REPO / "examples" / "notices" / f"{IIJ}.txt").read_text())
    kasumi = notices / "kasumi.txt"
    kasumi.write_text(
        (
            REPO
            / "examples"
            / "notices"
            / "fictional-kasumi-precision_2021-05-13_stock_split.txt"
        ).read_text()
    )
    store = tmp_path / "store"
    first = filingqa(store, "ingest", "-q", str(notices))
    assert first.returncode == 0, first.stderr
    [summary] = first.stdout.splitlines()
    assert summary.startswith("added 2, replaced 0, unchanged 0, skipped 0 (")
    assert summary.endswith(" chunks embedded, 0 truncated)")

    kasumi.write_text(kasumi.read_text() + "\nArchive copy.\n")
    (notices / "empty.txt").write_text("")
    (notices / "damaged.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage"
    )
    second = filingqa(store, "ingest", "-q", str(notices))
    assert second.returncode == 0, second.stderr
    lines = second.stdout.splitlines()
    assert lines[0].startswith("added 0, replaced 1, unchanged 1, skipped 2 (")
    assert sorted(lines[1:]) == [
        f"  skipped {(notices / 'damaged.pdf').resolve()}: corrupt PDF: Stream has ended unexpectedly",
        f"  skipped {(notices / 'empty.txt').resolve()}: empty file",
    ]
    # The PDF library's own complaints about the damaged file are not printed beside the reason.
    assert second.stderr == ""
    listed = json.loads(filingqa(store, "documents", "--json").stdout)
    assert sorted(entry["doc_id"] for entry in listed) == ["iij", "kasumi"]


def test_remove_deletes_the_notice_and_says_so(tmp_path):
    store = tmp_path / "store"
    source = REPO / "examples" / "notices" / f"{IIJ}.txt"
    assert filingqa(store, "ingest", "-q", str(source)).returncode == 0
    result = filingqa(store, "remove", IIJ)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"removed {IIJ}\n"
    assert json.loads(filingqa(store, "documents", "--json").stdout) == []
    again = filingqa(store, "remove", IIJ)
    assert again.returncode == 1 and "no notice with id" in again.stderr


def test_facts_of_one_kind_as_json(store):
    result = filingqa(store, "facts", IIJ, "--kind", "date", "--json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts and {fact["kind"] for fact in facts} == {"date"}
    payment = [fact for fact in facts if fact["text"] == "Monday, August 5, 2013"]
    assert payment and payment[0]["value"] == "2013-08-05"
    assert "Payment Date" in payment[0]["label"]
    assert {"label", "kind", "value", "start", "end", "text", "chunk_id"} <= set(
        payment[0]
    )
    shares = json.loads(
        filingqa(store, "facts", IIJ, "--kind", "shares", "--json").stdout
    )
    assert shares and {fact["kind"] for fact in shares} == {"shares"}
    assert any(fact["text"] == "700,000" for fact in shares)
    refused = filingqa(store, "facts", IIJ, "--kind", "bogus", "--json")
    assert refused.returncode == 2 and "invalid choice" in refused.stderr


def test_ask_prints_plain_text_not_markdown(store):
    result = filingqa(store, "ask", "Do the figures in the IIJ notice add up?")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Third-Party Allotment" in out
    assert "\\(" not in out and "\\-" not in out and "**" not in out
    assert "\nSources\n1. " in out and "\nCalculations\n- audit: " in out
    assert out.rstrip().endswith("Answered by: offline")


def test_a_reader_that_stops_early_gets_no_traceback(store):
    process = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "--store", str(store), "documents"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # like ``filingqa documents | head -0``
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=300) in (0, 141)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
