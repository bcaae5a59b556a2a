"""One library folder with its stores and models: what every front end talks to.

Opening a library is cheap (no model is loaded); the search models load on the first ingest
or search, the answer model on the first question. One `Library` per process, so models load once.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

from index.catalog import INDEXED, Catalog
from index.embedding_cache import SENTENCES_FILE_NAME, EmbeddingCache
from index.feedback import FeedbackMarks, remembered
from index.keywords import KeywordIndex
from index.manifest import WRITER_SILENT_S, Manifest
from index.retrieval import Retriever
from index.tag_lookup import TagLookup
from index.vector_index import VectorStorage
from ingest.notes import RepairNote
from ingest.sandbox import SandboxedParser
from kernel.config import DataPaths
from kernel.errors import DocumentNotFoundError, IngestError, PageNotFoundError, StoreError
from kernel.events import FileFailed, FileSkipped, IngestEvent
from kernel.reasons import Reason
from kernel.types import NOTE, Chunk, DocumentRecord, Hit, PageMark, RevisionLink
from laoshifu import integrity, note_files
from laoshifu.answer import AnswerStream, Asker, catalog_pages
from laoshifu.answer.furniture import catalog_furniture
from laoshifu.answer.sentence_vectors import SentenceVectors
from laoshifu.cached_encoder import CachedEncoder
from laoshifu.indexer import Indexer
from laoshifu.lock import FolderLock
from laoshifu.machine_history import MachineHistory, TagItem
from laoshifu.mirror import ManifestMirror, MirrorThread
from laoshifu.revisions import Revisions
from laoshifu.sentences_ahead import SentencesAhead
from laoshifu.turns import WriterTurns
from laoshifu.whats_new import DEFAULT_DAYS, Change, changes
from models.chat_model import ChatModel
from models.dense_encoder import DenseEncoder
from models.token_counter import TokenCounter

WATCHED_FOLDERS = "watched_folders"
NOTES_FOLDER = "notes_folder"
# Cached passage vectors kept beyond one per passage the library holds (~2 KB each, ~40 MB):
# recently replaced revisions and removed files stay cheap to add back.
CACHE_SLACK = 20_000
# Page sentences' vectors kept per page the library holds (1.5 KB each): the corpus's pages
# average 17.5 sentences an answer may read, so a dense one fits too.
SENTENCES_PER_PAGE = 60


def _one_writer(method):
    """Writers take turns: the app's own ingests, removals and settings, its notes and its
    folder watcher share one library, and an ingest prunes and resumes what it takes for
    another run's unfinished work. An ingest holds the turn until its events are all read,
    except that it lends it to newer writers at its step boundaries (laoshifu.turns: a note
    or a small file dropped during a long manual goes in within seconds, then the manual goes
    on). The turn is re-entrant, so the thread reading an ingest's events may write too. A
    read-only library (a line PC of a plant's shared knowledge base) refuses every writer."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def taking_turns(self, *args, **kwargs):
            self._may_write()
            with self._turns.hold():
                yield from method(self, *args, **kwargs)
        return taking_turns

    @functools.wraps(method)
    def in_turn(self, *args, **kwargs):
        self._may_write()
        with self._turns.hold():
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
            self.embedding_cache = None if read_only else self._open_embedding_cache()
            if self.embedding_cache is not None:
                undo.callback(self.embedding_cache.close)
            self.token_counter = token_counter
            self.encoder = encoder
            self._sentence_store = None if read_only else self._open_sentence_store()
            if self._sentence_store is not None:
                undo.callback(self._sentence_store.close)
            self._sentence_vectors = SentenceVectors(encoder.embed, store=self._sentence_store,
                                                     model=encoder.name)
            self._furniture = catalog_furniture(self.catalog)
            self.vectors = integrity.open_vectors(self.paths, self.storage, self.encoder.name)
            undo.callback(self.vectors.close)
            self.keywords = KeywordIndex(self.paths.keywords)
            undo.callback(self.keywords.close)
            self.parser = SandboxedParser()
            self.chat_model = chat_model
            self._owns_chat_model = owns_chat_model
            self._turns = WriterTurns()
            self._in_hand: set[str] = set()  # documents this library's ingests are writing
            self._marking = threading.Lock()
            encode_query = remembered(self.encoder.embed_query)
            self._encode_query = encode_query
            self.feedback = FeedbackMarks(self.catalog, self.keywords, encode_query,
                                          self.encoder.name)
            self.tag_lookup = TagLookup(self.catalog, self.keywords)
            self.retriever = Retriever(self.catalog, self.vectors, self.keywords, encode_query,
                                       self.feedback, self.tag_lookup)
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
            self._indexer().backfill_tags()
            # Last: its thread reads the library as soon as it starts.
            self._sentences_ahead = None if self._sentence_store is None else SentencesAhead(
                self.catalog, self._furniture, self._sentence_vectors, self._sentence_store,
                encoder.name, busy=lambda: bool(self._in_hand))
            undo.pop_all()

    def _open_embedding_cache(self) -> EmbeddingCache:
        """The library's cache of passage vectors, bounded as it opens: the entries used least
        recently go first, beyond the passages the library holds plus CACHE_SLACK."""
        cache = EmbeddingCache(self.paths.root)
        passages = sum(record.chunks for record in self.catalog.documents())
        cache.keep_newest(passages + CACHE_SLACK)
        return cache

    def _open_sentence_store(self) -> EmbeddingCache:
        """The library's vectors of page sentences (laoshifu.sentences_ahead), bounded as it
        opens to SENTENCES_PER_PAGE for each page it holds."""
        store = EmbeddingCache(self.paths.root, SENTENCES_FILE_NAME)
        pages = sum(record.pages for record in self.catalog.documents())
        store.keep_newest(pages * SENTENCES_PER_PAGE + CACHE_SLACK)
        return store

    def sync(self) -> None:
        """Bring this PC's catalog and keywords to what the shared store publishes (nothing
        to do without one). A writer's turn, so it never interleaves with an ingest here."""
        if self._mirror is not None:
            with self._turns.hold():
                self._mirror.sync()

    def _sync_unless_writing(self) -> None:
        """The background round: skipped while this PC ingests or removes, or one waits (a
        writer syncs first anyway), so the mirror thread never waits minutes behind an
        ingest, nor holds up closing."""
        if self._mirror is not None:
            with self._turns.hold_if_free() as free:
                if free:
                    self._mirror.sync()

    @_one_writer
    def ingest(self, paths: Iterable[Path]) -> Iterator[IngestEvent]:
        """Add `paths`, then finish any ingest a crash interrupted (so an empty batch resumes
        them), then complete the vectors of documents that lack some: what was asked for
        first, the long leftovers behind it."""
        self.sync()  # a shared store: start from what is published
        if self._sentences_ahead is not None:
            self._sentences_ahead.hold()
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
        yield from indexer.ingest([*paths, *indexer.resumable()])
        # A new search model has none; a write the OS lost in a power cut, some.
        yield from indexer.backfill_vectors(
            {doc_id for doc_id, chunks in live.items() if stored.get(doc_id, 0) != chunks})
        indexer.backfill_page_words()  # a library from before page words were kept
        integrity.remember_sources(self.paths, (d.path for d in self.catalog.documents()))
        integrity.remember_revisions(self.paths, self.catalog.revisions())
        if self._sentences_ahead is not None:
            self._sentences_ahead.hold()

    def prepare_answers(self) -> Iterator[DocumentRecord]:
        """Embed now the sentences answers read from the documents not yet prepared
        (laoshifu.sentences_ahead; the window does it while the library is quiet), yielding
        each document as it is done. A read-only library keeps none: nothing to do."""
        if self._sentences_ahead is not None:
            yield from self._sentences_ahead.prepare()

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
        if self._sentences_ahead is not None:
            self._sentences_ahead.read_again(record.doc_id)

    def _may_write(self) -> None:
        if self.read_only:
            raise StoreError(Reason("library_read_only", {}))

    def _indexer(self) -> Indexer:
        encoder = self.encoder if self.embedding_cache is None \
            else CachedEncoder(self.encoder, self.embedding_cache)
        return Indexer(self.catalog, self.vectors, self.keywords, self.token_counter, encoder,
                       self.parser, self._turns, self._in_hand, self._manifest)

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

    @property
    def notes_folder(self) -> Path:
        """Where new repair notes are written: the library's own `notes` folder, or a shared
        folder set for the library (kept in its catalog, shared by the app and the CLI)."""
        folder = self.catalog.setting(NOTES_FOLDER)
        return Path(folder) if isinstance(folder, str) and folder else self.paths.notes

    @notes_folder.setter
    @_one_writer
    def notes_folder(self, folder: Path | None) -> None:
        self.catalog.set_setting(NOTES_FOLDER,
                                 str(Path(folder).expanduser().resolve()) if folder else "")

    @_one_writer
    def add_note(self, note: RepairNote, photos: Sequence[Path] = ()) -> DocumentRecord:
        """Write a new note file (photos copied beside it) and index it; searchable on return."""
        path = note_files.new_note_path(self.notes_folder, note)
        note_files.save_note(path, note, photos)
        try:
            return self._index_note(path)
        except IngestError:  # not in the library, so not on disk either: saving again is safe
            note_files.delete_note(path)
            raise

    @_one_writer
    def edit_note(self, name: str, note: RepairNote,
                  photos: Sequence[Path] = ()) -> DocumentRecord:
        """Rewrite a note's file and index it again: the indexer's replace-by-path retires the
        old text in the same catalog transaction that makes the new one live, so a search
        never finds both or neither. `photos` are added to those `note` already links."""
        path = Path(self.note_record(name).path)
        before = path.read_text(encoding="utf-8")
        note_files.save_note(path, note, photos)
        try:
            return self._index_note(path)
        except IngestError:  # refused (a copy of another note): the file stays as indexed
            note_files.write_atomically(path, before)
            raise

    @_one_writer
    def remove_note(self, name: str) -> DocumentRecord:
        """Take a note out of the index, then delete its file and photos (a crash between the
        two leaves a file the next `repair` or ingest brings back, never a note found in
        search whose file is gone)."""
        record = self.remove(self.note_record(name).doc_id)
        note_files.delete_note(Path(record.path))
        return record

    def note_record(self, name: str) -> DocumentRecord:
        """The repair note `name` (as `resolve` finds it); refuses any other document."""
        record = self.resolve(name)
        if record.kind != NOTE:
            raise DocumentNotFoundError(Reason("not_a_note", {"name": name}))
        return record

    def note(self, name: str) -> RepairNote:
        """A note as its file holds it now (to edit it)."""
        record = self.note_record(name)
        note = note_files.read_note(Path(record.path))
        if note is None:  # edited outside the app into something else since it was indexed
            raise DocumentNotFoundError(Reason("not_a_note", {"name": name}))
        return note

    def notes(self) -> list[DocumentRecord]:
        return [record for record in self.catalog.documents() if record.kind == NOTE]

    def note_tags(self) -> list[str]:
        """The equipment tags the new-note form offers: every tag the library knows (its
        notes', fault logs' and manuals'), as the tag index writes them."""
        return sorted(self.tags(), key=str.casefold)

    def _index_note(self, path: Path) -> DocumentRecord:
        for event in self.ingest([path]):
            if isinstance(event, FileFailed) and event.path == path.resolve():
                raise IngestError(event.reason or event.message, path=path)
            if isinstance(event, FileSkipped) and event.path == path.resolve() \
                    and event.reason.code == "duplicate":  # word for word another note
                raise IngestError(event.reason, path=path)
        record = self.catalog.find_by_path(str(path.resolve()))
        if record is None:
            raise DocumentNotFoundError(Reason("document_not_found", {"name": str(path)}))
        return record

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
        integrity.remember_revisions(self.paths, self.catalog.revisions())
        return record

    @_one_writer
    def undo_revision(self, name: str) -> RevisionLink:
        """Make the superseded document `name` (as `resolve` finds it) current again; the same
        two files are not linked again."""
        record = self.resolve(name)
        link = Revisions(self.catalog).undo(record.doc_id)
        if link is None:
            raise DocumentNotFoundError(Reason("not_superseded", {"file": record.file}))
        integrity.remember_revisions(self.paths, self.catalog.revisions())
        return link

    def revisions(self) -> list[RevisionLink]:
        """The revision links in force: which documents are superseded, by which, and why."""
        return Revisions(self.catalog).links()

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

    def search(self, query: str, k: int = 5, all_revisions: bool = False) -> list[Hit]:
        """The best `k` pages; superseded revisions below the current one, and their pages
        identical to the current one's left out unless `all_revisions`."""
        return self.retriever.search(query, k, all_revisions=all_revisions)

    def tags(self) -> dict[str, dict[str, int]]:
        """The equipment tags the library knows, each with its mentions per kind (note, row,
        page): for a tag list, a completer, the notes form's tag choice."""
        return MachineHistory(self.catalog, self.tag_lookup).known()

    def tag(self, spelling: str) -> tuple[str, list[TagItem]]:
        """Everything about one machine, `spelling` in any form (p101): the tag as the
        library writes it, and its notes and fault-log rows newest first, then the pages that
        name it by document and page."""
        return MachineHistory(self.catalog, self.tag_lookup).items(spelling)

    def nearest_tags(self, spelling: str) -> list[str]:
        """Known tags spelled like one the library does not know."""
        return MachineHistory(self.catalog, self.tag_lookup).nearest(spelling)

    def changes(self, days: int = DEFAULT_DAYS) -> list[Change]:
        """Files and repair notes added or changed in the last `days` days, latest first."""
        return changes(self.catalog, days)

    def ask(self, question: str, with_model: bool = True) -> AnswerStream:
        """The retrieved pages and the answer composed from them are on the stream at once;
        the model's checked sentences stream after them (`with_model` False: none)."""
        if self._sentences_ahead is not None:
            self._sentences_ahead.hold()
        return Asker(self.retriever, self.chat_model, catalog_pages(self.catalog),
                     self.encoder, self.keywords.pages_containing,
                     self._sentence_vectors, furniture=self._furniture,
                     files=self.catalog.files(), page_counts=self.catalog.page_counts(),
                     embed_query=self._encode_query).ask(question, with_model)

    def close(self) -> None:
        """Closing again does nothing: a window and its error path may both close."""
        if self._closed:
            return
        self._closed = True
        if self._sentences_ahead is not None:
            self._sentences_ahead.close()
        if self._mirror_thread is not None:
            self._mirror_thread.stop()
        self.retriever.close()
        self.parser.close()
        integrity.remember_sources(self.paths, (d.path for d in self.catalog.documents()))
        self.keywords.close()
        if self._manifest is not None:
            self._manifest.close()
        self.vectors.close()
        if self.embedding_cache is not None:
            self.embedding_cache.close()
        if self._sentence_store is not None:
            self._sentence_store.close()
        self.catalog.close()
        if self._owns_chat_model:
            self.chat_model.close()  # its model process
        integrity.closed_cleanly(self.paths)
        self._lock.release()
