"""Keep the library in step with folders on a shared drive, without anyone pressing a button.

A manual copied to a watched folder becomes searchable once its copy has finished, a deleted
manual leaves the library, a changed one is re-indexed. The file system tells us *that*
something happened (watchdog: inotify, FSEvents, ReadDirectoryChangesW, or polling for network
drives where those do not work); this module decides *when* to act on it and does the work on
one thread, because the catalog and the vector store take one writer at a time.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from ingest.loaders import is_supported
from kernel.errors import LaoshifuError
from kernel.events import (
    FileDone,
    FileFailed,
    FileRemoved,
    FileSkipped,
    FileStarted,
    IngestEvent,
)
from kernel.reasons import Reason
from laoshifu.library import Library

log = logging.getLogger(__name__)

# Names that copy tools, browsers and office programs use for files that are not finished yet
# (or are lock files), so indexing them would only index half a download.
_TEMP_SUFFIXES = frozenset({".tmp", ".temp", ".part", ".partial", ".crdownload", ".download",
                            ".swp"})
_TEMP_PREFIXES = (".", "~$")
# Event kinds that can mean "this path now has other content, or is gone". Opening and reading
# a file (which the indexer itself does) produce other kinds, which must not re-trigger it.
_RELEVANT = frozenset({"created", "modified", "moved", "deleted", "closed", "attrib"})

DEFAULT_SETTLE = 2.0


WatchEvent = IngestEvent | FileRemoved
Signature = tuple[int, int] | None  # (size, mtime in ns) of a file, None when it is missing


def _signature(path: Path) -> Signature:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


@dataclass
class _Pending:
    """A path something happened to, and since when it has looked the way it looks now."""

    signature: Signature
    since: float


class FolderWatcher:
    """Watches folders and keeps the library equal to the supported files inside them.

    `settle` is how long (seconds) a file's size and modification time must stay the same
    before it is read: a manual arriving from a USB stick or over the network grows for a
    while, and reading it early would index half a PDF (or fail on it). Every event restarts
    the wait for its path, so a burst of writes costs one ingest.

    `on_event` is called, on the watcher's worker thread, with every ingest event and every
    `FileRemoved`. A GUI should hand them to its own thread (e.g. through a Qt signal).
    """

    def __init__(self, library: Library, folders: Iterable[Path], *,
                 settle: float = DEFAULT_SETTLE,
                 on_event: Callable[[WatchEvent], None] | None = None,
                 poll: bool = False, poll_interval: float = 1.0):
        """`poll=True` uses watchdog's PollingObserver, which rescans every `poll_interval`
        seconds: slower, but it sees changes on network shares (SMB/NFS) made by other
        machines, which native notifications never report."""
        self.library = library
        self.folders = [Path(f).expanduser().resolve() for f in folders]
        missing = [str(f) for f in self.folders if not f.is_dir()]
        if missing:
            raise LaoshifuError(Reason("not_a_folder", {"folders": ", ".join(missing)}))
        self.settle = settle
        self._on_event = on_event or (lambda event: None)
        self._poll = poll
        self._poll_interval = poll_interval
        self._data_root = library.paths.root.expanduser().resolve()
        self._pending: dict[Path, _Pending] = {}
        self._wake = threading.Condition()
        self._stopping = False
        self._busy = False
        self._reconciled = False
        # Files skipped because the same content is indexed under another path. When a
        # document leaves, they are looked at again, so that deleting (or moving, whose events
        # may arrive in either order) one of two copies never leaves neither searchable.
        self._shadowed: set[Path] = set()
        self._observer: BaseObserver | None = None
        self._worker: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Begin watching, then bring the library up to date on the worker thread.

        The observer starts first so that nothing that happens during the (possibly long)
        reconcile is missed; such events just queue behind it.
        """
        if self._worker is not None:
            raise RuntimeError("this watcher was already started")
        observer = PollingObserver(timeout=self._poll_interval) if self._poll else Observer()
        handler = _Handler(self)
        for folder in self.folders:
            observer.schedule(handler, str(folder), recursive=True)
        try:
            observer.start()
        except OSError as error:
            raise LaoshifuError(
                Reason("watch_failed", {"detail": str(error.strerror or error)})) from error
        self._observer = observer
        self._worker = threading.Thread(target=self._run, name="laoshifu-watcher", daemon=True)
        self._worker.start()

    def stop(self, timeout: float | None = None) -> None:
        """Stop watching and wait for the worker. A file being indexed is abandoned between two
        progress steps; its partly written passages are invisible (the catalog never got its
        row) and are pruned by the next ingest."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout)
        if self._worker is not None:
            self._worker.join(timeout)

    def is_alive(self) -> bool:
        """False once stopped, or if the observer died (e.g. its network share went away)."""
        return bool(self._observer and self._observer.is_alive()
                    and self._worker and self._worker.is_alive())

    def __enter__(self) -> FolderWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the start-up reconcile is done and no file is waiting or being indexed;
        True at once when stopping, False on timeout. For tests and for a GUI that wants to say
        "up to date"."""
        with self._wake:
            return self._wake.wait_for(
                lambda: self._stopping or (self._reconciled and not self._busy
                                           and not self._pending), timeout)

    # -- what the observer thread does -------------------------------------------------------

    def _ignored(self, path: Path) -> bool:
        """True for paths the library must not follow: outside the watched folders, inside the
        library's own folder, hidden (including anything in a hidden folder such as a share's
        `.Trash-1000`, where deleted manuals go), or named like an unfinished/lock file."""
        if path == self._data_root or path.is_relative_to(self._data_root):
            return True
        root = self._root_of(path)
        if root is None:
            return True
        parts = path.relative_to(root).parts
        if any(part.startswith(_TEMP_PREFIXES) for part in parts):
            return True
        return path.suffix.lower() in _TEMP_SUFFIXES

    def _root_of(self, path: Path) -> Path | None:
        return next((f for f in self.folders if path == f or path.is_relative_to(f)), None)

    def _note(self, paths: Iterable[Path]) -> None:
        """Queue paths for the worker; each (re)starts its settle wait."""
        now = time.monotonic()
        with self._wake:
            for path in paths:
                self._pending[path] = _Pending(_signature(path), now)
            self._wake.notify_all()

    def _on_fs_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _RELEVANT:
            return
        if event.is_directory and event.event_type in ("modified", "closed", "attrib"):
            return  # a folder's own timestamps change with every file in it
        raw = [event.src_path]
        if event.event_type == "moved":
            raw.append(event.dest_path)  # the old path leaves, the new one arrives
        paths = [Path(os.fsdecode(p)) for p in raw if p]
        wanted = [p for p in paths if not self._ignored(p)
                  and (event.is_directory or is_supported(p))]
        if wanted:
            self._note(wanted)

    # -- what the worker thread does ---------------------------------------------------------

    def _emit(self, event: WatchEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # a broken listener must not stop the library from updating
            log.exception("on_event failed for %r", event)

    def _run(self) -> None:
        try:
            self._guarded(self._reconcile, None)
        finally:
            with self._wake:
                self._reconciled = True
                self._wake.notify_all()
        while True:
            due = self._next_due()
            if due is None:
                return
            try:
                self._process(due)
            finally:
                with self._wake:
                    self._busy = False
                    self._wake.notify_all()

    def _next_due(self) -> list[Path] | None:
        """Wait until some queued paths have kept their size and mtime for `settle` seconds;
        None once stopping. Paths that changed meanwhile start their wait again."""
        with self._wake:
            while not self._stopping:
                now = time.monotonic()
                candidates = {p: e for p, e in self._pending.items()
                              if now - e.since >= self.settle}
                if candidates:
                    self._wake.release()  # stat may be slow on a network drive
                    try:
                        current = {p: _signature(p) for p in candidates}
                    finally:
                        self._wake.acquire()
                    now = time.monotonic()
                    due = []
                    for path, entry in candidates.items():
                        if self._pending.get(path) is not entry:
                            continue  # a newer event arrived while we looked
                        if current[path] == entry.signature:
                            del self._pending[path]
                            due.append(path)
                        else:
                            self._pending[path] = _Pending(current[path], now)
                    if due:
                        self._busy = True
                        return due
                    continue
                waits = [e.since + self.settle - now for e in self._pending.values()]
                self._wake.wait(max(min(waits), 0.01) if waits else None)
            return None

    def _process(self, due: list[Path]) -> None:
        # Removals first: a moved file's new path has the same content as its old one, and the
        # indexer would skip it as a duplicate while the old path is still in the catalog.
        gone = [p for p in due if not p.exists()]
        present = [p for p in due if p.exists()]
        for path in gone:
            self._guarded(self._remove_missing, path, [path])
        files: list[Path] = []
        for path in present:
            if path.is_dir():  # a folder arrived (copied or moved in): settle each file in it
                self._note(self._files_under(path))
            elif path.is_file():
                files.append(path)
        if files:
            self._ingest(sorted(files))

    def _reconcile(self) -> None:
        """Make the library match the folders as they are now: documents whose files vanished
        while nobody watched are removed, every supported file is ingested (unchanged ones
        cost a stat, the indexer skips them). Files modified within the settle time may still
        be arriving, so they wait in the queue like any event."""
        self._remove_missing(self.folders)
        files = [f for folder in self.folders for f in self._files_under(folder)]
        now = time.time()
        fresh = [f for f in files if now - _mtime(f) < self.settle]
        self._note(fresh)
        fresh_set = set(fresh)
        self._ingest([f for f in files if f not in fresh_set])

    def _files_under(self, folder: Path) -> list[Path]:
        found = []
        for dirpath, dirnames, filenames in os.walk(folder):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not self._ignored(here / d))
            found.extend(here / name for name in sorted(filenames)
                         if is_supported(here / name) and not self._ignored(here / name))
        return found

    def _remove_missing(self, paths: Iterable[Path]) -> None:
        """Remove catalog documents at or under `paths` whose file no longer exists. Nothing is
        removed while a watched folder itself is missing: that is an unplugged drive or a lost
        network share, not a user deleting manuals."""
        targets = list(paths)
        removed = False
        for record in self.library.documents():
            if self._stopping:
                return
            path = Path(record.path)
            if not any(path == t or path.is_relative_to(t) for t in targets):
                continue
            root = self._root_of(path)
            if root is None or not root.is_dir() or path.exists():
                continue
            try:
                self.library.remove(record.doc_id)
            except Exception as error:
                self._emit(_failed(path, error, "could not be removed"))
            else:
                removed = True
                self._emit(FileRemoved(path, record.doc_id))
        if removed and self._shadowed:
            self._shadowed = {p for p in self._shadowed if p.exists()}
            self._note(self._shadowed)

    def _ingest(self, files: list[Path]) -> None:
        """Ingest `files`, reporting every event. An unexpected error in one file is reported
        as its failure and the remaining files still go in."""
        remaining = list(files)
        while remaining and not self._stopping:
            current: Path | None = None
            events = self.library.ingest(remaining)
            try:
                for event in events:
                    if self._stopping:
                        return
                    if isinstance(event, FileStarted):
                        current = event.path
                    elif isinstance(event, FileSkipped) and \
                            self.library.catalog.find_by_path(str(event.path)) is None:
                        self._shadowed.add(event.path)
                    elif isinstance(event, FileDone):
                        self._shadowed.discard(event.path)
                    self._emit(event)
                return
            except Exception as error:
                failed = current or remaining[0]
                self._emit(_failed(failed, error, "could not be indexed"))
                resolved = [p.resolve() for p in remaining]
                after = resolved.index(failed) + 1 if failed in resolved else 1
                remaining = remaining[after:]
            finally:
                events.close()

    def _guarded(self, work: Callable[..., None], path: Path | None, *args: object) -> None:
        """Run one unit of work; whatever goes wrong is reported, and the watcher lives on."""
        try:
            work(*args)
        except Exception as error:
            log.exception("watcher work failed")
            where = path or (self.folders[0] if self.folders else Path("."))
            self._emit(_failed(where, error, "could not be brought up to date"))


class _Handler(FileSystemEventHandler):
    """Forwards watchdog's events to the watcher; runs on the observer thread."""

    def __init__(self, watcher: FolderWatcher):
        super().__init__()
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        try:
            self._watcher._on_fs_event(event)
        except Exception:  # an exception here would kill the observer thread
            log.exception("could not queue %r", event)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _failed(path: Path, error: Exception, what: str) -> FileFailed:
    if isinstance(error, LaoshifuError):
        return FileFailed(path, error.message, error.reason)
    detail = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return FileFailed(path, f"{what} ({detail}). The watcher goes on with the other files; it "
                            "will try this one again when the file changes.")


__all__ = ["DEFAULT_SETTLE", "FileRemoved", "FolderWatcher", "WatchEvent"]
