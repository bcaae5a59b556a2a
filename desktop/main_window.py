"""The main window: drop documents anywhere, watch them index, search or ask, read the page.

The window never waits: opening the library, listing it, ingesting, searching, answering and
reading files all go through `run_task`, and their results come back as callbacks on the UI
thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.answer_runner import AnswerRunner
from desktop.answer_view import AnswerView
from desktop.appearance import apply_language, apply_size
from desktop.highlight import query_terms
from desktop.hit_list import HitList, Verdicts
from desktop.library_panel import LibraryPanel
from desktop.library_session import (
    WARM_ANSWER,
    WARM_NO_ANSWERS,
    WARM_READY,
    WARM_SEARCH,
    LibraryFactory,
    LibrarySession,
)
from desktop.note_form import NoteForm
from desktop.question_bar import QuestionBar
from desktop.self_test_dialog import SelfTestDialog
from desktop.settings import AppSettings
from desktop.settings_dialog import SettingsDialog
from desktop.tag_view import TagView
from desktop.viewer import DocumentViewer
from desktop.whats_new_dialog import WhatsNewDialog
from desktop.workers import hand_the_interpreter_to_the_window_first, run_task
from index.catalog import PageRow
from ingest.notes import RepairNote
from kernel.errors import StoreError
from kernel.events import FileDone, FileFailed, FileRemoved, RevisionFound
from kernel.reasons import Reason
from kernel.types import GOOD, Answer, DocumentRecord, Hit, PageMark, RevisionLink
from laoshifu import mirror
from laoshifu.library import Library
from laoshifu.self_test import version

SEARCH_RESULTS = 10
MIN_ANSWER_WIDTH = 380  # the answer stays readable beside the viewer


def _documents_and_revisions(library: Library) -> tuple[list[DocumentRecord],
                                                        list[RevisionLink]]:
    """What the library panel shows: the documents, and which of them are superseded."""
    return library.documents(), library.revisions()


def _library_settings(library: Library) -> tuple[list[Path], Path | None]:
    """The open library's watched folders and shared notes folder (None: its own), read off
    the UI thread for the settings dialog."""
    folder = library.notes_folder
    return library.watched_folders, None if folder == library.paths.notes else folder


class MainWindow(QMainWindow):
    library_ready = Signal()
    ingest_finished = Signal()
    search_finished = Signal()
    answer_finished = Signal()
    documents_shown = Signal()
    settings_opened = Signal(object)  # the SettingsDialog on screen
    ingest_event = Signal(object)  # every ingest event shown, from drops and watched folders
    mark_kept = Signal(object)  # the PageMark a click on a result or source kept
    note_form_opened = Signal(object)  # the NoteForm on screen
    note_saved = Signal(object)  # the DocumentRecord of a note saved and searchable

    def __init__(self, settings: AppSettings, store: QSettings,
                 library_factory: LibraryFactory | None = None):
        """`library_factory` opens the library from the model settings (on a worker thread);
        tests pass one that shares already loaded models."""
        super().__init__()
        hand_the_interpreter_to_the_window_first()
        self.settings, self._store = settings, store
        self.setAcceptDrops(True)
        self.resize(1400, 860)
        self.session = LibrarySession(library_factory, self)
        self.session.opened.connect(self._on_library)
        self.session.failed.connect(self._show_error)
        self.session.warming.connect(self._on_warming)
        self.session.ingest_event.connect(self._on_ingest_event)
        self.session.writing.connect(self._on_writing)
        self.session.watch_failed.connect(self._show_error)
        self.answers = AnswerRunner(self)
        self._search_seq = 0
        self._searched = ""  # the question the results list shows pages for
        self._asked = ""  # the question the answer's sources are for
        self._refresh_timer = QTimer(self, singleShot=True, interval=300)
        self._refresh_timer.timeout.connect(self.refresh_documents)
        # On a plant's shared store the list follows what the office publishes: the library
        # syncs in the background, the window lists what it holds as often.
        self._published_timer = QTimer(self)
        self._published_timer.timeout.connect(self.refresh_documents)
        self._build()
        self.warm_stage = ""
        self.retranslate()
        self.statusBar().showMessage(self.tr("Opening the library…"))
        self.session.open(settings.library)

    @property
    def library(self) -> Library | None:
        return self.session.library

    def _build(self) -> None:
        self.bar = QuestionBar(self.settings.mode)
        self.bar.search_requested.connect(self.search)
        self.bar.ask_requested.connect(self.ask)
        self.bar.stop_requested.connect(self.stop)
        self.bar.settings_requested.connect(self.open_settings)
        self.notes_menu = self.menuBar().addMenu("")
        self.new_note_action = self.notes_menu.addAction("", self.new_note)
        self.new_note_action.setShortcut(QKeySequence.StandardKey.New)
        self.help_menu = self.menuBar().addMenu("")
        self.self_test_action = self.help_menu.addAction("", self.open_self_test)
        self.about_action = self.help_menu.addAction("", self.show_about)
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.bar.focus_question)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.stop)
        self.error_banner = QLabel()
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet("background: #fde2e1; color: #8a1c1c; padding: 8px")
        self.error_banner.setVisible(False)
        self.library_panel = LibraryPanel()
        self.library_panel.open_requested.connect(self.open_document)
        self.library_panel.reindex_requested.connect(self.reindex)
        self.library_panel.remove_requested.connect(self.remove)
        self.library_panel.edit_note_requested.connect(self.edit_note)
        self.library_panel.remove_note_requested.connect(self.remove_note)
        self.library_panel.progress.stop_requested.connect(self.session.stop_writes)
        self.library_panel.undo_revision_requested.connect(self.undo_revision)
        self.library_panel.progress.undo_revision_requested.connect(self.undo_revision)
        self.library_panel.all_revisions_changed.connect(self._search_again)
        self.library_panel.machines_requested.connect(self.open_tag_view)
        self.library_panel.whats_new_requested.connect(self.open_whats_new)
        self.tag_dock = QDockWidget(self)
        self.tag_dock.setObjectName("tag-view")
        self.tag_dock.setVisible(False)
        self.tag_view: TagView | None = None
        self.results = HitList()
        self.results.hit_chosen.connect(lambda hit, _n: self.show_source(hit, hit.text))
        self.results.mark_requested.connect(lambda hit, verdict: self.mark(
            self.results, self._searched, hit, verdict))
        self.answer_view = AnswerView()
        self.answers.sources.connect(lambda found: self.answer_view.begin(*found))
        self.answers.composed.connect(self.answer_view.show_composed)
        self.answers.line.connect(self.answer_view.add_line)
        self.answers.answered.connect(self._show_answer)
        self.answers.failed.connect(self._on_answer_failed)
        self.answers.running_changed.connect(self._on_answer_running)
        self.answer_view.citation_chosen.connect(lambda hit, _n, quote:
                                                 self.show_source(hit, quote))
        self.answer_view.sources.mark_requested.connect(lambda hit, verdict: self.mark(
            self.answer_view.sources, self._asked, hit, verdict))
        self.middle = QStackedWidget()
        self.middle.setMinimumWidth(MIN_ANSWER_WIDTH)
        self.middle.addWidget(self.answer_view)
        self.middle.addWidget(self.results)
        self.viewer = DocumentViewer(self._pages_of)
        self.viewer.setVisible(False)
        self.splitter = QSplitter()
        for widget in (self.library_panel, self.middle, self.viewer):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([380, 520, 500])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.bar)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.model_status = QLabel()
        self.statusBar().addPermanentWidget(self.model_status)

    def retranslate(self) -> None:
        title = self.tr("Laoshifu 老师傅 — your manuals, answered")
        if self.library is not None and self.library.read_only:  # a line PC of a plant
            role = self.tr("read-only: the office publishes")
            title = f"{title} ({role})"
        self.setWindowTitle(title)
        self.notes_menu.setTitle(self.tr("&Notes"))
        self.new_note_action.setText(self.tr("&New repair note…"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.self_test_action.setText(self.tr("&Self-test…"))
        self.about_action.setText(self.tr("&About Laoshifu"))
        self.tag_dock.setWindowTitle(self.tr("Machines"))
        self._on_warming(self.warm_stage)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the library -----------------------------------------------------------------------

    def _on_library(self, library: Library) -> None:
        self.error_banner.setVisible(False)
        self.library_panel.set_read_only(library.read_only)
        self.retranslate()
        if library.storage.shared:
            self._published_timer.start(int(mirror.SYNC_EVERY_S * 1000))
        else:
            self._published_timer.stop()
        self.bar.set_ready(True)
        self.statusBar().showMessage(self.tr("Ready."), 5000)
        self.refresh_documents()
        self.library_ready.emit()

    def _on_warming(self, stage: str) -> None:
        self.warm_stage = stage
        texts = {WARM_SEARCH: self.tr("Loading the search model…"),
                 WARM_ANSWER: self.tr("Loading the answer model…"),
                 WARM_READY: self.tr("Models ready"),
                 WARM_NO_ANSWERS: self.tr("Search ready; the answer model cannot be used "
                                          "(ask to see why)")}
        self.model_status.setText(texts.get(stage, ""))

    def _pages_of(self, doc_id: str) -> list[PageRow]:
        """A document's pages for the viewer (on a worker thread): only a shown result is
        opened, and results show only while a library is open."""
        library = self.library
        if library is None:
            raise StoreError(Reason("library_closed"))
        return library.catalog.pages(doc_id)

    def _show_error(self, message: str) -> None:
        """A readable message, in the banner when nothing works without it fixed."""
        if self.library is None:
            self.error_banner.setText(message)
            self.error_banner.setVisible(True)
        self.statusBar().showMessage(message)

    def refresh_documents(self) -> None:
        if self.library is not None:
            run_task(_documents_and_revisions, self.library, on_result=self._show_documents,
                     on_error=self._show_error)

    def _show_documents(self, found: tuple[list[DocumentRecord], list[RevisionLink]]) -> None:
        self.library_panel.show_documents(*found)
        self.documents_shown.emit()

    # -- adding, re-indexing, removing ---------------------------------------------------------

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
            self.statusBar().showMessage(self.tr("The library is still opening; drop the files "
                                                 "again in a moment."))
            return
        if self.library.read_only:
            self.statusBar().showMessage(self.tr("This PC is read-only: the office adds "
                                                 "manuals to the plant's library."))
            return
        self.session.write(self.library.ingest, paths)

    def reindex(self, record: DocumentRecord) -> None:
        if self.library is not None:
            self.session.write(self.library.reindex, record.doc_id)

    def remove(self, record: DocumentRecord) -> None:
        if self.library is not None:
            self.session.write(self.library.remove, record.doc_id,
                               on_finished=self.refresh_documents)

    def _on_ingest_event(self, event) -> None:
        self.library_panel.progress.show_event(event)
        self.ingest_event.emit(event)
        if isinstance(event, FileDone | FileFailed | FileRemoved | RevisionFound):
            self._refresh_timer.start()

    def _on_writing(self, busy: bool) -> None:
        self.library_panel.progress.set_busy(busy)
        if not busy and self.library is not None:
            run_task(_documents_and_revisions, self.library, on_result=self._show_documents,
                     on_finished=self.ingest_finished.emit)

    def undo_revision(self, doc_id: str) -> None:
        """Make a superseded document current again (the message's Undo, the card's menu)."""
        if self.library is None:
            return

        def undone(link: RevisionLink) -> None:
            self.library_panel.progress.revision_undone(link)
            self.refresh_documents()
            self._search_again()

        self.session.write(self.library.undo_revision, doc_id, on_result=undone)

    def open_document(self, record: DocumentRecord) -> None:
        self._open_path(record.path, record.doc_id, record.name)

    # -- machines and what's new ---------------------------------------------------------------

    def open_tag_view(self, tag: str = "") -> TagView | None:
        """The tag view, docked on the right of the window (made on first use); `tag` shows
        that machine at once."""
        if self.library is None:
            return None
        if self.tag_view is None:
            self.tag_view = TagView(lambda spelling: self._library_now().tag(spelling),
                                    lambda: self._library_now().tags())
            self.tag_view.item_chosen.connect(self.show_source)
            self.tag_dock.setWidget(self.tag_view)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.tag_dock)
        view = self.tag_view
        self.tag_dock.show()
        view.refresh_tags()
        if tag:
            view.show_tag(tag)
        return view

    def open_whats_new(self) -> WhatsNewDialog | None:
        if self.library is None:
            return None
        dialog = WhatsNewDialog(lambda days: self._library_now().changes(days), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.change_chosen.connect(lambda change: self._open_path(change.path, change.doc_id))
        dialog.show()
        dialog.refresh()
        return dialog

    def _library_now(self) -> Library:
        """The open library, on a worker: the settings may have reopened it meanwhile."""
        library = self.library
        if library is None:
            raise StoreError(Reason("library_closed"))
        return library

    def _open_path(self, path: str, doc_id: str, name: str | None = None) -> None:
        self._reveal_viewer()
        self.viewer.show_document(Path(path), doc_id, name)

    # -- repair notes --------------------------------------------------------------------------

    def new_note(self) -> NoteForm | None:
        """Notes → New repair note: the form, window-modal; saved through the write queue."""
        library = self.library
        if library is None:
            self.statusBar().showMessage(self.tr("The library is still opening; try again in "
                                                 "a moment."))
            return None
        return self._open_note_form(NoteForm(library.note_tags, parent=self), None)

    def edit_note(self, record: DocumentRecord) -> None:
        library = self.library
        if library is not None:
            run_task(library.note, record.doc_id, on_error=self._show_error,
                     on_result=lambda note: self._open_note_form(
                         NoteForm(library.note_tags, note, self), record))

    def _open_note_form(self, form: NoteForm, record: DocumentRecord | None) -> NoteForm:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.save_requested.connect(lambda note, photos: self._save_note(form, record, note,
                                                                          photos))
        form.open()
        self.note_form_opened.emit(form)
        return form

    def _save_note(self, form: NoteForm, record: DocumentRecord | None, note: RepairNote,
                   photos: list[Path]) -> None:
        library = self.library
        if library is None:
            form.fail(self.tr("The library is closed; open it again in Settings, then save."))
            return

        def saved(written: DocumentRecord) -> None:
            form.saved()
            self.statusBar().showMessage(self.tr("Saved: {0}").format(written.name), 8000)
            self.refresh_documents()
            self.note_saved.emit(written)

        if record is None:
            self.session.write(library.add_note, note, photos, on_result=saved,
                               on_error=form.fail)
        else:
            self.session.write(library.edit_note, record.doc_id, note, photos,
                               on_result=saved, on_error=form.fail)

    def remove_note(self, record: DocumentRecord) -> None:
        if self.library is not None:
            self.session.write(self.library.remove_note, record.doc_id,
                               on_finished=self.refresh_documents)

    # -- search and ask ------------------------------------------------------------------------

    def search(self, query: str) -> None:
        if self.library is None:
            return
        self._search_seq += 1
        seq = self._search_seq
        self.middle.setCurrentWidget(self.results)
        self.statusBar().showMessage(self.tr("Searching…"))
        library = self.library
        every = self.library_panel.old_revisions.isChecked()

        def show(found: tuple[list[Hit], list[str], Verdicts]) -> None:
            if seq == self._search_seq:  # else a newer search replaced this one
                self._searched = query
                self._show_hits(*found)

        run_task(lambda: (library.search(query, SEARCH_RESULTS, all_revisions=every),
                          query_terms(query),
                          library.verdicts(query)),
                 on_result=show, on_error=self._show_error)

    def _search_again(self) -> None:
        """The shown results again, after the revisions or the old-revisions toggle changed."""
        if self._searched and self.middle.currentWidget() is self.results:
            self.search(self._searched)

    def _show_hits(self, hits: list[Hit], terms: list[str], verdicts: Verdicts) -> None:
        self.results.show_hits(hits, terms, verdicts=verdicts)
        self.statusBar().showMessage(self.tr("{0} page(s) found.").format(len(hits)) if hits
                                     else self.tr("No matches. Try other words or a code."))
        self.search_finished.emit()

    def ask(self, question: str) -> None:
        if self.library is None:
            return
        self.stop()
        self._search_seq += 1  # a live search still running must not replace the answer
        self.middle.setCurrentWidget(self.answer_view)
        self.answer_view.begin([], [])
        self._asked = question
        self.statusBar().showMessage(self.tr("Finding the pages and writing an answer…"))
        self.answers.start(self.library, question)

    def _show_answer(self, answer: Answer) -> None:
        self.answer_view.finish(answer)
        self.statusBar().showMessage(self.tr("Answer written. Click a [n] or a source to see "
                                             "its page."), 8000)
        self.answer_finished.emit()

    def _on_answer_failed(self, message: str) -> None:
        self.answer_view.fail(message)
        self._show_error(message)
        self.answer_finished.emit()

    def _on_answer_running(self, running: bool) -> None:
        self.bar.set_running(running)
        if not running:
            self.answer_view.stop()

    def stop(self) -> None:
        """Esc: stop writing the answer (what is written and backed stays) and drop pending
        search results."""
        self._search_seq += 1
        if self.answers.stop():
            self.statusBar().showMessage(self.tr("Stopped."), 5000)

    def mark(self, shown_in: HitList, query: str, hit: Hit, verdict: str) -> None:
        """Keep a technician's mark on a result or source (a catalog write, off the UI
        thread); the row's buttons and the status bar say when it is kept."""
        library = self.library
        if library is None:
            shown_in.show_mark(hit, None)
            return
        where = f"{hit.file}, {shown_in.where(hit)}"

        def kept(mark: PageMark) -> None:
            shown_in.show_mark(hit, mark.mark)
            self.statusBar().showMessage(
                self.tr("Kept: {0} is the right page for this question; it comes first next "
                        "time.").format(where) if mark.mark == GOOD else
                self.tr("Kept: {0} is a wrong page for this question; it comes after the "
                        "others next time.").format(where), 8000)
            self.mark_kept.emit(mark)

        def failed(message: str) -> None:
            shown_in.show_mark(hit, None)
            self._show_error(message)

        run_task(library.mark, query, hit.doc_id, hit.page, verdict, on_result=kept,
                 on_error=failed)

    def show_source(self, hit: Hit, quote: str) -> None:
        self._reveal_viewer()
        self.viewer.show_hit(hit, quote)

    def _reveal_viewer(self) -> None:
        """The page gets the most room when the viewer first opens; the answer keeps enough
        to read, the library shrinks."""
        if not self.viewer.isVisible():
            width = sum(self.splitter.sizes())
            self.viewer.setVisible(True)
            self.splitter.setSizes([width * 22 // 100, width * 33 // 100, width * 45 // 100])

    # -- help ------------------------------------------------------------------------------

    def open_self_test(self) -> SelfTestDialog:
        """Window-modal and running on a worker: the window keeps painting meanwhile."""
        dialog = SelfTestDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        dialog.start()
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Laoshifu"), self.tr(
            "Laoshifu %1: offline answers from your maintenance documents, every claim on a "
            "page. Nothing leaves this computer.").replace("%1", version()))

    # -- settings and closing --------------------------------------------------------------

    def open_settings(self) -> None:
        if self.library is None:
            self._edit_settings(([], None))
            return
        library = self.library
        run_task(_library_settings, library, on_result=self._edit_settings,
                 on_error=self._show_error)

    def _edit_settings(self, found: tuple[list[Path], Path | None]) -> None:
        """Window-modal, not a nested event loop: the window keeps painting and tests can
        drive the dialog like a user."""
        watched, notes_folder = found
        dialog = SettingsDialog(self.settings, watched, self, notes_folder)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._settings_chosen(dialog, watched, notes_folder))
        dialog.open()
        self.settings_opened.emit(dialog)

    def _settings_chosen(self, dialog: SettingsDialog, watched: list[Path],
                         notes_folder: Path | None) -> None:
        chosen_notes = dialog.chosen_notes_folder()
        if chosen_notes != notes_folder and self.library is not None:
            library = self.library
            self.session.write(setattr, library, "notes_folder", chosen_notes)
        self.apply_settings(dialog.chosen(), dialog.chosen_watched(), watched)

    def apply_settings(self, chosen: AppSettings, watched: list[Path],
                       previous_watched: list[Path]) -> None:
        """Apply what changed without a restart: look at once, models by reopening."""
        before, self.settings = self.settings, chosen
        chosen.save(self._store)
        app = QApplication.instance()
        assert isinstance(app, QApplication), "the window runs in a QApplication"
        if chosen.appearance != before.appearance:
            apply_language(app, chosen.appearance.language)
            apply_size(app, chosen.appearance)
        if chosen.library != before.library:
            self.bar.set_ready(False)
            self.statusBar().showMessage(self.tr("Opening the library…"))
            self.session.open(chosen.library,
                              watched if watched != previous_watched else None)
        elif watched != previous_watched:
            self.session.watch(watched)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop ingesting after the current step (finished documents stay; the interrupted
        one is simply absent), stop any answer, then close the stores."""
        self.stop()
        self.settings.mode = self.bar.mode
        self.settings.save(self._store)
        self.session.close()
        super().closeEvent(event)
