"""A list of found pages: file, page and a snippet with the query's words marked. A whole row
is the click target (a gloved finger does not hit a link), and Enter opens the current row.

A page from a superseded revision of a manual says so: "superseded by X, page N", the current
revision's matching page (index.superseded).

Beside each row, "Right page" and "Wrong page" mark it for the question (index.feedback): the
list asks for the mark (`mark_requested`), the window keeps it off the UI thread, and the
buttons show it once it is kept (`show_mark`), as they show marks kept before."""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.highlight import marked_html
from kernel.types import BAD, GOOD, Hit

Verdicts = Mapping[tuple[str, int | None], str]  # (path, page or None) -> GOOD or BAD

HIT_ROLE = Qt.ItemDataRole.UserRole
SNIPPET_CHARS = 320
# A kept mark reads at a glance: green for the right page, red for a wrong one.
_MARK_STYLE = """
QToolButton#good:checked { background: #cdeccf; border: 1px solid #2e7d32; color: #1b5e20; }
QToolButton#bad:checked { background: #f9d6d5; border: 1px solid #b3261e; color: #8c1d18; }
"""


def snippet(text: str, terms: list[str], limit: int = SNIPPET_CHARS) -> str:
    """The passage on one line, cut around the first marked word when it is long."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    lowered = flat.casefold()
    first = min((i for i in (lowered.find(t.casefold()) for t in terms) if i >= 0), default=0)
    start = max(0, min(first - limit // 4, len(flat) - limit))
    return ("…" if start else "") + flat[start:start + limit] + "…"


def verdict_on(hit: Hit, verdicts: Verdicts) -> str | None:
    """The mark kept on `hit`'s page, or on its whole file."""
    return verdicts.get((hit.path, hit.page)) or verdicts.get((hit.path, None))


class HitRow(QWidget):
    """One found page: its card, and the two mark buttons, which take clicks of their own
    while the rest of the row passes them to the list."""

    mark_clicked = Signal(str)  # GOOD or BAD

    def __init__(self, card: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel(card)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setContentsMargins(8, 6, 8, 6)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.buttons = {GOOD: QToolButton(), BAD: QToolButton()}
        marks = QVBoxLayout()
        marks.setContentsMargins(0, 4, 4, 4)
        self.setStyleSheet(_MARK_STYLE)
        for verdict, button in self.buttons.items():
            button.setObjectName(verdict)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked, verdict=verdict: self._clicked(verdict))
            marks.addWidget(button)
        marks.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addLayout(marks)
        self._kept: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.buttons[GOOD].setText(self.tr("✓ Right page"))
        self.buttons[GOOD].setToolTip(self.tr(
            "This page answers the question: it comes first when this question is asked "
            "again"))
        self.buttons[BAD].setText(self.tr("✗ Wrong page"))
        self.buttons[BAD].setToolTip(self.tr(
            "This page does not answer the question: it comes after the others next time"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _clicked(self, verdict: str) -> None:
        """Until the mark is kept, both buttons wait and the chosen one shows pressed."""
        for each, button in self.buttons.items():
            button.setChecked(each == verdict)
            button.setEnabled(False)
        self.mark_clicked.emit(verdict)

    def show_mark(self, verdict: str | None) -> None:
        """The mark kept on this page (None: none, or keeping it failed)."""
        self._kept = verdict
        for each, button in self.buttons.items():
            button.setChecked(each == verdict)
            button.setEnabled(True)

    def restore(self) -> None:
        """Keeping a new mark failed: show the one kept before."""
        self.show_mark(self._kept)


class HitList(QListWidget):
    hit_chosen = Signal(object, int)  # Hit, its 1-based number in the list
    mark_requested = Signal(object, str)  # Hit, GOOD or BAD

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemActivated.connect(self._choose)
        self.itemClicked.connect(self._choose)
        self._shown: tuple[list[Hit], list[str], bool] = ([], [], False)
        self._verdicts: dict[tuple[str, int | None], str] = {}

    def show_hits(self, hits: list[Hit], terms: list[str], numbered: bool = False,
                  verdicts: Verdicts | None = None) -> None:
        """Show `hits`, best first; `numbered` prefixes [n] as an answer cites them;
        `verdicts` are the marks already kept for the question."""
        self._shown = (hits, terms, numbered)
        self._verdicts = dict(verdicts or {})
        self.clear()
        for n, hit in enumerate(hits, start=1):
            item = QListWidgetItem(self)
            item.setData(HIT_ROLE, (hit, n))
            row = HitRow(self._card(hit, n if numbered else None, terms))
            row.show_mark(verdict_on(hit, self._verdicts))
            row.mark_clicked.connect(lambda verdict, hit=hit: self.mark_requested.emit(
                hit, verdict))
            self.setItemWidget(item, row)
        self._fit_rows()

    def row_widget(self, number: int) -> HitRow:
        """The row showing hit `number` (0-based)."""
        row = self.itemWidget(self.item(number))
        assert isinstance(row, HitRow), "every row is a HitRow"
        return row

    def show_mark(self, hit: Hit, verdict: str | None) -> None:
        """`verdict` is kept on `hit` (None: keeping it failed; the row shows what it had)."""
        if verdict is not None:
            self._verdicts[(hit.path, hit.page)] = verdict
        for number in range(self.count()):
            shown, _ = self.item(number).data(HIT_ROLE)
            if shown is not hit:
                continue
            if verdict is None:
                self.row_widget(number).restore()
            else:
                self.row_widget(number).show_mark(verdict)

    def _card(self, hit: Hit, number: int | None, terms: list[str]) -> str:
        where = self.where(hit)
        prefix = f"[{number}] " if number is not None else ""
        title = f"<b>{html.escape(prefix + hit.file)}</b> — {html.escape(where)}"
        if hit.superseded is not None:
            title += f"<br><span style='color:#8a4b00'>⟲ {html.escape(self.superseded(hit))}</span>"
        return f"{title}<br>{marked_html(snippet(hit.text, terms), terms)}"

    def superseded(self, hit: Hit) -> str:
        """'superseded by X, page N' for a page of an older revision."""
        newer = hit.superseded
        if newer is None:
            return ""
        if newer.page is None:
            return self.tr("superseded by {0}").format(newer.file)
        return self.tr("superseded by {0}, page {1}").format(newer.file, newer.page)

    def where(self, hit: Hit) -> str:
        if hit.page is None:
            return hit.label or self.tr("text")
        if hit.label and hit.label != str(hit.page):
            return self.tr("page {0} (printed {1})").format(hit.page, hit.label)
        return self.tr("page {0}").format(hit.page)

    def row_text(self, row: int) -> str:
        """A row's card as plain text: what a user reads there."""
        return QTextDocumentFragment.fromHtml(self.row_widget(row).label.text()).toPlainText()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Word-wrapped labels need their height for the list's current width."""
        width = self.viewport().width() - 4
        for number in range(self.count()):
            item = self.item(number)
            row = self.itemWidget(item)
            if row is not None:
                height = max(row.heightForWidth(width), row.minimumSizeHint().height())
                item.setSizeHint(QSize(width, height))

    def _choose(self, item: QListWidgetItem) -> None:
        hit, n = item.data(HIT_ROLE)
        self.hit_chosen.emit(hit, n)

    def retranslate(self) -> None:
        self.show_hits(*self._shown, verdicts=self._verdicts)
