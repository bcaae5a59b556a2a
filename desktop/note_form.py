"""Notes → New repair note: the form a technician fills in after a repair.

The form only collects the note; saving is the window's (it runs through the library's write
queue, off the UI thread), and the form stays open until the save succeeds, showing why when it
does not, so nothing typed is lost to a full disk or a read-only library.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.workers import run_task
from ingest.notes import RepairNote

TagSource = Callable[[], Iterable[str]]
PHOTO_FILTER = "*.jpg *.jpeg *.png"


class NoteForm(QDialog):
    save_requested = Signal(object, list)  # RepairNote, photo paths to copy beside it

    def __init__(self, tags: TagSource, note: RepairNote | None = None,
                 parent: QWidget | None = None):
        """`tags` lists the equipment tags to offer (called off the UI thread); `note` is the
        note being edited, None for a new one."""
        super().__init__(parent)
        self.editing = note
        self.resize(640, 620)
        self.tag = QComboBox(editable=True)
        self.tag.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.symptom, self.cause, self.action = (QPlainTextEdit() for _ in range(3))
        self.parts = QLineEdit()
        self.author = QLineEdit(getpass.getuser())
        self.when = QDateEdit(QDate.currentDate())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd")
        self.photos: list[Path] = []
        self.photo_list = QLabel()
        self.photo_list.setWordWrap(True)
        self.photo_button = QPushButton()
        self.photo_button.clicked.connect(self._choose_photos)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("background: #fde2e1; color: #8a1c1c; padding: 6px")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self._labels = [QLabel() for _ in range(8)]
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.photo_list, 1)
        fields: tuple[QWidget, ...] = (self.tag, self.symptom, self.cause, self.action,
                                       self.parts, self.author, self.when)
        for label, field in zip(self._labels, fields, strict=False):
            self.form.addRow(label, field)
        self.form.addRow(self._labels[-1], photo_row)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if note is not None:
            self._fill(note)
        self.retranslate()
        run_task(lambda: sorted(set(tags()), key=str.casefold), on_result=self._offer_tags)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit repair note") if self.editing else
                            self.tr("New repair note"))
        names = (self.tr("Equipment tag"), self.tr("Symptom"), self.tr("Cause"),
                 self.tr("What was done"), self.tr("Parts used"), self.tr("Who"),
                 self.tr("When"), self.tr("Photos"))
        for label, name in zip(self._labels, names, strict=True):
            label.setText(name)
        self.tag.setPlaceholderText(self.tr("P-101, a line or a machine name"))
        self.parts.setPlaceholderText(self.tr("e.g. bearing 6205-2RS ×2"))
        self.photo_button.setText(self.tr("Add photos…"))
        self._show_photos()

    def _fill(self, note: RepairNote) -> None:
        self.tag.setEditText(note.tag)
        self.symptom.setPlainText(note.symptom)
        self.cause.setPlainText(note.cause)
        self.action.setPlainText("\n\n".join(p for p in (note.action, note.text) if p))
        self.parts.setText(note.parts)
        self.author.setText(note.author)
        self.when.setDate(QDate(note.date.year, note.date.month, note.date.day))

    def _offer_tags(self, tags: list[str]) -> None:
        typed = self.tag.currentText()
        self.tag.clear()
        self.tag.addItems(tags)
        self.tag.setEditText(typed)

    def _choose_photos(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Photos of the repair"), "",
            self.tr("Photos ({0})").format(PHOTO_FILTER))
        self.add_photos([Path(path) for path in chosen])

    def add_photos(self, paths: list[Path]) -> None:
        self.photos += [path for path in paths if path not in self.photos]
        self._show_photos()

    def _show_photos(self) -> None:
        kept = list(self.editing.photos) if self.editing else []
        names = kept + [path.name for path in self.photos]
        self.photo_list.setText(", ".join(names) if names else self.tr("none"))

    def note(self) -> RepairNote:
        """The note as filled in (text fields stripped)."""
        when = self.when.date()
        return RepairNote(
            tag=self.tag.currentText().strip(), date=date(when.year(), when.month(), when.day()),
            author=self.author.text().strip(), symptom=self.symptom.toPlainText().strip(),
            cause=self.cause.toPlainText().strip(), action=self.action.toPlainText().strip(),
            parts=self.parts.text().strip(),
            photos=self.editing.photos if self.editing else ())

    def _save(self) -> None:
        note = self.note()
        if not note.tag:
            self.fail(self.tr("Give the equipment tag (for example P-101) so the note can be "
                              "found with its machine."))
            return
        if not any((note.symptom, note.cause, note.action, note.parts)):
            self.fail(self.tr("Write what was found or what was done: an empty note helps no "
                              "one."))
            return
        self.error.setVisible(False)
        self.buttons.setEnabled(False)
        self.save_requested.emit(note, list(self.photos))

    def fail(self, message: str) -> None:
        """Saving failed (or the form is incomplete): say why, keep everything typed."""
        self.error.setText(message)
        self.error.setVisible(True)
        self.buttons.setEnabled(True)

    def saved(self) -> None:
        self.accept()
