"""What a document says about which machine: its rows for the tag index (index.tags).

Three kinds of document name a machine, each its own way: a repair note in its front matter
(ingest.notes), a fault log in its equipment column, one row per event (ingest.fault_log), and
any other page in its running text. This module is where those readers meet the tag index, so
the indexer calls one function at ingest and the library the same one to backfill a library
from its catalog's page text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from index.tags import NOTE, PAGE, ROW, TagRow, canonical, mentions
from ingest.fault_log import log_rows
from ingest.notes import RepairNote, parse

# Bumped when what counts as a tag changes: a library opened after that finds its tags again.
EXTRACTOR_VERSION = 1
# Where a repair note's front matter can be: a Markdown or text file.
_NOTE_SUFFIXES = (".md", ".markdown", ".txt")
# More than this is not a note someone wrote: a text dump, not worth reading twice.
_NOTE_MAX_BYTES = 1 << 20


def _note(path: Path, first_page: str) -> RepairNote | None:
    """The note a document is, from its text, or from its file when the reader left the
    front matter out of the text."""
    if path.suffix.lower() not in _NOTE_SUFFIXES:
        return None
    note = parse(first_page)
    if note is None:
        try:
            if path.stat().st_size <= _NOTE_MAX_BYTES:
                note = parse(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return None
    return note


def tag_rows(path: Path, pages: Iterable[tuple[int, str]]) -> list[TagRow]:
    """Every mention of a tag in a document whose pages are (page_index, text): its note
    tag first, then its fault-log rows, then the tags its pages name."""
    pages = list(pages)
    rows: list[TagRow] = []
    note = _note(path, pages[0][1]) if pages else None
    if note is not None:
        rows.append(TagRow(canonical(note.tag), NOTE, 0, note.date.isoformat(), note.title))
    for index, text in pages:
        events = log_rows(text)
        if events is not None:  # a log's sheet: its rows are its mentions
            rows += [TagRow(canonical(event.equipment), ROW, index, event.date, event.line)
                     for event in events]
            continue
        named = {row.tag for row in rows}
        rows += [TagRow(tag, PAGE, index, None, line)
                 for tag, line in mentions(text).items() if tag not in named]
    return rows
