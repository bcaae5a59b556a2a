"""The sentences of a page, each with its offsets in the page's original text.

What the viewer highlights and what a citation quotes are sentences, found by offsets into the
page and never re-typed, so the technician sees exactly the words a result or claim rests on.
Tables and headings have no sentence punctuation: a short line ends a unit there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Latin sentences end at . ! ? followed by white space ("v1.1" and "0.05" do not end one);
# Chinese ones at full-width punctuation; a blank line ends a paragraph; a colon ends the line
# that introduces a numbered list ("To update the firmware: 1. Format the card"; a list
# starts at 1, while "Error Code: 9. G-code ..." is a value).
# A line that starts with a list number ("3.", "②", "(3)", "c. Click", "ii. Back") or names one
# way of several ("Way 2:", "方法二：") starts a sentence, though the line
# before did not end in a stop ('选择 "Yes"' / '3. 输入 make'; "② ... pop up the adaptation
# window" / "③ Add Link offline upgrade firmware"): else the number ends the sentence before
# it, or the steps run together as one.
# Within a line, a stop followed by a word in lower case ends no sentence: an abbreviation
# ("vs. the user", "e.g. the"), an ellipsis in a quoted message ("can't bind /var/state/ups/...
# or similar", "not listening on. . . error"). At a line end it does: a command or setting
# follows ("chmod 0770 ...").
# A Chinese stop inside quotes or brackets ends the sentence after them: '请按照“[我的串口在哪里？]
# (#wheres-my-serial-port)”部分中的说明' is one sentence, '他说：“好吗？”' ends after its quote.
# A list's letter or roman numeral in lower case ("c", "ii"), as a pattern.
LETTER_OR_ROMAN = r"(?:[a-z]|i{1,3}|iv|vi{0,3}|ix)"
_BOUNDARY = re.compile(r"(?<=[.!?])[ \t]+(?![a-z.])|(?<=[.!?])[ \t]*\n\s*|(?<=;)\s+|"
                       r"(?<=[。！？；])(?![”’」』）)\]】])\s*|(?<=[。！？][”’」』])\s*|"
                       r"\n\s*\n|(?<=[:：])\s*(?=1[.)]\s)|"
                       r"\n(?=[ \t]*(?:\d{1,2}[.)、](?!\d)|[①-⑳]|[(（]\d{1,2}[)）]|"
                       rf"{LETTER_OR_ROMAN}[.)][ \t]+[A-Z]|"
                       r"(?i:way|method|option)[ \t]*\d{1,2}[ \t]*[:：.]|"
                       r"方[法式][\d一二三四五六七八九十][:：]))")
# A line that is not part of running text: page headers, headings, table rows. Wrapped prose
# fills the line; these stop short. Measured in columns: a Chinese character takes two.
_SHORT_LINE = 60
# Prose set in narrow columns fills its column, not 60 columns: the FAA glossary's two columns
# wrap at about 60 ("Flight at Mach numbers between 0.8" / "and 1.2."), a Markdown file at 70, a
# draft manual's text boxes at 30. A short line that fills this share of its page's width
# (`_page_width`), reads as words (`_prose`) and runs on into a word in lower case is wrapped
# prose, not a cell, a heading or a table's row ("Gecko 212 500 4000 20000 1000 Falling" /
# "rev-16.html").
_FILLED_SHARE = 0.8
# The page's width: the line this share of its lines are not wider than (a title or a long
# command line wider than the column does not set it).
_WIDTH_QUANTILE = 0.9
_RUNS_ON = re.compile(r"[ \t]*(?:[a-z]{2,}|a)\b(?![-./_)\]])")
# Words of a line of prose: at least this many, and this share of them in letters.
_PROSE_WORDS = 4
_PROSE_SHARE = 2 / 3
# A line of Chinese prose wrapped mid-sentence: at least this many Chinese characters, ending
# in one or in a comma, the next line opening with one ("PA2 在 EBB36 ... 进入 DFU 模式后的高电" /
# "平会让加热棒处于加热状态").
_CHINESE_PROSE = 10
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_CHINESE_RUNS_ON = re.compile(r"[ \t]*[\u4e00-\u9fff]")
# A list number, letter or roman numeral standing alone ("2.", "d.", "ii.") belongs to the
# sentence it introduces.
_LIST_NUMBER = re.compile(rf"(?:\d{{1,2}}|{LETTER_OR_ROMAN})[.)]")
# A row of a table keyed by dotted names, as NUT's variable tables and HAL pin lists print them
# ("ambient.n.temperature.high.critical Temperature threshold high critical", a wrapped
# "(degrees C)", then the example value "60" on a line of its own).
# The key is followed by its description on the same line; a version ("v1.03") or a file name
# ending a line ("...-rev-15.html", a URL broken across cells) is no key.
_KEYED = re.compile(r"[a-z][\w-]*(?:\.[\w-]+)*\.[a-z][\w-]*(?=[ \t]+\S)")
# Keyed lines a page needs before its lines without a key are read as the cells of a wrapped
# row: one or two dotted names are a command or a file name in running text.
_KEYED_ROWS = 3
# A line that is no cell of the row above: a section title ("C.2.9 outlet: Outlet data",
# "8.2 NUT outlet data collection"), a note's label.
_NOT_A_CELL = re.compile(r"(?:[A-Z]\.)?\d+(?:\.\d+)*\s|Note\b|Warning\b|Tip\b")


@dataclass(frozen=True)
class Span:
    """Part of a page's original text; `text` is exactly `page[start:end]`."""

    start: int
    end: int
    text: str


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    bounds, position = [], start
    for match in _BOUNDARY.finditer(text, start, end):
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, end))
    lines = []
    for a, b in bounds:
        lines.extend(_split_short_lines(text, a, b))
    return lines


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@lru_cache(maxsize=64)
def _page_width(text: str) -> int:
    """How wide the page's lines run, in columns (`_WIDTH_QUANTILE` of them are no wider)."""
    widths = sorted(_width(line.rstrip()) for line in text.splitlines() if line.strip())
    return widths[int(_WIDTH_QUANTILE * (len(widths) - 1))] if widths else 0


