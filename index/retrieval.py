"""Question to ranked pages: nearest passages, filtered to live documents, merged per page.

A technician wants a page to open, not five near-identical passages of it, so hits are pages:
each keeps its best-matching passage and that passage's span for highlighting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from index.catalog import Catalog
from index.vectors import StoredPassage, VectorStore
from laoshifu.types import Hit

QueryEncoder = Callable[[str], Sequence[float]]

# Passages fetched per page wanted: pages hold several passages and some may be stale.
_OVERFETCH = 6


class Retriever:
    def __init__(self, catalog: Catalog, vectors: VectorStore, encode_query: QueryEncoder):
        self._catalog = catalog
        self._vectors = vectors
        self._encode_query = encode_query

    def search(self, query: str, k: int = 5) -> list[Hit]:
        if not query.strip():
            return []
        passages = self._vectors.query(self._encode_query(query), n=k * _OVERFETCH)
        live = self._catalog.live_ids()
        return merge_pages([p for p in passages if p.doc_id in live], self._catalog, k)


def merge_pages(passages: list[StoredPassage], catalog: Catalog, k: int) -> list[Hit]:
    """Keep the best passage of each page, best pages first."""
    best: dict[tuple[str, int], StoredPassage] = {}
    for passage in passages:
        key = (passage.doc_id, passage.page_index)
        if key not in best or passage.similarity > best[key].similarity:
            best[key] = passage
    ranked = sorted(best.values(), key=lambda p: p.similarity, reverse=True)[:k]
    hits = []
    for passage in ranked:
        record = catalog.get(passage.doc_id)
        if record is None:
            continue
        hits.append(Hit(
            doc_id=passage.doc_id, file=record.file, path=record.path, page=passage.page_number,
            label=passage.label, score=passage.similarity, text=passage.text,
            start=passage.start, end=passage.end,
        ))
    return hits
