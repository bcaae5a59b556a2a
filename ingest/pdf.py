"""PDF pages through pypdf, one `Page` per PDF page, so citations carry the viewer's page number."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from laoshifu.errors import DamagedDocumentError, EncryptedDocumentError
from laoshifu.types import Page, ParsedDocument

_ENCRYPTED_HELP = (
    "this PDF is password-protected. Open it in your PDF reader, enter the password and save "
    "an unprotected copy, then add that copy."
)
_DAMAGED_HELP = (
    "this PDF is damaged or incomplete (perhaps the copy was interrupted). Copy it again from "
    "the original source, or open it in a PDF reader and save a new copy."
)


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path)
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as error:
        raise DamagedDocumentError(_DAMAGED_HELP, path=path) from error
    if reader.is_encrypted:
        # Many vendor manuals are AES-encrypted with an empty user password: they open freely.
        try:
            reader.decrypt("")
            _ = len(reader.pages)
        except (FileNotDecryptedError, PdfReadError, NotImplementedError) as error:
            raise EncryptedDocumentError(_ENCRYPTED_HELP, path=path) from error
        if not reader.decrypt(""):
            raise EncryptedDocumentError(_ENCRYPTED_HELP, path=path)
    return reader


def _labels(reader: PdfReader) -> list[str | None]:
    """Printed page labels, only when the document defines them (else the number says it all)."""
    if "/PageLabels" not in reader.trailer["/Root"]:
        return [None] * len(reader.pages)
    return list(reader.page_labels)


def load_pdf(path: Path) -> ParsedDocument:
    reader = _open(path)
    try:
        page_count = len(reader.pages)
    except (PdfReadError, ValueError, KeyError) as error:
        raise DamagedDocumentError(_DAMAGED_HELP, path=path) from error
    labels = _labels(reader)
    pages: list[Page] = []
    warnings: list[str] = []
    for index in range(page_count):
        try:
            text = reader.pages[index].extract_text() or ""
        except Exception as error:  # pypdf raises many kinds on one bad page; keep the rest.
            warnings.append(f"page {index + 1}: text could not be read ({type(error).__name__})")
            text = ""
        if not text.strip():
            warnings.append(f"page {index + 1}: no text layer (scanned or image-only page)")
        pages.append(Page(index=index, number=index + 1, text=text, label=labels[index]))
    return ParsedDocument(pages=pages, warnings=warnings)
