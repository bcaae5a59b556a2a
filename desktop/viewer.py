"""The built-in viewer: a PDF at the cited page with the passage marked, or a text, Word or
Excel source as text scrolled to the passage, marked. "Open in system viewer" hands the file to
the desktop when more is needed than reading.

Files are read on a worker thread; only parsing the bytes (QtPdf is not thread-safe) and
finding the passage happen here, which takes milliseconds for one page.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QTextCharFormat, QTextCursor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.highlight import locate
from desktop.pdf_view import HighlightPdfView
from desktop.text_pages import joined_pages
from desktop.workers import run_task
from kernel.types import Hit

PASSAGE_CHARS = 140  # of the marked passage repeated above the page
PagesOf = Callable[[str], list]  # doc_id -> its pages (index.catalog.PageRow)


class DocumentViewer(QWidget):
    shown = Signal()  # a page is on screen, its passage marked when it could be found
    closed = Signal()
    pdf: HighlightPdfView  # made below the buttons whose clicks reach it

    def __init__(self, pages_of: PagesOf, parent: QWidget | None = None):
        super().__init__(parent)
        self._pages_of = pages_of
        self.title = QLabel()
        self.page_label = QLabel()
        self.previous_button, self.next_button = QPushButton("◀"), QPushButton("▶")
        self.zoom_out_button, self.fit_button, self.zoom_in_button = (
            QPushButton("−"), QPushButton(), QPushButton("+"))
        self.system_button, self.close_button = QPushButton(), QPushButton("✕")
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        for button, steps in ((self.zoom_out_button, -1), (self.fit_button, 0),
                              (self.zoom_in_button, 1)):
            button.clicked.connect(lambda _=False, s=steps: self.pdf.zoom(s))
        self.system_button.clicked.connect(self.open_in_system_viewer)
        self.close_button.clicked.connect(self._close)
        # Two rows, and a title that may be cut: the viewer must fit beside the answer.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        title_row, bar = QHBoxLayout(), QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.close_button)
        for widget in (self.previous_button, self.page_label, self.next_button,
                       self.zoom_out_button, self.fit_button, self.zoom_in_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.system_button)
        self.passage = QLabel()
        self.passage.setWordWrap(True)
        self.passage.setStyleSheet("background: #fff4cc; padding: 4px")
        self.pdf = HighlightPdfView()
        self.document = QPdfDocument(self)
        self.pdf.setDocument(self.document)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pdf)
        self.stack.addWidget(self.text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addLayout(bar)
        layout.addWidget(self.passage)
        layout.addWidget(self.stack, 1)
        self.path: Path | None = None
        self._pdf_path: Path | None = None
        self._buffer: QBuffer | None = None
        self._request = 0
        self.marked = False  # whether the passage is marked on what is shown
        self._quote = ""
        self._pdf_marked = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.fit_button.setText(self.tr("Fit width"))
        self.system_button.setText(self.tr("Open in system viewer"))
        self.previous_button.setToolTip(self.tr("Previous page"))
        self.next_button.setToolTip(self.tr("Next page"))
        self.close_button.setToolTip(self.tr("Close the viewer"))
        self._update_labels()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def current_page(self) -> int | None:
        """The 1-based page shown, None for a text view."""
        return self.pdf.current_page + 1 if self.stack.currentWidget() is self.pdf else None

    def show_hit(self, hit: Hit, quote: str = "") -> None:
        """Open `hit`'s document at its page and mark `quote` (or else the whole passage)."""
        self._open(Path(hit.path), hit, quote or hit.text)

    def show_document(self, path: Path, doc_id: str, name: str | None = None) -> None:
        """Open a document at its start; `name` is what the library calls it (a repair
        note's title), else its file name."""
        self._open(path, Hit(doc_id, name or path.name, str(path), 1, None, 0.0, "", 0, 0), "")

    def _open(self, path: Path, hit: Hit, quote: str) -> None:
        self.path, self._quote, self.marked = path, quote, False
        self._request += 1
        request = self._request
        self.title.setText(f"<b>{html.escape(hit.file)}</b>")
        if path.suffix.lower() == ".pdf":
            if self._pdf_path == path and self.document.status() == QPdfDocument.Status.Ready:
                self._show_pdf_page(hit, quote)
                return
            def load(data: bytes) -> None:
                if request == self._request:  # else the user has clicked another result
                    self._load_pdf(path, data, hit, quote)

            run_task(path.read_bytes, on_result=load, on_error=self._failed)
        else:
            def show(pages: list) -> None:
                if request == self._request:
                    self._show_text(pages, hit, quote)

            run_task(self._pages_of, hit.doc_id, on_result=show, on_error=self._failed)

    def _load_pdf(self, path: Path, data: bytes, hit: Hit, quote: str) -> None:
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        if self.document.status() != QPdfDocument.Status.Ready:
            self._pdf_path = None
            self._failed(self.tr("{0} could not be opened as a PDF. Try the system viewer.")
                         .format(path.name))
            return
        self._pdf_path = path
        self._show_pdf_page(hit, quote)

    def _show_pdf_page(self, hit: Hit, quote: str) -> None:
        self.stack.setCurrentWidget(self.pdf)
        page = min(max((hit.page or 1) - 1, 0), self.document.pageCount() - 1)
        polygons, self._pdf_marked = [], ""
        if quote:
            text = self.document.getAllText(page).text()
            span = locate(text, quote, near=hit.start) or locate(text, hit.text, near=hit.start)
            if span:
                selection = self.document.getSelectionAtIndex(page, span[0], span[1] - span[0])
                polygons, self._pdf_marked = list(selection.bounds()), selection.text()
        self.marked = bool(polygons)
        self.pdf.mark(page, polygons)
        self.pdf.go_to(page)
        self._update_labels()
        self.shown.emit()

    def _show_text(self, pages: list, hit: Hit, quote: str) -> None:
        self.stack.setCurrentWidget(self.text)
        text, span = joined_pages(pages, hit, quote)
        self.text.setPlainText(text)
        selections = []
        if span:
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(span[0])
            cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
            mark = QTextEdit.ExtraSelection()
            mark.cursor = cursor
            mark.format = QTextCharFormat()
            mark.format.setBackground(QColor(255, 214, 80))
            selections.append(mark)
            cursor.setPosition(span[0])
            self.text.setTextCursor(cursor)
            self.text.centerCursor()
        self.text.setExtraSelections(selections)
        self.marked = bool(span)
        self._update_labels()
        self.shown.emit()

    def marked_text(self) -> str:
        """The characters marked on what is shown (PDF page or text)."""
        if self.stack.currentWidget() is self.pdf:
            return self._pdf_marked
        selections = self.text.extraSelections()
        return selections[0].cursor.selectedText() if selections else ""

    def _step(self, delta: int) -> None:
        if self.stack.currentWidget() is not self.pdf or self.document.pageCount() == 0:
            return
        page = min(max(self.pdf.current_page + delta, 0), self.document.pageCount() - 1)
        self.pdf.go_to(page)
        self._update_labels()

    def _update_labels(self) -> None:
        is_pdf = self.stack.currentWidget() is self.pdf and self._pdf_path is not None
        for widget in (self.previous_button, self.next_button, self.page_label,
                       self.zoom_out_button, self.fit_button, self.zoom_in_button):
            widget.setVisible(is_pdf)
        if is_pdf:
            self.page_label.setText(self.tr("Page {0} of {1}").format(
                self.pdf.current_page + 1, self.document.pageCount()))
        self._update_passage()

    def _update_passage(self) -> None:
        quote = " ".join(self._quote.split())
        if not quote:
            self.passage.setVisible(False)
            return
        self.passage.setVisible(True)
        short = quote if len(quote) <= PASSAGE_CHARS else quote[:PASSAGE_CHARS] + "…"
        if self.marked:
            self.passage.setText(self.tr("Marked on the page: “{0}”").format(short))
        else:
            self.passage.setText(self.tr("The passage could not be marked on this page (a "
                                         "scanned page has no text to mark). It reads: “{0}”")
                                 .format(short))

    def _failed(self, message: str) -> None:
        self.passage.setVisible(True)
        self.passage.setText(message)

    def open_in_system_viewer(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def _close(self) -> None:
        self.setVisible(False)
        self.closed.emit()
