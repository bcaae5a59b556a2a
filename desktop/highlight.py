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

# Characters that differ between text extractors without changing what is written.
_IGNORED = frozenset(" \t\r\n\f\v\u00a0\u00ad\u0002\u200b\ufeff-")
# A partial match shorter than this is more likely chance than the passage.
MIN_PARTIAL = 12
_LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]|[A-Za-z0-9]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_STOPWORDS_TEXT = """
a an and are as at be by do does for from how i if in is it my of on or should the this to what
when where which why with you your after before while
"""
_QUERY_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


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
    """The words of a query worth marking in a snippet: codes and words (not stopwords), and
    each run of Chinese characters split into its two-character words, which is how a Chinese
    query's terms mostly appear on the page."""
    terms = [w for w in _LATIN_WORD.findall(query)
             if w.casefold() not in _QUERY_STOPWORDS and (len(w) > 1 or w.isdigit())]
    for run in _CJK_RUN.findall(query):
        terms.extend(run[i:i + 2] for i in range(max(1, len(run) - 1)))
    return list(dict.fromkeys(terms))


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
    """Latin terms match at word starts (so "bearing" marks "bearings" but "in" not "pin")."""
    escaped = re.escape(term)
    return rf"(?<![A-Za-z0-9]){escaped}" if term[0].isascii() else escaped
