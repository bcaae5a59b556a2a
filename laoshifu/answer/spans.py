"""Step 2, the spans that answer: the sentence, table row or run of numbered steps of the
retrieved pages that says what was asked, chosen before the model writes a word.

Sharing the question's words is not answering it: a heading, a contents line or a feature-list
item shares them best and says nothing, and the sentence that does answer sits a few lines
away on the same page. So each candidate is scored on these signals:

* **meaning**: the multilingual search model's similarity of the question and the candidate,
  so a Chinese question can pick an English sentence and a paraphrase finds its sentence;
* **words**: the share of the question's content words it holds, each in its own language or
  in any of its translations (`laoshifu.answer.bilingual`);
* **what the question asks for**: a value of the quantity asked about (a current needs a
  number with an ampere unit), the code asked about, numbered steps for a "how";
* **what it states**: the values, pins, codes and file names its block holds that the question
  does not (`specifics`): a technician asks for "0770", "PA15" or "40%", and the line sharing the
  question's words often only restates the problem;
* **where it is**: a little, in the manual of search's best page (`SpanWeights.elsewhere`).

Headings, captions, contents lines, running headers, questions and cut fragments are never
candidates (`can_lead`); a sentence that PDF extraction cut where its printed line wrapped is
joined again first. A "how" question is answered with the whole run of numbered steps the
best step belongs to, in page order, continued on the next page when the run goes on there
(and an answer whose lines open their page with a step after the first shows the step before
it first, from the foot of the page before, retrieved or not: `_from_page_before`);
a product's feature list ("17.Supports firmware update via DFU mode") is numbered like one and
shares the question's words, but says what the product has, not what to do: it never answers a
"how". A procedure written without numbers (the NUT manual's "Installing from source":
imperatives and commands under sub-headings, over two pages) is shown as the instructions of
the best span's section, in order and over the page (`_section_steps`), with other spans after
it in the lines left.
Any other answer is at most four spans of at most 26 lines in all, each shown with the lines
it needs beside it (`laoshifu.answer.blocks`: what it introduces, its list, its table with the
header line, or a line before and two after); a span is ranked on those lines and on its
section's title too, so the facts of a question that sit a few lines apart come together. Facts
further apart in the best span's section of its page come as spans of their own (the section
that answers best usually holds the rest: a span there joins at a lower bar than one of another
section or page), and spans whose lines meet are shown as one, so no line is spent twice; a
span whose line is shown already still adds the lines of its block that are not, and a block too
long for the lines left is cut to the lines nearest its own, not dropped. When a chosen span's
block is the last text of its page and the section goes on over the page (the syslog line at a
page's foot, the command that checks it at the next one's head), the next page's first lines
follow it in the lines left, the best span's first; when the best span's last line introduces
them ("then start the drivers:"), they come before the other spans (`INTRODUCED`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache

import numpy as np

from index.keywords import STOPWORDS, content_words
from index.model_codes import model_codes
from index.page_kind import address_pieces, is_contents
from index.page_rerank import CODE_KINDS, numbered_codes
from index.sentences import LETTER_OR_ROMAN, Span, sentences
from index.tokenize import CJK_RUN, codes, normalise, tokens
from laoshifu.answer.bilingual import language_of, words_score
from laoshifu.answer.blocks import (
    FOLLOW,
    cut_off,
    grown,
    joined,
    leads_after,
    nearest_line_above,
)
from laoshifu.answer.entries import entry_above, in_title, split_at_titles
from laoshifu.answer.evidence import Evidence, PageText
from laoshifu.answer.glossary import entry_around
from laoshifu.answer.instructions import is_instruction, opens_with_verb, title_depth
from laoshifu.answer.negation import on_branch_aside, set_aside, sets_aside, without_aside
from laoshifu.answer.paths import asks_location, holds_path
from laoshifu.answer.quotes import same_values
from laoshifu.answer.section_numbers import CHINESE_TITLE, SECTION_NUMBER, SECTION_TITLE
from laoshifu.answer.tables import CAPTION
from laoshifu.answer.value_check import asked_quantity, states_value

# A numbered step: "1. Copy", "2) Power", "3、插入", "4，使用" (a full-width comma before words),
# "Step 4", "第5步", "①".
_STEP = re.compile(r"^\s*(?:step\s*(\d{1,2})\b|第\s*(\d{1,2}|[一二三四五六七八九十]+)\s*步|"
                   r"(\d{1,2})\s*(?:[.)、:：](?![\d.])|，(?=\s*[\u4e00-\u9fffA-Za-z]))|"
                   r"\((\d{1,2})\)|([①-⑳]))", re.IGNORECASE)
_CHINESE_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
# The question asks how to do something (not "how much", "how long": those ask for a value), or
# what to do: "where do i get it and what do i click through in the installer?".
_ASKS_HOW = re.compile(r"\bhow (?:do|to|can|should|would|does)\b|\bhow\b(?! (?:much|many|long|"
                       r"often|high|low|hot|big|far|tight))|\bsteps?\b|\bprocedure\b|"
                       r"\bprocess\b|\bwhat (?:do|should|must) (?:i|we|you) (?:do|click|press|"
                       r"type|select|choose|enter|run)\b|怎么|怎样|如何|步骤|流程|方法",
                       re.IGNORECASE)
# A second question inside the question: ", when does ...", "and which ...", "？...多少".
_ASKS_MORE = re.compile(r"(?:,|;|\band)\s+(?:and\s+)?(?:what|which|when|where|why|how|who|is|are|"
                        r"does|do|can)\b|[？?；;，,][^？?]*(?:什么|哪|多少|怎么|如何|是否|吗)",
                        re.IGNORECASE)
# The end of a document's title on its cover: what kind of document it is.
_DOCUMENT_TITLE = re.compile(r"(?:\b(?:user|owner'?s|operating|installation|service|reference|"
                             r"quick start)?\s*(?:manual|guide|handbook|datasheet)|"
                             r"使用手册|用户手册|说明书|使用说明|操作手册|用户指南)\s*$",
                             re.IGNORECASE)
# A line sending the reader to a document ("See the PINS.pdf guide"), not its title ("check"
# opens an instruction, which `opens_with_verb` reads).
_POINTS_TO = re.compile(r"^(?:see|refer|consult|read)\b", re.IGNORECASE)
# A numbered item that states what a product has rather than what to do: "17.Supports firmware
# update via DFU mode", "12.Includes a bootloader", "3. 支持 CAN 通讯". A feature list shares a
# "how" question's words (DFU, bootloader) and is numbered like a procedure, but it is none.
_FEATURE = re.compile(r"^(?:(?:supports|includes|provides|uses|offers|features|has|comes|allows|"
                      r"enables|integrates|adopts|up to|compatible)\b|"
                      r"(?:支持|采用|板载|集成|兼容|具有|提供|自带))", re.IGNORECASE)
# A lettered or roman step ("c. Click Next.", "ii. Back in Cura, click ..."): a letter or roman
# numeral in lower case, a full stop or bracket, and a capital (or Chinese) opening what to do.
# "i", "v" and "x" are read as roman numerals: a lettered list seldom runs to its ninth item.
_SUB_STEP = re.compile(rf"^\s*({LETTER_OR_ROMAN})[.)]\s+(?=[A-Z\u4e00-\u9fff])")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
# One of several ways to do a thing, each with its steps under it: "Way 2: Use WCH-LinkUtility
# tool to switch Link mode.", "Method 1:", "方法二：".
_WAY = re.compile(r"^\s*(?:way|method|option|方法|方式)\s*(\d{1,2}|[一二三四五六七八九十])"
                  r"\s*[:：.]", re.IGNORECASE)
LETTERED = 100
ROMAN = 2 * LETTERED
WAY = 3 * LETTERED
# A run of steps longer than this is a whole chapter: it is cut, the rest is on the page.
MAX_STEPS = 12
# Pages a run goes on over after the one it is continued on (`_run_pages_on`), when at most
# `AFTER_LAST_STEP` lines follow its last step there ("Then insert the T nuts according to the
# diagram below:" and the figure's label "⇪TOP") and the next page opens with the next step.
RUN_PAGES = 3
AFTER_LAST_STEP = 2
# Lines between two steps that belong to the first (the commands it gives, the options it
# lists: SB2209's menuconfig has six between steps 1 and 2).
SUB_LINES = 8
# The most lines under a step that ends introducing them ("在命令行输入：", then the EBB36
# manual's command and thirteen lines of menuconfig options before step 2).
LISTED_LINES = 16
# Candidates embedded per question, best by words and what is asked first (`LEXICAL`): the
# embedder's cost (what `SentenceVectors` has neither prepared nor kept from earlier
# questions: a manual dropped in the last half minute) must keep the composed answer under
# half a second. Session 48, on a prepared library: 80 and 160 gave tuning +2, test -1. With
# the fitted `WEIGHTS`, every fact on dev2_tune + dev3_tune (246 questions,
# bench/span_tune.py, cross-validated): 16 -> 163, 24 -> 164,
# 32 -> 163, 40 -> 167, 48 -> 168, 64 -> 168, all -> 168; composed answer p50
# (bench/answers.py --composed, load 4-5 on two shared cores) on dev2_tune: 16 0.25 s,
# 32 0.32 s, 48 0.47 s; on dev3_tune 16 0.30 s, 48 0.56 s. Session 29, `Library.ask` on the
# five tuning halves and dev7_tune (429 answerable): every fact 313 + 38 at both 40 and 48;
# composed p50 on 60 dev4_tune questions in one process 0.40-0.41 s at 40, 0.42-0.43 s at 48.
EMBEDDED = 40
# Candidates whose run of steps is considered for a "how": the best few only, so a run of
# numbered notes further down does not displace the note that answers ("enter BOOT mode ...").
# Tuning half, every fact: 8 seeds 54 of 90, 5 seeds 55 (the WCH-LinkE IAP question in Chinese
# gets its step), 1 seed 56 but the SB2209 menuconfig procedure lost.
RUN_SEEDS = 5
# A run of steps answers a "how" only when it holds the best sentence or its own best lines
# match nearly as well (this share of the best sentence's own score): the EBB36's canbus_uuid
# steps are no answer to how the CANH and CANL wires are run, which a FAQ's sentence says.
# Its lines are steps, each saying one thing; the best sentence may be a table's cell that
# names the question's words ("ARM-SWD mode-WINUSB device") and says how to do nothing.
# Tuning halves and dev7_tune + dev8_tune (471 answerable, composed), from 0.85: 0.75 and 0.7
# gain the WCH-Link's three ways of switching its mode for "how to flip it to arm/swd" and
# change no other count; 0.65 gains one more of its paraphrases and loses one gold quote.
# Session 44, all tuning halves (842 answerable, bench/span_tune.py's cache): 0.6 700, 0.7 704,
# 0.8 705, 0.9 704, 1.0 705; at 0.8 the test halves (900) went 620 -> 623 every fact, none
# lost: a how-to the manual answers in a sentence ("Tick Auto download ...") is less often
# shown another page's numbered steps.
RUN_BESIDE = 0.8
# A step chosen for a question that does not ask how is shown with its whole procedure when
# that has this many steps or fewer (within `MAX_LINES`): "which command" of "3. Use the dd
# command" needs step 2's dmesg to find the device. A longer run stays a step and its block (a
# list of seven notes numbered as steps pushed out the second span that answered).
SHORT_RUN = 5
# Lines between the best span and a run of steps under it that the run is still its procedure
# (`_run_below`): the rest of its paragraph and a sub-heading.
BELOW = 2
SUB_HEADING_WORDS = 12
# Another span joins the answer when it scores this close to the best one: a question often
# asks two things ("which offset and which clock"), or the value sits in the next sentence.
# At most MAX_SPANS spans of at most MAX_LINES lines in all (a procedure is one span of its
# own, up to MAX_STEPS steps), so the answer stays readable at the machine. Tuning half, with
# blocks, tables and section titles: two spans at 0.7 held every fact for 38 of 90 (answer
# p50 436 characters, p90 713); three at 0.7 for 42 (p50 533, p90 931), at 0.8 for 40; three
# within 10 lines for 42 (p50 506), within 8 lines for 41 (p50 477). Session 25, on the four
# tuning halves (348 answerable, `Library.ask`): every fact within 10 lines 280, 12 lines 287,
# 14 lines 292, 17 lines 293, 20 lines 294, none lost at any; answer p50 629 / 682 / 714 / 720
# characters, p90 1220 / 1400 / 1529 / 1690. A block cut to the lines left lost its middle: a
# troubleshooting list skipped the item asked about. SECOND_SPAN 0.6 and 0.8 and a fourth span
# gained nothing. Session 46, all tuning halves (881 answerable, `Library.ask`): 14 lines 733,
# 20 lines 741, 26 lines 745, 34 lines 746, none lost at any; answer lines p50 11 at each, p90
# 14 / 23 / 23 (a long procedure goes on to the sub-steps that size the machine in Cura, a
# checklist keeps its last items); composed p50 unchanged. Test halves at 26: 641 -> 658 of 933.
# Session 50, all tuning halves (881 answerable, `Library.ask`): 0.7 770, 0.6 771, 0.5 775, 0.4
# and 0.3 777 (the same-section bar then says nothing); answer lines p50 13 -> 16 at 0.5, 17 at
# 0.4. The best span holds every fact for about six in ten questions never tuned on; the next
# best section is often the one that does (the ownership step a symptom's lines refer to).
# Test halves 683 -> 694 of 933 at 0.5 alone (14 gained, 3 lost), 692 with the sibling and
# beside-steps bars below kept at 0.7; near misses and false refusals unchanged on both sides.
SECOND_SPAN = 0.5
# A span in the best span's section of its page joins at this share of the best score: the
# facts a question asks for are often 5-25 lines apart there (the material, then the infill;
# the permissions, then the mode). Tuning half with `W_SPECIFIC` and spans merged: 0.7 (no
# preference) 54 of 90, 0.5 54, 0.4 55 on the best span's page; 57 in its section only (the
# page's other sections answer other questions: the USB-CAN adapter's beside the CAN HAT's).
SAME_SECTION_SPAN = 0.4
# A span in a sibling section of the best span's (numbered under the same parent: "3.1.6" beside
# "3.1.5") joins at this share: it is about a sibling of what is asked (the next cable's pinout
# under the asked cable's, the USB-CAN adapter's beside the CAN HAT's), not another place the
# manual takes the need up.
SIBLING_SECTION_SPAN = 0.7
# The best sentence outside a how-question's steps is shown beside them when it scores this
# share of the best (`_beside_run`): it shared `SECOND_SPAN`'s 0.7 and stays there now that
# that is 0.5 (at 0.5 the steps' next section, a note, followed the last step).
BESIDE_STEPS = 0.7
# Session 46, at 26 lines, all tuning halves (881 answerable): 3 spans 745, 4 spans 756 (none
# lost), 5 spans 763 (one lost, answer p50 14 lines); test halves 658 -> 665 of 933 at 4. Five
# shows a fifth page's lines for a few more facts: past what a technician reads at the machine.
MAX_SPANS = 4
# Lines of the next page shown for a best span whose last line introduces them at its page's
# foot, before the other spans take theirs, when they are no listing (a listing is shown
# whole): the command or value introduced is the first one or two. Tuning halves: the whole
# head of the next page (up to `MAX_LINES`) held every fact for one more question and pushed
# out the span that answered another ("chmod 0770").
INTRODUCED = 2
MAX_LINES = 26
# A procedure written without numbers (`_section_steps`) holds at least this many instructions
# in the best span's section, and is shown in at most `SECTION_LINES` lines.
SECTION_INSTRUCTIONS = 3
SECTION_LINES = 12
# A candidate's words are also counted on its block and its section's title (`_context`),
# weighed by this: tuning half, every fact 31 of 90 without, 34 at 0.6 and 0.9, 32 at 0.7, 0.8
# and 1.0; without the title 32 at 0.6.
W_CONTEXT = 0.9
# A candidate's block states values, pins, codes or file names the question does not name
# (`specifics`, `SpanWeights.stated`), counted up to this many: the facts a technician asks for
# are such words. Tuning half: counting up to 2, 3, 4 or 5 of them held every fact for 54 of 90
# each.
SPECIFICS = 3
# A span that says in the other language what a shown span of another document says (the same
# manual in Chinese and English) is not shown again: the search model's cosine of the two is at
# least this, and they state the same numbers, values and codes. Calibrated in
# docs/benchmarks.md on the tuning half's cross-language pairs of candidate and shown line.
TWIN = 0.88
# A word that states something specific holds a digit: a value ("0770", "40", "0.6mm"), a pin
# ("PA15"), a code or address ("E-047", "0xE339E339"), a file or option ("klipper.uf2",
# "GENERIC_03H"), as keyword search reads words.
_SPECIFIC = re.compile(r"\d")

# A spreadsheet row as ingest writes it: "Name: value; Name: value".
_ROW = re.compile(r"^[^\n;:]{1,60}: [^\n]*; [^\n;:]{1,60}: ")

EmbedTexts = Callable[[Sequence[str]], list[list[float]]]
EmbedQuery = Callable[[str], Sequence[float]]


@dataclass(frozen=True)
class Candidate:
    """A span of one retrieved page that may answer; `steps` holds the lines it is shown as,
    one a line and each cited: a run's steps in order, or a sentence with its context."""

    item: Evidence
    span: Span
    score: float = 0.0
    fits: bool = False  # holds the value, code or row the question asks for
    steps: tuple[Span, ...] = ()
    # The score on the span's own words, without its block's or section title's: what a step
    # says itself, so a list whose title matches the question does not lift every item.
    own: float = 0.0
    # The part of the score for holding the asked value or stating values (`SpanWeights.kind`
    # and `.stated`): in a question asking several things, it answers one part only.
    asked: float = 0.0
    continued: Evidence | None = None  # the next page, when the steps go on there
    continued_steps: tuple[Span, ...] = ()


