"""Where an answering span ends: the lines of its page that a chosen sentence needs beside it.

A manual rarely says a thing in one line of its extracted text. PDF extraction breaks a sentence
where the printed line wraps ("you can enter BOOT mode (BOOT0 to" / "VCC, BOOT1 to GND) and
download through Link."); a sentence introduces what follows it ("add the following to
config.txt:" and the lines under it); a value sits among its siblings in a list ("• 700 MHz
processor", "• 512 MB or more of RAM", "• 8 GB hard disk"). The sentence that shares the
question's words is then only the start of the answer, and the value a technician needs is one
line further on.

So the candidates are whole units (wrapped lines joined again), and the chosen one grows to what
it introduces, or to the list it is an item of, at most `FOLLOW` lines or `LIST_ITEMS` items, so
the answer stays short enough to read at the machine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from index.sentences import Span
from laoshifu.answer.section_numbers import SECTION_NUMBER
from laoshifu.answer.tables import table_below, table_lines

# A unit that ends like this is complete: the next line starts something new. A semicolon only
# ends a clause: "press reset; the board starts" is one sentence.
_ENDED = ".!?。！？"
_INTRO_END = ":："
# "... 添加以下内容", "... 正常的应答如下", "... as follows": a line that introduces the next ones.
_INTRODUCES = re.compile(r"(?:[:：]|如下|以下内容|as follows|the following)\s*$", re.IGNORECASE)
# A list item: "• 512 MB", "- 40% infill", "\uf06c Power up" (a PDF's symbol-font bullet).
_BULLET = re.compile(r"^\s*([•·▪◦●\-–*\uf06c\uf0a7\uf0b7\uf0d8])\s*\S")
# A line that names a command, setting or identifier ("dtparam=spi=on", "chmod 0770 ...",
# "test.battery.start.quick Start a test", "candump -tz"): lower case without being the tail of
# a cut sentence.
_IDENTIFIER = re.compile(r"^[a-z][\w~]*(?:[._=/:-][\w~#$]|\s+-{1,2}\w|\s+\d)")
# A Markdown code fence's line ("```", "```bash"). The sentence splitter may keep the opening
# fence with the command under it ("```\nsudo apt-get install can-utils").
_FENCE_LINE = re.compile(r"(?m)^[ \t]*(?:```|~~~)[\w-]*[ \t]*(?:\n|$)")
# Lines a colon brings in (a config listing, a command and its output); items a list keeps.
FOLLOW = 4
LIST_ITEMS = 8
# The lines around a plain sentence shown with it. The value a question asks for is often one
# line after the sentence that shares its words, and what "it" or "this" means one before; on
# the tuning half, every fact went from 21 to 24 of 90 with one line after, 27 with two, 26
# with one each side and 30 with one before and two after (33 with a second span at 0.7). The
# line before only when the sentence refers back: otherwise it is as often the section's title
# ("Chapter 6 Wiring."), and an answer never leads with a title; that costs 3 (30 of 90). An
# example ("If, for example a driver has a Vmax of 80 VDC ...", "例如") illustrates the line
# before it, which states the rule (the 10 % headroom).
BEFORE, AFTER = 1, 2
# A numbered list's item: "5. It is recommended ...", "（2）点击连接", "② Open the tool". A
# sentence going on with the item above it ends where the next item starts: that one is a
# sibling ("Using DFU ... will overwrite the bootloader" under "5. ... update the firmware using
# SD card" says nothing of "6. The stock Octopus does not come with a INA826AIDR").
ITEM_NUMBER = r"\d{1,2}\s*[.、)）](?!\d)|[（(]\d{1,2}[)）]"
_NUMBERED_ITEM = re.compile(rf"^\s*(?:{ITEM_NUMBER}|[\u2460-\u2473])\s*\S")
_REFERS_BACK = re.compile(r"^\s*(?:(?:this|that|these|those|it|they|then|otherwise|however|also|"
                          r"such|so|here|(?:if,?\s+)?for (?:example|instance))\b|例如|比如|"
                          r"[此该这其它否然因所但])", re.IGNORECASE)
# A joined unit longer than this is a table flattened into prose: it is not joined further.
_MAX_UNIT = 400
# A line that ends on one of these words stops mid-clause, so the next line goes on with it
# whatever it starts with: the value ("back it out" / "1/8 of a turn", "between 30% and" / "75%
# of the total thrust"), a name ("rebooting the" / "UPS"), a hyphenated word ("produce a" /
# "multi-viscosity oil"). Lower case only: a title ends on "Use" or "Up", a sentence does not
# end on "the". The corpus (`../shared/corpus`, 477 pages) has 54 such wraps.
_DANGLING = re.compile(r"(?:^|\s)(?:a|an|the|to|of|out|in|on|at|by|for|with|from|into|onto|via|"
                       r"and|or|is|are|was|be|than|between|about|approximately|before|after|"
                       r"per|over|under|below|above|within|each|every|its|their|your|this|that)$")
# A line that ends on a hyphen right after a letter or digit breaks a word or code there
# ("the WCH-LinkE-R0-" / "1v3 on the Y1 crystal ..."): the next line goes on with it.
_HYPHEN_BREAK = re.compile(r"[A-Za-z0-9]-$")
# A section heading: "6.3.2 How you set it up", "3.3 Wire Selection and Use".
_HEADING = re.compile(rf"^\s*{SECTION_NUMBER}\.?\s")
# A numbered section title on a line of its own ("2.8.4 UPS Shutdowns", "7.2 The advanced
# approach, using upssched"): a word after its number ("3.3 V" is a value), no end stop, at most
# `_TITLE_WORDS` words. The paragraph under it starts a sentence of its own, whatever its case
# ("upsdrvctl can also shut down ..."): joined to the title, the title was shown as the start
# of the answer's sentence.
_TITLE_LINE = re.compile(rf"^\s*{SECTION_NUMBER}\.?\s+(?:[A-Za-z]{{2,}}|[\u4e00-\u9fff])[^\n]*$")
_TITLE_WORDS = 10

CanLead = Callable[[str], bool]


def _bracket_open(text: str) -> bool:
    """Whether a bracket is left open. Chinese text mixes the two widths in one pair ("(因此
    ……倍数。）"), so opening and closing brackets of both widths are counted together."""
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")


def cut_off(text: str) -> bool:
    """Whether the unit stops mid-sentence: no end punctuation, or a bracket left open."""
    flat = text.rstrip()
    return _bracket_open(flat) or flat[-1:] not in _ENDED + _INTRO_END


def _dangles(text: str) -> bool:
    """Whether the unit stops on a word a sentence cannot end with ("the", "of", "and") or
    inside a word broken at its hyphen (`_HYPHEN_BREAK`)."""
    flat = text.rstrip()
    return bool(_DANGLING.search(flat) or _HYPHEN_BREAK.search(flat)) and \
        not _HEADING.match(flat)


def _title_line(text: str) -> bool:
    flat = text.strip()
    return bool(_TITLE_LINE.match(flat)) and flat[-1] not in _ENDED + _INTRO_END and \
        len(flat.split()) <= _TITLE_WORDS


def _continues(text: str) -> bool:
    """Whether a line goes on with the sentence before it: it starts in lower case and is not
    a command or setting, nor a list item."""
    flat = text.lstrip()
    return bool(flat) and flat[0].isascii() and flat[0].islower() and \
        not _IDENTIFIER.match(flat) and not _BULLET.match(flat)


def joined(page: str, spans: Sequence[Span]) -> list[Span]:
    """The spans with the pieces of a wrapped sentence joined again: a piece cut mid-sentence
    and a next piece that goes on with it (lower case, closing an open bracket, or anything at
    all after a piece that stops on "the" or "and") are one.
    A blank line ends a paragraph: nothing is joined across it (a Markdown FAQ's answer and
    the next question's heading stay apart)."""
    units: list[Span] = []
    for span in spans:
        if units:
            last = units[-1]
            paragraph = "\n\n" in page[last.end:span.start].replace(" ", "")
            if cut_off(last.text) and (_continues(span.text) or _bracket_open(last.text) or
                                    _dangles(last.text)) and \
                    not paragraph and not _title_line(last.text) and \
                    span.end - last.start <= _MAX_UNIT and not _BULLET.match(span.text):
                units[-1] = Span(last.start, span.end, page[last.start:span.end])
                continue
        units.append(span)
    return units


def leads_after(text: str, previous: str | None, can_lead: CanLead) -> bool:
    """`can_lead` with the line before known: a line in lower case is the tail of a cut
    sentence unless it names a command or setting, or the line before it was complete. A page
    whose first line (`previous` None) starts in lower case and ends a sentence goes on with
    the sentence the page before began ("to tie them together.", "download)." under the running
    header): that tail says nothing alone; a line without a full stop there is a command
    ("chown root:nut upsd.conf upsd.users")."""
    if can_lead(text):
        return True
    flat = text.lstrip()
    if not flat or not (flat[0].isascii() and flat[0].islower()):
        return False
    if _IDENTIFIER.match(flat):
        return True  # a command or setting is never a heading, however short
    if previous is None:  # a page's first line: a sentence's end, or a command of its own
        return flat.rstrip()[-1:] not in _ENDED and can_lead(flat[0].upper() + flat[1:])
    complete = previous.rstrip()[-1:] in _ENDED + _INTRO_END or \
        bool(_INTRODUCES.search(previous)) or _title_line(previous)
    return complete and can_lead(flat[0].upper() + flat[1:])


def bullet(text: str) -> str | None:
    match = _BULLET.match(text)
    return match.group(1) if match else None


def grown(page: str, units: Sequence[Span], at: int, can_lead: CanLead) -> list[Span]:
    """The lines the unit `units[at]` answers with: itself and what it introduces, or the whole
    list it is an item of. One line when it needs nothing beside it."""
    unit = units[at]
    table = table_lines(page, units, at)
    if table is not None:
        return table  # a row of a table: with its header and the rows around it
    mark = bullet(unit.text)
    if mark is not None:
        return _items(units, at, mark)
    lines = [unit]
    if _INTRODUCES.search(unit.text):
        for following in units[at + 1:]:
            code = _FENCE_LINE.sub("", following.text)
            if not code.strip():
                continue  # a Markdown code fence around the command: not a line to show
            if len(lines) > FOLLOW or not leads_after(code, lines[-1].text, can_lead):
                break
            lines.append(following)
            if following.text.rstrip()[-1:] in _ENDED:
                break  # a sentence after the listing ends what the colon brought in
    if len(lines) == 1:
        lines = _neighbours(page, units, at, can_lead)
    return lines


def _neighbours(page: str, units: Sequence[Span], at: int, can_lead: CanLead) -> list[Span]:
    """The unit in its context: the line before it when it refers back to it ("This ...",
    "否则 ..."), and `AFTER` lines after it, as long as they can stand in an answer (a heading
    ends the context); when the context runs into a list ("...minimum hardware
    specification. These numbers are not the minimum." then "• 700 MHz", "• 512 MB"), the
    whole list, not its first item."""
    first = at
    while first > 0 and at - first < BEFORE and _REFERS_BACK.match(units[at].text) and leads_after(
            units[first - 1].text, units[first - 2].text if first > 1 else None, can_lead):
        first -= 1
    last = at
    item_tail = at > 0 and bool(_NUMBERED_ITEM.match(units[at - 1].text)) and \
        not _NUMBERED_ITEM.match(units[at].text)
    while last + 1 < len(units) and last - at <= AFTER:
        if item_tail and _NUMBERED_ITEM.match(units[last + 1].text):
            break  # the next item of the list the unit's item is in
        mark = bullet(units[last + 1].text)
        if mark is not None:  # the list it leads to, whole: its values are the answer
            return list(units[first:last + 1]) + _items(units, last + 1, mark)
        table = table_below(page, units, last)
        if table is not None:  # the table it introduces, with its header
            return list(units[first:last + 1]) + table
        if last - at == AFTER or not leads_after(units[last + 1].text, units[last].text,
                                                 can_lead):
            break
        last += 1
    return list(units[first:last + 1])


def _items(units: Sequence[Span], at: int, mark: str) -> list[Span]:
    """The list `units[at]` is an item of: the items with the same bullet around it, each
    with the rest of it (one line between two items), at most `LIST_ITEMS` items."""
    def item(i: int) -> bool:
        return 0 <= i < len(units) and bullet(units[i].text) == mark

    first = at
    while at - first < LIST_ITEMS:
        back = next((i for i in (first - 1, first - 2) if item(i)), None)
        if back is None:
            break
        first = back
    last = at
    while last - first < LIST_ITEMS:
        on = next((i for i in (last + 1, last + 2) if item(i)), None)
        if on is None:
            break
        last = on
    return list(units[first:last + 1])


def nearest_line_above(page: str, start: int, is_wanted: Callable[[str], bool]) -> str:
    """The nearest whole line above the one `start` is on for which `is_wanted` holds, its
    whitespace folded and any Markdown heading marks stripped; "" when there is none. Span
    choice and the refusal gate each look up the title of a line's section this way, each with
    its own idea of what a title is."""
    above = page[:page.rfind("\n", 0, start) + 1]  # the whole lines before the span's own
    for line in reversed(above.splitlines()):
        flat = " ".join(line.split())
        if is_wanted(flat):
            return flat.lstrip("# ")
    return ""
