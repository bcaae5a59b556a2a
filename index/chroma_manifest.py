"""The manifest of a Chroma server (`index.manifest.Manifest`): two collections of its own
beside the passages, shared by every search model's passages.

- `laoshifu-manifest`: one record per document, id `doc:` + a hash of its path (so two offices
  adding the same file write the same record), its metadata the catalog row of the published
  version; and one `writing:<doc_id>` note per version being written, with the time of the
  writer's last step.
- `laoshifu-pages`: one record per page of every stored version, id `<doc_id>:<page_index>`,
  its text and the catalog's page row: what a line PC's catalog and keyword mirror are built
  from (`laoshifu.mirror`), and what the second stage and the highlighter read.

Chroma stores no record without a vector; these carry a constant one-number vector, as they
are fetched by id and metadata, never searched by meaning. A single record's upsert is one
write on the server, so the flip of a document's row is all or nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from typing import Any

from index.catalog import PageRow
from index.chroma_server import ChromaServer, Guarded
from kernel.types import DocumentRecord

MANIFEST = "laoshifu-manifest"
PAGES = "laoshifu-pages"
DOCUMENT, WRITING = "document", "writing"
_NO_PAGE = -1  # Chroma metadata cannot hold None.
_VECTOR = [1.0]
# Records per read or write: one request each, well within the server's batch limit.
_PAGE_SIZE = 500


def row_id(path: str) -> str:
    return "doc:" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:32]


class ChromaManifest:
    """The manifest on `server`; nothing is asked before first use."""

    def __init__(self, server: ChromaServer):
        self._server = server
        self._collections: tuple[Any, Any] | None = None

    def _open(self) -> tuple[Any, Any]:
        if self._collections is None:
            client = self._server.client()
            try:
                manifest, pages = (
                    Guarded(self._server.call(client.get_or_create_collection, name,
                                              embedding_function=None), self._server)
                    for name in (MANIFEST, PAGES))
            except BaseException:
                self._server.release()
                raise
            self._collections = (manifest, pages)
        return self._collections

    def close(self) -> None:
        if self._collections is not None:
            self._collections = None
            self._server.release()

    def current(self) -> dict[str, DocumentRecord]:
        manifest, _ = self._open()
        rows = _all(manifest, where={"kind": DOCUMENT}, include=["metadatas"])
        records = [_record(meta) for _, _, meta in rows]
        return {record.path: record for record in sorted(records, key=lambda r: r.path)}

    def pages(self, doc_id: str) -> list[PageRow]:
        _, pages = self._open()
        rows = [_page(text, meta) for _, text, meta in
                _all(pages, where={"doc_id": doc_id}, include=["metadatas", "documents"])]
        return sorted(rows, key=lambda row: row.page_index)

    def begin(self, doc_id: str, path: str) -> None:
        manifest, _ = self._open()
        manifest.upsert(ids=[f"{WRITING}:{doc_id}"], embeddings=[_VECTOR],
                        metadatas=[{"kind": WRITING, "doc_id": doc_id, "path": path,
                                    "beat": time.time()}])

    def publish(self, record: DocumentRecord, pages: Sequence[PageRow]) -> None:
        manifest, stored = self._open()
        for first in range(0, len(pages), _PAGE_SIZE):
            part = pages[first:first + _PAGE_SIZE]
            stored.upsert(ids=[f"{record.doc_id}:{row.page_index}" for row in part],
                          embeddings=[_VECTOR] * len(part), documents=[row.text for row in part],
                          metadatas=[_page_metadata(record.doc_id, row) for row in part])
        manifest.upsert(ids=[row_id(record.path)], embeddings=[_VECTOR],
                        metadatas=[_record_metadata(record)])  # the flip
        manifest.delete(ids=[f"{WRITING}:{record.doc_id}"])  # after: never neither

    def withdraw(self, path: str) -> None:
        manifest, _ = self._open()
        manifest.delete(ids=[row_id(path)])

    def forget(self, doc_id: str) -> None:
        manifest, pages = self._open()
        # The note first: what a kill leaves after it is a leftover no note protects.
        manifest.delete(ids=[f"{WRITING}:{doc_id}"])
        pages.delete(where={"doc_id": doc_id})

    def writing(self, within_s: float) -> set[str]:
        manifest, _ = self._open()
        since = time.time() - within_s
        return {meta["doc_id"] for _, _, meta in
                _all(manifest, where={"kind": WRITING}, include=["metadatas"])
                if meta["beat"] >= since}

    def stored_versions(self) -> set[str]:
        _, pages = self._open()
        return {meta["doc_id"] for _, _, meta in _all(pages, include=["metadatas"])}


def _all(collection: Any, include: list[str],
         where: dict | None = None) -> list[tuple[str, str | None, dict]]:
    """Every matching record, fetched a page of records at a time: (id, text, metadata)."""
    found: list[tuple[str, str | None, dict]] = []
    while True:
        batch = collection.get(where=where, include=include, limit=_PAGE_SIZE,
                               offset=len(found))
        texts = batch.get("documents") or [None] * len(batch["ids"])
        found.extend(zip(batch["ids"], texts, batch["metadatas"], strict=True))
        if len(batch["ids"]) < _PAGE_SIZE:
            return found


def _record_metadata(record: DocumentRecord) -> dict:
    return {"kind": DOCUMENT, "doc_id": record.doc_id, "path": record.path, "file": record.file,
            "content_hash": record.content_hash, "pages": record.pages,
            "chunks": record.chunks, "status": record.status, "ocr_pages": record.ocr_pages,
            "warnings": json.dumps(record.warnings, ensure_ascii=False),
            "added_at": record.added_at, "updated_at": record.updated_at}


def _record(meta: dict) -> DocumentRecord:
    return DocumentRecord(
        doc_id=meta["doc_id"], path=meta["path"], file=meta["file"],
        content_hash=meta["content_hash"], pages=meta["pages"], chunks=meta["chunks"],
        status=meta["status"], ocr_pages=meta["ocr_pages"],
        warnings=json.loads(meta["warnings"]), added_at=meta["added_at"],
        updated_at=meta["updated_at"])


def _page_metadata(doc_id: str, row: PageRow) -> dict:
    return {"doc_id": doc_id, "page_index": row.page_index,
            "page": _NO_PAGE if row.page_number is None else row.page_number,
            "label": row.label or "", "source": row.source, "chunks": row.chunks,
            "note": row.note or ""}


def _page(text: str | None, meta: dict) -> PageRow:
    return PageRow(meta["page_index"], None if meta["page"] == _NO_PAGE else meta["page"],
                   meta["label"] or None, meta["source"], meta["chunks"], meta["note"] or None,
                   text or "")
