"""One library folder with its stores and models: what every front end talks to.

Opening a library is cheap (no model is loaded); the search models load on the first ingest
or search, the answer model on the first question. One `Library` per process, so models load once.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from index.catalog import INDEXED, Catalog
from index.feedback import FeedbackMarks, remembered
from index.keywords import KeywordIndex
from index.manifest import WRITER_SILENT_S, Manifest
from index.retrieval import Retriever
from index.vector_index import VectorStorage
from ingest.sandbox import SandboxedParser
from kernel.config import DataPaths
from kernel.errors import DocumentNotFoundError, PageNotFoundError, StoreError
from kernel.events import IngestEvent
from kernel.reasons import Reason
from kernel.types import Chunk, DocumentRecord, Hit, PageMark
from laoshifu import integrity
from laoshifu.answer import AnswerStream, Asker, catalog_pages
from laoshifu.answer.sentence_vectors import SentenceVectors
from laoshifu.indexer import Indexer
from laoshifu.lock import FolderLock
from laoshifu.mirror import ManifestMirror, MirrorThread
from models.chat_model import ChatModel
from models.dense_encoder import DenseEncoder
from models.token_counter import TokenCounter

WATCHED_FOLDERS = "watched_folders"


def _one_writer(method):
    """Writers take turns: the app's own ingests, removals and settings and its folder watcher
    share one library, and an ingest prunes and resumes what it takes for another run's
    unfinished work. An ingest holds the turn until its events are all read; the turn is
    re-entrant, so the thread reading them may write too. A read-only library (a line PC of a
    plant's shared knowledge base) refuses every writer."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def taking_turns(self, *args, **kwargs):
            self._may_write()
            with self._writing:
                yield from method(self, *args, **kwargs)
        return taking_turns

    @functools.wraps(method)
    def in_turn(self, *args, **kwargs):
        self._may_write()
        with self._writing:
            return method(self, *args, **kwargs)
    return in_turn


class Library:
    def __init__(self, data_dir: Path, *, storage: VectorStorage, token_counter: TokenCounter,
                 encoder: DenseEncoder, chat_model: ChatModel, owns_chat_model: bool = False,
                 read_only: bool = False, manifest: Manifest | None = None):
        """The parts come from `laoshifu.composition.open_library`, the one place that picks
        them; all load lazily. `token_counter` sizes passages, `encoder` makes the search
        vectors, `chat_model` answers (closed with the library when `owns_chat_model`; a shared
        one is its giver's to stop). `read_only`: documents are added and removed elsewhere.
        `manifest`: the vectors are a shared store's, which says what is published; this PC's
        catalog and keywords then mirror it, synced now and every `mirror.SYNC_EVERY_S`."""
        self.paths = DataPaths(data_dir)
        self.read_only = read_only
        self._closed = False
        self._lock = FolderLock(self.paths.root)  # one Laoshifu per folder (laoshifu.lock)
        self._lock.acquire()
        with ExitStack() as undo:  # a library that fails to open leaves nothing open or locked
            undo.callback(self._lock.release)
            self.storage = storage
            integrity.check(self.paths, self.storage)  # damage is reported, never "fixed"
            self.catalog = Catalog(self.paths.catalog)
            undo.callback(self.catalog.close)
            self.token_counter = token_counter
            self.encoder = encoder
            self._sentence_vectors = SentenceVectors(encoder.embed)
            self.vectors = integrity.open_vectors(self.paths, self.storage, self.encoder.name)
            undo.callback(self.vectors.close)
            self.keywords = KeywordIndex(self.paths.keywords)
            undo.callback(self.keywords.close)
            self.parser = SandboxedParser()
            self.chat_model = chat_model
            self._owns_chat_model = owns_chat_model
            self._writing = threading.RLock()
            self._marking = threading.Lock()
            encode_query = remembered(self.encoder.embed_query)
            self.feedback = FeedbackMarks(self.catalog, self.keywords, encode_query,
                                          self.encoder.name)
            self.retriever = Retriever(self.catalog, self.vectors, self.keywords, encode_query,
                                       self.feedback)
            self._manifest = manifest
            self._mirror: ManifestMirror | None = None
            self._mirror_thread: MirrorThread | None = None
            if manifest is not None:
                undo.callback(manifest.close)
                self._mirror = ManifestMirror(manifest, self.catalog, self.keywords,
                                              self._indexer().passages_from)
                self.sync()
                self._mirror_thread = MirrorThread(self._sync_unless_writing)
                self._mirror_thread.start()
                undo.callback(self._mirror_thread.stop)
            self._indexer().backfill_keywords()
            undo.pop_all()

    def sync(self) -> None:
        """Bring this PC's catalog and keywords to what the shared store publishes (nothing
        to do without one). A writer's turn, so it never interleaves with an ingest here."""
        if self._mirror is not None:
            with self._writing:
                self._mirror.sync()

    def _sync_unless_writing(self) -> None:
        """The background round: skipped while this PC ingests or removes (a writer syncs
        first anyway), so the mirror thread never waits minutes behind an ingest, nor holds
        up closing."""
        if self._mirror is not None and self._writing.acquire(blocking=False):
            try:
                self._mirror.sync()
            finally:
                self._writing.release()

    @_one_writer
    def ingest(self, paths: Iterable[Path]) -> Iterator[IngestEvent]:
        """Add `paths`, after finishing any ingest a crash interrupted (so an empty batch
        resumes them)."""
        self.sync()  # a shared store: start from what is published
        live = {d.doc_id: d.chunks for d in self.catalog.documents() if d.status == INDEXED}
        unfinished = self.catalog.in_progress().keys()
        stored = self.vectors.doc_counts()  # one scan of the vector store per batch
        if self._manifest is None:
            for orphan in stored.keys() - live.keys() - unfinished:  # left by a crash
                self.vectors.delete_document(orphan)
        else:
            self._clean_leftovers(self._manifest, set(stored), set(unfinished))
        self.keywords.prune(live.keys() | unfinished)
        indexer = self._indexer()
        # A new search model has none; a write the OS lost in a power cut, some.
        yield from indexer.backfill_vectors(
            {doc_id for doc_id, chunks in live.items() if stored.get(doc_id, 0) != chunks})
        yield from indexer.ingest([*indexer.resumable(), *paths])
        integrity.remember_sources(self.paths, (d.path for d in self.catalog.documents()))

    def _clean_leftovers(self, manifest: Manifest, stored: set[str],
                         unfinished: set[str]) -> None:
        """Remove versions on the shared store that no manifest row names and no publisher
        has been writing for WRITER_SILENT_S: a killed publisher's, or the loser's of two
        publishing one path at once. Read in this order (stored, writing, published): a
        version a publisher flips meanwhile is then either still noted as being written or
        already published (docs/deploy.md, "How publishing stays consistent")."""
        stored |= manifest.stored_versions()
        busy = manifest.writing(WRITER_SILENT_S)
        published = {record.doc_id for record in manifest.current().values()}
        for version in stored - busy - published - unfinished:
            manifest.forget(version)
            self.vectors.delete_document(version)

    @_one_writer
    def reindex(self, name: str) -> Iterator[IngestEvent]:
        """Read a document's file again and replace its passages, even when the file is
        unchanged (to retry OCR, or after an update that reads files better)."""
        record = self.resolve(name)
        yield from self._indexer().ingest([Path(record.path)], force=True)

    def _may_write(self) -> None:
        if self.read_only:
            raise StoreError(Reason("library_read_only", {}))

    def _indexer(self) -> Indexer:
        return Indexer(self.catalog, self.vectors, self.keywords, self.token_counter, self.encoder,
                       self.parser, self._manifest)

    def passages(self, doc_id: str) -> list[Chunk]:
        """A document's passages as indexed, rebuilt from the catalog's page text."""
        return self._indexer().passages_of(doc_id)

    @property
    def watched_folders(self) -> list[Path]:
        """Folders kept in sync with this library (by `laoshifu watch` and the app)."""
        folders = self.catalog.setting(WATCHED_FOLDERS, [])
        return [Path(folder) for folder in folders] if isinstance(folders, list) else []

    @watched_folders.setter
    @_one_writer
    def watched_folders(self, folders: Iterable[Path]) -> None:
        unique = dict.fromkeys(str(Path(f).expanduser().resolve()) for f in folders)
        self.catalog.set_setting(WATCHED_FOLDERS, list(unique))

    def documents(self) -> list[DocumentRecord]:
        return self.catalog.documents()

    def searchable_passages(self) -> dict[str, int]:
        """Passages each document has in the vector index: what dense search can find (the
        catalog says what should be there; this says what is)."""
        return self.vectors.doc_counts()

    def resolve(self, name: str) -> DocumentRecord:
        """Find a document by id, full path or file name, as a user would type it."""
        record = self.catalog.get(name) or self.catalog.find_by_path(str(Path(name).resolve()))
        if record:
            return record
        by_name = [d for d in self.catalog.documents() if d.file == name]
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            paths = ", ".join(d.path for d in by_name)
            raise DocumentNotFoundError(Reason("document_ambiguous",
                                               {"name": name, "paths": paths}))
        raise DocumentNotFoundError(Reason("document_not_found", {"name": name}))

    @_one_writer
    def remove(self, name: str) -> DocumentRecord:
        record = self.resolve(name)
        if self._manifest is not None:  # other PCs stop finding it first
            self._manifest.withdraw(record.path)
        self.catalog.delete(record.doc_id)
        if self._manifest is not None:
            self._manifest.forget(record.doc_id)
        self.vectors.delete_document(record.doc_id)
        self.keywords.delete_document(record.doc_id)
        self._marks_changed()
        return record

    def mark(self, query: str, document: str, page: int | None, verdict: str) -> PageMark:
        """Keep a technician's mark (kernel.types GOOD or BAD) on a page for `query`; the
        next search for it, or a question like it, ranks the page first or last
        (index.feedback). `document` as `resolve` finds it; `page` 1-based, None for a file
        without pages. Not a writer's turn: an ingest holds that for minutes, and a mark is
        one short catalog write."""
        record = self.resolve(document)
        self._check_page(record, page)
        with self._marking:
            mark = self.feedback.mark(query, record.doc_id, record.path, page, verdict)
            integrity.remember_marks(self.paths, self.catalog.marks())
        return mark

    def marks(self) -> list[PageMark]:
        """Every mark, oldest first."""
        return self.feedback.marks()

    def verdicts(self, query: str) -> dict[tuple[str, int | None], str]:
        """The marks that apply to `query`: (path, page) -> GOOD or BAD (page None: the
        whole file), so a front end shows what is already marked."""
        return self.feedback.verdicts(query)

    def _check_page(self, record: DocumentRecord, page: int | None) -> None:
        if not self.catalog.has_page_numbers(record.doc_id):
            if page is not None:
                raise PageNotFoundError(Reason("document_without_pages", {"file": record.file}))
        elif page is None or not 1 <= page <= record.pages:
            raise PageNotFoundError(Reason("page_not_in_document",
                                           {"file": record.file, "pages": str(record.pages)}))

    def _marks_changed(self) -> None:
        with self._marking:
            self.feedback.reload()
            integrity.remember_marks(self.paths, self.catalog.marks())

    def search(self, query: str, k: int = 5) -> list[Hit]:
        return self.retriever.search(query, k)

    def ask(self, question: str, with_model: bool = True) -> AnswerStream:
        """The retrieved pages and the answer composed from them are on the stream at once;
        the model's checked sentences stream after them (`with_model` False: none)."""
        return Asker(self.retriever, self.chat_model, catalog_pages(self.catalog),
                     self.encoder, self._sentence_vectors).ask(question, with_model)

    def close(self) -> None:
        """Closing again does nothing: a window and its error path may both close."""
        if self._closed:
            return
        self._closed = True
        if self._mirror_thread is not None:
            self._mirror_thread.stop()
        self.retriever.close()
        self.parser.close()
        integrity.remember_sources(self.paths, (d.path for d in self.catalog.documents()))
        self.keywords.close()
        if self._manifest is not None:
            self._manifest.close()
        self.vectors.close()
        self.catalog.close()
        if self._owns_chat_model:
            self.chat_model.close()  # its model process
        integrity.closed_cleanly(self.paths)
        self._lock.release()
