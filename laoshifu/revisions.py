"""Is a file that just arrived a newer (or older) revision of a document already in the library?

Decided from evidence, never from the name alone (laoshifu.revision_evidence): the same title
(the file name without version tokens, or the first page's heading lines), no two different
product models, an order (a higher version, else a later printed date), and most pages alike
(at least `MOST_OF_OLDER` of the older's pages and `MOST_OF_NEWER` of the newer's have a
near-identical counterpart). A false link would push a whole manual below another one, so
every test has to pass; a missed link only leaves two revisions side by side, as before.

The older document stays in the library, marked superseded in the catalog (index.catalog's
`revisions`, keyed by both paths), until a user undoes the link or removes the newer file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from index.catalog import INDEXED, Catalog, RevisionRow
from kernel.types import DocumentRecord, RevisionLink
from laoshifu.revision_evidence import (
    FRONT_PAGES,
    PageMatch,
    comparable_pages,
    heading_lines,
    jaccard,
    latest_date,
    match_pages,
    name_key,
    name_version,
    products,
    text_version,
    tokens,
    version_number,
)

MOST_OF_OLDER = 0.6
MOST_OF_NEWER = 0.4
# Title likeness from which two documents may be revisions of one manual (then pages decide).
SAME_NAME = 0.5
SAME_HEADING = 0.6


@dataclass(frozen=True)
class Profile:
    """What a document says about its title, product and edition."""

    doc_id: str
    file: str
    name: frozenset[str]
    heading: frozenset[str]
    models: frozenset[str]
    version: tuple[int, ...] | None
    version_text: str | None
    date: tuple[int, int, int] | None

    def edition(self, basis: str) -> str:
        if basis == "date" and self.date:
            year, month, day = self.date
            return f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
        return f"rev {self.version_text}" if self.version_text else "no version"


def profile(record: DocumentRecord, front: list[str]) -> Profile:
    """A document's profile from its name and the text of its first pages."""
    first = next((text for text in front if text.strip()), "")
    heading = heading_lines(first)
    name = name_key(record.file)
    version = name_version(record.file) or text_version("\n".join(front))
    return Profile(record.doc_id, record.file, frozenset(name), frozenset(tokens(heading)),
                   frozenset(products(name) | products(tokens(heading))),
                   version_number(version) if version else None, version,
                   latest_date("\n".join(front)))


def same_title(a: Profile, b: Profile) -> bool:
    """One manual's title by name or heading, and no two different product models."""
    if a.models and b.models and not a.models & b.models:
        return False
    return jaccard(a.name, b.name) >= SAME_NAME or jaccard(a.heading, b.heading) >= SAME_HEADING


def order(a: Profile, b: Profile) -> tuple[Profile, Profile, str] | None:
    """(older, newer, basis): by version when both state one, else by printed date, else the
    one stating a version is the newer; None when nothing tells them apart."""
    if a.version and b.version and _padded(a.version) != _padded(b.version):
        return (a, b, "version") if _padded(a.version) < _padded(b.version) else (b, a, "version")
    if a.date and b.date and a.date != b.date:
        return (a, b, "date") if a.date < b.date else (b, a, "date")
    if bool(a.version) != bool(b.version):
        return (b, a, "version") if a.version else (a, b, "version")
    return None


def _padded(version: tuple[int, ...]) -> tuple[int, ...]:
    return version + (0,) * (4 - len(version))


@dataclass(frozen=True)
class Decision:
    link: RevisionLink
    matches: list[PageMatch]


def decide(a: Profile, a_pages: dict[int, str], b: Profile,
           b_pages: dict[int, str]) -> Decision | None:
    """Whether one of two documents is a newer revision of the other, and why."""
    if not same_title(a, b) or (ordered := order(a, b)) is None:
        return None
    older, newer, basis = ordered
    old_pages, new_pages = (a_pages, b_pages) if older is a else (b_pages, a_pages)
    matches = match_pages(old_pages, new_pages)
    comparable = comparable_pages(old_pages)
    matched_newer = len({m.new_index for m in matches})
    if not comparable or len(matches) < MOST_OF_OLDER * comparable or \
            matched_newer < MOST_OF_NEWER * comparable_pages(new_pages):
        return None
    return Decision(RevisionLink(
        old_doc=older.doc_id, old_file=older.file, new_doc=newer.doc_id, new_file=newer.file,
        basis=basis, old_version=older.edition(basis), new_version=newer.edition(basis),
        pages_alike=len(matches), pages=comparable), matches)


