"""A paged document (sheets of a workbook, a Word file, a text note) as one scrollable text,
and where in it a passage sits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from desktop.highlight import locate
from kernel.types import Hit


class StoredPage(Protocol):
    """What the catalog keeps of a page (index.catalog.PageRow)."""

    page_number: int | None
    label: str | None
    text: str


def _heading(page: StoredPage) -> str:
    if page.label:
        return f"── {page.label} ──"
    return f"── {page.page_number} ──" if page.page_number else ""


def _is_target(page: StoredPage, hit: Hit) -> bool:
    if hit.page is not None:
        return page.page_number == hit.page
    return hit.label is not None and page.label == hit.label


def joined_pages(pages: Sequence[StoredPage], hit: Hit, quote: str
                 ) -> tuple[str, tuple[int, int] | None]:
    """The pages joined under headings, and the span of `quote` (else of the hit's passage)
    on the hit's page. Headings appear only when there are several pages."""
    if not pages:
        return "", None
    target = next((i for i, page in enumerate(pages) if _is_target(page, hit)), 0)
    parts: list[str] = []
    offset = 0
    span = None
    for index, page in enumerate(pages):
        heading = _heading(page) if len(pages) > 1 else ""
        if heading:
            parts.append(heading + "\n")
            offset += len(heading) + 1
        if index == target:
            span = _span_in_page(page.text, hit, quote)
            if span is not None:
                span = (span[0] + offset, span[1] + offset)
        parts.append(page.text + "\n\n")
        offset += len(page.text) + 2
    return "".join(parts), span


def _span_in_page(text: str, hit: Hit, quote: str) -> tuple[int, int] | None:
    """The quote where the hit's passage is; else the passage by its stored offsets."""
    found = locate(text, quote, near=hit.start) if quote else None
    if found:
        return found
    if 0 <= hit.start < hit.end <= len(text):
        return hit.start, hit.end
    return locate(text, hit.text, near=hit.start)
