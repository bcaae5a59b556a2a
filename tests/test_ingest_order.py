"""New small work goes ahead of long work: a file handed to the library while a long manual is
being added is searchable within seconds, before the manual; the manual then goes on from
where it was and ends whole. A long file a killed run left unfinished is finished behind the
new files of the next run, not in front of them."""

from __future__ import annotations

import random
import threading
import time
from datetime import date
from pathlib import Path

from ingest.notes import RepairNote
from kernel.events import Embedded, FileDone, FileStarted, PagesRead
from laoshifu.library import Library
from tests.documents import write_pdf
from tests.test_crash import WORDS, kill, start_ingest, wait_for_text

# Passages of the long manual: several embedding steps, so its ingest takes tens of seconds on a
# loaded 2-core machine and is still running when the small file is done.
LONG_SECTIONS = 150
SMALL_CODE = "Z-913"


def long_manual(path: Path) -> Path:
    """A generated manual, one distinct section of ~120 words per passage."""
    rng = random.Random(17)
    sections = [f"## Section {n}\n\nFault GBX-{n:03d}: "
                + " ".join(rng.choice(WORDS) for _ in range(120)) + "."
                for n in range(1, LONG_SECTIONS + 1)]
    path.write_text("# Gearbox service manual\n\n" + "\n\n".join(sections) + "\n",
                    encoding="utf-8")
    return path


def small_note(path: Path) -> Path:
    path.write_text(f"# Shift note\n\nRelief valve {SMALL_CODE} on the gearbox lube line was "
                    "reseated after it chattered at start-up.\n", encoding="utf-8")
    return path


def found(library: Library, name: str) -> bool:
    return any(hit.file == name for hit in library.search(f"{SMALL_CODE} relief valve", k=3))


def assert_whole(library: Library, events: list) -> None:
    """The long manual ended live with every passage a plain ingest gives it, in both stores."""
    read = next(e for e in events if isinstance(e, PagesRead))
    done = next(e for e in events if isinstance(e, FileDone))
    assert done.chunks == read.chunks == len(library.passages(done.doc_id))
    assert library.searchable_passages()[done.doc_id] == done.chunks
    assert library.keywords.count_of(done.doc_id) == done.chunks


def ingest_in_background(library: Library, manual: Path,
                         stop: threading.Event | None = None) -> tuple[threading.Thread, list]:
    """The manual's ingest on a thread of its own, once its first step is stored; its events
    are collected as they come. Setting `stop` stops it at its next event, as "Stop adding"
    does."""
    events: list = []
    first_step = threading.Event()

    def add_manual() -> None:
        for event in library.ingest([manual]):
            events.append(event)
            if isinstance(event, Embedded):
                first_step.set()
            if stop is not None and stop.is_set():
                break
        first_step.set()

    worker = threading.Thread(target=add_manual)
    worker.start()
    assert first_step.wait(300)
    assert not any(isinstance(e, FileDone) for e in events), "make the manual longer"
    return worker, events


def test_a_file_added_during_a_long_ingest_is_searchable_within_two_seconds(library, tmp_path):
    manual = long_manual(tmp_path / "gearbox manual.md")
    note = small_note(tmp_path / "shift note.md")
    library.search("warm up 预热", k=1)  # as the window does on opening (library_session)
    worker, long_events = ingest_in_background(library, manual)
    handed = time.monotonic()
    for event in library.ingest([note]):
        assert not (isinstance(event, FileStarted) and event.path != note.resolve()), \
            "the small file's ingest took up other work"
    while not found(library, note.name):
        assert time.monotonic() - handed < 5, "the note is not found"
    searchable_after = time.monotonic() - handed
    manual_done = any(isinstance(e, FileDone) for e in long_events)
    paused_at = max(e.done for e in long_events if isinstance(e, Embedded))
    worker.join(600)
    assert searchable_after < 2.0, f"found {searchable_after:.2f} s after it was handed over"
    assert not manual_done, "the note waited for the whole manual"
    steps = [e.done for e in long_events if isinstance(e, Embedded)]
    assert steps == sorted(steps) and paused_at < steps[-1], "the manual did not go on"
    assert_whole(library, long_events)


