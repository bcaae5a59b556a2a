"""The manifest seam: what a shared store has published, one row per document.

A plant's passages live on a Chroma server that several offices write and every line PC reads,
and Chroma has no transaction spanning two calls. So the passages alone cannot say what is
published: a writer killed halfway leaves some of a version's passages behind. The manifest
can. It holds one row per document (keyed by its path), naming the version (the content hash,
which is also the `doc_id` in every passage id) whose passages are all stored; readers only
use passages of the versions it names. A publisher writes a version's passages, then its
pages, then flips the row, then removes the old version's passages (docs/deploy.md, "How
publishing stays consistent"). `tests/contracts/test_manifest.py` runs every implementation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from index.catalog import PageRow
from kernel.types import DocumentRecord

# A version no publisher has written a step of for this long, and no manifest row names, is a
# killed publisher's leftover: the next publish removes it. An embedding step takes seconds.
WRITER_SILENT_S = 600.0


@runtime_checkable
class Manifest(Protocol):
    """The published documents and the page text readers need to search them."""

    def current(self) -> dict[str, DocumentRecord]:
        """path -> the published version's record, one per document."""

    def pages(self, doc_id: str) -> list[PageRow]:
        """The pages of a published (or being published) version, in page order."""

    def begin(self, doc_id: str, path: str) -> None:
        """Say that `doc_id`'s passages are being written now (again, as a heartbeat while
        they are), so no other publisher takes them for a killed writer's leftovers."""

    def publish(self, record: DocumentRecord, pages: Sequence[PageRow]) -> None:
        """Store the version's pages, then flip the document's row to it: from then on every
        reader finds this version. Its passages must all be stored before."""

    def withdraw(self, path: str) -> None:
        """Remove the document's row: readers stop finding it at once."""

    def forget(self, doc_id: str) -> None:
        """Drop a retired or abandoned version's writing note and its pages; called before
        its passages are deleted, so a kill in between leaves unprotected leftovers."""

    def writing(self, within_s: float) -> set[str]:
        """Versions some publisher said it was writing in the last `within_s` seconds."""

    def stored_versions(self) -> set[str]:
        """Every version with pages stored, published or not."""

    def close(self) -> None: ...
