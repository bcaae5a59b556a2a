"""Second stage: the fused candidate pages re-ranked by what each page itself says.

The first stage (dense and keyword retrieval, fused per page) finds the right manual but often
not the right page of it: a feature list or an overview names every topic of the product in
passing and outranks the page that explains one; the same manual in the other language, or a
parts list, shares the question's words without answering it. What tells those pages apart is
whether the question's words stand *together* somewhere on the page, so the top candidates are
read again, sentence by sentence:

* **Where the question's words meet.** The best window of a few adjacent sentences, scored by
  the share of the question's content words it holds (original or translated words, whichever
  covers more): a procedure step that says "copy firmware.bin to the SD card and power on"
  holds "firmware", "SD" and "card" in one place; a feature list spreads them over the page.
* **A quoted string.** A log line or message the technician quotes ("can't bind") is found
  verbatim, or nearly, on the page that explains it: such pages go first.
* **Steps for a "how".** A how-to question prefers a page with numbered steps.

Each candidate keeps its first-stage order as a prior (a rank-based score), so a page that both
stages like stays on top and the second stage only reorders what the first stage found. The
weights were chosen on the tuning half of `bench/questions/` (90 answerable questions): page
R@1 0.43 -> 0.53, R@5 0.86 -> 0.88 there (docs/benchmarks.md has the test half). A page-level
dense score (the best stored passage vector of each candidate page against the question) was
tried as a fourth signal and lowered R@5 at every weight: e5's compressed similarities do not
separate pages of one manual.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from index.keywords import present_terms, wanted_terms
from index.sentences import sentences

PageKey = tuple[str, int]
PageText = Callable[[PageKey], str | None]

# Candidates re-read: the first stage's top pages (the rest keep their order below them).
DEPTH = 30
# Adjacent sentences a window spans: one step and its neighbours, a table row and its header.
WINDOW = 3
# Rank prior: the first stage's order counts as 1 / (PRIOR_K + rank), scaled to 1 at the top.
PRIOR_K = 10


@dataclass(frozen=True)
class Weights:
    """How much each signal counts against the first stage's order (whose top scores 1)."""

    window: float = 0.5
    phrase: float = 1.0
    steps: float = 0.2


WEIGHTS = Weights()

# Quoted text: ASCII and typographic double quotes, CJK corner brackets, single quotes around
# at least two words.
_QUOTED = re.compile(r'"([^"]{4,})"|“([^”]{4,})”|「([^」]{2,})」|『([^』]{2,})』'
                     r"|'([^']*\s[^']*)'|‘([^’]*\s[^’]*)’")
_HOW = re.compile(r"^\s*how\b|\bhow (do|can|to|should)\b|如何|怎么|怎样|步骤|方法",
                  re.IGNORECASE)
_STEP = re.compile(r"^\s*(?:\d{1,2}[.)、]|step\s*\d|第[一二三四五六七八九十\d]+步|[①-⑩])",
                   re.IGNORECASE | re.MULTILINE)


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


@functools.lru_cache(maxsize=512)
def _sentence_terms(page: str) -> tuple[frozenset[str], ...]:
    """Each sentence's words, folded. Tokenising a page (jieba for Chinese) costs far more
    than the comparison, and a technician's questions return to the same pages."""
    return tuple(frozenset(present_terms(span.text)) for span in sentences(page))


def window_coverage(queries: list[str], page: str) -> float:
    """The best share of a query's content words that WINDOW adjacent sentences hold."""
    wanted = [terms for terms in map(wanted_terms, queries) if terms]
    words = _sentence_terms(page)
    if not wanted or not words:
        return 0.0
    best = 0.0
    for first in range(max(1, len(words) - WINDOW + 1)):
        window = frozenset().union(*words[first:first + WINDOW])
        best = max(best, *(len(terms & window) / len(terms) for terms in wanted))
    return best


def has_steps(page: str) -> bool:
    return len(_STEP.findall(page)) >= 2


def rerank(query: str, bridged: str, keys: list[PageKey], page_text: PageText,
           weights: Weights = WEIGHTS) -> list[PageKey]:
    """`keys` (the first stage's pages, best first) in the second stage's order."""
    head, tail = keys[:DEPTH], keys[DEPTH:]
    quotes = quoted_strings(query)
    how = bool(_HOW.search(query))
    queries = [query, bridged] if bridged else [query]

    def score(rank: int, key: PageKey) -> float:
        prior = (PRIOR_K + 1) / (PRIOR_K + rank + 1)
        page = page_text(key)
        if not page:
            return prior
        return (prior + weights.window * window_coverage(queries, page)
                + weights.phrase * holds_quote(page, quotes)
                + (weights.steps if how and has_steps(page) else 0.0))

    scored = sorted(((score(rank, key), -rank, key) for rank, key in enumerate(head)),
                    reverse=True)
    return [key for *_, key in scored] + tail
