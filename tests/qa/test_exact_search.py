"""Exact dense search (``qa.retrieval.exact``), which training ranks by: the same nearest chunks as
a brute-force cosine over every stored vector, in every notice or only in those asked for."""

import numpy as np

from qa.retrieval.exact import ExactVectors


def test_exact_search_ranks_every_chunk_by_cosine_and_keeps_to_the_notices_asked(
    sample_qa,
):
    store = sample_qa.store
    exact = ExactVectors(store)
    stored = store.chunks.get(include=["embeddings", "metadatas"])
    assert sorted(exact.ids) == sorted(stored["ids"]) and len(exact.ids) > 10
    vectors = np.asarray(stored["embeddings"], dtype=np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    query = sample_qa.embedder.embed_query(
        "When is the payment date of the new shares?"
    )
    cosines = vectors @ np.asarray(query)

    best = exact.nearest(query, 5)
    assert [chunk_id for chunk_id, _ in best] == [
        stored["ids"][i] for i in np.argsort(-cosines)[:5]
    ]
    assert [round(score, 5) for _, score in best] == sorted(
        (round(float(v), 5) for v in cosines), reverse=True
    )[:5]

    notice = stored["metadatas"][int(np.argmin(cosines))]["doc_id"]
    own = exact.nearest(query, 50, {notice})
    chunks = store.chunks_by_id([chunk_id for chunk_id, _ in own])
    assert own and {chunk.doc_id for chunk in chunks.values()} == {notice}
    assert len(own) == sum(m["doc_id"] == notice for m in stored["metadatas"])
    assert exact.nearest(query, 5, set()) == []
