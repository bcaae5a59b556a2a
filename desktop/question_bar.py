"""The question box and its two modes. Search shows matching pages as you type; Ask writes an
answer. Enter runs the current mode (the last one used), Esc stops what is running."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QPushButton, QWidget

from desktop.settings import MODE_ASK, MODE_SEARCH

LIVE_SEARCH_DELAY_MS = 400


class QuestionBar(QWidget):
    search_requested = Signal(str)
    ask_requested = Signal(str)
    stop_requested = Signal()
    settings_requested = Signal()

    def __init__(self, mode: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.question = QLineEdit()
        self.question.setClearButtonEnabled(True)
        self.search_button = QPushButton()
        self.ask_button = QPushButton()
        self.stop_button = QPushButton()
        self.settings_button = QPushButton()
        self.modes = QButtonGroup(self)
        for button in (self.search_button, self.ask_button):
            button.setCheckable(True)
            self.modes.addButton(button)
        (self.ask_button if mode == MODE_ASK else self.search_button).setChecked(True)
        self.search_button.clicked.connect(lambda: self.run(MODE_SEARCH))
        self.ask_button.clicked.connect(lambda: self.run(MODE_ASK))
        self.stop_button.clicked.connect(self.stop_requested)
        self.settings_button.clicked.connect(self.settings_requested)
        self.question.returnPressed.connect(lambda: self.run(self.mode))
        self._live = QTimer(self, singleShot=True, interval=LIVE_SEARCH_DELAY_MS)
        self._live.timeout.connect(self._live_search)
        self.question.textEdited.connect(lambda _text: self._live.start())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.question, 1)
        for button in (self.search_button, self.ask_button, self.stop_button,
                       self.settings_button):
            row.addWidget(button)
        self.stop_button.setEnabled(False)
        self.set_ready(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setPlaceholderText(self.tr(
            "Search your documents or ask a question (Ctrl+L), in English or Chinese"))
        self.search_button.setText(self.tr("Search"))
        self.ask_button.setText(self.tr("Ask"))
        self.stop_button.setText(self.tr("Stop (Esc)"))
        self.settings_button.setText(self.tr("Settings"))
        self.search_button.setToolTip(self.tr("Show the pages that match, best first"))
        self.ask_button.setToolTip(self.tr("Write an answer from your documents, citing pages"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def mode(self) -> str:
        return MODE_ASK if self.ask_button.isChecked() else MODE_SEARCH

    def set_ready(self, ready: bool) -> None:
        for widget in (self.question, self.search_button, self.ask_button):
            widget.setEnabled(ready)

    def set_running(self, running: bool) -> None:
        self.stop_button.setEnabled(running)

    def run(self, mode: str) -> None:
        self._live.stop()
        (self.ask_button if mode == MODE_ASK else self.search_button).setChecked(True)
        text = self.question.text().strip()
        if text:
            (self.ask_requested if mode == MODE_ASK else self.search_requested).emit(text)

    def _live_search(self) -> None:
        text = self.question.text().strip()
        if self.mode == MODE_SEARCH and text and self.question.isEnabled():
            self.search_requested.emit(text)

    def focus_question(self) -> None:
        self.question.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.question.selectAll()
