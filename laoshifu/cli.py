"""`laoshifu`: ingest, list, remove, search and ask from a terminal, per the CLI contract.

Exit status: 0 on success, 1 when any input failed (the rest still done), 2 for usage errors.
Models load once per process, so a batch of `--queries` pays for loading once.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

from kernel.config import LibrarySettings, default_data_dir, enforce_offline
from kernel.errors import DocumentNotFoundError, LaoshifuError, StoreError
from kernel.reasons import Reason
from kernel.types import BAD, GOOD, PageMark
from laoshifu import cli_machines
from laoshifu.self_test import version

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="laoshifu", description="Offline answers from your maintenance documents.")
    parser.add_argument("--data", type=Path, default=None,
                        help="library folder (default: $LAOSHIFU_DATA or your user data folder)")
    parser.add_argument("--answer-server", metavar="URL", default="",
                        help="answers from this llama.cpp server, its OpenAI-compatible base "
                             "URL such as http://gpu-box:8080/v1 (default: "
                             "$LAOSHIFU_ANSWER_SERVER, else the local model)")
    parser.add_argument("--answer-key", metavar="KEY", default="",
                        help="the answer server's API key (default: $LAOSHIFU_ANSWER_KEY)")
    parser.add_argument("--vector-server", metavar="URL", default="",
                        help="passage vectors in this Chroma server, such as "
                             "http://127.0.0.1:8000 (default: $LAOSHIFU_VECTOR_SERVER, else "
                             "the library folder)")
    parser.add_argument("--vector-token", metavar="TOKEN", default="",
                        help="bearer token for the proxy in front of the vector server "
                             "(default: $LAOSHIFU_VECTOR_TOKEN)")
    parser.add_argument("--read-only", action="store_true",
                        help="refuse every command that would add, change or remove documents")
    parser.add_argument("--version", action="version", version=f"laoshifu {version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser(
        "self-test", help="check this installation: add a sample manual to a temporary "
                          "library, search and ask it; exit 0 only when all pass")

    ingest = commands.add_parser("ingest", help="add or update files and folders")
    ingest.add_argument("paths", nargs="+", type=Path)

    docs = commands.add_parser("docs", help="list the documents in the library")
    docs.add_argument("--json", action="store_true")

    remove = commands.add_parser("remove", help="delete documents and all their passages")
    remove.add_argument("documents", nargs="+", help="document id, path or file name")

    repair = commands.add_parser(
        "repair", help="rebuild a damaged library; damaged parts are moved aside, not deleted")
    repair.add_argument("paths", nargs="*", type=Path,
                        help="files or folders to read again, besides those the library knew")

    watch = commands.add_parser(
        "watch", help="keep the library in step with folders until Ctrl+C")
    watch.add_argument("folders", nargs="*", type=Path,
                       help="folders to add to the library's watched folders (default: watch "
                            "the folders saved before)")
    watch.add_argument("--settle", type=float, default=2.0,
                       help="seconds a file must stay unchanged before it is read (default 2)")
    watch.add_argument("--poll", action="store_true",
                       help="look for changes by rescanning (for network drives)")

    feedback = commands.add_parser(
        "feedback", help="mark a result right (good) or wrong (bad) for a question: the next "
                         "search for it, or one like it, ranks the page first or last")
    feedback.add_argument("query", nargs="?", help="the question, as searched")
    feedback.add_argument("document", nargs="?", help="document id, path or file name")
    feedback.add_argument("page", nargs="?", help="1-based page, or - for a file without pages")
    feedback.add_argument("mark", nargs="?", help="good or bad")
    feedback.add_argument("--list", action="store_true", help="show the marks kept")
    feedback.add_argument("--json", action="store_true")

    note = commands.add_parser("note", help="write, edit or remove a repair note")
    note_commands = note.add_subparsers(dest="note_command", required=True)
    add = note_commands.add_parser(
        "add", help="write a repair note into the library's notes folder; prints its document "
                    "id and file")
    add.add_argument("--tag", required=True, help="the equipment tag, e.g. P-101")
    add.add_argument("--text", required=True, help="what happened and what was done")
    add.add_argument("--author", default=None, help="who wrote it (default: your user name)")
    add.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    add.add_argument("--json", action="store_true")
    edit = note_commands.add_parser("edit", help="replace a repair note's text")
    edit.add_argument("document", help="the note's document id, path or file name")
    edit.add_argument("--text", required=True)
    edit.add_argument("--json", action="store_true")
    note_remove = note_commands.add_parser("remove", help="delete a repair note (file and index)")
    note_remove.add_argument("document", help="the note's document id, path or file name")
    folder = note_commands.add_parser(
        "folder", help="show where new notes are written, or set a shared folder for them")
    folder.add_argument("path", nargs="?",
                        help="the folder to write new notes into (\"\" for the library's own)")
    revision = commands.add_parser(
        "revision", help="manual revisions: which documents a newer revision supersedes")
    revision_commands = revision.add_subparsers(dest="revision_command", required=True)
    listing = revision_commands.add_parser("list", help="superseded documents, by which, why")
    listing.add_argument("--json", action="store_true")
    undo = revision_commands.add_parser(
        "undo", help="make a superseded document current again (it is not linked again)")
    undo.add_argument("documents", nargs="+", help="document id, path or file name")
    undo.add_argument("--json", action="store_true")
    cli_machines.add_parsers(commands)

    for name, text in (("search", "ranked pages for a query"),
                       ("ask", "an answer with citations, from the local model")):
        command = commands.add_parser(name, help=text)
        command.add_argument("query", nargs="?")
        command.add_argument("--queries", type=Path,
                             help="one query per line, or JSONL with id and question")
        command.add_argument("--json", action="store_true")
        if name == "search":
            command.add_argument("--k", type=int, default=5)
            command.add_argument("--all-revisions", action="store_true",
                                 help="also show the pages of superseded revisions that the "
                                      "current revision holds word for word")
        else:
            command.add_argument("--model", type=Path,
                                 help="a local .gguf model file, or a model by name: "
                                      "qwen-0.5b, qwen-1.5b (from their part packages)")
    return parser


def main(argv: list[str] | None = None) -> int:
    enforce_offline()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command in ("search", "ask") and (args.query is None) == (args.queries is None):
        parser.error(f"{args.command} needs a query or --queries FILE (one of them)")
    if args.command == "feedback":
        _check_feedback(parser, args)
    if args.command == "note":
        _check_note(parser, args)
    try:
        return _run(args)
    except LaoshifuError as error:
        print(f"laoshifu: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED


def _run(args: argparse.Namespace) -> int:
    from laoshifu.composition import open_library

    if args.command == "self-test":
        return _self_test()

    settings = LibrarySettings(args.data or default_data_dir(),
                               model_path=getattr(args, "model", None),
                               answer_server=args.answer_server, answer_key=args.answer_key,
                               vector_server=args.vector_server,
                               vector_token=args.vector_token, read_only=args.read_only)
    sources: list[Path] = []
    if args.command == "repair":
        if settings.read_only:  # the library refuses writers; a repair writes before opening
            raise StoreError(Reason("library_read_only"))
        sources = _move_damage_aside(settings, args.paths)
    library = open_library(settings)
    try:
        if args.command == "repair":
            return _ingest_events(library, sources)
        return COMMANDS[args.command](library, args)
    finally:
        library.close()


def _self_test() -> int:
    from laoshifu.self_test import Check, run

    checks: list[Check] = []
    for item in run():
        if isinstance(item, Check):
            checks.append(item)
        print(item.describe() if isinstance(item, Check) else item, flush=True)
    failed = [check.name for check in checks if not check.passed]
    print(f"Self-test failed: {', '.join(failed)}." if failed else
          f"Self-test passed: all {len(checks)} checks.")
    return EXIT_FAILED if failed else EXIT_OK


def _move_damage_aside(settings: LibrarySettings, paths: list[Path]) -> list[Path]:
    """The files to read again after moving the damaged stores aside (nothing is deleted)."""
    from laoshifu.composition import vector_storage
    from laoshifu.integrity import prepare_repair

    aside, sources = prepare_repair(settings.data_dir, vector_storage(settings), paths)
    if aside is None:
        print("The library is not damaged; finishing any interrupted ingest.")
    else:
        print(f"The damaged parts were moved to {aside}; rebuilding the library.", flush=True)
    return sources


def _ingest(library, args) -> int:
    return _ingest_events(library, args.paths)


def _ingest_events(library, paths: list[Path]) -> int:
    from kernel.events import FileFailed

    failed = 0
    for event in library.ingest(paths):
        print(event.describe(), flush=True)
        failed += isinstance(event, FileFailed)
    # A terminal has no quiet time after it for the window's background preparation.
    for record in library.prepare_answers():
        print(f"Ready to answer from {record.file}", flush=True)
    if failed:
        print(f"{failed} file(s) failed; the others were added.", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _docs(library, args) -> int:
    documents = library.documents()
    if args.json:
        print(json.dumps({"documents": [
            {"doc_id": d.doc_id, "file": d.file, "path": d.path, "pages": d.pages,
             "status": d.status, "ocr_pages": d.ocr_pages, "warnings": d.warnings}
            for d in documents]}, ensure_ascii=False))
        return EXIT_OK
    if not documents:
        print("The library is empty. Add documents with: laoshifu ingest FILE_OR_FOLDER")
    for d in documents:
        note = f", {len(d.warnings)} warning(s)" if d.warnings else ""
        print(f"{d.doc_id}  {d.file}  {d.pages} page(s)  {d.status}{note}")
    return EXIT_OK


def _remove(library, args) -> int:
    failed = 0
    for name in args.documents:
        try:
            record = library.remove(name)
            print(f"removed {record.file} ({record.doc_id})")
        except LaoshifuError as error:
            print(f"laoshifu: {error}", file=sys.stderr)
            failed += 1
    return EXIT_FAILED if failed else EXIT_OK


def _revision(library, args) -> int:
    if args.revision_command == "list":
        links = library.revisions()
        if args.json:
            print(json.dumps({"revisions": [asdict(link) for link in links]},
                             ensure_ascii=False))
            return EXIT_OK
        if not links:
            print("No document is superseded by a newer revision.")
        for link in links:
            print(f"{link.old_doc}  {link.old_file} ({link.old_version}) superseded by "
                  f"{link.new_file} ({link.new_version}): {link.pages_alike} of {link.pages} "
                  "pages alike")
        return EXIT_OK
    failed = 0
    for name in args.documents:
        try:
            link = library.undo_revision(name)
        except DocumentNotFoundError as error:
            print(f"laoshifu: {error}", file=sys.stderr)
            failed += 1
            continue
        if args.json:
            print(json.dumps(asdict(link), ensure_ascii=False))
        else:
            print(f"{link.old_file} is current again; {link.new_file} no longer supersedes it.")
    return EXIT_USAGE if failed else EXIT_OK


def _superseded_note(superseded) -> str:
    """'superseded by X, page N' for a hit or citation from an older revision, else ''."""
    if superseded is None:
        return ""
    page = f", page {superseded.page}" if superseded.page else ""
    return f"  (superseded by {superseded.file}{page})"


def _check_feedback(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """`feedback QUERY DOC PAGE good|bad` or `feedback --list`; the page becomes an int or
    None. What needs the library (the document, its pages) is checked by the library."""
    given = [args.query, args.document, args.page, args.mark]
    if args.list:
        if any(value is not None for value in given):
            parser.error("feedback --list takes no question, document, page or mark")
        return
    if any(value is None for value in given):
        parser.error("feedback needs QUERY DOC PAGE good|bad, e.g. feedback \"pump vibrates\" "
                     "manual.pdf 12 good (or --list)")
    if args.mark not in (GOOD, BAD):
        parser.error(f"the mark is good or bad, not '{args.mark}'")
    if args.page == "-":
        args.page = None
    elif args.page.isdecimal() and int(args.page) >= 1:
        args.page = int(args.page)
    else:
        parser.error(f"the page is a number from 1, or - for a file without pages, "
                     f"not '{args.page}'")


def _feedback(library, args) -> int:
    if args.list:
        return _list_marks(library.marks(), args.json)
    try:
        mark = library.mark(args.query, args.document, args.page, args.mark)
    except DocumentNotFoundError as error:  # a document or page the user named wrong
        print(f"laoshifu: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(mark.to_json(), ensure_ascii=False))
    else:
        verdict = ("the right page; it comes first" if mark.mark == GOOD else
                   "a wrong page; it comes after the others")
        print(f"Kept: {_where(mark)} is {verdict} when “{mark.query}” is asked again.")
    return EXIT_OK


def _where(mark: PageMark) -> str:
    return f"{mark.file}, page {mark.page}" if mark.page is not None else mark.file


def _list_marks(marks: list[PageMark], as_json: bool) -> int:
    if as_json:
        print(json.dumps({"marks": [{**mark.to_json(), "path": mark.path,
                                     "marked_at": mark.marked_at} for mark in marks]},
                         ensure_ascii=False))
        return EXIT_OK
    if not marks:
        print("No marks yet. Mark a result with: laoshifu feedback QUERY DOC PAGE good|bad")
    for mark in marks:
        print(f"{mark.mark:<4}  {_where(mark)}  “{mark.query}”  ({mark.marked_at})")
    return EXIT_OK


def _check_note(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A note needs a tag and text, and a real date: refused before anything is written."""
    if getattr(args, "tag", "x").strip() == "":
        parser.error("the note needs an equipment tag (--tag P-101)")
    if getattr(args, "text", "x").strip() == "":
        parser.error("the note needs its text (--text \"what was found and done\")")
    if getattr(args, "date", None) is not None:
        try:
            args.date = date.fromisoformat(args.date)
        except ValueError:
            parser.error(f"the date is YYYY-MM-DD, e.g. 2026-11-30, not '{args.date}'")


