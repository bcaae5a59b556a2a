"""Passage vectors in embedded Chroma: a persistent collection in the library folder,
telemetry off. `ChromaFolder` is the `VectorStorage` (the folder, its damage check),
`EmbeddedChroma` the `VectorIndex` of one search model in it; `ChromaCollection`, what that
index does with its collection, is shared with the Chroma server's (`index.chroma_server`).

Chroma stores what the catalog points at; it never decides what is live. Writes for a document
go in before its catalog row and deletes after it, so a crash leaves at worst unreferenced
chunks, which the next ingest removes (`Library.ingest`).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from index import exact_vectors
from index.exact_vectors import ExactVectors
from index.sqlite_check import sqlite_problem
from kernel.errors import StoreError
from kernel.types import Chunk, StoredPassage

_NO_PAGE = -1  # Chroma metadata cannot hold None.
# HNSW is approximate. With Chroma's default search breadth (100) the same question returned
# different pages from one run to the next and missed true neighbours (dev R@5 0.89-0.92
# varying by run); at 400 it misses fewer, for a few milliseconds, but not none: a library up
# to `exact_vectors.EXACT_LIMIT` passages is searched exactly instead.
SEARCH_EF = 400
CONSTRUCTION_EF = 200
# Passages per native write (see EmbeddedChroma.__init__).
WRITE_BATCH = 8


class ChromaCollection:
    """The `VectorIndex` over one Chroma collection, wherever Chroma runs (in this process, or
    a server: `index.chroma_server`). One collection per embedding model: vectors of different
    models are not comparable, and switching models must not mix them. A subclass opens
    `_collection`, sets `_batch` (passages per write) and closes."""

    _collection: Any
    _batch: int

    def close(self) -> None:
        raise NotImplementedError

    def add(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        for first in range(0, len(chunks), self._batch):
            if first:
                # Back-to-back writes can hand the interpreter from one to the next, so a
                # thread waiting for it (the window's) could wait through several; pausing
                # one switch interval between writes lets it in (0.5% of an ingest's time).
                time.sleep(sys.getswitchinterval())
            part = chunks[first:first + self._batch]
            self._collection.upsert(
                ids=[c.chunk_id for c in part],
                embeddings=[list(e) for e in embeddings[first:first + self._batch]],
                documents=[c.text for c in part],
                metadatas=[_metadata(c) for c in part],
            )

    def delete_document(self, doc_id: str) -> None:
        self._collection.delete(where={"doc_id": doc_id})

    def stored_texts(self, doc_id: str) -> dict[str, str]:
        """chunk_id -> passage text of what is already stored for a document: an interrupted
        ingest resumes from these instead of embedding them again."""
        stored = self._collection.get(where={"doc_id": doc_id}, include=["documents"])
        return dict(zip(stored["ids"], stored["documents"], strict=True))

    def embeddings_of(self, doc_id: str) -> dict[str, list[float]]:
        """chunk_id -> stored vector of a document (the scale benchmark copies them)."""
        stored = self._collection.get(where={"doc_id": doc_id}, include=["embeddings"])
        return {i: list(e) for i, e in zip(stored["ids"], stored["embeddings"], strict=True)}

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, list[float]]:
        # By id, not by a metadata filter: 30 pages by (doc_id, page_index) took 545 ms at
        # 100,000 passages, their ids 21 ms (load 6.5).
        if not chunk_ids:
            return {}
        stored = self._collection.get(ids=list(chunk_ids), include=["embeddings"])
        return {i: list(e) for i, e in zip(stored["ids"], stored["embeddings"], strict=True)}

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        if chunk_ids:
            self._collection.delete(ids=list(chunk_ids))

    def doc_ids(self) -> set[str]:
        return set(self.doc_counts())

    def count(self) -> int:
        return self._collection.count()

    def verify(self, probes: int = 10) -> None:
        """Search once, so a damaged vector index is found when the library opens, not at the
        first question: Chroma opens a store whose index files are garbage or gone, then fails
        (or, with the files gone, quietly finds almost nothing) when searched."""
        try:
            total = self.count()
            if total == 0:
                return
            sample = self._collection.get(limit=1, include=["embeddings"])["embeddings"][0]
            found = self._index_query([0.0] * (len(sample) - 1) + [1.0], min(probes, total))
        except Exception as error:  # chromadb's internal errors name no common base
            raise StoreError(f"the search index cannot be searched ({error})") from error
        if len(found) < min(probes, total):
            raise StoreError(f"the search index lost its entries ({len(found)} found of "
                             f"{min(probes, total)} asked, {total} stored)")

    def doc_counts(self) -> dict[str, int]:
        """Passages stored per document, from one scan of the store."""
        counts: dict[str, int] = {}
        for meta in self._collection.get(include=["metadatas"])["metadatas"]:
            counts[meta["doc_id"]] = counts.get(meta["doc_id"], 0) + 1
        return counts

    def count_of(self, doc_id: str) -> int:
        return len(self._collection.get(where={"doc_id": doc_id}, include=[])["ids"])

    def query(self, embedding: Sequence[float], n: int) -> list[StoredPassage]:
        return self._index_query(embedding, n)

    def _index_query(self, embedding: Sequence[float], n: int) -> list[StoredPassage]:
        """Chroma's own (HNSW) search."""
        # Chroma 1.x returns what it holds when asked for more (nothing when empty), so no
        # count first: at 100,000 passages that count cost a search 40 ms under load.
        result = self._collection.query(
            query_embeddings=[list(embedding)],
            n_results=n,
            include=["documents", "metadatas", "distances"],
        )
        return [
            _passage(text, meta, distance)
            for text, meta, distance in zip(
                result["documents"][0], result["metadatas"][0], result["distances"][0],
                strict=True,
            )
        ]


