"""The sentence of a result's passage that answers the question, as offsets into its page.

A passage is up to ~200 tokens, half a page of a dense manual; lighting all of it up tells the
technician little. The viewer highlights the sentence (or, in tables, the row) that holds most of
the question's words, in the question's language or translated (index.query_translation).
"""

from __future__ import annotations

from index.keywords import coverage
from index.sentences import sentences


def best_span(words: str, page_text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets in `page_text` of the sentence in [start, end) holding most of `words`; the
    whole passage when no sentence holds any."""
    best, best_share = (start, end), 0.0
    for span in sentences(page_text, start, end):
        share = coverage(words, span.text)
        if share > best_share:
            best, best_share = (span.start, span.end), share
    return best
