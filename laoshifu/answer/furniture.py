"""Page furniture: what a document prints around its text, which never answers a question.

Besides what a page says, its extracted text holds what the document prints on every page: a
running header or footer ("Getting Started V2.9.0~pre1+git20230208.f1270d6ed7, 28 Jun 2026 31 /
55", "BIGTREETECH EBB SB2209 USB V1.0 用户手册"), the title and version block of its first page
("CH32V003_IAP 使用说明", "版本：V1.1"), copyright and licence boilerplate, and, on a page read by
OCR, the labels of a drawing ("2.76mm FAN1", "D14 5v-OUT"). They hold the product's name and
codes, so they share a question's words and rank high, but they say nothing: a technician who
reads "Getting Started V2.9.0~pre1... 31 / 55" as an answer's first words stops trusting it.

A per-line guess cannot tell a running header from a heading; the document itself can. So each
document's furniture is found from its own pages (`furniture_of`): the lines ingest keeps out
of the index as running lines (`ingest.clean.running_lines`, by the same page-number-free
signature; here from two pages up, as a two-page guide repeats its header too) and the title
block its first page opens with. Span choice reads each page `blanked`: its furniture turned to
spaces, every other character where it was, so every span, block, table header and step run
made from the page is free of it and its offsets still point into the stored page (what the
viewer highlights). A footer glued to a sentence goes and the sentence stays: PDF extraction
glues them when the footer fills its line, so the sentence splitter takes it for wrapped prose
("... 31 / 55" then "In many common situations, ...").

Signatures are compared without their spaces: OCR reads "EBBSB2209USBV1.0用户手册" for the
"EBB SB2209 USB V1.0 用户手册" printed on the other pages. A document's furniture is found once
per document id (`catalog_furniture`): about 5 ms for the corpus's 135-page manual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from index.catalog import PAGE_OCR, Catalog
from index.sentences import sentences
from ingest.clean import EDGE_LINES, running_lines, signature
from kernel.types import Hit, Page
from laoshifu.answer.evidence import PageText

# The first page's lines that may be the document's title block ("CH32V003_IAP 使用说明 https://
# wch.cn", "V1.1 1", "CH32V003_IAP 使用说明", "版本：V1.1"); a title line is short and ends no
# sentence, and the block ends at the first line that is not one.
TITLE_LINES = 5
TITLE_WORDS = 8
# A running line is cut off the sentence it is glued to only when it holds this many words and
# a letter: "BIGTREETECH" alone also starts real sentences ("BIGTREETECH EBB36 supports ...").
GLUED_WORDS = 3
# Documents whose furniture is kept in memory.
CACHED = 64

_STOP = re.compile(r"[.!?](?:\s|$)|[。！？]")
_LETTER = re.compile(r"[^\W\d_]")
# Copyright and licence boilerplate: a copyright notice's line (glued to the end of a sentence
# too: "... send an email to emc-users@lists.sourceforge" / "Copyright © 2000-2020 LinuxCNC.org"),
# and the sentences of a licence's text. A sentence about the licence ("LinuxCNC is licensed
# under the GNU General Public License") says something and stays.
_NOTICE = re.compile(r"^\s*(?:copyright\b|©|\(c\)\s*\d{4})|all rights reserved|版权所有",
                     re.IGNORECASE | re.MULTILINE)
_LICENCE = re.compile(r"permission is granted to copy|\b(?-i:this License)\b|^\s*licensed under|"
                      r"gnu free documentation license|free software foundation",
                      re.IGNORECASE | re.MULTILINE)
# A word of running text: lower case, a long name, or two Chinese characters. A line of a
# drawing read by OCR has none; it has dimensions and part designators.
_SENTENCE_WORD = re.compile(r"[a-z]{4,}|[A-Za-z]{6,}|[\u4e00-\u9fff]{2}")
_DRAWING_LABEL = re.compile(r"^(?:\d+(?:\.\d+)?mm|[A-Z]{1,4}\d{1,3}[a-z]?)$")
_ENDS = ".!?。！？"


@dataclass(frozen=True)
class Furniture:
    """A document's furniture: the signatures (spaces removed) of its running and title lines,
    those of them that may be glued to a sentence, those without a letter (a page counter "6 /
    20", furniture only at a page's top or bottom: "1/16" in a table is a value), and its pages
    read by OCR."""

    lines: frozenset[str] = frozenset()
    glued: tuple[str, ...] = ()
    edge_lines: frozenset[str] = frozenset()
    ocr_pages: frozenset[int] = frozenset()


NO_FURNITURE = Furniture()


def _squeezed(line: str) -> str:
    return signature(line).replace(" ", "")


def _title_block(pages: Sequence[Page]) -> set[str]:
    """Signatures of the lines the first page with text opens with while they read as a
    title: short, and ending no sentence. A document of one page (a Markdown file, a table)
    has no title block: its first line is already what it says."""
    texted = [page for page in pages if page.text.strip()]
    if len(texted) < 2:
        return set()
    found = set()
    for line in [line for line in texted[0].text.splitlines() if line.strip()][:TITLE_LINES]:
        if _STOP.search(line.strip()) or len(line.split()) > TITLE_WORDS:
            break
        found.add(signature(line))
    return found


def furniture_of(pages: Sequence[Page]) -> Furniture:
    """The furniture of one document, from all its pages."""
    running = running_lines(list(pages), min_pages=2)
    lines = {_squeezed(s) for s in running | _title_block(pages)}
    glued = {_squeezed(s) for s in running if len(s.split()) >= GLUED_WORDS and _LETTER.search(s)}
    return Furniture(frozenset(line for line in lines if _LETTER.search(line)),
                     tuple(sorted(glued)),
                     frozenset(_squeezed(s) for s in running if not _LETTER.search(s)),
                     frozenset(page.index for page in pages if page.ocr))


def catalog_furniture(catalog: Catalog) -> Callable[[str], Furniture]:
    """Documents' furniture from their pages as the catalog stores them, found once per
    document id and kept for the last `CACHED` documents. A document id is its file's content
    hash: a changed file is a new id."""

    @lru_cache(maxsize=CACHED)
    def furniture(doc_id: str) -> Furniture:
        return furniture_of([Page(row.page_index, row.page_number, row.text, row.label,
                                  ocr=row.source == PAGE_OCR) for row in catalog.pages(doc_id)])

    return furniture


def _drawing_labels(line: str) -> bool:
    """A line of a drawing read by OCR: no word of running text, no sentence end, and half
    its tokens or more are dimensions or part designators ("24V D12 2.87mm", "F10 F12a [ α4
    D15--"). A table row read by OCR ("H H L 1/32", "RTS -5 7-RTS") has none and stays."""
    tokens = [token.strip("[](){}-—~.,:;|") for token in line.split()]
    tokens = [token for token in tokens if token]
    if not tokens or line.rstrip()[-1:] in _ENDS or _SENTENCE_WORD.search(line):
        return False
    return 2 * sum(bool(_DRAWING_LABEL.match(token)) for token in tokens) >= len(tokens)


def _boundaries(line: str) -> list[int]:
    """Where a glued running line may end or start within a line: at a space, or where
    digits meet letters ("31 / 55In many ...")."""
    return [at for at in range(1, len(line)) if line[at].isspace() or line[at - 1].isspace()
            or line[at - 1].isdigit() != line[at].isdigit()]


def _kept(line: str, furniture: Furniture, ocr: bool, edge: bool) -> tuple[int, int] | None:
    """The part of a line that is not furniture, as offsets in the line; None for none.
    `edge`: the line is one of its page's first or last lines."""
    squeezed = _squeezed(line)
    if squeezed in furniture.lines or (edge and squeezed in furniture.edge_lines) or (
            ocr and _drawing_labels(line)) or _NOTICE.search(line):
        return None
    for glued in furniture.glued:
        if squeezed.startswith(glued):
            cut = next((at for at in _boundaries(line) if _squeezed(line[:at]) == glued), None)
            if cut is not None:
                return cut, len(line)
        if squeezed.endswith(glued):
            cut = next((at for at in _boundaries(line) if _squeezed(line[at:]) == glued), None)
            if cut is not None:
                return 0, cut
    return 0, len(line)


@lru_cache(maxsize=128)
def blanked(page: str, furniture: Furniture, page_index: int | None) -> str:
    """The page with its furniture turned to spaces (line breaks kept): furniture lines,
    copyright notices and an OCR'd drawing's labels, running lines glued to a sentence, a
    licence's sentences. Every other character keeps its offset. A page is read again for
    each step run that may continue on it: the last pages read are kept."""
    ocr = page_index in furniture.ocr_pages
    legal = _NOTICE.search(page) or _LICENCE.search(page)
    if furniture == NO_FURNITURE and not ocr and not legal:
        return page  # a Markdown file or a table: one long page, read line by line for nothing
    chars = list(page)
    lines = list(re.finditer(r"[^\n]+", page))
    texted = [m for m in lines if m.group().strip()]
    edges = {m.start() for m in texted[:EDGE_LINES] + texted[-EDGE_LINES:]}
    for match in lines:
        kept = _kept(match.group(), furniture, ocr, match.start() in edges)
        start, end = (match.start(), match.start()) if kept is None else (
            match.start() + kept[0], match.start() + kept[1])
        _blank(chars, match.start(), start)
        _blank(chars, end, match.end())
    for span in sentences(page) if legal else []:
        if _LICENCE.search(span.text):
            _blank(chars, span.start, span.end)
    text = "".join(chars)
    return page if text == page else text


def _blank(chars: list[str], start: int, end: int) -> None:
    for at in range(start, end):
        if chars[at] != "\n":
            chars[at] = " "


def without_furniture(page_text: PageText, furniture: Callable[[str], Furniture]) -> PageText:
    """A hit's page as span choice reads it: as stored, its document's furniture `blanked`."""

    def page_of(hit: Hit) -> str | None:
        page = page_text(hit)
        return page and blanked(page, furniture(hit.doc_id), hit.page_index)

    return page_of
