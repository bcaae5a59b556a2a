"""Question to ranked pages: dense and keyword retrieval fused per page.

The two retrievers fail differently. Dense vectors find "the hotend heats by itself" for "heater
turns on during flashing" but confuse E-047 with E-074; BM25 keywords get codes and part numbers
exactly but miss paraphrases. Each produces a page ranking (a page counts once, by its best
passage) and reciprocal rank fusion merges them, so a page near the top of either list rises, and
no score scales need calibrating. When the question names a code, tag or part number, pages that
contain it exactly come first: that is what a technician typing "E-047" means.

A Chinese question about an English manual (or the reverse) shares no words with its answer,
and the small multilingual embedder bridges the languages only loosely. So the question is also
put into the other language's keywords (index.query_translation): those words join the keyword
query, and their own dense ranking joins the fusion, with the same weight as the others (a
translated question is a question). Only the translated words the library holds are kept: a
dictionary's other senses ("nut" as 螺母) match nothing and only skew the translation's
vector. Contents and title pages name every topic and would crowd out the pages they point to;
they keep half their fused score (index.page_kind).

A question that names one of the plant's machines (a tag the library knows, in any spelling:
"p101" for P-101) is about that machine: its repair notes, fault-log sheets and the pages that
name it come before everything else, and before pages that merely hold another code of the
question (index.tag_lookup). The tag's spellings join the keyword query, so a note written
"P-101" is a candidate for a question typed "p101".

A technician wants a page to open, not five passages of it, so hits are pages: each keeps its
best-matching passage and that passage's span in the original text for highlighting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.catalog import Catalog
from index.feedback import FeedbackMarks
from index.highlight import best_span
from index.keywords import KeywordIndex
from index.page_kind import is_navigation, says_nothing
from index.page_rerank import DEPTH, rerank
from index.product_names import library_name_words, named_documents
from index.query_translation import translate_query
from index.superseded import SupersededPages
from index.tag_lookup import TagLookup
from index.tags import variants
from index.tokenize import codes
from index.vector_index import VectorIndex
from kernel.types import PAGE, Hit, StoredPassage

QueryEncoder = Callable[[str], Sequence[float]]
PageKey = tuple[str, int]
Fused = tuple[PageKey, float, StoredPassage]
PageRanking = dict[PageKey, tuple[int, StoredPassage]]

# Passages each retriever contributes before fusion; pages hold several passages each.
CANDIDATES = 60
# Reciprocal rank fusion constant (Cormack et al. 2009): damps the weight of the very top ranks.
RRF_K = 60
# Fused score kept by a contents or title page (index.page_kind): below the pages it points to.
NAVIGATION_WEIGHT = 0.5


def page_ranking(passages: list[StoredPassage]) -> PageRanking:
    """Each page's rank (0-based) by its best passage, with that passage."""
    ranking: PageRanking = {}
    for passage in passages:  # already best first
        key = (passage.doc_id, passage.page_index)
        if key not in ranking:
            ranking[key] = (len(ranking), passage)
    return ranking


def fuse(rankings: list[PageRanking],
         rrf_k: int = RRF_K) -> list[Fused]:
    """Reciprocal rank fusion of page rankings; each page keeps the passage of the ranking
    that placed it highest."""
    scores: dict[PageKey, float] = {}
    best: PageRanking = {}
    for ranking in rankings:
        for key, (rank, passage) in ranking.items():
            scores[key] = scores.get(key, 0.0) + 1.0 / (rrf_k + rank + 1)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, passage)
    ordered = sorted(scores, key=lambda key: scores[key], reverse=True)
    return [(key, scores[key], best[key][1]) for key in ordered]


@dataclass(frozen=True)
class Ranked:
    """Search results, and the similarities of the question's dense candidates, best first:
    whether one stands out from the rest says whether the library holds an answer."""

    hits: list[Hit]
    similarities: list[float]


