"""The search model's vectors of the sentences answers read, made before the questions come.

The composed answer is on screen once the question's candidate sentences are embedded, and
embedding them is most of its time: about 40 a question, 9-25 ms each on two cores, so the
first question about a manual waited half a second or more. Every candidate is a unit of a
stored page (`laoshifu.answer.spans.page_reads`), so they can be embedded as soon as a
document is in the catalog and kept in the library's sentence file; a question then finds
them there. The shared corpus's 477 pages hold 8,357 such sentences: 93 s of the search model
on two idle cores, an 18 MB file.

The work is the library's spare time, never the technician's: it waits until nothing has been
asked or ingested for `QUIET_S` and no ingest is writing, stops at the next sentence when a
question or an ingest comes (each sentence is one short run of the model), runs at a lowered
CPU priority, and resumes later where it stopped. `laoshifu ingest` prepares what it added
before it exits (`prepare`), as a terminal has no spare time after it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

from index.catalog import INDEXED, Catalog
from index.embedding_cache import EmbeddingCache
from kernel.config import lower_thread_priority
from kernel.types import DocumentRecord
from laoshifu.answer.furniture import Furniture, blanked
from laoshifu.answer.sentence_vectors import SentenceVectors
from laoshifu.answer.spans import page_reads

log = logging.getLogger(__name__)

# Seconds without a question or an ingest before sentences are prepared: a question's model
# line streams for several seconds after its composed answer, on the same two cores.
QUIET_S = 30.0
# How often the waiting thread looks again.
POLL_S = 1.0


class SentencesAhead:
    """Prepares live documents' sentences on a thread of its own while the library is quiet.
    `busy`: whether the library is writing (an ingest). `hold` marks activity: questions and
    ingests call it. `close` stops the thread within one sentence's embedding."""

    def __init__(self, catalog: Catalog, furniture: Callable[[str], Furniture],
                 vectors: SentenceVectors, store: EmbeddingCache, model: str,
                 busy: Callable[[], bool]) -> None:
        self._catalog = catalog
        self._furniture = furniture
        self._vectors = vectors
        self._store = store
        self._model = model
        self._busy = busy
        self._quiet_s = QUIET_S
        self._last_activity = time.monotonic()
        self._foreground = 0
        self._failed: set[str] = set()  # documents whose preparation raised, this session
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sentences-ahead", daemon=True)
        self._thread.start()

    def hold(self) -> None:
        """Something the technician waits for has started: back off for `QUIET_S`."""
        self._last_activity = time.monotonic()

    def prepare(self) -> Iterator[DocumentRecord]:
        """Prepare every live document not prepared yet, now, in the caller's thread (the
        thread backs off meanwhile); yields each document as it is done."""
        with self._lock:
            self._foreground += 1
        try:
            yield from self._prepare_all(lambda: not self._stop.is_set())
        finally:
            with self._lock:
                self._foreground -= 1
            self.hold()

    def read_again(self, doc_id: str) -> None:
        """The document's pages were read again (`Library.reindex`): their text may differ,
        so they are prepared again (sentences unchanged are found stored)."""
        self._store.forget_complete(self._model, [doc_id])

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

    def _quiet(self) -> bool:
        with self._lock:
            foreground = self._foreground
        return time.monotonic() - self._last_activity >= self._quiet_s and \
            not self._stop.is_set() and not foreground and not self._busy()

    def _run(self) -> None:
        lower_thread_priority()
        try:
            while not self._stop.wait(POLL_S):
                if self._quiet():
                    for _ in self._prepare_all(self._quiet):
                        pass
        except Exception:  # a cache only: questions embed what they read, as before
            log.exception("preparing answers stopped")

    def _prepare_all(self, keep_going: Callable[[], bool]) -> Iterator[DocumentRecord]:
        live = {record.doc_id: record for record in self._catalog.documents()
                if record.status == INDEXED}
        done = self._store.complete(self._model)
        if stale := done - live.keys():  # removed since
            self._store.forget_complete(self._model, stale)
        for doc_id, record in live.items():
            if doc_id in done or doc_id in self._failed:
                continue
            try:
                prepared = self._prepare_document(doc_id, keep_going)
            except Exception:  # a cache only: the document's questions embed at question time
                log.exception("could not prepare the sentences of %s", record.file)
                self._failed.add(doc_id)
                continue
            if not prepared:
                return
            self._store.mark_complete(self._model, [doc_id])
            yield record

    def _prepare_document(self, doc_id: str, keep_going: Callable[[], bool]) -> bool:
        furniture = self._furniture(doc_id)
        for row in self._catalog.pages(doc_id):
            if not keep_going():
                return False
            texts = page_reads(blanked(row.text, furniture, row.page_index))
            if not self._vectors.prepare(texts, keep_going):
                return False
        return True

