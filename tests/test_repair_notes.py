"""Repair notes written in the app: a real file in the notes folder, found by search and cited
in answers under its title, edited and removed in one step, and never lost to a restart, a
repair or a kill in the middle of a save."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.notes import RepairNote, parse
from kernel.config import LibrarySettings
from kernel.errors import DocumentNotFoundError, IngestError, StoreError
from laoshifu import note_files
from laoshifu.composition import open_library, vector_storage
from laoshifu.integrity import prepare_repair

COUPLING = RepairNote(
    tag="P-101", date=date(2026, 11, 30), author="王师傅",
    symptom="Pump P-101 vibrates after the bearing change, 7.8 mm/s at the drive end",
    cause="Coupling misaligned by 0.3 mm", action="Realigned the coupling with dial gauges",
    parts="Coupling insert 6205-2RS kit")
TITLE = "Repair note · P-101 · 2026-11-30 · 王师傅"


def note_hits(library, query: str) -> list:
    return [hit for hit in library.search(query, k=5) if hit.kind == "note"]


def test_a_note_is_a_file_found_by_search_and_cited_by_its_title(library, pump_manual):
    list(library.ingest([pump_manual]))
    record = library.add_note(COUPLING)
    path = Path(record.path)
    assert path.parent == library.paths.notes and parse(path.read_text("utf-8")) == COUPLING
    assert (record.kind, record.name) == ("note", TITLE)
    hit = library.search("coupling misaligned", k=1)[0]  # a short note is not a cover page
    assert (hit.file, hit.path, hit.doc_id) == (TITLE, str(path), record.doc_id)
    assert "kind: repair-note" not in hit.text, "the front matter is not what is indexed"
    assert hit.to_json()["kind"] == "note"
    assert library.search("E-047 motor overtemperature", k=1)[0].to_json()["kind"] == "page"
    answer = library.ask("What was the cause of the P-101 vibration after the bearing change?",
                         with_model=False).result()
    assert TITLE in {citation.file for citation in answer.citations}, answer.citations


def test_a_row_of_a_fault_log_is_a_row_hit(library, tmp_path):
    log = tmp_path / "faults.csv"
    log.write_text("date,equipment,fault\n2026-10-02,P-101,seal leak at the gland\n", "utf-8")
    list(library.ingest([log]))
    assert library.search("seal leak gland", k=1)[0].to_json()["kind"] == "row"


def test_two_notes_of_one_tag_and_day_are_two_files_and_a_copy_is_refused(library):
    first = library.add_note(COUPLING)
    second = library.add_note(replace(COUPLING, text="Checked again after 48 h: 1.9 mm/s"))
    assert first.path != second.path and len(library.notes()) == 2
    with pytest.raises(IngestError) as caught:
        library.add_note(COUPLING)
    assert caught.value.reason.code == "duplicate"
    assert len(list(library.notes_folder.glob("*.md"))) == 2


def test_editing_a_note_replaces_its_text_in_search(library):
    record = library.add_note(COUPLING)
    edited = library.edit_note(record.doc_id, RepairNote(
        tag="P-101", date=COUPLING.date, author="王师傅", text="Gland packing replaced; leak gone"))
    assert edited.path == record.path and edited.doc_id != record.doc_id
    assert [d.doc_id for d in library.notes()] == [edited.doc_id]
    assert all("misaligned" not in hit.text for hit in library.search("coupling misaligned"))
    [hit] = note_hits(library, "gland packing leak")
    assert hit.doc_id == edited.doc_id and "Gland packing replaced" in hit.text


def test_an_edit_swaps_the_old_text_for_the_new_in_one_step(library):
    """Searched between every step of the edit's ingest: the note is found exactly once, old
    version then new, never both and never neither."""
    record = library.add_note(COUPLING)
    path = Path(record.path)
    note_files.save_note(path, replace(COUPLING, cause="Soft foot under the motor feet"))
    seen = []
    for _event in library.ingest([path]):
        found = [hit.doc_id for hit in library.search("coupling misaligned soft foot", k=5)
                 if hit.path == str(path)]
        assert len(found) == 1, found
        seen.append(found[0])
    new_id = library.catalog.find_by_path(str(path)).doc_id
    assert seen[0] == record.doc_id and seen[-1] == new_id != record.doc_id
    assert seen == sorted(seen, key=lambda doc_id: doc_id == new_id), "back to the old text"


def test_an_edit_that_is_refused_leaves_the_note_as_indexed(library):
    first = library.add_note(COUPLING)
    second = library.add_note(replace(COUPLING, text="Checked again after 48 h"))
    before = Path(second.path).read_text("utf-8")
    with pytest.raises(IngestError):
        library.edit_note(second.doc_id, COUPLING)  # word for word the first note
    assert Path(second.path).read_text("utf-8") == before
    assert {d.doc_id for d in library.notes()} == {first.doc_id, second.doc_id}


def test_removing_a_note_deletes_its_file_photos_and_passages(library, tmp_path):
    photo = tmp_path / "coupling.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    record = library.add_note(COUPLING, photos=[photo])
    linked = Path(record.path).parent / library.note(record.doc_id).photos[0]
    assert linked.read_bytes() == photo.read_bytes()
    library.remove_note(record.doc_id)
    assert not Path(record.path).exists() and not linked.exists()
    assert library.documents() == [] and library.search("coupling misaligned") == []


def test_only_notes_are_edited_and_a_read_only_library_writes_none(
        library, pump_manual, data_dir, search_models, chat_model):
    list(library.ingest([pump_manual]))
    with pytest.raises(DocumentNotFoundError) as caught:
        library.remove_note(pump_manual.name)
    assert caught.value.reason.code == "not_a_note" and pump_manual.exists()
    library.close()
    shared = open_library(LibrarySettings(data_dir, read_only=True), models=search_models,
                          answers=chat_model)
    try:
        with pytest.raises(StoreError) as caught:
            shared.add_note(COUPLING)
        assert caught.value.reason.code == "library_read_only"
        assert not shared.notes_folder.exists()
    finally:
        shared.close()


def test_notes_survive_a_restart_and_a_repair_of_a_lost_catalog_and_source_list(
        library, data_dir, open_at):
    kept = [library.add_note(COUPLING).path,
            library.add_note(RepairNote(tag="K-7", date=date(2026, 12, 1), author="li",
                                        text="Compressor K-7 oil pressure switch replaced")).path]
    library.close()
    reopened = open_at(data_dir)
    try:
        assert sorted(d.path for d in reopened.notes()) == sorted(kept)
    finally:
        reopened.close()
    for leftover in [*data_dir.glob("catalog.sqlite3*"), data_dir / "sources.json"]:
        leftover.unlink()
    aside, again = prepare_repair(data_dir, vector_storage(LibrarySettings(data_dir)))
    assert aside is not None
    repaired = open_at(data_dir)
    try:
        list(repaired.ingest(again))
        assert sorted(d.path for d in repaired.notes()) == sorted(kept)
        top = note_hits(repaired, "oil pressure switch")[0]
        assert top.file == "Repair note · K-7 · 2026-12-01 · li"
    finally:
        repaired.close()


KILLED_SAVE = textwrap.dedent("""
    import os, signal, sys
    from datetime import date
    from pathlib import Path
    from ingest.notes import RepairNote
    from kernel.config import LibrarySettings
    from laoshifu import note_files
    from laoshifu.composition import open_library

    library = open_library(LibrarySettings(Path(sys.argv[1])))
    def killed(*args):  # the power goes between the temporary file and the rename
        os.kill(os.getpid(), signal.SIGKILL)
    note_files.os.replace = killed
    library.add_note(RepairNote(tag="P-101", date=date(2026, 12, 2), author="zhang",
                                text="Never saved: the power went"))
