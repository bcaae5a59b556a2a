"""Clean page text for indexing while keeping a map back to the original text for display.

Running headers and footers ("Page 21 of 27", the vendor's name on every page) would otherwise
make every page look alike to search; hyphenated line ends split words; PDFs put spaces and line
breaks between Chinese characters that are not in the text. Every cleaning step here only
deletes characters or replaces one character by one, so each cleaned character keeps the index
of the original character it came from, and a passage found in the cleaned text can be
highlighted exactly in the original page.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass

from kernel.types import Page

# A line counts as a running header/footer when it opens or closes at least this share of pages.
_REPEAT_SHARE = 0.5
EDGE_LINES = 3  # lines at the top and bottom of a page where headers and footers live
_MIN_PAGES = 3

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_DIGITS = re.compile(r"\d+")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t\n]+(?=[{_CJK}])")
_SPACE_RUN = re.compile(r"[ \t\f\v\u00a0]{2,}")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+(?=\n)")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class CleanPage:
    """A page's cleaned text and, for each of its characters, the index in `page.text`."""

    page: Page
    text: str
    origin: array

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that cleaned characters [start, end) came from."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else len(self.page.text)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


class _Editable:
    """Text with a keep-mask: deletions and one-for-one replacements only."""

    def __init__(self, text: str):
        self.chars = list(text)
        self.keep = [True] * len(text)

    def current(self) -> tuple[str, list[int]]:
        kept = [i for i, k in enumerate(self.keep) if k]
        return "".join(self.chars[i] for i in kept), kept

    def delete_matches(self, pattern: re.Pattern, keep_first: int = 0) -> None:
        """Delete each match of `pattern` in the current text, keeping its first characters."""
        text, kept = self.current()
        for match in pattern.finditer(text):
            for position in range(match.start() + keep_first, match.end()):
                self.keep[kept[position]] = False

    def replace_char(self, old: str, new: str) -> None:
        for i, ch in enumerate(self.chars):
            if ch == old:
                self.chars[i] = new


def signature(line: str) -> str:
    """Page numbers change from page to page; the rest of a running header does not. Span
    choice (`laoshifu.answer.furniture`) knows a document's furniture by the same signature."""
    return _DIGITS.sub("#", " ".join(line.split())).lower()


def running_lines(pages: list[Page], min_pages: int = _MIN_PAGES) -> set[str]:
    """Signatures of lines that repeat at the top or bottom of most pages, in a document of at
    least `min_pages` pages with text."""
    texted = [p for p in pages if p.text.strip()]
    if len(texted) < min_pages:
        return set()
    counts: Counter[str] = Counter()
    for page in texted:
        lines = [line for line in page.text.splitlines() if line.strip()]
        edges = {signature(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}
        counts.update(edges)
    threshold = max(2, int(len(texted) * _REPEAT_SHARE))
    return {sig for sig, n in counts.items() if n >= threshold and sig.strip("# ")}


def clean_page(page: Page, running: set[str]) -> CleanPage:
    edit = _Editable(page.text.replace("\r\n", "\n"))
    edit.replace_char("\r", "\n")
    _drop_running_lines(edit, running)
    edit.delete_matches(_HYPHEN_BREAK)
    edit.delete_matches(_CJK_GAP)
    edit.delete_matches(_TRAILING_SPACE)
    edit.delete_matches(_SPACE_RUN, keep_first=1)
    edit.delete_matches(_BLANK_LINES, keep_first=2)
    text, kept = edit.current()
    # Offsets refer to page.text; "\r\n" became one "\n" above, so shift past each dropped "\r".
    origin = array("l", _to_original(page.text, kept))
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    return CleanPage(page=page, text=text[lead:trail], origin=origin[lead:trail])


def _drop_running_lines(edit: _Editable, running: set[str]) -> None:
    if not running:
        return
    text, kept = edit.current()
    lines = list(re.finditer(r"[^\n]*\n?", text))
    content = [m for m in lines if m.group().strip()]
    edges = content[:EDGE_LINES] + content[-EDGE_LINES:]
    for match in edges:
        if signature(match.group()) in running:
            for position in range(match.start(), match.end()):
                edit.keep[kept[position]] = False


def _to_original(original: str, kept: list[int]) -> list[int]:
    """Map indices of the "\\r\\n"-normalised text back to indices of the original text."""
    if "\r\n" not in original:
        return kept
    shift = [i for i, ch in enumerate(original)
             if not (ch == "\r" and original[i + 1:i + 2] == "\n")]
    return [shift[i] for i in kept]


def clean_document(pages: list[Page]) -> list[CleanPage]:
    running = running_lines(pages)
    return [clean_page(page, running) for page in pages]
