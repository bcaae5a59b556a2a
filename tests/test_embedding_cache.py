"""Each distinct passage text is embedded once per search model: a cached vector is the vector
embedding gave, a manual with one changed page costs only that page's passages, and a log of
one repeated line costs a handful of embeddings, not one per passage."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from index.embedding_cache import EmbeddingCache
from kernel.config import LibrarySettings
from kernel.events import FileDone
from laoshifu.cached_encoder import CachedEncoder
from laoshifu.composition import SearchModels, open_library
from tests.documents import write_pdf
from tests.test_crash import WORDS

# A line of a controller's fault log, as it repeats while a fault stands.
LOG_LINE = "2026-11-30 03:14:07 PLC-2 WARN conveyor C-7 motor overtemperature 92C\n"


class CountingEncoder:
    """The real search model, with the texts it is given counted."""

    def __init__(self, encoder) -> None:
        self._encoder = encoder
        self.name = encoder.name
        self.relevance_floor = encoder.relevance_floor
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return self._encoder.embed(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._encoder.embed_query(text)


@pytest.fixture
def counted(search_models, data_dir, chat_model):
    """A library whose search model counts what it embeds."""
    encoder = CountingEncoder(search_models.encoder)
    models = SearchModels(token_counter=search_models.token_counter, encoder=encoder)
    library = open_library(LibrarySettings(data_dir), models=models, answers=chat_model)
    yield library, encoder
    library.close()


def test_a_cached_vector_is_the_vector_embedding_gave(search_models, tmp_path):
    model = CountingEncoder(search_models.encoder)
    cache = EmbeddingCache(tmp_path)
    first, second = ("Pump P-101: replace the mechanical seal when it leaks.",
                     "泵 P-101：机械密封泄漏时更换。")
    try:
        made = CachedEncoder(model, cache).embed([first, second, first])
        assert model.texts == [first, second]  # the repeat in the batch is embedded once
        found = CachedEncoder(model, EmbeddingCache(tmp_path)).embed([second, first])
        assert model.texts == [first, second]  # found in the library's file, not embedded
    finally:
        cache.close()
    assert np.asarray(found, dtype=np.float32).tobytes() == \
        np.asarray([made[1], made[0]], dtype=np.float32).tobytes()
    assert made[0] == made[2]
    fresh = np.asarray(search_models.encoder.embed([first, second]))
    cosines = (fresh * np.asarray([found[1], found[0]])).sum(axis=1)
    assert np.allclose(cosines, 1.0, atol=1e-6)


def _manual(path: Path, changed: bool) -> Path:
    """Twelve pages of a passage or two each; the revision rewrites page 7."""
    rng = random.Random(7)
    pages = [f"Chapter {n}. Gearbox G-{n:02d}: " + " ".join(rng.choice(WORDS) for _ in range(150))
             for n in range(1, 13)]
    if changed:
        pages[6] = ("Chapter 7. Gearbox G-07, revised: the oil is now synthetic PAO 220, "
                    "changed every 8000 running hours; flush once when converting.")
    return write_pdf(path, pages)


def test_a_manual_with_one_changed_page_embeds_only_its_changed_passages(counted, tmp_path):
    library, model = counted
    manual = _manual(tmp_path / "gearbox manual.pdf", changed=False)
    list(library.ingest([manual]))
    old = {p.embed_text for p in library.passages(library.documents()[0].doc_id)}
    assert len(model.texts) == len(old)
    model.texts.clear()
    _manual(manual, changed=True)
    done = [e for e in library.ingest([manual]) if isinstance(e, FileDone)]
    new = {p.embed_text for p in library.passages(done[0].doc_id)}
    assert 0 < len(new - old) < len(new) / 4
    assert sorted(model.texts) == sorted(new - old)
    hit = library.search("synthetic PAO 220 oil change interval", k=1)[0]
    assert (hit.file, hit.page) == ("gearbox manual.pdf", 7)


def test_a_log_of_one_repeated_line_is_a_handful_of_passages_and_embeddings(counted, tmp_path):
    """A page's passages that repeat one word for word are stored once (search finds pages):
    a 10 MB log of one line took 265 s of vector writes before, 22 s after
    (bench/repeated_log.py)."""
    library, model = counted
    log = tmp_path / "plc-2 fault log.txt"
    log.write_text(LOG_LINE * 4000, encoding="utf-8")  # 300 KB; bench/repeated_log.py: 10 MB
    done = [e for e in library.ingest([log]) if isinstance(e, FileDone)]
    assert done[0].chunks <= 3
    assert len(model.texts) == len(set(model.texts)) <= 3
    assert library.searchable_passages()[done[0].doc_id] == done[0].chunks
    assert library.search("C-7 motor overtemperature", k=1)[0].file == log.name


def test_the_cache_keeps_the_most_recently_used_entries(tmp_path):
    cache = EmbeddingCache(tmp_path)
    try:
        for number in range(5):
            cache.put("model", {bytes([number]): bytes(4)})
        cache.vectors("model", [bytes([0])])  # used again: newest now
        assert cache.keep_newest(2) == 3
        assert set(cache.vectors("model", [bytes([n]) for n in range(5)])) == \
            {bytes([0]), bytes([4])}
    finally:
        cache.close()


def test_a_damaged_cache_file_is_started_afresh(tmp_path):
    (tmp_path / "embedding_cache.sqlite3").write_bytes(b"not a database" * 100)
    cache = EmbeddingCache(tmp_path)
    try:
        cache.put("model", {b"key": b"vector"})
        assert cache.vectors("model", [b"key"]) == {b"key": b"vector"}
    finally:
        cache.close()
