"""Second stage: the fused candidate pages re-ranked by what each page itself says.

The first stage (dense and keyword retrieval, fused per page) finds the right manual but often
not the right page of it: a feature list or an overview names every topic of the product in
passing and outranks the page that explains one; the same manual in the other language, a
parts list, or a whole FAQ loaded as one page shares the question's words without answering
it. So the top DEPTH candidates are read again, their words compared with the question's
(original and translated words, whichever match better), and each keeps its first-stage
order as a prior (a rank-based score), so the second stage reorders what the first found:

* **Rare words count.** Every word is weighed by its rarity among the candidates (BM25's
  inverse document frequency over those pages): the product's name is on every page of its
  manual and tells none apart; "offset" or "Rsense" is on few, and those are the pages asked
  about. Words are compared as Snowball English stems (index.keywords.fold), so "updating"
  matches "update" and "batteries" "battery".
* **BM25 of the page** (the strongest signal): how often the rare words occur, with long
  pages normalised, so a whole FAQ does not win by length. Scaled to 1 for the best candidate.
* **Coverage**: the weighted share of the question's words the page holds anywhere, and
  (weaker) in a window of a few adjacent sentences, where a procedure step holds its words
  together and a feature list spreads them.
* **A quoted string.** A log line or message the technician quotes ("can't bind") is found
  verbatim, or nearly, on the page that explains it: such pages go first.
* **The kind of code asked.** "ALARM:3" and "error:3" are rows of two tables with the same
  numbers; the page whose code words are the kind asked gets a bonus.
* **Steps for a "how".** A how-to question slightly prefers a page with numbered steps.
* **The manual prior.** All these signals count in full for the manual of the first stage's
  top page and less for manuals further down (DOC_K): the first stage finds the right manual
  far more often than the right page, while a page of an unrelated manual can hold one rare
  word of a loose translation (a Chinese question's English keywords) and jump to the top.

Weights and PRIOR_K were chosen on the tuning half of `bench/questions/` only (90 answerable
questions), with `bench/rerank_tune.py`, which caches the first stage and re-scores designs
offline: from a coarse grid, a point inside a plateau rather than the single best cell
(halving any one weight or raising it by half moves R@1 by at most 0.05 and R@5 by at most
0.02). Without the manual prior, the tuning half reached page R@1 0.69, R@3 0.84, R@5 0.90,
but the old dev set (`../shared/eval/dev_questions.jsonl`) dropped from R@1 0.81 to 0.69:
pages of unrelated manuals won on rare translated words. DOC_K = 2 is the gentlest prior of
those tried (8, 4, 2, 1) that keeps the old set from dropping, so that one constant was chosen
with the old set as a constraint and the old set no longer checks it independently. With it,
on the tuning half against the previous second stage: page R@1 0.53 -> 0.67, R@3 0.80 ->
0.83, R@5 0.88 -> 0.88, every phrasing @5 0.63 -> 0.67, codes and quotes R@1 0.73 -> 0.82,
cross-language R@5 0.80 -> 0.77; the old set R@1 0.81 -> 0.83. The test half is in
docs/benchmarks.md. Tried and left out:
per-language normalisation of the translated words' scores (junk translations then won
outright), a preference for pages in the question's language (no gain: the cross-language
questions need the other language), an overview-page penalty (one question at R@3, and
overview pages are sometimes the answer), the code-kind weight (no tuning question turns on
it: 0.5, half a quoted message, is a judgement). Earlier, a page-level dense score lowered R@5
at every weight: e5's compressed similarities do not separate pages of one manual.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from index.keywords import fold, wanted_terms
from index.sentences import sentences
from index.tokenize import tokens

PageKey = tuple[str, int]
PageText = Callable[[PageKey], str | None]

# Candidates re-read: the first stage's top pages (the rest keep their order below them).
DEPTH = 30
# Adjacent sentences a window spans: one step and its neighbours, a table row and its header.
WINDOW = 3
# Rank prior: the first stage's order counts as 1 / (PRIOR_K + rank), scaled to 1 at the top.
PRIOR_K = 40
# Manual prior: the first stage finds the right manual far more often than the right page, so
# a page's signals count in full for the manual of the top page and less for each manual that
# first appears further down: DOC_K / (DOC_K + the manual's rank among the candidates' manuals).
DOC_K = 2.0
# BM25's term-frequency saturation and length normalisation (the usual values).
BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True)
class Weights:
    """How much each signal counts against the first stage's order (whose top scores 1)."""

    window: float = 0.25
    coverage: float = 0.5
    bm25: float = 1.0
    phrase: float = 1.0
    steps: float = 0.1
    code_kind: float = 0.5


