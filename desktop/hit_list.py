"""A list of found pages: file, page and a snippet with the query's words marked. A whole row
is the click target (a gloved finger does not hit a link), and Enter opens the current row."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from desktop.highlight import marked_html
from kernel.types import Hit

HIT_ROLE = Qt.ItemDataRole.UserRole
SNIPPET_CHARS = 320


def snippet(text: str, terms: list[str], limit: int = SNIPPET_CHARS) -> str:
    """The passage on one line, cut around the first marked word when it is long."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    lowered = flat.casefold()
    first = min((i for i in (lowered.find(t.casefold()) for t in terms) if i >= 0), default=0)
    start = max(0, min(first - limit // 4, len(flat) - limit))
    return ("…" if start else "") + flat[start:start + limit] + "…"


class HitList(QListWidget):
    hit_chosen = Signal(object, int)  # Hit, its 1-based number in the list

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemActivated.connect(self._choose)
        self.itemClicked.connect(self._choose)
        self._shown: tuple[list[Hit], list[str], bool] = ([], [], False)

    def show_hits(self, hits: list[Hit], terms: list[str], numbered: bool = False) -> None:
        """Show `hits`, best first; `numbered` prefixes [n] as an answer cites them."""
        self._shown = (hits, terms, numbered)
        self.clear()
        for n, hit in enumerate(hits, start=1):
            item = QListWidgetItem(self)
            item.setData(HIT_ROLE, (hit, n))
            label = QLabel(self._card(hit, n if numbered else None, terms))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(8, 6, 8, 6)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.setItemWidget(item, label)
        self._fit_rows()

    def _card(self, hit: Hit, number: int | None, terms: list[str]) -> str:
        where = self.where(hit)
        prefix = f"[{number}] " if number is not None else ""
        title = f"<b>{html.escape(prefix + hit.file)}</b> — {html.escape(where)}"
        return f"{title}<br>{marked_html(snippet(hit.text, terms), terms)}"

    def where(self, hit: Hit) -> str:
        if hit.page is None:
            return hit.label or self.tr("text")
        if hit.label and hit.label != str(hit.page):
            return self.tr("page {0} (printed {1})").format(hit.page, hit.label)
        return self.tr("page {0}").format(hit.page)

    def row_text(self, row: int) -> str:
        """A row as plain text: what a user reads there."""
        label = self.itemWidget(self.item(row))
        assert isinstance(label, QLabel), "every row is a label"
        return QTextDocumentFragment.fromHtml(label.text()).toPlainText()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Word-wrapped labels need their height for the list's current width."""
        width = self.viewport().width() - 4
        for row in range(self.count()):
            item = self.item(row)
            label = self.itemWidget(item)
            if label is not None:
                item.setSizeHint(QSize(width, label.heightForWidth(width)))

    def _choose(self, item: QListWidgetItem) -> None:
        hit, n = item.data(HIT_ROLE)
        self.hit_chosen.emit(hit, n)

    def retranslate(self) -> None:
        self.show_hits(*self._shown)
