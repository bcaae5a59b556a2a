"""Step 1, from retrieved pages to evidence.

Before the model: each retrieved page yields the sentences near its matching passage, ranked by
how much of the question they hold. Whether they can answer at all is the gate's decision
(`laoshifu.answer.gate`): when they cannot, the answer is a refusal naming what is missing and
the model is not called.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from index.catalog import Catalog
from index.keywords import coverage, present_terms, wanted_terms
from index.sentences import Span, sentences
from kernel.types import Citation, Hit, SafetyBlock
from laoshifu.answer.quotes import quote_spans
from laoshifu.answer.safety import safety_blocks

# Characters of page around the matching passage that an answer may rest on: all of a
# manual page, one section of a long Markdown or CSV "page".
WINDOW = 1500

Window = tuple[int, int]
# The longest page read whole for the sentence holding the question's words (`_windows`): a
# Markdown FAQ or a manual's chapter (the Klipper FAQ: 21,855 characters, read in about 40 ms).
# A sheet or a log is one "page" of up to millions of characters, each of whose rows is a
# passage the search finds on its own: it is read around the matched passage only, so the
# answer stays instant.
LONG_PAGE = 60_000

PageText = Callable[[Hit], str | None]


def catalog_pages(catalog: Catalog) -> PageText:
    """A hit's whole page as the catalog stores it (the text hit offsets point into)."""

    def page_text(hit: Hit) -> str | None:
        return None if hit.page_index is None else catalog.page_text(hit.doc_id, hit.page_index)

    return page_text


@dataclass(frozen=True)
class Evidence:
    """One retrieved page: its text, the sentences around the passage that matched, those
    sentences ranked for the question, and (once numbered for the prompt) what the model saw."""

    hit: Hit
    page: str
    sentences: list[Span]
    ranked: list[Span]
    question_coverage: float
    n: int = 0
    shown: list[Span] = field(default_factory=list)
    safety: list[SafetyBlock] = field(default_factory=list)
    # The stretches of the page the sentences come from (`_windows`); none: the hit's window.
    windows: tuple[Window, ...] = ()

    def numbered(self, n: int, shown: list[Span]) -> Evidence:
        windows = self.windows or (_window(self.hit, self.page),)
        blocks = [b for b in safety_blocks(self.hit, self.page)
                  if any(b.end > low and b.start < high for low, high in windows)]
        return replace(self, n=n, shown=shown, safety=blocks)

    def reread(self, page: str) -> Evidence:
        """The evidence over another text of its page with the same offsets (span choice
        reads the page with its furniture blanked, `laoshifu.answer.furniture`): its sentences
        split again in the same window, `ranked` keeping the order of those still there. Not
        ranked again: that costs more than the rest of it (the question's words in each
        sentence), and span choice ranks by its own measure."""
        spans = _sentences_in(page, self.windows or (_window(self.hit, page),))
        kept = {(span.start, span.end): span for span in spans}
        ranked = [kept[(s.start, s.end)] for s in self.ranked if (s.start, s.end) in kept]
        return replace(self, page=page, sentences=spans, ranked=ranked)

    @property
    def quotes(self) -> list[Span]:
        return quote_spans(self.page, self.sentences)


def _window(hit: Hit, page: str) -> Window:
    return _around(hit.start, max(hit.end, hit.start), page)


def _around(start: int, end: int, page: str) -> Window:
    return max(0, min(start, len(page)) - WINDOW), min(len(page), end + WINDOW)


def _windows(question: str, hit: Hit, page: str) -> tuple[Window, ...]:
    """The stretches of the page an answer may rest on: around the matching passage, and on a
    page longer than that (a whole Markdown FAQ is one "page" of 20,000 characters; at most
    `LONG_PAGE`) also around the sentence holding the most of the question's words (each
    weighed by its rarity among the page's sentences: "Klipper" is in every entry of Klipper's
    FAQ), when that one is outside it and holds more of them than any inside: the passage the
    search matched may be another entry's (the FAQ's entry on Raspberry Pi hardware for a
    question on what happens when the Pi crashes)."""
    first = _window(hit, page)
    wanted = wanted_terms(question)
    if first == (0, len(page)) or not wanted or len(page) > LONG_PAGE:
        return (first,)
    low, high = first
    spans = sentences(page)
    held = [wanted & present_terms(span.text) for span in spans]
    rarity = {term: math.log(len(spans) / sum(term in terms for terms in held))
              for term in set().union(*held)}

    def weight(terms: frozenset[str]) -> float:
        return sum(rarity[term] for term in terms)

    inside = max((weight(terms) for span, terms in zip(spans, held, strict=True)
                  if low < span.end and span.start < high), default=0.0)
    outside = [(weight(terms), span) for span, terms in zip(spans, held, strict=True)
               if span.end <= low or span.start >= high]
    score, best = max(outside, key=lambda pair: pair[0], default=(0.0, None))
    if best is None or score <= inside:
        return (first,)
    second = _around(best.start, best.end, page)
    if second[0] <= high and low <= second[1]:
        return ((min(low, second[0]), max(high, second[1])),)
    return tuple(sorted((first, second)))


def _sentences_in(page: str, windows: tuple[Window, ...]) -> list[Span]:
    return [span for low, high in windows for span in sentences(page, low, high)]


def evidence_for(question: str, hit: Hit, page: str) -> Evidence:
    """The page's sentences near the hit (`_windows`), best first: most of the question's
    words, then inside the matching passage, then page order (a question in another language
    matches no words, so the passage the search model chose leads)."""
    windows = _windows(question, hit, page)
    spans = _sentences_in(page, windows)

    def rank(span: Span) -> tuple[float, bool, int]:
        inside = span.end > hit.start and span.start < hit.end
        return (-coverage(question, span.text), not inside, span.start)

    ranked = sorted(spans, key=rank)
    best = max((coverage(question, quote.text) for quote in quote_spans(page, spans)),
               default=0.0)
    return Evidence(hit=hit, page=page, sentences=spans, ranked=ranked, question_coverage=best,
                    windows=windows)


def cite(item: Evidence, span: Span, claim: str, score: float) -> Citation:
    """The citation of `span` of the evidence's page: what the answer's lead (compose) and each
    checked sentence of the model (check) rest on."""
    return Citation(n=item.n, file=item.hit.file, path=item.hit.path, page=item.hit.page,
                    quote=span.text, start=span.start, end=span.end, claim=claim, support=score,
                    superseded=item.hit.superseded)
