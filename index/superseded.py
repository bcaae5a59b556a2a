"""Results prefer the current revision of a manual (the links come from laoshifu.revisions).

A page of a superseded document ranks directly below its counterpart in the current revision
when both are found (the counterpart is lifted to its place when it ranked lower), so the
current page always wins and the top results keep what they found. One whose text is identical to
its counterpart adds nothing and is left out (unless old revisions are asked for); one that
changed (the old value of a torque), or that has no counterpart (a section the new revision
dropped), still shows: it may be the only place some text lives. Either way a hit from a
superseded document carries the current revision and its matching page, for the mark
"superseded by X, page N".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TypeVar

from index.catalog import Catalog
from kernel.types import Hit, StoredPassage, Supersession

PageKey = tuple[str, int]
Item = TypeVar("Item", bound=tuple[PageKey, float, StoredPassage])


@dataclass(frozen=True)
class _Link:
    new_doc: str
    new_file: str
    pages: dict[int, tuple[int, int | None, bool]]  # old index -> new index, number, identical


class SupersededPages:
    """The revision links in force, read from the catalog for each search (one small query)."""

    def __init__(self, catalog: Catalog):
        self._catalog = catalog

    def _links(self) -> dict[str, _Link]:
        links = {}
        for old_doc, new_doc, new_file, map_old, map_new, pages in self._catalog.superseded():
            # A map computed for other versions of the files says nothing about these pages.
            current = (map_old, map_new) == (old_doc, new_doc)
            links[old_doc] = _Link(new_doc, new_file, {
                old: (new, number, identical)
                for old, new, number, identical in (json.loads(pages) if current else [])})
        return links

    def order(self, fused: list[Item], all_revisions: bool = False) -> tuple[list[Item],
                                                                            dict[str, _Link]]:
        """`fused` with each superseded page's current counterpart lifted to just above it
        when it ranked lower, and identical superseded pages left out unless
        `all_revisions`; and the links, for `mark`."""
        links = self._links()
        if not links:
            return fused, links
        by_key = {item[0]: item for item in fused}
        placed: dict[PageKey, Item] = {}
        seen: set[PageKey] = set()

        def take(item: Item) -> None:
            key = item[0]
            if key in seen:
                return
            seen.add(key)
            link = links.get(key[0])
            counterpart = link.pages.get(key[1]) if link else None
            if link is not None and counterpart is not None and \
                    (newer := by_key.get((link.new_doc, counterpart[0]))) is not None:
                take(newer)  # the current page first, at this page's rank if it was lower
                if counterpart[2] and not all_revisions:
                    return  # word for word on the current page: nothing to add
            placed[key] = item

        for item in fused:
            take(item)
        return list(placed.values()), links

    @staticmethod
    def mark(hit: Hit, links: dict[str, _Link]) -> Hit:
        """`hit`, carrying its current revision when it comes from a superseded document."""
        link = links.get(hit.doc_id)
        if link is None:
            return hit
        counterpart = link.pages.get(hit.page_index) if hit.page_index is not None else None
        return replace(hit, superseded=Supersession(
            link.new_doc, link.new_file, counterpart[1] if counterpart else None))
