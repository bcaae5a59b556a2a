"""The open library behind the window: opening and reopening it, its watched folders, warming
its models. Everything that touches the disk or a model runs through `run_task`.

Opening, closing and watching go through one single-thread pool so they happen in the order the
user asked. The library's writes (ingest, re-index, remove) run side by side on a pool of their
own: the library lets one write at a time and gives the newest the turn at the next step
boundary (laoshifu.turns), so a file dropped while a long manual is being added is searchable
in seconds instead of after the manual. Searches and answers use the global pool and never
wait behind an ingest.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from desktop.workers import Task, run_task
from kernel.config import LibrarySettings
from kernel.errors import ModelError
from laoshifu.composition import open_library
from laoshifu.library import Library
from laoshifu.watcher import FolderWatcher

LibraryFactory = Callable[[LibrarySettings], Library]
WARM_SEARCH, WARM_ANSWER, WARM_READY = "search", "answer", "ready"
WARM_NO_ANSWERS = "no answers"  # ready to search; the answer model (or server) is unusable
# Library writes that may wait for their turn at once; more queue behind them in drop order.
WRITES_AT_ONCE = 8


def _warm(library: Library) -> Iterator[str]:
    """Load the models in the order the user needs them: search first, then answers.

    The dictionaries and models loaded here are millions of objects that live as long as the
    library. While they load, every full garbage collection walks all of them holding the
    interpreter (55-86 ms measured, on top of the loads); afterwards the collector would keep
    walking them in the middle of ingests. So collection pauses during the warm-up, and what
    it loaded is frozen out of the collector's view."""
    gc.disable()
    try:
        yield WARM_SEARCH
        # A Chinese query loads, besides the search model and the vector store's native code,
        # jieba's dictionary and the Chinese-English one: they hold the interpreter for up to
        # ~0.3 s at a time while they load, which must not happen in the middle of an ingest
        # or a search.
        library.search("warm up 预热", k=1)
        yield WARM_ANSWER
        try:
            library.chat_model.start()  # the model's own process loaded, or the server asked
            answers = WARM_READY
        except ModelError:  # search still works; each question shows why there is no answer
            answers = WARM_NO_ANSWERS
        library.token_counter.count_tokens("warm up")  # sizes passages of the next ingest
        gc.freeze()
    finally:
        gc.enable()
    yield answers


class LibrarySession(QObject):
    opened = Signal(object)  # Library
    failed = Signal(str)
    warming = Signal(str)  # WARM_* stage
    ingest_event = Signal(object)  # from an ingest, a re-index or a watched folder
    writing = Signal(bool)  # whether ingests or re-indexes the user started are running
    watch_failed = Signal(str)

    def __init__(self, factory: LibraryFactory | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._factory = factory or open_library
        self.library: Library | None = None
        self._watcher: FolderWatcher | None = None
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self.library_writes = QThreadPool(self)
        self.library_writes.setMaxThreadCount(WRITES_AT_ONCE)
        self._warm_task: Task | None = None
        self._writes: set[Task] = set()
        # The library the last (re)open made, set on the worker thread: a window closed while
        # it opened has not been handed it yet (`opened` is on its way to the UI thread).
        self._made: Library | None = None
        self._closed = False

    def open(self, settings: LibrarySettings, watched: list[Path] | None = None) -> None:
        """Close what is open (if anything), then open the library `settings` describe;
        `watched`, folders chosen with those settings, are remembered in it as it opens, so
        they are kept even when the window closes before it is open."""
        previous, self.library = self.library, None
        warming = self._warm_task
        self._stop_warming()

        def reopen() -> Library:
            self._stop_watching()
            self.library_writes.waitForDone()  # the writes already given to `previous`
            if warming is not None:
                warming.wait()  # its search in progress reads `previous`'s stores
            if previous is not None:
                previous.close()  # and the model process it started
            self._made = library = self._factory(settings)
            if watched is not None and not library.read_only:
                library.watched_folders = watched
            return library

        run_task(reopen, on_result=self._on_opened, on_error=self.failed.emit,
                 pool=self.write_pool)

    def _on_opened(self, library: Library) -> None:
        if self._closed:
            return  # the window closed while it opened, and `close` closed it
        self.library = library
        self.opened.emit(library)
        self._warm_task = run_task(_warm, library, on_progress=self.warming.emit,
                                   on_error=self.failed.emit)
        self.watch(None)

    def _stop_warming(self) -> None:
        if self._warm_task is not None:
            self._warm_task.cancel()
            self._warm_task = None

    def watch(self, folders: list[Path] | None) -> None:
        """Watch `folders` (remembered in the library), or the library's remembered folders."""
        library = self.library
        if library is None:
            return

        def restart() -> list[str]:
            self._stop_watching()
            if folders is not None:
                library.watched_folders = folders
            present = [f for f in library.watched_folders if f.is_dir()]
            if present:
                watcher = FolderWatcher(library, present, on_event=self.ingest_event.emit)
                watcher.start()
                self._watcher = watcher
            return [str(f) for f in library.watched_folders if f not in present]

        run_task(restart, on_result=self._report_missing, on_error=self.watch_failed.emit,
                 pool=self.write_pool)

    def _report_missing(self, missing: list[str]) -> None:
        if missing:
            self.watch_failed.emit(self.tr("These watched folders cannot be reached and are "
                                           "not watched: {0}. Check the drive or the network "
                                           "connection.").format(", ".join(missing)))

    def _stop_watching(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()

    def write(self, fn: Callable, *args, on_finished: Callable | None = None,
              on_result: Callable | None = None,
              on_error: Callable[[str], None] | None = None) -> None:
        """Run a library write (an ingest-event generator, or a plain call) beside the others:
        the library gives them the turn newest first; its events arrive as `ingest_event`, its
        failure as `failed` unless the caller shows it itself (`on_error`, e.g. in the form
        that asked)."""
        task = run_task(fn, *args, pool=self.library_writes, on_progress=self.ingest_event.emit,
                        on_result=on_result, on_error=on_error or self.failed.emit,
                        on_finished=on_finished)
        self._writes.add(task)
        task.signals.finished.connect(lambda: self._write_done(task))
        self.writing.emit(True)

    def _write_done(self, task: Task) -> None:
        self._writes.discard(task)
        if not self._writes:
            self.writing.emit(False)

    def stop_writes(self) -> None:
        """Stop after the current step: finished documents stay, the interrupted one is
        finished by the next ingest."""
        for task in self._writes:
            task.cancel()

    def close(self) -> None:
        """Stop watching and close the stores; waits for running work (used on quit), a
        reopen in progress included."""
        self._closed = True
        self._stop_warming()
        self.stop_writes()
        self._stop_watching()
        self.write_pool.clear()
        self.write_pool.waitForDone()
        self.library_writes.clear()
        self.library_writes.waitForDone()
        QThreadPool.globalInstance().waitForDone()
        library = self.library or self._made
        if library is not None:
            library.close()
        self.library = self._made = None
