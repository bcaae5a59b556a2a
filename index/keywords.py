"""A persistent, incremental keyword index (SQLite FTS5, BM25 ranking) over the passages.

Dense vectors find paraphrases but blur exact tokens: "E-047" and "E-074" look alike to an
embedder and not at all alike to a technician. FTS5 ships inside Python's sqlite3, updates per
document, and ranks with BM25. Passages are stored pre-tokenised by `index.tokenize` (codes kept
whole, Chinese segmented); FTS5's porter stage then folds English word forms ("vibrates",
"vibration"). Like the vector store, it never decides what is live: search results are filtered
to the documents the catalog holds.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import snowballstemmer

from index.tokenize import normalise, tokens
from kernel.errors import StoreError
from kernel.types import Chunk, StoredPassage

_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS passages USING fts5(
    body, tokenize = "porter unicode61 remove_diacritics 0 tokenchars '-_.:/'"
);
CREATE TABLE IF NOT EXISTS passage_meta (
    rowid INTEGER PRIMARY KEY,
    chunk_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    page_index INTEGER NOT NULL,
    page_number INTEGER,
    label TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passage_meta_doc ON passage_meta(doc_id);
"""

# Words too common to say anything about a page; dropped from queries only. ("can" stays: CAN
# bus.) The tokenizer splits "isn't" at its apostrophe: "isn" is no word of the trade, and an
# off-topic question ("Fridge isn't cooling") named something the library is about with it.
_STOPWORDS_TEXT = """
a an and are as at be by do does for from how i if in is it my of on or should the this to what
when where which why with you your our we after before while get got just that not have has had
all any some there them they their then than was were been will would into out so also its
isn aren wasn weren doesn don didn hasn haven hadn won couldn shouldn wouldn mustn needn
的 了 是 在 我 有 和 就 不 都 一个 也 要 怎么 什么 为什么 吗 呢 吧 应该 可以 哪些 多少
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


_stemmer = snowballstemmer.stemmer("english")
_stemmer_lock = threading.Lock()


@functools.lru_cache(maxsize=65536)
def fold(term: str) -> str:
    """An English word's stem, so "updating", "updated" and "update" match (Snowball's
    English stemmer: pure Python, no data to download); codes, numbers and Chinese words stay
    as they are. One stemmer object keeps state between calls, hence the lock; the cache makes
    a page's second reading free."""
    if not (term.isascii() and term.isalpha()):
        return term
    with _stemmer_lock:
        return _stemmer.stemWord(term)


def content_words(text: str) -> set[str]:
    """The tokens of `text` that carry meaning: no function words, no lone characters."""
    return {t for t in tokens(text) if t not in STOPWORDS and len(t) > 1}


# An answer reads every sentence of its pages for the question's words, and the next question
# on the same machine reads the same pages: the words of a text (jieba's cut is most of the
# cost) are kept, the least recently used dropped first.
@functools.lru_cache(maxsize=256)
def wanted_terms(query: str) -> frozenset[str]:
    """The query's content words, folded: what `coverage` looks for."""
    return frozenset(fold(t) for t in content_words(query))


@functools.lru_cache(maxsize=32768)
def present_terms(text: str) -> frozenset[str]:
    """Every word of `text`, folded: what `coverage` finds."""
    return frozenset(fold(t) for t in tokens(text))


def coverage(query: str, text: str) -> float:
    """Share of the query's content words that `text` contains: a page that holds most of
    what was asked about is evidence the library can answer it."""
    wanted = wanted_terms(query)
    if not wanted:
        return 0.0
    return len(wanted & present_terms(text)) / len(wanted)


def body_of(chunk: Chunk) -> str:
    return " ".join(tokens(chunk.embed_text))


# A mark the keyword tokens drop (`index.tokenize`; FTS5's token characters are "-_.:/").
_UNKEPT = re.compile(r"[^\w\s\-.:/]")


def _phrase(term: str) -> str:
    """An FTS5 string literal: the term as one token, whatever punctuation it holds."""
    return '"' + term.replace('"', '""') + '"'


def _lone_mark(term: str) -> bool:
    """A single Latin letter or digit ("4" of "4-pin", "s" of "it's"): on most passages, so it
    ranks nothing and makes every keyword search walk most of the index. Codes that hold it
    ("4-pin", "e-4") are tokens of their own."""
    return len(term) == 1 and term.isascii()


def match_expression(query: str) -> str | None:
    """An FTS5 query that matches any of the query's keywords (BM25 weighs them)."""
    terms = dict.fromkeys(t for t in tokens(query) if t not in STOPWORDS and not _lone_mark(t))
    if not terms:
        return None
    return " OR ".join(_phrase(term) for term in terms)


