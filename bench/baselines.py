"""The two retrieval baselines Laoshifu has to beat, built from the same page texts.

* `NaiveRag`: what a first RAG tutorial does. Fixed 1000-character windows with 200 characters
  of overlap, cut per page so every window keeps its page, embedded with the same embedder as
  the product, dense cosine search only, best window per page.
* `Bm25`: what a desktop search tool does. Okapi BM25 (k1=1.2, b=0.75) over whole pages, with
  lowercase alphanumeric words for Latin text and character bigrams for Chinese (the CJK
  analyser of classic search engines), written out here so it needs no extra dependency.

Both rank pages and return `(file, page)` locations; `page` is None for text files, as in
`Hit` and in the gold answers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.loaders import load_document
from kernel.errors import IngestError
from models.embedder import Embedder

Location = tuple[str, int | None]

CHUNK_CHARS = 1000
CHUNK_OVERLAP = 200


@dataclass(frozen=True)
class PageText:
    file: str
    page: int | None
    text: str

    @property
    def location(self) -> Location:
        return (self.file, self.page)


def load_pages(paths: Iterable[Path], report: Callable[[str], None] = print) -> list[PageText]:
    """Every non-empty page of every file, read by the product's own loaders (OCR included),
    so the baselines see the same text the product indexed rather than a weaker extraction."""
    pages: list[PageText] = []
    for path in paths:
        try:
            parsed = load_document(path)
        except IngestError as error:
            report(f"  {path.name}: not read ({error.message})")
            continue
        found = [PageText(path.name, p.number, p.text) for p in parsed.pages if p.text.strip()]
        report(f"  {path.name}: {len(found)} page(s)")
        pages.extend(found)
    return pages


def chunk_text(text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """Fixed character windows; the last one ends at the end of the text."""
    step = size - overlap
    starts = range(0, max(len(text) - overlap, 1), step)
    return [piece for start in starts if (piece := text[start:start + size]).strip()]


class NaiveRag:
    """Dense-only search over fixed-size windows, merged to pages by their best window."""

    def __init__(self, pages: list[PageText], embedder: Embedder):
        self._embedder = embedder
        self._owners: list[Location] = []
        texts: list[str] = []
        for page in pages:
            for piece in chunk_text(page.text):
                self._owners.append(page.location)
                texts.append(piece)
        self.chunk_count = len(texts)
        self._matrix = np.asarray(embedder.embed(texts), dtype=np.float32)

    def search(self, query: str, k: int = 10) -> list[Location]:
        # Vectors are L2-normalised, so the dot product is the cosine similarity.
        similarities = self._matrix @ np.asarray(self._embedder.embed_query(query), np.float32)
        pages: dict[Location, None] = {}  # an ordered set: windows come best first
        for index in np.argsort(-similarities):
            pages.setdefault(self._owners[index])
            if len(pages) == k:
                break
        return list(pages)


_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def tokenize(text: str) -> list[str]:
    """Lowercase alphanumeric words, plus every adjacent pair of Chinese characters.

    NFKC first, so full-width letters and digits in Chinese manuals match half-width queries.
    A lone Chinese character between Latin text or punctuation has no pair and is kept as
    itself, as the CJK analysers of classic search engines do.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    tokens = _WORD.findall(text)
    for run in _CJK_RUN.findall(text):
        tokens.extend([run] if len(run) == 1 else
                      [run[i:i + 2] for i in range(len(run) - 1)])
    return tokens


class Bm25:
    """Okapi BM25 over whole pages, with an inverted index so a query touches only its terms."""

    def __init__(self, pages: list[PageText], k1: float = 1.2, b: float = 0.75):
        self._k1, self._b = k1, b
        self._locations = [page.location for page in pages]
        self._postings: dict[str, list[tuple[int, int]]] = {}
        self._lengths: list[int] = []
        for number, page in enumerate(pages):
            counts = Counter(tokenize(page.text))
            self._lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self._postings.setdefault(term, []).append((number, tf))
        self._average = sum(self._lengths) / max(len(self._lengths), 1)

    def _idf(self, term: str) -> float:
        """Lucene's non-negative IDF: a term on most pages adds little instead of subtracting."""
        df, n = len(self._postings[term]), len(self._lengths)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, query: str, k: int = 10) -> list[Location]:
        scores: Counter[int] = Counter()
        for term in set(tokenize(query)) & self._postings.keys():
            idf = self._idf(term)
            for number, tf in self._postings[term]:
                norm = self._k1 * (1 - self._b + self._b * self._lengths[number] / self._average)
                scores[number] += idf * tf * (self._k1 + 1) / (tf + norm)
        return [self._locations[number] for number, _ in scores.most_common(k)]
