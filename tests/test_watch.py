"""The folder watcher on a real folder, real watchdog and a real library: a manual dropped on the
share becomes searchable by itself, a changed one is re-indexed, a deleted or moved one leaves,
what changed while nobody watched is caught up at start, and a file still being copied is not
read before it has settled. Waits poll with short sleeps, so the tests run as fast as the
watcher does."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kernel.events import FileDone, FileFailed, FileStarted, PagesRead
from laoshifu.library import Library
from laoshifu.watcher import FileRemoved, FolderWatcher
from tests.documents import PUMP_MANUAL, write_pdf

SETTLE = 0.3
TIMEOUT = 30.0
VIBRATION = "pump vibrates after bearing change"


def wait_for(condition: Callable[[], object], what: str, events: list | None = None,
             timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            reported = "\n".join(map(repr, events or []))
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}; events:\n{reported}")
        time.sleep(0.05)


def searchable(library: Library, query: str, name: str) -> bool:
    return any(hit.file == name for hit in library.search(query, k=5))


def files_in(library: Library) -> list[str]:
    return sorted(d.file for d in library.documents())


@pytest.fixture
def share(tmp_path) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    return folder


class Watching:
    """A started watcher and the events it reported, in order."""

    def __init__(self, library: Library, folder: Path, settle: float):
        self.events: list = []
        self.watcher = FolderWatcher(library, [folder], settle=settle,
                                     on_event=self.events.append)
        self.watcher.start()

    def until(self, condition: Callable[[], object], what: str) -> None:
        wait_for(condition, what, self.events)

    def of(self, kind: type, name: str) -> list:
        return [e for e in list(self.events) if isinstance(e, kind) and e.path.name == name]


@pytest.fixture
def watch(library, share) -> Iterator[Callable[..., Watching]]:
    started: list[Watching] = []

    def start(settle: float = SETTLE) -> Watching:
        started.append(Watching(library, share, settle))
        return started[-1]

    yield start
    for watching in started:
        watching.watcher.stop()
        assert not watching.watcher.is_alive()


def test_copied_pdf_becomes_searchable(library, watch, share, pump_manual):
    watching = watch()
    assert watching.watcher.wait_idle(TIMEOUT)
    shutil.copy(pump_manual, share / pump_manual.name)
    watching.until(lambda: searchable(library, VIBRATION, pump_manual.name), "the copy's passages")
    top = library.search(VIBRATION, k=3)[0]
    assert (top.file, top.page) == (pump_manual.name, 3)
    assert top.path == str((share / pump_manual.name).resolve())
    assert not watching.of(FileFailed, pump_manual.name)


def test_changed_file_is_reindexed_without_its_old_passages(library, watch, share):
    manual = write_pdf(share / "manual.pdf", PUMP_MANUAL)
    watching = watch()
    watching.until(lambda: files_in(library) == ["manual.pdf"], "the manual to be indexed")
    old_id = library.documents()[0].doc_id

    write_pdf(manual, [*PUMP_MANUAL[:3], "Alarm codes. E-099: seal water pressure low, open V-7."])
    watching.until(lambda: old_id not in library.searchable_passages(), "the old passages to go")
    # The old passages go just before the ingest reports the replacement.
    watching.until(lambda: len(watching.of(FileDone, "manual.pdf")) == 2, "the replacement")
    [record] = library.documents()
    assert record.doc_id != old_id
    assert [e.replaced for e in watching.of(FileDone, "manual.pdf")] == [False, True]
    top = library.search("alarm E-099 seal water", k=1)[0]
    assert top.page == 4 and "E-099" in top.text
    assert all("E-047" not in h.text for h in library.search("E-047 motor overtemperature"))


def test_deleted_file_leaves_the_library(library, watch, share, pump_manual):
    watching = watch()
    copy = share / pump_manual.name
    shutil.copy(pump_manual, copy)
    watching.until(lambda: files_in(library) == [pump_manual.name], "the copy to be indexed")
    doc_id = library.documents()[0].doc_id

    copy.unlink()
    watching.until(lambda: library.documents() == [], "the document to be removed")
    assert library.search(VIBRATION) == []
    assert doc_id not in library.searchable_passages()
    assert [(e.path, e.doc_id) for e in watching.of(FileRemoved, copy.name)] == \
        [(copy.resolve(), doc_id)]
    assert "removed P-101 pump manual.pdf" in watching.of(FileRemoved, copy.name)[0].describe()


def test_moved_file_is_found_under_its_new_name_only(library, watch, share, pump_manual):
    watching = watch()
    shutil.copy(pump_manual, share / "old name.pdf")
    watching.until(lambda: files_in(library) == ["old name.pdf"], "the file to be indexed")
    (share / "archive").mkdir()
    (share / "old name.pdf").rename(share / "archive" / "new name.pdf")
    watching.until(lambda: files_in(library) == ["new name.pdf"], "the move to be followed")
    assert library.search(VIBRATION, k=1)[0].file == "new name.pdf"
    assert watching.of(FileRemoved, "old name.pdf")


def test_deleting_one_of_two_copies_keeps_the_other_searchable(library, watch, share,
                                                                pump_manual):
    shutil.copy(pump_manual, share / "a copy.pdf")
    shutil.copy(pump_manual, share / "b copy.pdf")
    watching = watch()
    assert watching.watcher.wait_idle(TIMEOUT)
    assert files_in(library) == ["a copy.pdf"], "the same content was indexed twice"
    (share / "a copy.pdf").unlink()
    watching.until(lambda: files_in(library) == ["b copy.pdf"], "the other copy to take over")
    assert library.search(VIBRATION, k=1)[0].file == "b copy.pdf"


def test_start_catches_up_with_what_changed_while_not_watching(library, watch, share, tmp_path):
    gone = write_pdf(share / "scrapped pump.pdf", PUMP_MANUAL)
    elsewhere = write_pdf(tmp_path / "elsewhere.pdf", ["Compressor C-3 oil change every 500 h."])
    list(library.ingest([gone, elsewhere]))
    gone.unlink()
    elsewhere.unlink()  # not under the watched folder: the watcher has no say over it
    (share / "sub").mkdir()
    (share / "sub" / "shift note.txt").write_text("Valve V-12 sticks when cold; warm it first.")
    (share / "~$shift note.txt").write_text("lock file of an office program")
    (share / ".hidden.txt").write_text("hidden")
    (share / "download.pdf.part").write_bytes(b"%PDF half")
    (share / "photo.heic").write_bytes(b"\x00\x01")

    watching = watch()
    assert watching.watcher.wait_idle(TIMEOUT)
    assert files_in(library) == ["elsewhere.pdf", "shift note.txt"]
    assert searchable(library, "valve sticks when cold", "shift note.txt")
    assert [e.path.name for e in watching.events if isinstance(e, FileRemoved)] == \
        ["scrapped pump.pdf"]
    assert not [e for e in watching.events if isinstance(e, FileFailed)]


def test_growing_file_is_read_once_after_it_settles(library, watch, share):
    settle = 1.5
    watching = watch(settle=settle)
    assert watching.watcher.wait_idle(TIMEOUT)
    log = share / "shift log.txt"
    pieces = ["Shift log. Pump P-101 started at 06:00.\n",
              "Seal water flow checked, normal.\n",
              "Bearing temperature 61 C, rising slowly.\n",
              "Coupling guard bolt found loose on the drive end; retightened to 24 Nm.\n"]
    with log.open("w", encoding="utf-8") as stream:
        for piece in pieces:  # 4 writes 0.45 s apart: longer than `settle` in all
            stream.write(piece)
            stream.flush()
            time.sleep(settle * 0.3)
            assert not watching.of(FileStarted, log.name), "read before the copy had settled"
            assert library.documents() == []
    watching.until(lambda: watching.of(FileDone, log.name), "the finished file to be indexed")
    assert watching.watcher.wait_idle(TIMEOUT)
    assert len(watching.of(PagesRead, log.name)) == 1, "the file was read more than once"
    assert len(watching.of(FileDone, log.name)) == 1
    assert searchable(library, "coupling guard bolt loose", log.name), "only half was indexed"


def test_cli_watch_prints_events_and_stops_on_ctrl_c(data_dir, share, pump_manual, open_at):
    # faulthandler: if the process ever hangs, SIGABRT prints where each thread was.
    env = {**os.environ, "LAOSHIFU_DATA": str(data_dir), "PYTHONFAULTHANDLER": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "laoshifu", "watch", str(share), "--settle", str(SETTLE)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                     daemon=True).start()
    seen: list[str] = []

    def expect(text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in seen):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (process.poll() is not None and lines.empty()):
                pytest.fail(f"no '{text}' in the output of laoshifu watch:\n{''.join(seen)}")
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=min(remaining, 0.2)))

    try:
        expect("Watching")
        shutil.copy(pump_manual, share / pump_manual.name)
        expect(pump_manual.name)
        expect("added: 4 page(s)")
        process.send_signal(signal.SIGINT)
        try:
            assert process.wait(timeout=30) == 0, "".join(seen)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            process.wait(timeout=30)
            time.sleep(1)
            while not lines.empty():
                seen.append(lines.get())
            pytest.fail("laoshifu watch did not stop on Ctrl+C:\n" + "".join(seen))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reopened = open_at(data_dir)
    assert reopened.watched_folders == [share.resolve()], "the folder was not remembered"
    reopened.close()


def test_watched_folders_are_a_library_setting(library, share, tmp_path):
    other = tmp_path / "other share"
    other.mkdir()
    library.watched_folders = [share, other, share]
    assert library.watched_folders == [share.resolve(), other.resolve()]


def test_cli_watch_without_folders_says_how_to_start(data_dir):
    # faulthandler: if the process ever hangs, SIGABRT prints where each thread was.
    env = {**os.environ, "LAOSHIFU_DATA": str(data_dir), "PYTHONFAULTHANDLER": "1"}
    run = subprocess.run([sys.executable, "-m", "laoshifu", "watch"], capture_output=True,
                         text=True, env=env, timeout=120)
    assert run.returncode == 2
    assert "laoshifu watch FOLDER" in run.stderr


def test_cli_watch_refuses_a_missing_folder(data_dir, tmp_path):
    # faulthandler: if the process ever hangs, SIGABRT prints where each thread was.
    env = {**os.environ, "LAOSHIFU_DATA": str(data_dir), "PYTHONFAULTHANDLER": "1"}
    run = subprocess.run([sys.executable, "-m", "laoshifu", "watch", str(tmp_path / "nope")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 2
    assert "not a folder" in run.stderr and "nope" in run.stderr
