"""The library folder's vector search is exact and the same after every reopen (`index.
exact_vectors`): Chroma's HNSW graph there is rebuilt in part at each opening, and missed a
true neighbour in one opening of three to five on the corpus library."""

from __future__ import annotations

import numpy as np

from index import exact_vectors
from index.chroma import EmbeddedChroma
from kernel.types import Chunk


def _chunks(count: int, first: int = 0, doc: str | None = None) -> list[Chunk]:
    return [Chunk(doc_id=doc or f"d{i // 10}", page_index=i % 10, page_number=i % 10 + 1,
                  label=None, start=0, end=1, text=f"passage {i}")
            for i in range(first, first + count)]


def _unit(rng: np.random.Generator, count: int, dim: int) -> np.ndarray:
    vectors = rng.normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_the_same_question_finds_the_exact_nearest_passages_after_every_reopen(tmp_path):
    """More passages than Chroma saves its index at (1,000), as in the corpus library."""
    rng = np.random.default_rng(21)
    vectors = _unit(rng, 1500, 32)
    store = EmbeddedChroma(tmp_path / "vectors", "exact-test")
    store.add(_chunks(len(vectors)), vectors.tolist())
    store.close()
    queries = _unit(rng, 8, 32)
    for _ in range(3):
        store = EmbeddedChroma(tmp_path / "vectors", "exact-test")
        for query in queries:
            exact = [f"passage {i}" for i in np.argsort(-(vectors @ query))[:60]]
            found = store.query(query.tolist(), 60)
            assert [p.text for p in found] == exact
            assert abs(found[0].similarity - float((vectors @ query).max())) < 1e-5
        store.close()


def test_a_search_sees_the_writes_made_since_the_store_was_read(tmp_path):
    rng = np.random.default_rng(4)
    vectors = _unit(rng, 200, 16)
    store = EmbeddedChroma(tmp_path / "vectors", "exact-test")
    try:
        store.add(_chunks(200), vectors.tolist())
        query = _unit(rng, 1, 16)[0]
        assert len(store.query(query.tolist(), 10)) == 10  # the store is read whole here
        store.add(_chunks(1, first=900, doc="new"), [query.tolist()])
        found = store.query(query.tolist(), 5)
        assert found[0].text == "passage 900" and found[0].similarity > 0.999
        store.delete_document("new")
        store.delete_chunks(["d0:0:0"])
        assert all(p.doc_id != "new" and p.chunk_id != "d0:0:0"
                   for p in store.query(query.tolist(), 200))
        assert len(store.query(query.tolist(), 500)) == 199
    finally:
        store.close()


def test_a_store_past_the_exact_limit_still_finds_its_nearest_passages(tmp_path, monkeypatch):
    monkeypatch.setattr(exact_vectors, "EXACT_LIMIT", 50)
    rng = np.random.default_rng(8)
    vectors = _unit(rng, 120, 16)
    store = EmbeddedChroma(tmp_path / "vectors", "exact-test")
    try:
        store.add(_chunks(120), vectors.tolist())
        query = vectors[7]
        found = store.query(query.tolist(), 10)
        assert found[0].text == "passage 7" and len(found) == 10
    finally:
        store.close()
