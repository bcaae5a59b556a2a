"""The chat-model seam: what the answer pipeline needs of a model that writes.

Two implementations: llama.cpp in a child process of the app (`models.llama_cpp`), and a
llama.cpp server answering for a whole plant (`models.openai_server`). The asker and the library
are typed against these Protocols, and `tests/contracts/test_chat_model.py` runs the same tests
against every implementation: streaming, cancel within half a second, the window overflow
error, and what a reply cost.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

# Answers are decoded greedily with this repeat penalty, whichever backend writes them: small
# models otherwise loop on one sentence.
REPEAT_PENALTY = 1.3


@dataclass
class GenerationStats:
    """What one reply cost: prompt size, what the cache saved, first-token time and speed.

    `cached_tokens` is None when the backend does not say (`python -m llama_cpp.server`)."""

    prompt_tokens: int = 0
    cached_tokens: int | None = 0
    generated_tokens: int = 0
    first_token_s: float | None = None
    total_s: float | None = None

    @property
    def tokens_per_s(self) -> float | None:
        if self.first_token_s is None or not self.total_s or self.generated_tokens < 2:
            return None
        decoding = self.total_s - self.first_token_s
        return (self.generated_tokens - 1) / decoding if decoding > 0 else None


@runtime_checkable
class Reply(Protocol):
    """A reply being written: iterate for text pieces (a `ModelError` is raised from the
    iteration when the model fails); `cancel()` returns at once and stops the model soon."""

    stats: GenerationStats

    def __iter__(self) -> Iterator[str]: ...

    def cancel(self) -> None: ...

    @property
    def cancelled(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool:
        """True once the model has stopped working on this reply."""


@runtime_checkable
class ChatModel(Protocol):
    """A model that answers chat messages, streaming; it loads on first use or `start()`."""

    @property
    def name(self) -> str:
        """Which model this is, for messages and the self-test."""

    @property
    def n_ctx(self) -> int:
        """The model's window in tokens: prompt and reply together."""

    def start(self) -> None: ...

    def count_tokens(self, text: str) -> int: ...

    def prompt_tokens(self, messages: list[dict]) -> int:
        """What the chat costs as the model reads it, its chat template included."""

    def stream_chat(self, messages: list[dict], max_tokens: int = 256) -> Reply:
        """Start a reply; `ModelError` at once when the prompt does not fit the window."""

    def system_info(self) -> str:
        """What the runtime reports of itself (CPU features, backends), for diagnosis."""

    def close(self) -> None: ...
