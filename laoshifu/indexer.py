"""Files into the library, one document at a time, as a generator of progress events.

Order of writes per document: the catalog notes that the document is being ingested, its
passages go into the keyword index and the vector store, then the catalog row makes them live
(and retires the previous version of the same path in the same transaction), then the previous
version's passages are deleted. Search only returns documents the catalog holds, so a changed
manual is never found twice or not at all, and a crash at any point leaves every finished
document whole. Passages are stored in steps under ids fixed by the content, so an ingest that
was killed halfway resumes: the passages already stored are kept, only the rest are embedded.

New work goes ahead of long work (docs/architecture.md, "Ingest order"): at each step boundary,
and while it waits for a step's vectors, an ingest lends the library's writers' turn to newer
writers (laoshifu.turns) and then goes on with its in-memory steps. Its document stays in
progress meanwhile, and in hand, so no other ingest resumes it; if a later ingest of the same
file finished or dropped it meanwhile, this one stops that file. Writes still come from one
thread at a time, each document's in the order above.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path

from index.catalog import INDEXED, PAGE_EMPTY, PAGE_OCR, PAGE_TEXT, Catalog, PageRow, new_record
from index.keywords import KeywordIndex
from index.manifest import Manifest
from index.page_rerank import words_json
from index.vector_index import VectorIndex
from ingest.chunking import HEADING_CONTEXT_TOKENS, chunk_document
from ingest.clean import clean_document
from ingest.loaders import is_supported, unsupported
from ingest.sandbox import PendingParse, SandboxedParser
from kernel.errors import IngestError, UnsupportedFormatError
from kernel.events import (
    Embedded,
    FileDone,
    FileFailed,
    FileSkipped,
    FileStarted,
    FileWarning,
    IngestEvent,
    OcrUsed,
    PagesRead,
    RevisionFound,
)
from kernel.reasons import Reason
from kernel.types import Chunk, Page, ParsedDocument
from laoshifu.embed_ahead import EmbedAhead
from laoshifu.revisions import Revisions
from laoshifu.tag_items import EXTRACTOR_VERSION, tag_rows
from laoshifu.turns import WriterTurns
from models.dense_encoder import DenseEncoder
from models.token_counter import TokenCounter

log = logging.getLogger(__name__)

# The catalog setting that says which tag extractor found the library's tags.
TAG_INDEX = "tag_index"

# Passages embedded per progress event: small enough to show movement, large enough to batch.
_EMBED_STEP = 64
# Files the reader process may read ahead of the one being embedded. One was not enough: after
# a file with a few passages the next scanned one was still in OCR, and the model waited for it.
# A few parsed files are small (their text) and a stopped ingest drops the queued reads at once.
READ_AHEAD = 3
# Token counts remembered while one document is cut into passages.
_COUNTED_TEXTS = 4096
# MiniLM was trained on short passages; shorter passages also point at a narrower span.
PASSAGE_TOKENS = 192


def page_rows(pages: list[Page], chunks: list[Chunk]) -> list[PageRow]:
    """Account for every page: how its text was obtained, how many passages it gave, or why
    it gave none; and its words for the second stage."""
    per_page: dict[int, int] = {}
    for chunk in chunks:
        per_page[chunk.page_index] = per_page.get(chunk.page_index, 0) + 1
    rows = []
    for page in pages:
        has_text = bool(page.text.strip())
        source = PAGE_OCR if page.ocr else PAGE_TEXT if has_text else PAGE_EMPTY
        passages = per_page.get(page.index, 0)
        note = page.note
        if has_text and not passages:
            note = "only the running header or footer"
        rows.append(PageRow(page.index, page.number, page.label, source, passages, note,
                            page.text, words_json(page.text)))
    return rows


def distinct_passages(chunks: list[Chunk]) -> list[Chunk]:
    """Each page's passages without the ones that repeat an earlier passage of that page word
    for word (under the same heading). Search finds pages, so a repeat finds nothing the first
    one does not, and a fault log that repeats one line while a fault stands (13,730 passages
    for 10 MB) would otherwise cost minutes of vector writes for one page. The page's whole
    text stays in the catalog and the viewer."""
    seen: set[tuple[int, str]] = set()
    kept = []
    for chunk in chunks:
        key = (chunk.page_index, chunk.embed_text)
        if key not in seen:
            seen.add(key)
            kept.append(chunk)
    return kept


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Files to ingest, and files inside given folders that are not of a supported type.

    A file named directly is always attempted, so the user hears why it was refused; inside a
    folder, unsupported files (spreadsheets of sources, images) are listed but not failures.
    """
    files: list[Path] = []
    ignored: list[Path] = []
    for path in paths:
        path = path.expanduser().resolve()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden:  # not in .Trash-1000/, .git/, ...
                    (files if is_supported(child) else ignored).append(child)
        else:
            files.append(path)
    return files, ignored


