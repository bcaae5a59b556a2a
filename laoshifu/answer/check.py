"""Step 4, checking the model's sentences against the cited pages.

After the model: each sentence of the answer is a claim. Its `[n]` markers name sources; the
claim is matched to the span of the cited page that supports it best (that span is the quote).
A claim whose cited page does not back it, but another source does, cites that source instead;
a claim no source backs strongly is returned as unsupported, never silently kept.
"""

from __future__ import annotations

import re

from index.keywords import content_words
from index.sentences import Span, sentences
from kernel.config import AnswerSettings
from kernel.types import Citation
from laoshifu.answer.evidence import Evidence, cite
from laoshifu.answer.quotes import best_quote, numbers

_MARKER = re.compile(r"\[(\d+(?:\s*[,，、]\s*\d+)*)\]")
_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:!?。！？；，])")


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
        checked.append((claim, cite(item, span, claim, score)))
    return checked


def _best_support(claim: str, evidence: list[Evidence]) -> tuple[Evidence, Span, float] | None:
    best = None
    for item in evidence:
        span, score = best_quote(claim, item.quotes)
        if span is not None and (best is None or score > best[2]):
            best = (item, span, score)
    return best
