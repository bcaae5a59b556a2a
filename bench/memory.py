"""Resident memory of a benchmark's processes, read from /proc (Linux).

getrusage's peak of a child started from another Python process inherits that parent's peak,
so peaks come from each process's own VmHWM.
"""

from __future__ import annotations

from pathlib import Path


def memory_mb(pid: int | str = "self") -> tuple[int, int]:
    """(resident, peak resident) megabytes of a process."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    rss, peak = (int(next(line for line in status if line.startswith(key)).split()[1]) // 1024
                 for key in ("VmRSS:", "VmHWM:"))
    return rss, peak
