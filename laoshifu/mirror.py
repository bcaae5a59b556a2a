"""The local keyword mirror of a shared store: this PC's catalog and keyword index kept equal
to the server's manifest.

Chroma's server has no keyword ranking (issue 16), so every PC keeps its own FTS index, and it
must hold exactly the documents the server publishes, or keyword and vector search would see
different libraries. The manifest names the published version of each document; a version
this PC lacks is fetched page by page and its passages rebuilt with the same chunking its
publisher used (so BM25 ranks as on the publisher's PC), then made live the way an ingest
does: keywords first, then the catalog row, then the old version's keywords go. A line PC that
never ingested anything gets full hybrid search this way.

`MirrorThread` repeats the sync on a short interval in the background; a search never waits
for it, and a server that is down only delays the next sync.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from index.catalog import Catalog, PageRow
from index.keywords import KeywordIndex
from index.manifest import Manifest
from index.page_rerank import words_json
from kernel.errors import StoreError
from kernel.types import Chunk, DocumentRecord
from laoshifu.tag_items import tag_rows

log = logging.getLogger(__name__)

# Seconds between two syncs of a running library: a document published on the office PC is
# found by keywords on every line PC within this.
SYNC_EVERY_S = 15.0

Passages = Callable[[str, list[PageRow]], list[Chunk]]


class ManifestMirror:
    """Makes `catalog` and `keywords` hold what `manifest` publishes; `passages` rebuilds a
    version's passages from its pages (`Indexer.passages_from`)."""

    def __init__(self, manifest: Manifest, catalog: Catalog, keywords: KeywordIndex,
                 passages: Passages):
        self._manifest = manifest
        self._catalog = catalog
        self._keywords = keywords
        self._passages = passages

    def sync(self) -> None:
        """Fetch every version this PC lacks, drop every document the manifest no longer
        lists. Only documents whose version changed are fetched."""
        published = _one_per_version(self._manifest.current())
        local = {record.path: record for record in self._catalog.documents()}
        for path, record in published.items():
            mine = local.get(path)
            if mine is None or mine.doc_id != record.doc_id:
                self._fetch(record, mine)
        current = {record.doc_id for record in published.values()}
        for path, mine in local.items():
            if path not in published and mine.doc_id not in current:
                self._catalog.delete(mine.doc_id)
                self._keywords.delete_document(mine.doc_id)

    def _fetch(self, record: DocumentRecord, mine: DocumentRecord | None) -> None:
        """Make `record`'s version live here, unless its pages are not all on the server (a
        publisher's pages go before its row: only a server restored from a torn backup can
        show that); the next sync tries again."""
        pages = self._manifest.pages(record.doc_id)
        if len(pages) != record.pages:
            log.warning("%s: %d of %d pages on the server; fetched at the next sync",
                        record.path, len(pages), record.pages)
            return
        self._keywords.add(self._passages(record.doc_id, pages))
        replaces = [mine.doc_id] if mine is not None and mine.doc_id != record.doc_id else []
        twin = self._catalog.get(record.doc_id)  # the same content, known under another path
        if twin is not None and twin.path != record.path:
            replaces.append(twin.doc_id)
        # The page words (second stage) and tags are this PC's to compute, as an ingest does.
        pages = [row._replace(words=words_json(row.text)) for row in pages]
        self._catalog.put(record, 0, 0.0, pages=pages, replaces=replaces,
                          tags=tag_rows(Path(record.path),
                                        ((row.page_index, row.text) for row in pages)))
        for old_id in replaces:
            if old_id != record.doc_id:
                self._keywords.delete_document(old_id)


def _one_per_version(published: dict[str, DocumentRecord]) -> dict[str, DocumentRecord]:
    """One document per content: two offices that added the same file under different paths
    at the same moment both published it; every PC keeps the first path, so all agree."""
    first: dict[str, DocumentRecord] = {}
    for path in sorted(published):
        first.setdefault(published[path].doc_id, published[path])
    return {record.path: record for record in first.values()}


class MirrorThread:
    """Runs `sync` every `every_s` seconds until stopped; failures are logged, not raised:
    the next round tries again, and the searches in between use what is already here."""

    def __init__(self, sync: Callable[[], object], every_s: float | None = None):
        self._sync = sync
        self._every_s = SYNC_EVERY_S if every_s is None else every_s
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="laoshifu-mirror")

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.wait(self._every_s):
            try:
                self._sync()
            except StoreError as error:
                log.warning("the keyword mirror could not sync: %s", error)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()
