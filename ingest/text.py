"""Plain text, Markdown and CSV as one logical page: they have no pages for a viewer to jump to."""

from __future__ import annotations

from pathlib import Path

from laoshifu.errors import DamagedDocumentError
from laoshifu.types import Page, ParsedDocument

# Shop-floor notes come from many editors: UTF-8 first, then the Chinese national encoding,
# which also covers GBK and GB2312 files saved by older Windows tools.
_ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(raw: bytes, path: Path) -> tuple[str, list[str]]:
    for encoding in _ENCODINGS:
        try:
            return raw.decode(encoding), []
        except UnicodeDecodeError:
            continue
    if b"\x00" in raw[:4096]:
        raise DamagedDocumentError(
            "this file is not text (it contains binary data). Check that it is the right file.",
            path=path,
        )
    warning = "some characters could not be decoded and were replaced; save the file as UTF-8"
    return raw.decode("utf-8", errors="replace"), [warning]


def load_text(path: Path) -> ParsedDocument:
    text, warnings = decode_text(path.read_bytes(), path)
    return ParsedDocument(pages=[Page(index=0, number=None, text=text)], warnings=warnings)
