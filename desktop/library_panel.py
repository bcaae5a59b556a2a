"""The library: every document with its type, pages, status, OCR and warning badges and date,
the buttons to open, re-index or remove one, and the progress of files being added. A document
a newer revision supersedes says so on its card; its context menu makes it current again, and
"Show old revisions" lets searches show what the current revision repeats."""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ingest_progress import IngestProgress
from kernel.types import NOTE, DocumentRecord, RevisionLink

RECORD_ROLE = Qt.ItemDataRole.UserRole
_BADGE = "<span style='background:{bg}; color:{fg}'>&nbsp;{text}&nbsp;</span>"


def _badge(text: str, bg: str, fg: str = "#1a1a1a") -> str:
    return _BADGE.format(bg=bg, fg=fg, text=html.escape(text))


def local_date(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


class LibraryPanel(QWidget):
    open_requested = Signal(object)  # DocumentRecord
    reindex_requested = Signal(object)
    remove_requested = Signal(object)
    edit_note_requested = Signal(object)
    remove_note_requested = Signal(object)  # a repair note: its file is deleted too
    undo_revision_requested = Signal(str)  # the superseded document's id
    all_revisions_changed = Signal(bool)
    machines_requested = Signal()
    whats_new_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel()
        self.progress = IngestProgress()
        self.documents = QListWidget()
        self.documents.setAlternatingRowColors(True)
        self.documents.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.documents.itemActivated.connect(lambda item: self.open_requested.emit(
            item.data(RECORD_ROLE)))
        self.documents.currentItemChanged.connect(self._update_buttons)
        self.documents.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.documents.customContextMenuRequested.connect(self._context_menu)
        self.old_revisions = QCheckBox()
        self.old_revisions.toggled.connect(self.all_revisions_changed)
        self._read_only = False
        self.open_button = QPushButton()
        self.reindex_button = QPushButton()
        self.remove_button = QPushButton()
        for button, signal in ((self.open_button, self.open_requested),
                               (self.reindex_button, self.reindex_requested)):
            button.clicked.connect(lambda _=False, s=signal: self._emit_selected(s))
        self.remove_button.clicked.connect(self._confirm_remove)
        actions = QHBoxLayout()
        for button in (self.open_button, self.reindex_button, self.remove_button):
            actions.addWidget(button)
        self.machines_button = QPushButton()
        self.machines_button.clicked.connect(self.machines_requested.emit)
        self.whats_new_button = QPushButton()
        self.whats_new_button.clicked.connect(self.whats_new_requested.emit)
        views = QHBoxLayout()
        views.addWidget(self.machines_button)
        views.addWidget(self.whats_new_button)
        self.drop_hint = QLabel()
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setStyleSheet("color: #555; border: 2px dashed #aaa; padding: 8px")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress, 2)
        layout.addWidget(self.documents, 3)
        layout.addLayout(actions)
        layout.addWidget(self.old_revisions)
        layout.addLayout(views)
        layout.addWidget(self.drop_hint)
        self._records: list[DocumentRecord] = []
        self._superseded: dict[str, RevisionLink] = {}
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Open"))
        self.reindex_button.setText(self.tr("Re-index"))
        self.remove_button.setText(self.tr("Remove"))
        self.open_button.setToolTip(self.tr("Show the document in the viewer (Enter)"))
        self.reindex_button.setToolTip(self.tr("Read the file again and replace its passages"))
        self.remove_button.setToolTip(self.tr("Take the document out of the library (the file "
                                              "itself stays where it is)"))
        self.old_revisions.setText(self.tr("Show old revisions in search"))
        self.old_revisions.setToolTip(self.tr(
            "Also list the pages of superseded manuals that their newer revision repeats word "
            "for word"))
        self.machines_button.setText(self.tr("Machines…"))
        self.machines_button.setToolTip(self.tr("One machine, everything about it: its repair "
                                                "notes, fault-log rows and manual pages"))
        self.whats_new_button.setText(self.tr("What's new…"))
        self.whats_new_button.setToolTip(self.tr("Files and repair notes added or changed in "
                                                 "the last 7 days"))
        self.drop_hint.setText(self.tr(
            "Read-only: the office publishes the manuals this PC searches.") if self._read_only
            else self.tr("Drop manuals, notes, fault logs or photos of pages (PDF, Word, Excel, "
                         "CSV, text, PNG/JPG), or whole folders, anywhere on this window to add "
                         "them."))
        self._show_heading()
        self._sync_cards(rebuild=True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_documents(self, records: list[DocumentRecord],
                       revisions: list[RevisionLink] | None = None) -> None:
        """Show `records`; `revisions` are the links in force (a superseded card says by
        which revision)."""
        superseded = {link.old_doc: link for link in revisions or []}
        changed = superseded != self._superseded
        self._superseded = superseded
        self._records = sorted(records, key=lambda r: (r.name.casefold(), r.path))
        self._show_heading()
        self._sync_cards(rebuild=changed)

    def _show_heading(self) -> None:
        self.heading.setText("<b>{}</b>".format(
            self.tr("Library: {0} document(s)").format(len(self._records))))

    def _sync_cards(self, rebuild: bool) -> None:
        """Build cards only for documents added or changed since the list was last shown (all
        of them when the language changes). Rebuilding every card after each file took over
        100 ms of the UI thread at 23 documents, and it grows with the library."""
        selected = self.selected()
        wanted = {record.doc_id: record for record in self._records}
        for row in reversed(range(self.documents.count())):
            shown = self.documents.item(row).data(RECORD_ROLE)
            if rebuild or wanted.get(shown.doc_id) != shown:
                self.documents.takeItem(row)
        shown_ids = {self.documents.item(row).data(RECORD_ROLE).doc_id
                     for row in range(self.documents.count())}
        # Cards still shown keep their sorted order, so each new one goes in at its place.
        for position, record in enumerate(self._records):
            if record.doc_id in shown_ids:
                continue
            item = QListWidgetItem()
            item.setData(RECORD_ROLE, record)
            item.setToolTip("\n".join([record.path, *record.warnings]))
            self.documents.insertItem(position, item)
            card = QLabel(self._card(record))
            card.setTextFormat(Qt.TextFormat.RichText)
            card.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            card.setContentsMargins(6, 4, 6, 4)
            self.documents.setItemWidget(item, card)
            item.setSizeHint(card.sizeHint())
            if selected and record.doc_id == selected.doc_id:
                self.documents.setCurrentItem(item)
        if selected and selected.doc_id not in wanted:  # not its neighbour, by surprise
            self.documents.setCurrentRow(-1)
        self._update_buttons()

    def _card(self, record: DocumentRecord) -> str:
        kind = Path(record.file).suffix.lstrip(".").upper() or self.tr("file")
        badges = [_badge(self.tr("Repair note"), "#d7f0d9") if record.kind == NOTE
                  else _badge(kind, "#dbe7f6")]
        if record.ocr_pages:
            badges.append(_badge(self.tr("OCR {0} p.").format(record.ocr_pages), "#e9ddf7"))
        if record.warnings:
            badges.append(_badge(self.tr("⚠ {0} warning(s)").format(len(record.warnings)),
                                 "#fde8b0"))
        if record.doc_id in self._superseded:
            badges.append(_badge(self.tr("superseded by {0}").format(
                self._superseded[record.doc_id].new_file), "#e0e0e0", "#5f370e"))
        status = self.tr("indexed") if record.status == "indexed" else record.status
        details = self.tr("{0} page(s) · {1} · added {2}").format(
            record.pages, status, local_date(record.added_at))
        return (f"<b>{html.escape(record.name)}</b><br>{' '.join(badges)}"
                f"&nbsp;&nbsp;<span style='color:#555'>{html.escape(details)}</span>")

    def selected(self) -> DocumentRecord | None:
        item = self.documents.currentItem()
        return item.data(RECORD_ROLE) if item else None

    def _emit_selected(self, signal) -> None:
        record = self.selected()
        if record is not None:
            signal.emit(record)

    def set_read_only(self, read_only: bool) -> None:
        """A line PC of a plant's shared library: documents are added and removed at the
        office, so re-index and remove are off and the hint says where manuals come from."""
        self._read_only = read_only
        self.retranslate()
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        for button in (self.reindex_button, self.remove_button):
            button.setEnabled(chosen and not self._read_only)

    def _context_menu(self, where: QPoint) -> None:
        item = self.documents.itemAt(where)
        if item is not None:
            self.document_menu(item.data(RECORD_ROLE)).popup(
                self.documents.viewport().mapToGlobal(where))

    def document_menu(self, record: DocumentRecord) -> QMenu:
        """The context menu of a document's card; a repair note's also edits or deletes it
        (file and index)."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.open_requested.emit(record))
        menu.addAction(self.tr("Re-index"), lambda: self.reindex_requested.emit(record))
        if record.kind == NOTE:
            menu.addAction(self.tr("Edit note…"), lambda: self.edit_note_requested.emit(record))
            menu.addAction(self.tr("Remove note…"), lambda: self.confirm_remove_note(record))
        undo = menu.addAction(self.tr("Make current again (not an old revision)"),
                              lambda: self.undo_revision_requested.emit(record.doc_id))
        undo.setEnabled(record.doc_id in self._superseded)
        return menu

    def confirm_remove_note(self, record: DocumentRecord) -> None:
        answer = QMessageBox.question(
            self, self.tr("Remove repair note"),
            self.tr("Delete {0}? Its file and photos are deleted from the notes folder.")
            .format(record.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_note_requested.emit(record)

    def _confirm_remove(self) -> None:
        record = self.selected()
        if record is None:
            return
        if record.kind == NOTE:
            self.confirm_remove_note(record)
            return
        answer = QMessageBox.question(
            self, self.tr("Remove document"),
            self.tr("Remove {0} from the library? The file itself is not deleted.")
            .format(record.file))
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_requested.emit(record)
