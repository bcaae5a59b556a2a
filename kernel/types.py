"""Plain data passed between the layers: pages, chunks, search hits and answers.

These are frozen dataclasses so that ingest, index and the front ends can share them without any
one of them owning the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# What one search hit is (search --json "kind"): a page (of a manual, or a whole text file), a
# row of a spreadsheet or CSV log, or a repair note written in the app.
PAGE, ROW, NOTE = "page", "row", "note"


@dataclass(frozen=True)
class Page:
    """The text of one page as the reader sees it.

    `index` is 0-based; `number` is what a PDF viewer calls the page (1-based), or None for
    formats without pages. `label` is the printed page label when the document defines one (or
    the sheet name of a spreadsheet). `ocr` is True when the text was recognised from an image,
    so the user knows it may contain recognition errors. `note` says why a page has no text.
    """

    index: int
    number: int | None
    text: str
    label: str | None = None
    ocr: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Chunk:
    """A passage small enough for the embedder, pinned to its page.

    `text` is the cleaned passage (what is embedded and shown as a snippet); `start`/`end` are
    the span it came from in the page's original text (what a viewer highlights). `context` is
    the section heading the passage sits under, embedded with it but not part of its text.
    """

    doc_id: str
    page_index: int
    page_number: int | None
    label: str | None
    start: int
    end: int
    text: str
    context: str = ""

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}:{self.page_index}:{self.start}"

    @property
    def embed_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text


@dataclass(frozen=True)
class StoredPassage(Chunk):
    """A stored passage as a search returns it: the chunk and how well it matched (cosine
    similarity from a vector index, the BM25 score from the keyword index; higher is better)."""

    similarity: float = 0.0


@dataclass(frozen=True)
class ParsedDocument:
    """What a loader returns: the pages of one file, plus warnings worth showing the user.
    `kind` is what a hit on it is (PAGE, ROW, NOTE); `title` is the name to show instead of
    the file name (a repair note's "Repair note · P-101 · date · author"), or None."""

    pages: list[Page]
    warnings: list[str] = field(default_factory=list)
    kind: str = PAGE
    title: str | None = None


@dataclass(frozen=True)
class DocumentRecord:
    """One document as the catalog knows it."""

    doc_id: str
    path: str
    file: str
    content_hash: str
    pages: int
    chunks: int
    status: str
    ocr_pages: int
    warnings: list[str]
    added_at: str
    updated_at: str
    kind: str = PAGE
    title: str | None = None

    @property
    def name(self) -> str:
        """What a user calls the document: its title when it has one, else its file name."""
        return self.title or self.file


@dataclass(frozen=True)
class Hit:
    """One search result at page level: the best passage of a page and where it sits.

    `score` orders results (fused ranks, not comparable across queries); `relevance` is the
    best semantic similarity of the page to the question, which is what says whether the
    library holds an answer at all. `start`/`end` place the passage in the page's original
    text; `span_start`/`span_end` place the sentence of it that matches the question best
    (what a viewer highlights). `page_index` is the page's position in its document (from 0),
    set by search: it finds the page's stored text in one read. `file` is the document's name
    (a repair note's title, else the file name); `kind` is PAGE, ROW or NOTE. `superseded` is
    set when the page comes from a superseded revision of a manual (the current one, and its
    page).
    """

    doc_id: str
    file: str
    path: str
    page: int | None
    label: str | None
    score: float
    text: str
    start: int
    end: int
    relevance: float = 0.0
    span_start: int | None = None
    span_end: int | None = None
    page_index: int | None = None
    kind: str = PAGE
    superseded: Supersession | None = None

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "path": self.path,
            "page": self.page,
            "label": self.label,
            "score": round(self.score, 4),
            "text": self.text,
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "span": [self.span_start, self.span_end],
            "kind": self.kind,
            "superseded_by": self.superseded.doc_id if self.superseded else None,
        }


