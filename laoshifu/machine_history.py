"""Everything the library holds about one machine, in the order a technician reads it.

Asked "what about P-101?", a technician wants what happened to it first (the repair notes and
fault-log rows, newest first: the last repair is the likeliest lead) and then where the manuals
mention it (by document and page). The CLI's `tag` and the GUI's tag view both list these items.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from index.catalog import INDEXED, Catalog
from index.tag_lookup import TagLookup
from index.tags import NOTE, PAGE, canonical, variants
from kernel.types import DocumentRecord

# How many known tags an unknown one is offered instead.
NEAREST = 5


@dataclass(frozen=True)
class TagItem:
    """One thing the library holds about a machine: a repair note, a fault-log row, or a page
    that names it. `page` is 1-based (None for a file without pages), `label` the printed page
    label or sheet name, `date` ISO (None for a page), `text` the note's title, the row, or the
    line that names the tag; `doc_id` and `page_index` open it in a viewer."""

    kind: str
    file: str
    path: str
    page: int | None
    label: str | None
    date: str | None
    text: str
    doc_id: str
    page_index: int

    def to_json(self) -> dict:
        return {"kind": self.kind, "file": self.file, "path": self.path, "page": self.page,
                "date": self.date, "text": self.text}


def _order(item: TagItem) -> tuple:
    """Notes and rows first, newest first (a note before a row of the same day: someone
    wrote down what was done); then pages by document and page."""
    if item.kind == PAGE:
        return (1, "", 0, item.file.casefold(), item.path, item.page_index)
    return (0, _descending(item.date or ""), item.kind != NOTE, item.file.casefold(),
            item.path, item.page_index)


def _descending(date: str) -> str:
    """A sort key that puts later ISO dates first."""
    return "".join(chr(0x10FFFF - ord(char)) for char in date)


def _line_naming(text: str, tag: str) -> str:
    """The line of a page that names `tag` in one of its spellings; else its first line (the
    page is under a heading that names it)."""
    spellings = "|".join(re.escape(spelling) for spelling in variants(tag))
    match = re.search(rf"(?<![\w-])(?:{spellings})(?![\w])", text, re.IGNORECASE)
    if not match:
        return next((line.strip() for line in text.splitlines() if line.strip()), "")
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return text[start:end if end >= 0 else len(text)].strip()


class MachineHistory:
    def __init__(self, catalog: Catalog, lookup: TagLookup):
        self._catalog = catalog
        self._lookup = lookup

    def known(self) -> dict[str, dict[str, int]]:
        """Every known tag with its mentions per kind (note, page, row), by tag."""
        counts = self._catalog.tag_counts()
        return {tag: counts[tag] for tag in sorted(counts, key=str.casefold)}

    def nearest(self, spelling: str) -> list[str]:
        """Known tags spelled most like `spelling`, for a tag nobody wrote."""
        known = list(self._catalog.tag_counts())
        by_key = {tag.casefold(): tag for tag in known}
        close = difflib.get_close_matches(canonical(spelling).casefold(), list(by_key),
                                          n=NEAREST, cutoff=0.5)
        return [by_key[key] for key in close]

    def items(self, spelling: str) -> tuple[str, list[TagItem]]:
        """The tag in its canonical form, and everything about it in reading order."""
        tag = canonical(spelling)
        items = [TagItem(mention.row.kind, mention.record.file, mention.record.path,
                         mention.page_number, mention.label, mention.row.date, mention.row.text,
                         mention.record.doc_id, mention.row.page_index)
                 for mention in self._catalog.tag_rows(tag)]
        if items:
            tag = self._catalog.known_tags([tag])[0]  # as documents spell it
        items += self._spelled_otherwise(tag, {(item.doc_id, item.page_index) for item in items})
        return tag, sorted(items, key=_order)

    def _spelled_otherwise(self, tag: str, listed: set[tuple[str, int]]) -> list[TagItem]:
        """Pages that write the tag another way (P101), found by the keyword index."""
        items = []
        records: dict[str, DocumentRecord | None] = {}
        for doc_id, page_index in sorted(self._lookup.spelled_otherwise(tag) - listed):
            if doc_id not in records:
                records[doc_id] = self._catalog.get(doc_id)
            record = records[doc_id]
            text = self._catalog.page_text(doc_id, page_index)
            if record is None or record.status != INDEXED or text is None:
                continue
            number, label = self._catalog.page_place(doc_id, page_index)
            items.append(TagItem(PAGE, record.file, record.path, number, label, None,
                                 _line_naming(text, tag), doc_id, page_index))
        return items
