"""What the pages say about a question, and whether an answer says only that.

Before the model: each retrieved page yields the sentences near its matching passage, ranked by
how much of the question they hold; the question is answerable when one page is close to it in
meaning or a short span of a page holds most of its content words.

After the model: each sentence of the answer is a claim. Its `[n]` markers name sources; the
claim is matched to the span of the cited page that supports it best (that span is the quote).
A claim whose cited page does not back it, but another source does, cites that source instead;
a claim no source backs strongly is returned as unsupported, never silently kept.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace

from index.keywords import content_words, coverage
from index.sentences import Span, sentences
from kernel.config import AnswerSettings
from kernel.types import Citation, Hit, SafetyBlock
from laoshifu.answer_type import asked_quantity, states_value
from laoshifu.citations import best_quote, numbers, quote_spans
from laoshifu.safety import safety_blocks

_MARKER = re.compile(r"\[(\d+(?:\s*[,，、]\s*\d+)*)\]")
_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:!?。！？；，])")
_STOP = ".!?。！？"
# Characters of page around the matching passage that an answer may rest on: all of a
# manual page, one section of a long Markdown or CSV "page".
WINDOW = 1500


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


def dense_margin(similarities: list[float]) -> float:
    """How far the best passage stands above the crowd of dense candidates (top minus median).

    E5 similarities are compressed (0.78-0.95 for everything), so their level says little;
    their spread does: a question the library answers has a passage that stands out, a
    near-topic question it cannot answer (a value no page states) finds many equally close
    passages. This is the score-dispersion family of query-performance predictors (e.g.
    NQC, Shtok et al. 2012), needing no extra model.
    """
    if len(similarities) < 2:
        return 0.0
    ordered = sorted(similarities, reverse=True)
    return ordered[0] - statistics.median(ordered)


def has_evidence(question: str, evidence: list[Evidence], margin: float,
                 settings: AnswerSettings) -> bool:
    """The library holds an answer when one passage stands out in meaning (`margin`), or one
    or two adjacent sentences of a page hold most of the question's content words; and, when
    the question asks for a value (a torque, a rating), a page states a value of that kind."""
    if not evidence:
        return False
    quantity = asked_quantity(question)
    if quantity and not any(states_value(quantity, item.page) for item in evidence):
        return False
    return margin >= settings.min_margin or any(
        item.question_coverage >= settings.min_coverage for item in evidence)


def _claims(answer: str) -> list[tuple[str, list[int]]]:
    """The answer's sentences with the source numbers each names; a marker written after the
    full stop ("... tight. [2]") belongs to the sentence before it."""
    claims: list[tuple[str, list[int]]] = []
    for span in sentences(answer):
        found = [int(n) for group in _MARKER.findall(span.text)
                 for n in re.split(r"[,，、]", group)]
        claim = _SPACE_BEFORE_STOP.sub(r"\1", _MARKER.sub("", span.text)).strip()
        if not content_words(claim) and claims:
            claims[-1][1].extend(found)
            continue
        claims.append((claim, found))
    return claims


def _is_claim(claim: str) -> bool:
    """A sentence that states something (not "Sure." or "I hope this helps")."""
    return bool(numbers(claim)) or len(content_words(claim)) >= 2


def check(answer: str, evidence: list[Evidence],
          min_support: float | None = None) -> list[tuple[str, Citation | None]]:
    """Each claim of the answer with the citation that backs it, or None when no source
    backs it strongly."""
    threshold = AnswerSettings().min_support if min_support is None else min_support
    by_n = {item.n: item for item in evidence}
    checked: list[tuple[str, Citation | None]] = []
    for claim, named in _claims(answer):
        if not _is_claim(claim):
            continue
        cited = [by_n[n] for n in dict.fromkeys(named) if n in by_n]
        found = _best_support(claim, cited) if cited else None
        if found is None or found[2] < threshold:
            found = _best_support(claim, evidence)
        if found is None or found[2] < threshold:
            checked.append((claim, None))
            continue
        item, span, score = found
        checked.append((claim, _citation(item, span, claim, score)))
    return checked


def extract(evidence: list[Evidence]) -> list[tuple[str, Citation]]:
    """The best sentence the sources hold for the question, quoted: what the answer leads with."""
    if not evidence:
        return []
    item = max(evidence, key=lambda e: e.question_coverage)
    span = next((s for s in item.ranked if s in item.shown), item.ranked[0] if item.ranked
                else None)
    if span is None:
        return []
    return [(" ".join(span.text.split()), _citation(item, span, "", 1.0))]


def with_marker(claim: str, n: int) -> str:
    """The claim with its source number before the closing punctuation: "... 24 Nm [1]."."""
    if claim and claim[-1] in _STOP:
        return f"{claim[:-1]} [{n}]{claim[-1]}"
    return f"{claim} [{n}]"


def _citation(item: Evidence, span: Span, claim: str, score: float) -> Citation:
    return Citation(n=item.n, file=item.hit.file, path=item.hit.path, page=item.hit.page,
                    quote=span.text, start=span.start, end=span.end, claim=claim, support=score)


def _best_support(claim: str, evidence: list[Evidence]) -> tuple[Evidence, Span, float] | None:
    best = None
    for item in evidence:
        span, score = best_quote(claim, item.quotes)
        if span is not None and (best is None or score > best[2]):
            best = (item, span, score)
    return best
