"""An answer as it is written: the text with clickable [n] markers, and below it the numbered
sources (file, page, snippet) the markers point to. Sources show before the first word, since
the pages are found before the model starts writing."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from desktop.hit_list import HitList, Verdicts
from kernel.types import Answer, Hit, SafetyBlock

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_STYLE = """
a { color: #0b57d0; font-weight: bold; text-decoration: none; }
.note { color: #555; }
.refusal { background: #eef1f5; padding: 6px; }
table.safety { background-color: #fff1e6; border-color: #c2410c; border-style: solid; }
.safety-title { color: #9a3412; font-weight: bold; }
.flag { color: #9a6700; }
"""


def linked_markers(text: str) -> str:
    """Escaped `text` with each [n] (or [n, m]) turned into links to its sources."""
    parts, last = [], 0
    for match in _MARKER.finditer(text):
        parts.append(html.escape(text[last:match.start()]))
        numbers = [n.strip() for n in match.group(1).split(",")]
        parts.append("".join(f"<a href='cite:{n}'>[{n}]</a>" for n in numbers))
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts).replace("\n", "<br>")


def _block_hit(block: SafetyBlock) -> Hit:
    return Hit("", block.file, block.path, block.page, None, 0.0, block.text, block.start,
               block.end)


def _note(text: str) -> str:
    return f"<p class='note'>{html.escape(text)}</p>"


class AnswerView(QWidget):
    citation_chosen = Signal(object, int, str)  # the cited Hit, its number, the quote

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.document().setDefaultStyleSheet(_STYLE)
        self.text.anchorClicked.connect(self._on_anchor)
        self.sources_title = QLabel()
        self.sources = HitList()
        self.sources.hit_chosen.connect(lambda hit, n: self.citation_chosen.emit(
            hit, n, self._quote(n)))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.sources_title)
        lower_layout.addWidget(self.sources, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.text)
        splitter.addWidget(lower)
        splitter.setSizes([300, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._hits: list[Hit] = []
        self._written = ""
        self._answer: Answer | None = None
        self._state = "empty"
        self._failure = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setPlaceholderText(self.tr(
            "Search shows the pages that match. Ask writes an answer from them, citing each "
            "page; click a [n] or a source to see the page."))
        self.sources_title.setText(self.tr("Sources"))
        self.sources.retranslate()
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def begin(self, sources: list[Hit], terms: list[str], verdicts: Verdicts | None = None) -> None:
        """The sources, numbered, with the marks already kept on them for the question."""
        self._hits, self._written, self._answer, self._state = list(sources), "", None, "writing"
        self.sources.show_hits(self._hits, terms, numbered=True, verdicts=verdicts)
        self._render()

    def add_piece(self, piece: str) -> None:
        self._written += piece
        self._render()

    def finish(self, answer: Answer) -> None:
        self._answer, self._state = answer, "done"
        self._render()

    def fail(self, message: str) -> None:
        """The answer could not be written (the model process crashed, a model file is
        unusable): the message takes the place of the unchecked words written so far; the
        sources stay listed, since they are still the pages that match."""
        self._written, self._answer, self._state = "", None, "failed"
        self._failure = message
        self._render()

    def stop(self) -> None:
        if self._state == "writing":
            self._state = "stopped"
            self._render()

    def clear(self) -> None:
        self._hits, self._written, self._answer, self._state = [], "", None, "empty"
        self.sources.show_hits([], [])
        self._render()

    @property
    def html(self) -> str:
        return self.text.toHtml()

    def _render(self) -> None:
        if self._state == "empty":
            self.text.clear()
            return
        if self._state == "failed":
            self.text.setHtml(f"<p class='refusal'>{html.escape(self._failure)}</p>"
                              + _note(self.tr("The sources below are still the pages that "
                                              "match.")))
            return
        answer = self._answer
        if answer is not None and not answer.grounded:
            self.text.setHtml(f"<p class='refusal'>{html.escape(answer.text)}</p>")
            return
        blocks = [self._safety_html(answer)] if answer is not None and answer.safety else []
        body = answer.text if answer is not None else self._written
        blocks.append(f"<p>{linked_markers(body)}</p>" if body else "")
        if answer is not None and answer.unsupported:
            blocks.append(self._unsupported_html(answer.unsupported))
        if self._state == "writing":
            blocks.append(_note(self.tr("Writing the answer…")))
        elif self._state == "stopped" or (answer is not None and answer.cancelled):
            blocks.append(_note(self.tr("Stopped.")))
        elif answer is not None and not answer.citations:
            blocks.append(_note(self.tr("The answer names no source; check it against the "
                                        "pages below.")))
        self.text.setHtml("".join(blocks))

    def _safety_html(self, answer: Answer) -> str:
        """Safety warnings first, word for word as printed, each linked to its page."""
        title = html.escape(self.tr("⚠ SAFETY — as printed in your documents"))
        rows = [f"<tr><td><span class='safety-title'>{title}</span></td></tr>"]
        for index, block in enumerate(answer.safety):
            where = html.escape(self.sources.where(_block_hit(block)))
            rows.append(f"<tr><td>{html.escape(' '.join(block.text.split()))}<br>"
                        f"<a href='safety:{index}'>{html.escape(block.file)} — {where}</a>"
                        "</td></tr>")
        return ("<table class='safety' width='100%' cellpadding='6' cellspacing='0' "
                f"border='2'>{''.join(rows)}</table><p></p>")

    def _unsupported_html(self, claims: list[str]) -> str:
        title = html.escape(self.tr("⚑ Not backed by your documents — do not act on these "
                                    "without checking:"))
        items = "".join(f"<li>{html.escape(claim)}</li>" for claim in claims)
        return f"<p class='flag'>{title}</p><ul class='flag'>{items}</ul>"

    def _block_source(self, block: SafetyBlock) -> Hit:
        """A safety block as a hit on its page, with the document id a text view needs."""
        same_file = [hit for hit in self._hits if hit.path == block.path]
        doc_id = same_file[0].doc_id if same_file else ""
        return replace(_block_hit(block), doc_id=doc_id)

    def _quote(self, n: int) -> str:
        if self._answer is not None:
            for citation in self._answer.citations:
                if citation.n == n:
                    return citation.quote
        return self._hits[n - 1].text if 0 < n <= len(self._hits) else ""

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, number = url.toString().partition(":")
        if kind == "safety" and self._answer is not None:
            block = self._answer.safety[int(number)]
            self.citation_chosen.emit(self._block_source(block), 0, block.text)
            return
        if kind == "cite":
            self.choose(int(number))

    def choose(self, n: int) -> None:
        """Open source `n` as clicking its [n] does."""
        if 0 < n <= len(self._hits):
            self.citation_chosen.emit(self._hits[n - 1], n, self._quote(n))

    @property
    def cited(self) -> list[int]:
        """The source numbers the finished answer cites, in order."""
        return [c.n for c in self._answer.citations] if self._answer is not None else []
