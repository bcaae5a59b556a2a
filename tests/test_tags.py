"""One machine, everything about it: the equipment tag index (index.tags) on a real library of
documents the tests write (tests.machines), its listing (`Library.tag`, `laoshifu tag`), and a
question naming a tag ranking that machine's notes and pages first."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from index.tags import canonical, mentions, named_in
from ingest.fault_log import log_columns, log_rows, parse_date
from kernel.config import LibrarySettings
from kernel.events import FileDone
from laoshifu.composition import vector_storage
from laoshifu.indexer import TAG_INDEX
from laoshifu.integrity import prepare_repair
from laoshifu.whats_new import changes
from tests.conftest import build_library
from tests.machines import write_machine_documents
from tests.test_cli import laoshifu

QUESTION = "what failed on P-101 last time"


@pytest.fixture(scope="module")
def built(tmp_path_factory, open_at) -> Path:
    """A closed library of the pump manual, the fault log and the two repair notes."""
    originals = write_machine_documents(tmp_path_factory.mktemp("originals") / "plant")
    return build_library(tmp_path_factory.mktemp("built") / "library", open_at, originals, 4)


@pytest.fixture
def folder(built, data_dir) -> Path:
    shutil.copytree(built, data_dir)
    return data_dir


@pytest.fixture
def library(folder, library):
    return library


def summary(items) -> list[tuple[str, str | None, str]]:
    return [(item.kind, item.date, item.file) for item in items]


# -- what counts as a tag -------------------------------------------------------------------


def test_every_spelling_of_a_tag_is_one_tag():
    assert {canonical(s) for s in ("P101", "P-101", "p-101", "P 101", "p_101", "Ｐ－１０１")} \
        == {"P-101"}
    assert canonical("fic205a") == "FIC-205A"
    assert canonical("  Filler   line 2 ") == "Filler line 2"
    assert named_in("p101的轴承上次怎么修的？") == ["P-101"]


def test_manual_text_gives_tags_not_units_standards_references_or_page_labels():
    page = ("G-12\nPump P-101 feeds tank TK-201. Error E-047 means overtemperature.\n"
            "Use an M8 bolt, 24V DC, 50Hz, an RS-232 cable, see Figure 3-2 and Figure G-10.\n"
            "STM32 board, firmware v1.2.3, 2026-11-30, bearing 6205-2RS, SOD-323 diode.\n"
            "3.3 SOLA-330 ............ 7\nG-12")
    assert set(mentions(page)) == {"P-101", "TK-201", "E-047"}
    assert set(mentions("泵P-101的轴承异响，报警E-047。")) == {"P-101", "E-047"}


def test_a_log_is_known_by_its_date_and_equipment_columns_in_either_language():
    assert log_columns(["日期", "设备", "故障"]) == ("日期", "设备")
    assert log_columns(["Date/Time", "Equipment Tag", "Fault"]) == ("Date/Time", "Equipment Tag")
    assert log_columns(["时间", "设备位号"]) == ("时间", "设备位号")
    assert log_columns(["Error Code in v1.1+", "Error Message", "Error Description"]) is None
    assert log_rows("Code: E-047; Meaning: motor overtemperature") is None


def test_log_dates_are_read_in_the_forms_plants_write_them():
    assert parse_date("2026-11-30") == "2026-11-30"
    assert parse_date("2026/11/30 14:05") == "2026-11-30 14:05"
    assert parse_date("30.11.2026") == "2026-11-30"
    assert parse_date("2026年11月30日") == "2026-11-30"
    assert parse_date("46356") == "2026-11-30"  # an Excel day number
    assert parse_date("yesterday") is None
    assert parse_date("2026-02-30") is None


# -- the tag view's items --------------------------------------------------------------------


def test_a_tag_lists_its_notes_and_rows_newest_first_then_its_pages(library):
    tag, items = library.tag("p101")
    assert tag == "P-101"
    assert summary(items) == [
        ("row", "2026-11-30", "faults.csv"),
        ("note", "2026-11-20", "P-101-2026-11-20.md"),
        ("row", "2026-10-02", "faults.csv"),
        ("page", None, "pump.pdf"),
    ]
    assert items[0].text.startswith("日期: 2026/11/30; 设备: p101; 故障: mechanical seal leak")
    assert items[1].text == "Repair note · P-101 · 2026-11-20 · Wang"
    assert items[3].page == 1
    assert not any("P-102" in item.text for item in items)


def test_known_tags_count_their_notes_rows_and_pages(library):
    known = library.tags()
    assert known["P-101"] == {"note": 1, "row": 2, "page": 1}
    assert known["P-102"] == {"note": 1, "row": 2}
    assert {"E-047", "E-052", "CP-80"} <= set(known)


def test_tag_json_follows_the_contract_and_an_unknown_tag_is_no_error(folder):
    run = laoshifu("tag", "P 101", "--json", data=folder)
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    assert payload["tag"] == "P-101"
    assert [set(item) for item in payload["items"]] == \
        [{"kind", "file", "path", "page", "date", "text"}] * 4
    assert [(i["kind"], i["date"], i["page"]) for i in payload["items"]] == [
        ("row", "2026-11-30", None), ("note", "2026-11-20", None), ("row", "2026-10-02", None),
        ("page", None, 1)]

    unknown = laoshifu("tag", "P-103", "--json", data=folder)
    assert unknown.returncode == 0
    assert json.loads(unknown.stdout) == {"tag": "P-103", "items": []}
    text = laoshifu("tag", "p103", data=folder)
    assert text.returncode == 0
    assert "No document names P-103" in text.stdout and "P-101" in text.stdout

    listed = json.loads(laoshifu("tags", "--json", data=folder).stdout)["tags"]
    assert {"tag": "P-102", "note": 1, "row": 2, "page": 0} in listed


def test_an_xlsx_log_with_excel_dates_gives_dated_rows(library, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "2026"
    sheet.append(["Date/Time", "Equipment Tag", "Fault"])
    sheet.append([dt.datetime(2026, 12, 1, 7, 30), "P-102", "seal leak"])
    workbook.save(tmp_path / "shift log.xlsx")
    assert any(isinstance(e, FileDone) for e in library.ingest([tmp_path / "shift log.xlsx"]))

    _, items = library.tag("P-102")
    assert summary(items)[0] == ("row", "2026-12-01 07:30", "shift log.xlsx")
    assert items[0].label == "2026"


# -- tags live and die with their documents ----------------------------------------------------


def test_tags_survive_a_restart_and_go_with_their_document(folder, open_at):
    library = open_at(folder)
    library.close()
    library = open_at(folder)
    try:
        assert len(library.tag("P-101")[1]) == 4
        library.remove("faults.csv")
        assert summary(library.tag("P-101")[1]) == [
            ("note", "2026-11-20", "P-101-2026-11-20.md"), ("page", None, "pump.pdf")]
        library.remove("P-102-2026-11-25.md")
        assert "P-102" not in library.tags()
    finally:
        library.close()


def test_a_new_version_of_a_log_replaces_its_rows(library, tmp_path):
    log = tmp_path / "plant" / "faults.csv"
    log.parent.mkdir()
    log.write_text("Date/Time,Equipment Tag,Fault\n2026-12-02 06:10,P-101,coupling noise\n",
                   encoding="utf-8")
    list(library.ingest([log]))
    log.write_text("Date/Time,Equipment Tag,Fault\n2026-12-02 06:10,P-102,coupling noise\n",
                   encoding="utf-8")
    list(library.ingest([log]))
    assert ("row", "2026-12-02 06:10", "faults.csv") in summary(library.tag("P-102")[1])
    assert ("row", "2026-12-02 06:10", "faults.csv") not in summary(library.tag("P-101")[1])


def test_tags_survive_a_repair_of_a_lost_catalog(folder, open_at):
    with (folder / "catalog.sqlite3").open("r+b") as catalog:
        catalog.write(os.urandom(8192))
    aside, again = prepare_repair(folder, vector_storage(LibrarySettings(folder)))
    assert aside is not None and again
    library = open_at(folder)
    try:
        list(library.ingest(again))
        assert len(library.tag("P-101")[1]) == 4
    finally:
        library.close()


def test_a_library_from_before_the_tag_index_finds_its_tags_when_opened(folder, open_at):
    library = open_at(folder)
    with library.catalog._lock:  # as a library written before the tag index
        library.catalog._db.execute("DELETE FROM tags")
    library.catalog.set_setting(TAG_INDEX, None)
    library.close()
    library = open_at(folder)
    try:
        assert len(library.tag("P-101")[1]) == 4
    finally:
        library.close()


# -- search and what's new ---------------------------------------------------------------------


def test_a_question_naming_a_tag_ranks_that_machines_notes_and_rows_first(library):
    for question in (QUESTION, "what failed on p101 last time"):
        hits = library.search(question, k=6)
        files = [Path(hit.path).name for hit in hits]  # a note's hit shows its title
        assert files.index("P-101-2026-11-20.md") < files.index("P-102-2026-11-25.md")
        log = hits[files.index("faults.csv")]
        assert files.index("faults.csv") < files.index("P-102-2026-11-25.md")
        assert "P-101" in log.text or "p101" in log.text


def test_whats_new_lists_the_weeks_files_and_notes(library):
    listed = {(c.file, c.kind, c.change) for c in library.changes(7)}
    assert ("P-101-2026-11-20.md", "note", "added") in listed
    assert ("faults.csv", "file", "added") in listed
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    assert changes(library.catalog, 7, now=later) == []
