"""The vector-index seam: what the library needs of a store of passage vectors.

One implementation today, embedded Chroma in the library folder (`index.chroma`); a Chroma
server is the next. The indexer, the retriever and the library are typed against these
Protocols, and `tests/contracts/test_vector_index.py` runs the same tests against every
implementation.

Two roles, because they live differently: a `VectorStorage` is where a library's vectors are
kept (a folder, a server) and answers for its own damage, so the library's integrity check
needs no backend's file names; a `VectorIndex` is one search model's vectors in it, opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from kernel.types import Chunk, StoredPassage


@runtime_checkable
class VectorIndex(Protocol):
    """Passage vectors of one embedding model (vectors of different models are not
    comparable). It stores what the catalog points at; it never decides what is live."""

    def add(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Store (or replace, by chunk id) passages with their vectors."""

    def delete_document(self, doc_id: str) -> None: ...

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None: ...

    def stored_texts(self, doc_id: str) -> dict[str, str]:
        """chunk_id -> passage text stored for a document (an interrupted ingest resumes)."""

    def embeddings_of(self, doc_id: str) -> dict[str, list[float]]: ...

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, list[float]]:
        """chunk_id -> stored vector of the passages asked for (those stored): the second
        stage compares the question with every passage of its candidate pages."""

    def doc_counts(self) -> dict[str, int]:
        """Passages stored per document."""

    def doc_ids(self) -> set[str]: ...

    def count(self) -> int: ...

    def count_of(self, doc_id: str) -> int: ...

    def query(self, embedding: Sequence[float], n: int) -> list[StoredPassage]:
        """The `n` nearest passages by cosine similarity, nearest first."""

    def verify(self) -> None:
        """Raise `StoreError` when the index cannot serve searches (found at open, not at the
        first question)."""

    def close(self) -> None: ...


@runtime_checkable
class VectorStorage(Protocol):
    """Where a library's vectors are kept, and what is wrong with them."""

    # True for a store other PCs write too (a server): what it holds then says nothing about
    # this library folder, whose catalog and keywords mirror it (laoshifu.mirror).
    shared: bool

    def open(self, model_name: str) -> VectorIndex:
        """The index of one search model; `StoreError` when it cannot be opened."""

    def has_data(self) -> bool:
        """True when anything was ever stored here (a missing store is then damage)."""

    def problem(self, thorough: bool) -> str | None:
        """What is wrong with the stored data, or None; thorough reads every page."""

    def parts(self) -> list[Path]:
        """The files or folders a repair moves aside."""

    def create_empty(self) -> None:
        """An empty store in place of one a repair moved aside."""
