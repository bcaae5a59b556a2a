"""Technicians' marks on results (index.feedback), on a real library with the real search
model: a page marked right ranks first for the question and for questions like it, a page
marked wrong ranks last, and marks outlive a restart, a new version of the file and a repair."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kernel.config import LibrarySettings
from kernel.errors import DocumentNotFoundError, PageNotFoundError
from kernel.events import FileDone
from kernel.types import BAD, GOOD
from laoshifu.composition import vector_storage
from laoshifu.integrity import prepare_repair
from laoshifu.library import Library
from tests.conftest import build_library
from tests.documents import PUMP_MANUAL, write_pdf
from tests.test_library import DATA

QUESTION = "pump vibrates after bearing change"
NOTES = "# Pump notes\n\nP-101 vibrates when the coupling insert is worn: replace the insert.\n"
MANY = 40  # more pages than the library holds: a demoted page is still listed


@pytest.fixture(scope="module")
def built(tmp_path_factory, open_at) -> Path:
    """A closed library of the pump manual, a text note and a 20-page manual."""
    originals = tmp_path_factory.mktemp("originals")
    write_pdf(originals / "pump.pdf", PUMP_MANUAL)
    (originals / "notes.md").write_text(NOTES, encoding="utf-8")
    shutil.copy(DATA / "linuxcnc_integrator.pdf", originals)
    return build_library(tmp_path_factory.mktemp("built") / "library", open_at, originals, 3)


@pytest.fixture
def folder(built, data_dir) -> Path:
    shutil.copytree(built, data_dir)
    return data_dir


@pytest.fixture
def library(folder, library):
    """The shared fixture's library, opened on a copy of the built one."""
    return library


def first(library: Library, query: str) -> tuple[str, int | None]:
    hit = library.search(query, k=5)[0]
    return hit.file, hit.page


def test_a_page_marked_right_ranks_first_for_the_question_and_its_rewordings(library):
    assert first(library, QUESTION) == ("pump.pdf", 3)
    mark = library.mark(QUESTION, "pump.pdf", 2, GOOD)
    assert (mark.file, mark.page, mark.mark) == ("pump.pdf", 2, GOOD)

    assert first(library, QUESTION) == ("pump.pdf", 2)
    # The same content words, other forms and function words.
    assert first(library, "The pump vibrating after a bearing change?") == ("pump.pdf", 2)
    # A typo: other words, a search vector next to the marked question's.
    assert first(library, "pump vibrates after baring change") == ("pump.pdf", 2)
    # Another question keeps its own order.
    assert first(library, "E-047 motor overtemperature") == ("pump.pdf", 4)


def test_a_page_the_search_did_not_find_is_brought_in_first(library):
    library.mark(QUESTION, "linuxcnc_integrator.pdf", 7, GOOD)
    hit = library.search(QUESTION, k=3)[0]
    assert (hit.file, hit.page) == ("linuxcnc_integrator.pdf", 7)
    assert hit.text.strip(), "a page brought in by a mark must show a passage of it"


def test_a_page_marked_wrong_ranks_below_the_others_but_stays_listed(library):
    question = "E-047 motor overtemperature"
    library.mark(question, "pump.pdf", 4, BAD)
    hits = library.search(question, k=MANY)
    assert (hits[0].file, hits[0].page) != ("pump.pdf", 4)
    assert (hits[-1].file, hits[-1].page) == ("pump.pdf", 4), "a wrong page is listed last"


def test_a_mark_does_not_carry_over_to_a_question_naming_another_code_or_model(library):
    library.mark("E-047 motor overtemperature", "pump.pdf", 4, BAD)
    # The two questions' vectors are at cosine 0.957, but they ask about different alarms.
    assert first(library, "E-052 motor overtemperature") == ("pump.pdf", 4)
    marked = "torque for the bearing housing bolts of the CP80 pump"
    other_model = marked.replace("CP80", "CP90")  # 0.974 apart; another model
    unmarked = first(library, other_model)
    assert unmarked != ("pump.pdf", 1)
    library.mark(marked, "pump.pdf", 1, GOOD)
    assert first(library, marked) == ("pump.pdf", 1)
    assert first(library, other_model) == unmarked


def test_a_file_without_pages_is_marked_whole(library):
    library.mark("coupling insert worn", "notes.md", None, BAD)
    hits = library.search("coupling insert worn", k=MANY)
    assert hits[-1].file == "notes.md"
    with pytest.raises(PageNotFoundError, match="give - as the page"):
        library.mark("coupling insert worn", "notes.md", 1, GOOD)
    with pytest.raises(PageNotFoundError, match="pages 1 to 4"):
        library.mark(QUESTION, "pump.pdf", 5, GOOD)
    with pytest.raises(PageNotFoundError, match="pages 1 to 4"):
        library.mark(QUESTION, "pump.pdf", None, GOOD)
    with pytest.raises(DocumentNotFoundError, match="no document"):
        library.mark(QUESTION, "missing.pdf", 1, GOOD)


def test_marks_survive_closing_and_reopening(folder, open_at):
    library = open_at(folder)
    library.mark(QUESTION, "pump.pdf", 2, GOOD)
    library.mark(QUESTION, "pump.pdf", 2, BAD)  # a second thought replaces the first
    library.mark(QUESTION, "pump.pdf", 1, GOOD)
    library.close()

    library = open_at(folder)
    try:
        assert [(m.page, m.mark) for m in library.marks()] == [(2, BAD), (1, GOOD)]
        hits = library.search(QUESTION, k=MANY)
        assert (hits[0].page, hits[-1].page) == (1, 2)
    finally:
        library.close()


def test_a_new_version_of_the_file_keeps_its_marks_and_removing_it_drops_them(library):
    library.mark(QUESTION, "pump.pdf", 2, GOOD)
    path = Path(library.resolve("pump.pdf").path)
    old_id = library.resolve("pump.pdf").doc_id
    write_pdf(path, [*PUMP_MANUAL, "Appendix. Spare parts list for the P-101."])
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    assert any(isinstance(e, FileDone) for e in library.ingest([path]))
    assert library.resolve("pump.pdf").doc_id != old_id
    assert first(library, QUESTION) == ("pump.pdf", 2)

    library.remove("pump.pdf")
    assert library.marks() == []
    assert all(hit.file != "pump.pdf" for hit in library.search(QUESTION))


def test_repair_of_a_lost_catalog_keeps_the_marks(folder, open_at):
    library = open_at(folder)
    library.mark(QUESTION, "pump.pdf", 2, GOOD)
    library.mark("E-047 motor overtemperature", "pump.pdf", 4, BAD)
    library.close()
    with (folder / "catalog.sqlite3").open("r+b") as catalog:
        catalog.write(os.urandom(8192))  # unreadable: the marks' copy beside it is what is left

    aside, again = prepare_repair(folder, vector_storage(LibrarySettings(folder)))
    assert aside is not None and again
    library = open_at(folder)
    try:
        list(library.ingest(again))
        assert {(m.query, m.page, m.mark) for m in library.marks()} == {
            (QUESTION, 2, GOOD), ("E-047 motor overtemperature", 4, BAD)}
        assert first(library, QUESTION) == ("pump.pdf", 2)
    finally:
        library.close()
