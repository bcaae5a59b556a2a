"""Step 4, checking the model's sentences against the cited pages, one by one as they complete.

After the model: each sentence of the answer is a claim. Its `[n]` markers name sources; the
claim is matched to the span of the cited page that supports it best (that span is the quote).
A claim whose cited page does not back it, but another source does, cites that source instead;
a claim no source backs strongly is rejected: it stays in the draft, never in the answer.

Backed means: every number, value with its unit and code of the claim stands in the quote, and
the quote says the same thing. In the claim's own language "the same thing" is most of its
content words; across languages (a Chinese line on an English page) words cannot match, so the
multilingual search model's similarity of claim and quote decides, at a threshold calibrated on
translations and near misses (`AnswerSettings.min_meaning`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from index.keywords import content_words
from index.sentences import Span, sentences
from kernel.config import AnswerSettings
from kernel.types import Citation
from laoshifu.answer.evidence import Evidence, cite
from laoshifu.answer.quotes import best_quote, numbers, same_values

_MARKER = re.compile(r"\[(\d+(?:\s*[,，、]\s*\d+)*)\]")
_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:!?。！？；，])")
_CJK = re.compile(r"[\u3400-\u9fff]")

Claim = tuple[str, list[int]]


def claims(answer: str) -> list[Claim]:
    """The answer's sentences with the source numbers each names; a marker written after the
    full stop ("... tight. [2]") belongs to the sentence before it."""
    found_claims: list[Claim] = []
    for span in sentences(answer):
        found = [int(n) for group in _MARKER.findall(span.text)
                 for n in re.split(r"[,，、]", group)]
        claim = _SPACE_BEFORE_STOP.sub(r"\1", _MARKER.sub("", span.text)).strip()
        if not content_words(claim) and found_claims:
            found_claims[-1][1].extend(found)
            continue
        found_claims.append((claim, found))
    return found_claims


def is_claim(claim: str) -> bool:
    """A sentence that states something (not "Sure." or "I hope this helps")."""
    return bool(numbers(claim)) or len(content_words(claim)) >= 2


def _chinese(text: str) -> bool:
    return len(_CJK.findall(text)) >= 2


class MeaningCheck:
    """Whether a claim and a quote in different languages say the same thing: the search
    model's cosine of the two, at or above `threshold`. Quote vectors are kept per answer."""

    def __init__(self, embed: Callable[[Sequence[str]], list[list[float]]], threshold: float):
        self._embed = embed
        self._threshold = threshold
        self._vectors: dict[str, np.ndarray] = {}

    def _vector(self, text: str) -> np.ndarray:
        if text not in self._vectors:
            self._vectors[text] = np.asarray(self._embed([text])[0], dtype=np.float32)
        return self._vectors[text]

    def best(self, claim: str, quotes: list[Span]) -> tuple[Span | None, float]:
        """The quote closest in meaning among those holding the claim's values, and its
        cosine when it reaches the threshold (else 0)."""
        usable = [q for q in quotes if same_values(claim, q.text)]
        if not usable:
            return None, 0.0
        mine = self._vector(claim)
        scored = [(float(self._vector(q.text) @ mine), q) for q in usable]
        score, quote = max(scored, key=lambda pair: pair[0])
        return (quote, score) if score >= self._threshold else (None, 0.0)


def check(answer: str, evidence: list[Evidence], min_support: float | None = None,
          meaning: MeaningCheck | None = None) -> list[tuple[str, Citation | None]]:
    """Each claim of the answer with the citation that backs it, or None when no source
    backs it strongly."""
    return [(claim, check_claim(claim, named, evidence, min_support, meaning))
            for claim, named in claims(answer) if is_claim(claim)]


def check_claim(claim: str, named: list[int], evidence: list[Evidence],
                min_support: float | None = None,
                meaning: MeaningCheck | None = None) -> Citation | None:
    """The citation that backs one claim, or None: first among the sources it names, then
    among all; across languages by meaning, among the spans the model was shown."""
    threshold = AnswerSettings().min_support if min_support is None else min_support
    by_n = {item.n: item for item in evidence}
    cited = [by_n[n] for n in dict.fromkeys(named) if n in by_n]
    found = _best_support(claim, cited) if cited else None
    if found is None or found[2] < threshold:
        found = _best_support(claim, evidence)
    if (found is None or found[2] < threshold) and meaning is not None:
        found = _best_by_meaning(claim, cited or evidence, meaning)
    if found is None or (found[2] < threshold and not found[3]):
        return None
    item, span, score, _ = found
    return cite(item, span, claim, score)


def _best_support(claim: str, evidence: list[Evidence]
                  ) -> tuple[Evidence, Span, float, bool] | None:
    best = None
    for item in evidence:
        span, score = best_quote(claim, item.quotes)
        if span is not None and (best is None or score > best[2]):
            best = (item, span, score, False)
    return best


def _best_by_meaning(claim: str, evidence: list[Evidence], meaning: MeaningCheck
                     ) -> tuple[Evidence, Span, float, bool] | None:
    """Only a claim in the other language than its quotes is judged by meaning: in the same
    language, words decide (a paraphrase that shares too few words is not trusted)."""
    best = None
    for item in evidence:
        shown = [s for s in item.shown if _chinese(s.text) != _chinese(claim)]
        span, score = meaning.best(claim, shown)
        if span is not None and (best is None or score > best[2]):
            best = (item, span, score, True)
    return best