def step_number(text: str) -> int | None:
    """The number of a numbered step, or None for a sentence that is not one. A lettered step
    ("c. On the Select your machine screen, select Other") counts from `LETTERED` + 1, a roman
    one ("ii. Back in Cura, click File > Open Profile...") from `ROMAN` + 1, a way of doing it
    ("Way 2: Use WCH-LinkUtility tool") from `WAY` + 1: each numbering is a procedure of its own
    (`numbering`), and a step of another numbering inside a run is one of its lines."""
    way = _WAY.match(text)
    if way is not None:
        number = way.group(1)
        return WAY + (int(number) if number.isdigit() else _CHINESE_DIGITS[number])
    match = _STEP.match(text)
    if match is None:
        sub = _SUB_STEP.match(text)
        if sub is None:
            return None
        label = sub.group(1)
        if label in _ROMAN:
            return ROMAN + _ROMAN.index(label) + 1
        return LETTERED + ord(label) - ord("a") + 1 if len(label) == 1 else None
    word, chinese, plain, bracketed, circled = match.groups()
    if circled:
        return ord(circled) - ord("①") + 1
    if chinese and not chinese.isdigit():
        return _CHINESE_DIGITS.get(chinese[-1], 0) + (10 if len(chinese) > 1 else 0)
    return int(word or chinese or plain or bracketed)


def numbering(number: int) -> int:
    """Which numbering a step's number is of: digits, letters, roman numerals or ways."""
    return number // LETTERED


_STOP = ".!?。！？"
# "5.2.10 BOOT Download", "九、主板固件说明", "第三章 接线", "Chapter 4": a section title.
_NUMBERED_TITLE = re.compile(rf"^\s*(?:\d+(?:\.\d+)*\.?\s|{SECTION_NUMBER}\.?\s|chapter\s+\d)|"
                             rf"{CHINESE_TITLE.pattern}", re.IGNORECASE)
# "3.3 V 1 A", "24 V, 5 A max": a line that starts with a value and its unit states it; it is not
# a section numbered "3.3" (a title's number is followed by a word).
_LEADING_VALUE = re.compile(r"^\s*\d+(?:\.\d+)?\s?(?:v|vdc|vac|a|ma|w|kw|nm|mm|mhz|hz|khz|rpm|"
                            r"bar|psi|°c|ohm|mb|gb|kb|kib|ms|s)\b", re.IGNORECASE)
# "46 I replaced the battery ...": the number of an FAQ's question.
_FAQ_NUMBER = re.compile(r"^\s*\d{1,3}\s+[A-Z\u4e00-\u9fff]")
# A running line: "V1.1 1" (a version and the page number), "版本：V1.1", "Rev. 2.3"; or a
# title that ends with the maker's web address. A version alone ("V1.0", the line under a
# manual's title) names the revision, and says nothing.
_VERSION_LINE = re.compile(r"^(?:v\d+(?:\.\d+)+(?:\s+\d{1,3})?|"
                           r"(?:版本|version|ver\.|rev\.)\s*[:：]\s*v?[\d.]+(?:\s+https?://\S+)?)$",
                           re.IGNORECASE)
# A web address ends where its ASCII ends: a Markdown link in a Chinese sentence goes on
# after it with no space ("Linux[can-utils](https://github.com/linux-can/can-utils)工具提供了
# 捕获软件。"): that line says something, it is no running title.
_URL_AT_END = re.compile(r"https?://[!-~]+$")
# A running header or footer ends with the page counter: "Network UPS Tools User Manual 76 / 123",
# a word apart and spaced. Unspaced, the numbers are a value: a microstep setting ("L H H 1/8"),
# a chip's variants ("CH32V002/4/5/6/7"), a date ("14/05/21"), a netmask ("127.0.0.1/32").
_PAGE_COUNTER = re.compile(r"(?:^|\s)\d{1,4} / \d{1,4}$")
# A revision history's row opens with its version: "v1.03 2025/05/07 menuconfig ...".
_VERSION_ROW = re.compile(r"^v\d+(?:\.\d+)+\s+\S")
# A date as revision histories print it: "2022/05/25", "2025-05-07", "2022年5月". A history's
# row numbered like a section ("01.02 增加 DFU 更新固件时，加热棒注意事项 2022/05/25") holds one; a
# title does not. Such a row answers a question asking which revision or when
# (`_candidates`), and nothing else: beside "why does the heater warm up in DFU mode" it only
# says when the caution was written.
_DATE = re.compile(r"\b(?:19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}\b|(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月")
# A word and a count on a line of their own ("Answer 2", "Example 1"): the label of what
# follows, no row with a value.
_COUNTED_LABEL = re.compile(r"^[A-Z][a-z]+ \d{1,2}$")
# An item of a lettered list: "c. On the Select your machine screen, ...", "b) 选择串口".
_LETTERED_ITEM = re.compile(r"^[a-z][.)]\s+[A-Z\u4e00-\u9fff]")
# A heading or title holds fewer content words than this; a table row holds a value instead.
_TITLE_WORDS = 8
# A wrapped table row (`_wrapped_row`): its first cell's most words, and the most lines of a
# word or two its next cells wrap to before the line of values.
_ROW_LABEL_WORDS = 5
_WRAPPED_CELLS = 6
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
# The most words of a line that titles a section without a number (`_opens_section`).
_OPENING_WORDS = 6
_LABEL_WORDS = 3


def _running_line(flat: str) -> bool:
    """A page's running header or footer: a document title and the maker's web address
    ("CH32V003_IAP 使用说明 https://wch.cn"), or a version and a page number ("V1.1 1",
    "版本：V1.1 https://wch.cn")."""
    if _VERSION_LINE.match(flat):
        return True
    url = _URL_AT_END.search(flat)
    return url is not None and ":" not in flat[:url.start()] and \
        len(flat[:url.start()].split()) <= _LABEL_WORDS


# A Markdown image ("![pulseview-canbus](img/pulseview-canbus.png)"): a figure, never an answer,
# and not shown (`compose`). A link's target holds no space (CommonMark).
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*\)")


def _without_broken_address(page: str, line: Span) -> Span:
    """The line without the web address a narrow cell broke at its end ("Gecko 201x 500 3000
    20000 1000 Falling Edge http://www.geckodrive.com support/- motor-control-manuals/-"): the
    address is no use broken, and the row's values are what was asked. A whole address ("到
    GitHub 下载 https://github.com/bigtreetech/EBB") says where to look, and stays."""
    printed = page[line.start:line.end]
    at = printed.find("http")
    address = printed[at:].split() if at > 0 else []
    if not address or not address_pieces(" ".join(address[1:])) or \
            not any(token.endswith("/-") for token in address):
        return line
    end = line.start + len(printed[:at].rstrip())
    return Span(line.start, end, page[line.start:end])


