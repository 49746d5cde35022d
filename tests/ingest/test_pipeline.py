"""Ingest into real Chroma (embedded and a real server) with the real model."""

from pathlib import Path

import pytest

from tests.conftest import IIJ, SAMPLES
from tests.pdfs import encrypted_pdf, text_pdf

PAYMENT_ROW = "6. Payment Date (in Japan)\tMonday, August 5, 2013"
KASUMI = SAMPLES / "fictional-kasumi-precision_2021-05-13_stock_split.txt"


class CountingEmbedder:
    """Wraps the session embedder to count what is embedded; the vectors are the real ones."""

    def __init__(self, inner):
        self.inner = inner
        self.embedded = 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def embed_documents(self, texts):
        self.embedded += len(texts)
        return self.inner.embed_documents(texts)


def consistent(qa) -> None:
    """Manifest and collections agree: every chunk and fact belongs to a listed notice's version."""
    store = qa.store
    manifest = store.manifest()
    assert store.pending.count() == 0
    chunks = store.chunks.get(include=["metadatas", "documents"])
    by_doc: dict[str, list] = {}
    for metadata, text in zip(chunks["metadatas"], chunks["documents"], strict=True):
        entry = manifest[metadata["doc_id"]]
        assert metadata["doc_hash"] == entry.content_hash
        by_doc.setdefault(metadata["doc_id"], []).append((metadata["index"], text))
    for doc_id, entry in manifest.items():
        indexes = sorted(index for index, _ in by_doc.get(doc_id, []))
        assert indexes == list(range(entry.chunks)), doc_id
    facts = store.facts.get(include=["metadatas"])
    for metadata in facts["metadatas"]:
        assert metadata["doc_hash"] == manifest[metadata["doc_id"]].content_hash


def test_ingest_is_idempotent_and_embeds_nothing_the_second_time(qa, notice_copy: Path):
    counting = CountingEmbedder(qa.embedder)
    qa.embedder = counting
    first = qa.ingest([notice_copy])
    assert first.chunks_truncated == 0 and "0 truncated" in first.summary()
    assert (
        first.added == [str(notice_copy.resolve())]
        and first.chunks_embedded == counting.embedded > 0
    )
    before = counting.embedded
    second = qa.ingest([notice_copy])
    assert second.unchanged == [str(notice_copy.resolve())]
    assert second.added == second.replaced == [] and counting.embedded == before
    [entry] = qa.documents()
    assert entry.doc_id == "iij_2013-08-01_third_party_allotment"
    assert entry.issuer == "Internet Initiative Japan Inc."
    assert entry.tickers == ("NASDAQ:IIJI", "TSE:3774")
    assert entry.type == "third-party allotment" and str(entry.date) == "2013-08-01"
    assert qa.store.chunks.count() == entry.chunks
    consistent(qa)


def test_payment_row_is_searchable_with_its_heading(qa, notice_copy: Path):
    qa.ingest([notice_copy])
    hits = qa.store.search(qa.embedder.embed_query("When is the payment date?"), k=3)
    assert any(PAYMENT_ROW in hit.chunk.text for hit in hits)
    assert all(hit.score is not None and -1.0 <= hit.score <= 1.0 for hit in hits)


def test_a_changed_file_replaces_its_old_chunks_and_facts(qa, notice_copy: Path):
    qa.ingest([notice_copy])
    old_ids = set(qa.store.chunks.get()["ids"])
    notice_copy.write_text(
        notice_copy.read_text().replace(
            "Monday, August 5, 2013", "Tuesday, August 6, 2013"
        )
    )
    report = qa.ingest([notice_copy])
    assert report.replaced == [str(notice_copy.resolve())]
    [entry] = qa.documents()
    texts = qa.store.chunks.get()["documents"]
    assert any("Tuesday, August 6, 2013" in text for text in texts)
    assert not any("Monday, August 5, 2013" in text for text in texts)
    assert len(texts) == entry.chunks
    assert set(qa.store.chunks.get()["ids"]).isdisjoint(old_ids)
    consistent(qa)


