"""An everyday object the library never mentions: the sign of a question about something else.

"Forklift mast creeps down overnight with a load on the forks. Which seal is usually
leaking?" shares "seal", "load" and "creep" with a plant's manuals, and most of its words are
on some page, so neither similarity nor the share of known words (`gate.known_share`) tells it
from a real question. What does: it names an everyday thing ("forklift", "welder") that no
page of the library holds, and nothing the library is about (a product, a model or error
code, a word of the trade the manuals use and a dictionary does not know: "klipper", "upsd").

So a question is off the library's topics when both hold:

* a word of it that an English dictionary knows only as a noun (LemmInflect's lexicon, which
  ships in its wheel: no download) is on no page, in no translation and no stem (the gate's
  `unknown_words`); a verb or an adjective held nowhere ("stutters", "crooked") is only how
  the technician puts it, and a word the dictionary does not know may be a typo or jargon;
* it names no product of the library (`product_names.named_documents`), no model code, no
  numbered code ("ALARM:1"), no word outside the dictionary that the library holds ("my
  Grbl sender" names Grbl, so the unknown "sender" is the technician's own word for the
  program that talks to it), and, in a Chinese question, no English it quotes that a page
  holds as written ("last-chance oil filter" of a glossary of engines, whose words the
  dictionary knows).

A Chinese question names its thing in Chinese ("办公室饮水机不出热水了", the office water
dispenser), and jieba cuts words the library does not hold into pieces ("报主刷" of
"扫地机器人一直报主刷缠绕") that its part-of-speech tags do not reliably tell to be things. What
they do tell is a word that names none: a count ("几样"), an adverb ("先要"), a verb
(`names_no_thing`). So a Chinese word counts as a thing only when jieba does not tag it so,
the dictionary (CC-CEDICT) knows it whole, the trade glossaries do not, and what it means is
a noun the library holds nowhere:

* no page holds the word;
* no sense of it is a verb ("to sweep the floor": 扫地), and its first sense ends in a word
  that can be a noun ("water dispenser");
* no page holds that noun, nor any sense as written ("aluminum foil" of 铝箔 is a foil, which
  a cable manual's "foil shield" holds; "air conditioning" is a glossary's entry).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise

from lemminflect import getAllLemmas

from index.keywords import content_words
from index.model_codes import model_codes
from index.page_rerank import numbered_codes
from index.product_names import PagesWith, named_documents
from index.query_translation import chinese_words, dictionary_word, translate_query
from index.tokenize import CJK_RUN, chinese_word_class


def everyday_object(question: str, unknown: Sequence[str], pages_with: PagesWith,
                    files: Mapping[str, str]) -> str | None:
    """The everyday thing `question` names that the library holds nowhere, when the question
    names nothing the library is about; else None. `unknown` are the question's words on no
    page (`gate.unknown_words`), `files` each document's file name by its id."""
    if model_codes(question) or numbered_codes(question):
        return None  # before the Chinese words' page lookups
    nouns = [word for word in unknown if _only_a_noun(word) or _owned_noun(question, word)] + \
        _chinese_things(question, pages_with)
    if not nouns:
        return None
    # A Chinese question names a product in Chinese ("八爪鱼" for the Octopus board): its
    # translation names the manual.
    named = [question, translate_query(question)] if CJK_RUN.search(question) else [question]
    if named_documents(named, pages_with, files) or any(
            _trade_word(word) and pages_with(word) for word in content_words(question)) or \
            any(pages_with(pair) for pair in _quoted_pairs(question)):
        return None
    return nouns[0]


_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*)*")


def _quoted_pairs(question: str) -> list[str]:
    """Two content words side by side in the English a Chinese question quotes ("最后一道滤油器
    （last-chance oil filter）": "chance oil", "oil filter"). A technician who types the
    manual's English words into a Chinese question is quoting the manual, and a page holding
    the pair as written is what the question is about, however plain its words (a glossary of
    engines writes in the dictionary's words, so no trade word tells). An English question's
    pairs are its own wording: "my forklift vibrates after a bearing change" shares "bearing
    change" with a pump manual and is still about the forklift."""
    if not CJK_RUN.search(question):
        return []
    pairs = []
    for run in _LATIN_RUN.findall(question):
        words = [word.lower() for word in re.split(r"[\s-]+", run) if word]
        pairs += [f"{first} {second}" for first, second in pairwise(words)
                  if {first, second} <= content_words(f"{first} {second}")]
    return pairs