def can_lead(text: str) -> bool:
    """Whether a sentence can stand in an answer. Headings, contents lines, captions and lines
    cut mid-phrase share the question's words (that is why they rank high) without saying
    anything: the sentence that answers is nearby on the same page."""
    flat = " ".join(text.split())
    if not flat or is_contents(flat) or flat.startswith("#") or flat[-1] in "?？":
        return False  # a Markdown heading, or a question (an FAQ's, not its answer)
    if _PAGE_COUNTER.search(flat) or not any(ch.isalpha() for ch in flat):
        return False  # a running header, or a bare footnote mark or number ("[1].", "14")
    if CAPTION.match(flat) and flat[-1] not in _STOP:
        return False  # "Figure 3 WCH-LinkE high-speed JTAG mode": names what it shows
    if MARKDOWN_IMAGE.fullmatch(flat):
        return False  # "![pulseview-canbus](img/pulseview-canbus.png)": a figure, in Markdown
    if _running_line(flat):
        return False
    if address_pieces(flat):
        return False  # a web address a table's cell wrapped: "stepper-drives/- g202-"
    words = content_words(flat)
    ended = flat[-1] in _STOP
    if not ended and SECTION_TITLE.match(flat):
        return False
    # A title; a numbered step of a few words still says what to do, and a numbered line
    # closed by a semicolon is a list's item.
    if not ended and flat[-1] not in ";；" and _NUMBERED_TITLE.match(flat) and \
            not _LEADING_VALUE.match(flat) and len(words) < _TITLE_WORDS and (
            step_number(flat) is None or len(words) < _LABEL_WORDS):
        return False
    if not ended and len(words) < _LABEL_WORDS and not any(ch.isdigit() for ch in flat):
        return False  # a caption or a label; a short row with a value ("PA2 HE0") may answer
    if _COUNTED_LABEL.match(flat) and step_number(flat) is None:
        return False  # the NUT FAQ's "Answer 2": it names the paragraph under it
    if not ended and len(words) < _TITLE_WORDS and _DOCUMENT_TITLE.search(flat) and \
            not opens_with_verb(flat) and not _POINTS_TO.match(flat):
        return False  # "ZL-200 user manual", "EBB36 CAN V1.1 使用说明书": the cover's title
    # The tail of a cut sentence starts in lower case; a lettered list item ("c. On the Select
    # your machine screen, select Other") does too, and says what to do, and so does a
    # revision history's row ("v1.03 2025/05/07 menuconfig changed to ...").
    return not (flat[0].isascii() and flat[0].islower()) or bool(_LETTERED_ITEM.match(flat)) \
        or bool(_VERSION_ROW.match(flat))


def asks_several(question: str) -> bool:
    """The question asks more than one thing ("what is the address, when does the light come
    on, and which version ..."): a span that states one asked value does not answer it all."""
    return bool(_ASKS_MORE.search(question))


def asks_how(question: str) -> bool:
    return bool(_ASKS_HOW.search(question)) and asked_quantity(question) is None


def _ends_run(text: str) -> bool:
    """A heading between steps ends the procedure: the next section starts."""
    flat = " ".join(text.split())
    return flat.startswith("#") or bool(SECTION_TITLE.match(flat)) or (
        bool(_NUMBERED_TITLE.match(flat)) and not can_lead(flat))


def step_run(page: str, spans: Sequence[Span], at: int) -> list[Span]:
    """The numbered steps around `spans[at]` of `page`, in order: back to the step its
    numbering starts from, on while each next step follows its predecessor. The lines between
    two steps (the rest of a step, or what it lists: the commands to type, the menu options to
    choose; at most `SUB_LINES`) stay; a heading, or a step number out of order, ends the run.
    The last step keeps the sentences that go on in its paragraph's flow ("② Here the FPGA is
    Xilinx xc7a35t. Write the CFG file ... Name the CFG file as usb20jtag.cfg"): a sentence
    starting on a line of its own after it, or a title, may begin what follows the steps, and
    is left, unless the last step brings it in ("(2) Build the tool again:" and the commands
    under it, `_LISTED`, at most `blocks.FOLLOW` lines more)."""
    anchor = step_number(spans[at].text)
    if anchor is None:
        return []

    def ours(text: str) -> int | None:
        """The line's number in the anchor's numbering; a step of another is a line of it."""
        number = step_number(text)
        return number if number is not None and numbering(number) == numbering(anchor) \
            else None

    def before(i: int) -> int | None:
        j = next((j for j in range(i - 1, max(-1, i - LISTED_LINES - 2), -1)
                  if ours(spans[j].text) is not None), None)
        return j if j is not None and (i - j <= SUB_LINES + 1 or _ends_introducing(spans[j].text)) \
            else None

    first = at
    while (back := before(first)) is not None and \
            ours(spans[back].text) == (ours(spans[first].text) or 0) - 1 and \
            not any(_ends_run(s.text) for s in spans[back + 1:first]):
        first = back  # the step before, and the lines between the two
    way = next(((i, number) for i in range(first - 1, max(-1, first - BELOW - 2), -1)
                if (number := step_number(spans[i].text)) is not None), None)
    if way is not None and numbering(anchor) != numbering(WAY) == numbering(way[1]):
        return step_run(page, spans, way[0])  # the steps of one way among several: every way
    run, last_number, plain = [spans[first]], ours(spans[first].text), 0
    for span in spans[first + 1:]:
        number = ours(span.text)
        if number is not None and last_number is not None and number == last_number + 1:
            run.append(span)
            last_number, plain = number, 0
        elif number is None and plain < (LISTED_LINES if _ends_introducing(_last_step(run))
                                         else SUB_LINES) and (
                not _ends_run(span.text) or _comment(page, run[-1], span)):
            run.append(span)
            plain += 1
        else:
            break
        if sum(ours(s.text) is not None for s in run) >= MAX_STEPS:
            break
    last = max(i for i, span in enumerate(run) if ours(span.text) is not None)
    # The last step's own steps, under it or under one remark ("Way 3: Use ModeS key" / "(This
    # method is applicable to ...)" / "① Press and hold the ModeS key"), counted from 1.
    below, expected = last + 1, 1
    if below < len(run) and step_number(run[below].text) is None:
        below += 1
    while below < len(run) and (sub := step_number(run[below].text)) is not None and \
            numbering(sub) != numbering(WAY) and sub % LETTERED == expected:
        last, below, expected = below, below + 1, expected + 1
    flowing = last
    while flowing + 1 < len(run) and "\n" not in page[run[flowing].end:run[flowing + 1].start] \
            and not _NUMBERED_TITLE.match(run[flowing + 1].text):
        flowing += 1  # a title ("Chapter 6 Wiring.") on the same line starts what follows
    listed = flowing
    # A step that ends introducing ("2. ... edit to change:") lists what follows it, however
    # long: the settings to type are what the step says.
    follow = SUB_LINES if _ends_introducing(run[flowing].text) else FOLLOW
    while listed + 1 < len(run) and listed - flowing < follow and \
            _LISTED.match(run[listed + 1].text):
        listed += 1  # "(2) Build the tool again:" and the commands under it
    run = run[:listed + 1]  # other lines after the last step belong to what follows
    return run if len(run) > 1 else []


def _ends_introducing(text: str) -> bool:
    """The line ends introducing what follows it ("1. ssh 连接到树莓派后，在命令行输入：",
    "From Usenet post:"): the commands, options or listing under it are its own."""
    return text.rstrip().endswith((":", "："))


def _last_step(run: Sequence[Span]) -> str:
    return next((span.text for span in reversed(run) if step_number(span.text) is not None), "")


# A line of a listing a step brings in: a command or setting as it is typed ("cd ~/tools/",
# "make flash", "dtparam=spi=on", an INI file's "[HAL]" and "HALFILE = ./example_cmds.hal"),
# or a comment or prompt. Another capitalised line is the next section's title or a table
# ("Writing the image to a USB storage device in Mac OSX").
_LISTED = re.compile(r"^\s*(?:[a-z~./]|[#$>]\s|\[[\w.-]+\]\s*$|[A-Z][A-Z0-9_]*\s*=)")


def _comment(page: str, before: Span, line: Span) -> bool:
    """A "#" line right under the line before it, with no blank line between: a comment of a
    listing printed in a PDF ("# Specify WCH-LinkE high-speed JTAG debugger"), not a Markdown
    heading, which a blank line sets apart."""
    return line.text.lstrip().startswith("# ") and "\n\n" not in \
        page[before.end:line.start].replace(" ", "")


def _feature_list(steps: Sequence[Span]) -> bool:
    """Whether a run of numbered items is a product's feature list, not a procedure: most of
    its items start by stating what the product has ("Supports", "Includes", "支持")."""
    numbered = [s.text for s in steps if step_number(s.text) is not None]
    return 2 * sum(map(_states_feature, numbered)) > len(numbered)


# The most words of a numbered item that names a thing rather than saying what to do.
_NAME_WORDS = 8
_CLAUSE_MARK = re.compile(r"[:：,，;；]")


def _names_list(steps: Sequence[Span]) -> bool:
    """Whether a run of numbered items is a list of names, not a procedure: every item is a
    short label, with no verb to open it, no clause and no full stop, and all of them share a
    word. The WCH-Link manual numbers the firmware files a tool holds ("① WCH-DAPLink upgrade
    firmware", "② WCH-LinkW upgrade firmware"); shown as the steps for switching the Link's
    mode, they say nothing. Short steps ("1) Power off the board", "2) Fit the jumper") share
    no word across all of them, whatever verb opens them."""
    numbered = [" ".join(_STEP.sub("", s.text, count=1).split()) for s in steps
                if step_number(s.text) is not None]
    if len(numbered) < 2 or not all(
            item and item[-1] not in _STOP and not _CLAUSE_MARK.search(item) and
            len(item.split()) <= _NAME_WORDS and not opens_with_verb(item) for item in numbered):
        return False
    shared = set.intersection(*(set(tokens(normalise(item))) for item in numbered))
    return bool(shared - STOPWORDS)


def _named_item(candidate: Candidate, page_text: PageText) -> bool:
    """Whether the candidate is an item of a list of names (`_names_list`): no answer to a
    "how", and its block would show the whole list."""
    if step_number(candidate.span.text) is None:
        return False
    run = with_steps(candidate, page_text)
    return bool(run.steps) and _names_list(run.steps)


def _not_a_procedure(steps: Sequence[Span]) -> bool:
    """Whether numbered items are no steps to show as a procedure: a feature list or a list
    of names."""
    return _feature_list(steps) or _names_list(steps)


# The label a list of notes starts under ("Notes:", "注意事项：", "Precautions"): its numbered
# items qualify the procedure above them ("(1) USB offline update is only supported by
# WCH-Link ..."); they are not its steps.
_NOTES_LABEL = re.compile(r"^(?:notes?|remarks?|precautions?|cautions?|warnings?|tips?|"
                          r"注意(?:事项)?|说明|备注|提示|警告)\s*[:：.]?$", re.IGNORECASE)


def _notes_list(page: str, steps: Sequence[Span]) -> bool:
    """Whether a run of numbered items is a list of notes: the printed line right above its
    first item is a notes label (`_NOTES_LABEL`)."""
    above = page[:page.rfind("\n", 0, steps[0].start) + 1].rstrip().rpartition("\n")[2]
    return bool(_NOTES_LABEL.match(" ".join(above.split()).lstrip("#* ")))


def _procedure_above(notes: Candidate, page_text: PageText) -> Candidate:
    """The steps a list of notes qualifies, when they end right above its label (the WCH-Link
    manual's "⑤ Click the download button" / "Notes:" / "(1) USB offline update is only
    supported by ..."), shown with the notes within `MAX_LINES`: the notes belong to the
    procedure, and what the question shares with them is what it asks the procedure for. Else
    the notes as they are: with no steps above them a note may hold steps of its own ("(1)
    WCH-LinkE supports manual online update, the steps are as follows."), and steps that start
    past 1 began on the page before ("⑤ Click icon ..."): shown alone they are half a
    procedure."""
    lines = _step_lines(notes.item.page)
    at = next((i for i, line in enumerate(lines) if line.start >= notes.steps[0].start), 0)
    if at < 2 or step_number(lines[at - 2].text) is None:
        return notes
    procedure = with_steps(replace(notes, span=lines[at - 2], steps=()), page_text)
    if not procedure.steps or procedure.span.end > lines[at - 1].start or \
            step_number(procedure.steps[0].text) != 1:
        return notes
    shown = (*procedure.steps, lines[at - 1], *notes.steps)
    if len(procedure.steps) + 2 > MAX_LINES:
        return procedure
    return _spanning(procedure, shown[:MAX_LINES])


def _states_feature(text: str) -> bool:
    """Whether a numbered item states a feature ("17.Supports firmware update via DFU mode"):
    it says the product can do it, not how to."""
    return step_number(text) is not None and \
        bool(_FEATURE.match(_STEP.sub("", text, count=1).lstrip()))


def _row_holds(row: str, kind: str, number: str) -> bool:
    """Whether a table row is that code's row: a cell whose header names the code's kind (or
    "code") holds exactly that number, and the header names the kind somewhere."""
    cells = [cell.partition(": ") for cell in normalise(row).split("; ")]
    names_kind = any(kind in name or any(w in name for w, k in CODE_KINDS.items() if k == kind)
                     for name, _, _ in cells)
    return names_kind and any(value.strip(" .") == number and ("code" in name or kind in name)
                              for name, _, value in cells)


# "Which revision of the manual changed the menuconfig setting, and on what date?": the row
# of a revision history that gives a version or a date answers, not the menuconfig page whose
# words the question quotes.
_ASKS_VERSION_OR_DATE = re.compile(
    r"\b(?:which|what) (?:revision|version|release)s?\b|\b(?:on )?what date\b|"
    r"(?:哪个|哪一|什么)(?:版本|版)|哪一?天|什么日期|哪年")
