"""Progress events of an ingest run: the CLI prints them, the GUI turns them into signals,
tests iterate them. Each says which file it is about and reads as a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kernel.reasons import Reason
from kernel.types import RevisionLink


@dataclass(frozen=True)
class FileStarted:
    path: Path
    number: int
    total: int

    def describe(self) -> str:
        return f"[{self.number}/{self.total}] {self.path.name}"


@dataclass(frozen=True)
class PagesRead:
    path: Path
    pages: int
    chunks: int

    def describe(self) -> str:
        return f"  read {self.pages} page(s), {self.chunks} passage(s)"


@dataclass(frozen=True)
class OcrUsed:
    path: Path
    pages: list[int]

    def describe(self) -> str:
        shown = ", ".join(map(str, self.pages[:12])) + (" …" if len(self.pages) > 12 else "")
        return f"  text recognised (OCR) on {len(self.pages)} page(s): {shown}"


@dataclass(frozen=True)
class Embedded:
    path: Path
    done: int
    total: int

    def describe(self) -> str:
        return f"  indexed {self.done}/{self.total} passages"


@dataclass(frozen=True)
class FileWarning:
    """`message` is a `Reason` when the app itself says it, free text when a reader found it
    in the file (the page and what was wrong, in the reader's words)."""

    path: Path
    message: str | Reason

    def describe(self) -> str:
        return f"  warning: {self.message}"


@dataclass(frozen=True)
class FileSkipped:
    path: Path
    reason: Reason

    def describe(self) -> str:
        return f"  skipped: {self.reason}"


@dataclass(frozen=True)
class FileDone:
    path: Path
    doc_id: str
    pages: int
    chunks: int
    replaced: bool

    def describe(self) -> str:
        verb = "updated" if self.replaced else "added"
        return f"  {verb}: {self.pages} page(s), {self.chunks} passage(s) searchable"


@dataclass(frozen=True)
class FileFailed:
    """A file that could not be added; `message` is the English sentence, `reason` (when the
    error carried one) what a front end translates."""

    path: Path
    message: str
    reason: Reason | None = None

    def describe(self) -> str:
        return f"  FAILED: {self.message}"


@dataclass(frozen=True)
class RevisionFound:
    """The file just added is a newer revision of a document in the library (or an older one
    of it): the older is kept, marked superseded, and the user may undo that."""

    path: Path
    link: RevisionLink

    def describe(self) -> str:
        return f"  revision: {self.link.describe()}"


@dataclass(frozen=True)
class FileRemoved:
    """A document left the library because its file was deleted or moved away."""

    path: Path
    doc_id: str

    def describe(self) -> str:
        return f"removed {self.path.name} ({self.doc_id}): the file was deleted or moved"


IngestEvent = (FileStarted | PagesRead | OcrUsed | Embedded | FileWarning | FileSkipped | FileDone
               | FileFailed | RevisionFound)
