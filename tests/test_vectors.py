"""Dense search must return the true nearest passages, and the same ones every time: an
approximate index that drifts gives a technician different pages for the same question."""

from __future__ import annotations

import numpy as np

from index.vectors import VectorStore
from kernel.types import Chunk


def _store(tmp_path, vectors: np.ndarray) -> VectorStore:
    store = VectorStore(tmp_path / "vectors", "test-model")
    chunks = [Chunk(doc_id=f"d{i // 10}", page_index=i % 10, page_number=i % 10 + 1, label=None,
                    start=0, end=1, text=f"passage {i}") for i in range(len(vectors))]
    store.add(chunks, vectors.tolist())
    return store


def test_search_finds_the_true_nearest_passages(tmp_path):
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(3000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = _store(tmp_path, vectors)
    for query in vectors[rng.choice(len(vectors), 20, replace=False)] + 0.05:
        query = query / np.linalg.norm(query)
        exact = [f"passage {i}" for i in np.argsort(-(vectors @ query))[:60]]
        found = [p.text for p in store.query(query.tolist(), 60)]
        assert found[:10] == exact[:10], "the best passages must be found, in order"
        assert len(set(found) & set(exact)) >= 57, "fusion candidates must be the true ones"


def test_an_existing_store_is_searched_as_exactly_after_reopening(tmp_path):
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(500, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    first = [p.text for p in _store(tmp_path, vectors).query(vectors[0].tolist(), 30)]
    again = VectorStore(tmp_path / "vectors", "test-model")
    assert [p.text for p in again.query(vectors[0].tolist(), 30)] == first
