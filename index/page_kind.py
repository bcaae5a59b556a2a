"""Pages that point at answers instead of holding them: the cover and the table of contents.

A contents page names every topic of the manual ("3.10 Fan wiring and voltage ....... 21") and a
cover names the product, so both match a question about the product better than the page that
answers it, and pushed the answer off the first place. They stay searchable, but rank below the
content pages around them.
"""

from __future__ import annotations

import re

from index.keywords import content_words

# A contents line: a title, a dot leader (or spaced dots, ellipses), a page number.
_CONTENTS_LINE = re.compile(r"(?:\.\s*){4,}\s*\d+\s*$|(?:…|·){2,}\s*\d+\s*$", re.MULTILINE)
# Passages can be as small as one contents line, so the share decides, not a count.
_CONTENTS_SHARE = 0.5
# A first page with fewer words than this is a title page.
_COVER_WORDS = 10


def is_contents(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    leaders = len(_CONTENTS_LINE.findall(text))
    return leaders > 0 and leaders >= _CONTENTS_SHARE * len(lines)


def is_navigation(text: str, page_index: int, paged: bool = True) -> bool:
    """A contents page, or a first page that holds little more than a title. A file without
    pages (a text, a repair note, a table) has no cover: a short one is all it has to say."""
    return is_contents(text) or (paged and page_index == 0
                                 and len(content_words(text)) < _COVER_WORDS)
