"""Shared fixtures. Every test gets its own library folder through $LAOSHIFU_DATA; the real
models are loaded once per test session and shared, since loading is what takes seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.config import (
    DATA_ENV,
    default_embedder_path,
    default_generator_path,
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
    from models.embedder import Embedder

    return Embedder(default_embedder_path())


@pytest.fixture(scope="session")
def chat_model():
    from models.llama_cpp import LlamaCppProcess

    chat_model = LlamaCppProcess(default_generator_path())
    yield chat_model
    chat_model.close()


@pytest.fixture
def library(data_dir, embedder, chat_model):
    from laoshifu.library import Library

    opened = Library(data_dir, embedder=embedder, chat_model=chat_model)
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
