"""How much of a question a span says, counted word by word in either language.

A Chinese question on an English manual shares no words with the sentence that answers it, so
its words are translated. Pooling every sense of every word into one bag and asking what share
of the bag a span holds (what keyword search does with `translate_query`) dilutes the score:
"配置" brings "configuration", "setting", "arrange"... and a line about the Configuration Selector
outscores the minimum hardware list that answers "电脑最低要什么配置". Here each question word
counts once: covered when the span holds the word itself or any one of its renderings
(`index.query_translation.renderings`), so the span that renders most of the question's words
wins, whatever the number of senses each word has.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache

from index.keywords import STOPWORDS, fold, present_terms, wanted_terms
from index.model_codes import SCREW_SIZE
from index.query_translation import renderings
from index.tokenize import CJK_RUN, normalise, segment_chinese, tokens

_CJK = re.compile(r"[\u3400-\u9fff]")


def language_of(text: str) -> str:
    """"zh" for a text with two Chinese characters or more, else "en"."""
    return "zh" if len(_CJK.findall(text)) >= 2 else "en"


@lru_cache(maxsize=256)
def question_words(question: str) -> tuple[tuple[str, ...], ...]:
    """Each content word of the question with its renderings: Chinese words as jieba's
    precise mode cuts them (not the overlapping search cut, which would count "逻辑电源" three
    times), Latin words and codes as keyword search reads them."""
    text = normalise(question)
    chinese = [w for run in CJK_RUN.findall(text) for w in segment_chinese(run)]
    latin = tokens(CJK_RUN.sub(" ", text))
    words = dict.fromkeys(w for w in chinese + latin if w not in STOPWORDS and len(w) > 1)
    return tuple((word, *renderings(word), *_size_forms(word)) for word in words)


def _size_forms(word: str) -> tuple[str, ...]:
    """A screw's size as typed ("m3x16"): a parts list prints its thread and length apart
    ("16mm M3 hex socket screw", "M3-16"), so the two words together hold it."""
    size = SCREW_SIZE.fullmatch(word)
    return (f"{size.group(2)}mm {size.group(1)}",) if size else ()


def _holds(form: str, folded: AbstractSet[str], flat: str) -> bool:
    """A Chinese form is looked for in the text as it is (jieba may cut the page otherwise);
    an English one word by word, folded ("supplies" holds "supply")."""
    if CJK_RUN.search(form):
        return form in flat
    words = form.split()
    return bool(words) and all(fold(word) in folded for word in words)


# A value with its unit as a page prints it ("180MHz", "24v"): the unit is a word of its own
# for a question that asks "in mhz". A part number's family ("STM32F446" of "STM32F446ZET6",
# the suffix naming the package and temperature range) is what a question types: a code's
# prefixes that end where its digits do, of `_FAMILY` characters or more, count as its words.
_VALUE_UNIT = re.compile(r"^\d+(?:\.\d+)?([a-z]{1,4})$")
_CODE_FAMILY = re.compile(r"[a-z]+\d+(?=[a-z])")
_FAMILY = 5


def _read_terms(text: str) -> frozenset[str]:
    terms = present_terms(text)
    more = {match.group(1) for term in terms if (match := _VALUE_UNIT.match(term))}
    for term in terms:
        if any(ch.isdigit() for ch in term) and any(ch.isalpha() for ch in term):
            at = 0
            while (match := _CODE_FAMILY.match(term, at)) is not None:
                if match.end() >= _FAMILY:
                    more.add(term[:match.end()])
                at = match.end()
    return frozenset(terms | more)


# A page's lines are read for every question on it, and a line's block and its title again:
# the tokens of one text are read once (jieba is most of the ranking's time).
_terms = lru_cache(maxsize=16384)(_read_terms)


def bilingual_coverage(question: str, text: str, ignored: frozenset[str] = frozenset()
                       ) -> float:
    """Share of the question's content words (`ignored` left out) the text holds, each in its
    own language or in any of its renderings."""
    wanted = [forms for forms in question_words(question) if forms[0] not in ignored]
    if not wanted:
        return 0.0
    folded, flat = _terms(text), normalise(text)
    return sum(any(_holds(form, folded, flat) for form in forms) for forms in wanted) / len(wanted)


def words_score(question: str, text: str, ignored: frozenset[str] = frozenset()) -> float:
    """How much of the question the text says: the share of its words as keyword search
    counts them, or word by word across languages, whichever is more. `ignored` words do not
    count (the asked product's name, once its manuals are known)."""
    wanted = _wanted(question) - ignored
    same = len(wanted & _terms(text)) / len(wanted) if wanted else 0.0
    return max(same, bilingual_coverage(question, text, ignored))


@lru_cache(maxsize=256)
def _wanted(question: str) -> frozenset[str]:
    return frozenset(wanted_terms(question))
