"""How quickly the window appears, and how long its event loop ever waits, while the whole
corpus is dropped on it. Prints a table; never asserts (the test suite checks a subset).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_stall.py [CORPUS]

Phases: start-up (process start to the window painted), warm-up (library open and models
loading in the background), ingest (the corpus folder dropped, to the library list refreshed).
Figures are upper bounds on a shared 2-core machine.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import multiprocessing  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the packages, not bench/*.py

from memory import memory_mb  # noqa: E402

from kernel.config import enforce_offline  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main(corpus: Path) -> None:
    enforce_offline()
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.library_session import WARM_READY
    from desktop.main_window import MainWindow
    from desktop.settings import AppSettings
    from desktop.stall_meter import StallMeter
    from kernel.config import LibrarySettings
    from kernel.events import FileDone, FileFailed, OcrUsed

    app = QApplication(sys.argv)
    scratch = Path(tempfile.mkdtemp(prefix="laoshifu-bench-"))
    store = QSettings(str(scratch / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(LibrarySettings(scratch / "library")), store)
    meter = StallMeter()
    meter.start()
    window.show()
    painted = QEventLoop()
    QTimer.singleShot(0, painted.quit)
    painted.exec()
    startup = time.perf_counter() - STARTED

    def wait(condition) -> float:
        began = time.perf_counter()
        loop = QEventLoop()
        poll = QTimer(interval=50)
        poll.timeout.connect(lambda: condition() and loop.quit())
        poll.start()
        loop.exec()
        poll.stop()
        return time.perf_counter() - began

    warm_s = wait(lambda: window.warm_stage == WARM_READY)
    warm = (meter.worst_ms, meter.over(100), warm_s, meter.worst_own_ms)
    events: list = []
    window.ingest_event.connect(events.append)
    finished: list = []
    window.ingest_finished.connect(lambda: finished.append(True))
    meter.start()
    window.add_paths([corpus])
    ingest_s = wait(lambda: bool(finished))
    meter.stop()
    done = [e for e in events if isinstance(e, FileDone)]
    print(f"window painted {startup:.2f} s after process start")
    print(f"{'phase':<10} {'seconds':>8} {'worst gap ms':>13} {'gaps >100 ms':>13} "
          f"{'less core waits':>16}")
    print(f"{'warm-up':<10} {warm[2]:>8.1f} {warm[0]:>13.0f} {warm[1]:>13} {warm[3]:>16.0f}")
    print(f"{'ingest':<10} {ingest_s:>8.1f} {meter.worst_ms:>13.0f} {meter.over(100):>13} "
          f"{meter.worst_own_ms:>16.0f}")
    print(f"files added {len(done)}, failed {sum(isinstance(e, FileFailed) for e in events)}, "
          f"pages {sum(e.pages for e in done)}, OCR pages "
          f"{sum(len(e.pages) for e in events if isinstance(e, OcrUsed))}, "
          f"event-loop ticks {len(meter.gaps)}, gaps > 50 ms {meter.over(50)}")
    readers = [memory_mb(child.pid) for child in multiprocessing.active_children()]
    print(f"RSS after the corpus: app {memory_mb('self')[0]} MB (peak {memory_mb('self')[1]} MB)"
          f"; file reader process {sum(r[0] for r in readers)} MB "
          f"(peak {max((r[1] for r in readers), default=0)} MB)")
    window.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
