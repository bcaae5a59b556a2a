"""Passage vectors computed one step ahead of their storage, on a thread of their own.

Ingest embeds a document's passages in steps and stores each step before it reports it. Done
in turn, the search model waits while a step is written to the vector store and the keyword
index (Chroma's native write holds the interpreter, but ONNX Runtime lets it go while it runs),
and the writes wait for the model. Here the next step is embedded while the current one is
stored, so the two overlap. Only vectors are made on this thread: every write stays with the
thread that runs the ingest, in the order it always had.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

from kernel.types import Chunk
from models.dense_encoder import DenseEncoder


class EmbedAhead:
    """The vectors of `steps`, in order; the first step starts embedding on construction, so
    work done before iterating (the keyword index's writes) overlaps it too. Use as a context
    manager: leaving it early (an ingest stopped, a failure) waits for the step in progress
    and drops the rest, so no embedding outlives its ingest. `wait` waits for a step's vectors
    (the library's lets newer writers write meanwhile: laoshifu.turns)."""

    def __init__(self, encoder: DenseEncoder, steps: Sequence[Sequence[Chunk]],
                 wait: Callable[[Future[list[list[float]]]], list[list[float]]] = Future.result,
                 ) -> None:
        self._encoder = encoder
        self._steps = steps
        self._wait = wait
        # Threads started by the ingest's thread inherit its CPU priority (the window lowers
        # its workers'), so the search model here stays background work as before.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed-ahead")
        self._started = 0
        self._pending: deque[Future[list[list[float]]]] = deque()
        self._start_next()

    def _start_next(self) -> None:
        """Queue the next step behind the one running, so the model never waits for a write."""
        if self._started < len(self._steps):
            texts = [chunk.embed_text for chunk in self._steps[self._started]]
            self._pending.append(self._pool.submit(self._encoder.embed, texts))
            self._started += 1

    def __iter__(self) -> Iterator[tuple[Sequence[Chunk], list[list[float]]]]:
        for step in self._steps:
            self._start_next()
            yield step, self._wait(self._pending.popleft())

    def __enter__(self) -> EmbedAhead:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
