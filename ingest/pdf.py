"""PDF pages, one `Page` per PDF page, so citations carry the page number a viewer opens.

pypdf opens and checks the file (damage, encryption; its page count is the reference), and
PDFium (pypdfium2) extracts the text: on the shared corpus pypdf drops every space between words
on some manuals ("Mostdriversaccomplishthis...") where PDFium keeps them, and PDFium is about ten
times faster. A page whose text layer is missing or garbage is recognised with OCR; a page with
neither text nor image is kept and listed with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from ingest.pdf_glyphs import readable_pages
from kernel.errors import DamagedDocumentError, EncryptedDocumentError
from kernel.reasons import Reason
from kernel.types import Page, ParsedDocument

# A text layer with fewer visible characters than this on a page that holds an image is taken
# to be a scan with a stray page number or stamp, and is recognised with OCR.
_MIN_TEXT_CHARS = 40
# Share of characters that must be ordinary (letters, digits, CJK, punctuation) for a text
# layer to be trusted; fonts without a Unicode map produce runs of symbols instead.
_MIN_READABLE_SHARE = 0.7

_READABLE_CATEGORIES = ("L", "N", "P", "Z", "Sm", "Sc")


def _open_reader(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path)
        # Many vendor manuals are AES-encrypted with an empty user password: they open.
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocumentError(Reason("pdf_encrypted"), path=path)
        _ = len(reader.pages)
        return reader
    except FileNotDecryptedError as error:
        raise EncryptedDocumentError(Reason("pdf_encrypted"), path=path) from error
    except (PdfReadError, ValueError, OSError, KeyError, TypeError, AttributeError) as error:
        raise DamagedDocumentError(Reason("pdf_damaged"), path=path) from error


def _open_pdfium(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password="")
    except pdfium.PdfiumError as error:
        raise DamagedDocumentError(Reason("pdf_damaged"), path=path) from error


def readable_share(text: str) -> float:
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 0.0
    readable = sum(1 for ch in visible
                   if unicodedata.category(ch).startswith(_READABLE_CATEGORIES))
    return readable / len(visible)


def _has_image(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _page_text(page: pdfium.PdfPage) -> str:
    text_page = page.get_textpage()
    try:
        return text_page.get_text_bounded().replace("\r\n", "\n")
    finally:
        text_page.close()


def _needs_ocr(text: str, has_image: bool) -> bool:
    visible = len(re.sub(r"\s", "", text))
    if visible and readable_share(text) < _MIN_READABLE_SHARE:
        return True
    return has_image and visible < _MIN_TEXT_CHARS


def load_pdf(path: Path) -> ParsedDocument:
    reader = _open_reader(path)
    page_count = len(reader.pages)
    document = _open_pdfium(path)
    warnings: list[str] = []
    if len(document) != page_count:
        warnings.append(f"the PDF's page tree is inconsistent ({page_count} pages by one "
                        f"reading, {len(document)} by another); some pages may be missing")
    pages = []
    try:
        for index in range(page_count):
            page, warning = _read_page(path, document, index)
            pages.append(page)
            if warning:
                warnings.append(warning)
    finally:
        document.close()
    texts = readable_pages([page.text for page in pages])
    pages = [page if page.ocr or text == page.text else replace(page, text=text)
             for page, text in zip(pages, texts, strict=True)]
    return ParsedDocument(pages=pages, warnings=warnings)


def _read_page(path: Path, document: pdfium.PdfDocument,
               index: int) -> tuple[Page, str | None]:
    number = index + 1
    if index >= len(document):
        return Page(index, number, "", note="the page could not be read"), \
            f"page {number}: could not be read"
    page = document[index]
    try:
        label = document.get_page_label(index) or None
        text = _page_text(page)
        has_image = _has_image(page)
    finally:
        page.close()
    if _needs_ocr(text, has_image):
        from ingest.ocr import ocr_pdf_page

        recognised = ocr_pdf_page(path, index)
        if recognised.text.strip():
            return Page(index, number, recognised.text, label=label, ocr=True), None
        if text.strip():
            return Page(index, number, text, label=label), None
        return (Page(index, number, "", label=label, note="image without readable text"),
                f"page {number}: an image with no readable text")
    if not text.strip():
        return (Page(index, number, "", label=label, note="blank page (no text, no image)"),
                None)
    return Page(index, number, text, label=label), None
