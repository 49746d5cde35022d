"""Settings from ``FILINGQA_*`` environment variables, and the product honouring them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from qa.settings import Settings, default_store_dir
from tests.conftest import IIJ


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No FILINGQA_* variable of the machine leaks into these tests."""
    import os

    for name in list(os.environ):
        if name.startswith("FILINGQA_"):
            monkeypatch.delenv(name)


def test_defaults_without_environment():
    settings = Settings()
    assert settings.store == default_store_dir()
    assert settings.chroma_url is None and settings.max_file_mb == 20.0


def test_store_max_file_mb_and_chroma_url_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("FILINGQA_STORE", str(tmp_path / "env-store"))
    monkeypatch.setenv("FILINGQA_MAX_FILE_MB", "0.5")
    monkeypatch.setenv("FILINGQA_CHROMA_URL", "http://127.0.0.1:8123")
    settings = Settings()
    assert settings.store == tmp_path / "env-store"
    assert settings.max_file_mb == 0.5
    assert settings.chroma_url == "http://127.0.0.1:8123"
    # Values passed in code win over the environment.
    assert Settings(max_file_mb=3).max_file_mb == 3


@pytest.mark.parametrize(
    ("name", "value"),
    [("FILINGQA_MAX_FILE_MB", "0"), ("FILINGQA_MAX_FILE_MB", "lots")],
)
def test_a_bad_environment_value_is_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match="max_file_mb"):
        Settings()


def test_the_product_uses_the_environment_store_and_size_limit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, embedder
):
    from qa.api import FilingQA

    monkeypatch.setenv("FILINGQA_STORE", str(tmp_path / "env-store"))
    monkeypatch.setenv(
        "FILINGQA_MAX_FILE_MB", "0.001"
    )  # 1,000 bytes; the IIJ notice is larger
    qa = FilingQA.open(embedder=embedder)
    assert qa.settings.store == tmp_path / "env-store"
    report = qa.ingest([IIJ])
    [(_, reason)] = report.skipped
    assert reason.endswith("over the 0.001 MB limit")
    assert (tmp_path / "env-store").is_dir() and qa.documents() == []
    small = tmp_path / "small.txt"
    small.write_text("Notice of Dividend\n\nThe dividend is $0.10 per share.\n")
    assert len(qa.ingest([small]).added) == 1
    reopened = FilingQA.open(embedder=embedder)
    assert [entry.doc_id for entry in reopened.documents()] == ["small"]


def test_the_product_uses_the_environment_chroma_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, embedder, chroma_server
):
    from qa.api import FilingQA

    local = tmp_path / "never-used"
    monkeypatch.setenv("FILINGQA_STORE", str(local))
    monkeypatch.setenv("FILINGQA_CHROMA_URL", chroma_server.url)
    monkeypatch.setenv("FILINGQA_COLLECTION_PREFIX", "envtest")
    qa = FilingQA.open(embedder=embedder)
    assert qa.settings.chroma_url == chroma_server.url
    assert len(qa.ingest([IIJ]).added) == 1
    assert not local.exists()  # nothing embedded: the notices are on the server
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server.port)
    names = {collection.name for collection in client.list_collections()}
    assert {"envtest_chunks", "envtest_notices"} <= names
    assert client.get_collection("envtest_notices").count() == 1
