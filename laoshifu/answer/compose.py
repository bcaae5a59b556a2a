"""The answer's text: the chosen spans verbatim, each cited, and the model's checked lines.

The spans (`laoshifu.answer.spans`) are the answer the moment the pages are found: they need no
model, so they are on screen at once. A numbered procedure shows one step a line, each with its
source number. The model's lines that the check kept go above them (a Chinese line above the
English steps it summarises); a line the check rejected is never part of the answer's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.keywords import content_words
from index.sentences import Span
from kernel.types import Citation
from laoshifu.answer.evidence import Evidence, cite
from laoshifu.answer.quotes import values
from laoshifu.answer.spans import MARKDOWN_IMAGE, Candidate, procedure_named, title_above
from laoshifu.answer.tables import is_row

_STOP = ".!?。！？"
# A name or code as printed: capitals and digits ("EBB36", "CAN", "V1.1").
_NAME = re.compile(r"(?<![\w.-])[A-Z0-9][A-Z0-9.-]*(?![\w-])")
_DIGIT = re.compile(r"\d")


def says_something(claim: str) -> bool:
    """A model line worth showing states a value with its unit or holds a word that is not a
    name or code. SmolLM2 writes lines such as "在 EBB36 CAN V1" whose every code is on the
    cited page, so the check backs them, but they only name the product: shown above the
    answer, they lead it with a fragment."""
    names = {name.lower() for name in _NAME.findall(claim)}
    return bool(values(claim)) or any(
        not _DIGIT.search(word) and word not in names for word in content_words(claim))


def with_marker(claim: str, n: int) -> str:
    """The claim with its source number before the closing punctuation: "... 24 Nm [1]."."""
    if claim and claim[-1] in _STOP:
        return f"{claim[:-1]} [{n}]{claim[-1]}"
    return f"{claim} [{n}]"


@dataclass(frozen=True)
class Composed:
    """What the sources say, before the model: text lines with markers and their citations."""

    lines: list[str]
    citations: list[Citation]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# Markdown's marks, which a technician reads as noise: a code fence ("```" or "```bash"), an
# image (`spans.MARKDOWN_IMAGE`), a link's target ("[MCU
# commands](MCU_Commands.md)" reads "MCU commands").
_FENCE = re.compile(r"```[\w-]*")
_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]*\)")
_MARKDOWN = (".md", ".markdown")


def _shown_text(item: Evidence, span: Span) -> str:
    """The span as the answer shows it: on one line and, from a Markdown file, without its
    marks. The citation keeps the page's text as it is, for the viewer to find."""
    text = span.text
    if item.hit.file.lower().endswith(_MARKDOWN):
        text = _LINK.sub(r"\1", MARKDOWN_IMAGE.sub("", _FENCE.sub("", text)))
    return " ".join(text.split())


def _cited(item: Evidence, span: Span, section: str = "") -> tuple[str, Citation] | None:
    """The span's line with its marker (and the `section` it is under, when given) and its
    citation; None when it shows nothing (a Markdown image or fence alone)."""
    text = _shown_text(item, span)
    if not text:
        return None
    if section:
        text = f"{text[:-1]} (§ {section}){text[-1]}" if text[-1] in _STOP else \
            f"{text} (§ {section})"
    return with_marker(text, item.n), cite(item, span, "", 1.0)


# A line that names its subject only by pointing back: "This cable is said to use the same
# wiring as 940-0024C clone." Which cable is the title of its section ("1.2 940-0024E clone").
_POINTS_BACK = re.compile(r"^\s*(?:this|these|that|those|it|they)\b|^\s*[此该这其]",
                          re.IGNORECASE)
# A section title shown after such a line is a short label, not a sentence, at most this many
# lines above it.
_LABEL_WORDS = 8
_UNDER_TITLE = 3
# A title that only numbers its part ("Chapter 2") names no subject.
_NUMBER_ONLY = re.compile(r"(?:chapter|section|part|appendix|第)?\s*[\dA-Z.]+\s*(?:章|节)?",
                          re.IGNORECASE)


