"""The document catalog: which documents the library holds, and which of them are live.

The catalog is the source of truth for what search may return. A document's chunks are written
to the vector store first and only become visible when its catalog row says `indexed`; replacing
a changed file swaps the row in one SQLite transaction, so there is no moment where both the old
and the new version, or neither, can be found.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from index.tags import NOTE, TagRow
from kernel.errors import StoreError
from kernel.types import PAGE, DocumentRecord, PageMark

# Numbered migrations: entry N takes a catalog from user_version N to N + 1. Never edit a
# released entry; append a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        file TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime REAL NOT NULL,
        pages INTEGER NOT NULL,
        chunks INTEGER NOT NULL,
        status TEXT NOT NULL,
        ocr_pages INTEGER NOT NULL DEFAULT 0,
        warnings TEXT NOT NULL DEFAULT '[]',
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX documents_hash ON documents(content_hash);
    """,
    """
    CREATE TABLE pages (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        page_index INTEGER NOT NULL,
        page_number INTEGER,
        label TEXT,
        source TEXT NOT NULL,
        chunks INTEGER NOT NULL,
        note TEXT,
        text TEXT NOT NULL,
        PRIMARY KEY (doc_id, page_index)
    );
    """,
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE ingesting (
        doc_id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        started_at TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE ingesting ADD COLUMN session TEXT NOT NULL DEFAULT '';
    """,
    # Technicians' marks on results (index.feedback). Keyed by the file's path, not its doc_id,
    # so a mark outlives new versions of its file; one mark per question (its normalised
    # content words), file and page, the latest winning.
    """
    CREATE TABLE feedback (
        words TEXT NOT NULL,
        path TEXT NOT NULL,
        page INTEGER,
        query TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        mark TEXT NOT NULL CHECK (mark IN ('good', 'bad')),
        vector BLOB,
        model TEXT NOT NULL DEFAULT '',
        marked_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX feedback_mark ON feedback(words, path, IFNULL(page, 0));
    """,
    # Each page's words as the second stage compares them (index.page_rerank.words_json),
    # computed at ingest so a search does not tokenise its candidates again; NULL for pages
    # stored before, which are tokenised when searched.
    """
    ALTER TABLE pages ADD COLUMN words TEXT;
    """,
    # What a hit on a document is (kernel.types PAGE, ROW, NOTE) and the name a repair note
    # shows instead of its file name. Spreadsheets and CSV logs indexed before are rows.
    """
    ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'page';
    ALTER TABLE documents ADD COLUMN title TEXT;
    UPDATE documents SET kind = 'row' WHERE lower(path) LIKE '%.csv' OR lower(path) LIKE '%.xlsx'
        OR lower(path) LIKE '%.xlsm';
    """,
    # Manual revisions (laoshifu.revisions): the older file is superseded by the newer. Keyed
    # by both files' paths, so a new version of either file keeps the link; `old_doc` and
    # `new_doc` are the versions `pages` (the older's pages matched to the newer's) was
    # computed for. An undone link stays, so the same pair is not linked again.
    """
    CREATE TABLE revisions (
        old_path TEXT PRIMARY KEY,
        new_path TEXT NOT NULL,
        old_doc TEXT NOT NULL,
        new_doc TEXT NOT NULL,
        link TEXT NOT NULL,
        pages TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        undone_at TEXT
    );
    CREATE INDEX revisions_new ON revisions(new_path);
    """,
    # Equipment tags (index.tags): each mention of a tag in a note, a fault-log row or a page,
    # written with its document's row so a replaced or removed document takes its tags along.
    """
    CREATE TABLE tags (
        tag TEXT NOT NULL COLLATE NOCASE,
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        page_index INTEGER NOT NULL,
        date TEXT,
        text TEXT NOT NULL
    );
    CREATE INDEX tags_tag ON tags(tag);
    CREATE INDEX tags_doc ON tags(doc_id);
    """,
]

# How a page's text was obtained: its text layer, OCR, or none (then `note` says why).
PAGE_TEXT, PAGE_OCR, PAGE_EMPTY = "text", "ocr", "empty"

INDEXED = "indexed"

_COLUMNS = ("doc_id, path, file, content_hash, pages, chunks, status, ocr_pages, warnings, "
            "added_at, updated_at, kind, title")
_D_COLUMNS = ", ".join(f"d.{column.strip()}" for column in _COLUMNS.split(","))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Catalog:
    """SQLite catalog of documents.

    One connection, shared by the ingest thread and the search threads behind a lock: the
    catalog is small and every statement is short, so the lock is never held for long.
    """

    def __init__(self, path: Path):
        self.path = path
        self.session = uuid.uuid4().hex  # tells this opening's ingests from a crashed one's
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"the library catalog at {path} cannot be read ({error}). Choose another data "
                "folder, or move this one aside and add your documents again.",
            ) from error

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _one(self, sql: str, params: tuple = ()) -> DocumentRecord | None:
        rows = self._rows(f"SELECT {_COLUMNS} FROM documents WHERE {sql}", params)
        return _record(rows[0]) if rows else None

    @property
    def schema_version(self) -> int:
        return self._rows("PRAGMA user_version")[0][0]

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(
                f"this library was written by a newer Laoshifu (schema {version}); update the app."
            )
        for number in range(version, len(MIGRATIONS)):
            # executescript commits any open transaction first, so the script carries its own:
            # the schema change and the new version number land together or not at all.
            with self._lock:
                self._db.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[number]}; "
                                       f"PRAGMA user_version = {number + 1}; COMMIT;")

    def _transaction(self) -> _Commit:
        self._db.execute("BEGIN IMMEDIATE")
        return _Commit(self._db)

    def find_by_path(self, path: str) -> DocumentRecord | None:
        return self._one("path = ?", (path,))

    def find_by_hash(self, content_hash: str) -> DocumentRecord | None:
        return self._one("content_hash = ?", (content_hash,))

    def get(self, doc_id: str) -> DocumentRecord | None:
        return self._one("doc_id = ?", (doc_id,))

    def documents(self) -> list[DocumentRecord]:
        rows = self._rows(f"SELECT {_COLUMNS} FROM documents ORDER BY file, path")
        return [_record(row) for row in rows]

    def files(self) -> dict[str, str]:
        """Each document's file name by its id: what the refusal gate and search read a
        product's name from."""
        return dict(self._rows("SELECT doc_id, file FROM documents"))

    def page_counts(self) -> dict[str, int]:
        """Each document's number of pages by its id: what the refusal gate reads a manual's
        everyday words against."""
        return dict(self._rows("SELECT doc_id, COUNT(*) FROM pages GROUP BY doc_id"))

    def live_ids(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT doc_id FROM documents WHERE status = ?",
                                             (INDEXED,))}

    def put(self, record: DocumentRecord, size: int, mtime: float, pages: Iterable[PageRow] = (),
            replaces: Iterable[str] = (), tags: Iterable[TagRow] = ()) -> None:
        """Make `record`, its pages and its tags live and drop the rows it replaces, in one
        transaction."""
        with self._lock, self._transaction():
            for old_id in replaces:
                self._db.execute("DELETE FROM documents WHERE doc_id = ?", (old_id,))
            self._db.execute("DELETE FROM ingesting WHERE doc_id = ?", (record.doc_id,))
            self._db.execute("DELETE FROM pages WHERE doc_id = ?", (record.doc_id,))
            self._db.execute("DELETE FROM tags WHERE doc_id = ?", (record.doc_id,))
            self._db.execute(
                f"INSERT OR REPLACE INTO documents ({_COLUMNS}, size, mtime) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.doc_id, record.path, record.file, record.content_hash, record.pages,
                 record.chunks, record.status, record.ocr_pages, json.dumps(record.warnings),
                 record.added_at, record.updated_at, record.kind, record.title, size, mtime),
            )
            self._db.executemany(
                "INSERT INTO pages (doc_id, page_index, page_number, label, source, chunks, "
                "note, text, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(record.doc_id, *row) for row in pages],
            )
            self._insert_tags(record.doc_id, tags)

    def _insert_tags(self, doc_id: str, tags: Iterable[TagRow]) -> None:
        self._db.executemany(
            "INSERT INTO tags (tag, doc_id, kind, page_index, date, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(row.tag, doc_id, row.kind, row.page_index, row.date, row.text) for row in tags])

    def put_tags(self, doc_id: str, tags: Iterable[TagRow]) -> None:
        """Replace a document's tags (a library indexed before the tag index, or by an older
        extractor, gets them from its page text)."""
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM tags WHERE doc_id = ?", (doc_id,))
            self._insert_tags(doc_id, tags)

    def tag_rows(self, tag: str) -> list[TagMention]:
        """Every mention of `tag` (canonical, any case) in a live document, with its document
        and the page's number and label."""
        rows = self._rows(
            f"SELECT {_D_COLUMNS}, t.tag, t.kind, t.page_index, t.date, t.text, p.page_number, "
            "p.label FROM tags t JOIN documents d ON d.doc_id = t.doc_id LEFT JOIN pages p "
            "ON p.doc_id = t.doc_id AND p.page_index = t.page_index "
            "WHERE t.tag = ? AND d.status = ?", (tag, INDEXED))
        width = len(_COLUMNS.split(","))
        return [TagMention(_record(row[:width]), TagRow(*row[width:width + 5]), *row[-2:])
                for row in rows]

    def known_tags(self, names: Iterable[str]) -> list[str]:
        """Those of `names` (canonical tags) that some document names, as the index spells
        them."""
        names = list(names)
        if not names:
            return []
        marks = ", ".join("?" * len(names))
        return [row[0] for row in self._rows(
            f"SELECT DISTINCT tag FROM tags WHERE tag IN ({marks})", tuple(names))]

    def tag_counts(self) -> dict[str, dict[str, int]]:
        """Known tags -> mentions per kind, in live documents."""
        counts: dict[str, dict[str, int]] = {}
        for tag, kind, count in self._rows(
                "SELECT t.tag, t.kind, COUNT(*) FROM tags t JOIN documents USING (doc_id) "
                "WHERE status = ? GROUP BY t.tag, t.kind", (INDEXED,)):
            counts.setdefault(tag, {})[kind] = count
        return counts

    def tagged_pages(self, tag: str) -> set[tuple[str, int]]:
        """(doc_id, page_index) of the pages, notes and sheets that name `tag`."""
        return {(doc_id, page) for doc_id, page in self._rows(
            "SELECT doc_id, page_index FROM tags WHERE tag = ?", (tag,))}

    def note_ids(self) -> set[str]:
        """The documents that are repair notes (their front matter gave them a note tag)."""
        return {row[0] for row in self._rows("SELECT DISTINCT doc_id FROM tags WHERE kind = ?",
                                             (NOTE,))}

    def changed_since(self, moment: str) -> list[DocumentRecord]:
        """Live documents added or changed at or after `moment` (ISO, UTC), newest first."""
        rows = self._rows(f"SELECT {_COLUMNS} FROM documents WHERE status = ? AND "
                          "(added_at >= ? OR updated_at >= ?) ORDER BY updated_at DESC, file",
                          (INDEXED, moment, moment))
        return [_record(row) for row in rows]

    def begin_ingest(self, doc_id: str, path: str) -> None:
        """Note that `doc_id`'s passages are being written: until `put` makes it live, what is
        stored for it is work to resume after a crash, not an orphan to prune."""
        self._rows("INSERT OR REPLACE INTO ingesting (doc_id, path, started_at, session) "
                   "VALUES (?, ?, ?, ?)", (doc_id, path, _now(), self.session))

    def in_progress(self, this_session: bool = False) -> dict[str, str]:
        """Documents whose ingest began and never finished: doc_id -> path. With
        `this_session`, only those this catalog (this opening of the library) is writing:
        the others were cut off by a crash and stay out of search until they are finished."""
        if this_session:
            return dict(self._rows("SELECT doc_id, path FROM ingesting WHERE session = ?",
                                   (self.session,)))
        return dict(self._rows("SELECT doc_id, path FROM ingesting"))

    def end_ingest(self, doc_id: str) -> None:
        self._rows("DELETE FROM ingesting WHERE doc_id = ?", (doc_id,))

    def setting(self, key: str, default: object = None) -> object:
        """A library-wide setting (JSON), shared by every front end that opens this library."""
        rows = self._rows("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: object) -> None:
        self._rows("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                   (key, json.dumps(value, ensure_ascii=False)))

    def pages(self, doc_id: str) -> list[PageRow]:
        """Every page of a document: how its text was obtained, its passages, its text."""
        return [PageRow(*row) for row in self._rows(
            "SELECT page_index, page_number, label, source, chunks, note, text FROM pages "
            "WHERE doc_id = ? ORDER BY page_index", (doc_id,))]

    def page_place(self, doc_id: str, page_index: int) -> tuple[int | None, str | None]:
        """A page's number and printed label."""
        rows = self._rows("SELECT page_number, label FROM pages WHERE doc_id = ? AND "
                          "page_index = ?", (doc_id, page_index))
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def page_text(self, doc_id: str, page_index: int) -> str | None:
        rows = self._rows("SELECT text FROM pages WHERE doc_id = ? AND page_index = ?",
                          (doc_id, page_index))
        return rows[0][0] if rows else None

    def page_words(self, doc_id: str, page_index: int) -> str | None:
        """The page's words as stored at ingest (index.page_rerank.words_json), or None."""
        rows = self._rows("SELECT words FROM pages WHERE doc_id = ? AND page_index = ?",
                          (doc_id, page_index))
        return rows[0][0] if rows else None

    def pages_without_words(self, limit: int) -> list[tuple[str, int, str]]:
        """(doc_id, page_index, text) of up to `limit` live pages stored before page words
        were kept."""
        return self._rows("SELECT doc_id, page_index, text FROM pages WHERE words IS NULL "
                          "LIMIT ?", (limit,))

    def set_page_words(self, words: Iterable[tuple[str, int, str]]) -> None:
        """Keep (doc_id, page_index, words) for pages that lacked them."""
        with self._lock, self._transaction():
            self._db.executemany("UPDATE pages SET words = ? WHERE doc_id = ? AND page_index = ?",
                                 [(w, doc_id, index) for doc_id, index, w in words])

    def touch(self, doc_id: str, size: int, mtime: float) -> None:
        """Remember a file's size and time so the next scan skips hashing it."""
        self._rows("UPDATE documents SET size = ?, mtime = ? WHERE doc_id = ?",
                   (size, mtime, doc_id))

    def stat_of(self, doc_id: str) -> tuple[int, float] | None:
        rows = self._rows("SELECT size, mtime FROM documents WHERE doc_id = ?", (doc_id,))
        return (rows[0][0], rows[0][1]) if rows else None

    def delete(self, doc_id: str) -> None:
        """Remove a document and the marks on its file: a file added again later, or another
        file at its path, starts without them. Its revision links go too: an older revision
        it superseded is current again."""
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM feedback WHERE path IN "
                             "(SELECT path FROM documents WHERE doc_id = ?)", (doc_id,))
            self._db.execute("DELETE FROM revisions WHERE old_path IN (SELECT path FROM "
                             "documents WHERE doc_id = ?1) OR new_path IN (SELECT path FROM "
                             "documents WHERE doc_id = ?1)", (doc_id,))
            self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def has_page_numbers(self, doc_id: str) -> bool:
        """Whether the document's pages are numbered (a PDF, a scan) or it is one text."""
        return bool(self._rows("SELECT 1 FROM pages WHERE doc_id = ? AND page_number IS NOT "
                               "NULL LIMIT 1", (doc_id,)))

    def put_mark(self, stored: StoredMark) -> StoredMark:
        """Keep a mark, replacing an earlier one for the same question, file and page; returns
        it as kept (dated now unless it carries its date)."""
        mark = stored.mark
        if not mark.marked_at:
            mark = replace(mark, marked_at=_now())
        self._rows("INSERT OR REPLACE INTO feedback (words, path, page, query, doc_id, mark, "
                   "vector, model, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (stored.words, mark.path, mark.page, mark.query, mark.doc_id, mark.mark,
                    stored.vector, stored.model, mark.marked_at))
        return stored._replace(mark=mark)

    def marks(self) -> list[StoredMark]:
        """Every mark, oldest first."""
        return [StoredMark(PageMark(query, doc_id, path, page, mark, marked_at), words, vector,
                           model)
                for words, path, page, query, doc_id, mark, vector, model, marked_at
                in self._rows(f"SELECT {MARK_COLUMNS} FROM feedback ORDER BY marked_at, rowid")]

    def put_revision(self, row: RevisionRow) -> None:
        """Keep a revision link (or its undoing), replacing any earlier one of the older file."""
        self._rows(f"INSERT OR REPLACE INTO revisions ({REVISION_COLUMNS}) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tuple(row))

    def revisions(self, path: str | None = None) -> list[RevisionRow]:
        """Every revision link, undone ones included; with `path`, those the file is in."""
        if path is None:
            rows = self._rows(f"SELECT {REVISION_COLUMNS} FROM revisions ORDER BY decided_at")
        else:
            rows = self._rows(f"SELECT {REVISION_COLUMNS} FROM revisions WHERE old_path = ?1 "
                              "OR new_path = ?1", (path,))
        return [RevisionRow(*row) for row in rows]

    def superseded(self) -> list[tuple[str, str, str, str, str, str]]:
        """The links in force between documents in the library: (older doc_id, newer doc_id,
        newer file, the doc_ids and page map of the link as stored)."""
        return self._rows(
            "SELECT old.doc_id, new.doc_id, new.file, r.old_doc, r.new_doc, r.pages "
            "FROM revisions r JOIN documents old ON old.path = r.old_path "
            "JOIN documents new ON new.path = r.new_path WHERE r.undone_at IS NULL")

    def close(self) -> None:
        with self._lock:
            self._db.close()


class TagMention(NamedTuple):
    """A tag's mention with what a front end shows of it: the document, the page's number
    (None for a file without pages) and printed label (a sheet's name)."""

    record: DocumentRecord
    row: TagRow
    page_number: int | None
    label: str | None


class PageRow(NamedTuple):
    """One page as the catalog keeps it; `text` is the original text, for display; `words`
    its words for the second stage (index.page_rerank.words_json), None when not computed."""

    page_index: int
    page_number: int | None
    label: str | None
    source: str
    chunks: int
    note: str | None
    text: str
    words: str | None = None


MARK_COLUMNS = "words, path, page, query, doc_id, mark, vector, model, marked_at"


class StoredMark(NamedTuple):
    """A mark as the catalog keeps it: with the question's normalised content words and its
    search vector (float32 bytes, of the search model `model`), so that matching a new question
    against it never embeds the old one again."""

    mark: PageMark
    words: str
    vector: bytes | None
    model: str


REVISION_COLUMNS = "old_path, new_path, old_doc, new_doc, link, pages, decided_at, undone_at"


class RevisionRow(NamedTuple):
    """A revision link as the catalog keeps it: `link` the evidence (kernel.types.RevisionLink
    as JSON), `pages` the older's pages matched to the newer's ([old index, new index, new
    page number, identical] as JSON), `undone_at` set when a user said it is no revision."""

    old_path: str
    new_path: str
    old_doc: str
    new_doc: str
    link: str
    pages: str
    decided_at: str
    undone_at: str | None = None


class _Commit:
    """Context manager that commits an open transaction, or rolls it back on error."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        return self._db

    def __exit__(self, exc_type, exc, tb) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def new_record(doc_id: str, path: Path, content_hash: str, pages: int, chunks: int,
               ocr_pages: int, warnings: list[str], added_at: str | None = None,
               kind: str = PAGE, title: str | None = None) -> DocumentRecord:
    now = _now()
    return DocumentRecord(
        doc_id=doc_id, path=str(path), file=path.name, content_hash=content_hash, pages=pages,
        chunks=chunks, status=INDEXED, ocr_pages=ocr_pages, warnings=warnings,
        added_at=added_at or now, updated_at=now, kind=kind, title=title,
    )


def _record(row: tuple) -> DocumentRecord:
    (doc_id, path, file, content_hash, pages, chunks, status, ocr_pages, warnings, added_at,
     updated_at, kind, title) = row
    return DocumentRecord(
        doc_id=doc_id, path=path, file=file, content_hash=content_hash, pages=pages,
        chunks=chunks, status=status, ocr_pages=ocr_pages, warnings=json.loads(warnings),
        added_at=added_at, updated_at=updated_at, kind=kind, title=title,
    )
