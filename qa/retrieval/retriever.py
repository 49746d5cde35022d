"""The hybrid search (``qa.retrieval.hybrid``) as a LangChain ``BaseRetriever``, so any LangChain
application can use it as it is.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from ingest.store import StoredChunk
from qa.retrieval.filters import Filters
from qa.retrieval.hybrid import HybridSearch


class NoticeRetriever(BaseRetriever):
    """Chunks for a query from the notices that pass ``filters``, best first."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    hybrid: HybridSearch
    filters: Filters = Filters()
    k: int = 6

    def search(
        self,
        query: str,
        k: int | None = None,
        doc_ids: set[str] | None = None,
        vector: Any = None,
    ) -> list[StoredChunk]:
        """``HybridSearch.search`` with this retriever's ``k`` by default."""
        return self.hybrid.search(query, k or self.k, doc_ids, vector)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        manifest = self.hybrid.catalog.manifest
        results = []
        for item in self.search(
            query, doc_ids=self.hybrid.allowed_doc_ids(self.filters)
        ):
            entry = manifest.get(item.chunk.doc_id)
            metadata = {
                "chunk_id": item.chunk_id,
                "doc_id": item.chunk.doc_id,
                "source": entry.source if entry else "",
                "title": item.chunk.title,
                "heading": item.chunk.heading,
                "score": item.score,
            }
            results.append(
                Document(
                    page_content=item.chunk.text, metadata=metadata, id=item.chunk_id
                )
            )
        return results
