"""A fault log read as history: each row a dated event of one machine.

A plant's fault log is a spreadsheet with a date column and an equipment column, headed in
English or Chinese as whoever set it up liked ("Date/Time", "设备位号", "Equipment Tag"). The
sheet readers (`ingest.sheets`) already write every row as `Name: value; Name: value`, so a
log is recognised from that text: the first line names the columns, and when one of them is a
date and another the equipment, every row becomes an event. Working from the rendered text
(which the catalog keeps) means an existing library learns its logs without reading a file
again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Column-name words, compared case-insensitively on the name's words; Chinese by substring.
_DATE_WORDS = frozenset({"date", "time", "datetime", "timestamp"})
_DATE_CHINESE = ("日期", "时间")
_EQUIPMENT_WORDS = frozenset({"equipment", "asset", "tag", "machine", "device"})
_EQUIPMENT_CHINESE = ("设备", "位号", "机台")
_NAME_WORDS = re.compile(r"[a-z]+")

_ISO = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_EUROPEAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
# Excel day numbers a date column may hold as plain numbers (1955 to 2119).
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_HEADER_ROWS = 20


@dataclass(frozen=True)
class LogRow:
    """One row of a fault log: when (ISO date, with the time when the log gives one), which
    machine (the equipment cell as written), and the whole row as the sheet reader wrote it."""

    date: str
    equipment: str
    line: str


def fields(line: str) -> dict[str, str]:
    """A rendered row's cells by column name (the reverse of `ingest.sheets.row_line`)."""
    cells: dict[str, str] = {}
    for part in line.split("; "):
        name, colon, value = part.partition(": ")
        if colon:
            cells.setdefault(name.strip(), value.strip())
    return cells


def _is_date_column(name: str) -> bool:
    words = set(_NAME_WORDS.findall(name.lower()))
    return bool(words & _DATE_WORDS) or any(word in name for word in _DATE_CHINESE)


def _is_equipment_column(name: str) -> bool:
    words = set(_NAME_WORDS.findall(name.lower()))
    return bool(words & _EQUIPMENT_WORDS) or any(word in name for word in _EQUIPMENT_CHINESE)


def log_columns(names: list[str]) -> tuple[str, str] | None:
    """The date column and the equipment column among a sheet's column names, or None when
    the sheet is not a log (an error-code table, a parts list)."""
    dates = [name for name in names if _is_date_column(name)]
    equipment = [name for name in names if _is_equipment_column(name) and name not in dates]
    if not dates or not equipment:
        return None
    return dates[0], equipment[0]


def parse_date(value: str) -> str | None:
    """An ISO date (and time, to the minute, when given) from the forms logs are written in:
    2026-11-30, 2026/11/30, 2026年11月30日, 30.11.2026, an Excel day number; None otherwise."""
    value = value.strip()
    day: dt.date | None = None
    try:
        if match := _ISO.match(value):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        elif match := _EUROPEAN.match(value):
            day = dt.date(int(match[3]), int(match[2]), int(match[1]))
        elif _SERIAL.fullmatch(value):
            serial = float(value)
            moment = dt.datetime.combine(_EXCEL_EPOCH, dt.time()) + dt.timedelta(days=serial)
            return moment.strftime("%Y-%m-%d %H:%M") if serial % 1 else moment.date().isoformat()
    except ValueError:  # 2026-02-30
        return None
    if day is None:
        return None
    clock = _CLOCK.search(value, match.end()) if match else None
    if clock and int(clock[1]) < 24:
        return f"{day.isoformat()} {int(clock[1]):02d}:{clock[2]}"
    return day.isoformat()


def log_rows(page_text: str) -> list[LogRow] | None:
    """The dated rows of a sheet's text, or None when the sheet is not a fault log. A row
    without a readable date or without equipment is not an event, and is left out."""
    lines = [line for line in page_text.splitlines() if line.strip()]
    if not lines:
        return None
    # A row leaves its empty cells out, so the names come from the first rows together.
    names = dict.fromkeys(name for line in lines[:_HEADER_ROWS] for name in fields(line))
    columns = log_columns(list(names))
    if columns is None:
        return None
    date_column, equipment_column = columns
    rows = []
    for line in lines:
        cells = fields(line)
        when = parse_date(cells.get(date_column, ""))
        equipment = cells.get(equipment_column, "").strip()
        if when and equipment:
            rows.append(LogRow(when, equipment, line))
    return rows
