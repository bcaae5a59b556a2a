"""Which loader reads which file, decided by the file's extension.

Loaders are named, not imported, here: OCR, Word and Excel libraries are heavy, and the app
only needs them in the worker process that parses the file.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from ingest.limits import within_budget
from kernel.errors import EmptyDocumentError, UnsupportedFormatError
from kernel.reasons import Reason
from kernel.types import ParsedDocument

Loader = Callable[[Path], ParsedDocument]

LOADERS: dict[str, str] = {
    ".pdf": "ingest.pdf:load_pdf",
    ".docx": "ingest.docx:load_docx",
    ".xlsx": "ingest.sheets:load_xlsx",
    ".xlsm": "ingest.sheets:load_xlsx",
    ".csv": "ingest.sheets:load_csv",
    ".txt": "ingest.text:load_text",
    ".md": "ingest.text:load_markdown",
    ".markdown": "ingest.text:load_markdown",
    ".log": "ingest.text:load_text",
    ".png": "ingest.ocr:load_image",
    ".jpg": "ingest.ocr:load_image",
    ".jpeg": "ingest.ocr:load_image",
}


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def supported_types() -> str:
    return ", ".join(sorted(ext.lstrip(".").upper() for ext in LOADERS))


def unsupported(path: Path) -> Reason:
    """Why `path` is refused: its type (or, without one, its name) and the types read."""
    return Reason("type_not_supported", {"suffix": path.suffix or path.name,
                                         "supported": supported_types()})


def _loader(suffix: str) -> Loader:
    module, function = LOADERS[suffix].split(":")
    return getattr(import_module(module), function)


def load_document(path: Path) -> ParsedDocument:
    """Read a file into pages, raising an `IngestError` that says what to do when it can't."""
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        raise UnsupportedFormatError(unsupported(path), path=path)
    if path.stat().st_size == 0:
        raise EmptyDocumentError(Reason("file_empty"), path=path)
    parsed = within_budget(_loader(suffix)(path))
    if not any(page.text.strip() for page in parsed.pages):
        raise EmptyDocumentError(Reason("no_text_found"), path=path)
    return parsed
