"""An answer as it is written: the text with clickable [n] markers, and below it the numbered
sources (file, page, snippet) the markers point to. The sources and the answer composed from
them (the sentence, row or steps that answer, verbatim) show at once; the model's sentences
join it one by one, each only once the check has found it on a cited page. What the model wrote
that no page backs is never shown as the answer: it stays behind a labelled toggle."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from desktop.hit_list import HitList, Verdicts
from kernel.types import Answer, Citation, Hit, SafetyBlock
from laoshifu.answer import Line

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_STYLE = """
a { color: #0b57d0; font-weight: bold; text-decoration: none; }
.note { color: #555; }
.refusal { background: #eef1f5; padding: 6px; }
table.safety { background-color: #fff1e6; border-color: #c2410c; border-style: solid; }
.safety-title { color: #9a3412; font-weight: bold; }
.flag { color: #9a6700; }
.draft { color: #6b7280; font-style: italic; }
"""


def linked_markers(text: str) -> str:
    """Escaped `text` with each [n] (or [n, m]) turned into links to its sources; each link
    also names its marker's place in the text, so a click opens the passage of that line."""
    parts, last = [], 0
    for at, match in enumerate(_MARKER.finditer(text)):
        parts.append(html.escape(text[last:match.start()]))
        numbers = [n.strip() for n in match.group(1).split(",")]
        parts.append("".join(f"<a href='cite:{n}:{at}'>[{n}]</a>" for n in numbers))
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts).replace("\n", "<br>")


def marker_sources(text: str) -> list[int]:
    """The source each [n] (or [n, m]) of `text` opens first, in the text's order: what a
    click on the `at`-th marker opens (`marked_text` says which line it cites)."""
    return [int(match.group(1).split(",")[0]) for match in _MARKER.finditer(text)]


def _folded(text: str) -> str:
    return " ".join(text.split()).rstrip(".。")


def marked_text(text: str, at: int) -> str:
    """What the `at`-th marker of `text` cites: the words before it on its line, back to the
    marker before it (the model's line holds several claims, each with its marker)."""
    match = next((m for i, m in enumerate(_MARKER.finditer(text)) if i == at), None)
    if match is None:
        return ""
    line_start = text.rfind("\n", 0, match.start()) + 1
    before = [m.end() for m in _MARKER.finditer(text, line_start, match.start())]
    return _folded(text[max([line_start, *before]):match.start()])


def cited_quote(citations: list[Citation], n: int, claim: str) -> str | None:
    """The quote of source `n` that backs `claim` (a model's sentence by its claim, a line
    of the page by its text); else the first quote of source `n`; None when it has none."""
    own = [c for c in citations if c.n == n]
    if claim:
        for citation in own:
            quote = _folded(citation.quote)
            if _folded(citation.claim) == claim or (quote and (claim in quote or quote in claim)):
                return citation.quote
    return own[0].quote if own else None


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
        self._composed: Answer | None = None
        self._lines: list[Line] = []
        self._answer: Answer | None = None
        self._state = "empty"
        self._failure = ""
        self._draft_open = False
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
        self._hits, self._lines, self._state = list(sources), [], "writing"
        self._composed = self._answer = None
        self._draft_open = False
        self.sources.show_hits(self._hits, terms, numbered=True, verdicts=verdicts)
        self._render()

    def show_composed(self, answer: Answer) -> None:
        """The answer from the sources alone, on screen before the model writes a word."""
        self._composed = answer
        self._render()

    def add_line(self, line: Line) -> None:
        """A sentence of the model's, checked: a backed one joins the answer, a rejected one
        only the draft behind the toggle."""
        self._lines.append(line)
        self._render()

    def finish(self, answer: Answer) -> None:
        self._answer, self._state = answer, "done"
        self._render()

    def fail(self, message: str) -> None:
        """The model could not write (its process crashed, a model file is unusable): the
        message says so above what the sources already answered, which stays, as do the
        sources, since they are still the pages that match."""
        self._answer, self._state = None, "failed"
        self._failure = message
        self._render()

    def stop(self) -> None:
        if self._state == "writing":
            self._state = "stopped"
            self._render()

    def clear(self) -> None:
        self._hits, self._lines, self._state = [], [], "empty"
        self._composed = self._answer = None
        self.sources.show_hits([], [])
        self._render()

    @property
    def draft_shown(self) -> bool:
        return self._draft_open

    def toggle_draft(self) -> None:
        """Show or hide what the model wrote that no page backs."""
        self._draft_open = not self._draft_open
        self._render()

    @property
    def html(self) -> str:
        return self.text.toHtml()

    @property
    def body(self) -> str:
        """The answer's text as shown, with its [n] markers."""
        return self._body()

    def _body(self) -> str:
        """The answer's text: the finished answer, or the model's backed lines so far above
        what the sources say."""
        if self._answer is not None:
            return self._answer.text
        backed = " ".join(f"{line.text} [{line.citation.n}]" for line in self._lines
                          if line.citation is not None)
        composed = self._composed.text if self._composed is not None else ""
        return "\n".join(part for part in (backed, composed) if part)

    def _rejected(self) -> list[str]:
        if self._answer is not None:
            return self._answer.unsupported
        return [line.text for line in self._lines if not line.backed]

    def _render(self) -> None:
        if self._state == "empty":
            self.text.clear()
            return
        answer = self._shown
        if answer is not None and not answer.grounded:
            self.text.setHtml(f"<p class='refusal'>{html.escape(answer.text)}</p>")
            return
        blocks = [f"<p class='refusal'>{html.escape(self._failure)}</p>"] \
            if self._state == "failed" else []
        if answer is not None and answer.safety:
            blocks.append(self._safety_html(answer))
        body = self._body()
        blocks.append(f"<p>{linked_markers(body)}</p>" if body else "")
        if self._rejected():
            blocks.append(self._draft_html(self._rejected()))
        if self._state == "writing":
            blocks.append(_note(self.tr("The model is writing; each sentence shows once a "
                                        "page backs it…")))
        elif self._state == "stopped" or (self._answer is not None and self._answer.cancelled):
            blocks.append(_note(self.tr("Stopped.")))
        elif self._state == "failed":
            blocks.append(_note(self.tr("The sources below are still the pages that match.")))
        elif not body:
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

    def _draft_html(self, rejected: list[str]) -> str:
        """A labelled toggle over what the model wrote that no page backs: closed, it is one
        line; open, the sentences in grey italics, under a warning."""
        if not self._draft_open:
            label = html.escape(
                self.tr("▸ What the model wrote (1 sentence no page backs)") if len(rejected) == 1
                else self.tr("▸ What the model wrote ({0} sentences no page backs)")
                .format(len(rejected)))
            return f"<p><a href='draft:open'>{label}</a></p>"
        label = html.escape(self.tr("▾ What the model wrote — not backed by your documents, "
                                    "do not act on it:"))
        items = "".join(f"<li>{html.escape(claim)}</li>" for claim in rejected)
        return f"<p><a href='draft:close'>{label}</a></p><ul class='draft'>{items}</ul>"

    def _block_source(self, block: SafetyBlock) -> Hit:
        """A safety block as a hit on its page, with the document id a text view needs."""
        same_file = [hit for hit in self._hits if hit.path == block.path]
        doc_id = same_file[0].doc_id if same_file else ""
        return replace(_block_hit(block), doc_id=doc_id)

    @property
    def _shown(self) -> Answer | None:
        """The answer on screen: the finished one, or the one composed from the sources."""
        return self._answer or self._composed

    def _quote(self, n: int, at: int | None = None) -> str:
        """The passage to open for source `n`: the one the `at`-th marker's line cites, or
        the first the answer cites from it, or the matching passage."""
        if self._shown is not None:
            claim = marked_text(self._body(), at) if at is not None else ""
            quote = cited_quote(self._shown.citations, n, claim)
            if quote is not None:
                return quote
        return self._hits[n - 1].text if 0 < n <= len(self._hits) else ""

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, number = url.toString().partition(":")
        if kind == "draft":
            self.toggle_draft()
            return
        if kind == "safety" and self._shown is not None:
            block = self._shown.safety[int(number)]
            self.citation_chosen.emit(self._block_source(block), 0, block.text)
            return
        if kind == "cite":
            n, _, at = number.partition(":")
            self.choose(int(n), int(at) if at else None)

    def choose(self, n: int, at: int | None = None) -> None:
        """Open source `n` as clicking its [n] does; `at`: the marker's place in the text,
        whose line's passage is highlighted."""
        if 0 < n <= len(self._hits):
            self.citation_chosen.emit(self._hits[n - 1], n, self._quote(n, at))

    @property
    def cited(self) -> list[int]:
        """The source numbers the answer on screen cites, in order."""
        return [c.n for c in self._shown.citations] if self._shown is not None else []
