"""The CLI's equipment commands: `tag TAG`, `tags` and `new`, per the CLI contract.

Kept beside `laoshifu.cli` (which parses the command line and opens the library) so that file
stays about the library's documents and questions; these only read.
"""

from __future__ import annotations

import argparse
import json

from laoshifu.machine_history import TagItem
from laoshifu.whats_new import DEFAULT_DAYS

EXIT_OK = 0
_KINDS = ("note", "row", "page")


def add_parsers(commands) -> None:
    tag = commands.add_parser(
        "tag", help="everything about one machine: its repair notes and fault-log rows "
                    "(newest first), then the manual pages that name it")
    tag.add_argument("tag", help="an equipment tag in any spelling: P-101, p101, P 101")
    tag.add_argument("--json", action="store_true")
    tags = commands.add_parser("tags", help="the equipment tags the library knows, with counts")
    tags.add_argument("--json", action="store_true")
    new = commands.add_parser("new", help="files and repair notes added or changed lately")
    new.add_argument("--days", type=int, default=DEFAULT_DAYS,
                     help=f"how many days back (default {DEFAULT_DAYS})")
    new.add_argument("--json", action="store_true")


def _where(item: TagItem) -> str:
    if item.page is not None:
        return f"{item.file} p.{item.page}"
    return f"{item.file} [{item.label}]" if item.label else item.file


def tag(library, args: argparse.Namespace) -> int:
    """An unknown tag is an answer, not an error: exit 0, nothing listed, and in text the
    known tags spelled most like it."""
    name, items = library.tag(args.tag)
    if args.json:
        print(json.dumps({"tag": name, "items": [item.to_json() for item in items]},
                         ensure_ascii=False))
        return EXIT_OK
    if not items:
        nearest = library.nearest_tags(args.tag)
        hint = f" Nearest known tags: {', '.join(nearest)}." if nearest else \
            " The library knows no tags yet (see: laoshifu tags)."
        print(f"No document names {name}.{hint}")
        return EXIT_OK
    print(f"{name}: {len(items)} item(s)")
    for item in items:
        when = f"{item.date}  " if item.date else ""
        print(f"{item.kind:<4}  {when}{_where(item)}  {item.text}")
    return EXIT_OK


def tags(library, args: argparse.Namespace) -> int:
    known = library.tags()
    if args.json:
        print(json.dumps({"tags": [{"tag": name, **{kind: counts.get(kind, 0)
                                                     for kind in _KINDS}}
                                   for name, counts in known.items()]}, ensure_ascii=False))
        return EXIT_OK
    if not known:
        print("No equipment tags found yet: they come from repair notes, fault logs with a "
              "date and an equipment column, and tags like P-101 in the documents.")
    for name, counts in known.items():
        print(f"{name}  " + ", ".join(f"{counts[kind]} {kind}(s)" for kind in _KINDS
                                      if counts.get(kind)))
    return EXIT_OK


def new(library, args: argparse.Namespace) -> int:
    changes = library.changes(args.days)
    if args.json:
        print(json.dumps({"days": args.days, "changes": [c.to_json() for c in changes]},
                         ensure_ascii=False))
        return EXIT_OK
    if not changes:
        print(f"Nothing added or changed in the last {args.days} day(s).")
    for change in changes:
        print(f"{change.when[:16].replace('T', ' ')}  {change.change:<7}  {change.kind:<4}  "
              f"{change.file}")
    return EXIT_OK