def _note(library, args) -> int:
    from ingest.notes import RepairNote

    if args.note_command == "folder":
        if args.path is not None:
            library.notes_folder = Path(args.path) if args.path else None
        print(library.notes_folder)
        return EXIT_OK
    if args.note_command == "remove":
        record = library.remove_note(args.document)
        print(f"removed {record.name} ({record.file}, {record.doc_id})")
        return EXIT_OK
    if args.note_command == "edit":
        record = library.edit_note(args.document,
                                   replace(library.note(args.document), text=args.text.strip()))
    else:
        written = RepairNote(tag=args.tag.strip(), date=args.date or date.today(),
                             author=(args.author or getpass.getuser()).strip(),
                             text=args.text.strip())
        record = library.add_note(written)
    if args.json:
        print(json.dumps({"doc_id": record.doc_id, "file": record.file, "path": record.path},
                         ensure_ascii=False))
    else:
        print(f"{record.doc_id}  {record.file}")
    return EXIT_OK


STOP_WAIT_SECONDS = 5


def _watch(library, args) -> int:
    import signal
    import time

    from laoshifu.watcher import FolderWatcher

    folders = args.folders or library.watched_folders
    if not folders:
        print("laoshifu: no watched folders yet. Name one: laoshifu watch FOLDER",
              file=sys.stderr)
        return EXIT_USAGE
    missing = [str(f) for f in folders if not f.expanduser().is_dir()]
    if missing:
        print(f"laoshifu: not a folder: {', '.join(missing)}. Check the path, or that the "
              "network drive is connected.", file=sys.stderr)
        return EXIT_USAGE
    if args.settle < 0:
        print("laoshifu: --settle must be 0 or more seconds.", file=sys.stderr)
        return EXIT_USAGE
    library.watched_folders = [*library.watched_folders, *folders]
    watcher = FolderWatcher(library, folders, settle=args.settle, poll=args.poll,
                            on_event=lambda event: print(event.describe(), flush=True))
    print(f"Watching {', '.join(str(f) for f in watcher.folders)}. Press Ctrl+C to stop.",
          flush=True)
    # "Press Ctrl+C" must hold even when started from a script or service that ignores SIGINT
    # (Python then leaves it ignored); a service manager's SIGTERM stops it the same way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    watcher.start()
    try:
        while watcher.is_alive():
            time.sleep(0.5)
    except KeyboardInterrupt:
        # A file in the middle of being read is not waited for: Ctrl+C must stop at once,
        # and an interrupted file is finished by the next ingest (resume).
        watcher.stop(timeout=STOP_WAIT_SECONDS)
        print("Stopped watching.", flush=True)
        return EXIT_OK
    watcher.stop()
    print("laoshifu: watching stopped unexpectedly (was the drive disconnected?).",
          file=sys.stderr)
    return EXIT_FAILED


