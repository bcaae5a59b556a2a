"""Parse untrusted files in a worker process with a time limit and a memory limit.

Manuals come from anywhere; one pathological PDF (a decompression bomb, a cyclic object graph,
a parser bug) must not hang or crash the app. pebble's process pool runs each parse in a
separate process, kills it when the time limit passes, and starts a fresh worker for the next
file. The worker's address space is capped, so a file that would need gigabytes fails with a
clear message instead of pushing the PC into swap.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import NamedTuple

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from ingest.loaders import load_document
from kernel.errors import DamagedDocumentError, IngestError
from kernel.reasons import Reason
from kernel.types import ParsedDocument

# Address space, not resident memory: onnxruntime (OCR) reserves far more than it touches and
# failed with std::bad_alloc under 2 GiB on a real manual page. 4 GiB still stops a file that
# inflates to many gigabytes.
DEFAULT_MEMORY_MB = 4096
# Seconds the reader may sit idle before it is stopped: after an ingest it holds ~450 MB (the
# OCR engine and the last file's buffers) that searching does not need; a minute keeps it for
# the next file of a watched folder or a second drop.
IDLE_SECONDS = 60.0
# Seconds a file may take: a base, plus time for its size (scans are large and need OCR).
BASE_SECONDS = 120
SECONDS_PER_MB = 20


def _limit_memory(megabytes: int) -> None:
    """Runs in the worker before any parsing: cap its address space (POSIX only).

    Its CPU priority is left as it comes: the worker starts with that of the thread that first
    asks for a file, which in the window is a worker already lowered below the window
    (desktop/workers.py). Lowering it once more (to nice 19 there, 10 from the command line)
    starved it beside the search model it feeds, which then waited for every scanned page.
    """
    if sys.platform.startswith("win"):
        return
    import resource

    limit = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from kernel.config import enforce_offline

    enforce_offline()


def _first_line(error: Exception) -> str:
    """Worker errors arrive with the remote traceback appended; a user needs the gist."""
    text = str(error).strip().splitlines()
    return text[0][:160] if text else "no detail"


def _parse(path: Path) -> ParsedDocument:
    try:
        return load_document(path)
    except MemoryError as error:
        raise DamagedDocumentError(Reason("reader_out_of_memory"), path=path) from error


def time_limit(path: Path) -> float:
    return BASE_SECONDS + SECONDS_PER_MB * path.stat().st_size / 2**20


class PendingParse(NamedTuple):
    path: Path
    seconds: float
    future: ProcessFuture


class SandboxedParser:
    """A one-worker process pool that outlives single files, so the OCR engine loads once, and
    stops after `idle_seconds` without work, so its memory goes back once ingest is over."""

    def __init__(self, memory_mb: int = DEFAULT_MEMORY_MB, idle_seconds: float = IDLE_SECONDS):
        self._memory_mb = memory_mb
        self._idle_seconds = idle_seconds
        self._pool: ProcessPool | None = None
        # Guards the pool against the idle timer, which stops it from its own thread.
        self._lock = threading.Lock()
        self._running = 0  # parses scheduled and not yet finished
        self._idle_timer: threading.Timer | None = None

    def _ensure_pool(self) -> ProcessPool:
        if self._pool is None:
            self._pool = ProcessPool(
                max_workers=1, initializer=_limit_memory, initargs=(self._memory_mb,),
                context=multiprocessing.get_context("spawn"))
        return self._pool

    def parse(self, path: Path, timeout: float | None = None) -> ParsedDocument:
        return self.result(self.schedule(path, timeout))

    def schedule(self, path: Path, timeout: float | None = None) -> PendingParse:
        """Start reading `path` in the worker and return at once: ingest reads the next file
        while the current one is being embedded."""
        seconds = timeout if timeout is not None else time_limit(path)
        with self._lock:
            self._stop_idle_timer()
            future = self._ensure_pool().schedule(_parse, args=(path,), timeout=seconds)
            self._running += 1
        future.add_done_callback(self._parse_finished)
        return PendingParse(path, seconds, future)

    def _parse_finished(self, _future: ProcessFuture) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0 and self._pool is not None:
                self._idle_timer = threading.Timer(self._idle_seconds, self._stop_if_idle)
                self._idle_timer.daemon = True
                self._idle_timer.start()

    def _stop_if_idle(self) -> None:
        with self._lock:
            if self._running or self._idle_timer is not threading.current_thread():
                return  # work came in meanwhile
            self._idle_timer = None
            pool, self._pool = self._pool, None
        _shut_down(pool)

    def _stop_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    def result(self, pending: PendingParse) -> ParsedDocument:
        """The parsed document, or the file's problem as a readable IngestError."""
        path, seconds, future = pending
        try:
            return future.result()
        except FutureTimeout as error:
            raise IngestError(Reason("reader_timeout", {"seconds": f"{seconds:.0f}"}),
                              path=path) from error
        except ProcessExpired as error:
            raise DamagedDocumentError(
                Reason("reader_crashed", {"exit_code": str(error.exitcode)}),
                path=path) from error
        except IngestError:
            raise
        except MemoryError as error:
            raise DamagedDocumentError(Reason("reader_out_of_memory"), path=path) from error
        except BrokenProcessPool as error:
            self.close()  # the next file gets a fresh worker
            raise IngestError(Reason("reader_not_started"), path=path) from error
        except Exception as error:  # any other failure inside the reader stays with this file
            if "bad_alloc" in str(error):  # C++ libraries (OCR) out of memory
                raise DamagedDocumentError(Reason("reader_out_of_memory"), path=path) from error
            raise IngestError(Reason("reader_failed", {"kind": type(error).__name__,
                                                       "detail": _first_line(error)}),
                              path=path) from error

    def close(self) -> None:
        with self._lock:
            self._stop_idle_timer()
            pool, self._pool = self._pool, None
        _shut_down(pool)


def _shut_down(pool: ProcessPool | None) -> None:
    """Stop a pool outside the lock: stopping finishes its futures, whose callbacks take it."""
    if pool is not None:
        pool.stop()
        pool.join()
