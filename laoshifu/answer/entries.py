"""Lines that name a topic instead of saying something: a numbered FAQ entry's title and a
contents line.

An FAQ entry's title restates the problem in the reader's words ("40 I get the following error
while building: make[4]: don't know how to make HP-UX/nut-drvctl.sh. Stop"), so it shares a
question's words best of all, and it need not end with "?": the answer ("install GNU Make") is
the paragraph under it. A contents line names a section and its page ("2.2.3 Xenomai with
linuxcnc-uspace package . . . 5"; the sentence splitter reads "5" and the next line's title as
one unit). Neither ever answers: span choice reads them as units of their own
(`split_at_titles`) that never lead nor stand beside a span (`in_title`), and the paragraphs
under an entry's title are read as that entry's section (`entry_above`).

A line alone cannot tell an entry's title from a sentence that starts with a number ("24 V
powers the board"); the page can: the titles of an FAQ are numbered in sequence, so a line
opening with a bare number is an entry's title when the page holds the entry before or after
it too, or when it asks a question: an entry alone on its page ("24 The CGI programs report
access to that host is not authorized - what's going on?", its neighbours on the pages around
it), or one opening with a program's name in lower case ("25 upsd is running, so why can't I
connect to it?"). A title wrapped over its printed line goes on in lower case on the next line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from index.page_kind import is_contents
from index.sentences import Span

# "40 I get the following error ...", "7 Which UPS should I buy?": a bare number, then a word
# that starts the title (in lower case only when the title asks a question). "3.3 V", "24 V,
# 5 A" start with a value: no number of an entry.
_ENTRY = re.compile(r"^\s*(\d{1,3})\s+(?=[A-Za-z])")
_VALUE = re.compile(r"^\s*\d{1,3}\s?(?:V|A|W|VDC|VAC|MHz|Hz)\b")
# An entry's title is English prose: at least this many words after its number, at least half
# of them in lower case ("7 Which UPS should I buy?"). A pin table's rows ("3 TX Serial
# transmit", "2 VCC Power 5 V") and a setting's values ("2 为设置芯片读保护，重新上电配置生效；")
# are numbered in sequence too, and answer "which pin", "what does 2 do".
_TITLE_WORDS = 3
_LOWER_WORD = re.compile(r"[a-z][a-z’'-]*[?.,:;!]*")
_ENDED = ".!?。！？"
# A contents line's last word and its page number, wrapped onto a line of their own ("Stop 13").
_PAGE_TAIL = re.compile(r"^\s*\S+\s+\d{1,3}\s*$")


def _lines(page: str) -> list[Span]:
    spans, start = [], 0
    for line in page.splitlines(keepends=True):
        spans.append(Span(start, start + len(line.rstrip("\n")), line.rstrip("\n")))
        start += len(line)
    return spans


def _entry_number(line: str) -> int | None:
    match = _ENTRY.match(line)
    if match is None or _VALUE.match(line):
        return None
    words = line[match.end():].split()
    lower = sum(bool(_LOWER_WORD.fullmatch(word)) for word in words)
    prose = len(words) >= _TITLE_WORDS and 2 * lower >= len(words)
    return int(match.group(1)) if prose else None


@lru_cache(maxsize=64)
def titles(page: str) -> tuple[Span, ...]:
    """The page's entry titles (each over its wrapped lines) and contents lines, in order."""
    lines = _lines(page)
    numbers = [_entry_number(line.text) for line in lines]
    present = {n for n in numbers if n is not None}
    found: list[Span] = []
    at = 0
    while at < len(lines):
        line, number = lines[at], numbers[at]
        if line.text.strip() and is_contents(line.text):
            found.append(line)
        elif number is not None:
            end = at
            while end + 1 < len(lines) and (_PAGE_TAIL.match(lines[end + 1].text) or (
                    lines[end].text.rstrip()[-1:] not in _ENDED and
                    lines[end + 1].text[:1].islower())):
                end += 1  # the title wrapped where its printed line did
            asks = lines[end].text.rstrip().endswith("?")
            if asks or (line.text.lstrip(" 0123456789")[:1].isupper() and
                        (number - 1 in present or number + 1 in present)):
                found.append(Span(line.start, lines[end].end, page[line.start:lines[end].end]))
                at = end
        at += 1
    return tuple(found)


def split_at_titles(page: str, units: Sequence[Span]) -> list[Span]:
    """The units, each cut where a title or contents line starts or ends, so that a title is
    units of its own (`in_title`): a title with no full stop is read as one sentence with the
    paragraph under it, and that paragraph's first sentence must stand without it. A title
    stays a unit, so the lines shown around a sentence stop at it (the next entry's title
    ends this entry's answer)."""
    bounds = sorted({t.start for t in titles(page)} | {t.end for t in titles(page)})
    pieces: list[Span] = []
    for unit in units:
        cuts = [unit.start, *(b for b in bounds if unit.start < b < unit.end), unit.end]
        for a, b in pairwise(cuts):
            while a < b and page[a].isspace():
                a += 1
            while b > a and page[b - 1].isspace():
                b -= 1
            if a < b:
                pieces.append(unit if (a, b) == (unit.start, unit.end) else
                              Span(a, b, page[a:b]))
    return pieces


def in_title(page: str, span: Span) -> bool:
    """Whether the span lies within an entry's title or a contents line: it never answers."""
    return any(t.start <= span.start and span.end <= t.end for t in titles(page))


def entry_above(page: str, start: int) -> str:
    """The title of the FAQ entry `start` is in, whitespace folded; "" when it is in none.
    Contents lines are no entry's title."""
    above = [t for t in titles(page) if t.end <= start and not is_contents(t.text)]
    return " ".join(above[-1].text.split()) if above else ""
