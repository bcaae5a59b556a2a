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
  numbered code ("ALARM:1"), and no word outside the dictionary that the library holds: "my
  Grbl sender" names Grbl, so the unknown "sender" is the technician's own word for the
  program that talks to it.

Chinese questions are not read: jieba cuts words the library does not hold into pieces
("报主刷" of "扫地机器人一直报主刷缠绕") that no part-of-speech tag reads reliably.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lemminflect import getAllLemmas

from index.keywords import content_words
from index.model_codes import model_codes
from index.page_rerank import numbered_codes
from index.product_names import PagesWith, named_documents


def everyday_object(question: str, unknown: Sequence[str], pages_with: PagesWith,
                    files: Mapping[str, str]) -> str | None:
    """The everyday thing `question` names that the library holds nowhere, when the question
    names nothing the library is about; else None. `unknown` are the question's words on no
    page (`gate.unknown_words`), `files` each document's file name by its id."""
    nouns = [word for word in unknown if _only_a_noun(word)]
    if not nouns or model_codes(question) or numbered_codes(question):
        return None
    if named_documents([question], pages_with, files) or any(
            _trade_word(word) and pages_with(word) for word in content_words(question)):
        return None
    return nouns[0]


# Pronouns and quantifiers the lexicon files as nouns ("how many seconds", "is anything
# wrong"): they name no thing, and a small library may hold none of them.
_NO_THING = frozenset({
    "many", "lot", "lots", "thing", "things", "something", "anything", "nothing", "everything",
    "someone", "anyone", "everyone", "somebody", "anybody", "everybody", "nobody", "none",
    "way", "ways", "ones"})


def _only_a_noun(word: str) -> bool:
    """An English word the dictionary knows, and only as a noun."""
    return word.isascii() and word.isalpha() and word not in _NO_THING and \
        set(getAllLemmas(word)) == {"NOUN"}


def _trade_word(word: str) -> bool:
    """An English word (or code) the dictionary does not know: a product's name or jargon."""
    return word.isascii() and not getAllLemmas(word)
