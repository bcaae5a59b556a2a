"""Equipment tags: what a plant calls its machines (P-101, FIC-205A) and codes written the same
way (E-047), found in every document so one machine's notes, fault-log rows and manual pages
can be listed together.

A tag is written many ways (P101, P-101, p-101, P 101); its canonical form is upper case with
one hyphen, `P-101`, and that is what the index keeps and shows. In running text only the
hyphenated (or underscored) form counts: unhyphenated letter-digit words in manuals are
overwhelmingly part and chip numbers (STM32, TMC2209, PT100), which a technician does not call
a machine. A note's tag and a fault log's equipment cell are tags whatever their spelling,
since a person put them there as such. Pages that mention a tag in another spelling are still
found, through the keyword index (`variants`), when that tag is asked for.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from index.tokenize import normalise

NOTE, PAGE, ROW = "note", "page", "row"

# Any spelling of a tag: letters, an optional separator, digits, an optional letter suffix.
_SPELLING = re.compile(r"([A-Za-z]{1,4})[\s_-]?(\d{1,5})([A-Za-z]?)")
# A tag as manuals write one: upper-case letters, a hyphen or underscore, two to five digits.
# Its neighbours are compared as ASCII: Chinese text runs into a tag without a space (泵P-101).
_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_./:$\\-])([A-Z]{1,4})[-_](\d{2,5})([A-Z]?)"
                      r"(?![A-Za-z0-9_]|[-./:][A-Za-z0-9])")
# Prefixes that make a standard, a connector or a package, not a machine: RS-232, SOD-323.
_NOT_EQUIPMENT = frozenset({
    "RS", "ISO", "IEC", "DIN", "EN", "IP", "UL", "GB", "JIS", "ANSI", "IEEE", "RFC", "UTF",
    "SOD", "SOT", "SOP", "SOIC", "TO", "DO", "QFN", "QFP", "LQFP", "TSSOP", "USB", "CAN", "RJ",
    "DB", "PH", "XT", "JST", "GX", "NEMA", "AWG", "PT", "M", "X", "COM", "TCP", "UDP",
})
# "Figure G-10", "Table 3-2", "图 4-1": a reference to a figure, not a machine.
_REFERENCE = re.compile(r"(?:fig(?:ure)?|table|page|section|chapter|appendix|step|图|表|页)"
                        r"\.?\s*$", re.IGNORECASE)

# A contents line ("3.3 SOLA-330 ........ 7"): the page it points to names the tag too.
_LEADER = re.compile(r"(?:\.\s?){5,}|…{2,}")


class TagRow(NamedTuple):
    """One mention of a tag as the catalog keeps it: in a note (`date` its date), a fault-log
    row (`date` the row's, `text` the row) or a page (`date` None, `text` the line naming
    it). `page_index` is the page or sheet."""

    tag: str
    kind: str
    page_index: int
    date: str | None
    text: str


def canonical(spelling: str) -> str:
    """The tag as the index keeps it: P-101 for p101, P 101, p_101; a machine named in words
    ("Filler line 2") keeps its words, spaces collapsed."""
    text = " ".join(unicodedata.normalize("NFKC", spelling).split())
    match = _SPELLING.fullmatch(text)
    if match:
        return f"{match[1].upper()}-{match[2]}{match[3].upper()}"
    return text


def variants(tag: str) -> list[str]:
    """The keyword tokens a tag is written as (p-101, p101, p_101), to find the pages that
    spell it some other way than the index does."""
    match = _SPELLING.fullmatch(tag)
    if not match:
        return [normalise(tag)]
    letters, digits, suffix = match[1].lower(), match[2], match[3].lower()
    return [f"{letters}-{digits}{suffix}", f"{letters}{digits}{suffix}",
            f"{letters}_{digits}{suffix}"]


def _line_at(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end >= 0 else len(text)].strip()


def mentions(text: str) -> dict[str, str]:
    """The tags a page's text names, each with the line it first appears on. A tag alone on
    the page's first or last line is its running header or page label (a glossary's "G-10"),
    and one on a contents line points elsewhere: both are left out."""
    text = unicodedata.normalize("NFKC", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    edges = {lines[0], lines[-1]} if lines else set()
    found: dict[str, str] = {}
    for match in _IN_TEXT.finditer(text):
        if match[1] in _NOT_EQUIPMENT or _REFERENCE.search(text[:match.start()][-12:]):
            continue
        line = _line_at(text, match.start())
        if match.group() in edges or _LEADER.search(line):
            continue
        tag = f"{match[1]}-{match[2]}{match[3]}"
        found.setdefault(tag, line)
    return found


def named_in(question: str) -> list[str]:
    """Every word of a question that is a tag in some spelling, canonical, in order: the
    caller keeps those the library knows."""
    words = re.findall(r"(?<![A-Za-z0-9])[A-Za-z]{1,4}[\s_-]?\d{1,5}[A-Za-z]?(?![A-Za-z0-9])",
                       unicodedata.normalize("NFKC", question))
    return list(dict.fromkeys(canonical(word) for word in words))
