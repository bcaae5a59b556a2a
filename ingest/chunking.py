"""Pages to passages that fit the embedder's window, each pinned to its exact character span.

A passage the embedder truncates is a passage search can't find, so the budget is counted with
the embedder's own tokenizer (passed in as `count_tokens`), not guessed from characters: 1,000
characters of English are about 220 word pieces, but 1,000 Chinese characters are 1,000.
Passages break at paragraph and sentence ends; a sentence longer than the whole budget is cut at
word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from laoshifu.types import Chunk, Page

TokenCounter = Callable[[str], int]

# A unit ends after sentence punctuation (Latin or CJK) followed by space, or at a line break.
_UNIT_END = re.compile(r"(?<=[.!?;:。！？；：])\s+|(?<=[。！？；])|\n\s*")
_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    tokens: int


def _units(text: str, count: TokenCounter, budget: int) -> Iterator[_Unit]:
    start = 0
    for match in [*_UNIT_END.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[start:end].strip():
            yield from _fit(text, start, end, count, budget)
        if match:
            start = match.end()


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


def chunk_page(doc_id: str, page: Page, count: TokenCounter, budget: int) -> list[Chunk]:
    """Pack a page's sentences greedily into passages of at most `budget` tokens.

    The last sentence of a passage opens the next one when it is short, so an answer that
    straddles two passages is still whole in one of them.
    """
    units = list(_units(page.text, count, budget))
    chunks: list[Chunk] = []
    group: list[_Unit] = []
    for unit in units:
        if group and sum(u.tokens for u in group) + unit.tokens > budget:
            chunks.append(_make_chunk(doc_id, page, group))
            tail = group[-1]
            group = [tail] if tail.tokens * 4 <= budget and tail.tokens + unit.tokens <= budget \
                else []
        group.append(unit)
    if group:
        chunks.append(_make_chunk(doc_id, page, group))
    return chunks


def _make_chunk(doc_id: str, page: Page, group: list[_Unit]) -> Chunk:
    start, end = group[0].start, group[-1].end
    return Chunk(
        doc_id=doc_id,
        page_index=page.index,
        page_number=page.number,
        label=page.label,
        start=start,
        end=end,
        text=page.text[start:end],
    )
