"""PDFium's codes for marks a reader sees as a hyphen or a bullet, read back as those marks.

PDFium's text for a word hyphenated across a line end is the two halves joined by U+0002, the
line break dropped ("po\\x02tentially", "sea\\x02level"), and bullets and arrows set in the
Symbol or Wingdings font come out as private-use code points ("\\uf06c Power up the Link").
Left as they are, an answer shows a control character inside a word, a phrase search for
"potentially" misses the page, and a bullet is an unknown glyph.

Whether the hyphen belonged to the word is not in the PDF: "po-tentially" was broken by the
typesetter, "sea-level" is written so. The document answers it: when the joined word is
written elsewhere in the same document ("potentially"), the hyphen was the line's; otherwise
it stays. Every replacement keeps the text's length or shortens it by the dropped mark, and
the viewer's highlight folds hyphens away (`desktop.highlight`), so quotes still land.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

LINE_END_HYPHEN = "\x02"
# The Symbol and Wingdings fonts' glyphs as PDFium maps them (U+F020-U+F0FF): in manuals,
# list bullets and arrows. The viewer's highlight folds the same set (`desktop.highlight`).
SYMBOL_GLYPHS = frozenset(map(chr, range(0xF020, 0xF100)))
_SYMBOL_GLYPH = re.compile("[\uf020-\uf0ff]")
_BROKEN_WORD = re.compile(r"(\w+)\x02(\w+)")
_WORD = re.compile(r"\w+")
BULLET = "•"


def _vocabulary(texts: Sequence[str]) -> set[str]:
    """The words the document writes whole, case-folded (halves of broken words left out)."""
    whole = (re.sub(r"\w*\x02\w*", " ", text) for text in texts)
    return {word.casefold() for text in whole for word in _WORD.findall(text)}


def readable_pages(texts: Sequence[str]) -> list[str]:
    """Each page's text with line-end hyphens resolved and symbol-font bullets as "•"."""
    if not any(LINE_END_HYPHEN in text or _SYMBOL_GLYPH.search(text) for text in texts):
        return list(texts)
    known = _vocabulary(texts)

    def joined(match: re.Match) -> str:
        head, tail = match.groups()
        return head + tail if (head + tail).casefold() in known else f"{head}-{tail}"

    out = []
    for text in texts:
        text = _BROKEN_WORD.sub(joined, text).replace(LINE_END_HYPHEN, "-")
        out.append(_SYMBOL_GLYPH.sub(BULLET, text))
    return out
