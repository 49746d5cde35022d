"""A Chroma server that goes away mid-session: a clear error, then recovery when it is back."""

import pytest

from ingest.store import StoreError
from tests.conftest import IIJ, IIJ_QUESTION, IIJ_VALUE, ChromaServer


def test_lost_server_gives_a_clear_error_and_the_next_request_recovers(
    tmp_path, embedder
):
    from qa.api import FilingQA

    server = ChromaServer(tmp_path / "chroma")
    server.start()
    try:
        qa = FilingQA.open(
            store=tmp_path / "unused", chroma_url=server.url, embedder=embedder
        )
        qa.ingest([IIJ])
        assert IIJ_VALUE in qa.ask(IIJ_QUESTION).text
        server.stop()
        with pytest.raises(
            StoreError, match=rf"the Chroma server at {server.url} is not reachable"
        ):
            qa.documents()
        with pytest.raises(StoreError, match="start it again and retry"):
            qa.ingest([IIJ])
        server.start()  # same path and port
        assert [entry.doc_id for entry in qa.documents()] == [
            "iij_2013-08-01_third_party_allotment"
        ]
        assert qa.ingest([IIJ]).unchanged == [str(IIJ.resolve())]
    finally:
        server.stop()


def test_opening_a_store_on_an_absent_server_is_a_clear_error(tmp_path, embedder):
    from qa.api import FilingQA
    from tests.conftest import free_port

    with pytest.raises(StoreError, match="cannot"):
        FilingQA.open(
            store=tmp_path,
            chroma_url=f"http://127.0.0.1:{free_port()}",
            embedder=embedder,
        )
