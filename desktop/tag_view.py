"""The tag view: one machine, everything about it.

Type or pick a tag (P-101, in any spelling) and see its repair notes newest first, its
fault-log rows by date, and the manual pages that name it; double-click one to read it in the
viewer at its page. The library is asked on a worker thread (`run_task`); the known tags fill
the completer, so a technician picks rather than guesses a spelling.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.workers import run_task
from index.tags import NOTE, PAGE, ROW
from kernel.types import Hit
from laoshifu.machine_history import TagItem

ITEM_ROLE = Qt.ItemDataRole.UserRole
TagLister = Callable[[str], tuple[str, list[TagItem]]]
KnownTags = Callable[[], dict[str, dict[str, int]]]


def item_hit(item: TagItem) -> Hit:
    """An item as the viewer opens a search result: its document at its page."""
    return Hit(doc_id=item.doc_id, file=item.file, path=item.path, page=item.page,
               label=item.label, score=0.0, text=item.text, start=0, end=0,
               page_index=item.page_index)


class TagView(QWidget):
    item_chosen = Signal(object, str)  # Hit, the text to mark on it
    listed = Signal(str)  # the tag shown, once its items are on screen

    def __init__(self, list_tag: TagLister, known_tags: KnownTags,
                 parent: QWidget | None = None):
        """`list_tag` and `known_tags` are the library's `tag` and `tags`, called on a worker."""
        super().__init__(parent)
        self._list_tag = list_tag
        self._known_tags = known_tags
        self._request = 0
        self.prompt = QLabel()
        self.tag_box = QComboBox()
        self.tag_box.setEditable(True)
        self.tag_edit = QLineEdit()
        self.tag_box.setLineEdit(self.tag_edit)
        self.tag_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.tag_box.setMinimumContentsLength(14)
        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_box.setCompleter(completer)
        self.tag_edit.returnPressed.connect(self.show_chosen)
        self.tag_box.activated.connect(lambda _index: self.show_chosen())
        self.show_button = QPushButton()
        self.show_button.clicked.connect(self.show_chosen)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.itemActivated.connect(self._open)
        self.groups = {kind: QTreeWidgetItem(self.tree) for kind in (NOTE, ROW, PAGE)}
        for group in self.groups.values():
            group.setFirstColumnSpanned(True)
            group.setExpanded(True)
        top = QHBoxLayout()
        top.addWidget(self.prompt)
        top.addWidget(self.tag_box, 1)
        top.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        self._counts: dict[str, int] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.prompt.setText(self.tr("Equipment tag:"))
        self.tag_edit.setPlaceholderText(self.tr("e.g. P-101"))
        self.show_button.setText(self.tr("Show"))
        self.tree.setHeaderLabels([self.tr("Date / page"), self.tr("Document"),
                                   self.tr("What it says")])
        titles = {NOTE: self.tr("Repair notes (newest first): {0}"),
                  ROW: self.tr("Fault-log rows (newest first): {0}"),
                  PAGE: self.tr("Manual pages that name it: {0}")}
        for kind, group in self.groups.items():
            group.setText(0, titles[kind].format(self._counts.get(kind, 0)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh_tags(self) -> None:
        """Fill the completer and the drop-down with the tags the library knows now."""
        run_task(self._known_tags, on_result=self._set_known, on_error=self.status.setText)

    def _set_known(self, known: dict[str, dict[str, int]]) -> None:
        typed = self.tag_box.currentText()
        self._completions.setStringList(list(known))
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItems(list(known))
        self.tag_box.setEditText(typed)
        self.tag_box.blockSignals(False)

    def show_tag(self, tag: str) -> None:
        self.tag_box.setEditText(tag)
        self.show_chosen()

    def show_chosen(self) -> None:
        spelling = self.tag_box.currentText().strip()
        if not spelling:
            return
        self._request += 1
        request = self._request
        self.status.setText(self.tr("Looking up {0}…").format(spelling))

        def show(found: tuple[str, list[TagItem]]) -> None:
            if request == self._request:  # else another tag was asked for since
                self._show(*found)

        run_task(self._list_tag, spelling, on_result=show, on_error=self.status.setText)

    def _show(self, tag: str, items: list[TagItem]) -> None:
        for group in self.groups.values():
            group.takeChildren()
        self._counts = {kind: 0 for kind in self.groups}
        for item in items:
            self._counts[item.kind] = self._counts.get(item.kind, 0) + 1
            row = QTreeWidgetItem(self.groups[item.kind], [self._when(item),
                                                           self._where(item), item.text])
            row.setData(0, ITEM_ROLE, item)
            row.setToolTip(2, item.text)
        self.tag_box.setEditText(tag)
        self.status.setText(self.tr("{0}: double-click an item to read it.").format(tag)
                            if items else
                            self.tr("No document names {0}. Pick a known tag from the list.")
                            .format(tag))
        self.retranslate()
        for column in range(2):
            self.tree.resizeColumnToContents(column)
        self.listed.emit(tag)

    def _when(self, item: TagItem) -> str:
        if item.date:
            return item.date
        return self.tr("page {0}").format(item.page) if item.page is not None else ""

    @staticmethod
    def _where(item: TagItem) -> str:
        return f"{item.file} [{item.label}]" if item.label and item.page is None else item.file

    def _open(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        item = row.data(0, ITEM_ROLE)
        if isinstance(item, TagItem):
            self.item_chosen.emit(item_hit(item), item.text)

    def items_shown(self, kind: str) -> list[TagItem]:
        """The items listed under one kind, top to bottom."""
        group = self.groups[kind]
        rows = (group.child(n) for n in range(group.childCount()))
        return [row.data(0, ITEM_ROLE) for row in rows if row is not None]
