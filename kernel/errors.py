"""Typed errors whose messages a technician can act on.

Every error carries a `message` written for the person at the machine (what happened and what to
do next) and, where it matters, the file and page it concerns. Front ends show `str(error)`; they
never show a traceback.
"""

from __future__ import annotations

from pathlib import Path

from kernel.reasons import Reason


class LaoshifuError(Exception):
    """Base of every error the app reports to a user. Given a `Reason` instead of a sentence,
    it keeps the reason's code and parameters for the GUI to translate (`reason`); its
    message is the English sentence either way."""

    def __init__(self, message: str | Reason, *, path: Path | str | None = None,
                 page: int | None = None):
        self.reason = message if isinstance(message, Reason) else None
        self.message = str(message)
        self.path = Path(path) if path is not None else None
        self.page = page
        super().__init__(self._compose())

    def __reduce__(self):
        """Keep message, path and page when the error crosses from a worker process."""
        return (_rebuild, (type(self), self.reason or self.message, self.path, self.page))

    def _compose(self) -> str:
        where = []
        if self.path is not None:
            where.append(self.path.name)
        if self.page is not None:
            where.append(f"page {self.page}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


def _rebuild(cls: type[LaoshifuError], message: str | Reason, path: Path | None,
             page: int | None) -> LaoshifuError:
    return cls(message, path=path, page=page)


class IngestError(LaoshifuError):
    """A file could not be read into the library; the rest of the batch goes on."""


class UnsupportedFormatError(IngestError):
    """The file's type is not one the app reads."""


class EncryptedDocumentError(IngestError):
    """The document needs a password the app does not have."""


class DamagedDocumentError(IngestError):
    """The file is truncated, corrupt or not what its name says."""


class EmptyDocumentError(IngestError):
    """The file was read but holds no text to search."""


class StoreError(LaoshifuError):
    """The library on disk could not be read or written."""


class StoreServerError(StoreError):
    """The vector server could not serve a request (down, too slow, refusing this PC, failing):
    nothing in the library folder is damaged, so no repair is offered."""


class ModelError(LaoshifuError):
    """A model file is missing, unreadable or not of the expected kind."""


class DocumentNotFoundError(LaoshifuError):
    """A document named by the user is not in the library."""


class PageNotFoundError(DocumentNotFoundError):
    """A page named by the user is not in its document (or the document has no pages)."""


class LibraryInUseError(StoreError):
    """Another Laoshifu (window or command) has this library folder open."""


class DamagedLibraryError(StoreError):
    """Part of the library folder is missing or unreadable; `laoshifu repair` rebuilds it.

    `damaged` names the parts (catalog, search store, keyword index) so a front end can say
    what the rebuild will need: the original files for a catalog, nothing for the others.
    """

    def __init__(self, message: str, *, damaged: tuple[str, ...] = (),
                 path: Path | str | None = None):
        self.damaged = damaged
        super().__init__(message, path=path)

    def __reduce__(self):
        return (_rebuild_damaged, (self.message, self.damaged, self.path))


def _rebuild_damaged(message: str, damaged: tuple[str, ...],
                     path: Path | None) -> DamagedLibraryError:
    return DamagedLibraryError(message, damaged=damaged, path=path)
