"""The main window with the real library behind it: a real Chroma store in the test's library
folder and the real embedding model, driven the way a user drives it (drop a file, type, Enter).

Run with QT_QPA_PLATFORM=offscreen; no display is needed.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from laoshifu.library import Library
from tests.test_library import DATA

READY_TIMEOUT_MS = 30_000
INGEST_TIMEOUT_MS = 60_000
SEARCH_TIMEOUT_MS = 30_000


@pytest.fixture
def window(qtbot, data_dir, embedder):
    """A shown main window whose library (sharing the session's embedder) is open."""
    opened = MainWindow(data_dir, library_factory=lambda: Library(data_dir, embedder=embedder))
    qtbot.addWidget(opened)
    with qtbot.waitSignal(opened.library_ready, timeout=READY_TIMEOUT_MS):
        opened.show()
    yield opened
    opened.close()
    assert opened.library is None, "closing the window must close the library's stores"


def drop_files(target, paths: list[Path]) -> None:
    """Deliver a real drag-enter and drop of `paths` as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    point = QPointF(target.rect().center())
    actions = Qt.DropAction.CopyAction
    buttons = Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, actions, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the window refuses to take files dragged onto it"
    drop = QDropEvent(point, actions, mime, buttons, modifiers)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted(), "the window ignored the dropped files"


def library_rows(window: MainWindow) -> list[str]:
    return [window.documents.item(i).text() for i in range(window.documents.count())]


def ingest(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.ingest_finished, timeout=INGEST_TIMEOUT_MS):
        drop_files(window, [path])
    assert any(path.name in row for row in library_rows(window)), \
        "ingest finished but the library list does not show the file"


def test_window_opens_ready_to_search(window):
    assert window.isVisible()
    assert window.library is not None
    assert window.question.isEnabled()
    assert window.search_button.isEnabled()
    assert window.statusBar().currentMessage() == "Ready."
    assert window.documents.count() == 0


def test_dropping_a_pdf_adds_it_to_the_library(qtbot, window, pump_manual):
    ingest(qtbot, window, pump_manual)

    rows = library_rows(window)
    assert len(rows) == 1
    assert pump_manual.name in rows[0]
    assert "4 page(s)" in rows[0]
    assert "indexed" in rows[0]
    assert "Something went wrong" not in window.statusBar().currentMessage()


def test_typing_a_question_and_enter_finds_the_right_page(qtbot, window, pump_manual):
    ingest(qtbot, window, pump_manual)

    window.question.setFocus()
    qtbot.keyClicks(window.question, "pump vibrates after bearing change")
    with qtbot.waitSignal(window.search_finished, timeout=SEARCH_TIMEOUT_MS):
        qtbot.keyClick(window.question, Qt.Key.Key_Return)

    assert window.results.count() > 0
    first = window.results.item(0).text()
    assert pump_manual.name in first
    assert "page 3" in first
    assert "alignment" in first  # the snippet shows the passage, not just the location
    assert "found" in window.statusBar().currentMessage()



def test_closing_during_ingest_is_prompt_and_keeps_only_whole_documents(
        qtbot, data_dir, embedder, pump_manual):
    opened = MainWindow(data_dir, library_factory=lambda: Library(data_dir, embedder=embedder))
    with qtbot.waitSignal(opened.library_ready, timeout=READY_TIMEOUT_MS):
        opened.show()
    opened.add_paths([pump_manual, DATA / "linuxcnc_integrator.pdf"])
    started = time.monotonic()
    opened.close()
    assert time.monotonic() - started < 10, "closing waited for the whole batch"

    reopened = Library(data_dir, embedder=embedder)
    for record in reopened.documents():
        assert reopened.vectors.count_of(record.doc_id) == record.chunks, record.file
    live = reopened.catalog.live_ids()
    assert all(hit.doc_id in live for hit in reopened.search("stepper bearing", k=10))
    reopened.close()
