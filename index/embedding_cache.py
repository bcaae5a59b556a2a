"""Passage vectors already computed, by search model and text: each distinct text is embedded
once per model.

Embedding is most of an ingest's cost on a 2-core PC, and much of what a plant adds it has
embedded before: a manual's new revision repeats most of the old one's passages, a fault log
repeats one line thousands of times, a repaired library re-reads every file. The key is the
model's name and the SHA-256 of the exact text given to the model; the value is the vector as
float32 bytes (what the vector store keeps too), so a hit is the vector embedding gave.

A file of its own beside the catalog, not a catalog table: it is only a cache. It is not part
of the library's guarantees (a document is live by the catalog alone), is not backed up with
the documents' state, and a damaged one is started afresh. Its size is bounded by
`keep_newest`: the entries used longest ago go first.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Collection, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "embedding_cache.sqlite3"
# The page sentences answers read, each embedded alone (laoshifu.answer.sentence_vectors): a
# file of their own, bounded by the pages the library holds rather than its passages, and
# never handing a passage's vector (embedded in a batch) to the same text read as a sentence.
SENTENCES_FILE_NAME = "sentence_vectors.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    text_hash BLOB NOT NULL,
    vector BLOB NOT NULL,
    used REAL NOT NULL,
    PRIMARY KEY (model, text_hash)
);
CREATE INDEX IF NOT EXISTS vectors_used ON vectors(used);
CREATE TABLE IF NOT EXISTS complete (
    model TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (model, name)
);
"""
_PER_QUERY = 500  # under SQLite's limit on a statement's parameters


def text_hash(text: str) -> bytes:
    """The key of a text's vector: the SHA-256 of exactly what the model is given."""
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """Vectors by (model, text hash). Thread-safe: an ingest's search model runs on a thread
    of its own, and two ingests may embed at once (one waits for its turn to write)."""

    def __init__(self, folder: Path, file_name: str = FILE_NAME) -> None:
        self.path = folder / file_name
        self._lock = threading.Lock()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as error:  # only a cache: begin again
            log.warning("the embedding cache %s is damaged (%s); starting a new one",
                        self.path, error)
            for part in (self.path, *(self.path.with_name(self.path.name + s)
                                      for s in ("-wal", "-shm"))):
                part.unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # A power cut may lose the last entries: they are embedded again, nothing is wrong.
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def vectors(self, model: str, hashes: Collection[bytes]) -> dict[bytes, bytes]:
        """The cached vectors among `hashes`, marked as used now."""
        found: dict[bytes, bytes] = {}
        wanted = list(hashes)
        with self._lock, self._db:
            for first in range(0, len(wanted), _PER_QUERY):
                part = wanted[first:first + _PER_QUERY]
                marks = ",".join("?" * len(part))
                found.update(self._db.execute(
                    f"SELECT text_hash, vector FROM vectors WHERE model = ? "
                    f"AND text_hash IN ({marks})", (model, *part)).fetchall())
                self._db.execute(f"UPDATE vectors SET used = ? WHERE model = ? "
                                 f"AND text_hash IN ({marks})", (time.time(), model, *part))
        return found

    def put(self, model: str, vectors: Mapping[bytes, bytes]) -> None:
        now = time.time()
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (model, text_hash, vector, used) "
                "VALUES (?, ?, ?, ?)",
                [(model, text_hash, vector, now) for text_hash, vector in vectors.items()])

    def complete(self, model: str) -> set[str]:
        """The groups of texts (a document's sentences) marked as all stored for `model`, so
        they need not be looked up one by one again. A mark may outlive a vector the bound
        dropped: that one is embedded when a question reads it."""
        with self._lock:
            return {row[0] for row in self._db.execute(
                "SELECT name FROM complete WHERE model = ?", (model,))}

    def mark_complete(self, model: str, names: Collection[str]) -> None:
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO complete (model, name) VALUES (?, ?)",
                                 [(model, name) for name in names])

    def forget_complete(self, model: str, names: Collection[str]) -> None:
        """Unmark `names` (documents removed, or read again into other text)."""
        with self._lock, self._db:
            self._db.executemany("DELETE FROM complete WHERE model = ? AND name = ?",
                                 [(model, name) for name in names])

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]

    def keep_newest(self, count: int) -> int:
        """Drop all but the `count` entries used most recently; returns how many went."""
        with self._lock, self._db:
            total = self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
            if total <= count:
                return 0
            self._db.execute(
                "DELETE FROM vectors WHERE (model, text_hash) IN (SELECT model, text_hash "
                "FROM vectors ORDER BY used LIMIT ?)", (total - count,))
            return total - count

    def close(self) -> None:
        with self._lock:
            self._db.close()
