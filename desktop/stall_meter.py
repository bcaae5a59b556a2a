"""How long the UI thread went without running its event loop: the pause a user feels.

A timer asks to run every few milliseconds; when the event loop is busy (or a worker holds the
GIL), the next tick comes late. The longest gap between ticks, minus the interval, is the
longest the window could not respond. Used by the stall test and bench/gui_stall.py.

On a machine busy with other work the UI thread can also be late because the OS gave every
core to other processes, which no design of the app prevents. Where Linux reports it
(/proc/thread-self/schedstat), the time the UI thread spent ready to run but waiting for a core
is taken off each gap as well: `worst_own_ms` is the freeze the app itself causes (its own
workers run at a lower priority, desktop/workers.py, so they take little of that time).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer

INTERVAL_MS = 5
_SCHEDSTAT = Path("/proc/thread-self/schedstat")


def _waited_for_a_core() -> float:
    """Seconds the calling thread has so far spent runnable but not running (0 where the
    system does not say)."""
    try:
        return int(_SCHEDSTAT.read_text().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


class StallMeter(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self._waited = 0.0
        self.gaps: list[float] = []  # seconds late, one per tick
        self.own_gaps: list[float] = []  # the same, less the time spent waiting for a core

    def start(self) -> None:
        self._last = None
        self.gaps.clear()
        self.own_gaps.clear()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now, waited = time.perf_counter(), _waited_for_a_core()
        if self._last is not None:
            gap = max(0.0, now - self._last - INTERVAL_MS / 1000)
            self.gaps.append(gap)
            self.own_gaps.append(max(0.0, gap - (waited - self._waited)))
        self._last, self._waited = now, waited

    @property
    def worst_ms(self) -> float:
        return max(self.gaps, default=0.0) * 1000

    @property
    def worst_own_ms(self) -> float:
        """The longest gap less the time the UI thread waited for a core: the app's freeze."""
        return max(self.own_gaps, default=0.0) * 1000

    def over(self, ms: float) -> int:
        """How many times the loop was late by more than `ms`."""
        return sum(1 for gap in self.gaps if gap * 1000 > ms)
