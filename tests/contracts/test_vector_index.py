"""The vector-index contract: every implementation of `VectorStorage` / `VectorIndex` passes
the same tests (in the style of haystack's document-store suite): embedded Chroma in the library
folder, and a real Chroma server (`chroma run`) the session starts. Add a backend by adding a
fixture giving its `Backend` to IMPLEMENTATIONS; nothing else here changes.

Dense search must return the true nearest passages, the same ones every time, and after a
reopen; a deleted document must leave nothing; an interrupted ingest must see what is stored;
damage must be reported, not searched around.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from index.chroma import ChromaFolder
from index.vector_index import VectorIndex, VectorStorage
from kernel.errors import StoreError
from kernel.types import Chunk

MODEL = "contract-model"


@dataclass(frozen=True)
class Backend:
    make: Callable[[Path], VectorStorage]  # an empty store
    # Makes the stored data unreadable; None where the data is not the app's to check (a
    # server's: plant IT's backups).
    damage: Callable[[Path], None] | None


def _scribble_chroma(folder: Path) -> None:
    database = folder / "vectors" / ChromaFolder.DATABASE
    database.write_bytes(b"this is not a database" * 100)


@pytest.fixture
def embedded_chroma() -> Backend:
    return Backend(lambda folder: ChromaFolder(folder / "vectors"), _scribble_chroma)


@pytest.fixture
def chroma_server(vector_server_process) -> Backend:
    """The session's Chroma server, emptied for each test (the tests run one at a time)."""
    from index.chroma_server import ChromaServer

    def empty(_: Path) -> VectorStorage:
        vector_server_process.empty()
        return ChromaServer(vector_server_process.url, "a-token-for-the-proxy")

    return Backend(empty, None)


IMPLEMENTATIONS = ["embedded_chroma", "chroma_server"]


@pytest.fixture(params=IMPLEMENTATIONS)
def backend(request) -> Backend:
    return request.getfixturevalue(request.param)


@pytest.fixture
def storage(backend, tmp_path) -> VectorStorage:
    return backend.make(tmp_path)


def _chunks(count: int, per_doc: int = 10) -> list[Chunk]:
    return [Chunk(doc_id=f"d{i // per_doc}", page_index=i % per_doc,
                  page_number=i % per_doc + 1, label=None, start=0, end=1, text=f"passage {i}")
            for i in range(count)]


def _unit(rng: np.random.Generator, count: int, dim: int) -> np.ndarray:
    vectors = rng.normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _filled(storage: VectorStorage, vectors: np.ndarray) -> VectorIndex:
    index = storage.open(MODEL)
    index.add(_chunks(len(vectors)), vectors.tolist())
    return index


def test_implementations_have_every_method_of_the_seam(storage):
    assert isinstance(storage, VectorStorage)
    index = storage.open(MODEL)
    assert isinstance(index, VectorIndex)
    index.close()


def test_search_finds_the_true_nearest_passages(storage):
    rng = np.random.default_rng(7)
    vectors = _unit(rng, 3000, 64)
    index = _filled(storage, vectors)
    for query in vectors[rng.choice(len(vectors), 20, replace=False)] + 0.05:
        query = query / np.linalg.norm(query)
        ranked = np.argsort(-(vectors @ query))[:60]
        exact = [f"passage {i}" for i in ranked]
        found = index.query(query.tolist(), 60)
        assert [p.text for p in found[:10]] == exact[:10], "the best passages, in order"
        assert len({p.text for p in found} & set(exact)) >= 57, "fusion needs the true ones"
        assert found[0].similarity == pytest.approx(float(vectors[ranked[0]] @ query), abs=1e-3)
    index.close()


def test_stored_vectors_are_found_by_passage_id(storage):
    """The second stage compares the question with every passage of its candidate pages."""
    vectors = _unit(np.random.default_rng(11), 40, 16)
    index = _filled(storage, vectors)
    found = index.vectors(["d0:3:0", "d1:2:0", "d9:0:0"])
    assert set(found) == {"d0:3:0", "d1:2:0"}, "a passage not stored is left out"
    assert np.allclose(found["d1:2:0"], vectors[12], atol=1e-5)
    assert index.vectors([]) == {}
    index.close()


def test_a_reopened_index_sees_every_write_and_searches_as_before(storage):
    vectors = _unit(np.random.default_rng(3), 500, 32)
    index = _filled(storage, vectors)
    first = [p.text for p in index.query(vectors[0].tolist(), 30)]
    index.close()
    again = storage.open(MODEL)
    assert again.count() == 500 and storage.has_data()
    assert [p.text for p in again.query(vectors[0].tolist(), 30)] == first
    again.close()


def test_a_deleted_document_leaves_nothing(storage):
    vectors = _unit(np.random.default_rng(5), 40, 16)
    index = _filled(storage, vectors)
    index.delete_document("d1")
    index.delete_chunks(["d2:0:0", "d2:1:0"])
    assert "d1" not in index.doc_ids() and index.count_of("d1") == 0
    assert index.count_of("d2") == 8 and index.count() == 28
    found = index.query(vectors[10].tolist(), 40)
    assert all(p.doc_id != "d1" and p.chunk_id not in {"d2:0:0", "d2:1:0"} for p in found)
    index.close()


def test_an_interrupted_ingest_sees_what_is_stored(storage):
    index = _filled(storage, _unit(np.random.default_rng(9), 25, 8))
    assert index.doc_counts() == {"d0": 10, "d1": 10, "d2": 5}
    stored = index.stored_texts("d2")
    assert stored == {f"d2:{i}:0": f"passage {20 + i}" for i in range(5)}
    assert set(index.embeddings_of("d2")) == set(stored)
    index.close()


def test_an_empty_store_has_no_data_and_passes_its_check(storage):
    assert not storage.has_data() and storage.problem(True) is None
    storage.create_empty()
    index = storage.open(MODEL)
    index.verify()
    assert index.count() == 0 and index.query([1.0, 0.0], 5) == []
    index.close()


def test_a_damaged_store_is_reported_and_refuses_to_open(backend, storage, tmp_path):
    if backend.damage is None:
        pytest.skip("a server's data is checked and backed up on the server (docs/deploy.md); "
                    "a server that fails is tested in tests/test_vector_server.py")
    _filled(storage, _unit(np.random.default_rng(1), 20, 8)).close()
    backend.damage(tmp_path)
    assert storage.problem(True), "damage must be reported by the store's own check"
    assert storage.parts(), "a repair must be able to move the damaged data aside"
    with pytest.raises(StoreError):
        storage.open(MODEL).verify()
