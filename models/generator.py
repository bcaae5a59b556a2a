"""Local answer generation through llama.cpp (llama-cpp-python), in process.

The model loads on first use and stays loaded. The chat prompt is rendered here with the
model's own template (from its GGUF metadata) and tokenised once, so the caller knows exactly
how many tokens it costs and how many llama.cpp reuses from the previous call: the key/value
cache keeps the longest common prefix, so fixed instructions placed first are paid for once.

A reply is produced in a worker thread and handed over piece by piece, so `cancel()` returns
control at once even while the model is still reading a long prompt; the worker stops at the
next token.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from laoshifu.config import GeneratorSettings
from laoshifu.errors import ModelError

REPEAT_PENALTY = 1.3
# How often a waiting reader looks at the cancel flag while the worker is busy.
_POLL_S = 0.05
_END = object()


@dataclass
class GenerationStats:
    """What one reply cost: prompt size, what the cache saved, first-token time and speed."""

    prompt_tokens: int = 0
    cached_tokens: int = 0
    generated_tokens: int = 0
    first_token_s: float | None = None
    total_s: float | None = None

    @property
    def tokens_per_s(self) -> float | None:
        if self.first_token_s is None or not self.total_s or self.generated_tokens < 2:
            return None
        decoding = self.total_s - self.first_token_s
        return (self.generated_tokens - 1) / decoding if decoding > 0 else None


class Generation:
    """A reply being written by the model: iterate for text pieces; `cancel()` stops it."""

    def __init__(self, generator: Generator, prompt: list[int], stop: list[str],
                 max_tokens: int, stats: GenerationStats):
        self.stats = stats
        self._pieces: queue.Queue = queue.Queue()
        self._cancelled = threading.Event()
        self._started = time.monotonic()
        self._worker = threading.Thread(
            target=self._run, args=(generator, prompt, stop, max_tokens), daemon=True,
            name="laoshifu-generation")
        self._worker.start()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the model has stopped working on this reply."""
        self._worker.join(timeout)
        return not self._worker.is_alive()

    def __iter__(self) -> Iterator[str]:
        while not self._cancelled.is_set():
            try:
                item = self._pieces.get(timeout=_POLL_S)
            except queue.Empty:
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _run(self, generator: Generator, prompt: list[int], stop: list[str],
             max_tokens: int) -> None:
        try:
            with generator.busy:
                llama = generator.llama
                self.stats.cached_tokens = _common_prefix(llama.input_ids[:llama.n_tokens],
                                                          prompt)
                stream = llama.create_completion(
                    prompt, max_tokens=max_tokens, temperature=0.0,
                    repeat_penalty=REPEAT_PENALTY, stop=stop, stream=True)
                try:
                    for part in stream:
                        if self._cancelled.is_set():
                            break
                        choice = part["choices"][0]
                        if choice.get("finish_reason") and not choice["text"]:
                            break  # the closing chunk: no token
                        self._record_token()
                        if choice["text"]:
                            self._pieces.put(choice["text"])
                finally:
                    stream.close()
        except (ValueError, RuntimeError) as error:
            self._pieces.put(ModelError(f"the answer model stopped with an error ({error}). "
                                        "Ask again, or choose another model file."))
        finally:
            self.stats.total_s = time.monotonic() - self._started
            self._pieces.put(_END)

    def _record_token(self) -> None:
        if self.stats.first_token_s is None:
            self.stats.first_token_s = time.monotonic() - self._started
        self.stats.generated_tokens += 1


def _common_prefix(cached, prompt: list[int]) -> int:
    count = 0
    for old, new in zip(cached, prompt, strict=False):
        if old != new:
            break
        count += 1
    return count


class Generator:
    def __init__(self, model_path: Path, settings: GeneratorSettings | None = None):
        self.model_path = model_path
        self.settings = settings or GeneratorSettings.from_env()
        self._llama = None
        self._formatter = None
        self._load_lock = threading.Lock()
        # llama.cpp contexts are not thread-safe: one reply (or tokenisation) at a time.
        self.busy = threading.RLock()

    @property
    def n_ctx(self) -> int:
        return self.settings.n_ctx

    @property
    def llama(self):
        with self._load_lock:
            if self._llama is None:
                self._llama, self._formatter = self._load()
        return self._llama

    def _load(self):
        if not self.model_path.is_file():
            raise ModelError(f"the answer model file {self.model_path} does not exist. Choose a "
                             "local .gguf file in settings or with --model.")
        from llama_cpp import Llama, llama_chat_format

        try:
            llama = Llama(model_path=str(self.model_path), n_ctx=self.settings.n_ctx,
                          n_threads=self.settings.n_threads,
                          n_gpu_layers=self.settings.n_gpu_layers, verbose=False)
        except (ValueError, RuntimeError) as error:
            raise ModelError(f"{self.model_path.name} could not be loaded as a GGUF model "
                             f"({error}). Choose another model file.") from error
        template = llama.metadata.get("tokenizer.chat_template")
        if not template:
            return llama, llama_chat_format.format_chatml
        token_text = llama._model.token_get_text
        eos, bos = llama.token_eos(), llama.token_bos()
        return llama, llama_chat_format.Jinja2ChatFormatter(
            template=template, eos_token=token_text(eos) if eos != -1 else "",
            bos_token=token_text(bos) if bos != -1 else "", stop_token_ids=[eos])

    def count_tokens(self, text: str) -> int:
        with self.busy:
            return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def render(self, messages: list[dict]) -> tuple[list[int], list[str]]:
        """The chat as the model's template writes it, tokenised, and its stop strings."""
        llama = self.llama
        rendered = self._formatter(messages=messages)
        with self.busy:
            tokens = llama.tokenize(rendered.prompt.encode("utf-8"),
                                    add_bos=not rendered.added_special, special=True)
        stop = rendered.stop if isinstance(rendered.stop, list) else [rendered.stop or ""]
        return tokens, [s for s in stop if s]

    def stream_chat(self, messages: list[dict], max_tokens: int = 256) -> Generation:
        """Start the reply; greedy decoding with a repeat penalty (small models otherwise loop
        on one sentence)."""
        prompt, stop = self.render(messages)
        if len(prompt) + max_tokens > self.n_ctx:
            raise ModelError(f"the question and its sources need {len(prompt)} tokens, more "
                             f"than the model's window of {self.n_ctx} allows. Ask a shorter "
                             "question or raise the context size in settings.")
        return Generation(self, prompt, stop, max_tokens,
                          GenerationStats(prompt_tokens=len(prompt)))
