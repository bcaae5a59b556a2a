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
* **The asked code's own entry.** "ALARM:3" and "error:3" are rows of two tables with the
  same numbers, and a UPS manual's pages on "device alarms" say "alarm" throughout: the page
  that answers holds the code's entry, its kind word and its number together ("Alarm Code in
  v1.1+: 10", "ALARM:10", "报警 10"). Such a page counts whichever manual it is in (the
  manual prior does not scale it): an entry is too specific to match by chance.
* **Steps for a "how".** A how-to question slightly prefers a page with numbered steps.
* **The manual prior.** All these signals count in full for the manual of the first stage's
  top page and less for manuals further down (DOC_K): the first stage finds the right manual
  far more often than the right page, while a page of an unrelated manual can hold one rare
  word of a loose translation (a Chinese question's English keywords) and jump to the top.
* **Meaning, passage by passage.** The best similarity of any of the page's passages to the
  question's vector (stored at ingest: no new ingest cost; fetched by id for the candidates,
  since the vector search returns only the 60 nearest passages), scaled among the
  candidates. On its own it separates pages of one manual no better than the words do; in
  the fitted combination it lifts the page whose words are not the question's ("too hot"
  asked, "overheats" written).
* **The product the question names.** A word of the question that the library writes almost
  only in the manuals named after it ("octopus", "sb2209": `index.product_names`) lifts those
  manuals' pages: "I plugged the Octopus into a Windows PC over USB, how do I check the
  driver installed" ranked the UPS manual's driver pages first, the Octopus page sixth. Set,
  not fitted with the others (their refit with it, cross-validated, gave R@3 0.894 against
  0.902 now); on both tuning halves (246 questions, `bench/rerank_tune.py`) weight 0 -> 1.2:
  R@1 0.724 -> 0.740, R@3 0.902 -> 0.923, R@5 0.939 -> 0.955, every phrasing in the top 5
  0.829 -> 0.878, codes and quotes R@1 0.84 -> 0.88; every weight from 1.2 to 10 ranks the
  same, 0.5 gives R@3 0.919. The old dev set is unchanged (R@1 0.889, R@3 0.972).
* **A part number the question types.** A word of letters and digits ("M880A", "G320X",
  "NTC100K") held by few of the candidates names the row or page asked about: the drivers'
  timing table runs over six pages of the LinuxCNC manual, each with the same header words,
  and "M880A dir hold / dir setup ns?" ranked the table's first page above the one holding the
  M880A's row. Not a value with its unit ("24v", "100k"), and not a word of a document's file
  name (`names`): "ch32v003" or "ebb36" names the product a whole manual is about, which its
  pages print or not as they please. Set, not fitted with the others: on the three tuning
  halves (315 questions, `bench/rerank_tune.py`) weight 0 -> 0.5 R@1 0.759 -> 0.775, R@3 and
  R@5 unchanged (0.940, 0.959); 0.1-0.3 gave R@1 0.768, 1.0 lost a page from the top 3. Fitted
  with the others, cross-validated R@1 0.737 -> 0.759 and R@3 0.921 -> 0.924.
* **The page's language.** Two of the first stage's three rankings (the question's words and
  its vector) reach pages in the question's language only; the translated words reach the
  others. The fit corrects that lean with a small preference for the other language's page.

How much each counts (WEIGHTS) is fitted, not chosen by hand: `bench/rerank_tune.py
--cross-validate` reads every tuning-half question's candidates once and fits a logistic
regression of "gold page" on these features (steps and code kind held at their hand-set values:
too few tuning questions turn on them). Five-fold cross-validation by paraphrase group, inside
the tuning half, is what says the fit generalises. Measured on the 90 tuning questions
(rerank_tune, the same hit rule as bench/retrieval.py), hand-set weights -> fitted,
cross-validated: page R@1 0.67 -> 0.67, R@3 0.83 -> 0.87, R@5 0.88 -> 0.92, every phrasing in
the top 5 0.67 -> 0.80, codes and quotes R@1 0.82 -> 0.82, cross-language R@5 0.77 -> 0.87.
Without the language feature, cross-validated R@5 0.89 and every phrasing @5 0.67. The old dev set
(`../shared/eval/dev_questions.jsonl`, never fitted on): R@1 0.83 -> 0.89, R@3 0.97, R@5 1.00.

