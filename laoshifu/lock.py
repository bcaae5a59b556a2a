"""One Laoshifu per library folder at a time.

Two processes writing one folder would corrupt it: Chroma's on-disk store is single-process
(its maintainers say so, chroma-core/chroma #961, #3792), and even a process that only searches
keeps its own copy of the vector index in memory, so it would not see what the other one adds
and would answer from a stale library. So every front end, the read-only `search` and `ask`
included, takes the folder's lock for as long as the library is open, and a second one is told
who holds it instead of waiting or sharing.

The lock is an operating-system file lock (`filelock`: flock on Linux and macOS, LockFileEx on
Windows). The OS drops it when its process ends, however it ends, so a crash or a power cut
never leaves a stale lock that blocks the next start.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from kernel.errors import LibraryInUseError, StoreError
from kernel.reasons import Reason

LOCK_FILE = "laoshifu.lock"
HOLDER_FILE = "laoshifu.lock.json"


class FolderLock:
    """The exclusive lock of one library folder, held from `acquire` to `release`."""

    def __init__(self, root: Path):
        self.root = root
        # thread_local=False: the GUI opens the library on a worker thread and closes it on the
        # UI thread.
        self._lock = FileLock(root / LOCK_FILE, timeout=0, thread_local=False)

    def acquire(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except Timeout as error:
            raise LibraryInUseError(self._in_use()) from error
        except OSError as error:
            raise StoreError(Reason("library_folder_unusable", {
                "root": str(self.root), "detail": str(error.strerror)})) from error
        self._write_holder()

    def release(self) -> None:
        self._lock.release()

    def _write_holder(self) -> None:
        """Say who holds the lock, for the message a second instance shows."""
        holder = {"pid": os.getpid(), "host": socket.gethostname(),
                  "since": datetime.now().strftime("%Y-%m-%d %H:%M")}
        temporary = self.root / f"{HOLDER_FILE}.{os.getpid()}"
        temporary.write_text(json.dumps(holder), encoding="utf-8")
        os.replace(temporary, self.root / HOLDER_FILE)

    def _in_use(self) -> Reason:
        """The library is open elsewhere: by whom, as far as the holder file says."""
        root = str(self.root)
        try:
            holder = json.loads((self.root / HOLDER_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Reason("library_in_use", {"root": root})
        params = {"root": root, "pid": str(holder.get("pid")), "since": str(holder.get("since"))}
        if holder.get("host") == socket.gethostname():
            return Reason("library_in_use_here", params)
        return Reason("library_in_use_elsewhere", params | {"host": str(holder.get("host"))})
