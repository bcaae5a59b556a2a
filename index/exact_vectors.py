"""Every stored passage vector in memory, searched exactly.

Chroma's HNSW graph is approximate, and in the library folder it is not even the same graph
from one opening to the next: the passages written since the index was last saved (Chroma
saves it every 1,000 writes) are inserted again on every open, by several threads, so the
graph changes. On the corpus library (1,884 passages, search breadth 400), one opening in
three to five missed one of a question's 60 nearest passages (the 21st), so the same question,
asked the same way, found different pages after a restart. A library of a plant's manuals
holds some thousands to tens of thousands of passages: one matrix product over all of them
takes 0.15 ms at 1,884 passages and about 5 ms at 20,000 (docs/benchmarks.md), so up to
`EXACT_LIMIT` passages the search is exact and the same every time; past it, HNSW searches.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np

# Passages searched exactly: 20,000 vectors of 384 floats are 31 MB and about 5 ms of one core
# per question; past it, a copy this size beside Chroma's own is not worth it.
EXACT_LIMIT = 20_000

# (chunk ids, their documents' ids, their vectors) of the whole store, or None when it holds
# more than the limit it is given (so a large store is never read whole).
Loader = Callable[[int], tuple[list[str], list[str], list[Sequence[float]]] | None]


class ExactVectors:
    """The store's vectors, loaded on the first search (`loader`) and kept up to date by the
    writes that go through this process (`added`, `removed`): the library folder has one
    writer at a time (`laoshifu.lock`). `nearest` answers None while the store holds more
    than `limit` passages (HNSW then searches)."""

    def __init__(self, loader: Loader, limit: int = EXACT_LIMIT):
        self._loader = loader
        self._limit = limit
        self._lock = threading.Lock()
        self._loaded = False
        self._over = False
        self._ids: list[str] = []
        self._docs: list[str] = []
        self._matrix = np.zeros((0, 0), dtype=np.float32)

    def nearest(self, query: Sequence[float], n: int) -> list[tuple[str, float]] | None:
        """The `n` passages nearest to `query` by cosine, best first, with their cosine
        distance (Chroma's); None past the limit."""
        with self._lock:
            if not self._loaded:
                self._load()
            if self._over:
                return None
            if not self._ids or n <= 0:
                return []
            vector = np.asarray(query, dtype=np.float32)
            cosines = self._matrix @ (vector / (np.linalg.norm(vector) or 1.0))
            count = min(n, len(self._ids))
            best = np.argpartition(-cosines, count - 1)[:count]
            # Equal cosines keep the order of the ids: the same passages every time.
            order = sorted(best.tolist(), key=lambda i: (-float(cosines[i]), self._ids[i]))
            return [(self._ids[i], 1.0 - float(cosines[i])) for i in order]

    def added(self, ids: Sequence[str], docs: Sequence[str],
              vectors: Sequence[Sequence[float]]) -> None:
        """Passages written (an upsert: an id already held is replaced)."""
        with self._lock:
            if not self._loaded or self._over or not ids:
                return  # not read yet: read whole on the first search
            self._drop(set(ids))
            self._ids += list(ids)
            self._docs += list(docs)
            self._matrix = np.vstack([self._matrix.reshape(-1, self._width(vectors)),
                                      _unit(vectors)])
            if len(self._ids) > self._limit:
                self._over, self._ids, self._docs = True, [], []
                self._matrix = np.zeros((0, 0), dtype=np.float32)

    def removed(self, ids: Sequence[str] = (), doc_id: str | None = None) -> None:
        """Passages deleted, by id or by their document."""
        with self._lock:
            if not self._loaded or self._over:
                return
            dropped = set(ids) | {i for i, d in zip(self._ids, self._docs, strict=True)
                                  if d == doc_id}
            self._drop(dropped)

    def _load(self) -> None:
        self._loaded = True
        stored = self._loader(self._limit)
        if stored is None:
            self._over = True
            return
        ids, docs, vectors = stored
        self._ids, self._docs = list(ids), list(docs)
        self._matrix = _unit(vectors) if len(ids) else np.zeros((0, 0), dtype=np.float32)

    def _drop(self, dropped: set[str]) -> None:
        if not dropped:
            return
        keep = [i for i, chunk_id in enumerate(self._ids) if chunk_id not in dropped]
        self._ids = [self._ids[i] for i in keep]
        self._docs = [self._docs[i] for i in keep]
        self._matrix = self._matrix[keep] if len(self._matrix) else self._matrix

    def _width(self, vectors: Sequence[Sequence[float]]) -> int:
        return self._matrix.shape[1] if self._matrix.size else len(vectors[0]) if vectors else 0


def _unit(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