def test_remove_deletes_a_notice_entirely(qa, notice_copy: Path):
    qa.ingest([notice_copy, SAMPLES])
    doc_id = "iij_2013-08-01_third_party_allotment"
    others = len(qa.documents()) - 1
    assert qa.remove(doc_id) is True
    assert doc_id not in {entry.doc_id for entry in qa.documents()}
    assert len(qa.documents()) == others
    assert qa.store.chunks.get(where={"doc_id": doc_id})["ids"] == []
    assert qa.store.facts.get(where={"doc_id": doc_id})["ids"] == []
    assert qa.remove(doc_id) is False
    consistent(qa)


def test_the_same_text_under_another_name_is_skipped_as_a_twin(
    qa, notice_copy: Path, tmp_path: Path
):
    twin = tmp_path / "twin.txt"
    twin.write_bytes(notice_copy.read_bytes())
    report = qa.ingest([notice_copy, twin])
    assert report.skipped == [
        (
            str(twin.resolve()),
            "same text as the stored notice iij_2013-08-01_third_party_allotment",
        )
    ]


def test_bad_input_is_skipped_with_reasons_and_loses_nothing(
    qa, notice_copy: Path, tmp_path: Path
):
    qa.ingest([notice_copy])
    [stored_entry] = qa.documents()
    stored = qa.store.chunks.get()["ids"]
    stored_facts = qa.store.facts.get()["ids"]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.md").write_bytes(bytes(range(256)) * 64)
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.7\n%garbage that is not a pdf")
    (bad / "locked.pdf").write_bytes(encrypted_pdf(["Payment date March 3, 2025"]))
    (bad / "deck.pptx").write_bytes(b"PK\x03\x04")
    with (bad / "huge.txt").open("wb") as out:
        out.truncate(50_000_000)
    good = bad / "kasumi.txt"  # a good file in the same run, among the bad ones
    good.write_bytes(KASUMI.read_bytes())
    report = qa.ingest([bad, tmp_path / "missing-folder"])
    reasons = {Path(source).name: reason for source, reason in report.skipped}
    assert reasons == {
        "binary.md": "binary file, not text",
        "corrupt.pdf": reasons["corrupt.pdf"],
        "deck.pptx": "unsupported file type (.pptx); supported: .txt .md .html .htm .pdf",
        "empty.txt": "empty file",
        "huge.txt": "file is 50.0 MB, over the 20 MB limit",
        "locked.pdf": "encrypted PDF (needs a password)",
        "missing-folder": "no such file or folder",
    }
    assert reasons["corrupt.pdf"].startswith("corrupt PDF")
    assert report.added == [str(good.resolve())] and report.replaced == []
    entries = {entry.doc_id: entry for entry in qa.documents()}
    assert set(entries) == {stored_entry.doc_id, "kasumi"}
    assert entries[stored_entry.doc_id] == stored_entry
    assert set(stored) <= set(qa.store.chunks.get()["ids"])
    assert set(stored_facts) <= set(qa.store.facts.get()["ids"])
    assert qa.store.chunks.get(where={"doc_id": stored_entry.doc_id})["ids"] == stored
    assert entries["kasumi"].chunks == len(qa.store.chunks_of("kasumi")) > 0
    consistent(qa)


