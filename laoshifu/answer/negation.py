"""The branch a question says it is not on.

A page often gives two branches side by side: "CH32V003 与 CH641 的跳转有 1us 延时" and "V006
系列芯片没有额外的跳转延时", "an NPN probe needs a 4k7 pull-up" and what a PNP one needs, "For
CH32 series chips" and "For chips other than CH32 series". A question asked by contrast names
the branch it is not on ("不是 CH32V003 或 CH641，而是 V006 系列", "a PNP sensor, not NPN",
"as opposed to the CH32V003"), and the line of that branch shares the named code, so it won on
the question's words. So span choice does not count the codes a question sets aside as its
words, and a line that sets them aside too ("other than CH32 series", "不带 31865") is on the
asked branch.

Only codes and names in capitals are read ("NPN", "CH641", "31865", "RJ12"): "not working" or
"不是很稳定" set nothing aside, and the words after a plain "not" are too often the symptom.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.tokenize import normalise, tokens

# A code ("CH32V003", "31865", "RJ12") or a name in capitals ("NPN"); not a value ("0", "24V").
_NAME = r"(?:[A-Za-z][A-Za-z0-9.-]*\d[A-Za-z0-9.-]*|\d{3,}[A-Za-z0-9.-]*|[A-Z]{2,}[A-Za-z0-9.-]*)"
_MORE = r"(?:\s*(?:,|/|、|，|或|和|及|与|(?i:or|and|nor))\s*(?:(?i:the)\s+)?" + _NAME + r")*"
# What sets a branch aside, in English and in Chinese; "无" and "非" alone only right before a
# code ("无 31865", "非 CH32"), since they open many words (无法, 非常).
_ASIDE = re.compile(
    r"(?:(?i:\b(?:not|other than|except(?: for)?|as opposed to|instead of|rather than|"
    r"without|non-))\s*(?:(?i:the|a|an|my|any)\s+)?|不是|并非|而非|除了|不带|没带|没有带|不用|"
    r"(?<![\u4e00-\u9fff])[无非])\s*(" + _NAME + _MORE + r")(?![A-Za-z0-9.-])")


@lru_cache(maxsize=256)
def set_aside(question: str) -> frozenset[str]:
    """The words of the codes and capitalised names the question says it is not about, as
    keyword search reads them ("ch32v003", "ch641" of "不是 CH32V003 或 CH641")."""
    return frozenset(word for match in _ASIDE.finditer(question)
                     for name in re.findall(_NAME, match.group(1))
                     for word in tokens(normalise(name)))


def without_aside(question: str) -> str:
    """The question without what it sets aside, as the search model should read it: it reads
    "PNP, not NPN" as much about NPN as about PNP."""
    return _ASIDE.sub(" ", question)


def sets_aside(text: str, words: frozenset[str]) -> bool:
    """Whether the text sets aside one of `words` itself: the other branch of a page that
    names both ("For chips other than CH32 series")."""
    return bool(words) and not set_aside(text).isdisjoint(words)


def on_branch_aside(text: str, words: frozenset[str]) -> bool:
    """Whether the text is on the branch set aside: it names one of `words` and sets none
    aside itself ("An NPN probe needs a 4.7K pull-up", for a question "not NPN")."""
    return bool(words) and not words.isdisjoint(tokens(normalise(text))) and \
        not sets_aside(text, words)
