"""Technicians' marks on results, used in ranking: the plant's own knowledge of which page
answers which question.

A page marked right ("good") for a question ranks first when that question, or one like it, is
asked again, even when the search itself did not find it; a page marked wrong ("bad") ranks
below the others but stays listed, since a mark can be mistaken. A question is "like" a marked
one when either

- its content words are the same after `index.keywords`' normalisation (function words
  dropped, plurals and verb forms folded): "pump vibrates after bearing change" and "the pump
  vibrating after a bearing change?"; or
- its search vector is within `SAME_QUESTION` cosine of the marked question's (kept with the
  mark, so the old question is never embedded again) and it names the same codes, models and
  values (every word with a digit): typos and terse rewrites ("bootlader ofset" for
  "bootloader offset"). The threshold is set by bench/feedback.py on the dev2 questions: e5
  puts different needs close together ("ALARM:2" and "ALARM:3" at 0.949, "EBB36 ... menuconfig"
  and "SB2209 ... menuconfig" at 0.956; up to 0.920 between two needs of the tune half naming
  the same things, 0.946 in the whole set), so only near-copies of a question pass; a real
  paraphrase is marked as a question of its own.

Marks are kept in the catalog (by file path, so they follow a file through its new versions)
and held here in memory as one snapshot, replaced whole on each write: a search reads it
without a lock or a disk read, so a mark being written never holds a search up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from index.catalog import INDEXED, Catalog, StoredMark
from index.keywords import KeywordIndex, coverage, wanted_terms
from index.tokenize import tokens
from kernel.types import BAD, GOOD, PageMark, StoredPassage

QueryEncoder = Callable[[str], Sequence[float]]
Ranked = tuple[tuple[str, int], float, StoredPassage]  # (doc_id, page_index), score, passage
Target = tuple[str, int | None]  # a marked page: the file's path, its 1-based page or None

# Cosine between two questions' e5 vectors from which they are one question reworded
# (bench/feedback.py: two dev2 needs naming the same things reach 0.920 in the tune half, 0.946
# in the whole set; near-copies of a question 0.966-0.989).
SAME_QUESTION = 0.95
# Questions whose vectors are remembered: the one searched, then marked from its results.
REMEMBERED_QUESTIONS = 32


def remembered(encode: QueryEncoder) -> QueryEncoder:
    """`encode`, remembering the latest questions' vectors: search embeds a question, and its
    marks, made from the results shown, reuse that vector."""
    cached = lru_cache(maxsize=REMEMBERED_QUESTIONS)(lambda text: tuple(encode(text)))
    return cached


def identifiers(query: str) -> frozenset[str]:
    """The codes, model names and values a question names (its words with a digit): two
    questions naming different ones ask different things, however alike they read."""
    return frozenset(token for token in tokens(query) if any(c.isdigit() for c in token))


def question_key(query: str) -> str:
    """The question as marks are matched and kept: its content words, normalised and sorted
    (the casefolded question itself when it has none)."""
    words = wanted_terms(query)
    return " ".join(sorted(words)) if words else " ".join(query.casefold().split())


@dataclass(frozen=True)
class _Snapshot:
    """The marks as one immutable value: by question key, and the vectors to compare with."""

    marks: tuple[StoredMark, ...] = ()
    by_key: dict[str, list[StoredMark]] = field(default_factory=dict)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    with_vector: tuple[StoredMark, ...] = ()
    names: tuple[frozenset[str], ...] = ()


def _snapshot(marks: list[StoredMark], model: str) -> _Snapshot:
    by_key: dict[str, list[StoredMark]] = {}
    for stored in marks:
        by_key.setdefault(stored.words, []).append(stored)
    # A vector made by another search model (LAOSHIFU_EMBEDDER changed) means nothing to
    # this one: those marks match by their words only.
    usable = [stored for stored in marks if stored.vector and stored.model == model]
    vectors = np.zeros((0, 0), dtype=np.float32)
    if usable:
        vectors = np.stack([np.frombuffer(stored.vector or b"", dtype=np.float32)
                            for stored in usable])
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return _Snapshot(tuple(marks), by_key, vectors, tuple(usable),
                     tuple(identifiers(stored.mark.query) for stored in usable))


class FeedbackMarks:
    """The library's marks: written through to the catalog, read from memory."""

    def __init__(self, catalog: Catalog, keywords: KeywordIndex, encode_query: QueryEncoder,
                 model: str):
        """`encode_query` should be the retriever's, `remembered`: a search then costs no
        second embedding. `model` names the search model the vectors come from."""
        self._catalog = catalog
        self._keywords = keywords
        self._encode = encode_query
        self._model = model
        self._writing = threading.Lock()
        self._held = _snapshot(catalog.marks(), model)

    def reload(self) -> None:
        """Read the marks again (after a document and its marks were removed)."""
        with self._writing:
            self._held = _snapshot(self._catalog.marks(), self._model)

    def mark(self, query: str, doc_id: str, path: str, page: int | None,
             verdict: str) -> PageMark:
        """Keep `verdict` (GOOD or BAD) on a page for `query`; the next search uses it."""
        if verdict not in (GOOD, BAD):
            raise ValueError(f"a mark is {GOOD!r} or {BAD!r}, not {verdict!r}")
        vector = np.asarray(self._encode(query), dtype=np.float32).tobytes()
        kept = self._catalog.put_mark(StoredMark(PageMark(query, doc_id, path, page, verdict),
                                                 question_key(query), vector, self._model))
        self.reload()
        return kept.mark

    def marks(self) -> list[PageMark]:
        return [stored.mark for stored in self._held.marks]

    def rerank(self, query: str, ranked: list[Ranked]) -> list[Ranked]:
        """`ranked` with the pages marked right for questions like `query` first (brought in
        when the search missed them) and those marked wrong last; otherwise in its order."""
        held = self._held
        if not held.marks:
            return ranked
        verdicts = self.verdicts(query, held)
        if not verdicts:
            return ranked
        live = self._live_docs({path for path, _ in verdicts})
        good = {(live[path], page) for (path, page), verdict in verdicts.items()
                if verdict == GOOD and path in live}
        bad = {(live[path], page) for (path, page), verdict in verdicts.items()
               if verdict == BAD and path in live}

        def marked(item: Ranked, targets: set[tuple[str, int | None]]) -> bool:
            (doc_id, _), _, passage = item
            return (doc_id, passage.page_number) in targets or (doc_id, None) in targets

        first = [item for item in ranked if marked(item, good)]
        found = {(doc_id, passage.page_number) for (doc_id, _), _, passage in first}
        found |= {(doc_id, None) for doc_id, _ in found}
        first += [item for target in sorted(good - found, key=str)
                  if (item := self._page(query, *target)) is not None]
        last = [item for item in ranked if marked(item, bad) and item not in first]
        middle = [item for item in ranked if item not in first and item not in last]
        return first + middle + last

    def verdicts(self, query: str, held: _Snapshot | None = None) -> dict[Target, str]:
        """Each page marked for a question like `query`, (path, page) -> GOOD or BAD, with
        the verdict of the likest question: the same words first, then the nearest vector."""
        held = held or self._held
        verdicts: dict[Target, str] = {}
        for stored in held.by_key.get(question_key(query), []):
            verdicts[(stored.mark.path, stored.mark.page)] = stored.mark.mark
        if len(held.with_vector):
            vector = np.asarray(self._encode(query), dtype=np.float32)
            similarity = held.vectors @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
            asked = identifiers(query)
            for row in np.argsort(-similarity):
                if similarity[row] < SAME_QUESTION:
                    break
                mark = held.with_vector[row].mark
                if held.names[row] == asked:
                    verdicts.setdefault((mark.path, mark.page), mark.mark)
        return verdicts

    def _live_docs(self, paths: set[str]) -> dict[str, str]:
        """The searchable version of each marked file: path -> doc_id."""
        live = {}
        for path in paths:
            record = self._catalog.find_by_path(path)
            if record is not None and record.status == INDEXED:
                live[path] = record.doc_id
        return live

    def _page(self, query: str, doc_id: str, page: int | None) -> Ranked | None:
        """A marked page the search did not find, by its passage that covers most of the
        question (its first when none does)."""
        passages = self._keywords.passages_on(doc_id, page)
        if not passages:
            return None
        best = max(passages, key=lambda passage: coverage(query, passage.text))
        return (doc_id, best.page_index), 0.0, best