def test_a_file_after_a_killed_long_ingest_goes_in_before_the_long_file_is_finished(
        tmp_path, open_at):
    manual = long_manual(tmp_path / "gearbox manual.md")
    note = small_note(tmp_path / "shift note.md")
    data = tmp_path / "library"
    process, lines = start_ingest(data, manual)
    wait_for_text(lines, "indexed 64/", process)  # killed between two embedding steps
    kill(process)
    library = open_at(data)
    try:
        events = []
        for event in library.ingest([note]):
            events.append(event)
            if isinstance(event, FileDone) and event.path == note.resolve():
                assert found(library, note.name)
                # the manual is not whole yet
                assert [record.file for record in library.documents()] == [note.name]
        started = [e.path.name for e in events if isinstance(e, FileStarted)]
        assert started == [note.name, manual.name]
        manual_events = [e for e in events if e.path == manual.resolve()]
        resumed = next(e for e in manual_events if isinstance(e, Embedded))
        assert resumed.done >= 64, "the manual was embedded again from the start"
        assert_whole(library, manual_events)
    finally:
        library.close()


def test_a_file_changed_while_its_ingest_waits_is_live_once_in_its_new_version(library,
                                                                                tmp_path):
    manual = long_manual(tmp_path / "gearbox manual.md")
    worker, long_events = ingest_in_background(library, manual)
    old_ids = set(library.catalog.in_progress())
    manual.write_text("# Gearbox service manual, revision B\n\nFault GBX-500: the oil pump "
                      "coupling is now a jaw coupling; replace its spider every year.\n",
                      encoding="utf-8")
    done = [e for e in library.ingest([manual]) if isinstance(e, FileDone)]
    worker.join(600)
    assert long_events[-1].reason.code == "taken_over"
    assert not any(isinstance(e, FileDone) for e in long_events)
    assert [(r.file, r.doc_id) for r in library.documents()] == [(manual.name, done[0].doc_id)]
    assert not old_ids & set(library.searchable_passages())
    hit = library.search("GBX-500 jaw coupling spider", k=1)[0]
    assert hit.doc_id == done[0].doc_id


def test_a_repair_note_saved_while_a_600_page_manual_is_added_is_found_within_two_seconds(
        library, tmp_path):
    """The shop's weekly knowledge does not wait for the vendor's manual: a note saved (the
    form's path, `Library.add_note`) while a 600-page manual is being added is searchable
    within 2 s. The manual's ingest is then stopped, as "Stop adding" does, to keep the test
    short; its going on afterwards is the first test's."""
    rng = random.Random(600)
    manual = write_pdf(tmp_path / "compressor manual.pdf",
                       [f"Compressor C-7 section {n}. " + " ".join(rng.choice(WORDS)
                                                                    for _ in range(40))
                        for n in range(1, 601)])
    library.search("warm up 预热", k=1)
    stop = threading.Event()
    worker, events = ingest_in_background(library, manual, stop)
    try:
        read = next(e for e in events if isinstance(e, PagesRead))
        assert read.pages == 600
        handed = time.monotonic()
        note = library.add_note(RepairNote(tag="C-7", date=date(2026, 12, 2), author="Li",
                                           symptom=f"Relief valve {SMALL_CODE} chattered",
                                           action="Reseated the valve; no leak at 8 bar"))
        while not any(hit.doc_id == note.doc_id
                      for hit in library.search(f"{SMALL_CODE} relief valve", k=3)):
            assert time.monotonic() - handed < 5, "the note is not found"
        searchable_after = time.monotonic() - handed
        assert not any(isinstance(e, FileDone) for e in events), "the note waited"
    finally:
        stop.set()
        worker.join(600)
    assert searchable_after < 2.0, f"found {searchable_after:.2f} s after it was saved"
