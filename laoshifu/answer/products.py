"""The products a question names, and whether the library holds them.

A question about a product the library has no manual for (a sibling board, another revision, a
newer generation) is a near miss that similarity cannot see: the sibling's manual would look
just like the one held. So the refusal gate (`laoshifu.answer.gate`) looks the question's
model codes up, library-wide. The hard part is the other direction: a manual prints the code
it holds in more ways than a technician types it, and a code not found as typed is a false
refusal of a page that answers. Held are therefore also:

* the code with its letters and digits apart ("CP80" as "CP-80" or "CP 80");
* a family code that covers it ("STM32F103" in "STM32F10xxx");
* the code with a suffix ("STM32F446" printed "STM32F446ZET6", "TMC5160" in a table cell
  "TMC5160T"): a letter must follow, since "STM32F44" + "6" is another chip;
* on a retrieved page, its two parts as a name and a number in either order ("NTC100K" printed
  "100K NTC", "G320X" printed "Gecko 320x" in a driver table).

The same reading tells the retrieved manuals apart (`naming_documents`): a question naming a
product is answered from a manual that names it before one that does not (the EBB36's TH0
jumper from the EBB36 manual, not from the Octopus manual's feature list).

And some tokens look like codes but name no product: G-code and its words ("G28", "M104",
"X10", "F3000"), versions, numbered table codes, devices the system numbers.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from index.keywords import STOPWORDS
from index.model_codes import families, model_codes
from index.page_rerank import CODE_KINDS
from index.product_names import file_words, name_words, own_name
from index.tokenize import CJK_RUN, normalise, tokens
from laoshifu.answer.evidence import Evidence
from laoshifu.answer.negation import set_aside


class PagesWith(Protocol):
    """The pages holding a term as a whole token, or as the start of one when `prefix`,
    library-wide (`KeywordIndex.pages_containing`)."""

    def __call__(self, term: str, prefix: bool = False) -> set[tuple[str, int]]: ...


# A revision: "V1.2", "v3", "2.4" after a name; not an address ("upsd 192.168.1.10"), nor a
# series written with its zeros ("V006" of "不是 CH641，而是 V006 系列": WCH's CH32V006).
_VERSION = re.compile(r"v\d{1,2}(?:\.\d+)*|\d{1,2}\.\d+")
# What parts a question's words besides spaces: brackets and punctuation of both widths.
_WORD_GAP = re.compile(r"[\s()（）,，、;；?？!！\"“”]+")
# Words between a model code and its revision ("EBB42 CAN V1.2", "SKR Mini E3 V3").
_VERSION_GAP = 2
# A name in capitals and its generation: "SKR 3" (not "SKR SE BX", the one a manual names).
_NUMBERED_NAME = re.compile(r"\b([A-Z]{2,})\s+(\d{1,2})\b(?![.\d])")
# A code shorter than this is not looked up with a suffix: "E3" + letters is any word.
_MIN_SUFFIXED = 5
# The number part of a code printed apart from its name must be this long, one letter names
# being most words' first letter: "Gecko 320x" holds "G320X", "every 3" does not hold "E3".
_MIN_APART = 2
_MIN_APART_ONE_LETTER = 3


def _with_suffix(code: str, pages_with: PagesWith) -> bool:
    """The library prints `code` with letters after it ("STM32F446ZET6")."""
    if len(code) < _MIN_SUFFIXED or not code[-1].isdigit() or not pages_with(code, prefix=True):
        return False
    return any(pages_with(code + letter, prefix=True) for letter in string.ascii_lowercase)


def suffixed(code: str, word: str) -> bool:
    """`word` is `code` printed with a suffix ("stm32f446zet6" for "stm32f446", "tmc5160t" for
    "tmc5160"): a letter follows a code long enough to be told from another."""
    return len(code) >= _MIN_SUFFIXED and code[-1].isdigit() and word.startswith(code) and \
        word[len(code):len(code) + 1].isalpha()


def _apart(code: str) -> tuple[str, str] | None:
    """A code's name and number ("ntc100k" -> "ntc", "100k"), when the number is long enough
    to be told from any other."""
    match = re.fullmatch(r"([a-z]+)-?(\d[a-z0-9]*)", code)
    if match is None:
        return None
    name, number = match.groups()
    shortest = _MIN_APART_ONE_LETTER if len(name) == 1 else _MIN_APART
    return (name, number) if len(number) >= shortest else None


def printed_apart(code: str, pages: Iterable[str]) -> bool:
    """One of `pages` prints the code's name (a capitalised word starting with it) and its
    number next to each other, in either order: "100K NTC", "Gecko 320x"."""
    parts = _apart(code)
    if parts is None:
        return False
    name, number = parts
    word = rf"[{name[0].upper()}](?i:{re.escape(name[1:])})[A-Za-z]*"
    number = rf"(?i:{re.escape(number)})"
    pattern = re.compile(rf"(?<![\w-])(?:{word}[\s-]*{number}|{number}[\s-]*{word})(?![\w-])")
    return any(pattern.search(page) for page in pages)


def spellings(code: str) -> set[str]:
    """The ways a manual prints a code a technician types run together: "CP80" as "CP-80" or
    "CP 80" (not "E 3" for "E3": one letter apart is no code), and a last zero typed or read
    as the letter O ("MODE0" of the Octopus manual's DRV8825 table is printed "MODEO")."""
    apart = re.sub(r"^([a-z]{2,})-?(\d)", r"\1 \2", code)
    forms = {code, apart, apart.replace(" ", "-", 1), apart.replace(" ", "", 1)}
    if re.fullmatch(r"[a-z]{2,}0", code):
        forms.add(f"{code[:-1]}o")
    return forms


def held(code: str, pages_with: PagesWith, pages: Iterable[str] = ()) -> bool:
    """The library names `code` as the question writes it or with its letters and digits
    apart ("CP80" as "CP-80" or "CP 80"), a family code that covers it ("stm32f10xxx"), with a
    suffix ("stm32f446zet6"), or a retrieved page (`pages`) prints its name and number apart
    ("100K NTC")."""
    if any(pages_with(form) for form in spellings(code)):
        return True
    if any(pages_with(family) for family in families(code)):
        return True
    return _with_suffix(code, pages_with) or printed_apart(code, pages)


def _revisions(question: str) -> list[tuple[str, str]]:
    """The names the question gives a revision, with it: a model code and the revision written
    up to two words after it ("EBB42 CAN V1.2"), or a name right before one ("Voron 2.4")."""
    text = CJK_RUN.sub(" ", normalise(question))  # "2.4的框架" or "2.4（350 尺寸）": "2.4"
    words = [word for word in (piece.strip(",.;:?") for piece in _WORD_GAP.split(text)) if word]
    codes = set(model_codes(question))
    found = []
    for at, word in enumerate(words):
        parts = [part for part in re.split(r"[-_.:]", word) if part in codes]
        name = parts[0] if parts else word if word.isalpha() and word.isascii() and \
            word not in STOPWORDS else None  # "the 0.6 nozzle" names no product
        gap = _VERSION_GAP if parts else 0
        if name is None or _VERSION.fullmatch(word):
            continue
        revision = next((w for w in words[at + 1:at + 2 + gap] if _VERSION.fullmatch(w)), None)
        if revision:
            found.append((name, revision))
    return found


def _numbered_names(question: str) -> list[tuple[str, str]]:
    """A name in capitals and the generation number after it ("SKR 3"), table codes left out
    ("ALARM 3", "error 15")."""
    return [(name.lower(), number) for name, number in _NUMBERED_NAME.findall(question)
            if name.lower() not in CODE_KINDS]


def missing_product(question: str, pages_with: PagesWith, pages: Iterable[str] = ()
                    ) -> str | None:
    """The first product the question names that the library holds no page of: a model
    code, a revision of a product no page names with it, or a numbered name ("SKR 3") no
    page writes. `pages` are the retrieved pages' text, where a code may be printed apart."""
    pages = list(pages)
    for code in model_codes(question):
        if not held(code, pages_with, pages):
            return code.upper()
    for name, revision in _revisions(question):
        if pages_with(name) and not pages_with(name) & pages_with(revision):
            return f"{name.upper()} {revision.upper()}"
    for name, number in _numbered_names(question):
        if pages_with(name) and not any(pages_with(form) for form in (
                f"{name} {number}", f"{name}{number}", f"{name}-{number}", f"{name} v{number}")):
            return f"{name.upper()} {number}"
    return None


def within(pages_with: PagesWith, evidence: Sequence[Evidence]) -> PagesWith:
    """`pages_with` over the documents of `evidence` only, their file names included (a code a
    manual names only in its file name: "wch_ch32v00x_evb_manual_zh.pdf")."""
    documents = {item.hit.doc_id: file_words(item.hit.file) for item in evidence}

    def look(term: str, prefix: bool = False) -> set[tuple[str, int]]:
        found = {page for page in pages_with(term, prefix) if page[0] in documents}
        return found | {(doc_id, -1) for doc_id, words in documents.items()
                        if any(word == term or (prefix and word.startswith(term))
                               for word in words)}

    return look


# A product the question gives as an example of what it asks about ("does an SPI device such as
# a MAX31865 board have to ..."): the answer is the general rule, which need not name it.
_EXAMPLE = re.compile(r"(?:\bsuch as|\be\.g\.,?|\bfor example,?|例如|比如|譬如)\s*"
                      r"(?:an?\s+|the\s+)?[A-Za-z0-9][\w-]*", re.IGNORECASE)


def naming_documents(question: str, evidence: Sequence[Evidence], pages_with: PagesWith
                     ) -> set[str] | None:
    """The retrieved documents that name the most of the model codes the question asks about,
    in any of the ways `held` reads one (its family: "ch32v00x" for the CH32V003; its file
    name), by id; None when the question names no code or every retrieved document names as
    many, so that none is preferred. A manual naming fewer of them is about another product:
    the Octopus manual names a "TH0" and a "100K NTC" too, but not the EBB36 the question asks
    about with them. A code the question sets aside ("不是 CH32V003，而是 V006") is not asked
    about (`negation.set_aside`)."""
    aside = set_aside(question)
    asked = [code for code in model_codes(_EXAMPLE.sub(" ", question)) if code not in aside]
    if not asked:
        return None
    documents: dict[str, list[Evidence]] = {}
    for item in evidence:
        documents.setdefault(item.hit.doc_id, []).append(item)
    named = {doc_id: sum(held(code, within(pages_with, items), [item.page for item in items])
                         for code in asked)
             for doc_id, items in documents.items()}
    most = max(named.values(), default=0)
    if most == 0 or min(named.values()) == most:
        return None
    return {doc_id for doc_id, count in named.items() if count == most}


def product_words(question: str, evidence: Sequence[Evidence], naming: set[str] | None,
                  pages_with: PagesWith, files: Mapping[str, str]) -> frozenset[str]:
    """The question's words that tell none of the evidence's lines apart: those the file name
    of a preferred manual (`naming_documents`; with none preferred, of any retrieved manual)
    holds when it names an asked code ("ebb36", "can", "v1.1" of
    "btt_ebb36_can_v1.1_manual_zh.pdf": the manual's introduction, "BIGTREETECH EBB36 CAN V1.1
    是……喷头转接板", shares them and says nothing of its flyback diodes), and a product's name
    (`product_names.own_name`) that every retrieved document's file name holds ("linuxcnc"
    when all the pages are the LinuxCNC manual's, whose every other line says "LinuxCNC").
    A line that repeats the
    product's full name (a warning about "EBB36 CAN V1.1 and EBB42 CAN V1.1") would outrank
    the one that answers. Only a file name that names an asked code, or a product's name, is
    the product's name: the boot-area note's "wch_boot_area_as_user_flash_zh.pdf" names its
    topic, and ignoring "boot", "area" and "flash" left the question about the boot area
    without its words. `files` gives each document's file name by its id."""
    words = tokens(normalise(question))
    shared = frozenset.intersection(*(name_words(item.hit.file)
                                      for item in evidence)) if evidence else frozenset()
    everywhere = {word for word in words if word in shared and own_name(word, pages_with, files)}
    asked = model_codes(question)
    names = [normalise(item.hit.file) for item in evidence
             if (not naming or item.hit.doc_id in naming)
             and _names_code(file_words(item.hit.file), asked)]
    return frozenset(everywhere) | frozenset(word for word in words if any(
        re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", name) for name in names))


def _names_code(words: frozenset[str], codes: Sequence[str]) -> bool:
    """Whether a file name's words hold one of `codes`, as written or by a family code that
    covers it ("ch32v00x" for "ch32v003")."""
    return any(code in words or not words.isdisjoint(families(code)) for code in codes)
