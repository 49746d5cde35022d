"""Smaller hardening: terminal-safe listings, upload copies gone with the server, no test switch
in the write path, no environment changed on import, a thread-safe name index."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import IIJ, REPO, free_port, wait_for

ESCAPED_TITLE = (
    "\x1b]0;owned\x07\x1b[2J\x1b[31mFictional Escape Corp Announces Dividend\x1b[0m"
)


def run(store: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", "--store", str(store), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        check=False,
    )


def test_documents_prints_no_terminal_escape_sequences(tmp_path: Path):
    notice = tmp_path / "escape.md"
    notice.write_text(
        f"# {ESCAPED_TITLE}\n\n"
        + "Fictional Escape Corp declared a dividend of $0.27 per share, payable on March 31,"
        " 2025 to holders of record on March 14, 2025.\n\n" * 8  # a few escapes in text
    )
    store = tmp_path / "store"
    assert run(store, "ingest", "-q", str(notice)).returncode == 0
    stored = json.loads(run(store, "documents", "--json").stdout)[0]["title"]
    assert "\x1b" in stored  # the store keeps the text; only printing cleans it
    listing = run(store, "documents")
    assert listing.returncode == 0, listing.stderr
    assert "Fictional Escape Corp Announces Dividend" in listing.stdout
    assert not any(ord(char) < 32 and char not in "\t\n" for char in listing.stdout)
    assert "owned" not in listing.stdout


def test_upload_copies_are_deleted_when_the_server_stops(tmp_path: Path):
    from gradio_client import Client, handle_file

    temp = tmp_path / "gradio-temp"
    temp.mkdir()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "--store", str(tmp_path / "store")]
        + ["serve", "--port", str(port)],
        cwd=REPO,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_TEMP_DIR": str(temp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", 90, server)
        upload = tmp_path / "iij.txt"
        upload.write_bytes(IIJ.read_bytes())
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        report = client.predict([handle_file(str(upload))], api_name="/upload")
        assert "added 1" in str(report).lower() or "1 added" in str(report).lower()
        copies = [path for path in temp.rglob("*") if path.is_file()]
        assert any(path.name == "iij.txt" for path in copies), copies
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode in (0, 130)
    # Gradio makes an empty vibe_edit_history folder of its own at import; no file is left.
    assert [path for path in temp.rglob("*") if path.is_file()] == []
    assert not list(temp.glob("filingqa-uploads-*"))


def test_the_write_path_reads_no_test_switch():
    source = (REPO / "ingest" / "store.py").read_text()
    assert "environ" not in source and "FILINGQA_TEST" not in source


def test_importing_the_product_changes_no_environment_variable():
    script = (
        "import os\n"
        "before = dict(os.environ)\n"
        "import ingest.embedding, ingest.pipeline, qa.api, qa.cli, ui.app\n"
        "after = dict(os.environ)\n"
        "print(sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)))\n"
    )
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HF_", "TRANSFORMERS_", "GRADIO_", "ANONYMIZED_"))
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=clean,
        check=True,
    )
    assert done.stdout.strip() == "[]", done.stdout
