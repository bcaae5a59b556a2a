"""Searching and asking go on while an ingest runs, and a second Laoshifu on the same library
folder is told so instead of corrupting it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kernel.errors import LibraryInUseError
from kernel.events import FileDone, FileFailed
from tests.conftest import CORPUS, require_corpus

# About a minute of corpus ingest on a loaded 2-core machine: notes, tables and a real PDF.
SUBSET = ["klipper_faq_en.md", "klipper_canbus_troubleshooting_zh.md",
          "grbl_error_codes_en_US.csv", "grbl_alarm_codes_en_US.csv", "linuxcnc_integrator.pdf"]
# One query per document the ingest adds, so every new document must show up in some hit.
QUERIES = ["E-047", "bearing replacement", "grbl error 9", "grbl alarm hard limit",
           "CAN bus 终端电阻", "drivers accomplish this by monitoring the current"]
THREADS = 4


def test_four_query_threads_run_through_a_corpus_ingest(library, pump_manual, tmp_path):
    require_corpus()
    list(library.ingest([pump_manual]))
    pump_id = library.documents()[0].doc_id
    ingest_done = threading.Event()
    errors: list[BaseException] = []
    answered: list[int] = [0] * THREADS
    found: list[set[str]] = [set() for _ in range(THREADS)]

    def ingest() -> None:
        try:
            events = list(library.ingest([CORPUS / name for name in SUBSET]))
            assert not [e for e in events if isinstance(e, FileFailed)]
            assert len([e for e in events if isinstance(e, FileDone)]) == len(SUBSET)
        except BaseException as error:
            errors.append(error)
        finally:
            ingest_done.set()

    def ask_and_search(number: int) -> None:
        try:
            turn, last_round = 0, None
            while last_round is None or turn < last_round:  # then every query once more
                if last_round is None and ingest_done.is_set():
                    last_round = turn + len(QUERIES)
                query = QUERIES[(number + turn) % len(QUERIES)]
                hits = library.search(query, k=5)
                live = library.catalog.live_ids()
                arriving = library.catalog.in_progress(this_session=True).keys()
                assert {hit.doc_id for hit in hits} <= live | arriving, "a hit of no document"
                for hit in hits:  # an arriving manual shows what is stored; a live one is whole
                    record = library.catalog.get(hit.doc_id)
                    assert record is None or \
                        library.searchable_passages().get(hit.doc_id, 0) == record.chunks, hit.file
                if query == "E-047":
                    assert (hits[0].doc_id, hits[0].page) == (pump_id, 4)
                found[number] |= {hit.file for hit in hits}
                if number == 0 and turn % 3 == 0:
                    answer = library.ask("What does alarm E-047 mean?").result()
                    assert any(c.page == 4 for c in answer.citations), answer
                answered[number] += 1
                turn += 1
        except BaseException as error:
            errors.append(error)

    started = time.monotonic()
    workers = [threading.Thread(target=ingest)] + [
        threading.Thread(target=ask_and_search, args=(n,)) for n in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=900)
    assert not errors, errors
    assert all(count >= 2 for count in answered), answered
    assert set(SUBSET) <= set().union(*found), "queries never saw the new documents"
    print(f"\n{sum(answered)} queries by {THREADS} threads during a {len(SUBSET)}-file ingest "
          f"of {time.monotonic() - started:.0f} s, no errors")


def laoshifu(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "laoshifu", "--data", str(data), *args],
                          capture_output=True, text=True, timeout=300)


def test_a_second_instance_is_told_the_library_is_in_use(data_dir, open_at):
    library = open_at(data_dir)
    with pytest.raises(LibraryInUseError, match=f"already open in another Laoshifu \\(process "
                                                f"{os.getpid()}"):
        open_at(data_dir)
    run = laoshifu(data_dir, "search", "pump")
    assert run.returncode == 1
    assert "already open in another Laoshifu" in run.stderr and "Traceback" not in run.stderr
    library.close()
    assert laoshifu(data_dir, "docs").returncode == 0, "the lock outlived the library"


_HOLD = """
import sys, time
from pathlib import Path
from kernel.config import LibrarySettings
from laoshifu.composition import open_library
if __name__ == "__main__":
    library = open_library(LibrarySettings(Path(sys.argv[1])))  # held open until killed
    print("open", flush=True)
    time.sleep(600)
"""


def test_a_killed_instance_leaves_no_stale_lock(data_dir, open_at, tmp_path):
    script = tmp_path / "hold.py"
    script.write_text(_HOLD, encoding="utf-8")
    holder = subprocess.Popen([sys.executable, str(script), str(data_dir)],
                              stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[1])
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(LibraryInUseError, match=f"process {holder.pid}"):
            open_at(data_dir)
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    reopened = open_at(data_dir)
    assert reopened.documents() == []
    reopened.close()