class Retriever:
    def __init__(self, catalog: Catalog, vectors: VectorIndex, keywords: KeywordIndex,
                 encode_query: QueryEncoder, feedback: FeedbackMarks | None = None,
                 tags: TagLookup | None = None):
        self._catalog = catalog
        self._tags = tags
        self._vectors = vectors
        self._keywords = keywords
        self._encode_query = encode_query
        self._feedback = feedback
        self._superseded = SupersededPages(catalog)
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="keyword-search")

    def close(self) -> None:
        self._background.shutdown()

    def search(self, query: str, k: int = 5, second_stage: bool = True,
               all_revisions: bool = False) -> list[Hit]:
        return self.rank(query, k, second_stage, all_revisions).hits

    def rank(self, query: str, k: int = 5, second_stage: bool = True,
             all_revisions: bool = False) -> Ranked:
        """The best `k` pages, and the similarities of the question's dense candidates.
        `second_stage` False gives the first stage's order alone (for measuring it).
        Superseded revisions rank below the current one (index.superseded); their pages
        identical to the current one's are left out unless `all_revisions`."""
        if not query.strip():
            return Ranked([], [])
        arriving = self._arriving()
        live = self._catalog.live_ids() | set(arriving)
        # The question in the other language's words: joined to the original words in one
        # keyword query, so BM25 weighs both languages, and ranked by meaning on its own.
        bridged = self.translated(query)
        words = f"{query} {bridged}" if bridged else query
        machines = self._tags.named(query) if self._tags is not None else []
        if machines:
            words = " ".join([words, *(spelling for tag in machines for spelling in variants(tag))])
        # SQLite and the embedder both release the GIL: the keyword search runs while the
        # question and its translation are embedded and searched by meaning (at 100,000
        # passages the keyword search takes longer than both).
        keyword = self._background.submit(self._keyword_ranking, words, live)
        vector = self._encode_query(query)
        candidates = self._dense_candidates(vector, live)
        dense = page_ranking(candidates)
        translation = [page_ranking(self._dense_candidates(self._encode_query(bridged), live))
                       ] if bridged else []
        files = self._catalog.files()
        named = self.named_documents(query, bridged, files) if second_stage else frozenset()
        fused = fuse([dense, keyword.result(), *translation])
        # Contents and title pages, found once: they rank last and are not re-read.
        navigation = {key for key, _, passage in fused
                      if is_navigation(passage.text, passage.page_index,
                                       paged=passage.page_number is not None)}
        fused = self._navigation_last(fused, navigation)
        if second_stage:
            nearest = {key: passage.similarity for key, (_, passage) in dense.items()}
            fused = self._reread(query, bridged, fused, navigation, vector, nearest, files,
                                 named)
        fused = self._codes_first(query, fused)
        fused = self._machines_first(machines, fused)
        if self._feedback is not None:  # technicians' marks on questions like this one
            fused = self._feedback.rerank(query, fused)
        fused, links = self._superseded.order(fused, all_revisions)
        relevance = {key: passage.similarity for key, (_, passage) in dense.items()}
        hits = self._hits(fused[:k], relevance, words, arriving)
        return Ranked([self._superseded.mark(hit, links) for hit in hits],
                      [p.similarity for p in candidates])

    def translated(self, query: str) -> str:
        """The question's keywords in the other language (index.query_translation) that the
        library holds. A dictionary sense no manual uses ("nut" as 螺母 where NUT is the UPS
        software, 针脚 beside 引脚) finds no keyword, and in the translated question's vector
        it only pulls the meaning towards unrelated pages (the Octopus DFU guide's captions
        for "nut: driver not connected")."""
        return " ".join(word for word in translate_query(query).split()
                        if self._keywords.holds(word))

    def _keyword_ranking(self, query: str, live: set[str]) -> PageRanking:
        return page_ranking([p for p in self._keywords.query(query, n=CANDIDATES)
                             if p.doc_id in live])

    def _dense_candidates(self, vector: Sequence[float], live: set[str]) -> list[StoredPassage]:
        """The passages nearest the question by meaning; one with no word in it
        (`page_kind.says_nothing`) is near every question, and ranks no page."""
        return [p for p in self._vectors.query(vector, n=CANDIDATES)
                if p.doc_id in live and not says_nothing(p.text)]

    def page_similarity(self, vector: Sequence[float], pages: list[PageKey],
                        nearest: dict[PageKey, float]) -> dict[PageKey, float]:
        """Each page's best passage's cosine similarity to the question vector. `nearest`
        has it for the pages among the dense candidates (a page with a passage among the
        nearest has its best one there too); the other candidates (found by their words or
        the translation) get theirs from their stored vectors: ids from the keyword index,
        vectors from the vector index by id."""
        known = {page: nearest[page] for page in pages if page in nearest}
        pages_of = self._keywords.chunk_ids(page for page in pages if page not in known)
        stored = self._vectors.vectors(list(pages_of))
        if not stored:
            return known
        ids = list(stored)
        matrix = np.asarray([stored[i] for i in ids], dtype=np.float32)
        question = np.asarray(vector, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(question) or 1.0)
        cosines = matrix @ question / np.where(norms > 0, norms, 1.0)
        best = known
        for chunk_id, cosine in zip(ids, cosines.tolist(), strict=True):
            page = pages_of[chunk_id]
            best[page] = max(best.get(page, -1.0), cosine)
        return best

    def _reread(self, query: str, bridged: str, fused: list[Fused], navigation: set[PageKey],
                vector: Sequence[float], nearest: dict[PageKey, float],
                files: Mapping[str, str], named: frozenset[str]) -> list[Fused]:
        """The second stage (index.page_rerank): the top candidates in the order their own
        text earns; contents and title pages are not re-read and rank below every page that
        is (the LinuxCNC manual's contents page was the second source of "what is f10")."""
        by_key = {key: (key, score, passage) for key, score, passage in fused}

        def page_text(key: PageKey) -> str | None:
            return self._catalog.page_text(*key)

        def stored_words(key: PageKey) -> str | None:
            return self._catalog.page_words(*key)

        content = [key for key in by_key if key not in navigation]
        similarity = self.page_similarity(vector, content[:DEPTH], nearest)
        reranked = rerank(query, bridged, content, page_text, page_words_of=stored_words,
                          similarity=similarity, named=named, names=library_name_words(files))
        return [by_key[key] for key in reranked + [key for key in by_key if key in navigation]]

    def named_documents(self, query: str, bridged: str,
                        files: Mapping[str, str] | None = None) -> frozenset[str]:
        """The documents about a product the question names (index.product_names); `files`,
        the catalog's file names when the caller has read them already."""
        return named_documents([query, bridged], self._keywords.pages_containing,
                               self._catalog.files() if files is None else files)

    @staticmethod
    def _navigation_last(fused: list[Fused], navigation: set[PageKey]) -> list[Fused]:
        """Contents and title pages rank below the content pages around them."""
        weighed = [(key, score * NAVIGATION_WEIGHT if key in navigation else score, p)
                   for key, score, p in fused]
        return sorted(weighed, key=lambda item: -item[1])

    def _codes_first(self, query: str, fused: list[Fused]) -> list[Fused]:
        """Pages holding more of the query's codes exactly go first; fusion order within."""
        wanted = codes(query)
        if not wanted:
            return fused
        holding = {code: self._keywords.pages_containing(code) for code in wanted}
        matches = {key: sum(key in pages for pages in holding.values()) for key, _, _ in fused}
        return sorted(fused, key=lambda item: -matches[item[0]])

    def _machines_first(self, machines: list[str], fused: list[Fused]) -> list[Fused]:
        """Pages naming more of the question's machines go first; the order so far within."""
        if not machines or self._tags is None:
            return fused
        naming = [self._tags.pages(tag) for tag in machines]
        matches = {key: sum(key in pages for pages in naming) for key, _, _ in fused}
        return sorted(fused, key=lambda item: -matches[item[0]])

    def _arriving(self) -> dict[str, str]:
        """New documents still being ingested (doc_id -> path): what is stored of them is
        searchable at once, so the first pages of a long manual can be found before the last
        are embedded. A new version of an indexed file stays hidden until it replaces the old
        one, so a manual is never found twice. Only this session's: one a crash cut off is
        not being ingested, and stays out of search until it is finished."""
        writing = self._catalog.in_progress(this_session=True)
        return {doc_id: path for doc_id, path in writing.items()
                if self._catalog.find_by_path(path) is None}

    def _hits(self, fused: list[Fused], relevance: dict[PageKey, float], words: str,
              arriving: dict[str, str]) -> list[Hit]:
        hits = []
        for key, score, passage in fused:
            record = self._catalog.get(passage.doc_id)
            if record is not None:
                path, name, kind = record.path, record.name, record.kind
                page_text = self._catalog.page_text(passage.doc_id, passage.page_index)
            elif passage.doc_id in arriving:  # pages, kind and title are written last
                path, page_text, kind = arriving[passage.doc_id], None, PAGE
                name = Path(path).name
            else:
                continue
            span = (best_span(words, page_text, passage.start, passage.end) if page_text
                    else (passage.start, passage.end))
            hits.append(Hit(
                doc_id=passage.doc_id, file=name, path=path,
                page=passage.page_number, label=passage.label, score=score, text=passage.text,
                start=passage.start, end=passage.end, relevance=relevance.get(key, 0.0),
                span_start=span[0], span_end=span[1], page_index=passage.page_index,
                kind=kind,
            ))
        return hits
