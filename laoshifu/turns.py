"""Whose turn it is to write a library's stores: one writer at a time, the newest first.

Every writer (an ingest, a removal, a setting) takes the turn, so the catalog, the keyword index
and the vector store are only ever written by one thread at a time. An ingest of a 600-page
manual needs the turn for minutes; a note saved or a small file dropped meanwhile must not
wait for all of it. So the turn goes to the newest writer waiting, and a long writer lends it
out at its step boundaries: `step_aside` between its steps and files, `wait_aside` while it
only waits for its search model to finish a step (it writes nothing then). The newer work runs
whole (it may itself lend the turn to work newer still), and the older writer takes the turn
back with its old place in the line, so it goes on before anything that came after it.

What interleaves is whole steps, never two writes: the stores see one thread at a time.
Newest first means a steady stream of new work keeps older work waiting; that is what is
wanted (a week's notes before a vendor's back catalogue), and every waiting writer goes on as
soon as the stream pauses.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class WriterTurns:
    """The turn of one library's writers. Re-entrant: the thread holding it may take it again
    (the thread reading an ingest's events may remove a document)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._holder: int | None = None  # thread id
        self._place = 0  # the holder's place in the line: higher is newer
        self._depth = 0
        self._waiting: set[int] = set()  # places of the writers waiting
        self._places = itertools.count(1)

    @contextmanager
    def hold(self) -> Iterator[None]:
        me = threading.get_ident()
        with self._changed:
            if self._holder == me:
                self._depth += 1
            else:
                self._take(me, next(self._places), 1)
        try:
            yield
        finally:
            with self._changed:
                if self._holder != me:
                    raise RuntimeError("a writer's turn was left by a thread that did not hold it")
                self._depth -= 1
                if not self._depth:
                    self._holder = None
                    self._changed.notify_all()

    @contextmanager
    def hold_if_free(self) -> Iterator[bool]:
        """The turn only if no writer holds it or waits for it; yields whether it was taken.
        For background work that must never queue behind an ingest (the shared store's mirror
        round): it simply tries again later."""
        me = threading.get_ident()
        with self._changed:
            free = self._holder is None and not self._waiting
            if free:
                self._holder, self._place, self._depth = me, next(self._places), 1
        if not free:
            yield False
            return
        try:
            yield True
        finally:
            with self._changed:
                self._depth -= 1
                if not self._depth:
                    self._holder = None
                    self._changed.notify_all()

    def step_aside(self) -> None:
        """At a step boundary of the holder: writers that came after it go first, then it has
        the turn again. Nothing to do when none waits or the caller does not hold the turn."""
        with self._changed:
            if self._holder == threading.get_ident() and self._newer_waiting():
                self._lend()

    def wait_aside(self, future: Future[T]) -> T:
        """`future`'s result; while it is being computed, newer writers have the turn."""
        if self._holder != threading.get_ident():
            return future.result()
        future.add_done_callback(self._wake)
        with self._changed:
            while not future.done():
                if self._newer_waiting():
                    self._lend()
                else:
                    self._changed.wait()
        return future.result()

    def _wake(self, _: object) -> None:
        with self._changed:
            self._changed.notify_all()

    def _newer_waiting(self) -> bool:
        return any(place > self._place for place in self._waiting)

    def _lend(self) -> None:
        """Give the turn to the newer writers and wait for it again, in the same place."""
        place, depth = self._place, self._depth
        self._holder = None
        self._take(threading.get_ident(), place, depth)

    def _take(self, me: int, place: int, depth: int) -> None:
        self._waiting.add(place)
        self._changed.notify_all()  # a holder waiting on its search model hears of newer work
        while self._holder is not None or place != max(self._waiting):
            self._changed.wait()
        self._waiting.discard(place)
        self._holder, self._place, self._depth = me, place, depth