WEIGHTS = Weights()

# Quoted text: ASCII and typographic double quotes, CJK corner brackets, single quotes around
# at least two words.
_QUOTED = re.compile(r'"([^"]{4,})"|“([^”]{4,})”|「([^」]{2,})」|『([^』]{2,})』'
                     r"|'([^']*\s[^']*)'|‘([^’]*\s[^’]*)’")
_HOW = re.compile(r"^\s*how\b|\bhow (do|can|to|should)\b|如何|怎么|怎样|步骤|方法",
                  re.IGNORECASE)
_STEP = re.compile(r"^\s*(?:\d{1,2}[.)、]|step\s*\d|第[一二三四五六七八九十\d]+步|[①-⑩])",
                   re.IGNORECASE | re.MULTILINE)
# The kinds of code a controller reports, in both languages: GRBL's ALARM:3 and error:3 are
# different tables with the same numbers.
CODE_KINDS = {"alarm": "alarm", "报警": "alarm", "警报": "alarm", "error": "error",
              "错误": "error", "fault": "fault", "故障": "fault", "warning": "warning",
              "警告": "warning"}
_KIND_WORD = re.compile("|".join(CODE_KINDS), re.IGNORECASE)
_KIND_ASKED = re.compile(f"({'|'.join(CODE_KINDS)})\\s*[:：#]?\\s*(\\d{{1,3}})(?!\\d)",
                         re.IGNORECASE)


def quoted_strings(query: str) -> list[str]:
    """The strings the question quotes, as a technician copies them off a screen or a log."""
    return [next(group for group in match.groups() if group).strip()
            for match in _QUOTED.finditer(query)]


def _folded(text: str) -> str:
    return "".join(text.lower().split())


def holds_quote(page: str, quotes: list[str]) -> float:
    """Share of the quoted strings the page holds, ignoring case and spacing (text layers
    split and join words unpredictably)."""
    if not quotes:
        return 0.0
    folded = _folded(page)
    return sum(_folded(quote) in folded for quote in quotes) / len(quotes)


def numbered_codes(query: str) -> set[tuple[str, str]]:
    """The numbered codes the question names, by kind: "ALARM:3" and "报警 3" are ("alarm",
    "3"), "error 15" is ("error", "15")."""
    return {(CODE_KINDS[match.group(1).lower()], match.group(2))
            for match in _KIND_ASKED.finditer(query)}


def code_kinds_asked(query: str) -> set[str]:
    """The kinds of code the question names with a number ("ALARM:3", "error 15", "报警 3")."""
    return {kind for kind, _ in numbered_codes(query)}


def code_kind_share(page: str, asked: set[str]) -> float:
    """Share of the page's code-kind words that are the kind asked: an alarm table says
    "alarm" in every row, the error table of the same controller says "error"."""
    if not asked:
        return 0.0
    found = [CODE_KINDS[word.lower()] for word in _KIND_WORD.findall(page)]
    return sum(kind in asked for kind in found) / len(found) if found else 0.0


@dataclass(frozen=True)
class PageWords:
    """A page's words, folded: each sentence's, and how often each occurs on the page."""

    sentences: tuple[frozenset[str], ...]
    counts: Counter[str]

    @property
    def length(self) -> int:
        return sum(self.counts.values())


@functools.lru_cache(maxsize=512)
def page_words(page: str) -> PageWords:
    """Tokenising a page (jieba for Chinese) costs far more than the comparisons, and a
    technician's questions return to the same pages."""
    folded = [[fold(term) for term in tokens(span.text)] for span in sentences(page)]
    return PageWords(tuple(frozenset(terms) for terms in folded),
                     Counter(term for terms in folded for term in terms))


def words_json(page: str) -> str:
    """A page's words as stored at ingest (index.catalog keeps them beside the page's text):
    each sentence's folded terms in order, repeats kept, so `stored_words` rebuilds the same
    PageWords. At 100,000 passages, tokenising the candidates at every question (jieba for
    Chinese) was 40 % of a search's time."""
    folded = [[fold(term) for term in tokens(span.text)] for span in sentences(page)]
    return json.dumps(folded, ensure_ascii=False, separators=(",", ":"))


def stored_words(stored: str) -> PageWords:
    folded: list[list[str]] = json.loads(stored)
    return PageWords(tuple(frozenset(terms) for terms in folded),
                     Counter(term for terms in folded for term in terms))