_VERSION_OR_DATE = re.compile(
    rf"(?<![\w.])(?:v|ver\.?\s?|version\s)\d+(?:\.\d+)+\b|{_DATE.pattern}", re.IGNORECASE)


def _asked_kind(question: str, text: str) -> float:
    """1 when the span holds what the question asks for: a value of the asked quantity, a
    version or a date for a question asking which revision or on what date, a path for a
    question asking where a file is (`paths`), the row of the numbered code asked about, every
    code the question names, or else the row of the models it names (`_models_row`); 0
    otherwise."""
    quantity = asked_quantity(question)
    if quantity is not None:
        return 1.0 if states_value(quantity, text) or _models_row(model_codes(question), text) \
            else 0.0
    if _ASKS_VERSION_OR_DATE.search(normalise(question)):
        return 1.0 if _VERSION_OR_DATE.search(text) else 0.0
    if asks_location(question):
        return 1.0 if holds_path(text) else 0.0
    numbered = numbered_codes(question)
    if numbered and _ROW.match(text):
        return 1.0 if all(_row_holds(text, kind, n) for kind, n in numbered) else 0.0
    wanted = codes(question) - set_aside(question)
    if wanted:
        found = normalise(text)
        return 1.0 if all(code in found for code in wanted) else 0.0
    return 1.0 if _models_row(model_codes(question), text) else 0.0


# A row's values: plain numbers ("5050", "2.5"), not parts of names or addresses.
_ROW_VALUE = re.compile(r"\d+(?:\.\d+)?")


def _models_row(models: Sequence[str], text: str) -> bool:
    """The span is the table row of the models the question names: it opens with them and
    states values ("DQ542MA 5050 5050 500 500 ?" for "... list for the Wantai DQ542MA?"). A
    line that merely names the model ("2. 适用芯片：CH32V003、CH641") or an address holding it
    ("g320x-rev-10.html ...") is no row of it."""
    words = normalise(text).lower().split()
    values = [word for word in words[1:] if _ROW_VALUE.fullmatch(word)]
    return bool(models) and all(model in words[:2] for model in models) and len(values) >= 2


def _normalised(values: np.ndarray) -> np.ndarray:
    """E5's similarities are compressed (0.78-0.95 for everything): spread them over 0..1 among
    this question's candidates, so meaning weighs as much as words."""
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


def _row_of(page: str, span: Span) -> Span | None:
    """The whole table row `span` is a cell of ("Code: 3; Message: Soft limit; ..."): a row
    answers with its header names, so it is never cut into its cells."""
    start = page.rfind("\n", 0, span.start) + 1
    end = page.find("\n", span.end)
    end = len(page) if end < 0 else end
    line = page[start:end]
    return Span(start, end, line) if _ROW.match(line) else None


# A parts list's header ends with the count of each part; each of its rows ends with that
# count, however its description and part number cells wrap ("Bed Thermistor – M3 Hex" /
# "Stud – EPOCS VB-EL-01-TB1 eBay Link 1").
_COUNTED_HEADER = re.compile(r"(?:\bqty|\bquantity|数量|用量)\s*$", re.IGNORECASE)
_ENDS_COUNTED = re.compile(r"(?<![\w.-])\d{1,4}\s*$")
# How many units above a row its parts list's header may stand: the VORON guide's electronics
# list holds 19 rows of one to four lines each under its header.
_HEADER_REACH = 40


def _counted_row(units: Sequence[Span], at: int) -> int | None:
    """Where the parts list's row `units[at]` opens ends: the first unit after it ending with
    the count, when a header ending with a count's column is above it and the unit before it
    ends a row (the header, or a count). None for any other unit."""
    if at == 0 or _ENDS_COUNTED.search(units[at].text) or not (
            _ENDS_COUNTED.search(units[at - 1].text) or
            _COUNTED_HEADER.search(units[at - 1].text)):
        return None
    if not any(_COUNTED_HEADER.search(unit.text)
               for unit in units[max(0, at - _HEADER_REACH):at]):
        return None
    return next((i for i in range(at + 1, min(len(units), at + 2 + _WRAPPED_CELLS))
                 if _ENDS_COUNTED.search(units[i].text)), None)


def _wrapped_row(page: str, units: Sequence[Span], at: int) -> Span | None:
    """The table row whose cells a narrow column wrapped one word a line, from its first
    cell: "Pololu DRV8825" / "Stepper" / "Motor" / "Driver" / "Carrier" / "1900 1900 650 650
    Rising" is one row of the LinuxCNC timing table. The first cell is a short label, one or
    more lines of a word or two follow, then the line of values (two numbers or more). A
    parts list's row runs to its count (`_counted_row`). None for any other unit."""
    counted = _counted_row(units, at)
    if counted is not None:
        return Span(units[at].start, units[counted].end, page[units[at].start:units[counted].end])
    label = " ".join(units[at].text.split())
    if not label or label[-1] in _STOP + ":：" or len(label.split()) > _ROW_LABEL_WORDS:
        return None
    for unit in units[at + 1:at + 2 + _WRAPPED_CELLS]:
        flat = " ".join(unit.text.split())
        if len(_NUMBER.findall(flat)) >= 2:
            end = unit.end
            return Span(units[at].start, end, page[units[at].start:end]) \
                if unit is not units[at + 1] else None
        if len(flat.split()) > 2 or _SPECIFIC.search(flat) or flat[-1:] in _STOP + ":：":
            return None
    return None


def _candidates(evidence: list[Evidence], dated: bool = False
                ) -> list[tuple[Evidence, Span]]:
    """The units of the pages that can answer: sentences with their wrapped lines joined
    again, and table rows whole; with `dated` (the question asks which revision or when), a
    row holding a date too, numbered as it may be like a section title."""
    found: dict[tuple[int, int], tuple[Evidence, Span]] = {}
    for item in evidence:
        for span in _answering_units(item.page, item.sentences, dated):
            found.setdefault((item.n, span.start), (item, span))
    return list(found.values())


def _answering_units(page: str, spans: Sequence[Span], dated: bool) -> Iterator[Span]:
    """`_candidates` of one page, from its sentences `spans`."""
    units = _units(page, tuple(spans))
    for at, unit in enumerate(units):
        span = _row_of(page, unit) or _wrapped_row(page, units, at) or unit
        if (leads_after(span.text, units[at - 1].text if at else None, can_lead) or
                (dated and _DATE.search(span.text) is not None)) and \
                not _opens_question(units, at) and not in_title(page, span) and \
                not _continues_command(units, at) and not address_pieces(span.text):
            yield span


def page_reads(page: str) -> list[str]:
    """What the search model may read of a page's candidates for a question (`_read_text`,
    dated or not), for vectors made before the question (laoshifu.sentences_ahead). `page` as
    span choice reads it (furniture blanked). A question's evidence splits the page around
    its hit, which may cut a sentence at the window's edge: that one is embedded then."""
    spans = sentences(page)
    found = dict.fromkeys(_read_text(page, span) for dated in (False, True)
                          for span in _answering_units(page, spans, dated))
    return list(found)


def _continues_command(units: Sequence[Span], at: int) -> bool:
    """Whether the unit goes on with a shell command the line before it left open with a
    backslash ("| while IFS=, read N I ; do \\", "done >> /etc/hosts"; the sentence splitter
    may leave the backslash at the start of the next unit): a piece of a command shares the
    question's words ("#", "hosts") and says nothing alone."""
    return units[at].text.startswith("\\") or (
        at > 0 and units[at - 1].text.rstrip().endswith("\\"))


def _opens_question(units: Sequence[Span], at: int) -> bool:
    """Whether the unit is the first sentence of a numbered FAQ question ("46 I replaced the
    battery and now it thinks the battery is low all the time." / "How do you fix this?"): it
    restates the problem the question asks about; the answer is the paragraph below."""
    return bool(_FAQ_NUMBER.match(units[at].text)) and at + 1 < len(units) and \
        units[at + 1].text.rstrip()[-1:] in "?？"


def title_above(page: str, start: int) -> str:
    """The nearest section title or table caption above `start` on the page ("4.3.2 搭配
    RPI-CAN HAT 模块使用", "## 获取candump日志", "Table 7 STM32F10xxx JTAG interface
    pinout"): what the lines under it are about, though they never repeat it."""
    return entry_above(page, start) or nearest_line_above(page, start, _is_title)


def _is_title(flat: str) -> bool:
    title = bool(_NUMBERED_TITLE.match(flat) or SECTION_TITLE.match(flat))
    return flat.startswith("#") or bool(CAPTION.match(flat)) or (title and not can_lead(flat))


def _context(item: Evidence, span: Span, block: str) -> str:
    """The text a candidate is shown with (its block) and the title of its section: a span
    whose block holds what was asked answers it, though the asked words and the value sit on
    neighbouring lines."""
    return f"{title_above(item.page, span.start)}\n{block}"


def specifics(question: str, text: str) -> float:
    """How much the text states that the question does not name, from 0 to 1: its distinct
    words holding a digit (`_SPECIFIC`), up to `SPECIFICS` of them. "can't bind
    /var/state/ups" restates the problem; "chmod 0770 /var/state/ups" below it is the fix."""
    asked = set(tokens(normalise(question)))
    found = {word for word in tokens(normalise(text))
             if _SPECIFIC.search(word) and word not in asked}
    return min(len(found), SPECIFICS) / SPECIFICS


@lru_cache(maxsize=64)
def _units(page: str, spans: tuple[Span, ...]) -> list[Span]:
    """A page's units (`laoshifu.answer.blocks.joined`), cut where its FAQ entries' titles and
    contents lines start and end (`laoshifu.answer.entries`), read once for all its
    candidates."""
    return split_at_titles(page, joined(page, spans))


@lru_cache(maxsize=64)
def _titled(page: str, spans: tuple[Span, ...]) -> frozenset[str]:
    """The page's units that are an entry's title or a contents line (`in_title`), read once
    for all its candidates rather than once each."""
    return frozenset(unit.text for unit in _units(page, spans) if in_title(page, unit))


def with_block(candidate: Candidate) -> Candidate:
    """The candidate with the lines it needs beside it (`laoshifu.answer.blocks`): what it
    introduces, or the list it is an item of, shown one line each."""
    if candidate.steps or _ROW.match(candidate.span.text):
        return candidate
    units = _units(candidate.item.page, tuple(candidate.item.sentences))
    at = next((i for i, unit in enumerate(units) if unit.start == candidate.span.start), None)
    if at is None or _wrapped_row(candidate.item.page, units, at) is not None:
        return candidate  # no unit of its own, or a table row wrapped over lines: shown whole
    titled = _titled(candidate.item.page, tuple(candidate.item.sentences))
    lines = grown(candidate.item.page, units, at,
                  lambda text: text not in titled and can_lead(text))
    entry = entry_around(candidate.item.page, candidate.span.start)
    if entry is not None:  # a glossary's definition whole, with its term, and nothing else
        lines = [unit for unit in units if entry[0] <= unit.start < entry[1]]
    # The pieces of a web address a narrow table cell wrapped onto lines of their own
    # ("stepper-drives/- g201-", "rev-16.html") say nothing, and took three of a driver
    # table's ten lines: the row asked about was left out.
    page = candidate.item.page
    lines = [_without_broken_address(page, line) for line in lines
             if line is units[at] or not address_pieces(line.text)]
    while len(lines) > 1 and lines[0].start != units[at].start and _lone_word(lines[0].text):
        lines = lines[1:]  # the tail of a cell the row above wrapped ("Link" of "Amazon Link")
    if len(lines) < 2:
        return candidate
    whole = Span(lines[0].start, lines[-1].end, page[lines[0].start:lines[-1].end])
    return replace(candidate, span=whole, steps=tuple(lines))


@dataclass(frozen=True)
class SpanWeights:
    """What each signal counts in a candidate's score: the score is their weighted sum, with
    no constant, so `SECOND_SPAN` and `SAME_SECTION_SPAN` stay shares of the best score. Each
    signal is 0 to 1 (`span_features`)."""

    meaning: float  # the search model's cosine, spread over 0..1 among the embedded (`_normalised`)
    words: float  # the question's words in the span or, weighed `W_CONTEXT`, its block and title
    kind: float  # holds what is asked (`_asked_kind`)
    stated: float  # states values, pins, codes the question does not name (`specifics`)
    # 1 in another manual than the first source's (search's best page), else 0: a penalty,
    # so the spans of one manual keep their scores and shares of the best
    elsewhere: float


