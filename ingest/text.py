"""Plain text, Markdown and CSV as one logical page: they have no pages for a viewer to jump to."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from ingest.limits import over_budget, read_head
from ingest.notes import front_matter, parse
from kernel.errors import DamagedDocumentError
from kernel.reasons import Reason
from kernel.types import NOTE, Page, ParsedDocument

# Shop-floor notes come from many editors: UTF-8 first; otherwise the encoding is recognised
# (charset-normalizer) from a sample, which tells the Chinese national encodings (GBK, GB18030)
# from Big5 and from the Western code pages. Decoding anything as GB18030 "works" on Western
# text too, and turns "über 80 °C" into "黚er 80 癈" without a word of warning.
_SAMPLE_BYTES = 1 << 20
_REPLACED = "some characters could not be decoded and were replaced; save the file as UTF-8"


def decode_text(raw: bytes, path: Path) -> tuple[str, list[str]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        if error.end == len(raw) and error.reason == "unexpected end of data":
            return raw[:error.start].decode("utf-8-sig"), []  # cut mid-character by a limit
    if b"\x00" in raw[:4096]:
        raise DamagedDocumentError(Reason("not_text"), path=path)
    guess = from_bytes(raw[:_SAMPLE_BYTES]).best()
    text = raw.decode(guess.encoding if guess else "utf-8", errors="replace")
    return text, [_REPLACED] if "\ufffd" in text.rstrip("\ufffd") else []


def read_text(path: Path) -> tuple[str, list[str]]:
    """A text file's content as far as it is read (see ingest.limits), with warnings."""
    raw, cut = read_head(path)
    text, warnings = decode_text(raw, path)
    if cut:
        text = text.rstrip("\ufffd")
        warnings.append(over_budget(f"the first {len(raw) / 1e6:.0f} MB"))
    return text, warnings


def load_text(path: Path) -> ParsedDocument:
    text, warnings = read_text(path)
    return ParsedDocument(pages=[Page(index=0, number=None, text=text)], warnings=warnings)


def load_markdown(path: Path) -> ParsedDocument:
    """Markdown as text, except a repair note (ingest.notes): its body is indexed without the
    front matter, whose YAML lines are not what anyone searches for (its tag, date and author
    stand in the title line), and the note is named by that title."""
    text, warnings = read_text(path)
    note = parse(text)
    if note is None:
        return ParsedDocument(pages=[Page(index=0, number=None, text=text)], warnings=warnings)
    body = front_matter(text)[1].lstrip("\r\n")
    return ParsedDocument(pages=[Page(index=0, number=None, text=body)], warnings=warnings,
                          kind=NOTE, title=note.title)