def test_a_pdf_notice_goes_through_the_whole_pipeline(qa, tmp_path: Path):
    lines = [
        "Notice of Issuance of New Shares through Third-Party Allotment",
        "Sapporo, March 3, 2025 - Fictional Wren Orchard Foods Inc. (TSE:9999) today announces",
        "that its Board of Directors resolved to issue new shares by way of third-party allotment.",
        "1. Number of Shares to be Issued 250,000 shares",
        "2. Amount to be Paid JPY1,200 per share",
        "3. Total Amount to be Paid JPY300,000,000",
        "4. Payment Date Thursday, March 27, 2025",
    ]
    pdf = tmp_path / "wren-orchard_2025-03-03_allotment.pdf"
    pdf.write_bytes(text_pdf(lines))
    report = qa.ingest([pdf])
    assert report.added == [str(pdf.resolve())], report.summary()
    [entry] = qa.documents()
    assert entry.doc_id == "wren-orchard_2025-03-03_allotment"
    assert (
        entry.title == "Notice of Issuance of New Shares through Third-Party Allotment"
    )
    assert entry.issuer == "Fictional Wren Orchard Foods Inc."
    assert str(entry.date) == "2025-03-03" and entry.type == "third-party allotment"
    assert "TSE:9999" in entry.tickers
    text = qa.store.notice_text(entry.doc_id)
    assert "Total Amount to be Paid JPY300,000,000" in text
    facts = {(f["kind"], f["text"]) for f in qa.facts(entry.doc_id)}
    assert {
        ("shares", "250,000"),
        ("money", "JPY300,000,000"),
        ("date", "Thursday, March 27, 2025"),
    } <= facts
    hits = qa.store.search(qa.embedder.embed_query("When is the payment date?"), k=2)
    assert any("March 27, 2025" in hit.chunk.text for hit in hits)
    assert qa.ingest([pdf]).unchanged == [str(pdf.resolve())]
    consistent(qa)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_bom_is_ingested_not_called_binary(
    qa, tmp_path: Path, encoding: str
):
    notice = tmp_path / "iij-utf16.txt"
    data = IIJ.read_text(encoding="utf-8").encode(encoding)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))  # no BOM
    notice.write_bytes(data)
    report = qa.ingest([notice])
    assert report.skipped == [] and report.added == [str(notice.resolve())]
    [entry] = qa.documents()
    assert entry.issuer == "Internet Initiative Japan Inc."
    assert PAYMENT_ROW in qa.store.notice_text(entry.doc_id)
    assert any(
        fact["text"] == "Monday, August 5, 2013"
        for fact in qa.facts(entry.doc_id, kind="date")
    )
    consistent(qa)


def test_every_bundled_sample_ingests_with_metadata(qa):
    report = qa.ingest([SAMPLES])
    assert report.skipped == []
    entries = {entry.doc_id: entry for entry in qa.documents()}
    assert len(entries) == len(
        [p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html")]
    )
    for entry in entries.values():
        assert entry.title and entry.issuer and entry.date and entry.type != "other", (
            entry
        )
    assert {entry.type for entry in entries.values()} >= {
        "third-party allotment",
        "offering",
        "private placement",
        "split or consolidation",
        "dividend",
        "buyback",
        "convertible",
    }
    consistent(qa)


@pytest.mark.parametrize("crash_after", ["chunks", "manifest"])
def test_recover_finishes_or_rolls_back_an_interrupted_write(
    qa, notice_copy: Path, crash_after, monkeypatch
):
    """The journal protocol stopped at its two critical points, as a killed process leaves it."""
    qa.ingest([notice_copy])
    [old] = qa.documents()
    notice_copy.write_text(
        notice_copy.read_text().replace("700,000 shares", "800,000 shares")
    )

    def killed(*_args, **_kwargs):
        raise SystemExit("killed")

    if crash_after == "chunks":  # chunks and facts written, manifest not yet
        monkeypatch.setattr(
            qa.store, "notices", _Overriding(qa.store.notices, upsert=killed)
        )
    else:  # manifest written, old version not yet deleted
        monkeypatch.setattr(qa.store, "_drop_other_versions", killed)
    with pytest.raises(SystemExit):
        qa.ingest([notice_copy])
    monkeypatch.undo()
    assert qa.store.pending.count() == 1
    assert qa.store.recover() == [old.doc_id]
    [entry] = qa.documents()
    assert (entry.content_hash == old.content_hash) is (crash_after == "chunks")
    consistent(qa)


class _Overriding:
    """A collection with some methods replaced."""

    def __init__(self, inner, **overrides):
        self._inner = inner
        self.__dict__.update(overrides)

    def __getattr__(self, name):
        return getattr(self._inner, name)


@pytest.mark.parametrize(
    ("stem", "doc_id"),
    [
        (
            "newswire_2025_0124_fictional-plover-announces-reverse-stock-split-effective-today",
            "newswire_2025_0124_fictional-plover-announces-reverse-stock",
        ),
        (
            "Fictional-Meadowlark-Therapeutics_2020-09-17_Private_Placement",
            "fictional-meadowlark-therapeutics_2020-09-17_private",
        ),
        (
            "iij_2013-08-01_third_party_allotment",
            "iij_2013-08-01_third_party_allotment",
        ),
        ("x" * 70, "x" * 60),  # one word longer than an id: the only cut inside a word
    ],
)
def test_long_file_names_become_ids_cut_where_a_word_ends(stem: str, doc_id: str):
    from ingest.pipeline import id_slug

    assert id_slug(stem) == doc_id