def rarity(queries: list[frozenset[str]], pages: list[PageWords]) -> dict[str, float]:
    """Each query word's inverse document frequency among the candidate pages (BM25's form):
    a word every candidate holds (the product's name) tells them apart no more than a word
    none holds; a word few hold does."""
    total = len(pages)
    weights = {}
    for term in frozenset().union(*queries):
        held = sum(term in words.counts for words in pages)
        weights[term] = math.log(1 + (total - held + 0.5) / (held + 0.5))
    return weights


def _share(terms: frozenset[str], found: frozenset[str] | Counter[str],
           weight: dict[str, float]) -> float:
    whole = sum(weight[term] for term in terms)
    return sum(weight[term] for term in terms if term in found) / whole if whole else 0.0


def window_coverage(queries: list[frozenset[str]], words: PageWords,
                    weight: dict[str, float]) -> float:
    """The best weighted share of a query's words that WINDOW adjacent sentences hold."""
    best = 0.0
    for first in range(max(1, len(words.sentences) - WINDOW + 1)):
        window = frozenset().union(*words.sentences[first:first + WINDOW])
        best = max(best, *(_share(terms, window, weight) for terms in queries))
    return best


def page_coverage(queries: list[frozenset[str]], words: PageWords,
                  weight: dict[str, float]) -> float:
    """The best weighted share of a query's words that the page holds anywhere."""
    return max(_share(terms, words.counts, weight) for terms in queries)


def bm25(queries: list[frozenset[str]], words: PageWords, weight: dict[str, float],
         average_length: float) -> float:
    """BM25 of the page for the best query: frequent words count, long pages (a whole FAQ
    loaded as one page) do not win by length alone."""
    norm = BM25_K1 * (1 - BM25_B + BM25_B * words.length / average_length)
    best = 0.0
    for terms in queries:
        score = 0.0
        for term in terms:
            count = words.counts.get(term, 0)
            score += weight[term] * count * (BM25_K1 + 1) / (count + norm) if count else 0.0
        best = max(best, score)
    return best


def has_steps(page: str) -> bool:
    return len(_STEP.findall(page)) >= 2


def rerank(query: str, bridged: str, keys: list[PageKey], page_text: PageText,
           weights: Weights = WEIGHTS,
           page_words_of: Callable[[PageKey], str | None] | None = None) -> list[PageKey]:
    """`keys` (the first stage's pages, best first) in the second stage's order.
    `page_words_of` gives a page's words as stored at ingest (`words_json`), or None for a
    page stored without them (a library from before they were kept): those are tokenised."""
    head, tail = keys[:DEPTH], keys[DEPTH:]
    texts = {key: text for key in head if (text := page_text(key))}
    words = {}
    for key, text in texts.items():
        stored = page_words_of(key) if page_words_of else None
        words[key] = stored_words(stored) if stored is not None else page_words(text)
    queries = [frozenset(wanted_terms(text))
               for text in ([query, bridged] if bridged else [query])]
    queries = [terms for terms in queries if terms]
    signals = {key: 0.0 for key in head}
    if words and queries:
        weight = rarity(queries, list(words.values()))
        average = sum(page.length for page in words.values()) / len(words) or 1.0
        relevance = {key: bm25(queries, page, weight, average) for key, page in words.items()}
        top = max(relevance.values()) or 1.0
        for key, page in words.items():
            signals[key] = (weights.window * window_coverage(queries, page, weight)
                            + weights.coverage * page_coverage(queries, page, weight)
                            + weights.bm25 * relevance[key] / top)
    quotes = quoted_strings(query)
    how = bool(_HOW.search(query))
    kinds = code_kinds_asked(query)
    manuals = {doc: rank for rank, doc in enumerate(dict.fromkeys(doc for doc, _ in head))}
    for key, text in texts.items():
        signals[key] += (weights.phrase * holds_quote(text, quotes)
                         + (weights.steps if how and has_steps(text) else 0.0)
                         + weights.code_kind * code_kind_share(text, kinds))
        signals[key] *= DOC_K / (DOC_K + manuals[key[0]])

    def score(rank: int, key: PageKey) -> float:
        return (PRIOR_K + 1) / (PRIOR_K + rank + 1) + signals[key]

    scored = sorted(((score(rank, key), -rank, key) for rank, key in enumerate(head)),
                    reverse=True)
    return [key for *_, key in scored] + tail
