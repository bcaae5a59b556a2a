"""The `ChatModel` of a local GGUF file: llama.cpp in a child process of its own.

llama.cpp runs in `models.llama_worker`'s process, so a native crash there (an instruction the
CPU does not run, a damaged or hostile GGUF) ends in a readable `ModelError` for the answer in
progress, nothing else is lost, and the next request starts a fresh process. The process starts
on first use (or `start()`, which the app's warm-up calls) and keeps the model loaded.

A reply is read from the process in a worker thread and handed over piece by piece
(`models.threaded_reply`), so `cancel()` returns control at once even while the model is still
reading a long prompt; the process stops at the next token.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any

from kernel.config import GeneratorSettings
from kernel.errors import ModelError
from kernel.reasons import Reason
from models.chat_model import GenerationStats
from models.gguf_parts import model_file
from models.llama_worker import serve
from models.threaded_reply import ThreadedReply

# How long a model may take to load before the app gives up on it.
_LOAD_TIMEOUT_S = 300.0
# The model process's name, so it can be told from the file reader's processes.
PROCESS_NAME = "laoshifu-answer-model"


class ModelProcessDied(ModelError):
    """The answer model's process ended in the middle of a request (a crash or a kill)."""


def _death_reason(exitcode: int | None, model_name: str) -> Reason:
    """What a technician can do about the way the model's process ended."""
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        name = signal.Signals(number).name if number in signal.valid_signals() else str(number)
        if number == signal.SIGILL:
            return Reason("model_cpu", {"signal": name})
        if number == signal.SIGKILL:
            return Reason("model_killed", {"signal": name})
        return Reason("model_crashed", {"signal": name, "model": model_name})
    return Reason("model_exited", {"status": str(exitcode)})


class _ModelProcess:
    """One running llama_worker process and the parent's end of its pipe."""

    def __init__(self, model_path: Path, settings: GeneratorSettings):
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        self.cancel = context.Event()
        self.process = context.Process(target=serve, name=PROCESS_NAME, daemon=True,
                                       args=(child_end, self.cancel, model_path, settings))
        self.process.start()
        child_end.close()  # so the parent sees EOF when the child dies
        self._model_name = model_path.name

    def alive(self) -> bool:
        return self.process.is_alive()

    def receive(self, timeout: float | None = None) -> tuple[str, Any]:
        """The next message, or `ModelProcessDied` when the process ended instead."""
        try:
            if timeout is not None and not self.conn.poll(timeout):
                raise ModelError("the answer model took too long to load. Choose a smaller "
                                 "model file, or put layers on the GPU in settings.")
            return self.conn.recv()
        except (EOFError, OSError):
            raise self.died() from None

    def send(self, message: tuple) -> None:
        try:
            self.conn.send(message)
        except (BrokenPipeError, OSError):
            raise self.died() from None

    def died(self) -> ModelProcessDied:
        self.process.join(5.0)
        return ModelProcessDied(_death_reason(self.process.exitcode, self._model_name))

    def stop(self) -> None:
        self.conn.close()
        self.process.join(2.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2.0)


class LlamaCppReply(ThreadedReply):
    """A `Reply` being written by the model process: iterate for text pieces; `cancel()`
    stops it at the process's next token."""

    def __init__(self, chat_model: LlamaCppProcess, prompt: list[int], stop: list[str],
                 max_tokens: int, stats: GenerationStats):
        super().__init__(stats)
        self._request = (chat_model, prompt, stop, max_tokens)
        self._model_cancel: EventType | None = None
        self._begin()

    def cancel(self) -> None:
        super().cancel()
        if self._model_cancel is not None:
            self._model_cancel.set()

    def _read(self) -> None:
        chat_model, prompt, stop, max_tokens = self._request
        with chat_model.busy:
            model = chat_model.process()
            self._model_cancel = model.cancel
            model.cancel.clear()
            if self.cancelled:
                return
            model.send(("generate", prompt, stop, max_tokens))
            while True:
                kind, value = chat_model.reply(model)
                if kind == "end":
                    return
                if kind == "cached":
                    self.stats.cached_tokens = int(value)
                elif kind == "token":
                    self._token(value)


class LlamaCppProcess:
    """The answer model (`ChatModel`): llama.cpp in a child process, started on first use."""

    def __init__(self, model_path: Path, settings: GeneratorSettings):
        self.model_path = model_path
        self.settings = settings
        self._model: _ModelProcess | None = None
        # One request at a time: a reply holds it until the process has finished with it.
        self.busy = threading.RLock()

    @property
    def name(self) -> str:
        return self.model_path.name

    @property
    def n_ctx(self) -> int:
        return self.settings.n_ctx

    @property
    def pid(self) -> int | None:
        """The model process's id while it runs (for diagnosis, and for the crash tests)."""
        model = self._model  # no lock: a reply in progress holds it
        return model.process.pid if model is not None and model.alive() else None

    def start(self) -> None:
        """Start the process and load the model now, so the first question does not wait."""
        with self.busy:
            self.process()

    def process(self) -> _ModelProcess:
        """The running model process, started (and the model loaded) when there is none."""
        with self.busy:
            if self._model is not None and self._model.alive():
                return self._model
            if self._model is not None:
                self._model.stop()
                self._model = None
            model = _ModelProcess(model_file(self.model_path), self.settings)
            try:
                kind, value = model.receive(_LOAD_TIMEOUT_S)
            except ModelProcessDied as died:
                model.stop()
                raise ModelError(f"{self.model_path.name} could not be loaded: the model "
                                 f"program crashed while reading it ({died.message}) Choose "
                                 "another model file.") from None
            except ModelError:
                model.stop()
                raise
            if kind == "error":
                model.stop()
                raise value
            self._model = model
            return model

    def reply(self, model: _ModelProcess) -> tuple[str, Any]:
        """The process's next message; an error it sent, or its death, is raised."""
        try:
            kind, value = model.receive()
        except ModelProcessDied:
            with self.busy:
                if self._model is model:
                    self._model = None
            raise
        if kind == "error":
            raise value
        return kind, value

    def _ask(self, *request: object) -> Any:
        with self.busy:
            model = self.process()
            model.send(request)
            return self.reply(model)[1]

    def count_tokens(self, text: str) -> int:
        return int(self._ask("count", text))

    def system_info(self) -> str:
        """What llama.cpp reports of itself: the CPU features it was built to use, backends."""
        return str(self._ask("system"))

    def render(self, messages: list[dict]) -> tuple[list[int], list[str]]:
        """The chat as the model's template writes it, tokenised, and its stop strings."""
        tokens, stop = self._ask("render", messages)
        return tokens, stop

    def prompt_tokens(self, messages: list[dict]) -> int:
        return len(self.render(messages)[0])

    def stream_chat(self, messages: list[dict], max_tokens: int = 256) -> LlamaCppReply:
        """Start the reply; greedy decoding with a repeat penalty."""
        prompt, stop = self.render(messages)
        if len(prompt) + max_tokens > self.n_ctx:
            raise ModelError(f"the question and its sources need {len(prompt)} tokens, more "
                             f"than the model's window of {self.n_ctx} allows. Ask a shorter "
                             "question or raise the context size in settings.")
        return LlamaCppReply(self, prompt, stop, max_tokens,
                          GenerationStats(prompt_tokens=len(prompt)))

    def close(self) -> None:
        """Stop the model process (it also ends with the app)."""
        with self.busy:
            if self._model is not None:
                self._model.stop()
                self._model = None
