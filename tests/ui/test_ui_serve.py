"""``filingqa serve`` as users start it: the address printed, the page served, a busy port refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, free_port, wait_for


def start(store: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "qa.cli",
        "--store",
        str(store),
        "serve",
        "--port",
        str(port),
    ]
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_prints_its_address_and_refuses_a_busy_port(tmp_path: Path) -> None:
    port = free_port()
    server = start(tmp_path / "store", port)
    try:
        wait_for(f"http://127.0.0.1:{port}/", 60, server)
        assert server.stdout is not None
        first_line = server.stdout.readline()
        assert (
            f"http://127.0.0.1:{port}/" in first_line and "0 notices" in first_line
        ), first_line

        second = start(tmp_path / "store", port)
        _, error = second.communicate(timeout=60)
        assert second.returncode == 1
        assert error.strip().splitlines()[-1] == (
            f"filingqa: error: cannot serve on 127.0.0.1:{port} (is the port in use? try --port)"
        )
    finally:
        server.terminate()
        server.communicate(timeout=20)
