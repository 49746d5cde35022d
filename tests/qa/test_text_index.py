"""The on-disk text index: BM25 search over every chunk, kept in step with the store."""

from pathlib import Path

import pytest

from ingest.store import NoticeStore
from qa.api import FilingQA, text_index_path
from qa.retrieval import catalog, text_index
from qa.retrieval.scope import name_keys, title_words
from qa.retrieval.text_index import TextIndex
from qa.settings import Settings
from tests.conftest import IIJ, SAMPLES
from tests.qa.names import ManifestNames

KASUMI = SAMPLES / "fictional-kasumi-precision_2021-05-13_stock_split.txt"


def _notices_found(qa: FilingQA, word: str) -> set[str]:
    """The notices of the chunks the text index finds for ``word``."""
    ids = [chunk_id for chunk_id, _ in qa.catalog.text_index.search(word, 100)]
    return {chunk.doc_id for chunk in qa.store.chunks_by_id(ids).values()}


def _indexed_chunks(index: TextIndex, doc_id: str) -> int:
    """How many of a notice's chunks the index holds (their vectors included)."""
    return len(index.nearest([1.0] * 384, 1000, [doc_id], 1000))


def test_search_ranks_the_passage_with_the_words(sample_qa):
    index = sample_qa.catalog.index
    hits = index.search("payment date of the allotment", 5)
    assert hits and all(score > 0 for _, score in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    top = sample_qa.store.chunks_by_id([hits[0][0]])[hits[0][0]]
    assert top.doc_id == "iij_2013-08-01_third_party_allotment"
    assert "payment" in top.text.lower()


def test_search_within_notices_inline_and_through_a_temporary_table(sample_qa):
    index = sample_qa.catalog.index
    kasumi = {"fictional-kasumi-precision_2021-05-13_stock_split"}
    inline = index.search("record date shares", 3, kasumi)
    many = kasumi | {f"padding-{n}" for n in range(1200)}  # over the inline limit
    assert inline and index.search("record date shares", 3, many) == inline
    docs = {sample_qa.store.chunks_by_id([i])[i].doc_id for i, _ in inline}
    assert docs == kasumi
    assert index.search("record date", 3, set()) == []
    assert index.search("the of and", 3) == []  # stop words only: nothing to look for


def test_odd_queries_are_words_not_syntax(sample_qa):
    index = sample_qa.catalog.index
    for query in [
        '"unbalanced',
        "NEAR(a b)",
        "terms : x OR",
        "payment* AND -date",
        "'; DROP TABLE chunks; --",
    ]:
        index.search(query, 3)  # FTS5 syntax in a question is never parsed as syntax
    assert index.search('x" OR "y', 3) == []


def test_every_chunk_of_a_notice_is_indexed(sample_qa):
    index = sample_qa.catalog.index
    assert "iij_2013-08-01_third_party_allotment" in _notices_found(sample_qa, "nasdaq")
    assert _notices_found(sample_qa, "zyzzyva") == set()
    entry = sample_qa.catalog.manifest["iij_2013-08-01_third_party_allotment"]
    assert _indexed_chunks(index, entry.doc_id) == entry.chunks


def test_nearest_ranks_a_scope_as_an_exact_search_of_the_store_does(sample_qa):
    """The index's copy of the vectors ranks the chunks of a few notices exactly as ranking the
    store's own vectors does (``ExactVectors``, what training reads)."""
    from qa.retrieval.exact import ExactVectors

    index = sample_qa.catalog.index
    exact = ExactVectors(sample_qa.store)
    manifest = sample_qa.catalog.manifest
    scope = {doc_id for doc_id in manifest if "kasumi" in doc_id or "iij" in doc_id}
    chunks = sum(manifest[doc_id].chunks for doc_id in scope)
    for question in ["When is the payment date?", "What is the split ratio?"]:
        vector = sample_qa.embedder.embed_query(question)
        ranked = index.nearest(vector, 5, scope, chunks)
        expected = exact.nearest(vector, 5, scope)
        assert [chunk_id for chunk_id, _ in ranked] == [i for i, _ in expected]
        assert [score for _, score in ranked] == pytest.approx(
            [score for _, score in expected], abs=1e-6
        )
    assert index.nearest(vector, 5, scope, chunks - 1) is None  # more than the limit
    assert index.nearest(vector, 5, {"no-such-notice"}, 10) == []


def test_names_are_looked_up_as_the_manifest_gives_them(sample_qa):
    """Every name key and title word of every stored notice finds the notices it should, no
    more (``tests.qa.names`` computes the same from the manifest in memory)."""
    manifest = sample_qa.catalog.manifest
    index = sample_qa.catalog.index
    expected = ManifestNames(manifest)
    keys = set().union(*(name_keys(entry) for entry in manifest.values()))
    words = set().union(*(title_words(entry) for entry in manifest.values()))
    assert len(keys) >= 10 and len(words) >= 50  # not vacuous
    for key in keys:
        assert index.named_by([key]) == expected.named_by([key]), key
    for word in words:
        assert index.titled_with(word) == expected.titled_with(word), word
    assert index.named_by(keys) == expected.named_by(keys)
    assert index.named_by([]) == set() and index.titled_with("zyzzyva") == set()


def test_index_follows_ingest_replace_and_remove(qa, tmp_path: Path):
    folder = tmp_path / "notices"
    folder.mkdir()
    notice = folder / IIJ.name
    notice.write_text(IIJ.read_text(encoding="utf-8"), encoding="utf-8")
    qa.ingest([folder])
    index = qa.catalog.text_index
    doc_id = "iij_2013-08-01_third_party_allotment"
    assert doc_id in _notices_found(qa, "allotment")
    assert _notices_found(qa, "quokka") == set()
    notice.write_text(
        notice.read_text(encoding="utf-8") + "\nThe quokka clause.\n", encoding="utf-8"
    )
    qa.ingest([folder])
    assert _notices_found(qa, "quokka") == {doc_id}
    assert _indexed_chunks(index, doc_id) == qa.catalog.manifest[doc_id].chunks
    entry = qa.catalog.manifest[doc_id]
    assert index.named_by(name_keys(entry)) == {doc_id}
    assert qa.remove(doc_id)
    qa.catalog.refresh()
    assert _notices_found(qa, "allotment") == set()
    assert _indexed_chunks(index, doc_id) == 0
    assert index.named_by(name_keys(entry)) == set()
    assert index.titled_with(min(title_words(entry))) == set()


def test_another_process_writes_are_indexed_at_the_next_question(
    store_settings: Settings, embedder, monkeypatch
):
    monkeypatch.setattr(catalog, "CHECK_SECONDS", 0.0)  # no wait for the next check
    writer = FilingQA.open(settings=store_settings, embedder=embedder)
    reader = FilingQA.open(settings=store_settings, embedder=embedder)
    assert _notices_found(reader, "kasumi") == set()
    writer.ingest([KASUMI])
    answer = reader.ask("When does Kasumi Precision's 3-for-1 stock split take effect?")
    kasumi = "fictional-kasumi-precision_2021-05-13_stock_split"
    # stated or not, the answer rests on the notice the other process wrote
    assert answer.citations and answer.citations[0].doc_id == kasumi, answer.text
    assert _notices_found(reader, "kasumi") == {kasumi}


def test_the_store_generation_is_read_at_most_every_few_seconds(sample_qa, monkeypatch):
    counted = []
    store_type = type(sample_qa.store)
    read = store_type.generation
    monkeypatch.setattr(
        store_type, "generation", lambda self: counted.append(1) or read(self)
    )
    sample_qa.catalog.invalidate()
    for _ in range(3):
        sample_qa.ask("When is the payment date of the IIJ allotment?")
    assert len(counted) == 1
    monkeypatch.setattr(catalog, "CHECK_SECONDS", 0.0)
    sample_qa.ask("When is the payment date of the IIJ allotment?")
    assert len(counted) > 1


def test_index_is_derived_and_rebuilt_when_deleted(tmp_path: Path, embedder):
    settings = Settings(store=tmp_path / "store")
    qa = FilingQA.open(settings=settings, embedder=embedder)
    qa.ingest([KASUMI])
    path = text_index_path(settings)
    assert path.parent == settings.store and path.exists()
    before = qa.catalog.index.search("record date", 3)
    del qa
    for file in path.parent.glob(path.name + "*"):
        file.unlink()
    again = FilingQA.open(settings=settings, embedder=embedder)
    assert again.catalog.index.search("record date", 3) == before


def test_a_long_sync_shows_its_progress_at_a_question(
    tmp_path: Path, embedder, monkeypatch, capsys
):
    """Rebuilding the index of a large store at the first question takes minutes: a progress
    bar says so; a small sync there stays quiet."""
    settings = Settings(store=tmp_path / "store")
    path = text_index_path(settings)

    def rebuilt() -> None:
        for file in path.parent.glob(path.name + "*"):
            file.unlink()
        FilingQA.open(settings=settings, embedder=embedder).catalog.refresh()

    FilingQA.open(settings=settings, embedder=embedder).ingest([KASUMI, IIJ])
    capsys.readouterr()
    rebuilt()
    assert "text index" not in capsys.readouterr().err
    monkeypatch.setattr(text_index, "LONG_SYNC", 2)
    rebuilt()
    assert "text index: 100%" in capsys.readouterr().err


def test_a_server_store_keeps_its_index_in_the_user_cache(tmp_path: Path):
    one = Settings(chroma_url="http://127.0.0.1:8000", collection_prefix="a")
    two = Settings(chroma_url="http://127.0.0.1:8000", collection_prefix="b")
    assert text_index_path(one) != text_index_path(two)
    assert "text-index" in text_index_path(one).parts
    assert TextIndex(tmp_path / "x" / "index.sqlite3").search("anything", 3) == []


def test_a_new_process_reads_the_manifest_from_the_index(
    tmp_path: Path, embedder, monkeypatch
):
    settings = Settings(store=tmp_path / "store")
    writer = FilingQA.open(settings=settings, embedder=embedder)
    writer.ingest([KASUMI])
    expected = writer.store.manifest()
    reader = FilingQA.open(settings=settings, embedder=embedder)
    with monkeypatch.context() as patch:
        patch.setattr(
            NoticeStore, "manifest", lambda self: pytest.fail("read from Chroma")
        )
        assert reader.catalog.manifest == expected
    monkeypatch.setattr(catalog, "CHECK_SECONDS", 0.0)
    writer.ingest([IIJ])  # the chunk count changes: the reader reads Chroma again
    assert reader.catalog.manifest == writer.store.manifest()
    assert len(reader.catalog.manifest) == 2
