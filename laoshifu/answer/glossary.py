"""Pages of definitions, and the questions they cannot answer.

A glossary holds most words a trade uses, so a question from another trade finds its words
there: "How do I bleed the air out of my car's brake lines?" lands on the FAA powerplant
glossary's "Air bleed (carburetor component). A small hole in the fuel passage ...", and
"燃气热水器打不着火怎么办？" (a gas water heater that will not light) on its page about heaters
and horsepower. Every word rule passes them: the words are the library's. What the pages are
tells them apart: a glossary says what a term means, never how to do something or why a
machine fails. So a question asking how or why, whose retrieved pages are all glossary pages,
is not answered from them (`laoshifu.answer.gate`). A question asking what a term is or does
still is.
"""

from __future__ import annotations

import re

# A line that opens a definition: a term of up to six words, maybe a note in brackets, a full
# stop, and the definition's first word ("Air bleed (carburetor component). A small hole ...",
# "Horsepower. A unit of ...").
_ENTRY = re.compile(r"^[A-Z][\w'/-]*(?: [\w'/-]+){0,5}(?: \([^)]{1,40}\))?\. [A-Z]")
# Definition lines on a page of a glossary. Measured on the 477 pages of the shared corpus: the
# FAA glossary's pages hold 13-25, no other page more than 4 (a FAQ, a list of G-code words).
GLOSSARY_ENTRIES = 8
# The question asks how to do something, or why something happens: what a definition never says.
_HOW_OR_WHY = re.compile(r"\bhow (?:do|to|can|should)\b|\bwhy\b|\bwhat causes\b|"
                         r"怎么|怎样|如何|为什么|原因", re.IGNORECASE)


def is_glossary(page: str) -> bool:
    """The page is a run of definitions: at least `GLOSSARY_ENTRIES` of its lines open one."""
    entries = sum(bool(_ENTRY.match(line.strip())) for line in page.splitlines())
    return entries >= GLOSSARY_ENTRIES


def asks_how_or_why(question: str) -> bool:
    return bool(_HOW_OR_WHY.search(question))
