"""How soon can a technician use the app? Process start to the window shown, to the library
open, to the first search answered, to both models warm; and the app's memory then.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/startup.py [--data LIBRARY]

The window is built as `laoshifu-gui` builds it. The search is asked the moment the library
is open, as a technician typing at once would: its time includes whatever model loading it has
to wait for. Without --data the library is new and empty. Run it several times: the first run
after a reboot also reads the models from disk. Prints; never asserts.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the packages, not bench/*.py

from memory import memory_mb  # noqa: E402

from kernel.config import enforce_offline  # noqa: E402

QUESTION = "how do I put the board into DFU mode to flash the bootloader"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a library folder (default: a new one)")
    args = parser.parse_args()
    enforce_offline()
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.library_session import WARM_READY
    from desktop.main_window import MainWindow
    from desktop.settings import AppSettings
    from kernel.config import LibrarySettings

    scratch = Path(tempfile.mkdtemp(prefix="laoshifu-startup-"))
    app = QApplication(sys.argv)
    store = QSettings(str(scratch / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(LibrarySettings(args.data or scratch / "library")), store)
    window.show()

    def wait(condition) -> float:
        """Seconds since the process started, once `condition` holds."""
        loop = QEventLoop()
        poll = QTimer(interval=5)
        poll.timeout.connect(lambda: condition() and loop.quit())
        poll.start()
        loop.exec()
        poll.stop()
        return time.perf_counter() - STARTED

    shown = wait(lambda: window.isVisible())
    opened = wait(lambda: window.library is not None)
    answered: list[bool] = []
    window.search_finished.connect(lambda: answered.append(True))
    window.search(QUESTION)
    searched = wait(lambda: bool(answered))
    first_hit = window.results.row_text(0) if window.results.count() else "(no results)"
    warm = wait(lambda: window.warm_stage == WARM_READY)
    documents = len(window.library.documents())
    print(f"library {args.data or 'new and empty'}: {documents} document(s)")
    print(f"{'seconds after process start':<36}{'':>8}")
    for name, seconds in (("window shown", shown), ("library open", opened),
                          ("first search answered", searched), ("models warm", warm)):
        print(f"  {name:<34}{seconds:>8.2f}")
    print(f"first result: {first_hit.splitlines()[0][:100]}")
    print(f"RSS once warm: {memory_mb()[0]} MB")
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