Tried and left out (tuning half, cross-validated where a fit was involved): the hand-set
weights re-chosen from a grid (cross-validated R@3 0.79, R@5 0.84: a grid's best cell is
fitting); the dense candidates' similarity alone as a hand-weighted signal (lower R@3 at every
weight); sentence-level e5 matching (each candidate sentence embedded: R@5 0.93 fitted, but R@3
0.82 and R@1 0.60, and embedding every sentence would cost about as much again as the
passages at ingest); a query-side linear adapter fitted on the library's own heading ->
section pairs (937 pairs; first stage R@1 0.44 -> 0.50, but full R@1 0.67 -> 0.61 and R@3 no
better); page length and first-page features (no gain); a file without pages (Markdown)
read section by section, each "## heading" and its body scored as a page and the file keeping
its best section's features (cross-validated R@1 0.61-0.64, R@3 0.82-0.86, against 0.63 / 0.83
without: the Klipper FAQ stayed in the top 3 as often, and the fitted coverage weight, being
negative, lifted a section over the whole file; docs/benchmarks.md, session 9). Earlier:
per-language normalisation of the translated words' scores (junk translations then won
outright), an overview-page penalty (one question at R@3, and overview pages are sometimes the
answer).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
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
class Features:
    """What the second stage reads on one candidate page, each a number, and (as WEIGHTS)
    how much each counts: a page's score is their weighted sum. The page-text signals
    (window to steps, each from 0 to 1) come already multiplied by the manual prior's
    factor, so they count in full for the first stage's top manual only."""

    window: float = 0.0
    coverage: float = 0.0
    bm25: float = 0.0
    phrase: float = 0.0
    steps: float = 0.0
    # 1 when the page holds the asked code's entry (`holds_code_entry`), in any manual.
    code_entry: float = 0.0
    # The manual prior's factor itself: DOC_K / (DOC_K + the manual's rank).
    manual: float = 0.0
    # The first stage's order: (PRIOR_K + 1) / (PRIOR_K + 1 + rank), 1 at the top.
    prior: float = 0.0
    # The page's best passage's vector similarity to the question, from 0 (the least
    # similar candidate) to 1 (the most similar): only their order among the candidates
    # says anything, e5's similarities sit in a narrow band.
    similarity: float = 0.0
    # 1 when the page is written in the question's language (Chinese or not).
    same_language: float = 0.0
    # 1 when the page's manual is about a product the question names
    # (`index.product_names.named_documents`); 0 for a page not read (a contents page).
    named: float = 0.0
    # The share of the question's part numbers (`part_numbers`) the page holds.
    part_number: float = 0.0

    def score(self, weights: Features) -> float:
        return sum(getattr(self, name) * getattr(weights, name) for name in FEATURES)


FEATURES = tuple(field.name for field in dataclasses.fields(Features))

# Fitted on the whole tuning half by bench/rerank_tune.py --cross-validate (logistic regression
# of "gold page" on the features of every question's candidates), scaled so the prior counts 1;
# refitted when the translation came to keep only the words the library holds (its candidates
# changed): cross-validated R@1 0.64, R@3 0.84, R@5 0.92 on the tuning half.
# Negative weights offset correlated ones (coverage against window and BM25; the manual factor
# itself against the signals it multiplies): read the sum, not a weight alone. The code entry
# is set, not fitted (too few tuning questions name a numbered code): on dev3's tuning half 1.0
# ranks the asked code's row first for 11 of 14 code questions against 9 at 0.5 and 9 with the
# former kind-word share; any weight from 1.0 to 2.5 gives the same ranks (docs/benchmarks.md).
WEIGHTS = Features(window=0.837, coverage=-0.637, bm25=2.296, phrase=0.819, steps=0.1,
                   code_entry=1.0, manual=-0.841, prior=1.0, similarity=0.97,
                   same_language=-0.484, named=1.2, part_number=0.5)

