"""How long the UI thread went without running its event loop: the pause a user feels.

A timer asks to run every few milliseconds; when the event loop is busy (or a worker holds the
GIL), the next tick comes late. The longest gap between ticks, minus the interval, is the
longest the window could not respond. Used by the stall test and bench/gui_stall.py.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer

INTERVAL_MS = 5


class StallMeter(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self.gaps: list[float] = []  # seconds late, one per tick

    def start(self) -> None:
        self._last = None
        self.gaps.clear()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append(max(0.0, now - self._last - INTERVAL_MS / 1000))
        self._last = now

    @property
    def worst_ms(self) -> float:
        return max(self.gaps, default=0.0) * 1000

    def over(self, ms: float) -> int:
        """How many times the loop was late by more than `ms`."""
        return sum(1 for gap in self.gaps if gap * 1000 > ms)
