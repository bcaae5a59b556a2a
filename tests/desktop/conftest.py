"""The real main window on a real library (Chroma on disk, the session's embedding and answer
models), with its settings in an .ini file of the test's own, driven as a user drives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.appearance import apply_language, apply_size
from desktop.main_window import MainWindow
from desktop.settings import AppearanceSettings, AppSettings
from laoshifu.composition import open_library
from laoshifu.library import Library

READY_TIMEOUT_MS = 30_000
INGEST_TIMEOUT_MS = 120_000
SEARCH_TIMEOUT_MS = 30_000
ANSWER_TIMEOUT_MS = 180_000


@pytest.fixture
def settings_file(tmp_path) -> Path:
    return tmp_path / "laoshifu.ini"


@pytest.fixture
def open_window(qtbot, data_dir, settings_file, open_at, chat_model, search_models):
    """Opens a main window the way the app does (settings from the .ini, English unless the
    test says otherwise) on a library sharing the session's models (in server mode, on the
    servers the settings name); closes it afterwards."""
    opened: list[MainWindow] = []

    def factory(settings) -> Library:
        if settings.answer_server or settings.vector_server:
            return open_library(settings, models=search_models)
        return open_at(settings.data_dir)

    def open_(language: str = "en") -> MainWindow:
        store = QSettings(str(settings_file), QSettings.Format.IniFormat)
        settings = AppSettings.load(store)
        apply_language(QApplication.instance(), settings.appearance.language or language)
        window = MainWindow(settings, store, library_factory=factory)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.documents_shown, timeout=READY_TIMEOUT_MS):
            window.show()
        opened.append(window)
        return window

    yield open_
    for window in opened:
        window.close()
        assert window.library is None, "closing the window must close the library's stores"
    apply_language(QApplication.instance(), "en")
    apply_size(QApplication.instance(), AppearanceSettings())


@pytest.fixture
def window(open_window) -> MainWindow:
    return open_window()


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
    listing = window.library_panel.documents
    return [listing.itemWidget(listing.item(i)).text() for i in range(listing.count())]


def ingest(qtbot, window: MainWindow, *paths: Path) -> None:
    with qtbot.waitSignal(window.ingest_finished, timeout=INGEST_TIMEOUT_MS):
        drop_files(window, list(paths))
    rows = library_rows(window)
    for path in paths:
        if path.is_file():
            assert any(path.name in row for row in rows), \
                f"ingest finished but the library list does not show {path.name}"