# Quoted text: ASCII and typographic double quotes, CJK corner brackets, single quotes around
# at least two words.
_QUOTED = re.compile(r'"([^"]{4,})"|“([^”]{4,})”|「([^」]{2,})」|『([^』]{2,})』'
                     r"|'([^']*\s[^']*)'|‘([^’]*\s[^’]*)’")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HOW = re.compile(r"^\s*how\b|\bhow (do|can|to|should)\b|如何|怎么|怎样|步骤|方法",
                  re.IGNORECASE)
_STEP = re.compile(r"^\s*(?:\d{1,2}[.)、]|step\s*\d|第[一二三四五六七八九十\d]+步|[①-⑩])",
                   re.IGNORECASE | re.MULTILINE)
# The kinds of code a controller reports, in both languages: GRBL's ALARM:3 and error:3 are
# different tables with the same numbers.
CODE_KINDS = {"alarm": "alarm", "报警": "alarm", "警报": "alarm", "error": "error",
              "错误": "error", "fault": "fault", "故障": "fault", "warning": "warning",
              "警告": "warning"}
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


@functools.lru_cache(maxsize=64)
def _entry(kind: str, number: str) -> re.Pattern[str]:
    """A code's entry: a word of its kind, then within the same clause its number as a
    number of its own ("v1.1+" between them is a version, not the code; "alarms, 10 at most"
    is a count in a sentence, not an entry)."""
    words = "|".join(word for word, found in CODE_KINDS.items() if found == kind)
    return re.compile(f"(?:{words})[^\\n;,，。]{{0,30}}?(?<![\\w.]){number}(?![\\w.])",
                      re.IGNORECASE)


def holds_code_entry(page: str, asked: set[tuple[str, str]]) -> float:
    """1 when the page holds the entry of a numbered code the question names
    (`numbered_codes`): the alarm table's row for "ALARM:10", not the error table's row 10,
    nor a page about alarms in general."""
    return float(any(_entry(kind, number).search(page) for kind, number in asked))


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


# A part or model number: letters and digits in one word ("m880a", "g320x", "ntc100k",
# "db9"); not a value with its unit ("24v", "0.6mm", "100k", "3x").
_PART_NUMBER = re.compile(r"(?=[a-z0-9]*[a-z])(?=[a-z0-9]*\d)[a-z0-9]{3,}")
_VALUE = re.compile(r"\d+(?:\.\d+)?(?:v|a|w|ma|mm|nm|k|kb|mb|hz|khz|mhz|pcs|x)")
# A part number tells the candidates apart when at most this share of them holds it.
PART_SHARE = 1 / 3


def part_numbers(queries: list[frozenset[str]], pages: list[PageWords],
                 names: frozenset[str]) -> frozenset[str]:
    """The part and model numbers among the question's words that some but few candidates
    hold (`PART_SHARE`), save the words of the library's file names (`names`): those name the
    product a whole manual is about."""
    typed = {term for terms in queries for term in terms
             if _PART_NUMBER.fullmatch(term) and not _VALUE.fullmatch(term) and term not in names}
    return frozenset(term for term in typed
                     if 0 < sum(term in page.counts for page in pages) <= PART_SHARE * len(pages))


def scaled(head: list[PageKey], similarity: Mapping[PageKey, float]) -> dict[PageKey, float]:
    """Each candidate's vector similarity, scaled from 0 (the least similar candidate) to 1
    (the most similar); a page without one counts as the least similar."""
    known = [similarity[key] for key in head if key in similarity]
    if not known:
        return {}
    low, high = min(known), max(known)
    spread = high - low or 1.0
    return {key: (similarity[key] - low) / spread for key in head if key in similarity}


def is_chinese(text: str) -> bool:
    """Whether a question or page is written in Chinese: its Chinese characters outnumber a
    fifth of its space-separated words (a Chinese manual names parts and commands in
    English; an English one rarely holds a Chinese word)."""
    return len(_CJK.findall(text)) > 0.2 * len(text.split())


