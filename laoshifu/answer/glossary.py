"""Pages of definitions, and the questions they cannot answer.

A glossary holds most words a trade uses, so a question from another trade finds its words
there: "How do I bleed the air out of my car's brake lines?" lands on the FAA powerplant
glossary's "Air bleed (carburetor component). A small hole in the fuel passage ...", and
"燃气热水器打不着火怎么办？" (a gas water heater that will not light) on its page about heaters
and horsepower. Every word rule passes them: the words are the library's. What the pages are
tells them apart: a glossary says what a term means, never how to do something. So a question
asking how to do something, whose best pages are all glossary pages, is not answered from
them (`laoshifu.answer.gate`). A question asking what a term is, why it happens or how it
comes about still is: a definition often says that ("Vapor lock ... If the fuel in the line
... is heated enough for the fuel to vaporize, a bubble will form"), and whether a "why" is
about the glossary's trade or another is not in its wording.
"""

from __future__ import annotations

import re
from functools import lru_cache

from laoshifu.answer.value_check import asks_name

# A line that opens a definition: a term of up to six words, maybe a note in brackets, a full
# stop, and the definition's first word ("Air bleed (carburetor component). A small hole ...",
# "Horsepower. A unit of ...").
_ENTRY = re.compile(r"^[A-Z][\w'/-]*(?: [\w'/-]+){0,5}(?: \([^)]{1,40}\))?\. [A-Z]")
# Definition lines on a page of a glossary. Measured on the 477 pages of the shared corpus: the
# FAA glossary's pages hold 13-25, no other page more than 4 (a FAQ, a list of G-code words).
GLOSSARY_ENTRIES = 8
# The letter a glossary's terms start with, printed on a line of its own above them.
_LETTER = re.compile(r"^[A-Z]$")
# The question asks how to do something: "how do I", "how to", "怎么办", "如何"; not "是怎么形成的"
# (how it comes about), which a definition may answer.
_HOW_TO = re.compile(r"\bhow (?:do|can|should) (?:i|we|you)\b|\bhow to\b|怎么办|如何|怎样|"
                     r"(?<!是)怎么|\b(?:procedure|steps) (?:for|to)\b|步骤|操作流程",
                     re.IGNORECASE)


def is_glossary(page: str) -> bool:
    """The page is a run of definitions: at least `GLOSSARY_ENTRIES` of its lines open one."""
    return len(_entry_starts(page)) >= GLOSSARY_ENTRIES


@lru_cache(maxsize=64)
def _entry_starts(page: str) -> tuple[int, ...]:
    """Where each line opening a definition starts."""
    return _line_starts(page, _ENTRY)


@lru_cache(maxsize=64)
def _letter_headings(page: str) -> tuple[int, ...]:
    """Where each letter heading of the glossary ("V" above "V-blocks") starts."""
    return _line_starts(page, _LETTER)


def _line_starts(page: str, kind: re.Pattern[str]) -> tuple[int, ...]:
    starts, at = [], 0
    for line in page.splitlines(keepends=True):
        if kind.match(line.strip()):
            starts.append(at + len(line) - len(line.lstrip()))
        at += len(line)
    return tuple(starts)


def entry_around(page: str, offset: int) -> tuple[int, int] | None:
    """On a glossary page, the definition `offset` is in, from its term to the next term or
    letter heading: an answer quoting "Feathering propeller. A controllable-pitch propeller
    ..." ends there, and the next term's definition ("Feeler gages. A type of measuring tool
    ...") says nothing of it, nor the "V" above "V-blocks". None on any other page, or above
    the page's first term."""
    if not is_glossary(page):
        return None
    starts = _entry_starts(page)
    before = [start for start in starts if start <= offset]
    if not before:
        return None
    after = [start for start in (*starts, *_letter_headings(page)) if start > offset]
    return before[-1], min(after) if after else len(page)


def entry_term(page: str, offset: int) -> str:
    """On a glossary page, the term whose definition `offset` is in ("Feathering propeller"):
    what every value of the definition is about ("a high pitch angle of approximately 90º"),
    though its sentences never repeat it. "" on any other page, or above the page's first
    term."""
    around = entry_around(page, offset)
    if around is None:
        return ""
    head = page[around[0]:around[1]]
    return head[:head.index(". ")] if ". " in head else ""


def asks_how_to(question: str) -> bool:
    """Only how to do something: a question that also asks what the thing is called ("... 这叫
    什么？怎么消除？") is half a definition's, and the definition often says the fix too
    ("Capacitance afterfiring ... eliminated by resistor spark plugs")."""
    return bool(_HOW_TO.search(question)) and not asks_name(question)