# Fitted, not chosen by hand: bench/span_tune.py asks every answerable tuning question once
# (dev2_tune 108, dev3_tune 138), labels each candidate of its source pages good when its
# shown block holds a fact of the gold answer or its gold quote, and fits a logistic regression
# of that label on the four signals (every candidate embedded; each question's good and other
# candidates weigh one each; L2 10 on standardised signals), scaled to sum to 3. Every fact,
# by the real `rank_spans` and `choose`, five-fold cross-validated by paraphrase group, at
# `EMBEDDED` 48: 168 of 246 (dev2 76 of 108, dev3 92 of 138), in sample 169; the hand-set
# weights they replace (0.5, 1.5, 0.5, 0.5, chosen on dev2_tune itself) held 164 at 16 embedded
# (dev2 77, dev3 87) and 156 at 48. Fitted on dev2_tune alone they came out nearly the same
# (0.53, 1.58, 0.69, 0.20), and held 91 of dev3's 138 never fitted on. With more signals (the
# page's retrieval rank, the question's language, numbered step, table row, the span's own
# words, the cosine's rank or its distance to the best) cross-validated every fact on dev2_tune
# fell to 71-76 of 108: more weights than these questions can fit; a listwise fit (softmax over
# a question's candidates) gave 74-77.
#
# `elsewhere` is set, not fitted with the others: a Chinese question's own words matched a
# Chinese feature list in the fourth source's manual ("端子") better than their translations
# matched the first source's English page that answers ("avoid soldering the strands together
# before crimping"). Every fact on the three tuning halves (315 questions, `Library.ask`),
# weight 0 -> -0.08 / -0.15 / -0.25: 248 -> 252 / 252 / 248 (gold quotes shown 234 -> 237 /
# 240 / 238), near misses and false refusals unchanged; fitted with the others
# (bench/span_tune.py) it came out -0.19, cross-validated 249 against 248 without it. A bonus
# for the first source's manual instead of a penalty for the others raised every score of a
# one-manual answer alike, so more of its spans passed `SECOND_SPAN`: a cable's pinout gained
# the next cable's section.
WEIGHTS = SpanWeights(meaning=0.609, words=1.528, kind=0.648, stated=0.215, elsewhere=-0.15)
FEATURES = tuple(f.name for f in fields(SpanWeights))
# The signals that choose the `EMBEDDED` candidates: the question's words and what it asks for,
# known before anything is embedded (a block's stated values are on every row of a table).
LEXICAL = ("words", "kind")


@dataclass(frozen=True)
class SpanFeatures:
    """The candidates of the evidence and each signal of each (`FEATURES`, one array each,
    and `own`: the question's words in the span itself); `embedded` are the indices of the
    candidates the search model read."""

    pool: list[tuple[Evidence, Span]]
    values: dict[str, np.ndarray]
    embedded: np.ndarray

    def scores(self, weights: SpanWeights) -> np.ndarray:
        return sum((getattr(weights, name) * self.values[name] for name in FEATURES),
                   np.zeros(len(self.pool)))


def span_features(question: str, evidence: list[Evidence], embed: EmbedTexts,
                  embed_query: EmbedQuery, ignored: frozenset[str] = frozenset(),
                  weights: SpanWeights | None = None, embedded: int | None = None
                  ) -> SpanFeatures:
    """Every candidate of the evidence with its signals; only the `embedded` best by the
    signals known without the search model (weighed by `weights`) are embedded, the others'
    meaning is 0."""
    weights = weights or WEIGHTS
    pool = _candidates(evidence, bool(_ASKS_VERSION_OR_DATE.search(normalise(question))))
    aside = set_aside(question)
    ignored = ignored | aside
    own = np.array([words_score(question, span.text, ignored) for _, span in pool])
    blocks = [with_block(Candidate(item, span)).span.text for item, span in pool]
    around = np.array([words_score(question, _context(item, span, block), ignored)
                       for (item, span), block in zip(pool, blocks, strict=True)])
    values = {
        "words": np.maximum(own, W_CONTEXT * around) * np.array(
            [ASIDE_WORDS if on_branch_aside(span.text, aside) else 1.0 for _, span in pool]),
        "own": own,
        "kind": np.array([max(_asked_kind(question, span.text), float(sets_aside(span.text, aside)))
                          for _, span in pool]),
        "stated": np.array([specifics(question, block) for block in blocks]),
        "elsewhere": np.array([float(item.hit.doc_id != evidence[0].hit.doc_id)
                               for item, _ in pool]),
    }
    lexical = sum((getattr(weights, name) * values[name] for name in LEXICAL),
                  np.zeros(len(pool)))
    chosen = np.argsort(-lexical, kind="stable")[:EMBEDDED if embedded is None else embedded]
    meaning = np.zeros(len(pool))
    if len(chosen):
        vectors = np.asarray(embed([_read_text(pool[i][0].page, pool[i][1]) for i in chosen]),
                             dtype=np.float32)
        query = np.asarray(embed_query(without_aside(question)), dtype=np.float32)
        meaning[chosen] = _normalised(vectors @ query)
    values["meaning"] = meaning
    return SpanFeatures(pool, values, chosen)


# What the question's words count in a line on the branch the question sets aside ("An NPN
# probe needs a 4.7K pull-up", asked "my probe is PNP, not NPN"): that line shares the named
# code and the rest of the question, the other branch's line only the rest.
ASIDE_WORDS = 0.5


# A Markdown heading with nothing but blank lines between it and the text below.
_HEADING_RIGHT_ABOVE = re.compile(r"(?m)^#+[ \t]*(\S[^\n]*)\n\s*\Z")


def _read_text(page: str, span: Span) -> str:
    """What the search model reads of a candidate: the first sentence under a Markdown heading
    with its heading. An FAQ entry's heading states the problem ("My Raspberry Pi keeps
    rebooting during prints") and its first sentence the cause without repeating it ("This is
    most likely do to voltage fluctuations."): read alone, that sentence meant nothing near the
    question. Only the first: every sentence read with its heading scored alike, and the
    answer led with an entry's opening lines rather than the one that answers. Every fact,
    old tuning halves: 313 of 372 with no heading read, 311 with every sentence under a heading
    read with it, 312 with the first only; dev9_tune 25 of 33, 28, 28. Read with any section
    title (a PDF's numbered headings too), the old halves fell to 307."""
    heading = _HEADING_RIGHT_ABOVE.search(page, 0, span.start)
    return f"{heading.group(1).strip()}\n{span.text}" if heading else span.text


def rank_spans(question: str, evidence: list[Evidence], embed: EmbedTexts,
               embed_query: EmbedQuery, ignored: frozenset[str] = frozenset(),
               weights: SpanWeights | None = None, embedded: int | None = None
               ) -> list[Candidate]:
    """Every sentence of the evidence that can stand as an answer and was embedded, best
    first; the question's `ignored` words do not count as its words
    (`products.product_words`). `weights` and `embedded` are for tuning (bench/span_tune.py):
    the answer uses `WEIGHTS` and `EMBEDDED`."""
    weights = weights or WEIGHTS
    found = span_features(question, evidence, embed, embed_query, ignored, weights, embedded)
    if not found.pool:
        return []
    scores = found.scores(weights)
    values = found.values
    # What the span says itself, without its block's or title's words (`Candidate.own`).
    asked = weights.kind * values["kind"] + weights.stated * values["stated"]
    alone = scores - weights.words * (values["words"] - values["own"]) - \
        weights.stated * values["stated"]
    order = sorted(found.embedded, key=lambda i: -scores[i])
    return [Candidate(found.pool[i][0], found.pool[i][1], float(scores[i]),
                      bool(values["kind"][i]), own=float(alone[i]), asked=float(asked[i]))
            for i in order]


def _page_beside(item: Evidence, page_text: PageText, step: int = 1) -> Evidence | None:
    """The page after `item`'s (`step` -1: the page before), as evidence of its own: steps
    that go on over the page, or begin on the page before."""
    hit = item.hit
    if hit.page_index is None or hit.page_index + step < 0:
        return None
    following = replace(hit, page=None if hit.page is None else hit.page + step,
                        label=None, page_index=hit.page_index + step, start=0, end=0,
                        span_start=None, span_end=None, text="")
    text = page_text(following)
    if not text:
        return None
    spans = sentences(text)
    following = replace(following, text=text[:200], end=min(len(text), 200))
    return Evidence(hit=following, page=text, sentences=spans, ranked=spans,
                    question_coverage=0.0)


def carried_over(item: Evidence, page_text: PageText) -> Evidence | None:
    """The sentence `item`'s page ends mid-way, finished by the next page's first one, as
    evidence of the next page: "...然后找到 firmware.bin 文件，复制到 SD" at a page's foot goes on
    "卡中，然后复位主板等待 10 秒左右" at the next one's head, and the value a question asks for
    is there. None when the page ends its last sentence, or is the last page."""
    ending = sentences(item.page)
    if not ending or not cut_off(ending[-1].text):
        return None
    following = _page_beside(item, page_text)
    if following is None or not following.sentences:
        return None
    text = f"{ending[-1].text} {following.sentences[0].text}"
    spans = sentences(text)
    return Evidence(hit=following.hit, page=text, sentences=spans, ranked=spans,
                    question_coverage=0.0)


def with_steps(candidate: Candidate, page_text: PageText, lone_first: bool = False
               ) -> Candidate:
    """The candidate grown to the whole run of numbered steps it belongs to (or that follows
    it, when it introduces them), continued on the next page when the run reaches the page's
    end and the next page goes on counting; with `lone_first`, from a procedure's first step
    alone at the page's foot too (`_first_step_at_foot`)."""
    page = candidate.item.page
    spans = _step_lines(page)
    at = _line_at(spans, candidate.span.start)
    if at is None:
        return candidate
    run = step_run(page, spans, at)
    if not run and at + 1 < len(spans):
        run = step_run(page, spans, at + 1)  # "To update the firmware:" and the steps under it
    if not run and lone_first:
        run = _first_step_at_foot(spans, at)
    if not run or _numbered_titles(run):
        return candidate
    continued: Evidence | None = None
    more: tuple[Span, ...] = ()
    if run[-1] is spans[-1] or spans.index(run[-1]) >= len(spans) - 2:
        following = _page_beside(candidate.item, page_text)
        last = step_number(run[-1].text)
        if following is not None and last is not None:
            more = tuple(_opening_steps(following, last + 1))
            continued = following if more else None
    if len(run) == 1 and continued is None:
        return candidate  # a step alone, not a run
    whole = Span(run[0].start, run[-1].end, page[run[0].start:run[-1].end])
    return replace(candidate, span=whole, steps=_whole_steps(page, run), continued=continued,
                   continued_steps=_whole_steps(continued.page, list(more)) if continued
                   else ())


def _named_sibling(question: str, run: Candidate, page_text: PageText) -> Candidate | None:
    """The procedure beside `run` whose sub-heading names more of the question: a guide
    prints one procedure a system ("Writing the image to a DVD in Linux", "... in Windows",
    "... in Mac OSX"), with steps that share the question's words alike, and only the
    sub-heading says which is asked ("burn the iso to a dvd on a windows pc"), with a word of
    the question that neither the run's sub-heading nor its steps name. Looked for on
    the run's page and the page before it (the Windows procedure's title and first step end
    one page, its other steps open the next); None when the run has no sub-heading of its own
    right above its first step, or none beside it names more."""
    own = _heading_above(run.item.page, run.span.start)
    if own is None:
        return None
    before = _page_beside(run.item, page_text, -1)
    shown = f"{own.text}\n{_run_text(run)}"
    best: tuple[float, Candidate] | None = None
    for item in (before, run.item):
        if item is None:
            continue
        lines = _step_lines(item.page)
        for at, line in enumerate(lines[:-1]):
            first = lines[at + 1]
            number = step_number(first.text)
            if not (_sub_heading(line.text) and number is not None and
                    number % LETTERED == 1) or line.start == own.start:
                continue
            score = words_score(question, line.text)
            if score <= words_score(question, own.text) or (words_score(
                    question, f"{line.text}\n{shown}") <= words_score(question, shown) and
                    not _names_as_asked(question, line.text, f"{own.text}\n{shown}")):
                continue  # what the heading names more, the run's steps name too
            sibling = with_steps(replace(run, item=item, span=first, steps=(), continued=None,
                                         continued_steps=()), page_text, lone_first=True)
            if (sibling.steps or sibling.continued is not None) and \
                    (best is None or score > best[0]):
                best = (score, sibling)
    return best[1] if best is not None else None


def _names_as_asked(question: str, heading: str, shown: str) -> bool:
    """The heading holds a word of the question as the question writes it, which `shown` does
    not: "windows" of "on a windows pc" in "... in Windows", while the Mac steps' "Finder
    window" shares only its stem."""
    return bool(content_words(question) & content_words(heading) - content_words(shown))


def _run_text(run: Candidate) -> str:
    """A run's steps on all its pages, as one text."""
    return "\n".join(line.text for line in (*_shown_lines(run), *run.continued_steps))


