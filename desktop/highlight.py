"""Where a quoted passage sits in a page's text, and which words of a query to mark in a snippet.

No Qt here: the PDF viewer, the text viewer and the result list all ask the same questions of
plain strings. The text a viewer holds rarely equals the text the quote was cut from: QtPdf's
page text breaks lines with CR LF where pypdfium2 gave LF, hyphenates differently, and OCR'd or
cleaned passages lose spacing. So positions are found on a folded form of both strings (no
spaces, no soft hyphens, case-folded) and mapped back; when the whole quote is not there, the
longest run they share stands in for it.
"""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

from index.keywords import STOPWORDS
from index.tokenize import tokens
from ingest.pdf_glyphs import BULLET, SYMBOL_GLYPHS

# Characters that differ between text extractors without changing what is written: spacing,
# hyphens at line ends (U+0002 is PDFium's), and list bullets, which the loader writes as "•"
# where a viewer may give the symbol font's private-use code (`ingest.pdf_glyphs`).
_IGNORED = frozenset(" \t\r\n\f\v\u00a0\u00ad\u0002\u200b\ufeff-") | {BULLET} | SYMBOL_GLYPHS
# A partial match shorter than this is more likely chance than the passage.
MIN_PARTIAL = 12
# Terms this short are marked only as whole words.
SHORT_TERM = 3

def _fold(text: str) -> tuple[str, list[int]]:
    """The comparable form of `text` and, for each of its characters, the index it came from."""
    kept, origin = [], []
    for index, char in enumerate(text):
        if char not in _IGNORED:
            kept.append(char.casefold()[:1])
            origin.append(index)
    return "".join(kept), origin


def locate(text: str, quote: str, near: int | None = None) -> tuple[int, int] | None:
    """The span of `quote` in `text` as (start, end) indices into `text`, or None.

    `near` (an index into `text`) picks among repeated occurrences, e.g. the passage's known
    offset. Without a full match, the longest shared run of at least `MIN_PARTIAL` folded
    characters is returned, so a highlight lands on the right lines even when extractors differ.
    """
    folded_text, origin = _fold(text)
    folded_quote, _ = _fold(quote)
    if not folded_text or not folded_quote:
        return None
    starts = [m.start() for m in re.finditer(re.escape(folded_quote), folded_text)]
    if starts:
        first = min(starts, key=lambda s: abs(origin[s] - near)) if near is not None else starts[0]
        last = first + len(folded_quote) - 1
        return origin[first], origin[last] + 1
    matcher = SequenceMatcher(None, folded_text, folded_quote, autojunk=False)
    block = matcher.find_longest_match(0, len(folded_text), 0, len(folded_quote))
    if block.size < min(MIN_PARTIAL, len(folded_quote)):
        return None
    return origin[block.a], origin[block.a + block.size - 1] + 1


def query_terms(query: str) -> list[str]:
    """The words of a query worth marking in a snippet, as the keyword index sees them: codes
    kept whole, Chinese segmented into words, stopwords and single letters dropped. Segmenting
    Chinese loads jieba's dictionary on first use, so call this off the UI thread."""
    return list(dict.fromkeys(t for t in tokens(query) if len(t) > 1 and t not in STOPWORDS))


def marked_html(text: str, terms: list[str], mark: str = "<b style='background:#ffe066'>"
                ) -> str:
    """`text` as escaped HTML with every occurrence of `terms` wrapped in `mark`."""
    if not terms:
        return html.escape(text)
    ordered = sorted(terms, key=len, reverse=True)
    pattern = re.compile("|".join(_term_pattern(t) for t in ordered), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(html.escape(text[last:match.start()]))
        parts.append(f"{mark}{html.escape(match.group())}</b>")
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def _term_pattern(term: str) -> str:
    """Latin terms match at word starts, short ones as whole words only (so "bearing" marks
    "bearings", but "bin" not "binary" and "in" not "pin")."""
    escaped = re.escape(term)
    if not term[0].isascii():
        return escaped
    end = r"(?![A-Za-z0-9])" if len(term) <= SHORT_TERM else ""
    return rf"(?<![A-Za-z0-9]){escaped}{end}"
