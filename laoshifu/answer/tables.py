"""Tables on PDF pages: a row is read with its header line, and a pin-out with all its rows.

PDF extraction gives a table as lines of cells ("TDI JTAG data input PA15", "TxD 2 3"), each
line alone meaningless: "PA15" says nothing until "JTAG debug interface Pinout" is above it,
and a pin-out question needs TMS, TCK, TDI and TDO together. A single row also shares few of
the question's words, so it loses to the prose sentence that mentions the table. So a row is
shown as a unit with its table: the header line, then the rows around it (at most
`ROWS_SHOWN`), each row with the fragments its cells wrapped into ("Falling" / "Edge", a URL cut
in two) on its line.

A row is a short line of cells without sentence punctuation whose last cell, or half of whose
cells, hold a digit; a table is at least `MIN_ROWS` of them, one to `GAP` short fragment lines
apart. The header is the line above the first row, or the run of one-word lines a narrow
column's header was split into.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.sentences import Span
from laoshifu.answer.section_numbers import SECTION_NUMBER

MIN_ROWS = 3
# Rows shown with the header: a pin-out's whole table, or the asked row and its neighbours.
ROWS_SHOWN = 6
# Fragment lines (a wrapped cell) allowed between two rows, and their size in cells.
GAP, FRAGMENT_CELLS = 3, 3
_MAX_CELLS = 10
# Header lines gathered back when a narrow header was split one word a line.
_HEADER_LINES = 30
_ENDED = ".!?。！？:："
_CLAUSE = ",;，；"
# "Table 7 STM32F10xxx JTAG interface pinout", "表 3 引脚定义", "Figure 3 ...": a caption
# names a table or a figure.
CAPTION = re.compile(r"^\s*(?:table|tab\.|figure|fig\.|表|图)\s*\d", re.IGNORECASE)
# "3.1.4 USB-RJ45 cable", "1.2 产品参数": a section's title, neither a row of the table above it
# nor the header of the table under it (an answer never leads with a title).
_SECTION_TITLE = rf"{SECTION_NUMBER}\s+\S*(?:[A-Za-z]{{2}}|[\u4e00-\u9fff])"
# A title, or "7. 板载传感器：ADXL345", "2) Copy": an item of a numbered list, shown as a list or
# a procedure.
_NOT_A_ROW = re.compile(rf"^\s*(?:{_SECTION_TITLE}|\d{{1,2}}\s*[.)、:：．]\s*\D)")
_TITLE = re.compile(rf"^\s*{_SECTION_TITLE}")


def _cells(text: str) -> list[str]:
    return text.split()


def is_row(text: str) -> bool:
    """A line of table cells: short, unpunctuated, and holding its values in digits."""
    cells = _cells(text)
    if not cells or len(cells) > _MAX_CELLS or cells[-1][-1] in _ENDED or CAPTION.match(text) \
            or _NOT_A_ROW.match(text):
        return False
    if any(cell[-1] in _CLAUSE for cell in cells):
        return False  # a clause of running text ("下载到 0x1FFFF000；"), not a cell
    digits = sum(any(ch.isdigit() for ch in cell) for cell in cells)
    return any(ch.isdigit() for ch in cells[-1]) or 2 * digits >= len(cells)


def _fragment(text: str) -> bool:
    cells = _cells(text)
    return 0 < len(cells) <= FRAGMENT_CELLS and cells[-1][-1] not in _ENDED and \
        not is_row(text) and not _NOT_A_ROW.match(text) and not CAPTION.match(text)


def _rows(units: Sequence[Span], at: int) -> list[tuple[int, int]] | None:
    """The table `units[at]` is a row of, as (first, last) unit indexes of each row with its
    fragments; None when it is no row of a table."""
    if not is_row(units[at].text):
        return None
    first = at
    while True:  # back to the first row: rows at most GAP fragments apart
        back = next((i for i in range(first - 1, max(-1, first - GAP - 2), -1)
                     if not _fragment(units[i].text)), None)
        if back is None or not is_row(units[back].text):
            break
        first = back
    rows: list[tuple[int, int]] = []
    i = first
    while i < len(units) and is_row(units[i].text):
        end = i
        while end + 1 < len(units) and end - i < GAP and _fragment(units[end + 1].text):
            end += 1
        rows.append((i, end))
        i = end + 1
    return rows if len(rows) >= MIN_ROWS else None


def _header(page: str, units: Sequence[Span], first: int) -> Span | None:
    """The header above the table's first row: one line of names, or the one-word lines a
    narrow header was split into, as one span."""
    top = first
    while top > 0 and first - top < _HEADER_LINES and _fragment(units[top - 1].text) and \
            not CAPTION.match(units[top - 1].text):
        top -= 1
    if top == first:
        above = units[first - 1].text if first else ""
        if first == 0 or above.rstrip()[-1:] in _ENDED or CAPTION.match(above) or \
                _TITLE.match(above) or len(_cells(above)) > _MAX_CELLS:
            return None
        top = first - 1
    return Span(units[top].start, units[first - 1].end, page[units[top].start:units[first - 1].end])


def table_lines(page: str, units: Sequence[Span], at: int) -> list[Span] | None:
    """The lines a row answers with: its table's header, then at most `ROWS_SHOWN` rows
    around it, each row one line with its fragments. None when `units[at]` is no table row."""
    rows = _rows(units, at)
    if rows is None:
        return None
    mine = next(n for n, (a, b) in enumerate(rows) if a <= at <= b)
    start = max(0, min(mine - ROWS_SHOWN // 2, len(rows) - ROWS_SHOWN))
    shown = [Span(units[a].start, units[b].end, page[units[a].start:units[b].end])
             for a, b in rows[start:start + ROWS_SHOWN]]
    header = _header(page, units, rows[0][0])
    return ([header] if header is not None else []) + shown


# The most lines a table's rows, with their wrapped cells, run above a row before its header
# (`table_caption`), and the most words of a caption line above the header that does not say
# "Table 3": more is the header's own second line ("驱动芯片 MODE2 MODE1 MODEO 细分 Excitation
# Mode" above "DRV8825 ...").
_CAPTION_LOOK = 40
_CAPTION_CELLS = 4


def table_caption(page: str, start: int) -> str:
    """The caption above the header of the table whose row starts at `start` ("Hardware
    (KIT4)" above "Description MZBot Part # Supplier Supplier Part # Qty"): what its rows are
    part of, as a section's title is; "" when the row has no such line above its header."""
    lines = page[:start].split("\n")[:-1]
    at = len(lines) - 1
    while at >= 0 and len(lines) - at <= _CAPTION_LOOK and (
            is_row(lines[at]) or _fragment(lines[at])):
        at -= 1
    header = lines[at] if at >= 1 else ""
    caption = lines[at - 1].strip() if at >= 1 else ""
    if not header.strip() or header.rstrip()[-1] in _ENDED or len(_cells(header)) > _MAX_CELLS:
        return ""
    if not caption or caption[-1] in _ENDED or (
            len(_cells(caption)) > _CAPTION_CELLS and not CAPTION.match(caption)):
        return ""
    return caption


def table_below(page: str, units: Sequence[Span], at: int) -> list[Span] | None:
    """The table that starts right under `units[at]` (its header or caption, then rows): what
    a sentence introducing a table is shown with."""
    for below in range(at + 1, min(len(units), at + 3)):
        if is_row(units[below].text):
            return table_lines(page, units, below)
    return None