def procedure_named(page: str, first: Span) -> str:
    """The sub-heading naming the procedure whose first step `first` is ("Writing the image to
    a DVD in Windows" over "1. Download and install Infra Recorder"), "" when the line is no
    step or none is right above it: shown beside the first step, since the steps never say
    which system they are for and an answer never leads with a heading."""
    if step_number(first.text) is None:
        return ""
    heading = _heading_above(page, first.start)
    if heading is None:
        return ""
    flat = " ".join(heading.text.split())
    worded = len(flat.split()) > 1 and _worded_title(flat)
    return flat if worded or _chinese_title(flat) else ""


def _heading_above(page: str, start: int) -> Span | None:
    """The sub-heading on the line right above `start`, the first step of a run."""
    lines = _step_lines(page)
    at = _line_at(lines, start)
    if at is None or at == 0 or not _sub_heading(lines[at - 1].text):
        return None
    return lines[at - 1]


def _run_pages_on(run: Candidate, page_text: PageText) -> list[Candidate]:
    """The pages after the one a run is continued on, while it goes on over them: each next
    page opening with the next step, at most `RUN_PAGES` more and `MAX_STEPS` steps in all,
    each shown as its own span so each step is cited to its page. The VORON frame is eight
    steps over five pages, one or two a page beside the photographs: "Step 6: Screw in the
    verticals ... rotated" on the third, the T nuts on the fourth, "Step 8: Attach the top
    square" on the fifth."""
    pages: list[Candidate] = []
    shown, steps = run.continued, run.continued_steps
    total = _numbered(run.steps) + _numbered(steps)
    while shown is not None and steps and len(pages) < RUN_PAGES and total < MAX_STEPS:
        lines = _step_lines(shown.page)
        at = _line_at(lines, steps[-1].end - 1)
        number = next((n for step in reversed(steps)
                       if (n := step_number(step.text)) is not None), None)
        if at is None or number is None or at < len(lines) - 1 - AFTER_LAST_STEP:
            break  # the run ends before its page does
        following = _page_beside(shown, page_text)
        more = _opening_steps(following, number + 1) if following is not None else []
        if following is None or not more:
            break
        steps = _whole_steps(following.page, more)
        pages.append(_spanning(Candidate(item=following, span=steps[0]), steps))
        shown, total = following, total + _numbered(steps)
    return pages


def _numbered(lines: Sequence[Span]) -> int:
    """How many of the lines are numbered steps."""
    return sum(step_number(line.text) is not None for line in lines)


def _lone_word(text: str) -> bool:
    """A line of one word in letters and nothing else: a piece of a wrapped cell, never an
    answer's lead. A glossary's term ends with its full stop ("Creep."), and a Chinese line
    has no spaces to split it into words."""
    return re.fullmatch(r"[A-Za-z]+", text.strip()) is not None


def _numbered_titles(run: Sequence[Span]) -> bool:
    """Whether half or more of a run's lines numbered in digits are section titles, which no
    answer leads with ("1. Overview", its paragraph, "2. Evaluation board hardware" open a
    board's reference): a document's outline, not a procedure. Lettered, roman and "way"
    numbering is left out: "ii. Back in Cura" starts in lower case and is a step."""
    numbered = [line for line in run
                if (number := step_number(line.text)) is not None and numbering(number) == 0]
    return bool(numbered) and \
        2 * sum(not can_lead(line.text) for line in numbered) >= len(numbered)


def _foot_run_under(best: Candidate, page_text: PageText) -> Candidate | None:
    """The procedure under the best span when the best span is its sub-heading and its first
    step alone ends the page, continued on the next ("Writing the image to a DVD in Windows" /
    "1. Download and install Infra Recorder" at one page's foot, steps 2 and 3 at the next
    one's head): the Linux and Mac procedures around it answered. None otherwise: a first
    step alone at a foot under anything else is no answer of its own (the EBB36 manual's
    DFU steps, when the question asks why the heater heats during DFU)."""
    if not _sub_heading(best.span.text) or step_number(best.span.text) is not None:
        return None
    run = with_steps(best, page_text, lone_first=True)
    return run if run.continued is not None and len(run.steps) == 1 else None


def _first_step_at_foot(spans: Sequence[Span], at: int) -> list[Span]:
    """The first step at (or right under) line `at` when it is one of the page's last two
    lines: a procedure's first step may be all of it a page holds ("Writing the image to a
    DVD in Windows" / "1. Download and install Infra Recorder" at the foot of one page, steps
    2 and 3 at the head of the next), which `with_steps` continues there; [] otherwise. A later
    step alone at a page's foot is cut from its run by lines `step_run` does not cross (the
    EBB36 manual's "2. 配置选择完成后" under step 1's menuconfig listing): shown from there,
    the listing was lost."""
    return [spans[i] for i in (at, at + 1)
            if len(spans) - 2 <= i < len(spans) and
            (number := step_number(spans[i].text)) is not None and number % LETTERED == 1][:1]


def _opening_steps(following: Evidence, number: int) -> list[Span]:
    """The steps a page opens with from step `number`, found among its first lines (under a
    running header), with the lines between them (`step_run`); the step alone when no run
    follows it, [] when the page does not open with it."""
    lines = _step_lines(following.page)
    head = next((i for i, s in enumerate(lines[:4]) if step_number(s.text) == number), None)
    if head is None:
        return []
    return step_run(following.page, lines, head) or [lines[head]]


def _line_at(lines: Sequence[Span], start: int) -> int | None:
    """The index of the line `start` falls in (`_step_lines`), None when it falls in none."""
    return next((i for i, line in enumerate(lines) if line.start <= start < line.end), None)


@lru_cache(maxsize=64)
def _step_lines(page: str) -> tuple[Span, ...]:
    """The page's sentences with a numbered step wrapped over printed lines joined again ("(1)
    For CH32 series chips, if the download is not" / "successful, you can enter BOOT mode"):
    one step, one line. The lines between steps stay as printed ("cd ~/klipper/" and "make
    menuconfig" are two commands) unless, joined, they end a sentence: a manual printed in
    narrow columns wraps "The flanges will form" / "the shoulders of the belt idler.". Read
    once a page for all its candidates."""
    pieces = sentences(page)
    lines: list[Span] = []
    for unit in joined(page, pieces):
        if step_number(unit.text) is not None or unit.text.rstrip()[-1:] in _STOP:
            lines.append(unit)
        else:
            lines += [piece for piece in pieces if unit.start <= piece.start < unit.end]
    return tuple(lines)


def _whole_steps(page: str, run: list[Span]) -> tuple[Span, ...]:
    """Each step with the rest of it ("1. Name it firmware.bin. Any other name is
    rejected."): one line, one citation. A step followed by several lines (commands, options)
    keeps them one a line, as the page lists them."""
    steps: list[Span] = []
    for at, span in enumerate(run):
        numbered = step_number(span.text) is not None
        alone = (at + 1 == len(run) or step_number(run[at + 1].text) is not None) and \
            at > 0 and step_number(run[at - 1].text) is not None
        if steps and not numbered and alone:
            steps[-1] = Span(steps[-1].start, span.end, page[steps[-1].start:span.end])
        else:
            steps.append(span)
    return tuple(steps)


def asked_product_first(ranked: list[Candidate], naming: set[str] | None) -> list[Candidate]:
    """The candidates of the documents that name the asked product (`products.naming_documents`)
    before the others, each group best first: a question about the EBB36's thermistor input is
    answered from the EBB36 manual, though the Octopus manual's feature list shares more of its
    words. Unchanged when no document is preferred."""
    if not naming:
        return ranked
    return sorted(ranked, key=lambda c: c.item.hit.doc_id not in naming)


def choose(question: str, ranked: list[Candidate], page_text: PageText,
           embed: EmbedTexts | None = None, naming: set[str] | None = None) -> list[Candidate]:
    """What the answer shows: the best span (grown to its steps for a "how", or when it is a
    step of a short procedure: `SHORT_RUN`), and others that
    score nearly as well (in the best span's section: fairly well) and say something else, within
    `MAX_SPANS` and `MAX_LINES`; one whose lines meet a chosen span's is shown with it, and a
    block too long for the lines left is cut rather than dropped (`_added`). With `embed`, a
    span saying in the other language what a chosen one says is not shown twice (`_twin`): the
    one in the question's language stays. With `naming` (the manuals of the product the
    question names) and the best span from one of them, no other manual's span is shown beside
    it: two boards of one maker print the same menuconfig options with other values."""
    if not ranked:
        return []
    best = ranked[0]
    if asks_how(question):
        ranked = [c for c in ranked if not _states_feature(c.span.text)
                  and not _named_item(c, page_text)] or ranked
        best = ranked[0]
        run = _foot_run_under(best, page_text) or _best_run(ranked, page_text) or \
            _steps_over_the_page(best, page_text)
        if run is not None:
            run = _with_block_below(_named_sibling(question, run, page_text) or run, best)
            return _beside_run([_from_page_before(run, page_text),
                                *_run_pages_on(run, page_text)], ranked)
    section = _section_steps(best, page_text) if asks_how(question) else None
    chosen = [section or _cut_from_page_before(
        _from_page_before(_with_short_run(best, page_text), page_text), page_text)]
    several = asks_several(question)
    # The asked value, or the values stated, answer one part of a question in several: their
    # bonus is no bar to the spans answering the other parts.
    top = best.score - (best.asked if several else 0.0)
    for other in ranked[1:]:
        if other.score < SAME_SECTION_SPAN * top:
            break
        if other.score < _bar(other, best) * top:
            continue
        if best.fits and not other.fits and not several:
            continue  # the asked value or row is found: a near miss beside it only misleads
        if naming and best.item.hit.doc_id in naming and other.item.hit.doc_id not in naming:
            continue  # another product's manual: its values are not the asked product's
        if any(c.item is not other.item and normalise(other.span.text) in normalise(c.span.text)
               for c in chosen):
            continue  # the same lines from another page or copy of the manual
        twin = _twin(other, chosen, embed) if embed is not None else None
        if twin is not None:
            chosen = _in_language(question, chosen, twin, other)
            continue
        chosen = _added(chosen, other)
    if _ends_introducing(_shown_lines(chosen[0])[-1].text):
        # What the best span's last line introduces is on the next page: it comes before the
        # other spans ("Switch to root, then start the drivers:" at a page's foot, "#
        # upsdrvctl -u nutdev start" at the next one's head), which keep the lines left.
        head = _over_the_page(chosen[0], page_text,
                              MAX_LINES - _lines(chosen[0]), True)
        rest: list[Candidate] = []
        for other in chosen[1:]:
            if _lines(head) + sum(_lines(c) for c in rest) + _lines(other) <= MAX_LINES:
                rest.append(other)
        chosen = [head, *rest]
    for at, shown in enumerate(chosen):
        room = MAX_LINES - sum(_lines(c) for c in chosen)
        chosen = [*chosen[:at], _over_the_page(shown, page_text, room), *chosen[at + 1:]]
    return chosen


def _beside_run(shown: list[Candidate], ranked: list[Candidate]) -> list[Candidate]:
    """The steps chosen for a "how", with the best sentence outside them that is no step and
    scores nearly as well as the best (`BESIDE_STEPS`), in the lines the steps leave: a
    setting the manual names in one sentence ("Tick Auto download when WCH-Link was linked")
    answers beside another page's numbered steps, which may be the wrong procedure; on the
    steps' page, only below them (not the line introducing them: the steps lead). Not a
    sentence shown with a feature list's items ("12.Includes a bootloader that
    allows firmware upgrades via the SD card"): what the product has says nothing of how."""
    top = ranked[0].score
    for other in ranked[:RUN_SEEDS]:
        if other.score < BESIDE_STEPS * top:
            break
        if step_number(other.span.text) is not None:
            continue
        block = with_block(other)
        if not any(_states_feature(line.text) for line in _shown_lines(block)) and \
                not any(_on_page_of(c, other) and block.span.start < c.span.end for c in shown):
            return _added(shown, other)
    return shown


def _with_block_below(run: Candidate, best: Candidate) -> Candidate:
    """The steps with what the best span, one of them, brings in below the last: "2. 带 31865
    版本：通过拨码开关进行选择 PT100/PT1000，两线或者四线；" and the switch table under it, which
    the run ends before (lines after a last step belong to what follows, `step_run`). The step
    that answers best says what its own block holds; a run that goes on over the page keeps
    its next page instead."""
    if run.continued is not None or not run.steps or not _on_page_of(run, best) or \
            not run.span.start <= best.span.start < run.span.end:
        return run
    below = [line for line in _shown_lines(with_block(best)) if line.start >= run.span.end]
    below = below[:max(0, MAX_LINES - len(run.steps))]
    if not below:
        return run
    page = run.item.page
    return replace(run, span=Span(run.span.start, below[-1].end,
                                  page[run.span.start:below[-1].end]),
                   steps=(*run.steps, *below))


def _on_page_of(shown: Candidate, other: Candidate) -> bool:
    """Both candidates are of one page of one document."""
    return shown.item.hit.doc_id == other.item.hit.doc_id and \
        shown.item.hit.page_index == other.item.hit.page_index


