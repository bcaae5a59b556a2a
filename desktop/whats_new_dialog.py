"""What's new: the files and repair notes added or changed in the last days, for the shift lead
who wants the week's knowledge without reading the whole library. Double-click one to read it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.library_panel import local_date
from desktop.workers import run_task
from index.tags import NOTE
from laoshifu.whats_new import ADDED, DEFAULT_DAYS, Change

CHANGE_ROLE = Qt.ItemDataRole.UserRole
ChangeLister = Callable[[int], list[Change]]


class WhatsNewDialog(QDialog):
    change_chosen = Signal(object)  # Change
    listed = Signal()

    def __init__(self, list_changes: ChangeLister, parent: QWidget | None = None):
        """`list_changes` is the library's `changes`, called on a worker thread."""
        super().__init__(parent)
        self._list_changes = list_changes
        self._request = 0
        self.days_label = QLabel()
        self.days = QSpinBox()
        self.days.setRange(1, 366)
        self.days.setValue(DEFAULT_DAYS)
        self.days.valueChanged.connect(lambda _days: self.refresh())
        self.status = QLabel()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.days_label)
        top.addWidget(self.days)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self._changes: list[Change] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("What's new in the library"))
        self.days_label.setText(self.tr("Added or changed in the last days:"))
        self.tree.setHeaderLabels([self.tr("When"), self.tr("What"), self.tr("Kind"),
                                   self.tr("Document")])
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self._request += 1
        request = self._request

        def show(changes: list[Change]) -> None:
            if request == self._request:
                self._changes = changes
                self._fill()
                self.listed.emit()

        run_task(self._list_changes, self.days.value(), on_result=show,
                 on_error=self.status.setText)

    def _fill(self) -> None:
        self.tree.clear()
        for change in self._changes:
            row = QTreeWidgetItem(self.tree, [
                local_date(change.when),
                self.tr("added") if change.change == ADDED else self.tr("changed"),
                self.tr("repair note") if change.kind == NOTE else self.tr("file"),
                change.file])
            row.setData(0, CHANGE_ROLE, change)
            row.setToolTip(3, change.path)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.status.setText(self.tr("{0} document(s); double-click one to read it.")
                            .format(len(self._changes)) if self._changes else
                            self.tr("Nothing was added or changed in that time."))

    def _open(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        change = row.data(0, CHANGE_ROLE)
        if isinstance(change, Change):
            self.change_chosen.emit(change)
