"""`laoshifu self-test`: does this installation work on this PC, end to end?

Plant IT copies the app to a machine and needs one answer before handing it over. The self-test
adds a small bundled pump manual to a temporary library, searches it, asks it a question with
the answer model, and reports each step as pass or fail with its time, plus the CPU features
llama.cpp runs with. It touches nothing of the user's own library.
"""

from __future__ import annotations

import platform
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from kernel.config import ON_THIS_PC, LibrarySettings
from kernel.errors import LaoshifuError

SAMPLE_MANUAL = Path(__file__).with_name("data") / "sample-pump-manual.pdf"
# What the sample manual says where: the alarm table is on page 4, the vibration advice on 3.
_SEARCH, _SEARCH_PAGE = "E-047 motor overtemperature", 4
_QUESTION, _ANSWER_PAGE = "The pump vibrates after a bearing change. What should I check?", 3


@dataclass(frozen=True)
class Check:
    """One step of the self-test and how it went."""

    name: str
    passed: bool
    seconds: float
    detail: str = ""

    def describe(self) -> str:
        detail = f"  {self.detail}" if self.detail else ""
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name:<34} {self.seconds:6.2f} s{detail}"


def version() -> str:
    try:
        return metadata.version("laoshifu")
    except metadata.PackageNotFoundError:
        return "unknown"


def _timed(name: str, step: Callable[[], tuple[bool, str]]) -> Check:
    started = time.monotonic()
    try:
        passed, detail = step()
    except LaoshifuError as error:
        passed, detail = False, str(error)
    return Check(name, passed, time.monotonic() - started, detail)


def run() -> Iterator[Check | str]:
    """The checks in order, each as it completes; lines of information (strings) between.
    A step that cannot run because an earlier one failed is reported failed, not skipped."""
    from laoshifu.composition import open_library
    from laoshifu.library import Library

    yield f"Laoshifu {version()} on {platform.system()} {platform.machine()}, " \
          f"Python {platform.python_version()}"
    with tempfile.TemporaryDirectory(prefix="laoshifu-self-test-") as folder:
        opened: list[Library] = []

        def open_temporary() -> tuple[bool, str]:
            # Answers as this PC gets them (the answer server in server mode); the sample's
            # passages stay in the temporary folder, never in the plant's vector server.
            opened.append(open_library(LibrarySettings(Path(folder) / "library",
                                                       vector_server=ON_THIS_PC)))
            return True, ""

        yield _timed("open a temporary library", open_temporary)
        if not opened:
            yield Check("add the sample manual", False, 0.0, "no library")
            return
        library = opened[0]
        try:
            yield from _checks(library)
        finally:
            library.close()


def _checks(library) -> Iterator[Check | str]:
    from kernel.events import FileDone, FileFailed

    def add() -> tuple[bool, str]:
        events = list(library.ingest([SAMPLE_MANUAL]))
        done = [e for e in events if isinstance(e, FileDone)]
        if not done:
            return False, "; ".join(e.message for e in events if isinstance(e, FileFailed))
        return done[0].pages > 0, f"{SAMPLE_MANUAL.name}, {done[0].pages} page(s)"

    yield _timed("add the sample manual", add)

    def search() -> tuple[bool, str]:
        hits = library.search(_SEARCH, k=3)
        page = hits[0].page if hits else None
        return page == _SEARCH_PAGE, f"'{_SEARCH}': page {page} first (expected {_SEARCH_PAGE})"

    yield _timed("search", search)

    def load_model() -> tuple[bool, str]:
        library.chat_model.start()
        return True, library.chat_model.name

    loaded = _timed("load the answer model", load_model)
    yield loaded
    if loaded.passed:
        yield "llama.cpp: " + " ".join(library.chat_model.system_info().split())

    def ask() -> tuple[bool, str]:
        answer = library.ask(_QUESTION).result()
        cited = sorted({c.page for c in answer.citations if c.page})
        ok = answer.grounded and _ANSWER_PAGE in cited and bool(answer.draft)
        return ok, f"cites page(s) {cited or 'none'} (expected {_ANSWER_PAGE})"

    yield _timed("ask (answer model writes)", ask)
