"""Shared fixtures: the real embedding model (loaded once), real Chroma stores, sample paths."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from ingest.embedding import Embedder
from qa.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "examples" / "notices"
IIJ = SAMPLES / "iij_2013-08-01_third_party_allotment.txt"
CORPUS = REPO.parent / "shared" / "corpus"
# A question about the bundled IIJ notice that the fitted reader answers, its value and the row it
# cites: the tests of the API, CLI, UI and stores ask it to get a stated answer with a source.
# (It follows the models: with those fitted on 2026-12-01 with Snowball stems, the reader states
# it with P(right) 0.93 against a threshold of 0.80, and declines "How many issued shares will
# IIJ have after the third-party allotment?", 0.74, and "When is the payment date for IIJ's new
# shares?", 0.43.)
IIJ_QUESTION = "What is IIJ's payment date?"
IIJ_VALUE = "Monday, August 5, 2013"
IIJ_ROW = "Payment Date (in Japan) Monday, August 5, 2013"


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh user cache for the session (and the servers it starts): the ONNX export and the
    text indexes of server stores are made from nothing, as on a new machine, and left behind
    in no one's home folder."""
    folder = tmp_path_factory.mktemp("user-cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled all-MiniLM-L6-v2 on the default backend, loaded at most once per test session."""
    return Embedder()


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float, process: subprocess.Popen | None = None) -> None:
    """Poll ``url`` until it answers 200, failing early if ``process`` dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(
                f"server exited with {process.returncode} before answering {url}"
            )
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


class ChromaServer:
    """A real ``chroma run`` on 127.0.0.1, for tests of the server mode."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        chroma = Path(sys.executable).with_name("chroma")
        self.process = subprocess.Popen(
            [
                str(chroma),
                "run",
                "--path",
                str(self.path),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"{self.url}/api/v2/heartbeat", 60, self.process)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """One Chroma server for the session; tests isolate themselves by collection prefix."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["embedded", "server"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a fresh, empty store: embedded in a temp folder, or on the real server."""
    if request.param == "embedded":
        return Settings(store=tmp_path / "store")
    server: ChromaServer = request.getfixturevalue("chroma_server")
    prefix = f"t{uuid.uuid4().hex[:12]}"
    return Settings(
        store=tmp_path / "unused", chroma_url=server.url, collection_prefix=prefix
    )


@pytest.fixture
def qa(store_settings: Settings, embedder: Embedder):
    """An empty product instance over a real store, sharing the session's model."""
    from qa.api import FilingQA

    return FilingQA.open(settings=store_settings, embedder=embedder)


@pytest.fixture
def notice_copy(tmp_path: Path) -> Path:
    """A private copy of the IIJ notice that a test may edit."""
    folder = tmp_path / "notices"
    folder.mkdir()
    return Path(shutil.copy(IIJ, folder / IIJ.name))


@pytest.fixture(scope="session")
def sample_qa(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder):
    """An embedded store holding every bundled sample notice, built once per session; read-only."""
    from qa.api import FilingQA

    qa = FilingQA.open(
        store=tmp_path_factory.mktemp("samples") / "store", embedder=embedder
    )
    report = qa.ingest([SAMPLES])
    assert not report.skipped, report.summary()
    return qa
