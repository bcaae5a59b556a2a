"""Safety passages (WARNING / CAUTION / DANGER / 警告 / 注意 / 危险) of a page, word for word.

A missed lock-out step hurts people, and a small model summarising a page drops exactly such
asides. So the warnings of every page an answer rests on are cut from the page itself and shown
with the answer, whatever the model wrote.

A helper of the evidence step: each page numbered for the prompt carries the warnings near its
matching passage, and the answer returns them.
"""

from __future__ import annotations

import re

from index.sentences import Span, sentences
from kernel.types import Hit, SafetyBlock

# Upper-case signal words, or capitalised ones used as a label ("Warning:"); Chinese signal
# words as a label, at a sentence start, or as "请注意" (please take care to ...). A lower-case
# "warning light" in running text is not a warning block.
_MARKER = re.compile(
    r"\b(?:WARNING|CAUTION|DANGER)\b|\b(?:Warning|Caution|Danger)\s*[:!：]"
    r"|警告|危险|(?:^|[\s。！；])注意|请注意|注意\s*[:：!！]")
# A marker sentence this short ("WARNING!") is a label: the warning is the sentence after it.
_LABEL_ONLY = 16


def safety_spans(page: str) -> list[Span]:
    """The warning passages of a page, each a literal span of it, in page order."""
    spans = sentences(page)
    found: list[Span] = []
    for i, span in enumerate(spans):
        if not _MARKER.search(span.text):
            continue
        end = span.end
        if len(span.text) <= _LABEL_ONLY and i + 1 < len(spans):
            end = spans[i + 1].end
        if found and span.start < found[-1].end:
            continue
        found.append(Span(span.start, end, page[span.start:end]))
    return found


def safety_blocks(hit: Hit, page: str) -> list[SafetyBlock]:
    return [SafetyBlock(file=hit.file, path=hit.path, page=hit.page, start=span.start,
                        end=span.end, text=span.text) for span in safety_spans(page)]
