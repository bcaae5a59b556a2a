"""Step 2, what the answer leads with from the sources alone, and the answer's final text.

The answer leads with the sources' best sentence for the question, quoted, whatever the model
writes. Once the model's sentences are checked (step 4), those a quote backs follow the lead,
each with its source number before its closing punctuation; those no source backs are returned
apart, never silently kept.
"""

from __future__ import annotations

import re

from index.keywords import content_words
from index.page_kind import is_contents
from index.sentences import Span
from kernel.types import Citation
from laoshifu.answer.evidence import Evidence, cite

_STOP = ".!?。！？"
# "5.2.10 BOOT Download", "九、主板固件说明", "第三章 接线", "Chapter 4": a section title.
_NUMBERED_TITLE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s|[一二三四五六七八九十]+[、.]|"
                             r"第[一二三四五六七八九十\d]+[章节部分]|chapter\s+\d)", re.IGNORECASE)
# A heading or title holds fewer content words than this; a table row holds a value instead.
_TITLE_WORDS = 8
_LABEL_WORDS = 3


def can_lead(text: str) -> bool:
    """Whether a sentence can stand as the answer's first line. Headings, contents lines,
    captions and lines cut mid-phrase share the question's words (that is why they rank
    high) without saying anything: the sentence that answers is nearby on the same page."""
    flat = " ".join(text.split())
    if not flat or is_contents(flat):
        return False
    words = content_words(flat)
    ended = flat[-1] in _STOP
    if not ended and _NUMBERED_TITLE.match(flat) and len(words) < _TITLE_WORDS:
        return False
    if not ended and len(words) < _LABEL_WORDS and not any(ch.isdigit() for ch in flat):
        return False  # a caption or a label; a short row with a value ("PA2 HE0") may answer
    return not (flat[0].isascii() and flat[0].islower())  # the tail of a cut sentence


def _lead_span(item: Evidence) -> Span | None:
    shown = [span for span in item.ranked if span in item.shown] or item.ranked
    return next((span for span in shown if can_lead(span.text)), shown[0] if shown else None)


def extract(evidence: list[Evidence]) -> list[tuple[str, Citation]]:
    """The best sentence the sources hold for the question, quoted: what the answer leads with."""
    if not evidence:
        return []
    item = max(evidence, key=lambda e: e.question_coverage)
    span = _lead_span(item)
    if span is None:
        return []
    return [(" ".join(span.text.split()), cite(item, span, "", 1.0))]


def with_marker(claim: str, n: int) -> str:
    """The claim with its source number before the closing punctuation: "... 24 Nm [1]."."""
    if claim and claim[-1] in _STOP:
        return f"{claim[:-1]} [{n}]{claim[-1]}"
    return f"{claim} [{n}]"


def compose(evidence: list[Evidence], checked: list[tuple[str, Citation | None]]
            ) -> tuple[str, list[Citation], list[str]]:
    """The answer's text (the lead, then the backed claims that quote something else), its
    citations, each once, and the claims no source backs."""
    lead = extract(evidence)
    quoted = {(c.n, c.start, c.end) for _, c in lead}
    backed = lead + [(claim, citation) for claim, citation in checked if citation is not None
                     and (citation.n, citation.start, citation.end) not in quoted]
    unsupported = [claim for claim, citation in checked if citation is None]
    text = " ".join(with_marker(claim, citation.n) for claim, citation in backed)
    citations = list({(c.n, c.start, c.end): c for _, c in backed}.values())
    return text, citations, unsupported