class Revisions:
    """Finds, keeps and undoes revision links in a library's catalog. The documents' profiles
    are read once per instance (an ingest batch), not once per file added."""

    def __init__(self, catalog: Catalog):
        self._catalog = catalog
        self._profiles: dict[str, Profile] = {}

    def after_ingest(self, doc_id: str) -> list[RevisionLink]:
        """Links the new document `doc_id` makes. A new version of a file already in a link
        keeps the link (its page map is brought up to date) and makes no other."""
        record = self._catalog.get(doc_id)
        if record is None:
            return []
        existing = self._catalog.revisions(record.path)
        if existing:
            for row in existing:
                self._refresh(row)
            return []
        new_pages = self._page_texts(doc_id)
        new = profile(record, [new_pages.get(i, "") for i in range(FRONT_PAGES)])
        linked = {row.old_path for row in self._catalog.revisions() if row.undone_at is None}
        found: list[RevisionLink] = []
        for other in self._catalog.documents():
            if other.doc_id == doc_id or other.status != INDEXED or other.path in linked:
                continue
            candidate = self._profile(other)
            if not same_title(new, candidate) or order(new, candidate) is None:
                continue
            decision = decide(new, new_pages, candidate, self._page_texts(other.doc_id))
            if decision is None:
                continue
            self._keep(decision)
            found.append(decision.link)
            if decision.link.old_doc == doc_id:
                break  # the new file is an older revision: it has its newer one
        return found

    def _profile(self, record: DocumentRecord) -> Profile:
        if record.doc_id not in self._profiles:
            front = [self._catalog.page_text(record.doc_id, i) or "" for i in range(FRONT_PAGES)]
            self._profiles[record.doc_id] = profile(record, front)
        return self._profiles[record.doc_id]

    def undo(self, doc_id: str) -> RevisionLink | None:
        """Make a superseded document current again; None when it was not superseded."""
        record = self._catalog.get(doc_id)
        if record is None:
            return None
        rows = [row for row in self._catalog.revisions(record.path)
                if row.old_path == record.path and row.undone_at is None]
        if not rows:
            return None
        self._catalog.put_revision(rows[0]._replace(undone_at=_now()))
        return link_of(rows[0])

    def links(self) -> list[RevisionLink]:
        """The links in force, oldest first."""
        superseded = {old for old, *_ in self._catalog.superseded()}
        return [link_of(row) for row in self._catalog.revisions()
                if row.undone_at is None and self._current_doc(row.old_path) in superseded]

    def _current_doc(self, path: str) -> str | None:
        record = self._catalog.find_by_path(path)
        return record.doc_id if record else None

    def _keep(self, decision: Decision) -> None:
        link = decision.link
        old, new = self._catalog.get(link.old_doc), self._catalog.get(link.new_doc)
        if old is None or new is None:
            return
        now = _now()
        self._catalog.put_revision(RevisionRow(
            old.path, new.path, old.doc_id, new.doc_id,
            json.dumps(asdict(link) | {"decided_at": now}, ensure_ascii=False),
            self._page_map(new.doc_id, decision.matches), now))

    def _refresh(self, row: RevisionRow) -> None:
        """Match the pages again when either file has a new version since the link."""
        old, new = self._catalog.find_by_path(row.old_path), \
            self._catalog.find_by_path(row.new_path)
        if old is None or new is None or (old.doc_id, new.doc_id) == (row.old_doc, row.new_doc):
            return
        matches = match_pages(self._page_texts(old.doc_id), self._page_texts(new.doc_id))
        self._catalog.put_revision(row._replace(old_doc=old.doc_id, new_doc=new.doc_id,
                                                pages=self._page_map(new.doc_id, matches)))

    def _page_map(self, new_doc: str, matches: list[PageMatch]) -> str:
        numbers = {row.page_index: row.page_number for row in self._catalog.pages(new_doc)}
        return json.dumps([[m.old_index, m.new_index, numbers.get(m.new_index), m.identical]
                           for m in matches])

    def _page_texts(self, doc_id: str) -> dict[int, str]:
        return {row.page_index: row.text for row in self._catalog.pages(doc_id)}


def link_of(row: RevisionRow) -> RevisionLink:
    """The link's evidence, naming the documents' current versions."""
    return RevisionLink(**{**json.loads(row.link), "old_doc": row.old_doc,
                           "new_doc": row.new_doc})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