def _queries(args) -> Iterator[tuple[str | None, str]]:
    """(id, text) pairs from the command line or a --queries file."""
    if args.queries is None:
        yield None, args.query
        return
    for number, line in enumerate(args.queries.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            item = json.loads(line)
            yield str(item.get("id", number)), item["question"]
        else:
            yield str(number), line


def _emit(payload: dict, query_id: str | None) -> None:
    if query_id is not None:
        payload = {"id": query_id, **payload}
    print(json.dumps(payload, ensure_ascii=False), flush=True)


def _search(library, args) -> int:
    for query_id, query in _queries(args):
        hits = library.search(query, k=args.k, all_revisions=args.all_revisions)
        if args.json:
            _emit({"query": query, "hits": [h.to_json() for h in hits]}, query_id)
            continue
        if not hits:
            print(f"No matches for: {query}")
        for rank, hit in enumerate(hits, start=1):
            where = f"page {hit.page}" if hit.page else "text"
            snippet = " ".join(hit.text.split())[:160]
            print(f"{rank}. {hit.file}  {where}{_superseded_note(hit.superseded)}\n"
                  f"   {snippet}")
    return EXIT_OK


def _ask(library, args) -> int:
    from laoshifu.answer import Line

    for query_id, question in _queries(args):
        stream = library.ask(question)
        if args.json:
            _emit(stream.result().to_json(), query_id)
            continue
        print("Closest pages:" if stream.refused else "Evidence:")
        for n, hit in enumerate(stream.sources, start=1):
            print(f"  [{n}] {hit.file}" + (f", page {hit.page}" if hit.page else ""))
        print()
        print(stream.composed.text, flush=True)
        for written in stream:
            if isinstance(written, Line) and written.citation is not None:
                print(f"{written.text} [{written.citation.n}]", flush=True)
        print()
        _print_checked(stream.result())
    return EXIT_OK


def _print_checked(answer) -> None:
    """Where each cited quote stands, the warnings of the pages used, and whether the model
    wrote anything no page backs (that text is in --json's "draft", never shown as answer)."""
    if not answer.grounded:
        return
    for citation in answer.citations:
        where = f", page {citation.page}" if citation.page else ""
        quote = " ".join(citation.quote.split())
        print(f"[{citation.n}] {citation.file}{where}{_superseded_note(citation.superseded)}: "
              f"“{quote}”")
    if answer.unsupported:
        print(f"\n({len(answer.unsupported)} sentence(s) the model wrote are not backed by "
              "your documents and are left out; --json shows them as \"draft\".)")
    for block in answer.safety:
        where = f", page {block.page}" if block.page else ""
        print(f"\n⚠ Safety, {block.file}{where}:\n{block.text}")


COMMANDS = {"ingest": _ingest, "docs": _docs, "remove": _remove, "search": _search,
            "ask": _ask, "watch": _watch, "feedback": _feedback, "note": _note,
            "revision": _revision, "tag": cli_machines.tag, "tags": cli_machines.tags,
            "new": cli_machines.new}
