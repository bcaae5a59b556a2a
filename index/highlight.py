"""The sentence of a result's passage that answers the question, as offsets into its page.

A passage is up to ~200 tokens, half a page of a dense manual; lighting all of it up tells the
technician little. The viewer highlights the sentence (or, in tables, the row) that holds most of
the question's words, in the question's language or translated (index.query_translation).
"""

from __future__ import annotations

import re

from index.keywords import coverage

# Latin sentences end at . ! ? before a space ("v1.1" and "0.05" do not end one); Chinese ones at
# full-width punctuation; paragraphs at a blank line.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？；])|\n\s*\n")
# A "sentence" longer than this is a table or list without punctuation: its lines are the units.
_LONGEST_SENTENCE = 300


def _units(text: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        if end - position > _LONGEST_SENTENCE:
            spans.extend((position + m.start(), position + m.end())
                         for m in re.finditer(r"[^\n]+", text[position:end]))
        else:
            spans.append((position, end))
        position = end
    return [(offset + s + len(text[s:e]) - len(text[s:e].lstrip()),
             offset + e - (len(text[s:e]) - len(text[s:e].rstrip())))
            for s, e in spans if text[s:e].strip()]


def best_span(words: str, page_text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets in `page_text` of the sentence in [start, end) holding most of `words`; the
    whole passage when no sentence holds any."""
    best, best_share = (start, end), 0.0
    for span in _units(page_text[start:end], start):
        share = coverage(words, page_text[span[0]:span[1]])
        if share > best_share:
            best, best_share = span, share
    return best
