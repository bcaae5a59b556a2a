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
            raise LibraryInUseError(
                f"the library at {self.root} is already open in {self._holder()}. Close that "
                "Laoshifu window or wait for that command to finish, then try again; or choose "
                "another library folder (--data).") from error
        except OSError as error:
            raise StoreError(f"the library folder {self.root} cannot be used ({error.strerror})."
                             " Check that it exists and that you may write to it.") from error
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

    def _holder(self) -> str:
        try:
            holder = json.loads((self.root / HOLDER_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return "another Laoshifu"
        where = "" if holder.get("host") == socket.gethostname() else \
            f" on computer {holder.get('host')}"
        return (f"another Laoshifu (process {holder.get('pid')}{where}, open since "
                f"{holder.get('since')})")
