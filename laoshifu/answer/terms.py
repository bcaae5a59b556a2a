"""The named terms of a question, and whether its retrieved pages cover them.

A near miss "beside the topic" asks about something next to what a manual covers: PID tuning
on the toolboard whose heater port the manual describes, Modbus control of the spindle drive
whose wiring the integrator guide discusses. Every similarity signal measured on the dev
questions (the best span's e5 similarity, the rarity-weighted share of the question's words on
one page, the plain share) puts these inside the range of answerable questions: most of their
words are on the page, and only the one that names the asked topic is not. That word is a
name: "PID", "Modbus", "BLTouch", "halscope", written in capitals or as a proper name in an
English question, in Latin letters in a Chinese one. So the gate asks where the library holds
each such term:

* **nowhere**: the question is about something the library has no page naming ("Kraken",
  "iPhone", the "EZ" of "Octopus Max EZ");
* **only in other manuals**, on at least `ELSEWHERE` pages, and on none of the retrieved
  pages: the library covers the term, but not with what the question asks it about.

A term on a retrieved page, in a retrieved manual's name, or elsewhere in a retrieved manual
(retrieval found the manual, not the page), is covered. Model codes are the product rule's
(`laoshifu.answer.products`).

Codes typed in a question are names too, in any case: a controller setting, a G- or M-code or
a part number or model led by digits ("$21", "G33.1", "7i76E", "9SX") that no page of the
library writes is held nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from index.keywords import STOPWORDS
from index.page_rerank import CODE_KINDS
from index.query_translation import named_whole, renderings
from index.tokenize import CJK_RUN, normalise
from laoshifu.answer.evidence import Evidence
from laoshifu.answer.products import PagesWith

# A term the library holds on fewer pages than this, all outside the retrieved manuals, may be
# a passing mention ("BTT" once for the BIGTREETECH boards): not proof of another topic.
# Calibrated on the tuning half of bench/questions (see docs/benchmarks.md).
ELSEWHERE = 2
# A word of Latin letters, not part of a code ("EBB" of "EBB36"), a path or a file name.
_LATIN = re.compile(r"(?<![\w./$:-])[A-Za-z][A-Za-z_'-]*[A-Za-z](?![\w./:-])")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SENTENCE_END = re.compile(r"(?<=[.?!。？！])\s*")
# A quoted message ("can't bind /var/state/ups/..."): its words are what the software printed,
# not what the question is about.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|「[^」]*」|(?<!\w)'[^']+'(?!\w)")
# A code typed in a question: Latin letters and digits only, set off from other codes, words
# and Chinese text (Python's `\w` holds Chinese characters).
_ASKED_CODE = re.compile(r"(?<![A-Za-z0-9_.$])(?:\$\d{1,3}|[Gg]\d{1,3}(?:\.\d)?|[Mm]\d{2,3}|"
                         r"\d+[A-Za-z]+\d+[A-Za-z]*)(?![A-Za-z0-9_$]|\.\d)")
# A model led by digits and typed in capitals, standing alone ("Eaton 9SX", "Eaton 5E"), is a
# code; a value with its unit ("24V", "5A", "100K", "2MB", "3D") or an ordinal ("5TH") is none,
# nor a piece of a part number ("F6C150-RKM-2U").
_DIGIT_MODEL = re.compile(r"(?<![\w.$-])\d{1,2}[A-Z]{1,3}(?![\w$-]|\.\d)")
_UNIT_OR_ORDINAL = re.compile(r"\d+(?:[VAWKMGTDRHSX]|[KMG]?B|HZ|MM|CM|NM|MS|US|NS|PCS|RPM|MAH|"
                              r"AH|VDC|VAC|ST|ND|RD|TH|[KMG]?HZ)", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def asked_codes(question: str) -> list[str]:
    """The codes the question types that are no model name (`products` reads those): a
    controller setting ("$21"), a G- or M-code ("G33.1", "M92"; an M with one digit is a
    screw size), a part number led by digits ("7i76E"; not a hex value, a size "3x8" or a
    resistor's value "4k7", which manuals print as "4.7K") or a model led by digits in
    capitals ("9SX"; not a value with its unit, "24V")."""
    found = [match.group() for pattern in (_ASKED_CODE, _DIGIT_MODEL)
             for match in pattern.finditer(question)]
    return list(dict.fromkeys(code for code in found
                              if not re.fullmatch(r"0x.*|\d+[xkmr]\d+", code, re.IGNORECASE)
                              and not _UNIT_OR_ORDINAL.fullmatch(code)))


def named_terms(question: str) -> list[str]:
    """The names the question uses for what it asks about: in an English question a word with
    two capitals ("PID", "BLTouch") or a capitalised word not opening its sentence ("Modbus");
    in a Chinese question every word in Latin letters ("halscope"). Codes, quoted messages,
    table code words ("ALARM") and function words are left out."""
    chinese = len(_CJK.findall(question)) >= 2
    found: list[str] = []
    for sentence in _SENTENCE_END.split(_QUOTED.sub(" ", question)):
        for at, match in enumerate(_LATIN.finditer(sentence)):
            word = match.group().split("'")[0]
            capitals = sum(ch.isupper() for ch in word)
            if chinese or capitals >= 2 or (capitals and word[0].isupper() and at > 0):
                found.append(word)
    return [word for word in dict.fromkeys(found) if len(word) > 1 and
            word.lower() not in STOPWORDS and word.lower() not in CODE_KINDS]


def _forms(term: str) -> Iterator[str]:
    """How an index may hold the term: as one word, its parts apart ("BL Touch", "bl_touch",
    "SD-card"), or translated."""
    yield term.lower()
    apart = " ".join(_parts(term))
    if apart and apart != term.lower():
        yield apart
    yield from renderings(term.lower())


def _parts(term: str) -> list[str]:
    """A compound's words of two letters or more: "USB-C" -> "usb", "BLTouch" -> "bl", "touch"."""
    return [part for part in _CAMEL.sub(" ", re.sub(r"[_-]", " ", term)).lower().split()
            if len(part) > 1]


def _spelt(word: str, page: str) -> bool:
    """The page holds the word, however spaced or joined ("BL_Touch", "BL Touch", "BLTouch")."""
    spaced = r"[\s_-]?".join(map(re.escape, re.sub(r"[^a-z0-9]", "", word.lower())))
    return re.search(rf"(?<![a-z0-9]){spaced}(?![a-z0-9])", page) is not None


# A term this long is also held inside a longer name a page writes: "overlay" in the
# "dtoverlay=mcp2515-can0" a Chinese question about the CAN HAT's overlay asks about. A shorter
# one would be found inside unrelated words ("PID" in "rapid").
IN_NAME = 5


def _on_page(term: str, page: str) -> bool:
    """The page (normalised: lower case) holds the term, its compound's words ("USB-C" where a
    manual writes "USB Type-C"; "PC-to-UPS" where a pinout's header reads "Signal PC UPS": the
    linking word need not be there), one of its renderings, or, when it is `IN_NAME` letters
    or longer, a name it is part of ("dtoverlay")."""
    parts = _parts(term)
    compound = bool(parts) and parts != [term.lower()]
    words = [part for part in parts if part not in STOPWORDS] or parts
    if _spelt(term, page) or (compound and all(_spelt(word, page) for word in words)):
        return True
    if len(term) >= IN_NAME and term.isalpha() and term.lower() in page:
        return True
    return any(form in page for form in renderings(term.lower()) if CJK_RUN.search(form))


def _names_with(question: str, term: str) -> list[str]:
    """The term with the word after or before it, a name of two words ("Raspberry Pi"), which
    a Chinese manual renders whole ("树莓派") and never word by word."""
    term = re.escape(term)
    return [f"{first} {second}" for first, second in
            re.findall(rf"(?<![\w-])({term})\s+([A-Za-z][\w-]*)", question) +
            re.findall(rf"(?<![\w-])([A-Za-z][\w-]*)\s+({term})(?![\w-])", question)]


def uncovered_term(question: str, evidence: Sequence[Evidence], pages_with: PagesWith
                   ) -> tuple[str, bool] | None:
    """The first code (`asked_codes`) the library holds nowhere or named term the retrieved
    pages do not cover, with whether the library holds it anywhere (True: only in other
    manuals); None when each is covered."""
    pages = [normalise(item.page) for item in evidence]
    # A retrieved manual's name covers what it names: a Chinese DFU guide for the Octopus
    # board never writes "Octopus" in its text, its file name does.
    pages += [normalise(item.hit.file) for item in evidence]
    retrieved = {item.hit.doc_id for item in evidence}
    for code in asked_codes(question):
        if not pages_with(code.lower()) and not any(code.lower() in page for page in pages):
            return code, False
    for term in named_terms(question):
        whole = [word for name in _names_with(question, term) for word in named_whole(name)]
        if any(_on_page(term, page) or any(word in page for word in whole) for page in pages):
            continue
        held: set[tuple[str, int]] = set()
        for form in _forms(term):
            held |= pages_with(form)
        if not held:
            return term, False
        if len(held) >= ELSEWHERE and not {doc for doc, _ in held} & retrieved:
            return term, True
    return None