class EmbeddedChroma(ChromaCollection):
    """The collection in the library folder (`chromadb.PersistentClient`)."""

    def __init__(self, path: Path, model_name: str):
        import chromadb
        import chromadb.api.client
        from chromadb.config import Settings

        try:
            path.mkdir(parents=True, exist_ok=True)
            # Chroma's result types are unions of numpy and list forms; what this class
            # reads of them is fixed by the contract tests, not by its annotations.
            self._client: Any = chromadb.PersistentClient(
                path=str(path), settings=Settings(anonymized_telemetry=False)
            )
            self._collection = open_collection(self._client, model_name)
        except Exception as error:  # chromadb raises its own and sqlite errors on a bad folder.
            if hasattr(self, "_client"):
                self._client.close()
            else:  # Chroma cached a half-built system for this folder: a repair reopens it
                chromadb.api.client.SharedSystemClient.clear_system_cache()
            raise StoreError(
                f"the search store at {path} cannot be opened ({error}). Choose another data "
                "folder, or move this one aside and add your documents again."
            ) from error
        # Chroma's native write holds the interpreter for its whole call: 64 passages held it
        # ~110 ms, long enough to freeze the window; 16 held it 50-70 ms while OCR shared the
        # CPU. Small writes keep each hold short.
        self._batch = min(self._client.get_max_batch_size(), WRITE_BATCH)
        self._exact = ExactVectors(self._stored_vectors, exact_vectors.EXACT_LIMIT)

    def query(self, embedding: Sequence[float], n: int) -> list[StoredPassage]:
        """The exact nearest passages while the store is small enough (`index.exact_vectors`:
        the HNSW graph in the library folder changes from one opening to the next), else
        Chroma's HNSW search."""
        nearest = self._exact.nearest(embedding, n)
        if nearest is None:
            return self._index_query(embedding, n)
        if not nearest:
            return []
        stored = self._collection.get(ids=[chunk_id for chunk_id, _ in nearest],
                                      include=["documents", "metadatas"])
        found = {chunk_id: (text, meta) for chunk_id, text, meta in
                 zip(stored["ids"], stored["documents"], stored["metadatas"], strict=True)}
        return [_passage(*found[chunk_id], distance) for chunk_id, distance in nearest
                if chunk_id in found]

    def add(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        super().add(chunks, embeddings)
        self._exact.added([c.chunk_id for c in chunks], [c.doc_id for c in chunks], embeddings)

    def delete_document(self, doc_id: str) -> None:
        super().delete_document(doc_id)
        self._exact.removed(doc_id=doc_id)

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        super().delete_chunks(chunk_ids)
        self._exact.removed(ids=chunk_ids)

    def _stored_vectors(self, limit: int) -> tuple[list[str], list[str], list[Any]] | None:
        """Every stored passage's id, document and vector; None past `limit` passages."""
        if self.count() > limit:
            return None
        stored = self._collection.get(include=["embeddings", "metadatas"])
        return (list(stored["ids"]), [meta["doc_id"] for meta in stored["metadatas"]],
                list(stored["embeddings"]))

    def close(self) -> None:
        """Stop Chroma's in-process system for this folder: without it, a store opened again
        in this process would reuse the old in-memory index and miss what another process (a
        repair, a CLI run) wrote meanwhile."""
        self._client.close()

class ChromaFolder:
    """The library folder's `vectors/` directory: Chroma's SQLite file and its index files."""

    DATABASE = "chroma.sqlite3"
    shared = False

    def __init__(self, path: Path):
        self.path = path

    def open(self, model_name: str) -> EmbeddedChroma:
        return EmbeddedChroma(self.path, model_name)

    def has_data(self) -> bool:
        return (self.path / self.DATABASE).exists()

    def problem(self, thorough: bool) -> str | None:
        database = self.path / self.DATABASE
        return sqlite_problem(database, thorough) if database.exists() else None

    def parts(self) -> list[Path]:
        return [self.path] if self.path.exists() else []

    def create_empty(self) -> None:
        """An empty store in place of one moved aside by a repair: the folder then has a
        search store again (not a missing one), which the next ingest fills from the
        catalog's text."""
        import chromadb
        from chromadb.config import Settings

        self.path.mkdir(parents=True, exist_ok=True)
        client: Any = chromadb.PersistentClient(path=str(self.path),
                                                settings=Settings(anonymized_telemetry=False))
        client.close()


def open_collection(client: Any, model_name: str) -> Any:
    """The model's collection, made on first use: cosine distance and the search breadth the
    results depend on (SEARCH_EF), raised on a collection made with less."""
    collection = client.get_or_create_collection(
        collection_name(model_name), embedding_function=None,
        configuration={"hnsw": {"space": "cosine", "ef_search": SEARCH_EF,
                                "ef_construction": CONSTRUCTION_EF}},
    )
    if collection.configuration["hnsw"]["ef_search"] < SEARCH_EF:
        collection.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
    return collection


def collection_name(model_name: str) -> str:
    """Chroma wants 3-512 characters of [a-zA-Z0-9._-], starting and ending alphanumeric."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", model_name).strip("-._")
    return f"passages-{slug}"[:200]


def _metadata(chunk: Chunk) -> dict:
    return {
        "doc_id": chunk.doc_id,
        "page_index": chunk.page_index,
        "page": chunk.page_number if chunk.page_number is not None else _NO_PAGE,
        "label": chunk.label or "",
        "start": chunk.start,
        "end": chunk.end,
    }


def _passage(text: str, meta: dict, distance: float) -> StoredPassage:
    page = meta["page"]
    return StoredPassage(
        doc_id=meta["doc_id"],
        page_index=meta["page_index"],
        page_number=None if page == _NO_PAGE else page,
        label=meta["label"] or None,
        start=meta["start"],
        end=meta["end"],
        text=text,
        similarity=1.0 - distance,
    )