# Pronouns and quantifiers the lexicon files as nouns ("how many seconds", "is anything
# wrong"): they name no thing, and a small library may hold none of them.
_NO_THING = frozenset({
    "many", "lot", "lots", "thing", "things", "something", "anything", "nothing", "everything",
    "someone", "anyone", "everyone", "somebody", "anybody", "everybody", "nobody", "none",
    "way", "ways", "ones"})


# jieba's tags of what names a thing: nouns (and names, "nr", "nz"), a verb used as a noun
# ("vn"), an abbreviation ("j"), a distinguishing word ("b"). Not a set phrase ("l"): jieba
# files "哪几个" (which few) and "装不上" (won't fit) under it.
_THING_TAGS = ("n", "vn", "j", "b")


def names_no_thing(word: str) -> bool:
    """A Chinese word of the question that is how the technician puts it, not what the
    question is about: a verb, an adjective, a count, a pronoun, an adverb ("先要", "几样",
    "厉害", "咋办" of "换轴承后泵抖得厉害咋办"). jieba's search cut gives a colloquial phrase
    as several such words ("哪几", "几个", "哪几个"), which held nowhere outnumbered the
    question's words of the trade; the things it names ("电饭煲" of a rice cooker) still
    count."""
    return bool(CJK_RUN.search(word)) and not chinese_word_class(word).startswith(_THING_TAGS)


# The words of a dictionary sense: an English noun phrase as the library's pages would write it.
_SENSE_WORD = re.compile(r"[a-z][a-z-]*")
_SENSE_FILLER = frozenset({"a", "an", "the", "of"})


def _chinese_things(question: str, pages_with: PagesWith) -> list[str]:
    """The question's Chinese words for things the library holds nowhere, in either language
    (see the module's docstring)."""
    things = []
    for word, senses in chinese_words(question):
        meanings = [part.strip() for sense in senses for part in sense.split(";") if part.strip()]
        if len(word) < 2 or not meanings or names_no_thing(word) or pages_with(word) or \
                any(meaning.startswith("to ") for meaning in meanings):
            continue
        words = [_SENSE_WORD.findall(meaning) for meaning in meanings]
        head = words[0][-1] if words[0] else ""
        if "NOUN" not in getAllLemmas(head) or pages_with(head):
            continue
        if not any(pages_with(" ".join(w for w in phrase if w not in _SENSE_FILLER))
                   for phrase in words if phrase):
            things.append(word)
    return things


def _only_a_noun(word: str) -> bool:
    """An English word the dictionary knows, and only as a noun."""
    return word.isascii() and word.isalpha() and word not in _NO_THING and \
        set(getAllLemmas(word)) == {"NOUN"}


# Whose a thing is: a word right after one names a thing ("my pool pump": the "pool" the
# lexicon also knows as a verb, "to pool").
_OWNER = re.compile(r"\b(?:my|our|your|his|her|their)\s+([a-z]+)\b", re.IGNORECASE)


def _owned_noun(question: str, word: str) -> bool:
    """An English word the dictionary knows as a noun, among other things, that the question
    puts right after "my", "our", "your": a thing of the technician's own."""
    return "NOUN" in getAllLemmas(word) and word not in _NO_THING and any(
        match.group(1).lower() == word for match in _OWNER.finditer(question))


# English words the lexicon files under no part of speech it knows (conjunctions, prepositions,
# greetings) and CC-CEDICT glosses under none alone: every page holds "but", so "My pool pump
# hums but won't start" named a word of the trade.
_FUNCTION_WORDS = frozenset({"but", "nor", "unless", "against", "onto", "per", "upon", "ok",
                             "okay", "hi", "hello", "versus", "vs"})
# A number as the tokenizer keeps it ("180", "0.05").
_NUMBER = re.compile(r"[\d.,]+")


def _trade_word(word: str) -> bool:
    """An English word (or code) the dictionaries do not know: a product's name or jargon.
    LemmInflect's lexicon lacks some plain nouns ("multimeter"), which CC-CEDICT glosses: the
    multimeter of "test my kitchen oven's heating element with a multimeter" is no sign the
    question is about a library that mentions one. A number is no name: the "180" degrees an
    oven is set to are on some page of any library."""
    return word.isascii() and not _NUMBER.fullmatch(word) and word not in _FUNCTION_WORDS and \
        not getAllLemmas(word) and not dictionary_word(word)
