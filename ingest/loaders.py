"""Which loader reads which file, decided by the file's extension."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.pdf import load_pdf
from ingest.text import load_text
from laoshifu.errors import EmptyDocumentError, UnsupportedFormatError
from laoshifu.types import ParsedDocument

Loader = Callable[[Path], ParsedDocument]

LOADERS: dict[str, Loader] = {
    ".pdf": load_pdf,
    ".txt": load_text,
    ".md": load_text,
    ".markdown": load_text,
    ".csv": load_text,
    ".log": load_text,
}


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def load_document(path: Path) -> ParsedDocument:
    """Read a file into pages, raising an `IngestError` that says what to do when it can't."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        kinds = ", ".join(sorted(LOADERS))
        raise UnsupportedFormatError(
            f"files of type '{path.suffix or 'without extension'}' are not read. "
            f"Supported: {kinds}.",
            path=path,
        )
    if path.stat().st_size == 0:
        raise EmptyDocumentError("the file is empty (0 bytes). Copy it again from its source.",
                                 path=path)
    parsed = loader(path)
    if not any(page.text.strip() for page in parsed.pages):
        raise EmptyDocumentError(
            "no readable text was found. If it is a scan, text recognition (OCR) is needed.",
            path=path,
        )
    return parsed