# A title's words: a page counter ("10 / 16", "6 | P a g e") or a table's hex row ("0010 13")
# that reads as a numbered title says nothing.
_TITLE_WORD = re.compile(r"[A-Za-z]{2}|[\u4e00-\u9fff]{2}")


def _section_named(item: Evidence, span: Span, shown: str) -> str:
    """The title of the section `span` is in, when the span names its subject only by
    pointing back and nothing shown (`shown`) holds the title already; else ""."""
    if not _POINTS_BACK.match(span.text):
        return ""
    return _label_above(item, span, shown, _UNDER_TITLE)


def _label_above(item: Evidence, span: Span, shown: str, within: int) -> str:
    """The title of the section `span` is in, when it is a short label at most `within` lines
    above the span that nothing shown holds; else "" (a section of many paragraphs: the
    lines just above say what it is)."""
    heading = title_above(item.page, span.start)
    title = heading.lstrip("#").strip()
    words = title.split()
    if not title or len(words) > _LABEL_WORDS or title in shown or \
            _NUMBER_ONLY.fullmatch(title) or not _TITLE_WORD.search(title) or \
            len(set(words)) < len(words):
        return ""  # a row of a table's ticks ("1.4 yes yes yes yes") repeats its cells
    at = item.page.rfind(heading.split("\n")[0][:40], 0, span.start)
    if at < 0 or item.page.count("\n", at, span.start) > within:
        return ""
    return title


# The answer's first line (not a table's row: the line above it is the row before) is shown
# with the title of its section when the title is at most this many lines above it: "The
# Octopus can be powered using the USB-C port by inserting the jumper as shown below (§ 4.3
# MCU POWER JUMPER)". The paragraph never names the jumper; an answer never leads with a
# heading, and a technician reads which section of the manual the answer is from. Tuning
# halves: every fact 495 -> 498 of 594, none lost; 151 of 832 answers gained a title.
RIGHT_ABOVE = 1


def compose_spans(chosen: list[Candidate]) -> Composed:
    """The chosen spans as the answer's lines: a run of steps one step a line, each cited. A
    line another span already showed with the same source is not shown again (a manual says
    "It should be run immediately after upsdrvctl" in two sections of one page); inside one
    span it stays (a procedure types "make" twice)."""
    lines: list[str] = []
    citations: list[Citation] = []
    for candidate in chosen:
        parts = [(candidate.item, s) for s in candidate.steps] or [(candidate.item,
                                                                     candidate.span)]
        if candidate.continued is not None:
            parts += [(candidate.continued, s) for s in candidate.continued_steps]
        before = set(lines)
        # "This" after a sentence of its own span points back to that sentence, not to the
        # section: only a line before any sentence of its span is shown with the title.
        said = False
        for at, (item, span) in enumerate(parts):
            section = "" if said else _section_named(item, span, "\n".join(lines))
            if at == 0 and not section:
                section = procedure_named(item.page, span)
            if at == 0 and not section and not lines and not is_row(span.text):
                section = _label_above(item, span, "", RIGHT_ABOVE)
            said = said or bool(section) or span.text.rstrip()[-1:] in _STOP
            cited = _cited(item, span, section)
            if cited is None:
                continue
            line, citation = cited
            if line not in before:
                lines.append(line)
                citations.append(citation)
    return Composed(lines, citations)


def compose(composed: Composed, checked: list[tuple[str, Citation | None]]
            ) -> tuple[str, list[Citation], list[str]]:
    """The answer's text (the model's kept lines, then the spans), its citations, each once,
    and the model's lines no source backs or that say nothing (kept apart: the draft, never
    the answer)."""
    quoted = {(c.n, c.start, c.end) for c in composed.citations}
    kept = [(claim, citation) for claim, citation in checked if citation is not None
            and (citation.n, citation.start, citation.end) not in quoted
            and says_something(claim)]
    rejected = [claim for claim, citation in checked
                if citation is None or not says_something(claim)]
    lines = [" ".join(with_marker(claim, c.n) for claim, c in kept)] if kept else []
    text = "\n".join(lines + composed.lines)
    citations = [c for _, c in kept] + composed.citations
    unique = list({(c.n, c.start, c.end): c for c in citations}.values())
    return text, unique, rejected
