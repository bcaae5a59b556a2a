"""A maintenance-office PC publishing files to a Chroma server, as a process of its own, for
the tests that kill publishers (`tests/test_publish.py`).

`python -m tests.publisher DATA URL FILE...` ingests the files into the library at DATA with
its vectors on the server at URL and prints how many writes it sent the server. With
`--kill-at N` it kills itself with SIGKILL just before its N-th write (an upsert or a delete),
so a test can cut the write sequence at any point, as a power cut would.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Any

from index.chroma_server import ChromaServer
from kernel.config import LibrarySettings
from laoshifu.composition import open_library

WRITES = {"upsert", "delete"}


def count_writes(kill_at: int) -> list[int]:
    """Counts the server writes of this process, dying at the `kill_at`-th (0: never)."""
    sent = [0]
    call = ChromaServer.call

    def counted(self: ChromaServer, function: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(function, "__name__", "") in WRITES:
            sent[0] += 1
            if sent[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return call(self, function, *args, **kwargs)

    ChromaServer.call = counted  # type: ignore[method-assign]
    return sent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("url")
    parser.add_argument("files", type=Path, nargs="*")
    parser.add_argument("--kill-at", type=int, default=0)
    parser.add_argument("--remove", action="append", default=[])
    args = parser.parse_args()
    sent = count_writes(args.kill_at)
    library = open_library(LibrarySettings(args.data, vector_server=args.url))
    try:
        for event in library.ingest(args.files):
            if type(event).__name__ == "FileFailed":
                print(event, file=sys.stderr)
                return 1
        for name in args.remove:
            library.remove(name)
    finally:
        library.close()
    print(sent[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
