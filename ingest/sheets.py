"""Fault logs and error-code tables (CSV and XLSX) as one searchable line per row.

A row only means something next to its column names: "E-047; 2; motor overtemperature" is
unfindable, "Code: E-047; Meaning: motor overtemperature" is not. So every row is written as one
line that repeats the header names, and a passage cut from anywhere in a long table still says
what each value is. Word tables (ingest.docx) use the same line format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from zipfile import BadZipFile

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from ingest.limits import MAX_DOCUMENT_CHARS, over_budget
from ingest.text import read_text
from kernel.errors import DamagedDocumentError, EmptyDocumentError, EncryptedDocumentError
from kernel.reasons import Reason
from kernel.types import ROW, Page, ParsedDocument

# Password-protected Office files (and pre-2007 .doc/.xls) are OLE compound files, not zips.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"

_DELIMITERS = ",;\t"
_SNIFF_CHARS = 32_768

# What openpyxl and zipfile raise on a truncated, corrupt or mislabelled workbook, both when it
# opens and later while rows stream (read-only mode parses each sheet lazily).
_XLSX_BROKEN = (
    BadZipFile,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    OSError,
    EOFError,
    SyntaxError,  # xml.etree ParseError and lxml XMLSyntaxError both derive from it.
    zlib.error,
)


def is_ole_container(path: Path) -> bool:
    """True for OLE compound files: an encrypted .docx/.xlsx, or a legacy binary Office file."""
    with path.open("rb") as stream:
        return stream.read(len(OLE_MAGIC)) == OLE_MAGIC


def clean_cell(text: str) -> str:
    """Collapse line breaks and runs of spaces, because a row must stay on one line."""
    return " ".join(text.split())


def row_line(header: Sequence[str], values: Sequence[str]) -> str:
    """One row as `Name: value; Name: value`, skipping empty cells.

    Cells beyond the header (or under an empty heading) are named by position, "column 5", so
    the value is kept and the reader can still find it in the spreadsheet.
    """
    parts = []
    for position, value in enumerate(values):
        if not value:
            continue
        name = header[position] if position < len(header) else ""
        parts.append(f"{name or f'column {position + 1}'}: {value}")
    return "; ".join(parts)


def table_lines(rows: Iterable[Sequence[str]],
                budget: int = MAX_DOCUMENT_CHARS) -> tuple[list[str] | None, list[str]]:
    """The header (first non-empty row) and one line per later non-empty row, up to `budget`
    characters of lines (the caller tells the user when rows were left out: see
    `rows_left_out`).

    Rows stream through: only the finished lines are kept, so a million-row log costs the text
    it yields, not a grid of cells, and reading stops at the budget.
    """
    header: list[str] | None = None
    lines: list[str] = []
    for row in rows:
        if not any(row):
            continue
        if header is None:
            header = list(row)
            continue
        line = row_line(header, row)
        budget -= len(line) + 1
        if budget < 0:
            lines.append(_LEFT_OUT)
            break
        lines.append(line)
    return header, lines


_LEFT_OUT = "\0"  # marks a table whose later rows were not read


def rows_left_out(lines: list[str], where: str) -> list[str]:
    """The warning for a table cut at the budget (and drop its marker), or none."""
    if not lines or lines[-1] != _LEFT_OUT:
        return []
    lines.pop()
    return [over_budget(f"{where} up to row {len(lines) + 1}")]


# ---------------------------------------------------------------------------------------- CSV


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab; comma when the sample is not conclusive."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # a cut line would skew the delimiter counts
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _csv_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield [clean_cell(cell) for cell in row]


def load_csv(path: Path) -> ParsedDocument:
    text, warnings = read_text(path)
    try:
        _, lines = table_lines(_csv_rows(text, _sniff_delimiter(text)))
    except csv.Error as error:
        raise DamagedDocumentError(Reason("csv_damaged", {"detail": str(error)}),
                                   path=path) from error
    warnings += rows_left_out(lines, "the table")
    if not lines:
        raise EmptyDocumentError(Reason("csv_no_rows"), path=path)
    page = Page(index=0, number=None, text="\n".join(lines), label=None)
    return ParsedDocument(pages=[page], warnings=warnings, kind=ROW)


# --------------------------------------------------------------------------------------- XLSX


def _nearest_second(moment: dt.datetime) -> dt.datetime:
    """Excel stores times as fractions of a day; 10:30 can come back as 10:29:59.999996."""
    return (moment + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def _clock(hour: int, minute: int, second: int) -> str:
    return f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")


def _render_datetime(moment: dt.datetime) -> str:
    moment = _nearest_second(moment)
    day = moment.date().isoformat()
    if moment.time() == dt.time(0, 0):
        return day
    return f"{day} {_clock(moment.hour, moment.minute, moment.second)}"


def _render_duration(span: dt.timedelta) -> str:
    """Like Excel's [h]:mm format: 26:30, not '1 day, 2:30:00'."""
    seconds = round(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    return sign + _clock(hours, *divmod(rest, 60))


def _render_float(number: float) -> str:
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return format(number, ".15g")  # Excel's 15 digits: 0.1 + 0.2 reads 0.3


def render_value(value: object) -> str:
    """A cell as the technician sees it in Excel, not as Python prints it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _render_float(value)
    if isinstance(value, dt.datetime):
        return _render_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _clock(value.hour, value.minute, value.second)
    if isinstance(value, dt.timedelta):
        return _render_duration(value)
    return clean_cell(str(value))


def _sheet_rows(sheet: ReadOnlyWorksheet) -> Iterator[list[str]]:
    # Many exporters write a wrong <dimension> (often A1:A1); trusting it would cut rows off.
    sheet.reset_dimensions()
    for values in sheet.iter_rows(values_only=True):
        yield [render_value(value) for value in values]


def _read_pages(path: Path) -> tuple[list[Page], list[str]]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    pages: list[Page] = []
    warnings: list[str] = []
    budget = MAX_DOCUMENT_CHARS
    try:
        for sheet in workbook.worksheets:
            if budget <= 0:
                warnings.append(over_budget(f"the sheets before '{sheet.title}'"))
                break
            header, lines = table_lines(_sheet_rows(sheet), budget)
            warnings += rows_left_out(lines, f"sheet '{sheet.title}'")
            budget -= sum(len(line) + 1 for line in lines)
            if lines:
                text = "\n".join(lines)
                pages.append(Page(index=len(pages), number=None, text=text, label=sheet.title))
            elif header is not None:
                warnings.append(f"sheet '{sheet.title}': only a heading row, no data; skipped")
    finally:
        workbook.close()  # read-only mode keeps the file open until told otherwise
    return pages, warnings


def load_xlsx(path: Path) -> ParsedDocument:
    if is_ole_container(path):
        raise EncryptedDocumentError(Reason("xlsx_encrypted"), path=path)
    try:
        pages, warnings = _read_pages(path)
    except _XLSX_BROKEN as error:
        raise DamagedDocumentError(Reason("xlsx_damaged"), path=path) from error
    if not pages:
        raise EmptyDocumentError(Reason("xlsx_no_rows"), path=path)
    return ParsedDocument(pages=pages, warnings=warnings, kind=ROW)
