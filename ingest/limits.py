"""How much of one file is read: all of the largest real manual, a bounded part of a hostile one.

Every step after reading costs time in proportion to the text (cutting passages counts tokens,
embedding is slower still), and the parsed text crosses from the sandbox worker in one piece.
A 5,000-page manual holds a few million characters; a 200 MB log written as one line or a
sheet of a million rows holds tens of millions, would take hours to index and would bury every
other document in search. So a document is read up to `MAX_DOCUMENT_CHARS`, and the user is told
which part is searchable and how to get the rest in.
"""

from __future__ import annotations

from pathlib import Path

from kernel.types import Page, ParsedDocument

MAX_DOCUMENT_CHARS = 10_000_000
# Plain text and CSV files are read no further than this: an ASCII log fills the budget.
MAX_TEXT_FILE_BYTES = MAX_DOCUMENT_CHARS


def over_budget(searchable: str) -> str:
    """The warning for a document cut at the budget; `searchable` says which part was read."""
    return (f"this file holds more text than Laoshifu reads from one document "
            f"({MAX_DOCUMENT_CHARS:,} characters); only {searchable} is searchable. Split it "
            "into smaller files to search the rest.")


def read_head(path: Path) -> tuple[bytes, bool]:
    """The first `MAX_TEXT_FILE_BYTES` of a file, and whether there was more."""
    with path.open("rb") as stream:
        raw = stream.read(MAX_TEXT_FILE_BYTES + 1)
    return raw[:MAX_TEXT_FILE_BYTES], len(raw) > MAX_TEXT_FILE_BYTES


def within_budget(parsed: ParsedDocument) -> ParsedDocument:
    """Pages past the budget keep their place (so every page is accounted for) but lose their
    text, with a note; a single page past it is cut at a line break."""
    total, pages, cut_at = 0, [], None
    for page in parsed.pages:
        room = MAX_DOCUMENT_CHARS - total
        if len(page.text) <= room:
            pages.append(page)
            total += len(page.text)
            continue
        if cut_at is None:
            cut_at = page
        kept = page.text[:room]
        kept = kept[: kept.rfind("\n") + 1] or kept
        total += len(kept)
        pages.append(Page(page.index, page.number, kept, label=page.label, ocr=page.ocr,
                          note=None if kept else "not read: past the text Laoshifu reads "
                                                 "from one document"))
    if cut_at is None:
        return parsed
    where = (f"the text before page {cut_at.number}" if cut_at.number is not None and
             cut_at.number > 1 else f"the first {total:,} characters")
    return ParsedDocument(pages=pages, warnings=[*parsed.warnings, over_budget(where)])
