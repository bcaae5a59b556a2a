"""Find a damaged library folder when it opens, and rebuild it only when the user says so.

A library folder holds three stores: the catalog (which documents, their pages and text), the
search store (the passage vectors, a `VectorStorage` that answers for its own files) and the
keyword index. A disk error, a half-restored backup or a
file deleted by hand can damage any of them. Opening such a folder must not go on as if nothing
happened (searches would silently miss documents), and must not "fix" it by deleting what is
there. So `check` names what is damaged in a `DamagedLibraryError`, whose message says what
`laoshifu repair` (or the app's rebuild button) will do; `repair` moves the damaged parts into a
dated `damaged-*` folder, never deleting them, and rebuilds:

- the search store and keyword index from the catalog's page text (no original files needed);
- a lost catalog by reading the original files again: those the damaged catalog still names,
  those in `sources.json` (a list of the library's files kept beside the stores for this
  purpose), and any the user gives. Technicians' marks on results cannot be read again from
  any file, so they are copied into the new catalog from the damaged one where it still reads,
  and from `feedback.json`, their copy beside the stores. So are the links between revisions of
  a manual (and the links a user undid), from `revisions.json`: keyed by the files' paths, they
  apply again as the files come back.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterable
from contextlib import closing, suppress
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from index.catalog import MARK_COLUMNS, REVISION_COLUMNS, Catalog, RevisionRow, StoredMark
from index.sqlite_check import read_only, sqlite_problem
from index.vector_index import VectorIndex, VectorStorage
from kernel.config import DataPaths
from kernel.errors import DamagedLibraryError, StoreError, StoreServerError
from kernel.types import PageMark
from laoshifu.lock import FolderLock

log = logging.getLogger(__name__)

CATALOG, VECTORS, KEYWORDS = "catalog", "search store", "keyword index"
SOURCES_FILE = "sources.json"
MARKS_FILE = "feedback.json"
REVISIONS_FILE = "revisions.json"
CLOSED_CLEANLY = "closed-cleanly"


def _files_of(database: Path) -> list[Path]:
    """An SQLite database with its write-ahead log and shared-memory files."""
    return [p for p in (database, Path(f"{database}-wal"), Path(f"{database}-shm")) if p.exists()]


def diagnose(paths: DataPaths, storage: VectorStorage,
             thorough: bool = True) -> dict[str, str]:
    """Every damaged store of the folder, with what is wrong with it."""
    problems: dict[str, str] = {}
    if paths.catalog.exists() and (problem := sqlite_problem(paths.catalog, thorough)):
        problems[CATALOG] = f"cannot be read ({problem})"
    # A shared store's passages are every PC's (a server): this folder only mirrors them, so
    # they neither need a catalog here nor are missing when this one has documents.
    if not storage.shared:
        has_vectors = storage.has_data()
        if not paths.catalog.exists():
            if has_vectors or paths.keywords.exists() or (paths.root / SOURCES_FILE).exists():
                problems[CATALOG] = "is missing"
        elif CATALOG not in problems and not has_vectors and _has_documents(paths.catalog):
            problems[VECTORS] = "is missing"
    if problem := storage.problem(thorough):
        problems[VECTORS] = f"cannot be read ({problem})"
    if paths.keywords.exists() and (problem := sqlite_problem(paths.keywords, thorough)):
        problems[KEYWORDS] = f"cannot be read ({problem})"
    return problems


def _has_documents(catalog: Path) -> bool:
    with closing(read_only(catalog)) as db:
        try:
            return db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None
        except sqlite3.OperationalError:  # a catalog created but never migrated
            return False


def damaged(paths: DataPaths, problems: dict[str, str]) -> DamagedLibraryError:
    """The error to show: what is damaged, what a rebuild does, and what it needs."""
    listed = "; ".join(f"the {part} {what}" for part, what in problems.items())
    if CATALOG in problems:
        needs = ("the documents are read again from your original files (those the library "
                 "knew; name other folders with: repair FOLDER), so keep them where they are")
    else:
        needs = "the search data is rebuilt from the library's own text; no files are needed"
    return DamagedLibraryError(
        f"the library at {paths.root} is damaged: {listed}. Nothing has been changed or deleted. "
        f"To rebuild it, run: laoshifu --data \"{paths.root}\" repair. The damaged parts are "
        f"moved to a 'damaged-…' folder inside the library folder (not deleted), and {needs}.",
        damaged=tuple(problems))


def check(paths: DataPaths, storage: VectorStorage) -> None:
    """Raise `DamagedLibraryError` when a store is damaged. Every page is checked when the
    last session did not close cleanly (a crash, a kill, a power cut: what damages stores),
    only headers and schemas after a clean close, so a big library still opens quickly."""
    mark = paths.root / CLOSED_CLEANLY
    problems = diagnose(paths, storage, thorough=not mark.exists())
    if problems:
        raise damaged(paths, problems)
    mark.unlink(missing_ok=True)  # until `closed_cleanly`, this session counts as a crash


def closed_cleanly(paths: DataPaths) -> None:
    (paths.root / CLOSED_CLEANLY).touch()


def open_vectors(paths: DataPaths, storage: VectorStorage, model_name: str) -> VectorIndex:
    """The search store, searched once: Chroma opens some damaged stores without complaint. A
    vector server that fails says so itself: that is no damage to repair."""
    vectors = None
    try:
        vectors = storage.open(model_name)
        vectors.verify()
    except StoreServerError:
        if vectors is not None:
            vectors.close()
        raise
    except StoreError as error:
        if vectors is not None:
            vectors.close()
        detail = str(error.__cause__ or error.message).splitlines()[0][:200]
        raise damaged(paths, {VECTORS: f"cannot be used ({detail})"}) from error
    return vectors


def remember_sources(paths: DataPaths, sources: Iterable[str]) -> None:
    """Keep the list of the library's files next to the stores, so a lost catalog can be
    rebuilt from the originals. Written whole, then renamed: never half a list."""
    try:
        _write_whole(paths.root / SOURCES_FILE, sorted(set(sources)))
    except OSError as error:  # a convenience for repairs; a read-only folder must still close
        log.warning("could not write %s: %s", SOURCES_FILE, error)


def _write_whole(target: Path, value: object) -> None:
    """Write JSON to a temporary file, then rename it over `target`: never half a file."""
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(value, ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(temporary, target)


def remember_marks(paths: DataPaths, marks: list[StoredMark]) -> None:
    """Keep a copy of the technicians' marks beside the stores, so a repair that has to
    rebuild the catalog keeps them. Callers take turns (the library's marking lock)."""
    target = paths.root / MARKS_FILE
    if not marks and not target.exists():
        return
    try:
        _write_whole(target, [_mark_json(stored) for stored in marks])
    except OSError as error:  # the catalog has them; this copy is for repairs
        log.warning("could not write %s: %s", MARKS_FILE, error)


def _mark_json(stored: StoredMark) -> dict:
    vector = base64.b64encode(stored.vector).decode("ascii") if stored.vector else None
    return {**asdict(stored.mark), "words": stored.words, "vector": vector,
            "model": stored.model}


def _stored_mark(item: dict) -> StoredMark:
    mark = PageMark(item["query"], item["doc_id"], item["path"], item["page"], item["mark"],
                    item["marked_at"])
    vector = base64.b64decode(item["vector"]) if item.get("vector") else None
    return StoredMark(mark, item["words"], vector, item.get("model", ""))


def known_marks(paths: DataPaths) -> list[StoredMark]:
    """The marks a damaged library held: from its catalog as far as it still reads, and
    from their copy beside it; the latest of each question, file and page."""
    found: list[StoredMark] = []
    with suppress(OSError, ValueError, KeyError, TypeError):
        found += [_stored_mark(item) for item in
                  json.loads((paths.root / MARKS_FILE).read_text(encoding="utf-8"))]
    if paths.catalog.exists():
        with suppress(sqlite3.DatabaseError), closing(read_only(paths.catalog)) as db:
            found += [StoredMark(PageMark(query, doc_id, path, page, mark, marked_at), words,
                                 vector, model)
                      for words, path, page, query, doc_id, mark, vector, model, marked_at
                      in db.execute(f"SELECT {MARK_COLUMNS} FROM feedback")]
    latest: dict[tuple, StoredMark] = {}
    for stored in sorted(found, key=lambda stored: stored.mark.marked_at):
        latest[(stored.words, stored.mark.path, stored.mark.page)] = stored
    return list(latest.values())


def remember_revisions(paths: DataPaths, rows: list[RevisionRow]) -> None:
    """Keep a copy of the revision links beside the stores, for a repair that has to rebuild
    the catalog (as `remember_marks`)."""
    target = paths.root / REVISIONS_FILE
    if not rows and not target.exists():
        return
    try:
        _write_whole(target, [row._asdict() for row in rows])
    except OSError as error:  # the catalog has them; this copy is for repairs
        log.warning("could not write %s: %s", REVISIONS_FILE, error)


def known_revisions(paths: DataPaths) -> list[RevisionRow]:
    """The revision links a damaged library held: from their copy beside it, then from its
    catalog as far as it still reads (which wins: it is never older than the copy)."""
    found: dict[str, RevisionRow] = {}
    with suppress(OSError, ValueError, KeyError, TypeError):
        for item in json.loads((paths.root / REVISIONS_FILE).read_text(encoding="utf-8")):
            row = RevisionRow(**item)
            found[row.old_path] = row
    if paths.catalog.exists():
        with suppress(sqlite3.DatabaseError), closing(read_only(paths.catalog)) as db:
            found.update((row[0], RevisionRow(*row)) for row in
                         db.execute(f"SELECT {REVISION_COLUMNS} FROM revisions"))
    return list(found.values())


def known_sources(paths: DataPaths) -> list[Path]:
    """Original files this library held, from its catalog if that still reads, and from
    `sources.json`."""
    found: dict[str, None] = {}
    if paths.catalog.exists():
        # Unreadable: the list beside it has the same paths.
        with suppress(sqlite3.DatabaseError), closing(read_only(paths.catalog)) as db:
            found.update(dict.fromkeys(row[0] for row in db.execute(
                "SELECT path FROM documents")))
    with suppress(OSError, ValueError):
        found.update(dict.fromkeys(
            json.loads((paths.root / SOURCES_FILE).read_text(encoding="utf-8"))))
    return [Path(source) for source in found]


def move_aside(paths: DataPaths, storage: VectorStorage, parts: Iterable[str]) -> Path:
    """Move the stores named by `parts` into a new `damaged-<time>` folder; return it.

    A lost catalog takes the other stores with it: without it nothing says which of their
    entries are live, and the files are read again anyway.
    """
    parts = set(parts)
    if CATALOG in parts:
        parts |= {VECTORS, KEYWORDS}
    aside = paths.root / f"damaged-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    aside.mkdir(parents=True, exist_ok=False)
    sources = paths.root / SOURCES_FILE
    moved = {CATALOG: [*_files_of(paths.catalog), *([sources] if sources.exists() else [])],
             KEYWORDS: _files_of(paths.keywords),
             VECTORS: storage.parts()}
    for part in parts:
        for item in moved[part]:
            shutil.move(item, aside / item.name)
    if VECTORS in parts:
        storage.create_empty()
    if CATALOG in parts:  # an empty catalog: the folder is a library again, to be refilled
        Catalog(paths.catalog).close()
    return aside


def prepare_repair(root: Path, storage: VectorStorage,
                   sources: Iterable[Path] = ()) -> tuple[Path | None, list[Path]]:
    """Move the damaged stores aside, under the folder's lock. Returns the folder they went to
    (None when nothing was damaged) and the original files to read again, which is empty when
    the catalog survived: then opening the library and running an (empty) ingest rebuilds the
    rest from its text."""
    paths = DataPaths(root)
    lock = FolderLock(root)
    lock.acquire()
    try:
        problems = diagnose(paths, storage)
        if not problems:
            return None, []
        # The library's own notes come back even when the list of sources is lost with the
        # catalog: they live in its folder, and may be its only copy of a repair.
        notes = sorted(paths.notes.glob("*.md")) if paths.notes.is_dir() else []
        again = [*known_sources(paths), *notes, *sources] if CATALOG in problems else []
        marks = known_marks(paths) if CATALOG in problems else []
        revisions = known_revisions(paths) if CATALOG in problems else []
        aside = move_aside(paths, storage, problems)
        if marks or revisions:  # the new catalog starts with them; they apply as files return
            with closing(Catalog(paths.catalog)) as catalog:
                for stored in marks:
                    catalog.put_mark(stored)
                for row in revisions:
                    catalog.put_revision(row)
        return aside, list(dict.fromkeys(again))
    finally:
        lock.release()
