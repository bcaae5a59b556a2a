"""The one way long work leaves the UI thread.

`run_task(fn, ...)` runs `fn` on a thread pool. If `fn` returns a generator, each yielded item
arrives as `on_progress`; the return value (or the generator's end) arrives as `on_result`; a
`LaoshifuError` arrives as its readable message on `on_error` (in the UI language when it
carries a reason), any other exception as a short message that never shows a traceback. All
callbacks run on the UI thread. `Task.cancel()` stops a generator task before its next item,
closing the generator so its cleanup runs.
"""

from __future__ import annotations

import inspect
import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.reason_text import error_text
from kernel.config import lower_thread_priority
from kernel.errors import LaoshifuError

log = logging.getLogger(__name__)

# How long a worker running Python keeps the interpreter while the UI thread waits for it.
# Python's default (5 ms) is paid again on every Qt call the UI thread makes, as each call
# lets the interpreter go: adding one row of widgets took 160 ms beside a worker cleaning text.
UI_SWITCH_SECONDS = 0.001


def hand_the_interpreter_to_the_window_first() -> None:
    """Make workers give the interpreter back to the waiting UI thread within 1 ms."""
    sys.setswitchinterval(UI_SWITCH_SECONDS)


# Tasks stay referenced until their last signal is delivered; otherwise Python could collect the
# signals object while its queued results are still on their way to the UI thread.
_running: set[Task] = set()


class _Signals(QObject):
    progress = Signal(object)
    result = Signal(object)
    error = Signal(str)
    finished = Signal()


class Task(QRunnable):
    """A unit of background work; its signals object lives on the UI thread, so every
    connected callback is delivered there."""

    def __init__(self, fn: Callable[..., Any], *args: Any):
        super().__init__()
        self._fn = fn
        self._args = args
        self._cancelled = threading.Event()
        self._done = threading.Event()
        self.signals = _Signals()

    def cancel(self) -> None:
        self._cancelled.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block a worker thread (never the UI thread) until the task has run; True when it
        has. A cancelled generator stops only between items, so the item being made still
        uses what the task was given."""
        return self._done.wait(timeout)

    def run(self) -> None:
        lower_thread_priority()  # yield the CPU to the window
        try:
            value = self._fn(*self._args)
            if inspect.isgenerator(value):
                for item in value:
                    if self._cancelled.is_set():
                        value.close()
                        break
                    self.signals.progress.emit(item)
                value = None
            self.signals.result.emit(value)
        except LaoshifuError as error:
            self.signals.error.emit(error_text(error))
        except Exception as error:
            log.exception("background task failed")
            self.signals.error.emit(f"Something went wrong: {error}")
        finally:
            self._done.set()
            self.signals.finished.emit()


def run_task(fn: Callable[..., Any], *args: Any, on_result: Callable | None = None,
             on_error: Callable[[str], None] | None = None,
             on_progress: Callable | None = None, on_finished: Callable | None = None,
             pool: QThreadPool | None = None) -> Task:
    task = Task(fn, *args)
    for signal, slot in ((task.signals.result, on_result), (task.signals.error, on_error),
                         (task.signals.progress, on_progress),
                         (task.signals.finished, on_finished)):
        if slot is not None:
            signal.connect(slot)
    _running.add(task)
    task.signals.finished.connect(lambda: _running.discard(task))
    (pool or QThreadPool.globalInstance()).start(task)
    return task
