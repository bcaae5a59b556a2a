"""Word documents (.docx) as one logical page of Markdown-like lines.

A .docx has no fixed pages (Word lays them out on screen), so there is no page number a viewer
could jump to: the whole body is one `Page`. Headings become "#" lines because the chunker
splits passages at Markdown headings, and table rows become "Header: value; ..." lines (the
format of ingest.sheets) so that a row found alone still says what each value is.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from zipfile import BadZipFile

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from ingest.sheets import clean_cell, is_ole_container, row_line
from kernel.errors import DamagedDocumentError, EmptyDocumentError, EncryptedDocumentError
from kernel.reasons import Reason
from kernel.types import Page, ParsedDocument

# What python-docx, zipfile and lxml raise on a truncated, corrupt or mislabelled package.
_BROKEN = (
    PackageNotFoundError,
    BadZipFile,
    KeyError,
    ValueError,
    OSError,
    EOFError,
    SyntaxError,  # lxml's XMLSyntaxError derives from it.
    zlib.error,
)

_P, _TBL, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    qn(tag) for tag in ("w:p", "w:tbl", "w:sdt", "w:sdtContent", "w:customXml")
)
# Runs of the paragraph itself: text boxes anchored in it are separate stories, and deleted or
# moved-away revisions are not what the reader sees.
_RUN_PARTS = (
    "./descendant::w:r[not(ancestor::w:txbxContent) and not(ancestor::w:del)"
    " and not(ancestor::w:moveFrom)]"
    "/*[self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen]"
)
_RUN_CHARS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_CELL_PARAGRAPHS = "./descendant::w:p[not(ancestor::w:txbxContent)]"

# Word stores built-in style names in English whatever the UI language; WPS and templates made
# in Chinese sometimes store the localized name instead.
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题"}
_BODY_TEXT_OUTLINE = 9
_MAX_STYLE_DEPTH = 12  # a guard against style chains that loop back on themselves
_MARKDOWN_MAX_LEVEL = 6


def _open(path: Path) -> Document:
    if is_ole_container(path):
        raise EncryptedDocumentError(Reason("docx_encrypted"), path=path)
    try:
        return docx.Document(str(path))
    except _BROKEN as error:
        raise DamagedDocumentError(Reason("docx_damaged"), path=path) from error


def _blocks(container: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """Paragraphs and tables in reading order, including those inside content controls.

    python-docx's iter_inner_content() skips content controls (w:sdt), and templates often
    wrap whole sections of a procedure in them.
    """
    for child in container.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _blocks(content)
        elif child.tag == _CUSTOM_XML:
            yield from _blocks(child)


def _paragraph_text(p: CT_P) -> str:
    """Text as displayed, including tracked insertions and inline content controls.

    python-docx's Paragraph.text reads only plain runs and hyperlinks, so text inside
    revisions or form fields would silently vanish.
    """
    return "".join(_RUN_CHARS.get(part.tag, part.text or "") for part in p.xpath(_RUN_PARTS))


def _outline_level(element: BaseOxmlElement) -> int | None:
    """1-9 for a heading outline level, 0 for explicit body text, None when not set here."""
    values = element.xpath("./w:pPr/w:outlineLvl/@w:val")
    if not values or not values[0].isdigit():
        return None
    level = int(values[0])
    return 0 if level >= _BODY_TEXT_OUTLINE else level + 1


def _level_from_name(name: str | None) -> int | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _TITLE_NAMES:
        return 1
    match = _HEADING_NAME.match(name)
    return int(match.group(1)) if match else None


def _heading_level(paragraph: Paragraph) -> int:
    """The heading level (0 = body text): direct outline level, else the style or its bases."""
    direct = _outline_level(paragraph._p)
    if direct is not None:
        return direct
    style = paragraph.style
    for _ in range(_MAX_STYLE_DEPTH):
        if style is None:
            break
        level = _level_from_name(style.name)
        if level is None:
            level = _outline_level(style.element)
        if level is not None:
            return level
        style = style.base_style
    return 0


def _is_table_of_contents(paragraph: Paragraph) -> bool:
    """TOC entries repeat every heading with a page number; they would outrank the real text."""
    style = paragraph.style
    name = (style.name or "").lower() if style is not None else ""
    return name.startswith("toc ")


def _paragraph_lines(paragraph: Paragraph) -> list[str]:
    if _is_table_of_contents(paragraph):
        return []
    lines = [clean_cell(part) for part in _paragraph_text(paragraph._p).split("\n")]
    lines = [line for line in lines if line]
    level = _heading_level(paragraph)
    if lines and level:
        return ["#" * min(level, _MARKDOWN_MAX_LEVEL) + " " + " ".join(lines)]
    return lines


def _cell_text(tc: CT_Tc) -> str:
    """All paragraphs of a cell (nested tables included) on one line."""
    texts = (clean_cell(_paragraph_text(p)) for p in tc.xpath(_CELL_PARAGRAPHS))
    return " ".join(text for text in texts if text)


def _grid_row(row: _Row) -> list[tuple[object, str]]:
    """(cell identity, text) per layout-grid column; a merged cell fills every column it spans.

    Vertically merged cells come back as the cell above, so each row line repeats that value
    and can still be understood alone.
    """
    leading: list[tuple[object, str]] = [(None, "")] * row.grid_cols_before
    return leading + [(cell._tc, _cell_text(cell._tc)) for cell in row.cells]


def _without_repeats(grid_row: list[tuple[object, str]]) -> list[str]:
    """Blank the extra grid columns of a horizontally merged cell, so its value appears once."""
    values = []
    previous = None
    for identity, text in grid_row:
        values.append("" if identity is not None and identity is previous else text)
        previous = identity
    return values


def _table_lines(table: Table) -> list[str]:
    rows = [row for row in (_grid_row(r) for r in table.rows) if any(t for _, t in row)]
    if not rows:
        return []
    header = [text for _, text in rows[0]]  # merged headings name every column they span
    if len(rows) == 1:  # a one-row table is a callout box, not data: keep its text as is
        return ["; ".join(value for value in _without_repeats(rows[0]) if value)]
    return [line for row in rows[1:] if (line := row_line(header, _without_repeats(row)))]


def _body_lines(document: Document) -> list[str]:
    lines: list[str] = []
    for block in _blocks(document.element.body):
        if block.tag == _P:
            lines.extend(_paragraph_lines(Paragraph(block, document)))
        else:
            lines.extend(_table_lines(Table(block, document)))
    return lines


def load_docx(path: Path) -> ParsedDocument:
    lines = _body_lines(_open(path))
    if not lines:
        raise EmptyDocumentError(Reason("docx_no_text"), path=path)
    return ParsedDocument(pages=[Page(index=0, number=None, text="\n".join(lines))])
