"""The main window: drop documents anywhere, see the library, search or ask, read the pages.

The window never waits: opening the library, ingesting, searching and answering all go through
`run_task`, and their results come back as callbacks on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.workers import Task, run_task
from laoshifu.events import FileDone, FileFailed, IngestEvent
from laoshifu.library import Library
from laoshifu.types import Answer, Hit

HIT_ROLE = Qt.ItemDataRole.UserRole


class MainWindow(QMainWindow):
    library_ready = Signal()
    ingest_finished = Signal()
    search_finished = Signal()

    def __init__(self, data_dir: Path, library_factory: Callable[[], Library] | None = None):
        """`library_factory` opens the library (on a worker thread); by default
        `Library(data_dir)`. Tests pass one that shares an already loaded embedder."""
        super().__init__()
        self.setWindowTitle("Laoshifu 老师傅")
        self.setAcceptDrops(True)
        self.resize(1100, 720)
        self.library: Library | None = None
        # Writes go one at a time; searches use the global pool and never queue behind them.
        self._write_pool = QThreadPool(self)
        self._write_pool.setMaxThreadCount(1)
        self._ingests: set[Task] = set()
        self._build()
        self.statusBar().showMessage("Opening the library…")
        factory = library_factory or (lambda: Library(data_dir))
        run_task(factory, on_result=self._on_library, on_error=self._show_error)

    def _build(self) -> None:
        self.question = QLineEdit(placeholderText="Search your documents or ask a question "
                                                  "(Ctrl+L)")
        self.search_button = QPushButton("Search")
        self.ask_button = QPushButton("Ask")
        for control in (self.question, self.search_button, self.ask_button):
            control.setEnabled(False)
        self.question.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.ask_button.clicked.connect(self.ask)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.question.setFocus)

        query_row = QHBoxLayout()
        query_row.addWidget(self.question, 1)
        query_row.addWidget(self.search_button)
        query_row.addWidget(self.ask_button)

        self.documents = QListWidget()
        self.documents.setSpacing(2)
        self.documents.setAlternatingRowColors(True)
        self.drop_hint = QLabel("Drop manuals, notes, fault logs or photos of pages (PDF, "
                                "Word, Excel, CSV, text, PNG/JPG), or whole folders, anywhere "
                                "on this window to add them.")
        self.drop_hint.setWordWrap(True)
        library_panel = QWidget()
        library_layout = QVBoxLayout(library_panel)
        library_layout.addWidget(QLabel("<b>Library</b>"))
        library_layout.addWidget(self.documents, 1)
        library_layout.addWidget(self.drop_hint)

        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setSpacing(4)
        self.results.setAlternatingRowColors(True)
        self.answer_view = QTextBrowser()
        self.answer_view.setPlaceholderText("Press Search for the pages that match, or Ask for "
                                            "an answer written from them with the pages cited.")
        results_panel = QSplitter(Qt.Orientation.Vertical)
        results_panel.addWidget(self.answer_view)
        results_panel.addWidget(self.results)
        results_panel.setSizes([250, 450])

        splitter = QSplitter()
        splitter.addWidget(library_panel)
        splitter.addWidget(results_panel)
        splitter.setSizes([320, 780])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(query_row)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _on_library(self, library: Library) -> None:
        self.library = library
        for control in (self.question, self.search_button, self.ask_button):
            control.setEnabled(True)
        self.statusBar().showMessage("Ready.")
        self.refresh_documents()
        self.library_ready.emit()

    def _show_error(self, message: str) -> None:
        self.statusBar().showMessage(message)
        self.answer_view.setPlainText(message)

    def refresh_documents(self, then: Callable[[], None] | None = None) -> None:
        if self.library is None:
            return
        run_task(self.library.documents, on_result=self._fill_documents,
                 on_error=self._show_error, on_finished=then)

    def _fill_documents(self, documents) -> None:
        self.documents.clear()
        for record in documents:
            self.documents.addItem(f"{record.file}\n{record.pages} page(s) · {record.status}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    def add_paths(self, paths: list[Path]) -> None:
        if self.library is None:
            self.statusBar().showMessage("The library is still opening; drop the files again "
                                         "in a moment.")
            return
        task = run_task(self.library.ingest, paths, on_progress=self._on_ingest_event,
                        on_error=self._show_error, on_finished=self._on_ingest_finished,
                        pool=self._write_pool)
        self._ingests.add(task)
        task.signals.finished.connect(lambda: self._ingests.discard(task))

    def _on_ingest_event(self, event: IngestEvent) -> None:
        self.statusBar().showMessage(f"{event.path.name}: {event.describe().strip()}")
        if isinstance(event, FileDone | FileFailed):
            self.refresh_documents()

    def _on_ingest_finished(self) -> None:
        self.refresh_documents(then=self.ingest_finished.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop ingesting after the current step (finished documents stay; the interrupted
        one is simply absent), then close the stores."""
        for task in self._ingests:
            task.cancel()
        self._write_pool.clear()
        self._write_pool.waitForDone()
        QThreadPool.globalInstance().waitForDone()
        if self.library is not None:
            self.library.close()
            self.library = None
        super().closeEvent(event)

    def search(self) -> None:
        query = self.question.text().strip()
        if self.library is None or not query:
            return
        self.statusBar().showMessage("Searching…")
        run_task(self.library.search, query, on_result=self._show_hits,
                 on_error=self._show_error)

    def _show_hits(self, hits: list[Hit]) -> None:
        self.results.clear()
        for hit in hits:
            where = f"page {hit.page}" if hit.page else "text"
            snippet = " ".join(hit.text.split())[:220]
            item = QListWidgetItem(f"{hit.file} — {where}\n{snippet}")
            item.setData(HIT_ROLE, hit)
            self.results.addItem(item)
        self.statusBar().showMessage(f"{len(hits)} page(s) found." if hits else "No matches.")
        self.search_finished.emit()

    def ask(self) -> None:
        question = self.question.text().strip()
        if self.library is None or not question:
            return
        self.answer_view.setPlainText("Thinking…")
        self.statusBar().showMessage("Finding the pages and writing an answer…")
        run_task(lambda: self.library.ask(question).result(), on_result=self._show_answer,
                 on_error=self._show_error)

    def _show_answer(self, answer: Answer) -> None:
        lines = [answer.text, ""]
        for citation in answer.citations:
            where = f", page {citation.page}" if citation.page else ""
            lines.append(f"[{citation.n}] {citation.file}{where}")
        self.answer_view.setPlainText("\n".join(lines))
        self._show_hits(answer.sources)