def _prose(line: str) -> bool:
    """The line reads as words, not as a row of values or codes, and introduces nothing (a
    command follows "Install the files to a system level directory:")."""
    words = line.split()
    return len(words) >= _PROSE_WORDS and not words[-1].endswith((":", "：")) and \
        sum(word.strip(",;()").isalpha() for word in words) >= _PROSE_SHARE * len(words)


def _runs_on(line: str, text: str, at: int, end: int) -> bool:
    """The line is prose that the line starting at `at` goes on with."""
    if _RUNS_ON.match(text, at, end):
        return _prose(line)
    if not _CHINESE_RUNS_ON.match(text, at, end):
        return False
    flat = line.rstrip()
    return flat[-1:] in "，、" or (bool(_CHINESE.fullmatch(flat[-1:])) and
                                  len(_CHINESE.findall(flat)) >= _CHINESE_PROSE)


def _split_short_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Break after a short line (a header, heading or table cell), not inside wrapped prose."""
    pieces, position = [], start
    for match in re.finditer(r"\n", text[start:end]):
        cut = start + match.start()
        line_start = text.rfind("\n", 0, cut) + 1
        width = _width(text[line_start:cut].rstrip())
        if width < _SHORT_LINE and not (width >= _FILLED_SHARE * _page_width(text) and
                                        _runs_on(text[line_start:cut], text, cut + 1, end)):
            pieces.append((position, cut))
            position = cut + 1
    pieces.append((position, end))
    return pieces


def sentences(page: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of `page[start:end]`, trimmed, each with its offsets in `page`.

    A list number standing alone ("2.") joins the sentence it introduces.
    """
    end = len(page) if end is None else end
    spans: list[Span] = []
    pending: int | None = None
    for a, b in _pieces(page, start, end):
        while a < b and page[a].isspace():
            a += 1
        while b > a and page[b - 1].isspace():
            b -= 1
        if a == b:
            continue
        if _LIST_NUMBER.fullmatch(page[a:b]):
            pending = a if pending is None else pending
            continue
        a = a if pending is None else pending
        pending = None
        spans.append(Span(a, b, page[a:b]))
    return _rows_joined(page, spans)


def _rows_joined(page: str, spans: list[Span]) -> list[Span]:
    """A table keyed by dotted names wraps its description cell and prints the example value on
    a line of its own: each short line after a keyed one, up to the next key, is a cell of that
    row, so the row is one unit (the variable, what it is, its unit and its value together)."""
    if sum(bool(_KEYED.match(span.text)) for span in spans) < _KEYED_ROWS:
        return spans
    joined: list[Span] = []
    for span in _at_keys(page, spans):
        previous = joined[-1] if joined else None
        if previous is not None and _KEYED.match(previous.text) and \
                not _KEYED.match(span.text) and not _NOT_A_CELL.match(span.text) and \
                "\n" not in page[span.start:span.end] and _width(span.text) < _SHORT_LINE:
            joined[-1] = Span(previous.start, span.end, page[previous.start:span.end])
        else:
            joined.append(span)
    return joined


def _at_keys(page: str, spans: list[Span]) -> list[Span]:
    """The spans cut where a line starts with a key: a row whose cells fill the line ran on
    into the next row."""
    cut: list[Span] = []
    for span in spans:
        start = span.start
        for match in re.finditer(rf"\n(?={_KEYED.pattern})", span.text):
            end = span.start + match.start()
            cut.append(Span(start, end, page[start:end]))
            start = span.start + match.end()
        cut.append(Span(start, span.end, page[start:span.end]))
    return cut
