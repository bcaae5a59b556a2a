"""Repair notes as files in a notes folder, written so that a crash never costs a saved note.

A note is the shop's own record, often the only one, so saving it must not be able to damage
what is already there: the text goes to a hidden temporary file beside the note, is flushed to
the disk, and only then takes the note's name in one rename (photos are copied first, so a
note never links a photo that is not there yet). A kill at any point leaves either the old file
or the new one, never half of either; the hidden temporary file is ignored by every ingest.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ingest.notes import RepairNote, parse, render
from kernel.errors import StoreError
from kernel.reasons import Reason

PHOTOS = "photos"
_UNSAFE = re.compile(r"[^\w.-]+")


def new_note_path(folder: Path, note: RepairNote) -> Path:
    """`P-101_2026-11-30_3f9a1c2e.md`: sorted by tag then day in a file manager, and the random
    part keeps two notes of one tag and day (or a colleague's, in a shared folder) apart."""
    tag = _UNSAFE.sub("-", note.tag).strip("-.") or "note"
    while True:
        path = folder / f"{tag}_{note.date.isoformat()}_{uuid.uuid4().hex[:8]}.md"
        if not path.exists():
            return path


def save_note(path: Path, note: RepairNote, photos: Sequence[Path] = ()) -> RepairNote:
    """Write `note` to `path` (new, or replacing the note there), after copying `photos` into
    the folder's `photos/`; returns the note as written, its photos linked."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        copied = [_copy_photo(path, photo, number)
                  for number, photo in enumerate(photos, start=len(note.photos) + 1)]
        written = replace(note, photos=(*note.photos, *copied))
        write_atomically(path, render(written))
    except OSError as error:
        raise StoreError(Reason("note_not_saved", {"folder": str(path.parent),
                                                   "detail": error.strerror or str(error)}),
                         path=path) from error
    return written


def write_atomically(path: Path, text: str) -> None:
    """Temporary file, fsync, rename over `path`, fsync of the folder (the rename itself)."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows makes a rename durable itself and cannot open a folder to sync it
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _copy_photo(note_path: Path, photo: Path, number: int) -> str:
    """Copy one photo beside the note, named after it; its link, relative to the note."""
    target = note_path.parent / PHOTOS / f"{note_path.stem}-{number}{photo.suffix.lower()}"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(photo, target)
    return target.relative_to(note_path.parent).as_posix()


def read_note(path: Path) -> RepairNote | None:
    """The note in `path`, or None when the file is not a repair note."""
    return parse(path.read_text(encoding="utf-8"))


def delete_note(path: Path) -> None:
    """Delete a note's file and the photos it links inside its folder."""
    note = read_note(path) if path.exists() else None
    for photo in note.photos if note else ():
        linked = (path.parent / photo).resolve()
        if linked.is_relative_to(path.parent.resolve()):
            linked.unlink(missing_ok=True)
    path.unlink(missing_ok=True)