""")


def test_a_kill_during_a_save_loses_no_note_saved_before(library, data_dir, open_at):
    saved = library.add_note(COUPLING)
    library.close()
    run = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(data_dir)], timeout=300,
                         capture_output=True, text=True, env={**os.environ})
    assert run.returncode == -9, run.stderr
    notes = data_dir / "notes"
    assert [p.name for p in notes.glob("*.md")] == [Path(saved.path).name]
    assert parse(Path(saved.path).read_text("utf-8")) == COUPLING
    reopened = open_at(data_dir)
    try:
        list(reopened.ingest([notes]))
        assert [d.doc_id for d in reopened.documents()] == [saved.doc_id]
        assert note_hits(reopened, "coupling misaligned")[0].doc_id == saved.doc_id
    finally:
        reopened.close()


def laoshifu(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "laoshifu", "--data", str(data), *args],
                          capture_output=True, text=True, timeout=600)


def test_cli_note_add_json_contract_and_usage_errors(data_dir):
    run = laoshifu(data_dir, "note", "add", "--tag", "P-101", "--text",
                   "Mechanical seal replaced after leak", "--date", "2026-11-30", "--json")
    assert run.returncode == 0, run.stderr
    added = json.loads(run.stdout)
    assert set(added) == {"doc_id", "file", "path"}
    assert Path(added["path"]).name == added["file"] and added["file"].endswith(".md")
    note = parse(Path(added["path"]).read_text("utf-8"))
    assert note is not None and (note.tag, note.date) == ("P-101", date(2026, 11, 30))
    assert note.author == getpass.getuser()
    hits = json.loads(laoshifu(data_dir, "search", "seal leak", "--json").stdout)["hits"]
    assert (hits[0]["doc_id"], hits[0]["kind"]) == (added["doc_id"], "note")
    assert hits[0]["file"] == f"Repair note · P-101 · 2026-11-30 · {getpass.getuser()}"
    for bad in (("--tag", " ", "--text", "x"), ("--tag", "P-1", "--text", ""),
                ("--tag", "P-1", "--text", "x", "--date", "30.11.2026")):
        run = laoshifu(data_dir, "note", "add", *bad)
        assert run.returncode == 2 and "laoshifu: error: the" in run.stderr, run.stderr
    assert len(list((data_dir / "notes").iterdir())) == 1, "a refused note writes nothing"
    run = laoshifu(data_dir, "note", "remove", added["doc_id"])
    assert run.returncode == 0 and not Path(added["path"]).exists()


def test_cli_note_folder_sets_a_shared_folder_for_new_notes(data_dir, tmp_path):
    shared = tmp_path / "shared notes"
    assert laoshifu(data_dir, "note", "folder").stdout.strip() == str(data_dir / "notes")
    assert laoshifu(data_dir, "note", "folder", str(shared)).returncode == 0
    added = json.loads(laoshifu(data_dir, "note", "add", "--tag", "K-7", "--text",
                                "Oil pressure switch replaced", "--json").stdout)
    assert Path(added["path"]).parent == shared
    assert laoshifu(data_dir, "note", "folder", "").stdout.strip() == str(data_dir / "notes")