class Indexer:
    def __init__(self, catalog: Catalog, vectors: VectorIndex, keywords: KeywordIndex,
                 token_counter: TokenCounter, encoder: DenseEncoder, parser: SandboxedParser,
                 turns: WriterTurns | None = None, in_hand: set[str] | None = None,
                 manifest: Manifest | None = None):
        """`token_counter` sizes the passages; `encoder` makes the search vectors. `turns` is
        the library's writers' turn, lent to newer writers at this ingest's step boundaries;
        `in_hand` the documents this library's ingests are writing now (shared by them, so
        one never resumes a document another has paused); `manifest`, a shared store's, is
        where a finished document is published."""
        self._catalog = catalog
        self._manifest = manifest
        self._vectors = vectors
        self._keywords = keywords
        self._token_counter = token_counter
        self._encoder = encoder
        self._parser = parser
        self._turns = turns or WriterTurns()
        self._in_hand = set() if in_hand is None else in_hand
        # Reads queued in the reader process, with the size and time of the file they read.
        self._ahead: dict[Path, tuple[tuple[int, float], PendingParse]] = {}
        self._digests: dict[tuple[str, int, float], str] = {}
        self._revisions = Revisions(catalog)

    def ingest(self, paths: Iterable[Path], force: bool = False) -> Iterator[IngestEvent]:
        files, ignored = expand_paths(paths)
        files = list(dict.fromkeys(files))  # a resumed file may also be in a folder given
        for path in ignored:
            yield FileSkipped(path, Reason("type_not_read", {"suffix": path.suffix}))
        try:
            for number, path in enumerate(files, start=1):
                self._turns.step_aside()  # between files, newer work goes first
                yield FileStarted(path, number, len(files))
                yield from self._ingest_or_report(path, files[number:number + READ_AHEAD],
                                                  force)
        finally:  # a cancelled ingest leaves no read running
            for _, pending in self._ahead.values():
                pending.future.cancel()
            self._ahead.clear()

    def _ingest_or_report(self, path: Path, upcoming: list[Path],
                          force: bool) -> Iterator[IngestEvent]:
        """One file, its failure turned into an event: one bad file never stops the batch."""
        try:
            yield from self._ingest_file(path, upcoming, force)
            return
        except IngestError as error:
            failure = FileFailed(path, error.message, error.reason)
        except OSError as error:
            failure = FileFailed(path, f"the file cannot be read ({error.strerror}). Check "
                                       "that it still exists and that you may open it.")
        except Exception as error:  # one file's unexpected failure never stops the batch
            log.exception("ingest of %s failed", path)
            failure = FileFailed(path, f"an unexpected problem stopped this file "
                                       f"({type(error).__name__}); the others go on. Please "
                                       "report it with the file if it keeps happening.")
        self._abandon(path)
        yield failure

    def resumable(self) -> list[Path]:
        """Files whose ingest was interrupted (a crash, a kill, a power cut) and can be
        finished; unfinished work for files that are gone is dropped."""
        paths = []
        unfinished = {doc_id: path for doc_id, path in self._catalog.in_progress().items()
                      if doc_id not in self._in_hand}  # not one a paused ingest is writing
        for pending in dict.fromkeys(unfinished.values()):
            if Path(pending).is_file():
                paths.append(Path(pending))
            else:
                self._abandon(Path(pending))
        return paths

    def _abandon(self, path: Path, keep: str | None = None) -> None:
        """Drop unfinished work for `path`, except for the version `keep`: the file changed,
        vanished or no longer reads, so those passages would never become live."""
        for doc_id, pending in self._catalog.in_progress().items():
            if pending == str(path) and doc_id != keep:
                if not self._published(doc_id):
                    if self._manifest is not None:
                        self._manifest.forget(doc_id)
                    self._vectors.delete_document(doc_id)
                self._keywords.delete_document(doc_id)
                self._catalog.end_ingest(doc_id)  # last: a crash before it retries the cleanup

    def _published(self, doc_id: str) -> bool:
        """Whether the shared store's manifest names `doc_id`: a run killed after its flip
        left it unfinished here, but other PCs already search it."""
        return self._manifest is not None and any(
            record.doc_id == doc_id for record in self._manifest.current().values())

    def _skip_reason(self, path: Path, force: bool) -> Reason | None:
        """Why `path` needs no reading (unchanged, or a copy of an indexed file), or None.
        `force` reads an unchanged file again, but never indexes a second copy."""
        stat = path.stat()
        existing = self._catalog.find_by_path(str(path))
        if not force and existing and existing.status == INDEXED and \
                self._catalog.stat_of(existing.doc_id) == (stat.st_size, stat.st_mtime):
            return Reason("unchanged")
        digest = self._digest(path)
        if not force and existing and existing.content_hash == digest:
            self._catalog.touch(existing.doc_id, stat.st_size, stat.st_mtime)
            return Reason("unchanged")
        twin = self._catalog.find_by_hash(digest)
        if twin and twin.path != str(path):
            return Reason("duplicate", {"twin": twin.path})
        return None

    def _digest(self, path: Path) -> str:
        """The content hash, computed once per file version even when the read-ahead and the
        ingest both ask."""
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime)
        if key not in self._digests:
            self._digests[key] = content_hash(path)
        return self._digests[key]

    def _read_ahead(self, upcoming: list[Path], force: bool) -> None:
        """Queue the next files in the parser process, so their parsing and OCR run while
        this file's passages are embedded here."""
        for path in upcoming:
            try:
                if path not in self._ahead and path.is_file() and is_supported(path) \
                        and not self._skip_reason(path, force):
                    stat = path.stat()
                    self._ahead[path] = ((stat.st_size, stat.st_mtime),
                                         self._parser.schedule(path))
            except OSError:
                pass  # the file's own turn reports it

    def _read(self, path: Path) -> ParsedDocument:
        """The file read ahead, unless it changed since (then it is read again)."""
        stat = path.stat()
        version, pending = self._ahead.pop(path, (None, None))
        if pending is None or version != (stat.st_size, stat.st_mtime):
            if pending is not None:
                pending.future.cancel()
            pending = self._parser.schedule(path)
        return self._parser.result(pending)

    def _ingest_file(self, path: Path, upcoming: list[Path],
                     force: bool = False) -> Iterator[IngestEvent]:
        if not path.is_file():
            raise IngestError(Reason("no_such_file"), path=path)
        if not is_supported(path):
            raise UnsupportedFormatError(unsupported(path), path=path)
        stat = path.stat()
        existing = self._catalog.find_by_path(str(path))
        skip = self._skip_reason(path, force)
        if skip:
            self._abandon(path)
            yield FileSkipped(path, skip)
            return
        digest = self._digest(path)
        doc_id = digest[:16]
        self._abandon(path, keep=doc_id)
        parsed = self._read(path)
        self._read_ahead(upcoming, force)
        for warning in parsed.warnings:
            yield FileWarning(path, warning)
        ocr_pages = [page.number or page.index + 1 for page in parsed.pages if page.ocr]
        if ocr_pages:
            yield OcrUsed(path, ocr_pages)
        chunks = self._passages(doc_id, parsed.pages)
        yield PagesRead(path, len(parsed.pages), len(chunks))
        self._catalog.begin_ingest(doc_id, str(path))
        if self._manifest is not None:
            self._manifest.begin(doc_id, str(path))
        self._in_hand.add(doc_id)
        try:
            done, steps = self._unstored(chunks)
            with EmbedAhead(self._encoder, steps, self._turns.wait_aside) as embedded:
                # Written, and the pages' words computed, while the first step is embedded.
                self._keywords.add(chunks)
                rows = page_rows(parsed.pages, chunks)
                kept = yield from self._store(path, len(chunks), done, embedded,
                                              lambda: doc_id in self._catalog.in_progress())
        finally:
            self._in_hand.discard(doc_id)
        if not kept:
            yield FileSkipped(path, Reason("taken_over"))
            return
        record = new_record(doc_id, path, digest, len(parsed.pages), len(chunks),
                            len(ocr_pages), parsed.warnings,
                            added_at=existing.added_at if existing else None,
                            kind=parsed.kind, title=parsed.title)
        # A forced re-read of unchanged content keeps its id: nothing to retire then.
        replaced = [existing.doc_id] if existing and existing.doc_id != doc_id else []
        if self._manifest is not None:
            self._manifest.publish(record, rows)
        self._catalog.put(record, stat.st_size, stat.st_mtime,
                          pages=rows, replaces=replaced,
                          tags=tag_rows(path, ((page.index, page.text) for page in parsed.pages)))
        for old_id in replaced:
            if self._manifest is not None:
                self._manifest.forget(old_id)
            self._vectors.delete_document(old_id)
            self._keywords.delete_document(old_id)
        yield FileDone(path, doc_id, len(parsed.pages), len(chunks),
                       replaced=existing is not None)
        for link in self._revisions.after_ingest(doc_id):
            yield RevisionFound(path, link)

    def _passages(self, doc_id: str, pages: list[Page]) -> list[Chunk]:
        budget = min(PASSAGE_TOKENS, self._token_counter.max_tokens - HEADING_CONTEXT_TOKENS)
        # A log repeats its lines thousands of times: each distinct line is counted once.
        count = functools.lru_cache(maxsize=_COUNTED_TEXTS)(self._token_counter.count_tokens)
        return distinct_passages(chunk_document(doc_id, clean_document(pages), count, budget))

    def passages_of(self, doc_id: str) -> list[Chunk]:
        """A document's passages rebuilt from the page text the catalog keeps."""
        return self.passages_from(doc_id, self._catalog.pages(doc_id))

    def passages_from(self, doc_id: str, rows: list[PageRow]) -> list[Chunk]:
        """The passages of pages as the catalog keeps them: the same ones their publisher
        indexed, from the same text, tokenizer and chunking."""
        pages = [Page(row.page_index, row.page_number, row.text, label=row.label,
                      ocr=row.source == PAGE_OCR) for row in rows]
        return self._passages(doc_id, pages)

    def backfill_keywords(self) -> int:
        """Give documents indexed before the keyword index existed their keyword entries:
        no parsing, no OCR, no embedding, so it can run whenever a library opens."""
        missing = self._catalog.live_ids() - self._keywords.doc_ids()
        for doc_id in missing:
            self._keywords.add(self.passages_of(doc_id))
        return len(missing)

    def backfill_page_words(self, batch: int = 200) -> int:
        """Keep the words of pages stored before they were kept (a search tokenises those at
        every question), a batch at a time; how many pages it did."""
        done = 0
        while pages := self._catalog.pages_without_words(batch):
            self._catalog.set_page_words(
                (doc_id, index, words_json(text)) for doc_id, index, text in pages)
            done += len(pages)
        return done

    def backfill_tags(self) -> int:
        """Find the tags of documents indexed before the tag index (or by an older extractor)
        in the catalog's page text: no file is parsed again, and once done the library says
        so, so the next opening does nothing."""
        if self._catalog.setting(TAG_INDEX) == EXTRACTOR_VERSION:
            return 0
        live = self._catalog.live_ids()
        for doc_id in live:
            record = self._catalog.get(doc_id)
            if record is not None:
                pages = ((row.page_index, row.text) for row in self._catalog.pages(doc_id))
                self._catalog.put_tags(doc_id, tag_rows(Path(record.path), pages))
        self._catalog.set_setting(TAG_INDEX, EXTRACTOR_VERSION)
        return len(live)

    def backfill_vectors(self, missing: set[str]) -> Iterator[IngestEvent]:
        """Complete the vectors of live documents that lack some (the library was built with
        another search model, or a power cut lost the last writes): from the catalog's page
        text, without reading the files again."""
        for doc_id in sorted(missing - self._in_hand):
            self._turns.step_aside()
            record = self._catalog.get(doc_id)
            if record is None:
                continue
            path = Path(record.path)
            yield FileWarning(path, Reason("reindex_for_model"))
            chunks = self.passages_of(doc_id)
            self._in_hand.add(doc_id)
            try:
                done, steps = self._unstored(chunks)
                with EmbedAhead(self._encoder, steps, self._turns.wait_aside) as embedded:
                    yield from self._store(path, len(chunks), done, embedded,
                                           functools.partial(self._is_live, doc_id))
            finally:
                self._in_hand.discard(doc_id)

    def _is_live(self, doc_id: str) -> bool:
        return self._catalog.get(doc_id) is not None

    def _unstored(self, chunks: list[Chunk]) -> tuple[int, list[list[Chunk]]]:
        """How many passages the vector store already holds as they are (left by an
        interrupted run), and the others in steps to embed; stored passages that are no longer
        wanted go."""
        if not chunks:
            return 0, []
        stored = self._vectors.stored_texts(chunks[0].doc_id)
        wanted = {c.chunk_id for c in chunks}
        self._vectors.delete_chunks([chunk_id for chunk_id in stored if chunk_id not in wanted])
        todo = [c for c in chunks if stored.get(c.chunk_id) != c.text]
        steps = [todo[first:first + _EMBED_STEP] for first in range(0, len(todo), _EMBED_STEP)]
        return len(chunks) - len(todo), steps

    def _store(self, path: Path, total: int, done: int, embedded: EmbedAhead,
               wanted: Callable[[], bool]) -> Generator[IngestEvent, None, bool]:
        """Store each step's vectors as they come, saying how far the document is. Newer work
        may write while a step is embedded; if it finished this document or dropped it (its
        file changed), `wanted` says so and nothing more is stored: returns False."""
        if done:
            yield Embedded(path, done, total)
        for step, vectors in embedded:
            if not wanted():
                return False
            self._vectors.add(step, vectors)
            if self._manifest is not None:  # still writing: not a killed writer's leftovers
                self._manifest.begin(step[0].doc_id, str(path))
            done += len(step)
            yield Embedded(path, done, total)
        return True
