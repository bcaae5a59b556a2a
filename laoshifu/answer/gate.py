"""Whether the library can answer: decided on what the question asks for, not on similarity.

Near misses are the questions that hurt: the library covers the board but not the sibling
board asked about, the fuses but not the fuse's rating. Every similarity signal says "this
page is about that" either way (session 6 measured the dense margin, word coverage, span
similarity and library vocabulary: none separated them), so the gate instead looks for what
the question needs and the library lacks:

* **a product it does not hold**: the question names a model code ("EBB42", "M8P", "E3") that
  no page of the library holds, a revision of it ("EBB42 CAN V1.2", "Voron 2.4") no page names
  with it, or a generation ("SKR 3") no page writes;
* **a value no page states**: the question asks for a quantity (`value_check.asked_quantity`)
  and no sentence of the retrieved pages both states a value of it and names the question's
  subject (its words besides the quantity's: the fan of "the fan port's current"), counting
  only the manuals of the product the question names (the EBB36's fan current does not answer
  for the Octopus);
* **nothing of it in the library**: most of the question's words (or their translation) are
  on no page at all: a bread recipe, a phone's battery.

What is missing is named in the refusal, in the question's language, so a technician knows
whether to look for another manual or to ask the vendor. A question none of these rules
catches is answered, however weak its similarity: the composed answer cites its pages, and a
false refusal hides a right answer that the pages hold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from index.keywords import content_words, fold
from index.page_rerank import CODE_KINDS, numbered_codes
from index.query_translation import translate_query
from index.tokenize import normalise
from laoshifu.answer.evidence import Evidence
from laoshifu.answer.value_check import Quantity, asked_quantity, asks_for_value, states_value


class PagesWith(Protocol):
    """The pages holding a term as a whole token, or as the start of one when `prefix`,
    library-wide (`KeywordIndex.pages_containing`)."""

    def __call__(self, term: str, prefix: bool = False) -> set[tuple[str, int]]: ...

# A model code: letters, then a digit, then letters or digits ("EBB42", "CH32V307", "M8P",
# "E3"); starting with a digit it is a quantity ("3pcs", "1080p"), not a product.
_MODEL = re.compile(r"[a-z]+\d[a-z0-9]*")
# A model code written with a hyphen: "CP-80", "P-101", "E-047".
_HYPHENATED = re.compile(r"[a-z]+-\d[a-z0-9]*")
# Looks like a model code and is not one: a version ("v1.2"), a G-code ("M109"), a numbered
# code of a table the retriever ranks by its number ("error:15", "ALARM 3"), a device the
# system numbers when it starts ("ttyUSB0", "can0", "COM3": the manual writes another number).
_NOT_A_MODEL = re.compile(r"v\d+|[gm]\d{1,3}|(?:error|alarm|err)\d+|"
                          r"(?:tty[a-z]*|com|can|eth|wlan|usb|sd[a-z])\d+")
# A chunk of the question between spaces and brackets: "/dev/ttyUSB0" is a path, its parts
# are not products.
_CHUNK = re.compile(r"[^\s()（）,，、;；?？。!！\"'“”]+")
# A revision: "V1.2", "v3", "2.4" after a name.
_VERSION = re.compile(r"v\d+(?:\.\d+)*|\d+\.\d+")
# Words between a model code and its revision ("EBB42 CAN V1.2", "SKR Mini E3 V3").
_VERSION_GAP = 2
# A name in capitals and its generation: "SKR 3" (not "SKR SE BX", the one a manual names).
_NUMBERED_NAME = re.compile(r"\b([A-Z]{2,})\s+(\d{1,2})\b(?![.\d])")
# A family code writes its variable digits as x: "STM32F10xxx" holds "STM32F103".
_FAMILY_X = 4
# Share of the question's words (or their translation) the library must hold somewhere: below
# it, the question is about something the library does not cover. Calibrated on the tuning
# half of bench/questions (answerable 0.71-1.0; the bread recipe and the phone battery 0.5)
# and the old dev set (answerable 0.56-1.0: jieba cuts "风扇口想接个" into words no page
# holds). A thin margin: the other rules come first, and this one only catches what nothing
# in the library is about.
MIN_KNOWN = 0.55
# A stem this long or longer is looked up as the start of a word ("replac" finds "replacement");
# a shorter one would match unrelated words.
_MIN_STEM = 4


@dataclass(frozen=True)
class Missing:
    """What the library lacks to answer: `kind` is "product", "value" or "topic"; `what` names
    the product or quantity; `held` the documents the library holds instead (the closest ones
    found)."""

    kind: str
    what: str = ""
    held: tuple[str, ...] = ()


def model_codes(question: str) -> list[str]:
    """The model codes the question names, in order ("EBB42", "CH32V307"), paths left out."""
    found: list[str] = []
    for chunk in _CHUNK.findall(normalise(question)):
        if "/" in chunk:
            continue
        for piece in re.split(r"[_.:]", chunk):
            parts = [piece] if _HYPHENATED.fullmatch(piece) else piece.split("-")
            found.extend(part for part in parts if (_MODEL.fullmatch(part) or _HYPHENATED.fullmatch(
                part)) and not _NOT_A_MODEL.fullmatch(part) and part not in found)
    return found


def _held(code: str, pages_with: PagesWith) -> bool:
    """The library names `code` as the question writes it or with its letters and digits
    apart ("CP80" as "CP-80" or "CP 80"), or a family code that covers it ("stm32f10xxx")."""
    apart = re.sub(r"^([a-z]{2,})-?(\d)", r"\1 \2", code)  # "E 3" is no "E3"
    if any(pages_with(form) for form in {code, apart, apart.replace(" ", "-", 1),
                                         apart.replace(" ", "", 1)}):
        return True
    return any(pages_with(code[:-cut] + "x" * xs) for cut in range(1, min(3, len(code) - 2) + 1)
               for xs in range(1, _FAMILY_X + 1))


def _revisions(question: str) -> list[tuple[str, str]]:
    """The names the question gives a revision, with it: a model code and the revision written
    up to two words after it ("EBB42 CAN V1.2"), or a name right before one ("Voron 2.4")."""
    words = [word.strip(",.;:?()（）？，") for word in normalise(question).split()]
    found = []
    for at, word in enumerate(words):
        parts = [part for part in re.split(r"[-_.:]", word) if part in model_codes(word)]
        name = parts[0] if parts else word if word.isalpha() and word.isascii() else None
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


def _missing_product(question: str, pages_with: PagesWith) -> str | None:
    """The first product the question names that the library holds no page of: a model
    code, a revision of a product no page names with it, or a numbered name ("SKR 3") no
    page writes."""
    for code in model_codes(question):
        if not _held(code, pages_with):
            return code.upper()
    for name, revision in _revisions(question):
        if pages_with(name) and not pages_with(name) & pages_with(revision):
            return f"{name.upper()} {revision.upper()}"
    for name, number in _numbered_names(question):
        if pages_with(name) and not any(pages_with(form) for form in (
                f"{name} {number}", f"{name}{number}", f"{name}-{number}", f"{name} v{number}")):
            return f"{name.upper()} {number}"
    return None


def subject_words(question: str, quantity: Quantity) -> set[str]:
    """The question's words besides the quantity and the asking ("what is the maximum current
    of the fan port" -> fan, port): what a stated value must be about."""
    words = content_words(question)
    bridged = translate_query(question)
    if bridged:
        words |= content_words(bridged)
    return {fold(w) for w in words if not quantity.asked.search(w) and not asks_for_value(w)}


