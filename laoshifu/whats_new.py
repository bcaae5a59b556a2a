"""What the library learned lately: the files and repair notes added or changed in the last
days, so a shift lead sees the week's knowledge without reading the whole library list.

Dates come from the catalog (a document's first `added_at` and its last `updated_at`, in UTC),
so the list is the same from every front end and survives a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from index.catalog import Catalog
from index.tags import NOTE

DEFAULT_DAYS = 7
FILE = "file"
ADDED, CHANGED = "added", "changed"


@dataclass(frozen=True)
class Change:
    """A document added (first seen in the period) or changed (a new version read in it)."""

    kind: str
    change: str
    file: str
    path: str
    doc_id: str
    when: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "change": self.change, "file": self.file, "path": self.path,
                "doc_id": self.doc_id, "date": self.when}


def changes(catalog: Catalog, days: int = DEFAULT_DAYS,
            now: datetime | None = None) -> list[Change]:
    """Documents added or changed in the last `days` days, the latest first."""
    since = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="seconds")
    notes = catalog.note_ids()
    return [Change(NOTE if record.doc_id in notes else FILE,
                   ADDED if record.added_at >= since else CHANGED, record.file, record.path,
                   record.doc_id, record.updated_at)
            for record in catalog.changed_since(since)]
