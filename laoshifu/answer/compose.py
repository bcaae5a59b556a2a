"""Step 2, what the answer leads with from the sources alone, and the answer's final text.

The answer leads with the sources' best sentence for the question, quoted, whatever the model
writes. Once the model's sentences are checked (step 4), those a quote backs follow the lead,
each with its source number before its closing punctuation; those no source backs are returned
apart, never silently kept.
"""

from __future__ import annotations

from kernel.types import Citation
from laoshifu.answer.evidence import Evidence, cite

_STOP = ".!?。！？"


def extract(evidence: list[Evidence]) -> list[tuple[str, Citation]]:
    """The best sentence the sources hold for the question, quoted: what the answer leads with."""
    if not evidence:
        return []
    item = max(evidence, key=lambda e: e.question_coverage)
    span = next((s for s in item.ranked if s in item.shown), item.ranked[0] if item.ranked
                else None)
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
