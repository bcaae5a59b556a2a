"""Per-file progress of documents being added: one row per file, from "waiting" to "added"
(or why not), fed by the ingest events of a drop, a re-index or a watched folder. A file found
to be a revision of another says which it replaces, with an Undo button on the message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.reason_text import reason_text
from kernel.events import (
    Embedded,
    FileDone,
    FileFailed,
    FileSkipped,
    FileStarted,
    FileWarning,
    OcrUsed,
    PagesRead,
    RevisionFound,
)
from kernel.types import RevisionLink
from laoshifu.watcher import WatchEvent

_COLOURS = {"done": "#1b7f3b", "failed": "#b00020", "skipped": "#666666", "busy": "#1f4e8c"}


@dataclass
class _Row:
    item: QListWidgetItem
    name: QLabel
    status: QLabel
    bar: QProgressBar
    box: QVBoxLayout
    kind: str = "busy"


class IngestProgress(QWidget):
    """Shown while something is being added; finished rows stay until cleared so a failure
    is never missed."""

    stop_requested = Signal()
    undo_revision_requested = Signal(str)  # the superseded document's id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop_requested)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.stop_button)
        header.addWidget(self.clear_button)
        self.rows = QListWidget()
        self.rows.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.rows, 1)
        self._rows: dict[Path, _Row] = {}
        # The revision messages shown, by the superseded document's id: (message, Undo).
        self.revision_messages: dict[str, tuple[QLabel, QPushButton]] = {}
        self._busy = False
        self.retranslate()
        self.setVisible(False)

    def retranslate(self) -> None:
        self.stop_button.setText(self.tr("Stop adding"))
        self.clear_button.setText(self.tr("Clear list"))
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.stop_button.setVisible(busy)
        self.clear_button.setVisible(not busy)
        if busy:
            self.setVisible(True)
        self._update_title()

    def clear(self) -> None:
        self.rows.clear()
        self._rows.clear()
        self.revision_messages.clear()
        self.setVisible(self._busy)

    def row_status(self, path: Path) -> str:
        """The status text shown for a file (what a user reads in the row)."""
        row = self._rows.get(path)
        return row.status.text() if row else ""

    def show_event(self, event: WatchEvent) -> None:
        self.setVisible(True)
        row = self._row(event.path)
        if isinstance(event, FileStarted):
            self._set(row, self.tr("Waiting to be read…"), "busy", busy=True)
        elif isinstance(event, FileWarning):
            row.item.setToolTip("\n".join(filter(None, [row.item.toolTip(),
                                                          reason_text(event.message)])))
            row.name.setText(f"{event.path.name}  ⚠")
        elif isinstance(event, OcrUsed):
            self._set(row, self.tr("Text recognised from images (OCR) on {0} page(s)")
                      .format(len(event.pages)), "busy", busy=True)
        elif isinstance(event, PagesRead):
            self._set(row, self.tr("Read {0} page(s); indexing {1} passage(s)…")
                      .format(event.pages, event.chunks), "busy", value=(0, event.chunks))
        elif isinstance(event, Embedded):
            self._set(row, self.tr("Indexing passages: {0} of {1}").format(event.done,
                                                                           event.total),
                      "busy", value=(event.done, event.total))
        elif isinstance(event, FileDone):
            self._set(row, self.tr("Added: {0} page(s) searchable").format(event.pages),
                      "done", value=(1, 1))
        elif isinstance(event, RevisionFound):
            self._add_revision(row, event.link)
        elif isinstance(event, FileSkipped):
            self._set(row, self.tr("Not added again: {0}").format(reason_text(event.reason)),
                      "skipped", value=(1, 1))
        elif isinstance(event, FileFailed):
            why = reason_text(event.reason or event.message)
            self._set(row, self.tr("Failed: {0}").format(why), "failed", value=(0, 1))
        else:  # FileRemoved, from a watched folder
            self._set(row, self.tr("Removed from the library: the file was deleted or moved"),
                      "skipped", value=(1, 1))
        self.rows.scrollToItem(row.item)
        self._update_title()

    def _row(self, path: Path) -> _Row:
        if path in self._rows:
            return self._rows[path]
        widget = QWidget()
        name = QLabel(path.name)
        name.setStyleSheet("font-weight: bold")
        status = QLabel()
        status.setWordWrap(True)
        bar = QProgressBar()
        bar.setTextVisible(False)
        bar.setMaximumHeight(10)
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(name)
        layout.addWidget(status)
        layout.addWidget(bar)
        item = QListWidgetItem(self.rows)
        item.setToolTip(str(path))
        self.rows.setItemWidget(item, widget)
        row = _Row(item, name, status, bar, layout)
        self._rows[path] = row
        return row

    def _add_revision(self, row: _Row, link: RevisionLink) -> None:
        message = QLabel(self.tr(
            "{0} ({1}) replaces {2} ({3}): {4} of {5} pages alike; the old one is kept and "
            "marked superseded.").format(link.new_file, link.new_version, link.old_file,
                                         link.old_version, link.pages_alike, link.pages))
        message.setWordWrap(True)
        message.setStyleSheet("color: #5f370e")
        undo = QPushButton(self.tr("Undo"))
        undo.setToolTip(self.tr("{0} is not an old revision: keep it current").format(
            link.old_file))
        undo.clicked.connect(lambda: self.undo_revision_requested.emit(link.old_doc))
        line = QHBoxLayout()
        line.addWidget(message, 1)
        line.addWidget(undo)
        row.box.addLayout(line)
        self.revision_messages[link.old_doc] = (message, undo)
        message.show()  # shown now, so the row's layout counts them in its height
        undo.show()
        self._fit(row)

    def _fit(self, row: _Row) -> None:
        """A row with a wrapped message takes the height its words need at the list's width."""
        widget = self.rows.itemWidget(row.item)
        width = self.rows.viewport().width()
        height = max(row.box.totalHeightForWidth(width), widget.sizeHint().height())
        row.item.setSizeHint(QSize(width, height))

    def revision_undone(self, link: RevisionLink) -> None:
        """The link was undone: the message says so and its button goes."""
        if link.old_doc in self.revision_messages:
            message, undo = self.revision_messages[link.old_doc]
            message.setText(self.tr("Undone: {0} is current again.").format(link.old_file))
            undo.setVisible(False)

    def _set(self, row: _Row, text: str, kind: str, *, busy: bool = False,
             value: tuple[int, int] | None = None) -> None:
        row.kind = kind
        row.status.setText(text)
        row.status.setStyleSheet(f"color: {_COLOURS[kind]}")
        if busy:
            row.bar.setRange(0, 0)
        elif value is not None:
            row.bar.setRange(0, max(value[1], 1))
            row.bar.setValue(value[0])
        row.item.setSizeHint(row.item.listWidget().itemWidget(row.item).sizeHint())

    def _update_title(self) -> None:
        total = len(self._rows)
        finished = sum(1 for row in self._rows.values() if row.kind != "busy")
        text = (self.tr("Adding documents: {0} of {1} done") if self._busy
                else self.tr("Last additions: {0} of {1} done")).format(finished, total)
        self.title.setText(f"<b>{text}</b>")
        self.title.setTextFormat(Qt.TextFormat.RichText)
