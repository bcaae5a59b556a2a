"""Whether the library can answer: decided on what the question asks for, not on similarity.

Near misses are the questions that hurt: the library covers the board but not the sibling
board asked about, the fuses but not the fuse's rating. Every similarity signal says "this
page is about that" either way (session 6 measured the dense margin, word coverage, span
similarity and library vocabulary: none separated them), so the gate instead looks for what
the question needs and the library lacks:

* **a product it does not hold**: the question names a model code ("EBB42", "M8P", "E3") that
  no page of the library holds in any of the ways manuals print it (`products`), a revision
  of it ("EBB42 CAN V1.2", "Voron 2.4") no page names with it, or a generation ("SKR 3") no
  page writes; or a code only manuals that were not retrieved name (the CH32V307 a
  programmer's manual lists, asked of the CH32V003 board's manuals);
* **a value no page states**: the question asks for a quantity (`value_check.asked_quantity`)
  and no sentence of the retrieved pages both states a value of it and names the question's
  subject (its words besides the quantity's: the fan of "the fan port's current") in itself,
  the sentence before it (unless it is a list item: the item before is a sibling) or its
  section's title, counting only the manuals of the product the question names (the EBB36's
  fan current does not answer for the Octopus);
* **nothing of it in the library**: most of the question's words (or their translation) are
  on no page at all: a bread recipe, a phone's battery;
* **only definitions**: the question asks how to do something, and its best page and most of
  its three best are a glossary's (`glossary`): a definition of "air bleed" does not say how
  to bleed a car's brakes;
* **a named topic beside the pages**: a term the question names ("PID", "Modbus", "Kraken")
  is on none of the retrieved pages, and the library holds it nowhere or only in other
  manuals (`terms`): the library covers the board, not the topic asked about it;
* **an everyday object it never mentions**: the question names a thing ("forklift",
  "welder") no page holds, and nothing the library is about (`off_topic`).

What is missing is named in the refusal, in the question's language, so a technician knows
whether to look for another manual or to ask the vendor. A question none of these rules
catches is answered, however weak its similarity: the composed answer cites its pages, and a
false refusal hides a right answer that the pages hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from index.keywords import content_words, fold
from index.model_codes import SCREW_SIZE, model_codes
from index.page_rerank import holds_code_entry, numbered_codes
from index.product_names import file_words, own_name
from index.query_translation import translate_query, whole_words
from index.sentences import Span, sentences
from laoshifu.answer.bilingual import question_words
from laoshifu.answer.blocks import ITEM_NUMBER, nearest_line_above
from laoshifu.answer.evidence import Evidence
from laoshifu.answer.glossary import asks_how_to, entry_term, is_glossary
from laoshifu.answer.off_topic import everyday_object, names_no_thing
from laoshifu.answer.products import (
    PagesWith,
    missing_product,
    printed_apart,
    spellings,
    suffixed,
    within,
)
from laoshifu.answer.products import held as holds_code
from laoshifu.answer.section_numbers import SECTION_NUMBER
from laoshifu.answer.tables import is_row, table_caption
from laoshifu.answer.terms import uncovered_term
from laoshifu.answer.value_check import (
    Quantity,
    asked_quantity,
    asked_settings,
    asked_time_unit,
    asks_for_value,
    gives_setting,
    in_asked_scale,
    sets_named,
    states_value,
    unit_listed_at,
)

# Share of the question's words (or their translation) the library must hold somewhere: below
# it, the question is about something the library does not cover. Calibrated on the tuning
# half of bench/questions (answerable 0.71-1.0; the bread recipe and the phone battery 0.5)
# and the old dev set (answerable 0.56-1.0: jieba cuts "风扇口想接个" into words no page
# holds). A thin margin: the other rules come first, and this one only catches what nothing
# in the library is about.
MIN_KNOWN = 0.55
# A word a manual of at least `EVERYDAY_PAGES` pages writes on this share of them or more
# ("motherboard" in the Octopus manual) is no subject of a value in it: every section is about
# the board. Tuning halves and near misses (bench/questions): 0.3 and 0.5 refuse the same two
# more near misses, 0.7 one; no answer lost at any. A short document (a FAQ file is one page,
# a four-page pump manual says "bearing" on three) writes its topic everywhere.
EVERYDAY = 0.5
EVERYDAY_PAGES = 10
# A manual this long opens with a page naming its product (`fronted_codes`).
FRONT_PAGES = 3
# The most pages a table whose unit a note gives once may run on after the note's page (the
# LinuxCNC integrator's stepper timing table: six pages). Tuning halves and near misses: one
# false refusal fewer (d4-403), no near miss answered.
TABLE_PAGES = 6
# Rows above a table row that a wrapped first-column cell may span (`_stacked`).
STACKED_CELLS = 3
# A stem this long or longer is looked up as the start of a word ("replac" finds "replacement");
# a shorter one would match unrelated words.
_MIN_STEM = 4
# A section title: a numbered heading ("1.2 产品参数", "2 MOTHERBOARD WIRING", "二、主板特
# 点"), short and without a label's colon; "4. Recommended input voltage: DC24V" is an item.
_TITLE = re.compile(rf"^(?:{SECTION_NUMBER}\.?\s+|\d+\s+(?=[A-Z\u4e00-\u9fff])|"
                    r"[一二三四五六七八九十]+[、.．]\s*)[^:：]+$")
_TITLE_CHARACTERS = 60
# What a code's spellings share once spaces, hyphens and dots are gone ("P-101", "p101").
_COMPACT = re.compile(r"[^a-z0-9]")
# An item of a numbered or bulleted list ("11.电机驱动：板载 TMC2209，硬件地址：00", "• 5 A"): the
# item before it is a sibling (the I2C port of the list of ports), not what it measures. A
# value is no item's number ("8.2V-45V2.5A").
_ITEM = re.compile(rf"^\s*(?:{ITEM_NUMBER}|[•·▪◦●\-–*])\s*\S")


@dataclass(frozen=True)
class Missing:
    """What the library lacks to answer: `kind` is "product", "value", "name" (a term no page
    holds), "aside" (a term only other manuals hold), "definitions" (only a glossary's pages for
    a how-to) or "topic"; `what` names the product,
    quantity or term; `held` the documents the library holds instead (the closest ones
    found)."""

    kind: str
    what: str = ""
    held: tuple[str, ...] = ()


# The second word of "how many", "how much": it counts, it names nothing.
_HOW_MANY = frozenset({"many", "much"})


def subject_words(question: str, quantity: Quantity) -> set[str]:
    """The question's words besides the quantity and the asking ("what is the maximum current
    of the fan port" -> fan, port), each with its translation: what a stated value must be
    about. A part asked for by its rating stays ("the fuse's rating": fuse). A word asking
    for the value takes its translations with it: "多大" (how large) renders as "old" and
    "big", which say nothing of the subject; a unit of the quantity is no subject either
    (every value in seconds says "seconds"), nor the "many" of "how many seconds"."""
    def asks(word: str) -> bool:
        return (quantity.asked.search(word) is not None and not quantity.names_part(word)) or \
            asks_for_value(word) or word in _HOW_MANY

    asking = [word for word in content_words(question) if asks(word)]
    words = {word for word in content_words(question) if word not in asking}
    phrases = set()
    for forms in question_words(question):
        if any(forms[0] in word or word in forms[0] for word in asking):
            continue
        for form in forms:
            parts = sorted(fold(word) for word in content_words(form) if not asks(word))
            if len(parts) > 1 and " " in form.strip():
                phrases.add(" ".join(parts))  # "controller board": both, not "controller" alone
            else:
                words |= content_words(form)
    return phrases | {fold(w) for w in words if not asks(w)
                      and not states_value(quantity, f"1 {w}")}  # "seconds" of "how many seconds"


def setting_names(question: str) -> frozenset[str]:
    """What a setting the question asks the value of may be called: its words and each word of
    their renderings, lower case ("晶振" -> "crystal", "oscillator", "xtal")."""
    return frozenset(word.lower() for forms in question_words(question) for form in forms
                     for word in form.split())


def part_words(question: str, quantity: Quantity) -> set[str]:
    """The part the question asks for by its rating, with its renderings ("fuse", "保险丝",
    "熔断器"): the value that answers names it; empty when the question asks for none."""
    words: set[str] = set()
    for forms in question_words(question):
        if any(quantity.names_part(form) for form in forms):
            for form in forms:
                words |= content_words(form)
    return {fold(word) for word in words}


def section_title(page: str, start: int) -> str:
    """The title of the section `start` is in: the nearest Markdown heading or numbered
    section title above it on the page ("## Will the heaters be left on if the Raspberry Pi
    crashes?", "3.2 100K NTC 或 PT1000 设置"), "" when there is none."""
    return nearest_line_above(page, start, _is_title)


def _is_title(flat: str) -> bool:
    return flat.startswith("#") or bool(_TITLE.match(flat) and len(flat) <= _TITLE_CHARACTERS
                                        and flat[-1] not in ".。")


# Words saying which of a thing's values is meant, not which thing: beside a word naming the
# thing they name no subject (the USB ports' "output" current is not the heater port's
# "最大输出电流：6A"). "Rated" asks for the value itself (`asks_for_value`): no subject word.
_WHICH_VALUE = frozenset({"output", "input", "输出", "输入", "额定"})

Everyday = Callable[[str, str], bool]
Carry = Callable[[Evidence], Evidence | None]
Written = Callable[[str, str], bool]
Fronted = Callable[[str, str], bool]


def fronted_codes(pages_with: PagesWith, page_counts: Mapping[str, int]) -> Fronted:
    """Whether a manual of `FRONT_PAGES` pages or more names a code on its first page, in any
    of the ways manuals print it (`products.spellings`): the product the manual is about
    ("P-101 pump manual ... Model CP-80"), which its later pages do not repeat. The first page
    of a note of a page or two is its content: its port "HE0" is no product. Each code and
    document is looked up once."""
    @cache
    def fronted(code: str, doc_id: str) -> bool:
        return page_counts.get(doc_id, 0) >= FRONT_PAGES and any(
            (doc_id, 0) in pages_with(form) for form in spellings(code))

    return fronted


def _states_of_subject(quantity: Quantity, subject: set[str], evidence: Sequence[Evidence],
                       codes: Sequence[str] = (), everyday: Everyday | None = None,
                       fronted: Fronted | None = None,
                       part: set[str] | None = None, written: Written | None = None,
                       scale: float | None = None, settings: frozenset[str] = frozenset()
                       ) -> bool:
    """A sentence of a retrieved page (anywhere on it: a FAQ file is one page, and the passage
    retrieval matched may be another answer's), with the one before it (a table row's label,
    the sentence naming what the next one measures) or the title of its section (a FAQ's
    question, a parameter list's heading; a table row's caption: "Hardware (KIT4)"; a glossary
    entry's term: "Feathering propeller"), states a
    value of `quantity` and names one of `subject`'s words (a code also printed with a suffix).
    A list item's neighbour is another item, so an item names its subject itself. The
    document's own name does not count, nor what the question calls the product it names by
    its code, on that product's manual ("板子", "board": `_THE_PRODUCT`), nor a word it writes
    on most of its pages
    (`everyday(word, doc_id)`) unless the question names nothing else: every section of the
    Octopus manual is about the Octopus motherboard, not every one about its fuses, while a
    bearing manual's torque is the bearing's. Each model code the question names (`codes`) must
    be named there too, or in the document's file name: the EBB36 manual names the EBB42 in a
    note on a pin both boards share, and its heater current is still the EBB36's; its fan
    port's current is not its TMC2209 driver's (a later page need not name the product the
    manual's first page names: `fronted`, "Model CP-80"). A `part` asked for by its rating is
    named there too: the heater port's current is not its fuse's. A time asked in a unit
    (`scale`, its seconds: "how many years") is stated in a unit of its scale: a battery's
    runtime in seconds is not its life in years. A configuration line setting one of
    `settings` (`setting_names`) to a bare number states it too: "oscillator=12000000" is the
    crystal's frequency, asked in MHz."""
    notes = [unit_listed_at(quantity, item.page) for item in evidence]
    noted = _unit_notes(evidence, notes)
    for item, listed in zip(evidence, notes, strict=True):
        spans = sentences(item.page)
        named = {word for word in subject if not _in_file_name(word, item.hit.file)}
        if codes and all(_in_file_name(code, item.hit.file) for code in codes):
            named = {word for word in named if word not in _THE_PRODUCT}
        own = {word for word in named
               if everyday is None or not everyday(word, item.hit.doc_id)} or named
        if own and written is not None and not any(
                all(written(part, item.hit.doc_id) for part in word.split()) for word in own):
            own = set()  # the manual writes none of them: they are the question's own words
        own = own - _WHICH_VALUE or own
        later = item.hit.page_index not in (None, 0)
        parts = [code for code in codes
                 if not (later and fronted is not None and fronted(code, item.hit.doc_id))]
        if listed is None and _table_goes_on(item, noted):
            listed = -1  # the note is on a page before: every row of this one is in its unit
        for at, span in enumerate(spans):
            row = listed is not None and span.start > listed and is_row(span.text)
            states = row or states_value(quantity, span.text) or sets_named(settings, span.text)
            if not states or not in_asked_scale(scale, span.text):
                continue
            alone = at == 0 or bool(_ITEM.match(span.text))
            start = span.start if alone else spans[at - 1].start
            near = item.page[min(start, _stacked(spans, at)):span.end]
            title = section_title(item.page, span.start)
            if is_row(span.text.split("\n")[0]):  # "Hardware (KIT4)" above a parts list
                title = f"{title} {table_caption(item.page, span.start)}"
            title = f"{title} {entry_term(item.page, span.start)}"
            if (not own or _names(own, near) or _names(own, title)) and \
                    (not part or _names(part, near) or _names(part, title)) and \
                    _names_codes(parts, item.hit.file, f"{near} {title}"):
                return True
    return False


# What a question calls the product it names by its model code ("ebb36 板子多大", "how wide is
# the sb2209 board"): on a page of that product's manual, the product the manual is about. Its
# parameter list gives the size without naming the board ("外观尺寸：51.5mm*37mm").
_THE_PRODUCT = frozenset({"board", "板子", "主板", "板", "product", "产品", "device", "设备",
                          "module", "模块", "unit", "pcb"})


def _stacked(spans: Sequence[Span], at: int) -> int:
    """Where a table row's cell starts: at the nearest row above that names a model, at most
    `STACKED_CELLS` rows up. A narrow first column wraps its cell over the rows beside it
    ("DRV8825" / "最大32细分" / "8.2V-45V2.5A" in the Octopus manual's driver table), and the
    values in its lower lines are that model's. A row naming another model stops the look; a
    span that is no row starts its own cell."""
    first = at
    if is_row(spans[at].text):
        for back in range(at - 1, max(-1, at - STACKED_CELLS - 1), -1):
            if not is_row(spans[back].text) or model_codes(spans[first].text):
                break
            first = back
    return spans[first].start


def _in_file_name(word: str, file: str) -> bool:
    """The file name holds the word, a code also however it is spaced or hyphenated: "kx-5"
    and "v1.1" are in "KX-5 toolboard manual.pdf" and "btt_ebb36_can_v1.1_manual_zh.pdf"."""
    if word in {fold(name) for name in file_words(file)}:
        return True
    return any(ch.isdigit() for ch in word) and \
        _COMPACT.sub("", word) in _COMPACT.sub("", file.lower())


def _unit_notes(evidence: Sequence[Evidence], notes: Sequence[int | None]
                ) -> dict[str, list[int]]:
    """The retrieved pages, by document, on which a note gives the unit of a table's values
    (`notes`: where `unit_listed_at` found it on each page, None where it did not)."""
    noted: dict[str, list[int]] = {}
    for item, note in zip(evidence, notes, strict=True):
        if item.hit.page_index is not None and note is not None:
            noted.setdefault(item.hit.doc_id, []).append(item.hit.page_index)
    return noted


def _table_goes_on(item: Evidence, noted: Mapping[str, list[int]]) -> bool:
    """Whether a retrieved page of the same document, at most `TABLE_PAGES` before this one,
    gives a table's unit once: the LinuxCNC integrator's stepper timing table says "Times
    listed are in nanoseconds (ns)" on its first page and lists drives for five more."""
    at = item.hit.page_index
    return at is not None and any(0 < at - page <= TABLE_PAGES
                                  for page in noted.get(item.hit.doc_id, ()))


def everyday_words(pages_with: PagesWith, page_counts: Mapping[str, int]) -> Everyday:
    """Whether a document writes a word (a stem: "replac" as the start of "replacement") on at
    least `EVERYDAY` of its pages; `page_counts` gives each document's pages by its id. Each
    word and document is looked up once: the retrieved pages are often one manual's."""
    @cache
    def everyday(word: str, doc_id: str) -> bool:
        pages = page_counts.get(doc_id, 0)
        return pages >= EVERYDAY_PAGES and \
            len(_pages_writing(pages_with, word, doc_id)) >= EVERYDAY * pages

    return everyday


def written_words(pages_with: PagesWith) -> Written:
    """Whether a document writes a word (a stem as the start of one) on any page. A value's
    subject the manual never writes ("accept", "supply" of "What supply voltage range does
    the EBB36 accept?", whose manual prints "输入电压：DC12V-DC24V") is the question's own
    wording, which no sentence of it can name; a word it writes elsewhere ("fan" of the fan
    port's voltage) its value's sentence must. Each word and document is looked up once."""
    @cache
    def written(word: str, doc_id: str) -> bool:
        return bool(_pages_writing(pages_with, word, doc_id))

    return written


def _pages_writing(pages_with: PagesWith, word: str, doc_id: str) -> set[int]:
    """The pages of the document that write the word, or a word it is the stem of."""
    held = {page for owner, page in pages_with(word) if owner == doc_id}
    if not held and len(word) >= _MIN_STEM:
        held = {page for owner, page in pages_with(word, prefix=True) if owner == doc_id}
    return held


def _names_codes(codes: Sequence[str], file: str, text: str) -> bool:
    """Each of `codes` that the file name does not hold is in `text`, however it is spaced or
    hyphenated ("P-101", "p101"), printed with a suffix ("STM32F446ZET6") or as its name and
    number apart (`products.printed_apart`: "NTC100K" as "100K NTC"). A part the
    question names beside the manual's product ("板载 TMC2209" of the EBB36) is what the value
    must be about: the EBB36 manual's fan port current is no current of its TMC2209."""
    held = _COMPACT.sub("", text.lower())
    compact = [_COMPACT.sub("", code) for code in codes if not _in_file_name(code, file)]
    return all(code in held or printed_apart(code, [text]) for code in compact)


def _names(subject: set[str], text: str) -> bool:
    """The text holds one of the subject's words, every word of one of its phrases (a
    rendering of several words: "controller board"), or a code as manuals print it with a
    suffix ("STM32F446" in "STM32F446ZET6 main control chip with a core frequency of
    180MHz")."""
    words = {fold(word) for word in content_words(text)}
    return bool(subject & words) or \
        any(suffixed(code, word) for code in subject for word in words) or \
        any(" " in phrase and set(phrase.split()) <= words for phrase in subject)


def code_beside(question: str, evidence: Sequence[Evidence], pages_with: PagesWith
                ) -> str | None:
    """The first model code of the question that no retrieved manual holds, in any of the ways
    `products.held` reads it, though the library does (the product rule came first): the
    CH32V307 a WCH-Link manual lists among the chips it programs, asked about of the CH32V003
    evaluation board's manuals. The question is about a product the library has no manual for."""
    retrieved = within(pages_with, evidence)
    pages = [item.page for item in evidence]
    return next((code.upper() for code in model_codes(question)
                 if not holds_code(code, retrieved, pages)), None)


def named_products(question: str, evidence: Sequence[Evidence], pages_with: PagesWith,
                   files: Mapping[str, str]) -> set[str]:
    """The products the question names that tell its retrieved documents apart: a name (a
    capitalised word not opening a sentence, a word in capitals, a model code, or, however
    it is typed, a word the library writes almost only in the documents named after it:
    "octopus") that the file names of some retrieved documents hold and others do not
    ("Octopus" of "the BTT Octopus" among the Octopus and the EBB36 manuals; "BTT" is in both,
    so it tells nothing). `files` gives each document's file name by its id."""
    names = set()
    for sentence in re.split(r"(?<=[.?!。？！])\s*", question):
        # A capital opening the sentence says nothing; one after Chinese text does ("跑
        # Klipper 主机").
        words = [match.group() for match in re.finditer(r"[A-Za-z][\w]*", sentence)
                 if sentence[:match.start()].strip()]
        for word in words + re.findall(r"^\s*([A-Z0-9][A-Z0-9]+)\b", sentence):
            if word[0].isupper() or any(ch.isdigit() for ch in word):
                names.add(word.lower())
    names |= {word for word in content_words(question)
              if word.isalpha() and own_name(word, pages_with, files)}
    retrieved = [file_words(item.hit.file) for item in evidence]
    return {name for name in names if any(name in words for words in retrieved)
            and not all(name in words for words in retrieved)}


def known_share(question: str, pages_with: PagesWith, quantity: Quantity | None = None
                ) -> float:
    """Share of the question's content words the library holds on some page (see
    `unknown_words` for what counts as held)."""
    return _share_known(question, unknown_words(question, pages_with, quantity))


def _share_known(question: str, unknown: Sequence[str]) -> float:
    """The share of the question's words held, not counting the Chinese words held nowhere
    that name no thing (`names_no_thing`)."""
    words = content_words(question)
    unsaid = sum(1 for word in unknown if names_no_thing(word))
    if len(words) <= unsaid:
        return 1.0
    return 1 - (len(unknown) - unsaid) / (len(words) - unsaid)


def unknown_words(question: str, pages_with: PagesWith, quantity: Quantity | None = None
                  ) -> list[str]:
    """The question's content words the library holds on no page. A word counts as held
    when it, a word of its stem ("replace" in "replacement") or its translation is there; the
    words asking for `quantity` count too, since the value rule found a page stating it (a
    manual writes "24 Nm", not "torque"). A piece of a word jieba cuts counts as the whole
    word it is part of ("八爪" of "八爪鱼", octopus: `query_translation.whole_words`)."""
    codes = set(model_codes(question))
    whole = whole_words(question)

    def translated(word: str) -> bool:
        return any(pages_with(other) for other in content_words(translate_query(word)))

    def known(word: str) -> bool:
        if quantity is not None and (quantity.asked.search(word) or asks_for_value(word)):
            return True
        if word in codes:
            return True  # held, however the pages print it (the product rule looked)
        size = SCREW_SIZE.fullmatch(word)
        if size is not None and pages_with(size.group(1)):
            return True  # "m3x16": held where its thread is, however a list prints the length
        stem = fold(word)
        return bool(pages_with(word)) or (
            stem != word and len(stem) >= _MIN_STEM and bool(pages_with(stem, prefix=True))
        ) or translated(word) or any(word in other and translated(other) for other in whole)

    return [word for word in sorted(content_words(question)) if not known(word)]


def missing(question: str, evidence: Sequence[Evidence], pages_with: PagesWith,
            files: Mapping[str, str], page_counts: Mapping[str, int] | None = None,
            carry: Carry | None = None) -> Missing | None:
    """What the library lacks to answer `question` from `evidence` (its retrieved pages), or
    None when nothing is found missing; `files` gives each document's file name by its id,
    `page_counts` its number of pages; `carry` the sentence a retrieved page ends mid-way,
    finished on the next page (`spans.carried_over`), where a value may be stated: read only
    for a question asking for a value, since it reads the next page."""
    held = tuple(dict.fromkeys(item.hit.file for item in evidence))
    if not evidence:
        return Missing("topic")
    product = missing_product(question, pages_with, [item.page for item in evidence])
    if product:
        return Missing("product", product, held=held)
    beside = code_beside(question, evidence, pages_with)
    if beside:
        return Missing("aside", beside, held=held)
    quantity = asked_quantity(question)
    if quantity is not None:
        products = named_products(question, evidence, pages_with, files)
        carried = [over for item in evidence
                   if carry is not None and (over := carry(item)) is not None]
        own = [item for item in [*evidence, *carried]
               if products <= file_words(item.hit.file)]
        codes = [code.lower() for code in model_codes(question)]
        everyday = everyday_words(pages_with, page_counts or {})
        if not _states_of_subject(quantity, subject_words(question, quantity), own, codes,
                                  everyday, fronted_codes(pages_with, page_counts or {}),
                                  part_words(question, quantity), written_words(pages_with),
                                  asked_time_unit(question) if quantity.name == "time" else None,
                                  setting_names(question)):
            return Missing("value", quantity.name, held=held)
    settings = asked_settings(question) if quantity is None else []
    if settings and not any(gives_setting(setting, item.page)
                            for setting in settings for item in evidence):
        return Missing("value", settings[0], held=held)
    # A table writes "ALARM:3" as "Alarm Code: 3": its rows answer, so a question naming a
    # numbered code is neither off the library's topics nor about an everyday thing.
    asked_entries = numbered_codes(question)
    numbered = bool(asked_entries)
    unknown = [] if numbered else unknown_words(question, pages_with, quantity)
    if not numbered and _share_known(question, unknown) < MIN_KNOWN:
        return Missing("topic")
    # A retrieved page holding the named code's entry answers it, whatever the question says
    # around the code ("from my CAM with error:34": CAM is only in other manuals).
    answered = numbered and any(holds_code_entry(item.page, asked_entries) for item in evidence)
    term = None if answered else uncovered_term(question, evidence, pages_with)
    if term is not None:
        name, elsewhere = term
        return Missing("aside" if elsewhere else "name", name, held=held)
    if asks_how_to(question) and _definitions_only(evidence[:GLOSSARY_DEPTH]):
        return Missing("definitions", held=held)
    thing = everyday_object(question, unknown, pages_with, files)
    if thing is not None:
        return Missing("name", thing, held=held)
    return None


# The best pages that decide whether only definitions meet a how-to question. Answers read
# one page more than this (`AnswerSettings.sources`, for span choice); that page is often
# another manual sharing one of the question's words (the pump manual's "lines" beside a
# glossary's three pages for "bleed the air out of my brake lines"), which says nothing of
# whether the best pages only define the question's words.
GLOSSARY_DEPTH = 3


def _definitions_only(best: Sequence[Evidence]) -> bool:
    """The best pages only define the question's words: the first is a glossary's, and most
    of them are. Not all: a word bridged into the other language can pull in one page of
    another manual (the Chinese Klipper FAQ among the FAA glossary's "Borescope" and "Hot
    section" pages, for the procedure of a borescope inspection)."""
    glossary = [is_glossary(item.page) for item in best]
    return bool(glossary) and glossary[0] and 2 * sum(glossary) > len(glossary)


# Refusals in the question's language. A question nothing names a lack for gets the plain one.
REFUSAL = {
    "en": "Not found in your documents. Check the closest pages listed below.",
    "zh": "您的文档中没有找到答案。请查看下面列出的最相关页面。",
}
_QUANTITY_ZH = {"torque": "扭矩", "current": "电流", "voltage": "电压", "angle": "角度",
                "temperature": "温度",
                "pressure": "压力", "speed": "转速", "power": "功率", "baud": "波特率",
                "time": "时间", "length": "尺寸", "frequency": "频率", "tension": "张紧力",
                "address": "地址", "distance": "距离", "mass": "重量", "capacity": "容量",
                "data rate": "传输速率", "cycles": "寿命次数", "capacitance": "电容",
                "resistance": "电阻"}


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
    if lack.kind == "name":
        if zh:
            return (f"资料库中没有任何页面提到 {lack.what}；最接近的资料是：{held}。"
                    "请确认名称，或添加讲到它的资料。")
        return (f"The library has no page naming {lack.what}; the closest documents it holds: "
                f"{held}. Check the name, or add a manual that covers it.")
    if lack.kind == "definitions":
        if zh:
            return (f"最接近的页面（{held}）只是术语的定义，没有讲怎么做。"
                    "请查看下面列出的页面，或添加讲到它的资料。")
        return (f"The closest pages ({held}) only define terms; none says how to do it. "
                f"Check the pages below, or add a manual that covers it.")
    if lack.kind == "aside":
        if zh:
            return (f"最接近的资料（{held}）没有讲到 {lack.what}：资料库只在其他资料中提到它。"
                    "请查看下面列出的页面，或添加讲到它的资料。")
        return (f"The closest documents ({held}) do not cover {lack.what}: the library names "
                f"it only in other manuals. Check the pages below, or add a manual that covers "
                f"it.")
    return REFUSAL["zh" if zh else "en"]
