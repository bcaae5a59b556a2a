"""Sentences of a page with their offsets, and how well a page span supports a claim.

A citation is only worth something if the technician can see the words it rests on, so every
quote is a literal span of the cited page's original text (what the viewer highlights), found
by offsets, never re-typed. Support is judged on words and, strictly, on numbers: a claim that
says 42 Nm where the page says 24 Nm shares most of its words with the page and is still wrong,
so every number and code of a claim must appear in its quote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from index.keywords import STOPWORDS, coverage
from index.tokenize import normalise, tokens

# Latin sentences end at . ! ? followed by white space ("v1.1" and "0.05" do not end one);
# Chinese ones at full-width punctuation; a blank line ends a paragraph.
_BOUNDARY = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；])\s*|\n\s*\n")
# A line that is not part of running text: page headers, headings, table rows. Wrapped prose
# fills the line; these stop short. Measured in columns: a Chinese character takes two.
_SHORT_LINE = 60
_LIST_NUMBER = re.compile(r"\d{1,2}[.)]")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
# Adjacent sentences a quote may join: a claim often takes its subject from one sentence and
# its value from the next.
MAX_QUOTE_SENTENCES = 2


@dataclass(frozen=True)
class Span:
    """Part of a page's original text; `text` is exactly `page[start:end]`."""

    start: int
    end: int
    text: str


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    bounds, position = [], start
    for match in _BOUNDARY.finditer(text, start, end):
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, end))
    lines = []
    for a, b in bounds:
        lines.extend(_split_short_lines(text, a, b))
    return lines


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _split_short_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Break after a short line (a header, heading or table cell), not inside wrapped prose."""
    pieces, position = [], start
    for match in re.finditer(r"\n", text[start:end]):
        cut = start + match.start()
        line_start = text.rfind("\n", 0, cut) + 1
        if _width(text[line_start:cut]) < _SHORT_LINE:
            pieces.append((position, cut))
            position = cut + 1
    pieces.append((position, end))
    return pieces


def sentences(page: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of `page[start:end]`, trimmed, each with its offsets in `page`.

    A list number standing alone ("2.") joins the sentence it introduces.
    """
    end = len(page) if end is None else end
    spans: list[Span] = []
    pending: int | None = None
    for a, b in _pieces(page, start, end):
        while a < b and page[a].isspace():
            a += 1
        while b > a and page[b - 1].isspace():
            b -= 1
        if a == b:
            continue
        if _LIST_NUMBER.fullmatch(page[a:b]):
            pending = a if pending is None else pending
            continue
        a = a if pending is None else pending
        pending = None
        spans.append(Span(a, b, page[a:b]))
    return spans


def quote_spans(page: str, sentences_of_page: list[Span]) -> list[Span]:
    """Every run of one or two adjacent sentences: the candidate quotes of a page."""
    runs = []
    for i in range(len(sentences_of_page)):
        for size in range(1, MAX_QUOTE_SENTENCES + 1):
            if i + size <= len(sentences_of_page):
                first, last = sentences_of_page[i], sentences_of_page[i + size - 1]
                runs.append(Span(first.start, last.end, page[first.start:last.end]))
    return runs


def numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(normalise(text)))


def content_words(text: str) -> set[str]:
    return {t for t in tokens(text) if t not in STOPWORDS and len(t) > 1}


def support(claim: str, quote: str) -> float:
    """How well `quote` backs `claim`: the share of the claim's content words it holds, and
    0 when the claim states a number the quote does not."""
    if not numbers(claim) <= numbers(quote):
        return 0.0
    return coverage(claim, quote)


def best_quote(claim: str, candidates: list[Span]) -> tuple[Span | None, float]:
    """The candidate span that supports `claim` best, shortest on ties."""
    best, best_score = None, 0.0
    for span in candidates:
        score = support(claim, span.text)
        if score > best_score or (score == best_score and best and len(span.text) <
                                  len(best.text) and score > 0):
            best, best_score = span, score
    return best, best_score
