"""The products a question names, found through the file names of the manuals about them.

A manual names its product in its file name ("btt_octopus_v1_manual_en.pdf") and on most of
its pages; a technician names it however he types it ("octopus", "Octopus", "OCTOPUS"). So a
word of the question is a product's name when the library writes it almost only in the
documents whose file names hold it (`OWN_NAME`): "octopus", "voron", "sb2209". A word many
manuals use ("manual", "usb", "boot") is on pages of every kind and names none.

Search prefers the named product's pages (`index.page_rerank`): "I plugged the Octopus into a
Windows PC, how do I check the driver installed" is about the board's USB driver, not the
UPS drivers whose pages say "driver" and "installed" more often. The refusal gate reads the
same names to tell which retrieved manuals a value must come from, and span choice which
manual's lines may answer (`most_named`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from index.keywords import content_words
from index.tokenize import normalise

PagesWith = Callable[[str], set[tuple[str, int]]]

# Share of a word's pages in the documents named after it that makes it their product's name.
# Measured on the shared corpus's file-name words: its product names 0.88-1.0 ("ebb" 0.88,
# "nut" 0.90, "voron" 0.94, "octopus" 1.0), every other word at most 0.64 ("manual" 0.64,
# "user" 0.62, "usb" 0.12, "boot" 0.09).
OWN_NAME = 0.8


# File names whose words are kept: every document of a large library (search reads all of
# them at each question: at 100,000 passages and 1,223 documents, splitting them again took a
# fifth of a search).
KEPT_NAMES = 16_384


@lru_cache(maxsize=KEPT_NAMES)
def file_words(file: str) -> frozenset[str]:
    """The words of a document's file name ("btt_ebb36_can_v1.1_manual_zh.pdf" -> "btt",
    "ebb36", ...): a manual names its product there when its pages do not."""
    return frozenset(re.split(r"[\W_]+", normalise(file))) - {""}


@lru_cache(maxsize=KEPT_NAMES)
def name_words(file: str) -> frozenset[str]:
    """The words of a file's name without its extension: what names its product or topic
    ("btt_octopus_v1_manual_en.pdf" -> "btt", "octopus", "v1", "manual", "en")."""
    return file_words(file.rsplit(".", 1)[0])


def library_name_words(files: Mapping[str, str]) -> frozenset[str]:
    """The words of every document's file name (`files`: file names by id)."""
    return frozenset(word for file in files.values() for word in name_words(file))


def own_name(word: str, pages_with: PagesWith, files: Mapping[str, str]) -> bool:
    """The library writes `word` on at least `OWN_NAME` of its pages in documents whose file
    names (without the extension) hold it: the name of their product, however a technician
    types it ("octopus", "voron"), not a word many manuals use ("manual", "boot", "usb").
    `files` gives each document's file name by its id."""
    pages = pages_with(word)
    if not pages:
        return False
    named = {doc_id for doc_id in {doc_id for doc_id, _ in pages}
             if word in name_words(files.get(doc_id, ""))}
    return sum(doc_id in named for doc_id, _ in pages) / len(pages) >= OWN_NAME


def named_documents(texts: Iterable[str], pages_with: PagesWith, files: Mapping[str, str]
                    ) -> frozenset[str]:
    """The documents whose file names hold a product name (`own_name`) among the words of
    `texts` (the question, and its translation: "八爪鱼" may render as "octopus"); empty when
    the question names none."""
    names = {word for text in texts for word in content_words(text)}
    by_word: dict[str, set[str]] = {}
    for doc_id, file in files.items():
        for word in name_words(file) & names:
            by_word.setdefault(word, set()).add(doc_id)
    return frozenset(doc_id for word, documents in by_word.items()
                     if own_name(word, pages_with, files) for doc_id in documents)


def most_named(texts: Iterable[str], among: Iterable[str], pages_with: PagesWith,
               files: Mapping[str, str]) -> frozenset[str]:
    """Of the documents `among` (a question's sources), those whose file names hold the most
    product names (`own_name`) of `texts`: "Zyx Octo" names the maker and the board, so the
    Octo's manual, not the maker's other boards' whose file names say "zyx" too. Empty when
    none holds a name or all hold as many: then no manual is about the asked product more
    than another."""
    names = {word for text in texts for word in content_words(text)}
    held = {doc_id: name_words(files.get(doc_id, "")) & names
            for doc_id in among}
    own = {word for words in held.values() for word in words
           if own_name(word, pages_with, files)}
    counts = {doc_id: len(words & own) for doc_id, words in held.items()}
    most = max(counts.values(), default=0)
    if most == 0 or min(counts.values()) == most:
        return frozenset()
    return frozenset(doc_id for doc_id, count in counts.items() if count == most)