def _states_of_subject(quantity: Quantity, subject: set[str], evidence: Sequence[Evidence]
                       ) -> bool:
    """A sentence of a retrieved page, with the one before it (a table row's label, the
    sentence naming what the next one measures), states a value of `quantity` and names one of
    `subject`'s words."""
    for item in evidence:
        spans = item.sentences
        for at, span in enumerate(spans):
            if not states_value(quantity, span.text):
                continue
            near = item.page[spans[at - 1].start if at else span.start:span.end]
            if subject & {fold(w) for w in content_words(near)}:
                return True
    return False


def _file_words(file: str) -> set[str]:
    return set(re.split(r"[\W_]+", normalise(file))) - {""}


def named_products(question: str, evidence: Sequence[Evidence]) -> set[str]:
    """The products the question names that tell its retrieved documents apart: a name (a
    capitalised word not opening a sentence, a word in capitals, a model code) that the file
    names of some retrieved documents hold and others do not ("Octopus" of "the BTT Octopus"
    among the Octopus and the EBB36 manuals; "BTT" is in both, so it tells nothing)."""
    names = set()
    for sentence in re.split(r"(?<=[.?!。？！])\s*", question):
        for word in re.findall(r"[A-Za-z][\w]*", sentence)[1:] + re.findall(
                r"^\s*([A-Z0-9][A-Z0-9]+)\b", sentence):
            if word[0].isupper() or any(ch.isdigit() for ch in word):
                names.add(word.lower())
    files = [_file_words(item.hit.file) for item in evidence]
    return {name for name in names
            if any(name in words for words in files) and not all(name in words for words in files)}


