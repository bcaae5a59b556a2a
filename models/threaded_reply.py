"""A reply read by a thread of its own and handed over piece by piece: what both chat backends
share (the model process's pipe, the answer server's stream).

The reader may be blocked for seconds (a model reading a long prompt, a server answering
someone else first), so the one iterating never waits on it directly: it polls a queue, which
lets `cancel()` return control at once and lets a backend keep deadlines while nothing comes.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator

from models.chat_model import GenerationStats

# How often the one iterating looks at the cancel flag while the reader is busy.
_POLL_S = 0.05
_END = object()


class ThreadedReply:
    """The `Reply` mechanics; a backend's subclass implements `_read` (and may add to `cancel`
    and `_idle`), then calls `_begin()` once its own fields are set."""

    def __init__(self, stats: GenerationStats, started: float | None = None):
        self.stats = stats
        self._started = time.monotonic() if started is None else started
        self._pieces: queue.Queue = queue.Queue()
        self._cancelled = threading.Event()
        self._worker = threading.Thread(target=self._run, daemon=True,
                                        name=f"laoshifu-{type(self).__name__}")

    def _begin(self) -> None:
        self._worker.start()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the reader has let go of the reply."""
        self._worker.join(timeout)
        return not self._worker.is_alive()

    def __iter__(self) -> Iterator[str]:
        while not self._cancelled.is_set():
            try:
                item = self._pieces.get(timeout=_POLL_S)
            except queue.Empty:
                self._idle()
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _idle(self) -> None:
        """Called while nothing has come for a poll interval; may raise to give up."""

    def _run(self) -> None:
        try:
            self._read()
        except Exception as error:  # handed to the one iterating, who reports it
            self._pieces.put(error)
        finally:
            self.stats.total_s = time.monotonic() - self._started
            self._pieces.put(_END)

    def _read(self) -> None:
        raise NotImplementedError

    def _token(self, text: str) -> None:
        """One generated token (its text may be empty): counted, timed and handed over."""
        if self.stats.first_token_s is None:
            self.stats.first_token_s = time.monotonic() - self._started
        self.stats.generated_tokens += 1
        if text:
            self._pieces.put(text)
