"""Keyword tokens for maintenance text in English and Chinese.

Technicians search by codes: error codes (E-047, error:9), tags (P-101), part numbers
(6205-2RS), sizes (M8x1.25) and values (24 VDC). A general-purpose tokenizer cuts these at the
punctuation and loses exactly what makes them findable, so a code is kept whole and its parts are
added beside it: "6205-2RS" gives `6205-2rs`, `6205`, `2rs`, so a query for either form finds it.
A number followed by a unit is also joined ("24 VDC" gives `24vdc`). Chinese has no spaces: jieba
segments it into words (and the shorter words inside long ones, as search engines do).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A code: alphanumeric parts joined by - _ . / : or x between digits, with at least one digit.
_CODE = re.compile(r"(?<![\w-])(?=[\w./:-]*\d)[a-z0-9]+(?:[-_./:][a-z0-9]+|(?<=\d)x(?=\d)[0-9.]+)+")
_WORD = re.compile(r"[a-z0-9]+")
_VALUE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(v|vdc|vac|a|ma|w|kw|nm|mm|hz|khz|rpm|bar|psi|"
                    r"°c|c|ohm|kohm|k|mh|uf|s|ms|h)\b")

_jieba_lock = threading.Lock()
_jieba = None


def _segmenter():
    """jieba loads its dictionary (about half a second) on first use; do it once,
    thread-safely. The load holds the interpreter for up to ~0.3 s at a time, whether from
    jieba's cache (one native read) or built from its word list (the dictionary's half-million
    entries outgrowing their table), so the desktop does it while its models warm. Its
    part-of-speech tagger (`chinese_word_class`) reads the dictionary's tags (0.3 s) in the
    same load, not in the middle of the first answer that asks for a tag."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            import jieba.posseg

            jieba.initialize()
            _jieba = jieba
    return _jieba


def normalise(text: str) -> str:
    """Full-width forms (Ｅ－０４７, common in Chinese documents) to ASCII, lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def segment_chinese(run: str) -> list[str]:
    """Chinese words of a run of Chinese text, each once, in jieba's precise mode."""
    return [word for word in _segmenter().lcut(run) if word.strip()]


def chinese_word_class(word: str) -> str:
    """jieba's part-of-speech tag of the word's first piece: "n" (noun), "nz", "v" (verb),
    "m" (numeral), "r" (pronoun), "d" (adverb), "f" (direction)... ("哪几种" is "l", "后要"
    is "f" then "v"), from the tags of jieba's dictionary."""
    first = next(iter(_segmenter().posseg.cut(word)), None)
    return first.flag if first is not None else ""


# Chinese runs whose words are kept: answering one question cuts the same sentences of its
# pages many times over (each candidate span, its block, its section's title, the gate's
# checks), and jieba's search cut was an eighth of the composed answer's time. Runs are short
# (a clause between Latin words and punctuation): this many take a few tens of MB at most.
_RUNS_KEPT = 1 << 16


@lru_cache(maxsize=_RUNS_KEPT)
def _cjk_tokens(run: str) -> tuple[str, ...]:
    return tuple(word for word in _segmenter().cut_for_search(run) if word.strip())


def _latin_tokens(text: str) -> Iterator[str]:
    for match in _CODE.finditer(text):
        code = match.group().strip(".:/-")
        yield code
        if ":" in code:  # "error:9" is also written "error 9"
            yield code.replace(":", "")
    for match in _VALUE.finditer(text):
        yield match.group(1) + match.group(2)
    yield from _WORD.findall(text)


def tokens(text: str) -> list[str]:
    """Every keyword token of `text`, in order of kind (codes, values, words, Chinese)."""
    text = normalise(text)
    found: list[str] = []
    position = 0
    latin_parts = []
    for run in CJK_RUN.finditer(text):
        latin_parts.append(text[position:run.start()])
        found.extend(_cjk_tokens(run.group()))
        position = run.end()
    latin_parts.append(text[position:])
    found.extend(_latin_tokens(" ".join(latin_parts)))
    return found


# A plain number, or a version: "2.7.1", "v1.1", and a series of them ("2.8.x", "V2.x"); a
# fraction or a date ("1/16" microstepping, "2025/05/07") is a number too.
_NOT_A_CODE = re.compile(r"[\d.]+(?:/[\d.]+)*|v?\d+(\.\d+)*(\.x)?")


def codes(text: str) -> set[str]:
    """The error codes, tags and part numbers in a query (E-047, P-101, 6205-2RS, error:9): a
    page that holds one of these exactly is what the technician is after. Plain numbers and
    version numbers are not codes ("after 2.8.x" put the pages naming that release before the
    one stating what it changed); model names (EBB36) are left to keyword ranking, since a
    manual names its product on every page."""
    found = {match.group().strip(".:/-") for match in _CODE.finditer(normalise(text))}
    return {code for code in found if not _NOT_A_CODE.fullmatch(code)}