def _with_short_run(best: Candidate, page_text: PageText) -> Candidate:
    """The best span with its block, or with its whole procedure when it is a step of a run
    of at most `SHORT_RUN` steps (not a feature list)."""
    if step_number(best.span.text) is not None:
        run = with_steps(best, page_text)
        if run.steps and _numbered(run.steps) <= SHORT_RUN and len(run.steps) <= MAX_LINES and \
                not _not_a_procedure(run.steps):
            return run
    return with_block(best)


def _over_the_page(shown: Candidate, page_text: PageText, room: int,
                   introduced: bool = False) -> Candidate:
    """The best span with the head of the next page when its block is the last text of its
    page and the section goes on over the page: the cable's description ends one page and its
    pinout starts the next; the manual quotes the syslog line at a page's foot and says how to
    check the certificate's date at the next one's head. The head is the next page's lines that
    can stand in an answer, up to its first section title, within the lines the spans chosen
    leave (`room`); nothing when the next page opens a new section or the block ends before
    the page does. When the block's last line `introduced` what follows ("then start the
    drivers:"), the next page's head is what it introduced, however short
    (`_introduced_goes_on`), and a shell prompt line there ("# upsdrvctl -u nutdev start") is
    a command, not a Markdown heading."""
    last = _shown_lines(shown)[-1]
    if room <= 0 or shown.continued is not None or shown.item.page[last.end:].strip():
        return shown
    following = _page_beside(shown.item, page_text)
    if following is None:
        return shown
    units = [s for s in _units(following.page, tuple(following.sentences)) if s.text.strip()]
    # An FAQ entry's answer runs on to the next entry's title: a short line opening the next
    # page ("Answer 2" under "11 Why doesn't upsmon send a SIGPWR signal to init?") labels
    # the entry's second answer, not a section of its own.
    in_entry = bool(entry_above(shown.item.page, last.start))
    if not units or (_opens_section(units[0].text) and not introduced and not in_entry):
        return shown
    titled = _titled(following.page, tuple(following.sentences))
    head: list[Span] = []
    for unit in units:
        if SECTION_TITLE.match(unit.text) or unit.text in titled or len(head) == room:
            break
        if introduced:
            if not _introduced_goes_on(head, unit):
                break
            if _LISTED.match(unit.text) or can_lead(unit.text):
                head.append(unit)
        elif can_lead(unit.text):
            head.append(unit)
    if not head:
        return shown
    return replace(shown, continued=following, continued_steps=tuple(head))


def _introduced_goes_on(head: Sequence[Span], unit: Span) -> bool:
    """Whether `unit`, at the head of the next page, is still what a line at the foot of the
    page before introduced: a listing whole, however long ("From Usenet post:" above the
    comments and commands that send "01 13 01" to /dev/adb; a "#" line there is a comment or a
    prompt, not a Markdown heading), and a line after it that introduces another ("... can
    achieve the same effect with the following command:"); or, with no listing, the first
    `INTRODUCED` lines that can stand in an answer."""
    if not head or _LISTED.match(unit.text):
        return True
    if _LISTED.match(head[-1].text):
        return _ends_introducing(unit.text)
    return not can_lead(unit.text) or sum(can_lead(line.text) for line in head) < INTRODUCED


def _steps_over_the_page(best: Candidate, page_text: PageText) -> Candidate | None:
    """The best span's paragraph with the steps that open the next page, when the paragraph
    ends its page: "Use WCHISPTool tool to download the chip ... The WCHISPTool tool
    interface is shown in the following figure." at a page's foot, "1. Select MCU series and
    chip model" at the next one's head. Shown before anything else, as a run on one page is.
    None when more than `BELOW` lines follow the paragraph on its page, its last line does not
    point at what follows ("Repeat this process for the other motor mount." ends one
    procedure of the VORON guide; the next page's "Step 1" starts another), or the next page
    does not open with step 1."""
    shown = with_block(best)
    lines = _shown_lines(shown)
    page = shown.item.page
    rest = [unit for unit in _units(page, tuple(shown.item.sentences))
            if unit.start >= lines[-1].end and unit.text.strip()]
    last = (rest or lines)[-1].text.rstrip()
    if len(rest) > BELOW or not all(can_lead(unit.text) for unit in rest) or \
            not (last.endswith((":", "：")) or _NAMES_STEPS.search(last)):
        return None
    shown = _spanning(shown, [*lines, *rest])  # "... is shown in the following figure."
    following = _page_beside(shown.item, page_text)
    if following is None:
        return None
    run = _opening_steps(following, 1)
    if len(run) < 2 or _not_a_procedure(run):
        return None  # no step 1 there, or a lone one
    steps = _whole_steps(following.page, run)[:MAX_LINES - _lines(shown)]
    return replace(shown, continued=following, continued_steps=steps)


def _section_steps(best: Candidate, page_text: PageText) -> Candidate | None:
    """The instructions of the best span's section, in order, when its procedure is written
    without numbers (`laoshifu.answer.instructions`): "Create at least one system user ...",
    "./configure --with-user=ups --with-group=nut", "make", "make install" under the NUT
    manual's "5.1 Installing from source" and its sub-sections, over the page. The best span
    stays among them, and so does a line introducing a command ("Install the files to a
    system level directory:"). The section runs from the title above the best span (a
    numbered or Markdown title, or an FAQ entry's question) to the next title as deep or
    deeper in the outline, on the next page too; None when it holds fewer than
    `SECTION_INSTRUCTIONS` instructions."""
    page = best.item.page
    units = _section_units(best.item)
    at = next((i for i, (unit, _) in enumerate(units)
               if unit.start <= best.span.start < unit.end), None)
    if at is None:
        return None
    start, depth = 0, None
    for back in range(at, -1, -1):
        if units[back][1] is not None:
            start, depth = back + 1, units[back][1]
            break
    block = (best.span,)
    lines, ended = _instructions(units[start:], block, depth)
    continued: Evidence | None = None
    more: list[Span] = []
    if not ended and not page[units[-1][0].end:].strip():
        continued = _page_beside(best.item, page_text)
        if continued is not None:
            more, _ = _instructions(_section_units(continued), (), depth,
                                    bool(lines) and lines[-1].end >= units[-1][0].end)
    if sum(is_instruction(line.text) for line in [*lines, *more]) < SECTION_INSTRUCTIONS:
        return None
    # Within `SECTION_LINES`, from the best span's block on; lines before it when room is left.
    first = next(i for i, line in enumerate(lines) if line.end > block[0].start)
    shown_from = max(0, min(first, len(lines) + len(more) - SECTION_LINES))
    lines = lines[shown_from:shown_from + SECTION_LINES]
    more = more[:SECTION_LINES - len(lines)]
    shown = _spanning(best, lines)
    if not more:
        return shown
    return replace(shown, continued=continued, continued_steps=tuple(more))


# An FAQ entry's title, or any title no outline numbering gives a depth: it ends every section.
_ENTRY = 0
# A sub-heading without a number ("Testing shutdowns", "Create certificate and key for the
# host"): below every numbered title, so a numbered section's sub-headings are inside it.
_UNNUMBERED = 9
_ADMONITION = frozenset({"note", "warning", "caution", "tip", "important", "注意", "警告"})


def _section_units(item: Evidence) -> list[tuple[Span, int | None]]:
    """The page's units, each with its depth in the outline when it is a title
    (`instructions.title_depth`; `_ENTRY` for an FAQ entry's question, `_UNNUMBERED` for a
    sub-heading), None otherwise."""
    titled = _titled(item.page, tuple(item.sentences))
    units = [unit for unit in _units(item.page, tuple(item.sentences)) if unit.text.strip()]
    markdown = item.hit.file.lower().endswith((".md", ".markdown"))
    found = []
    for at, unit in enumerate(units):
        depth = title_depth(unit.text, markdown)
        if depth is None and unit.text in titled:
            depth = _ENTRY
        elif depth is None and at + 1 < len(units) and _unnumbered_title(unit.text) and \
                units[at + 1].text.rstrip()[-1:] in _STOP:
            depth = _UNNUMBERED
        found.append((unit, depth))
    return found


def _unnumbered_title(text: str) -> bool:
    """A short line in words, not a sentence, command, label or admonition, over prose."""
    flat = " ".join(text.split())
    return _sub_heading(flat) and len(flat.split()) <= _OPENING_WORDS and _worded_title(flat)


def _worded_title(flat: str) -> bool:
    """A title in words: capitalised, not a caption in capitals, no value or number in it, no
    admonition ("Note")."""
    return flat[0].isupper() and not flat.isupper() and \
        not any(ch.isdigit() for ch in flat) and flat.lower() not in _ADMONITION


# A Chinese title names its task in a few characters ("在 Windows 系统下刻录镜像"); more is a
# sentence that lost its full stop.
_CHINESE_TITLE_CHARACTERS = (4, 30)


def _chinese_title(flat: str) -> bool:
    """A title in Chinese words: mostly Chinese characters, a few of them, no value or number
    in it, not a chapter's ("三、注意事项" names the document's part, not a task), no
    admonition ("注意事项")."""
    chinese = sum(1 for ch in flat if CJK_RUN.match(ch))
    least, most = _CHINESE_TITLE_CHARACTERS
    return least <= chinese and len(flat) <= most and 2 * chinese >= len(flat.replace(" ", "")) \
        and not any(ch.isdigit() for ch in flat) and not CHINESE_TITLE.match(flat) and \
        not any(flat.startswith(word) for word in _ADMONITION if not word.isascii())


def _instructions(units: Sequence[tuple[Span, int | None]], block: Sequence[Span],
                  depth: int | None, after_kept: bool = False) -> tuple[list[Span], bool]:
    """The instructions among `units` up to the first title at `depth` or above (any title,
    when `depth` is None or an FAQ entry's), with the lines of the best span's `block`; a
    command or configuration line only under a line kept ("Install the files to a system
    level directory:" / "make install"): under an explanation it is an example's listing or a
    note's (`after_kept`: the page before ended with a line kept, "Switch to root, then start
    the drivers:" over "# upsdrvctl -u nutdev start"). Also whether such a title ended them."""
    lines: list[Span] = []
    for at, (unit, titled) in enumerate(units):
        if titled is not None and (not depth or titled <= depth):
            return lines, True
        kept = after_kept if at == 0 else bool(lines) and lines[-1].end >= units[at - 1][0].end
        instruction = titled is None and is_instruction(unit.text)
        if any(_overlap(unit, line) for line in block) or \
                (instruction and (can_lead(unit.text) or kept)):
            lines.append(unit)
    return lines, False


def _opens_section(text: str) -> bool:
    """A page's first line that titles what follows: a numbered section title, or a short
    line that neither ends a sentence nor introduces ("NMC DB9-RJ45 cable" opens the next
    cable's section)."""
    flat = " ".join(text.split())
    return bool(SECTION_TITLE.match(flat)) or (
        flat[-1] not in _STOP + ":：" and len(flat.split()) <= _OPENING_WORDS)


def _twin(other: Candidate, chosen: list[Candidate], embed: EmbedTexts) -> Candidate | None:
    """The chosen span of another document with a line saying what a line of `other`'s block
    says in the other language (the Chinese and the English manual of one board: the block
    around a translated line is most often the translation of the chosen block): the search
    model's cosine at least `TWIN` and the same numbers, values and codes both ways."""
    own = [line.text for line in _shown_lines(with_block(other))]
    shown = [(c, line.text) for c in chosen if c.item.hit.doc_id != other.item.hit.doc_id
             for line in _shown_lines(c)]
    pairs = [(a, c, b) for a in own for c, b in shown if language_of(a) != language_of(b)
             and same_values(a, b) and same_values(b, a)]
    if not pairs:
        return None
    texts = list(dict.fromkeys([*own, *(b for _, b in shown)]))
    vectors = np.asarray(embed(texts), dtype=np.float32)  # unit length: the encoders' contract
    at = {text: i for i, text in enumerate(texts)}
    return next((c for a, c, b in pairs if float(vectors[at[a]] @ vectors[at[b]]) >= TWIN), None)


def _in_language(question: str, chosen: list[Candidate], twin: Candidate, other: Candidate
                 ) -> list[Candidate]:
    """`chosen` with `twin` replaced by `other` when only `other` is in the question's language
    and its block fits the lines `twin` frees; else unchanged (the freed turn goes to the next
    span that says something else)."""
    language = language_of(question)
    if language_of(other.span.text) != language or language_of(twin.span.text) == language:
        return chosen
    block = with_block(other)
    if sum(_lines(c) for c in chosen) - _lines(twin) + _lines(block) > MAX_LINES:
        return chosen
    return [block if c is twin else c for c in chosen]


