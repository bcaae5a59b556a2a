"""Pages that point at answers instead of holding them: the cover, the table of contents and
the index.

A contents page names every topic of the manual ("3.10 Fan wiring and voltage ....... 21"), an
index at its end names every term with its pages ("kinematics, 46") and a cover names the
product, so both match a question about the product better than the page that
answers it, and pushed the answer off the first place. They stay searchable, but rank below the
content pages around them.
"""

from __future__ import annotations

import re

from index.keywords import content_words

# A contents line: a title, a dot leader (or spaced dots, ellipses), a page number.
_CONTENTS_LINE = re.compile(r"(?:\.\s*){4,}\s*\d+\s*$|(?:…|·){2,}\s*\d+\s*$", re.MULTILINE)
# An index entry: a term and its pages ("backlash compensation, 43", "LinuxCNC:Installation
# Problems, 10 loop, 47" where two entries share a printed line), or the letter heading a
# group of entries ("K").
_INDEX_LINE = re.compile(r"(?:[^,]{1,60},[ \t]*\d{1,4}(?:[ \t]*[-–,][ \t]*\d{1,4})*[ \t]*)+|[A-Z]")
_INDEX_ENTRIES = 5
# Passages can be as small as one contents line, so the share decides, not a count.
_CONTENTS_SHARE = 0.5
# A first page with fewer words than this is a title page.
_COVER_WORDS = 10


def is_contents(text: str) -> bool:
    """A table of contents, or a back-of-book index: at least half its lines are contents
    lines, or index entries (at least `_INDEX_ENTRIES` of them: one line "Input voltage, 24"
    may be a table's row)."""
    lines = [line for line in text.splitlines() if line.strip()]
    leaders = len(_CONTENTS_LINE.findall(text))
    entries = sum(bool(_INDEX_LINE.fullmatch(line.strip())) for line in lines)
    found = max(leaders, entries if entries >= _INDEX_ENTRIES else 0)
    return found > 0 and found >= _CONTENTS_SHARE * len(lines)


def is_navigation(text: str, page_index: int, paged: bool = True) -> bool:
    """A contents page, or a first page that holds little more than a title. A file without
    pages (a text, a repair note, a table) has no cover: a short one is all it has to say."""
    return is_contents(text) or (paged and page_index == 0
                                 and len(content_words(text)) < _COVER_WORDS)


# A piece of a web address or file name a narrow table cell wrapped ("http://www.pololu.com/-",
# "catalog/-", "1182/", "g202-", "rev-15.html", "ACS806m.pdf"); a whole address
# ("https://github.com/bigtreetech?tab=repositories") is not one: it says where to look.
_ADDRESS_PIECE = re.compile(r"https?://\S*-|(?!https?:)\S*/-?|[\w.]+-|[\w.-]+\.(?:html?|pdf|php|aspx?)",
                            re.IGNORECASE)
# A word: two Latin letters or more, or a Chinese character.
_WORD = re.compile(r"[A-Za-z]{2,}|[\u3400-\u9fff]")


def address_pieces(text: str) -> bool:
    """Whether the text is only pieces of web addresses or file names, as a narrow table cell
    wraps them ("stepper-drives/- g202-")."""
    return all(_ADDRESS_PIECE.fullmatch(token) for token in text.split())


def says_nothing(text: str) -> bool:
    """A passage with no word in it but pieces of a web address: a page number printed alone
    ("14"), what a table cell wrapped ("http://www.piclist.com/- techref/- io/- stepper/-").
    The search model still gives it a vector, and a vector of next to nothing lies near every
    question: such a passage made the LinuxCNC integrator's driver table a source of "how often
    do I change the hydraulic oil of a Caterpillar 320"."""
    return all(_ADDRESS_PIECE.fullmatch(token) or not _WORD.search(token)
               for token in text.split())
