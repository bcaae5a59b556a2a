"""A repair note as a file: Markdown with a small YAML front matter.

Notes are the shop's own knowledge (the old master's fixes), so they must outlive the app: a
note is a plain file anyone can read, back up, version or edit in a text editor. The front
matter carries what the library needs to treat it as a note (its equipment tag, date and
author); the body is what a technician reads and what search indexes. PyYAML reads and writes
the front matter, so a hand-edited note with quotes, colons or Chinese keeps its fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import yaml

NOTE_KIND = "repair-note"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Body sections, in the order the form asks for them.
_SECTIONS = (("symptom", "Symptom"), ("cause", "Cause"), ("action", "What was done"),
             ("parts", "Parts used"))


@dataclass(frozen=True)
class RepairNote:
    """What a technician records after a repair. `text` is free text below the sections;
    `photos` are file names relative to the note's folder."""

    tag: str
    date: date
    author: str
    symptom: str = ""
    cause: str = ""
    action: str = ""
    parts: str = ""
    text: str = ""
    photos: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return f"Repair note · {self.tag} · {self.date.isoformat()} · {self.author}"


def render(note: RepairNote) -> str:
    """The note's file content: front matter, a title line, the free text, then one section
    per filled field."""
    meta: dict[str, object] = {"kind": NOTE_KIND, "tag": note.tag, "date": note.date.isoformat(),
            "author": note.author}
    if note.photos:
        meta["photos"] = list(note.photos)
    lines = ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).rstrip(), "---",
             "", f"# {note.title}", ""]
    if note.text.strip():
        lines += [note.text.strip(), ""]
    for name, heading in _SECTIONS:
        value = getattr(note, name).strip()
        if value:
            lines += [f"## {heading}", "", value, ""]
    lines += [f"![photo]({photo})" for photo in note.photos]
    return "\n".join(lines).rstrip() + "\n"


def front_matter(text: str) -> tuple[dict, str]:
    """The front matter's fields and the body after it; ({}, text) when there is none or it
    is not a mapping (a Markdown file that merely starts with a rule)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return meta, text[match.end():]


def parse(text: str) -> RepairNote | None:
    """The note a file holds, or None when the file is not a repair note (no front matter of
    kind `repair-note`, or no tag). A date that does not parse is kept out rather than guessed:
    the note still counts, dated 1970-01-01 so it sorts last, not first."""
    meta, body = front_matter(text)
    if meta.get("kind") != NOTE_KIND or not str(meta.get("tag") or "").strip():
        return None
    when = meta.get("date")
    if isinstance(when, str):
        try:
            when = date.fromisoformat(when.strip())
        except ValueError:
            when = None
    if not isinstance(when, date):
        when = date(1970, 1, 1)
    sections = _sections(body)
    known = {heading: name for name, heading in _SECTIONS}
    fields = {known[h]: v for h, v in sections.items() if h in known}
    rest = "\n\n".join(v for h, v in sections.items() if h not in known and h != "").strip()
    photos = meta.get("photos") or ()
    return RepairNote(tag=str(meta["tag"]).strip(), date=when,
                      author=str(meta.get("author") or "").strip(),
                      text="\n\n".join(p for p in (sections.get("", ""), rest) if p).strip(),
                      photos=tuple(str(p) for p in photos), **fields)


def _sections(body: str) -> dict[str, str]:
    """The body's `## Heading` sections by heading; text before the first one (after the
    title line) under ""; photo links dropped (they are in the front matter)."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in body.splitlines():
        if line.startswith("# ") and not "".join(sections[""]).strip() and current == "":
            continue  # the title line: rebuilt from the fields
        if line.startswith("## "):
            current = line[3:].strip()
            sections.setdefault(current, [])
        elif not line.startswith("![photo]("):
            sections[current].append(line)
    return {h: "\n".join(lines).strip() for h, lines in sections.items()}
