"""Shared fixtures. Every test gets its own library folder through $LAOSHIFU_DATA; the real
models are loaded once per test session and shared, since loading is what takes seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.config import (
    DATA_ENV,
    LibrarySettings,
    bundled_minilm_path,
    enforce_offline,
)

enforce_offline()

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
DEV_QUESTIONS = SHARED / "eval" / "dev_questions.jsonl"


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="run the reliability tests at full size (kill loop of 24, whole "
                          "5,000-page ingest); `make test` runs them smaller")


@pytest.fixture
def slow(request) -> bool:
    """True under --slow: long reliability runs at full size."""
    return request.config.getoption("--slow")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "library"
    monkeypatch.setenv(DATA_ENV, str(folder))
    return folder


@pytest.fixture(scope="session")
def embedder():
    """The bundled MiniLM as a sentence-transformers model (what LAOSHIFU_EMBEDDER chooses)."""
    from models.embedder import Embedder

    return Embedder(bundled_minilm_path())


@pytest.fixture(scope="session")
def search_models(tmp_path_factory):
    """The default search models, as the app wires them, loaded once for every library."""
    from laoshifu.composition import search_models

    return search_models(LibrarySettings(tmp_path_factory.mktemp("unused")))


@pytest.fixture(scope="session")
def chat_model(tmp_path_factory):
    """The default answer model, as the app wires it; its process is shared by the tests."""
    from laoshifu.composition import chat_model

    chat_model = chat_model(LibrarySettings(tmp_path_factory.mktemp("unused")))
    yield chat_model
    chat_model.close()


@pytest.fixture(scope="session")
def answer_server_process(tmp_path_factory):
    """A real llama.cpp answer server (`python -m llama_cpp.server`, bundled GGUF, an API key)
    on 127.0.0.1, shared by the session's server-mode tests and stopped at the end."""
    from tests.servers import AnswerServer, require_answer_server

    require_answer_server()
    server = AnswerServer(tmp_path_factory.mktemp("answer-server") / "server.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def answer_server(answer_server_process, tmp_path_factory):
    """The answer model of server mode, as the app wires it from its settings."""
    from laoshifu.composition import chat_model

    settings = LibrarySettings(tmp_path_factory.mktemp("unused"),
                               answer_server=answer_server_process.url,
                               answer_key=answer_server_process.key)
    model = chat_model(settings)
    yield model
    model.close()


@pytest.fixture(scope="session")
def vector_server_process(tmp_path_factory):
    """A real Chroma server (`chroma run`) on 127.0.0.1 and a temporary folder, shared by the
    session's server-mode tests and stopped at the end."""
    from tests.servers import VectorServer, chroma_command

    chroma_command()
    folder = tmp_path_factory.mktemp("vector-server")
    server = VectorServer(folder / "server.log", folder / "data")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def open_at(search_models, chat_model):
    """Opens the library in a folder as the app does, sharing the session's models (the
    in-process answer model unless `answers` is another)."""
    from laoshifu.composition import open_library

    def open_(folder: Path, answers=None):
        return open_library(LibrarySettings(folder), models=search_models,
                            answers=answers or chat_model)

    return open_


def build_library(folder: Path, open_at, originals: Path, documents: int) -> Path:
    """A closed library at `folder` holding `originals` (a file or folder) as `documents`
    documents: built once by a module's fixture, then copied for each test, which is far
    cheaper than embedding them again."""
    from kernel.events import FileDone

    library = open_at(folder)
    try:
        done = [e for e in library.ingest([originals]) if isinstance(e, FileDone)]
    finally:
        library.close()
    assert len(done) == documents
    return folder


@pytest.fixture
def library(data_dir, open_at):
    opened = open_at(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def pump_manual(tmp_path) -> Path:
    from tests.documents import PUMP_MANUAL, write_pdf

    return write_pdf(tmp_path / "P-101 pump manual.pdf", PUMP_MANUAL)


def require_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}: clone with ../shared beside the repo "
                    "to run the corpus tests")
