"""Cleaned pages to passages that fit the embedder's window and follow the document's structure.

A passage the embedder truncates is a passage search can't find, so the budget is counted with
the embedder's own tokenizer (`count_tokens`), not guessed from characters: 1,000 characters of
English are about 220 word pieces, 1,000 Chinese characters are 1,000.

Structure decides where passages break: a heading starts a new passage and is carried along as
context for the passages under it; a numbered step and a WARNING / CAUTION / DANGER / 警告 /
注意 / 危险 block are kept whole, so a step is never separated from its safety note; table rows
(one line per row, header names inside) are packed whole. Only a block larger than the whole
budget is cut, at sentence and then word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ingest.clean import CleanPage
from kernel.types import Chunk

TokenCounter = Callable[[str], int]

# Word pieces the section heading may add to a passage's embedding input; the passage budget
# plus this stays inside the embedder's window.
HEADING_CONTEXT_TOKENS = 40

_HEADING = re.compile(
    r"^(#{1,6}\s+\S.*"                                   # Markdown / DOCX headings
    r"|\d+(\.\d+)+\.?\s+\S.{0,80}"                       # 5.2.8 Turn off the debug interface
    r"|\d{1,2}\s+[A-Z][A-Z0-9 /&()-]{3,60}"              # 7 MOTHERBOARD FIRMWARE SUPPORT
    r"|[A-Z][A-Z0-9 /&()-]{6,60}"                        # TROUBLESHOOTING
    r"|(第[一二三四五六七八九十\d]+[章节部分]|[一二三四五六七八九十]+、).{0,40})$"
)
_STEP = re.compile(
    r"^(\d{1,2}[.)、](?!\d)\s*\S|\(\d{1,2}\)|[①-⑳]|步骤\s*\d|第\s*\d+\s*步|Step\s+\d)",
    re.IGNORECASE)
_SAFETY = re.compile(r"^[\s*>#-]*(WARNING|CAUTION|DANGER|NOTICE|警告|注意|危险|小心)\b",
                     re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?;:。！？；：])\s+|(?<=[。！？；])")
_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class _Block:
    kind: str  # heading, safety, step, text
    start: int
    end: int
    tokens: int


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    tokens: int


def _line_spans(text: str) -> Iterator[tuple[int, int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def _kind(line: str) -> str:
    stripped = line.strip()
    if _SAFETY.match(stripped):
        return "safety"
    if _STEP.match(stripped):
        return "step"
    if len(stripped) <= 90 and _HEADING.match(stripped) and not stripped.endswith((".", "。")):
        return "heading"
    return "text"


def _blocks(text: str, count: TokenCounter) -> Iterator[_Block]:
    """Group lines into headings, safety blocks, steps and paragraphs."""
    kind, start, end = None, 0, 0
    for line_start, line_end, line in _line_spans(text):
        line_kind = _kind(line) if line.strip() else "blank"
        continues = kind in ("safety", "step", "text") and line_kind == "text"
        if kind is not None and not continues:
            yield _Block(kind, start, end, count(text[start:end]))
            kind = None
        if line_kind == "blank":
            continue
        if kind is None:
            kind, start = line_kind, line_start
        end = line_end
    if kind is not None:
        yield _Block(kind, start, end, count(text[start:end]))


def _units(text: str, start: int, end: int, count: TokenCounter, budget: int) -> Iterator[_Unit]:
    """Pieces of an oversized block, each within the budget: whole lines (a table row is a
    line), and only a line that is itself too long is cut at sentence ends."""
    for line_start, line_end, line in _line_spans(text[start:end]):
        if not line.strip():
            continue
        line_start, line_end = line_start + start, line_end + start
        tokens = count(line)
        if tokens <= budget:
            yield _Unit(line_start, line_end, tokens)
            continue
        position = line_start
        for match in [*_SENTENCE_END.finditer(text, line_start, line_end), None]:
            stop = match.start() if match else line_end
            if text[position:stop].strip():
                yield from _fit(text, position, stop, count, budget)
            if match:
                position = match.end()


def _fit(text: str, start: int, end: int, count: TokenCounter, budget: int) -> Iterator[_Unit]:
    """Yield the span as one unit, or cut it into units that each fit the budget."""
    tokens = count(text[start:end])
    if tokens <= budget:
        yield _Unit(start, end, tokens)
        return
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    if len(words) == 1:  # one run without spaces (Chinese, a long URL): cut by characters.
        step = max(1, (end - start) * budget // (tokens + 1))
        for piece_start in range(start, end, step):
            yield from _fit(text, piece_start, min(piece_start + step, end), count, budget)
        return
    piece_start, running = words[0][0], 0
    for w_start, w_end in words:
        word_tokens = count(text[w_start:w_end])
        if word_tokens > budget:
            if running:
                yield _Unit(piece_start, w_start, running)
            yield from _fit(text, w_start, w_end, count, budget)
            piece_start, running = w_end, 0
            continue
        if running and running + word_tokens > budget:
            yield _Unit(piece_start, w_start, running)
            piece_start, running = w_start, 0
        running += word_tokens
    if running:
        yield _Unit(piece_start, end, running)


class _Packer:
    """Collects spans of one page into passages of at most `budget` tokens."""

    def __init__(self, doc_id: str, page: CleanPage, count: TokenCounter, budget: int,
                 heading: str):
        self.doc_id, self.page, self.count, self.budget = doc_id, page, count, budget
        self.heading = heading
        self.chunks: list[Chunk] = []
        self._start: int | None = None
        self._end = 0
        self._tokens = 0
        self._heading_only = False

    def add(self, start: int, end: int, tokens: int) -> None:
        if self._start is not None and self._tokens + tokens > self.budget:
            self.flush()
        if self._start is None:
            self._start = start
        self._end, self._tokens = end, self._tokens + tokens
        self._heading_only = False

    def add_heading(self, start: int, end: int, tokens: int) -> None:
        """A heading closes the passage before it and opens the next one."""
        if self.has_body:
            self.flush()
        self.heading = self.page.text[start:end].lstrip("# ").strip()
        self.add(start, end, tokens)
        self._heading_only = True

    def _context(self, text: str) -> str:
        if not self.heading or text.startswith(self.heading):
            return ""
        context = self.heading
        while context and self.count(context) > HEADING_CONTEXT_TOKENS:
            context = context[: len(context) * 3 // 4]
        return context

    def flush(self) -> None:
        if self._start is None:
            return
        clean = self.page
        start, end = clean.original_span(self._start, self._end)
        text = clean.text[self._start:self._end]
        self.chunks.append(Chunk(
            doc_id=self.doc_id, page_index=clean.page.index, page_number=clean.page.number,
            label=clean.page.label, start=start, end=end, text=text,
            context=self._context(text),
        ))
        self._start, self._tokens = None, 0

    @property
    def has_body(self) -> bool:
        return self._start is not None and not self._heading_only


def chunk_page(doc_id: str, page: CleanPage, count: TokenCounter, budget: int,
               heading: str = "") -> tuple[list[Chunk], str]:
    """Passages of one page, and the heading in force at its end (it carries to the next)."""
    packer = _Packer(doc_id, page, count, budget, heading)
    text = page.text
    for block in _blocks(text, count):
        if block.kind == "heading":
            packer.add_heading(block.start, block.end, block.tokens)
        elif block.tokens <= packer.budget:
            packer.add(block.start, block.end, block.tokens)
        else:
            for unit in _units(text, block.start, block.end, count, packer.budget):
                packer.add(unit.start, unit.end, unit.tokens)
    packer.flush()
    return packer.chunks, packer.heading


def chunk_document(doc_id: str, pages: list[CleanPage], count: TokenCounter,
                   budget: int) -> list[Chunk]:
    heading = ""
    chunks: list[Chunk] = []
    for page in pages:
        page_chunks, heading = chunk_page(doc_id, page, count, budget, heading)
        chunks.extend(page_chunks)
    return chunks
