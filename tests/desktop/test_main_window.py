"""The main window with the real library behind it, driven the way a user drives it: drop a
file, type, press Enter or Esc, click. Run with QT_QPA_PLATFORM=offscreen."""

from __future__ import annotations

import os
import signal
import time

from PySide6.QtCore import QSettings, Qt, QTimer

from desktop.library_session import WARM_NO_ANSWERS
from desktop.main_window import MainWindow
from desktop.settings import MODE_ASK, MODE_SEARCH, AppSettings
from tests.desktop.conftest import (
    ANSWER_TIMEOUT_MS,
    READY_TIMEOUT_MS,
    SEARCH_TIMEOUT_MS,
    ingest,
    library_rows,
)
from tests.servers import free_port
from tests.test_library import DATA


def type_and_run(qtbot, window: MainWindow, text: str, signal,
                 timeout: int = SEARCH_TIMEOUT_MS) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.bar.question.hasFocus(), "Ctrl+L does not put the cursor in the question box"
    qtbot.keyClicks(window.bar.question, text)
    with qtbot.waitSignal(signal, timeout=timeout):
        qtbot.keyClick(window.bar.question, Qt.Key.Key_Return)


def test_window_opens_ready_with_an_empty_library(window):
    assert window.isVisible()
    assert window.library is not None
    assert window.bar.question.isEnabled()
    assert window.library_panel.documents.count() == 0
    assert "0 document" in window.library_panel.heading.text()


def test_dropping_files_fills_the_library_with_badges_and_progress(qtbot, window, pump_manual):
    ingest(qtbot, window, pump_manual, DATA / "linuxcnc_integrator.pdf")

    rows = library_rows(window)
    assert len(rows) == 2
    pump_row = next(row for row in rows if pump_manual.name in row)
    assert "PDF" in pump_row and "4 page(s)" in pump_row and "indexed" in pump_row
    progress = window.library_panel.progress
    assert progress.isVisible(), "the per-file progress must stay visible after a batch"
    assert progress.row_status(pump_manual).startswith("Added: 4 page(s)")
    assert "2 of 2 done" in progress.title.text()


def test_search_mode_enter_shows_the_right_page_with_terms_marked(qtbot, window, pump_manual):
    ingest(qtbot, window, pump_manual)
    window.bar.search_button.setChecked(True)

    type_and_run(qtbot, window, "pump vibrates after bearing change", window.search_finished)

    assert window.middle.currentWidget() is window.results
    first = window.results.row_text(0)
    assert pump_manual.name in first and "page 3" in first
    assert "alignment" in first, "the snippet must show the passage, not just the location"
    html = window.results.row_widget(0).label.text()
    assert "<b style='background:#ffe066'>vibrat" in html.replace('"', "'"), \
        "the query's words are not marked in the snippet"
    assert window.bar.mode == MODE_SEARCH


def test_ask_shows_the_answer_from_the_pages_before_the_model_writes(qtbot, window,
                                                                      pump_manual):
    ingest(qtbot, window, pump_manual)
    window.bar.ask_button.setChecked(True)
    shown_early: list[str] = []
    window.answers.composed.connect(
        lambda _: shown_early.append(window.answer_view.text.toPlainText()))

    type_and_run(qtbot, window, "What torque for the bearing housing bolts?",
                 window.answer_finished, ANSWER_TIMEOUT_MS)

    assert window.middle.currentWidget() is window.answer_view
    assert window.answer_view.sources.count() >= 1
    assert window.answer_view.sources.row_text(0).startswith("[1] ")
    assert shown_early and "bolts to 24 Nm" in shown_early[0] and "[1]" in shown_early[0], \
        "the sentence that answers is on screen while the model is still writing"
    assert "writing" in shown_early[0]
    assert "24 Nm" in window.answer_view.text.toPlainText()


