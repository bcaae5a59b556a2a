"""A search model that embeds each distinct passage text once: the library's `DenseEncoder`
for ingest, in front of the real one.

Before a step's passages go to the model, their vectors are looked up in the library's
`EmbeddingCache` by the model's name and the SHA-256 of the text the model is given; only the
texts not found are embedded, each once however often it repeats in the step, and what the
model gives is kept for the next time. A manual's new revision so costs only its changed
passages, a log of one repeated line a handful of embeddings. Every vector returned, found or
made, goes through the float32 bytes the cache keeps, so a text's vector is the same whether
it was found or embedded. Queries are not cached (each is new, and the library remembers its
recent ones: index.feedback.remembered).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.embedding_cache import EmbeddingCache, text_hash
from models.dense_encoder import DenseEncoder


class CachedEncoder:
    """`encoder`'s vectors through `cache`."""

    def __init__(self, encoder: DenseEncoder, cache: EmbeddingCache) -> None:
        self._encoder = encoder
        self._cache = cache
        self.name = encoder.name
        self.relevance_floor = encoder.relevance_floor

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        keys = [text_hash(text) for text in texts]
        unique = dict(zip(keys, texts, strict=True))
        found = self._cache.vectors(self.name, unique.keys())
        missing = [key for key in unique if key not in found]
        if missing:
            vectors = self._encoder.embed([unique[key] for key in missing])
            made = {key: np.asarray(vector, dtype=np.float32).tobytes()
                    for key, vector in zip(missing, vectors, strict=True)}
            self._cache.put(self.name, made)
            found.update(made)
        return [np.frombuffer(found[key], dtype=np.float32).tolist() for key in keys]

    def embed_query(self, text: str) -> list[float]:
        return self._encoder.embed_query(text)