class KeywordIndex:
    def __init__(self, path: Path):
        self._lock = threading.RLock()
        self._reading = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            # The ranked keyword search reads on a connection of its own, so the question's
            # other lookups (which pages name a product, a code) run beside it rather than
            # after it: at 100,000 passages it is the longest step of a search. WAL lets it
            # read the last committed index while an ingest writes.
            self._reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"the keyword index at {path} cannot be read ({error}). Choose another data "
                "folder, or move this one aside and add your documents again.") from error

    def add(self, chunks: Sequence[Chunk]) -> None:
        """Index the passages, replacing whatever their documents had (a resumed ingest writes
        a document again): one transaction, so a crash leaves the old entries or the new."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for doc_id in dict.fromkeys(chunk.doc_id for chunk in chunks):
                    self._delete_rows(doc_id)
                for chunk in chunks:
                    cursor = self._db.execute(
                        "INSERT OR REPLACE INTO passage_meta (chunk_id, doc_id, page_index, "
                        "page_number, label, start, end, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (chunk.chunk_id, chunk.doc_id, chunk.page_index, chunk.page_number,
                         chunk.label, chunk.start, chunk.end, chunk.text))
                    self._db.execute("INSERT OR REPLACE INTO passages (rowid, body) VALUES (?, ?)",
                                     (cursor.lastrowid, body_of(chunk)))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _delete_rows(self, doc_id: str) -> None:
        self._db.execute("DELETE FROM passages WHERE rowid IN "
                         "(SELECT rowid FROM passage_meta WHERE doc_id = ?)", (doc_id,))
        self._db.execute("DELETE FROM passage_meta WHERE doc_id = ?", (doc_id,))

    def delete_document(self, doc_id: str) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._delete_rows(doc_id)
            self._db.execute("COMMIT")

    def count_of(self, doc_id: str) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM passage_meta WHERE doc_id = ?",
                                    (doc_id,)).fetchone()[0]

    def doc_ids(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self._db.execute("SELECT DISTINCT doc_id FROM passage_meta")}

    def prune(self, live: set[str]) -> int:
        orphans = self.doc_ids() - live
        for doc_id in orphans:
            self.delete_document(doc_id)
        return len(orphans)

    def query(self, query: str, n: int) -> list[StoredPassage]:
        """Best passages by BM25; `similarity` holds the BM25 score (higher is better)."""
        expression = match_expression(query)
        if expression is None:
            return []
        with self._reading:
            rows = self._reader.execute(
                "SELECT m.doc_id, m.page_index, m.page_number, m.label, m.start, "
                "m.end, m.text, -bm25(passages) FROM passages JOIN passage_meta m "
                "ON m.rowid = passages.rowid WHERE passages MATCH ? "
                "ORDER BY bm25(passages) LIMIT ?", (expression, n)).fetchall()
        return [StoredPassage(doc_id, page_index, page_number, label, start, end, text,
                              similarity=score)
                for doc_id, page_index, page_number, label, start, end, text, score in rows]

    def pages_containing(self, term: str, prefix: bool = False) -> set[tuple[str, int]]:
        """Pages with a passage holding `term` as a whole token (a code, not a part of one),
        or, with `prefix`, a token starting with it (a stem: "replac" of "replacement"). A
        term with a mark no token keeps (the "$" of Grbl's setting "$21") is looked for by
        its tokens, then as written in the passages' text: "21" alone is on many pages."""
        as_written = not prefix and _UNKEPT.search(term) is not None
        with self._lock:
            rows = self._db.execute(
                f"SELECT m.doc_id, m.page_index{', m.text' if as_written else ''} FROM passages "
                "JOIN passage_meta m ON m.rowid = passages.rowid WHERE passages MATCH ?",
                (_phrase(term) + ("*" if prefix else ""),)).fetchall()
        if as_written:
            written = re.compile(rf"(?<![\w$]){re.escape(normalise(term))}(?!\w)")
            return {(doc_id, page_index) for doc_id, page_index, text in rows
                    if written.search(normalise(text))}
        return {(doc_id, page_index) for doc_id, page_index in rows}

    def holds(self, term: str) -> bool:
        """Whether any passage holds one of `term`'s keyword tokens, as a keyword search
        would look for it ("upsd.users" as `upsd` and `users`; English words by their stem)."""
        with self._lock:
            return any(self._db.execute("SELECT 1 FROM passages WHERE passages MATCH ? LIMIT 1",
                                        (_phrase(token),)).fetchone() is not None
                       for token in tokens(term))

    def chunk_ids(self, pages: Iterable[tuple[str, int]]) -> dict[str, tuple[str, int]]:
        """chunk_id -> page of every passage on `pages` ((doc_id, page_index) pairs): the
        vector index finds stored vectors by id far faster than by page."""
        wanted = set(pages)
        documents = sorted({doc_id for doc_id, _ in wanted})
        if not documents:
            return {}
        with self._lock:
            rows = self._db.execute(
                "SELECT chunk_id, doc_id, page_index FROM passage_meta WHERE doc_id IN "
                f"({','.join('?' * len(documents))})", documents).fetchall()
        return {chunk_id: (doc_id, page_index) for chunk_id, doc_id, page_index in rows
                if (doc_id, page_index) in wanted}

    def passages_on(self, doc_id: str, page_number: int | None) -> list[StoredPassage]:
        """The passages of one page (every passage of a file without pages), in page order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT doc_id, page_index, page_number, label, start, end, text FROM "
                "passage_meta WHERE doc_id = ? AND page_number IS ? ORDER BY page_index, start",
                (doc_id, page_number)).fetchall()
        return [StoredPassage(*row) for row in rows]

    def close(self) -> None:
        with self._reading:
            self._reader.close()
        with self._lock:
            self._db.close()
