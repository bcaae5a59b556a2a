"""How well a span of a page supports a claim, and the spans a quote may be.

A citation is only worth something if the technician can see the words it rests on, so every
quote is a literal span of the cited page's original text (what the viewer highlights), found
by offsets, never re-typed. Support is judged on words and, strictly, on numbers: a claim that
says 42 Nm where the page says 24 Nm shares most of its words with the page and is still wrong,
so every number and code of a claim must appear in its quote.

Shared by the evidence step (how much of the question a page's best quote holds) and the check
step (which quote backs a sentence of the answer).
"""

from __future__ import annotations

import re

from index.keywords import coverage
from index.sentences import Span
from index.tokenize import codes, normalise

_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
# A number and the unit written after it (24 V, 0.05 mm, 8 MHz, 32KiB, 300 W, 24伏).
_VALUE = re.compile(r"(\d+(?:[.,]\d+)*)\s?(k?v|mv|v(?:ac|dc)|m?a|k?w|n\s?m|mm|cm|µm|um|m|"
                    r"m?s|min|h|[kmg]?hz|°\s?[cf]|℃|%|[kmg]i?b|bps|baud|rpm|bar|psi|[km]?pa|"
                    r"k?ω|k?ohms?|伏|安|瓦|毫米|秒|分钟|小时)(?![a-z])")
# Adjacent sentences a quote may join: a claim often takes its subject from one sentence and
# its value from the next.
MAX_QUOTE_SENTENCES = 2


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


def values(text: str) -> set[str]:
    """The values of `text` with their units, as written ("24v", "0.05mm", "5a"): 24 V and
    24 mA share a number, not a value."""
    return {number + unit for number, unit in _VALUE.findall(normalise(text))}


def same_values(claim: str, quote: str) -> bool:
    """Every number, value with its unit and code of the claim stands in the quote."""
    return (numbers(claim) <= numbers(quote) and values(claim) <= values(quote)
            and codes(claim) <= codes(quote))


def support(claim: str, quote: str) -> float:
    """How well `quote` backs `claim`: the share of the claim's content words it holds, and
    0 when the claim states a number, value or code the quote does not."""
    if not same_values(claim, quote):
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