def has_steps(page: str) -> bool:
    return len(_STEP.findall(page)) >= 2


def read(query: str, bridged: str, keys: list[PageKey], page_text: PageText,
         page_words_of: Callable[[PageKey], str | None] | None = None,
         similarity: Mapping[PageKey, float] | None = None,
         named: frozenset[str] = frozenset(),
         names: frozenset[str] = frozenset()) -> dict[PageKey, Features]:
    """The features of each of the first stage's top DEPTH pages (`keys`, best first).
    Kept apart from the weights so that `bench/rerank_tune.py` reads the candidates once
    and fits and tries weightings. `page_words_of` gives a page's words as stored at ingest
    (`words_json`), or None for a page stored without them (a library from before they were
    kept): those are tokenised. `similarity` is each page's best passage's vector
    similarity to the question (a page without stored vectors has none). `named` are the
    documents about a product the question names; `names` the words of the library's file
    names."""
    head = keys[:DEPTH]
    texts = {key: text for key in head if (text := page_text(key))}
    words = {}
    for key, text in texts.items():
        stored = page_words_of(key) if page_words_of else None
        words[key] = stored_words(stored) if stored is not None else page_words(text)
    queries = [frozenset(wanted_terms(text))
               for text in ([query, bridged] if bridged else [query])]
    queries = [terms for terms in queries if terms]
    weight = rarity(queries, list(words.values())) if words and queries else {}
    average = sum(page.length for page in words.values()) / len(words) if words else 1.0
    relevance = {key: bm25(queries, page, weight, average or 1.0) if queries else 0.0
                 for key, page in words.items()}
    top = max(relevance.values(), default=0.0) or 1.0
    quotes = quoted_strings(query)
    how = bool(_HOW.search(query))
    asked_codes = numbered_codes(query)
    closeness = scaled(head, similarity or {})
    chinese = is_chinese(query)
    parts = part_numbers(queries, list(words.values()), names)
    manuals = {doc: rank for rank, doc in enumerate(dict.fromkeys(doc for doc, _ in head))}
    features = {}
    for rank, key in enumerate(head):
        page, text = words.get(key), texts.get(key, "")
        manual = DOC_K / (DOC_K + manuals[key[0]])
        features[key] = Features(
            window=manual * window_coverage(queries, page, weight) if page and queries else 0.0,
            coverage=manual * page_coverage(queries, page, weight) if page and queries else 0.0,
            bm25=manual * relevance.get(key, 0.0) / top,
            phrase=manual * holds_quote(text, quotes),
            steps=manual * float(how and has_steps(text)),
            code_entry=holds_code_entry(text, asked_codes),
            manual=manual,
            prior=(PRIOR_K + 1) / (PRIOR_K + rank + 1),
            similarity=closeness.get(key, 0.0),
            same_language=float(bool(text) and is_chinese(text) == chinese),
            named=float(bool(text) and key[0] in named),
            part_number=manual * sum(term in page.counts for term in parts) / len(parts)
            if parts and page else 0.0)
    return features


def order(keys: list[PageKey], features: dict[PageKey, Features],
          weights: Features = WEIGHTS) -> list[PageKey]:
    """`keys` with the read ones (`features`) sorted by their weighted sum, the first stage's
    order breaking ties; the rest keep their order below them."""
    head = [key for key in keys if key in features]
    tail = [key for key in keys if key not in features]
    scored = sorted(((features[key].score(weights), -rank, key)
                     for rank, key in enumerate(head)), reverse=True)
    return [key for *_, key in scored] + tail


def rerank(query: str, bridged: str, keys: list[PageKey], page_text: PageText,
           weights: Features = WEIGHTS,
           page_words_of: Callable[[PageKey], str | None] | None = None,
           similarity: Mapping[PageKey, float] | None = None,
           named: frozenset[str] = frozenset(),
           names: frozenset[str] = frozenset()) -> list[PageKey]:
    """`keys` (the first stage's pages, best first) in the second stage's order (`read`)."""
    return order(keys, read(query, bridged, keys, page_text, page_words_of, similarity, named,
                            names), weights)
