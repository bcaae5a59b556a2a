"""The sentences answers read are embedded before the questions come: a question about a
prepared manual waits for no sentence's embedding, gets the same answer it would have got
without, and the window prepares a new manual by itself once the library is quiet."""

from __future__ import annotations

import shutil
import time

import pytest

from index.embedding_cache import SENTENCES_FILE_NAME, EmbeddingCache
from kernel.config import LibrarySettings
from laoshifu import sentences_ahead
from laoshifu.composition import SearchModels, open_library
from tests.test_embedding_cache import CountingEncoder

QUESTION = "The pump vibrates after I changed the bearing, what should I check?"


@pytest.fixture
def open_counted(search_models, chat_model):
    """Opens a library whose search model counts the texts it embeds."""
    opened = []

    def open_(folder):
        encoder = CountingEncoder(search_models.encoder)
        models = SearchModels(token_counter=search_models.token_counter, encoder=encoder)
        library = open_library(LibrarySettings(folder), models=models, answers=chat_model)
        opened.append(library)
        return library, encoder

    yield open_
    for library in opened:
        library.close()


def test_a_prepared_manual_is_answered_without_embedding_its_sentences(
        open_counted, pump_manual, tmp_path):
    library, _ = open_counted(tmp_path / "prepared")
    list(library.ingest([pump_manual]))
    library.close()
    shutil.copytree(tmp_path / "prepared", tmp_path / "unprepared")

    library, _ = open_counted(tmp_path / "prepared")
    assert [record.file for record in library.prepare_answers()] == [pump_manual.name]
    assert list(library.prepare_answers()) == []  # done once
    library.close()

    prepared, encoder = open_counted(tmp_path / "prepared")
    answer = prepared.ask(QUESTION, with_model=False).result()
    assert encoder.texts == []
    unprepared, cold = open_counted(tmp_path / "unprepared")
    expected = unprepared.ask(QUESTION, with_model=False).result()
    assert cold.texts  # without preparation the question's candidates are embedded
    assert "0.05 mm" in answer.text
    assert answer.text == expected.text


def test_a_quiet_library_prepares_a_new_manual_by_itself(open_counted, pump_manual, tmp_path,
                                                         monkeypatch):
    monkeypatch.setattr(sentences_ahead, "QUIET_S", 0.5)
    library, encoder = open_counted(tmp_path / "library")
    list(library.ingest([pump_manual]))
    store = EmbeddingCache(tmp_path / "library", SENTENCES_FILE_NAME)
    try:
        deadline = time.monotonic() + 60
        while not store.complete(encoder.name) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(store.complete(encoder.name)) == 1
    finally:
        store.close()
    assert list(library.prepare_answers()) == []
    embedded = len(encoder.texts)
    assert "0.05 mm" in library.ask(QUESTION, with_model=False).result().text
    assert len(encoder.texts) == embedded


def test_a_library_in_use_prepares_nothing(open_counted, pump_manual, tmp_path, monkeypatch):
    monkeypatch.setattr(sentences_ahead, "QUIET_S", 3.0)
    library, encoder = open_counted(tmp_path / "library")
    list(library.ingest([pump_manual]))
    ingested = len(encoder.texts)
    for _ in range(3):  # a technician asking one question after another
        library.ask(QUESTION, with_model=False).result()
        time.sleep(1.0)
    asked = len(encoder.texts)
    time.sleep(2 * sentences_ahead.POLL_S)
    assert len(encoder.texts) == asked > ingested  # only the first question's candidates
    assert [record.file for record in library.prepare_answers()] == [pump_manual.name]


def test_a_manual_read_again_is_prepared_again(open_counted, pump_manual, tmp_path):
    # Read again (to retry OCR, or with a better reader), its pages' text may differ: what
    # was prepared from the old text does not count as done.
    library, _ = open_counted(tmp_path / "library")
    list(library.ingest([pump_manual]))
    assert [record.file for record in library.prepare_answers()] == [pump_manual.name]
    list(library.reindex(pump_manual.name))
    assert [record.file for record in library.prepare_answers()] == [pump_manual.name]