def _added(chosen: list[Candidate], other: Candidate) -> list[Candidate]:
    """`chosen` with `other` and its block shown: merged into the chosen span its lines meet
    (its own line may be shown already while its block brings the value a line or two further
    on: "chown root:nut /var/state/ups" then "chmod 0770 /var/state/ups"), else as a span of its
    own while there are fewer than `MAX_SPANS`. A block longer than the lines left is cut to
    its own line and the lines nearest it (those after it first: a value follows the words
    that name it), rather than dropped whole for its context: the line that scored is what
    answers. Unchanged when it adds no line or none fits."""
    grown = with_block(other)
    lines = _shown_lines(grown)
    own = next((i for i, line in enumerate(lines) if line.start <= other.span.start < line.end), 0)
    used = sum(_lines(c) for c in chosen)
    for size in range(len(lines), 0, -1):
        first = max(0, min(own, len(lines) - size))
        block = _spanning(grown, lines[first:first + size])
        at = next((i for i, c in enumerate(chosen)
                   if c.item is other.item and _overlap(block.span, c.span)), None)
        if at is None:
            if len(chosen) == MAX_SPANS:
                return chosen
            if used + size <= MAX_LINES:  # else too long to read at the machine: cut it
                return [*chosen, block]
            continue
        merged = _merged(chosen[at], block)
        extra = _lines(merged) - _lines(chosen[at])
        if extra == 0:
            return chosen
        if used + extra <= MAX_LINES:
            return [*chosen[:at], merged, *chosen[at + 1:]]
    return chosen


def _bar(other: Candidate, best: Candidate) -> float:
    """The share of the best score another span needs to join the answer: low in the best
    span's section, high in a sibling section of its manual (the next cable's pinout under
    "3.1.6" beside the asked cable's "3.1.5"), lower elsewhere (where the manual takes the need
    up again: the ownership step a driver's start-up section refers to)."""
    if _same_section(other, best):
        return SAME_SECTION_SPAN
    if other.item.hit.doc_id == best.item.hit.doc_id and _siblings(
            title_above(other.item.page, other.span.start),
            title_above(best.item.page, best.span.start)):
        return SIBLING_SECTION_SPAN
    return SECOND_SPAN


def _siblings(title: str, other: str) -> bool:
    """Two numbered section titles of one parent ("3.1.5 DB9-RJ12 cable", "3.1.6 NMC DB9-RJ45
    cable")."""
    one, two = SECTION_TITLE.match(title), SECTION_TITLE.match(other)
    if one is None or two is None:
        return False
    first, second = one.group(1).split("."), two.group(1).split(".")
    return first != second and len(first) == len(second) and first[:-1] == second[:-1]


def _same_section(a: Candidate, b: Candidate) -> bool:
    """Both on one page under one section title (or none): the USB-CAN adapter's section
    beside the RPI-CAN HAT's answers another question."""
    page = a.item.page
    return a.item is b.item and title_above(page, a.span.start) == title_above(page, b.span.start)


def _lines(candidate: Candidate) -> int:
    return (len(candidate.steps) or 1) + len(candidate.continued_steps)


def _shown_lines(candidate: Candidate) -> tuple[Span, ...]:
    return candidate.steps or (candidate.span,)


def _merged(shown: Candidate, other: Candidate) -> Candidate:
    """Two blocks of one page whose lines meet, as one: their lines in page order, each once
    (a line inside another, a table row inside its table, counts once)."""
    lines: list[Span] = []
    for line in sorted({*_shown_lines(shown), *_shown_lines(other)},
                       key=lambda s: (s.start, -s.end)):
        if not (lines and line.end <= lines[-1].end):
            lines.append(line)
    return _spanning(shown, lines)


def _spanning(candidate: Candidate, lines: Sequence[Span]) -> Candidate:
    """The candidate shown as these lines of its page, in page order."""
    page = candidate.item.page
    whole = Span(lines[0].start, lines[-1].end, page[lines[0].start:lines[-1].end])
    return replace(candidate, span=whole, steps=tuple(lines) if len(lines) > 1 else ())


def _best_run(ranked: list[Candidate], page_text: PageText) -> Candidate | None:
    """The run of steps that holds the most of what the question asks: scored by its three
    best sentences on their own words, so a procedure of several matching steps beats a
    numbered list of notes with one matching line (whose block would lift every note). Their
    mean, not their sum: only the candidates embedded are scored, and a run whose other lines
    share few of the question's words has one of them; summed, a list of notes each naming the
    product outweighed the note that says what to do (the WCH-Link manual: "(1) ... enter BOOT
    mode (BOOT0 to VCC, BOOT1 to GND)" against four notes on the Link's own firmware). A run
    none of whose steps is among them, found from the line that introduces it ("To update the
    firmware:"), has that line's score. None when the run neither holds the best sentence nor
    matches nearly as well (`RUN_BESIDE`) as the best and the seeds that lead to no run, each on
    its own words: the FAQ's one line "the uninstall script is scripts/klipper-uninstall.sh"
    then answers, not the numbered steps for flashing a board that scored higher by meaning
    and the values they state."""
    runs: dict[tuple[int, int], Candidate] = {}
    alone = [ranked[0].own]  # what the best and the seeds that lead to no run say themselves
    for candidate in ranked[:RUN_SEEDS]:
        grown = with_steps(candidate, page_text)
        if grown.steps and _notes_list(grown.item.page, grown.steps):
            grown = _procedure_above(grown, page_text)
        if grown.steps and not _not_a_procedure(grown.steps):
            runs.setdefault((grown.item.n, grown.span.start), grown)
        else:
            alone.append(candidate.own)
    if not runs:
        return _run_below(ranked[0], page_text)

    def holds(run: Candidate, candidate: Candidate) -> bool:
        return candidate.item is run.item and run.span.start <= candidate.span.start < run.span.end

    def strength(run: Candidate) -> float:
        inside = sorted((c.own for c in ranked if holds(run, c)), reverse=True) or [run.own]
        return sum(inside[:3]) / len(inside[:3])

    scored = [(strength(run), run) for run in runs.values()]
    score, run = max(scored, key=lambda pair: pair[0])
    # The steps that best match go on from the page before: the procedure is shown from there.
    run = next((_continued_by(earlier, run) for earlier in runs.values()
                if _goes_on_as(earlier, run)), run)
    best = ranked[0]
    if holds(run, best) or step_number(best.span.text) is not None:
        return run  # the best span is a step, or an item of a numbered list: steps answer
    if _introduces(best.span.text) and (run.item.n, run.span.start) == \
            (best.item.n, with_steps(best, page_text).span.start):
        return run  # the best span introduces the steps ("... with the following steps:")
    return run if score >= RUN_BESIDE * max(alone) else _run_below(best, page_text)


# What a line introducing a procedure says of what follows.
_NAMES_STEPS = re.compile(r"\bsteps?\b|\bas follows\b|\bfollowing\b|步骤|如下", re.IGNORECASE)


def _run_below(best: Candidate, page_text: PageText) -> Candidate | None:
    """The run of steps under a sub-heading, or a line introducing them, at most `BELOW` lines
    under the best span, on its page: the paragraph saying what a thing is and how it is used,
    then "Writing the image to a USB storage device in Linux" (or "... can be used ... with the
    following steps:") and its steps. None when no such line and step follow so
    closely ("Each device has its own id. To find it:" opens another task: `_introduces`), or
    the numbered lines are a feature list."""
    spans = _step_lines(best.item.page)
    at = _line_at(spans, best.span.start)
    if at is None or step_number(spans[at].text) is not None:
        return None
    first = next((i for i in range(at + 1, min(len(spans), at + BELOW + 2))
                  if step_number(spans[i].text) is not None), None)
    if first is None or first == at + 1 or not (_sub_heading(spans[first - 1].text) or
                                                _introduces(spans[first - 1].text)):
        return None
    run = with_steps(replace(best, span=spans[first]), page_text)
    return run if run.steps and not _not_a_procedure(run.steps) else None


def _introduces(text: str) -> bool:
    """A line that ends introducing steps ("... can be used to create a new configuration
    with the following steps:", "步骤如下："), not another task ("To find it:")."""
    flat = text.rstrip()
    return flat.endswith((":", "：")) and bool(_NAMES_STEPS.search(flat)) and \
        step_number(flat) is None


def _goes_on_as(earlier: Candidate, run: Candidate) -> bool:
    """`run` opens the next page of `earlier`'s document with the step after `earlier`'s last:
    one procedure over the page break, whatever notes end the first page. The Voron manual's
    "Step 5" at a page's top says least; its "Step 4" on the page before says how to screw the
    idler plate on."""
    numbers = [step_number(step.text) for step in earlier.steps]
    last = next((number for number in reversed(numbers) if number is not None), None)
    return earlier.continued is None and last is not None and \
        earlier.item.hit.doc_id == run.item.hit.doc_id and \
        earlier.item.hit.page_index is not None and \
        run.item.hit.page_index == earlier.item.hit.page_index + 1 and \
        step_number(run.span.text) == last + 1 and \
        not run.item.page[:run.span.start].strip()


def _from_page_before(shown: Candidate, page_text: PageText) -> Candidate:
    """`shown` after the step before it, when its lines open their page with a step after
    the first and the page before (retrieved or not) ends with the step before it: the DFU
    guide's "4，使用 STM32CubeProgrammer 软件进行下载" opens a page whose previous one ends
    "3，安装好之后，将八爪鱼进行如下连接" / "使用跳线帽插在 boot 上，然后点击复位", which a
    technician does first. The page before gives its lines from that step to its end, at most
    `SUB_LINES` and within `MAX_LINES`, or from the first step of its run when that fits too;
    `shown` unchanged otherwise."""
    lines = _shown_lines(shown)
    first = step_number(lines[0].text)
    if first is None or first < 2 or shown.continued is not None or \
            shown.item.page[:lines[0].start].strip():
        return shown
    before = _page_beside(shown.item, page_text, step=-1)
    if before is None:
        return shown
    steps = _step_lines(before.page)
    at = next((i for i in range(len(steps) - 1, -1, -1)
               if step_number(steps[i].text) == first - 1), None)
    if at is None or len(steps) - at > SUB_LINES or len(steps) - at + len(lines) > MAX_LINES or \
            before.page[steps[-1].end:].strip():
        return shown
    run = step_run(before.page, steps, at)
    start = steps.index(run[0]) if run else at
    if len(steps) - start + len(lines) <= MAX_LINES:
        at = start  # the procedure from its first step, when it fits: "1. Go to the download site"
    tail = list(steps[at:])
    whole = Span(tail[0].start, tail[-1].end, before.page[tail[0].start:tail[-1].end])
    return replace(shown, item=before, span=whole, steps=_whole_steps(before.page, tail),
                   continued=shown.item, continued_steps=lines)


# The page before's last sentences shown before a block whose page opens by finishing one
# of them (`_cut_from_page_before`): the cut one, and the one before it in its paragraph.
CUT_BEFORE = 2


def _cut_from_page_before(shown: Candidate, page_text: PageText) -> Candidate:
    """`shown` after the sentence its page opens by finishing, from where it starts on the page
    before, with the sentence before it there: the Octopus manual's "You can tell this by
    checking the output of your probe using a multimeter. If it floats when it is not active
    ... and then goes" ends one page, "to ground when it is active, it is an NPN style probe."
    opens the next, above the PNP sentence the answer showed first. `shown` unchanged when its
    page opens with anything else, or its lines are steps (`_from_page_before`)."""
    lines = _shown_lines(shown)
    page = shown.item.page
    opening = sentences(page)[:1]
    if shown.continued is not None or step_number(lines[0].text) is not None or \
            not opening or opening[0].end > lines[0].start or \
            page[opening[0].end:lines[0].start].strip() or \
            not (opening[0].text[:1].isascii() and opening[0].text[:1].islower()):
        return shown
    before = _page_beside(shown.item, page_text, step=-1)
    if before is None or not before.sentences or not cut_off(before.sentences[-1].text):
        return shown
    tail = list(before.sentences[-CUT_BEFORE:])
    if len(tail) > 1 and "\n\n" in before.page[tail[0].end:tail[1].start]:
        tail = tail[1:]  # a paragraph apart
    if len(tail) + 1 + len(lines) > MAX_LINES:
        return shown
    whole = Span(tail[0].start, tail[-1].end, before.page[tail[0].start:tail[-1].end])
    return replace(shown, item=before, span=whole, steps=tuple(tail), continued=shown.item,
                   continued_steps=(opening[0], *lines))


def _continued_by(earlier: Candidate, run: Candidate) -> Candidate:
    return replace(earlier, continued=run.item, continued_steps=run.steps or (run.span,))


def _sub_heading(text: str) -> bool:
    """A line naming the task of the steps under it: short, neither ending a sentence nor
    introducing a list ("Writing the image to a USB storage device in Linux")."""
    flat = " ".join(text.split())
    return bool(flat) and flat[-1] not in _STOP + ":：" and \
        len(flat.split()) <= SUB_HEADING_WORDS and step_number(flat) is None


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