@dataclass(frozen=True)
class Citation:
    """A numbered source the answer cites, with the passage a viewer should highlight.

    `quote` is literally `page_text[start:end]` of the cited page's original text, the span
    that supports `claim` (the answer's sentence it backs), so the viewer can highlight it.
    """

    n: int
    file: str
    path: str
    page: int | None
    quote: str
    start: int | None = None
    end: int | None = None
    claim: str = ""
    support: float = 0.0
    superseded: Supersession | None = None

    def to_json(self) -> dict:
        return {"n": self.n, "file": self.file, "path": self.path, "page": self.page,
                "quote": self.quote, "start": self.start, "end": self.end, "claim": self.claim,
                "support": round(self.support, 3),
                "superseded_by": self.superseded.doc_id if self.superseded else None}


@dataclass(frozen=True)
class SafetyBlock:
    """A warning as printed on a page the answer rests on, with its offsets in the page's
    original text; shown word for word whatever the model wrote."""

    file: str
    path: str
    page: int | None
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"file": self.file, "path": self.path, "page": self.page, "start": self.start,
                "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Answer:
    """An answer with the sources it cites; `grounded` is False when the app refused.

    `text` is what the technician reads: the model's sentences a quote backs, each with its
    `[n]`, then the spans of the pages that answer (a sentence, a table row, the numbered
    steps), verbatim and cited. `draft` is everything the model wrote; `unsupported` lists its
    sentences no source backs, which are never part of `text`. `sources` are the pages the
    answer may cite, or the closest pages when the app refused.
    """

    query: str
    text: str
    citations: list[Citation]
    grounded: bool
    sources: list[Hit] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    safety: list[SafetyBlock] = field(default_factory=list)
    cancelled: bool = False
    draft: str = ""

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "answer": self.text,
            "citations": [c.to_json() for c in self.citations],
            "grounded": self.grounded,
            "unsupported": self.unsupported,
            "safety": [block.to_json() for block in self.safety],
            "sources": [{"n": n, **hit.to_json()} for n, hit in enumerate(self.sources, 1)],
            "cancelled": self.cancelled,
            "draft": self.draft,
        }


GOOD, BAD = "good", "bad"


@dataclass(frozen=True)
class PageMark:
    """A technician's verdict on one result for one question: GOOD, this page answers it (it
    ranks first the next time the question, or one like it, is asked), or BAD, it does not (it
    ranks below the others). `page` is the 1-based page, or None for a file without pages (the
    mark is on the whole file). `path` is the document's file: the mark follows the file through
    new versions of it, as `doc_id` (the version marked) does not."""

    query: str
    doc_id: str
    path: str
    page: int | None
    mark: str
    marked_at: str = ""

    @property
    def file(self) -> str:
        return Path(self.path).name

    def to_json(self) -> dict:
        return {"query": self.query, "doc_id": self.doc_id, "file": self.file, "page": self.page,
                "mark": self.mark}


@dataclass(frozen=True)
class RevisionLink:
    """Why one document was taken for a newer revision of another: the evidence a technician
    can check. `basis` is what ordered them ("version" or "date"), `old_version` and
    `new_version` what was compared (a version such as "rev 2", or a printed date), and
    `pages_alike` of `pages` (the older's pages with text) have a near-identical page in the
    newer. The older stays in the library, marked superseded, until the link is undone."""

    old_doc: str
    old_file: str
    new_doc: str
    new_file: str
    basis: str
    old_version: str
    new_version: str
    pages_alike: int
    pages: int
    decided_at: str = ""

    def describe(self) -> str:
        return (f"{self.new_file} ({self.new_version}) replaces {self.old_file} "
                f"({self.old_version}): {self.pages_alike} of {self.pages} pages alike; the old "
                "one is kept and marked superseded. Undo: laoshifu revision undo "
                f"{self.old_doc}")


@dataclass(frozen=True)
class Supersession:
    """On a search hit from a superseded document: the current revision, and its page that
    matches this one (None when no page of it is alike: the text lives only here)."""

    doc_id: str
    file: str
    page: int | None
