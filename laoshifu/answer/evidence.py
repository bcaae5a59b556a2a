"""Step 1, from retrieved pages to evidence.

Before the model: each retrieved page yields the sentences near its matching passage, ranked by
how much of the question they hold. Whether they can answer at all is the gate's decision
(`laoshifu.answer.gate`): when they cannot, the answer is a refusal naming what is missing and
the model is not called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from index.catalog import Catalog
from index.keywords import coverage
from index.sentences import Span, sentences
from kernel.types import Citation, Hit, SafetyBlock
from laoshifu.answer.quotes import quote_spans
from laoshifu.answer.safety import safety_blocks

# Characters of page around the matching passage that an answer may rest on: all of a
# manual page, one section of a long Markdown or CSV "page".
WINDOW = 1500

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

    def numbered(self, n: int, shown: list[Span]) -> Evidence:
        low, high = _window(self.hit, self.page)
        blocks = [b for b in safety_blocks(self.hit, self.page) if b.end > low and b.start < high]
        return replace(self, n=n, shown=shown, safety=blocks)

    def reread(self, page: str) -> Evidence:
        """The evidence over another text of its page with the same offsets (span choice
        reads the page with its furniture blanked, `laoshifu.answer.furniture`): its sentences
        split again in the same window, `ranked` keeping the order of those still there. Not
        ranked again: that costs more than the rest of it (the question's words in each
        sentence), and span choice ranks by its own measure."""
        low, high = _window(self.hit, page)
        spans = sentences(page, low, high)
        kept = {(span.start, span.end): span for span in spans}
        ranked = [kept[(s.start, s.end)] for s in self.ranked if (s.start, s.end) in kept]
        return replace(self, page=page, sentences=spans, ranked=ranked)

    @property
    def quotes(self) -> list[Span]:
        return quote_spans(self.page, self.sentences)


def _window(hit: Hit, page: str) -> tuple[int, int]:
    start = max(0, min(hit.start, len(page)) - WINDOW)
    return start, min(len(page), max(hit.end, hit.start) + WINDOW)


def evidence_for(question: str, hit: Hit, page: str) -> Evidence:
    """The page's sentences near the hit, best first: most of the question's words, then inside
    the matching passage, then page order (a question in another language matches no words, so
    the passage the search model chose leads)."""
    low, high = _window(hit, page)
    spans = sentences(page, low, high)

    def rank(span: Span) -> tuple[float, bool, int]:
        inside = span.end > hit.start and span.start < hit.end
        return (-coverage(question, span.text), not inside, span.start)

    ranked = sorted(spans, key=rank)
    best = max((coverage(question, quote.text) for quote in quote_spans(page, spans)),
               default=0.0)
    return Evidence(hit=hit, page=page, sentences=spans, ranked=ranked, question_coverage=best)


def cite(item: Evidence, span: Span, claim: str, score: float) -> Citation:
    """The citation of `span` of the evidence's page: what the answer's lead (compose) and each
    checked sentence of the model (check) rest on."""
    return Citation(n=item.n, file=item.hit.file, path=item.hit.path, page=item.hit.page,
                    quote=span.text, start=span.start, end=span.end, claim=claim, support=score,
                    superseded=item.hit.superseded)
