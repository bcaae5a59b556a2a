"""Notes → New repair note, filled in and saved as a technician does it: the note is found
by a search 2 s after the save, cited in an answer under its title, opens in the viewer, can
be edited from the library list, and a save that fails says why without losing the form."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.note_form import NoteForm
from tests.desktop.conftest import INGEST_TIMEOUT_MS, SEARCH_TIMEOUT_MS, library_rows

SEARCH_AFTER_SAVE_MS = 2_000
TITLE = "Repair note · P-101 · 2026-11-30 · 王师傅"


def fill(qtbot, form: NoteForm) -> None:
    qtbot.keyClicks(form.tag.lineEdit(), "P-101")
    qtbot.keyClicks(form.symptom, "Pump vibrates after the bearing change, 7.8 mm/s")
    qtbot.keyClicks(form.cause, "Coupling misaligned by 0.3 mm")
    qtbot.keyClicks(form.action, "Realigned the coupling with dial gauges")
    qtbot.keyClicks(form.parts, "coupling insert")
    form.author.setText("王师傅")
    form.when.setDate(QDate(2026, 11, 30))


def save(qtbot, window, form: NoteForm):
    with qtbot.waitSignal(window.note_saved, timeout=INGEST_TIMEOUT_MS) as saved:
        qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)
    return saved.args[0]


def test_a_note_saved_in_the_form_is_found_cited_and_opened(qtbot, window, tmp_path):
    photo = tmp_path / "coupling.jpg"
    photo.write_bytes(b"\xff\xd8 photo")
    form = window.new_note()
    assert form is not None and form.author.text() and form.when.date() == QDate.currentDate()
    fill(qtbot, form)
    form.add_photos([photo])
    record = save(qtbot, window, form)
    saved_at = time.monotonic()
    assert record.name == TITLE and not form.isVisible()

    window.bar.question.setText("coupling misaligned vibration")
    with qtbot.waitSignal(window.search_finished, timeout=SEARCH_AFTER_SAVE_MS):
        window.bar.run("search")
    assert time.monotonic() - saved_at < SEARCH_AFTER_SAVE_MS / 1000
    assert TITLE in window.results.row_text(0)
    answer = window.library.ask("What caused the P-101 vibration after the bearing change?",
                                with_model=False).result()
    assert TITLE in [citation.file for citation in answer.citations]

    with qtbot.waitSignal(window.viewer.shown, timeout=SEARCH_TIMEOUT_MS):
        qtbot.mouseClick(window.results.viewport(), Qt.MouseButton.LeftButton,
                         pos=window.results.visualItemRect(window.results.item(0)).center())
    assert TITLE in window.viewer.title.text()
    shown = window.viewer.text.toPlainText()
    assert "Coupling misaligned by 0.3 mm" in shown and "kind: repair-note" not in shown
    qtbot.waitUntil(lambda: any(TITLE in row for row in library_rows(window)))
    note = window.library.note(record.doc_id)
    assert (note.tag, note.date, note.parts) == ("P-101", date(2026, 11, 30), "coupling insert")
    assert (window.library.notes_folder / note.photos[0]).read_bytes() == photo.read_bytes()


def test_a_note_is_edited_and_removed_from_the_library_list(qtbot, window):
    form = window.new_note()
    fill(qtbot, form)
    record = save(qtbot, window, form)
    with qtbot.waitSignal(window.note_form_opened, timeout=SEARCH_TIMEOUT_MS) as opened:
        window.library_panel.edit_note_requested.emit(record)
    editor = opened.args[0]
    assert editor.tag.currentText() == "P-101"
    qtbot.waitUntil(lambda: editor.tag.findText("P-101") >= 0)  # the library's note tags
    editor.cause.setPlainText("Soft foot under the motor's drive-end feet")
    edited = save(qtbot, window, editor)
    assert edited.path == record.path
    hits = window.library.search("coupling misaligned", k=5)
    assert all("misaligned" not in hit.text for hit in hits)
    assert "Soft foot" in window.library.search("soft foot motor feet", k=1)[0].text

    window.library_panel.remove_note_requested.emit(edited)  # after "Remove note…" is confirmed
    qtbot.waitUntil(lambda: not any("Repair note" in row for row in library_rows(window)),
                    timeout=SEARCH_TIMEOUT_MS)
    assert not Path(edited.path).exists() and window.library.notes() == []


def test_a_note_that_cannot_be_saved_says_why_and_keeps_the_form(qtbot, window, tmp_path):
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the notes folder should be", encoding="utf-8")
    window.library.notes_folder = blocker / "notes"
    form = window.new_note()
    fill(qtbot, form)
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error.isVisible(), timeout=SEARCH_TIMEOUT_MS)
    assert "could not be saved" in form.error.text() and str(blocker) in form.error.text()
    assert form.isVisible() and form.cause.toPlainText() == "Coupling misaligned by 0.3 mm"
    assert window.library.notes() == []
