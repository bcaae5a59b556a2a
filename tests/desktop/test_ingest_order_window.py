"""The window during a long ingest: a file dropped meanwhile is added while the manual's
progress row waits, and the manual then finishes; each row says what is true of its file."""

from __future__ import annotations

from desktop.main_window import MainWindow
from tests.desktop.conftest import drop_files
from tests.test_ingest_order import long_manual, small_note

LONG_MS = 600_000


def test_a_file_dropped_during_a_long_ingest_is_added_while_the_manual_waits(qtbot, tmp_path,
                                                                             window: MainWindow):
    manual = long_manual(tmp_path / "gearbox manual.md").resolve()
    note = small_note(tmp_path / "shift note.md").resolve()
    progress = window.library_panel.progress
    drop_files(window, [manual])
    qtbot.waitUntil(lambda: progress.row_status(manual).startswith("Indexing passages"),
                    timeout=LONG_MS)
    drop_files(window, [note])
    qtbot.waitUntil(lambda: progress.row_status(note).startswith("Added"), timeout=60_000)
    assert progress.row_status(manual).startswith("Indexing passages"), \
        "the note waited for the whole manual"
    qtbot.waitUntil(lambda: progress.row_status(manual).startswith("Added"), timeout=LONG_MS)
    assert "2 of 2 done" in progress.title.text()