def known_share(question: str, pages_with: PagesWith, quantity: Quantity | None = None
                ) -> float:
    """Share of the question's content words the library holds on some page. A word counts
    when it, a word of its stem ("replace" in "replacement") or its translation is there; the
    words asking for `quantity` count too, since the value rule found a page stating it (a
    manual writes "24 Nm", not "torque")."""
    words = sorted(content_words(question))
    if not words:
        return 1.0

    def known(word: str) -> bool:
        if quantity is not None and (quantity.asked.search(word) or asks_for_value(word)):
            return True
        stem = fold(word)
        return bool(pages_with(word)) or (
            stem != word and len(stem) >= _MIN_STEM and bool(pages_with(stem, prefix=True))
        ) or any(pages_with(other) for other in content_words(translate_query(word)))

    return sum(known(word) for word in words) / len(words)


def missing(question: str, evidence: Sequence[Evidence], pages_with: PagesWith
            ) -> Missing | None:
    """What the library lacks to answer `question` from `evidence` (its retrieved pages), or
    None when nothing is found missing."""
    held = tuple(dict.fromkeys(item.hit.file for item in evidence))
    if not evidence:
        return Missing("topic")
    product = _missing_product(question, pages_with)
    if product:
        return Missing("product", product, held=held)
    quantity = asked_quantity(question)
    if quantity is not None:
        products = named_products(question, evidence)
        own = [item for item in evidence if products <= _file_words(item.hit.file)]
        if not _states_of_subject(quantity, subject_words(question, quantity), own):
            return Missing("value", quantity.name, held=held)
    if not numbered_codes(question) and known_share(question, pages_with, quantity) < MIN_KNOWN:
        return Missing("topic")  # a table writes "ALARM:3" as "Alarm Code: 3": its rows answer
    return None


# Refusals in the question's language. A question nothing names a lack for gets the plain one.
REFUSAL = {
    "en": "Not found in your documents. Check the closest pages listed below.",
    "zh": "您的文档中没有找到答案。请查看下面列出的最相关页面。",
}
_QUANTITY_ZH = {"torque": "扭矩", "current": "电流", "voltage": "电压", "temperature": "温度",
                "pressure": "压力", "speed": "转速", "power": "功率", "baud": "波特率",
                "time": "时间", "length": "尺寸", "frequency": "频率", "tension": "张紧力",
                "address": "地址"}


def refusal_text(lack: Missing, language: str) -> str:
    """The refusal naming what is missing ("The library has no page naming EBB42; the closest
    documents it holds: ..."), so the technician knows what to look for."""
    zh = language == "zh"
    held = ("、" if zh else ", ").join(lack.held)
    if lack.kind == "product":
        if zh:
            return (f"资料库中没有任何页面提到 {lack.what}；最接近的资料是：{held}。"
                    "请确认型号，或添加该型号的说明书。")
        return (f"The library has no page naming {lack.what}; the closest documents it holds: "
                f"{held}. Check the model, or add its manual.")
    if lack.kind == "value":
        if zh:
            quantity = _QUANTITY_ZH.get(lack.what, lack.what)
            return (f"资料库中没有页面给出所问的{quantity}数值；最接近的资料（{held}）没有写明。"
                    "请查看下面列出的页面，或向厂家确认。")
        return (f"The library has no page stating the {lack.what} you asked for; the closest "
                f"documents ({held}) do not give it. Check the pages below, or ask the vendor.")
    return REFUSAL["zh" if zh else "en"]
