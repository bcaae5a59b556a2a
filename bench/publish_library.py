"""Publish a library folder's documents to a Chroma server, without embedding them again: the
stored vectors, the passages rebuilt from the catalog's page text, and the pages, in the
publishing order of server mode (docs/deploy.md, "How publishing stays consistent").

The server-mode benchmarks start from it: `bench/retrieval.py --vector-server URL` (the dev
set over the corpus on a server) and `bench/query.py --vector-server URL` (search latency of
large stores on a server); embedding the corpus again for them would take many minutes here.

Usage: .venv/bin/python bench/publish_library.py --data LIBRARY --vector-server URL
The library is opened read-only in spirit (nothing is written to it); use a copy anyway, as
a library takes a lock.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel.config import enforce_offline  # noqa: E402

enforce_offline()  # before chromadb is imported below

from index.catalog import PageRow  # noqa: E402
from index.chroma_manifest import ChromaManifest  # noqa: E402
from index.chroma_server import ChromaServer  # noqa: E402
from kernel.types import Chunk  # noqa: E402
from laoshifu.library import Library  # noqa: E402


def stored_passages(library: Library, doc_id: str) -> list[Chunk]:
    """Every passage stored for a document, as ingest made it when the catalog's page text
    rebuilds it; else (bench/query.py's synthetic copies) from its id, text and page row."""
    rebuilt = {c.chunk_id: c for c in library.passages(doc_id)}
    rows: dict[int, PageRow] = {row.page_index: row for row in library.catalog.pages(doc_id)}
    chunks = []
    for chunk_id, text in library.vectors.stored_texts(doc_id).items():
        if chunk_id in rebuilt:
            chunks.append(rebuilt[chunk_id])
            continue
        page_index, start = (int(part) for part in chunk_id.rsplit(":", 2)[1:])
        row = rows.get(page_index)
        chunks.append(Chunk(doc_id, page_index, row.page_number if row else None,
                            row.label if row else None, start, start + len(text), text))
    return chunks


def publish(library: Library, url: str) -> int:
    """Every document of `library` on the server at `url`; returns the passages published."""
    server = ChromaServer(url)
    manifest = ChromaManifest(server)
    vectors = server.open(library.encoder.name)
    published = 0
    try:
        for record in library.documents():
            stored = library.vectors.embeddings_of(record.doc_id)
            chunks = stored_passages(library, record.doc_id)
            manifest.begin(record.doc_id, record.path)
            vectors.add(chunks, [stored[c.chunk_id] for c in chunks])
            manifest.publish(record, library.catalog.pages(record.doc_id))
            published += len(chunks)
    finally:
        vectors.close()
        manifest.close()
    return published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the library to publish")
    parser.add_argument("--vector-server", required=True, help="http://host:port")
    args = parser.parse_args()

    from kernel.config import LibrarySettings
    from laoshifu.composition import open_library

    library = open_library(LibrarySettings(args.data))
    started = time.perf_counter()
    try:
        count = publish(library, args.vector_server)
    finally:
        library.close()
    print(f"published {count} passages of {args.data} to {args.vector_server} in "
          f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
