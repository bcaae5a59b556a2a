"""What a document says about itself that tells whether two files are revisions of one manual.

Three kinds of evidence, each cheap to read from a document's pages and name:

- its title: the file name without version and date tokens ("CP80_manual_rev2.pdf" and
  "CP80_manual.pdf" are both "cp80 manual"), the heading lines of its first page, and the
  product models they name (CP80 is not CP90: vendors write near-identical manuals for sibling
  models, and one must never hide the other);
- its version and date: "rev 2", "Rev C", "V2.0.1", "第2版" in the name or on the first pages,
  compared as numbers (1.10 is after 1.2), and the latest date printed on the first pages;
- its pages: each page as a set of hashed 4-token shingles (words, or single Chinese
  characters), compared through an inverted index so that matching two 600-page manuals costs
  one pass over their shingles, not 360,000 set comparisons (`match_pages`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

SHINGLE = 4
# A page with fewer tokens than this (a blank page, a page number) says nothing about likeness.
MIN_TOKENS = 12
# Shingle Jaccard from which two pages count as alike: a page with one value changed scores
# about 0.9, a page of another manual in the same template well below 0.3.
ALIKE = 0.6
# First pages read for the title, versions and dates.
FRONT_PAGES = 3

_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)*|[\u3400-\u4dbf\u4e00-\u9fff]")
_CN_DIGITS = {ch: n for n, ch in enumerate("零一二三四五六七八九十", start=0)}
_VERSION_WORD = r"(?:rev(?:ision)?|ver(?:sion)?|edition|ed|v|r)"
_NAME_VERSION = re.compile(
    rf"(?:^|(?<=[\s_\-])){_VERSION_WORD}[\s_.\-]*(\d+(?:\.\d+)*|[a-z](?![a-z]))"
    r"|第\s*([0-9一二三四五六七八九十]+)\s*版", re.IGNORECASE)
_TEXT_VERSION = re.compile(
    r"\b(?:rev(?:ision)?|version|edition)\.?\s*[:：]?\s*(\d+(?:\.\d+)*|(?-i:[A-Z]))(?![\w'’])"
    r"|\bV(\d+(?:\.\d+)+)\b|第\s*([0-9一二三四五六七八九十]+)\s*版|版本\s*[:：]?\s*[Vv]?(\d+(?:\.\d+)*)",
    re.IGNORECASE)
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})"
                   r"(?:\s*[-./月]\s*(\d{1,2}))?(?!\d)")
_DATE_TOKEN = re.compile(r"^(?:19|20)\d{2}(?:[-.]?\d{2}){0,2}$")
_FILLER = {"new", "final", "latest", "updated", "update", "copy", "draft"}


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def shingles(text: str) -> frozenset[int]:
    """The page's hashed shingles; empty for a page too short to compare."""
    words = tokens(text)
    if len(words) < MIN_TOKENS:
        return frozenset()
    # Shifted copies of the word list, zipped: the shorter ones end the shingles (not strict).
    return frozenset(map(hash, zip(*(words[start:] for start in range(SHINGLE)),
                                   strict=False)))


def version_number(token: str) -> tuple[int, ...]:
    """'2' -> (2,), '1.10' -> (1, 10), 'C' -> (3,), '二' -> (2,)."""
    if token.isdigit() or "." in token:
        return tuple(int(part) for part in token.split(".") if part.isdigit())
    if token in _CN_DIGITS or all(ch in _CN_DIGITS for ch in token):
        return (_chinese_number(token),)
    return (ord(token.casefold()) - ord("a") + 1,)


def _chinese_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if len(text) > 1 and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10 + (_CN_DIGITS[text[2]] if len(text) > 2 else 0)
    return _CN_DIGITS[text[0]]


def _first(match: re.Match) -> str:
    return next(group for group in match.groups() if group)


def name_version(file: str) -> str | None:
    """The version a file's name states ('rev2', 'V1.2', '第2版'), as written."""
    match = _NAME_VERSION.search(Path(file).stem)
    return _first(match) if match else None


def text_version(text: str) -> str | None:
    """The first version the first pages state ('Revision C', 'Version 2.0.1', 'V1.2')."""
    match = _TEXT_VERSION.search(text)
    return _first(match) if match else None


def latest_date(text: str) -> tuple[int, int, int] | None:
    """The latest plausible date printed in `text` (a revision history lists them all)."""
    dates = [(int(y), int(m), int(d or 0)) for y, m, d in _DATE.findall(text)
             if 1 <= int(m) <= 12 and int(d or 1) <= 31]
    return max(dates) if dates else None


def name_key(file: str) -> set[str]:
    """The file name's words without version, date and filler tokens."""
    stem = _NAME_VERSION.sub(" ", Path(file).stem.casefold())
    words = re.split(r"[\s_\-()\[\]（）]+", stem)
    return {word for word in words
            if word and not word.isdigit() and not _DATE_TOKEN.match(word) and word not in _FILLER}


def products(words: set[str] | list[str]) -> set[str]:
    """Model names among `words`: tokens with both letters and digits (cp80, ebb36, sb2209)."""
    return {w for w in words if re.search(r"[a-z]", w) and re.search(r"\d", w)
            and not re.fullmatch(rf"{_VERSION_WORD}\d+(?:\.\d+)*", w)}


def heading_lines(text: str, count: int = 3) -> str:
    """The first non-empty lines of a page: where a manual prints its title."""
    return "\n".join([line.strip() for line in text.splitlines() if line.strip()][:count])


def jaccard(a: set | frozenset, b: set | frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class PageMatch:
    """An older page's best counterpart in the newer document."""

    old_index: int
    new_index: int
    likeness: float
    identical: bool


def match_pages(old: dict[int, str], new: dict[int, str]) -> list[PageMatch]:
    """Each older page with text and its most alike newer page (at least `ALIKE`), found
    through an inverted index of the newer pages' shingles: linear in the pages' length."""
    new_shingles = {index: shingles(text) for index, text in new.items()}
    where: dict[int, list[int]] = defaultdict(list)
    for index, page in new_shingles.items():
        for shingle in page:
            where[shingle].append(index)
    new_words = {index: tokens(text) for index, text in new.items()}
    matches = []
    for old_index, text in old.items():
        page = shingles(text)
        shared = Counter(index for shingle in page for index in where.get(shingle, ()))
        best = max(shared, default=None,
                   key=lambda index: shared[index] / (len(page) + len(new_shingles[index])
                                                      - shared[index]))
        if best is None:
            continue
        likeness = shared[best] / (len(page) + len(new_shingles[best]) - shared[best])
        if likeness >= ALIKE:
            matches.append(PageMatch(old_index, best, likeness,
                                     tokens(text) == new_words[best]))
    return matches


def comparable_pages(pages: dict[int, str]) -> int:
    """Pages with enough text to compare."""
    return sum(1 for text in pages.values() if shingles(text))