def test_escape_stops_an_answer_being_written(qtbot, window, pump_manual):
    ingest(qtbot, window, pump_manual)
    window.bar.ask_button.setChecked(True)
    window.bar.question.setText("How do I replace the bearing and what torque applies?")
    window.bar.run(MODE_ASK)
    qtbot.waitUntil(lambda: window.answer_view.sources.count() > 0, timeout=SEARCH_TIMEOUT_MS)
    assert window.bar.stop_button.isEnabled()

    with qtbot.waitSignal(window.answer_finished, timeout=ANSWER_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        assert not window.bar.stop_button.isEnabled(), "Esc must stop at once"

    assert "Stopped." in window.answer_view.text.toPlainText()


def assert_responsive(qtbot) -> None:
    """The window's event loop runs a queued call within a second."""
    ran: list[bool] = []
    QTimer.singleShot(0, lambda: ran.append(True))
    qtbot.waitUntil(lambda: bool(ran), timeout=1000)


def test_an_answer_server_that_is_down_leaves_search_working_and_says_why(
        qtbot, open_window, settings_file, pump_manual):
    """Server mode with the answer server down: the window opens and searches; a question
    lists its pages, then says the server does not answer and what to do."""
    url = f"http://127.0.0.1:{free_port()}/v1"
    store = QSettings(str(settings_file), QSettings.Format.IniFormat)
    store.setValue("server/answer_server", url)
    store.sync()
    window = open_window()
    qtbot.waitUntil(lambda: window.warm_stage == WARM_NO_ANSWERS, timeout=READY_TIMEOUT_MS)
    assert "cannot be used" in window.model_status.text()
    ingest(qtbot, window, pump_manual)

    window.bar.question.setText("What torque for the bearing housing bolts?")
    with qtbot.waitSignal(window.answer_finished, timeout=SEARCH_TIMEOUT_MS):
        window.bar.run(MODE_ASK)
    shown = window.answer_view.text.toPlainText()
    assert url in shown and "does not answer" in shown and "plant IT" in shown, shown
    assert window.answer_view.sources.count() >= 1, "the matching pages must still be listed"
    assert window.answer_view.sources.row_text(0).startswith("[1] ")


def test_a_crash_of_the_answer_model_is_explained_and_the_next_question_answered(
        qtbot, window, pump_manual, chat_model):
    ingest(qtbot, window, pump_manual)
    window.bar.ask_button.setChecked(True)
    for crash in (signal.SIGKILL, signal.SIGILL):  # killed by the system; a CPU it cannot run
        window.bar.question.setText("How do I replace the bearing and what torque applies?")
        with qtbot.waitSignal(window.answers.composed, timeout=ANSWER_TIMEOUT_MS):
            window.bar.run(MODE_ASK)

        with qtbot.waitSignal(window.answer_finished, timeout=SEARCH_TIMEOUT_MS):
            os.kill(chat_model.pid, crash)

        shown = window.answer_view.text.toPlainText()
        assert signal.Signals(crash).name in shown and "Ask again" in shown, shown
        assert window.answer_view.sources.count() >= 1, "the matching pages must stay listed"
        qtbot.waitUntil(lambda: not window.bar.stop_button.isEnabled(), timeout=5000)
        assert window.bar.question.isEnabled()
        assert_responsive(qtbot)

    type_and_run(qtbot, window, " Again, please.", window.answer_finished, ANSWER_TIMEOUT_MS)
    again = window.answer_view.text.toPlainText()
    assert again.strip() and "Ask again" not in again, again


def test_closing_during_ingest_is_prompt_and_keeps_only_whole_documents(
        qtbot, open_window, data_dir, open_at, pump_manual):
    opened = open_window()
    opened.add_paths([pump_manual, DATA / "linuxcnc_integrator.pdf"])
    started = time.monotonic()
    opened.close()
    assert time.monotonic() - started < 10, "closing waited for the whole batch"

    reopened = open_at(data_dir)
    for record in reopened.documents():
        assert reopened.searchable_passages().get(record.doc_id, 0) == record.chunks, record.file
    live = reopened.catalog.live_ids()
    assert all(hit.doc_id in live for hit in reopened.search("stepper bearing", k=10))
    reopened.close()


def open_refused(qtbot, settings_file, open_at) -> tuple[MainWindow, str]:
    """A window whose library does not open; returns it and the banner's message."""
    store = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings.load(store), store,
                        library_factory=lambda models: open_at(models.data_dir))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.error_banner.isVisible, timeout=READY_TIMEOUT_MS)
    message = window.error_banner.text()
    assert "Traceback" not in message
    assert not window.bar.question.isEnabled()
    return window, message


def test_a_library_that_cannot_open_is_explained_not_crashed(qtbot, data_dir, settings_file,
                                                             open_at):
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file where the library folder should be")
    window, message = open_refused(qtbot, settings_file, open_at)
    assert str(data_dir.name) in message, message
    window.close()


def test_reindex_reads_an_unchanged_file_again_and_keeps_it_searchable(qtbot, window,
                                                                       pump_manual):
    ingest(qtbot, window, pump_manual)
    window.library_panel.documents.setCurrentRow(0)
    with qtbot.waitSignal(window.ingest_finished, timeout=READY_TIMEOUT_MS * 2):
        qtbot.mouseClick(window.library_panel.reindex_button, Qt.MouseButton.LeftButton)

    assert window.library_panel.progress.row_status(pump_manual).startswith("Added: 4 page(s)")
    assert len(library_rows(window)) == 1
    record = window.library.documents()[0]
    assert window.library.searchable_passages().get(record.doc_id, 0) == record.chunks
    assert window.library.search("E-047 motor overtemperature", k=1)[0].page == 4


def test_a_library_open_elsewhere_is_named_in_a_readable_message(qtbot, data_dir,
                                                                 settings_file, open_at):
    elsewhere = open_at(data_dir)  # another Laoshifu holds the folder
    window, message = open_refused(qtbot, settings_file, open_at)
    assert "already open" in message, message
    window.close()
    elsewhere.close()
