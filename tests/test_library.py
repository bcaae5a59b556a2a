"""The library end to end on real stores and the real embedder: what goes in can be found at the
right page; an unchanged file costs nothing; a changed one replaces its old passages; a removed
one is gone from every store."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

from kernel.events import (
    Embedded,
    FileDone,
    FileFailed,
    FileSkipped,
    FileStarted,
    PagesRead,
)
from laoshifu.library import Library
from tests.documents import PUMP_MANUAL, PUMP_MANUAL_ZH, write_pdf

DATA = Path(__file__).parent / "data"


def _ingest(library: Library, *paths: Path) -> list:
    return list(library.ingest(list(paths)))


def test_ingested_pdf_is_found_at_the_right_page(library, pump_manual):
    events = _ingest(library, pump_manual)
    assert isinstance(events[0], FileStarted)
    done = [e for e in events if isinstance(e, FileDone)]
    assert len(done) == 1 and done[0].pages == 4
    top = library.search("pump vibrates after bearing change, what now?", k=3)[0]
    assert (top.file, top.page) == (pump_manual.name, 3)
    assert top.path == str(pump_manual.resolve())
    assert "alignment" in top.text


def test_hits_are_pages_with_the_passage_span(library, pump_manual):
    _ingest(library, pump_manual)
    hits = library.search("bearing housing bolt torque", k=4)
    assert len({(h.doc_id, h.page) for h in hits}) == len(hits), "one hit per page"
    for hit in hits:
        page_text = library_page_text(pump_manual, hit.page)
        assert page_text[hit.start:hit.end] == hit.text


def library_page_text(pdf: Path, number: int) -> str:
    from ingest.loaders import load_document

    return load_document(pdf).pages[number - 1].text


def test_real_manual_answers_at_its_page(library):
    _ingest(library, DATA / "linuxcnc_integrator.pdf")
    hits = library.search("power supply current for a 4 A stepper with windings in parallel")
    assert ("linuxcnc_integrator.pdf", 5) in [(h.file, h.page) for h in hits[:3]]


def test_chinese_note_is_searchable(library, tmp_path):
    note = write_pdf(tmp_path / "泵维修.pdf", PUMP_MANUAL_ZH, cjk=True)
    _ingest(library, note)
    assert library.search("更换轴承后泵振动怎么办", k=1)[0].page == 2


def test_unchanged_file_is_skipped_without_reembedding(library, pump_manual):
    _ingest(library, pump_manual)
    count = sum(library.searchable_passages().values())
    again = _ingest(library, pump_manual)
    assert any(isinstance(e, FileSkipped) for e in again)
    assert not any(isinstance(e, PagesRead) for e in again), "an unchanged file was re-read"
    assert sum(library.searchable_passages().values()) == count


def test_touched_but_identical_file_is_not_reembedded(library, pump_manual):
    _ingest(library, pump_manual)
    os.utime(pump_manual, (1_000_000_000, 1_000_000_000))
    again = _ingest(library, pump_manual)
    assert not any(isinstance(e, PagesRead) for e in again)


def test_changed_file_replaces_its_old_passages(library, tmp_path):
    manual = tmp_path / "manual.pdf"
    write_pdf(manual, PUMP_MANUAL)
    _ingest(library, manual)
    old_id = library.documents()[0].doc_id
    revised = [*PUMP_MANUAL[:3], "Alarm codes. E-099: seal water pressure low, open valve V-7."]
    write_pdf(manual, revised)
    events = _ingest(library, manual)
    assert [e.replaced for e in events if isinstance(e, FileDone)] == [True]
    documents = library.documents()
    assert len(documents) == 1 and documents[0].doc_id != old_id
    assert old_id not in library.searchable_passages(), "stale passages left in the store"
    top = library.search("alarm E-099 seal water", k=1)[0]
    assert top.page == 4 and "E-099" in top.text
    assert all("E-047" not in h.text for h in library.search("E-047 motor overtemperature"))


def test_same_content_under_two_names_is_indexed_once(library, pump_manual, tmp_path):
    copy = tmp_path / "copy.pdf"
    shutil.copy(pump_manual, copy)
    events = _ingest(library, pump_manual, copy)
    assert [e.path.name for e in events if isinstance(e, FileSkipped)] == ["copy.pdf"]
    assert len(library.documents()) == 1


def test_bad_file_does_not_stop_the_batch(library, pump_manual, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    events = _ingest(library, bad, pump_manual)
    failed = [e for e in events if isinstance(e, FileFailed)]
    assert [e.path.name for e in failed] == ["bad.pdf"]
    assert "Copy it again" in failed[0].message
    assert failed[0].reason is not None and failed[0].reason.code == "pdf_damaged", \
        "without its reason code the Chinese window shows the failure in English"
    assert [d.file for d in library.documents()] == [pump_manual.name]


def test_folder_ingest_lists_unsupported_files_without_failing(library, tmp_path, pump_manual):
    folder = tmp_path / "manuals"
    folder.mkdir()
    shutil.copy(pump_manual, folder / "pump.pdf")
    (folder / "photo.heic").write_bytes(b"\x00\x01")
    trash = folder / ".Trash-1000"
    trash.mkdir()
    write_pdf(trash / "deleted manual.pdf", PUMP_MANUAL_ZH, cjk=True)
    events = _ingest(library, folder)
    assert not any(isinstance(e, FileFailed) for e in events)
    assert any(isinstance(e, FileSkipped) and e.path.name == "photo.heic" for e in events)
    assert [d.file for d in library.documents()] == ["pump.pdf"], "a hidden folder was read"


def test_remove_deletes_from_catalog_and_store(library, pump_manual):
    _ingest(library, pump_manual)
    record = library.remove(pump_manual.name)
    assert library.documents() == []
    assert record.doc_id not in library.searchable_passages()
    assert library.search("bearing replacement") == []


def test_library_reopens_with_everything_in_it(data_dir, open_at, pump_manual):
    first = open_at(data_dir)
    _ingest(first, pump_manual)
    first.close()
    first.close()  # closing twice (a window and its error path) is harmless
    again = open_at(data_dir)
    assert [d.pages for d in again.documents()] == [4]
    assert again.search("E-047", k=1)[0].page == 4
    again.close()


def test_orphan_passages_from_an_interrupted_write_are_pruned(library, pump_manual):
    _ingest(library, pump_manual)
    doc_id = library.documents()[0].doc_id
    library.catalog.delete(doc_id)  # as if the process died before the catalog commit
    assert library.search("bearing") == [], "passages of an uncommitted document were shown"
    _ingest(library, pump_manual)
    assert set(library.searchable_passages()) == {doc_id}


def test_editing_one_file_of_a_folder_rereads_only_that_file(library, tmp_path):
    folder = tmp_path / "manuals"
    folder.mkdir()
    write_pdf(folder / "pump.pdf", PUMP_MANUAL)
    write_pdf(folder / "pump_zh.pdf", PUMP_MANUAL_ZH, cjk=True)
    _ingest(library, folder)
    untouched = {d.file: d.doc_id for d in library.documents()}["pump_zh.pdf"]
    write_pdf(folder / "pump.pdf", [*PUMP_MANUAL[:3], "Alarm codes. E-099: seal water low."])
    events = _ingest(library, folder)
    assert [e.path.name for e in events if isinstance(e, PagesRead)] == ["pump.pdf"]
    assert {d.file: d.doc_id for d in library.documents()}["pump_zh.pdf"] == untouched
    assert len(library.searchable_passages()) == 2


def test_every_page_is_accounted_for(library, tmp_path):
    manual = write_pdf(tmp_path / "gap.pdf", ["Intro to the P-101 pump.", "", "E-047 alarm."])
    _ingest(library, manual)
    record = library.documents()[0]
    rows = library.catalog.pages(record.doc_id)
    assert [(r.page_number, r.source) for r in rows] == [(1, "text"), (2, "empty"), (3, "text")]
    assert rows[1].note and rows[1].chunks == 0
    assert all(r.chunks > 0 for r in rows if r.source != "empty")
    assert "Intro to the P-101 pump." in rows[0].text
    # Each page's words are kept for the second stage, so a search need not tokenise them.
    assert "e-047" in library.catalog.page_words(record.doc_id, 2)


def test_a_page_that_says_nothing_is_no_source(library, pump_manual, tmp_path):
    """A drawing's page keeps only its printed number, a narrow table cell only pieces of a web
    address: their vectors lie near every question, and they were listed as sources of
    questions the library cannot answer, a bare "14" to read."""
    drawings = write_pdf(tmp_path / "wiring drawings.pdf", [
        "Wiring drawings of the P-101 pump skid, with the terminal box and the motor leads.",
        "14", "15", "http://www.example.com/-\ntechref/-\nio/-\nstepper/-"])
    _ingest(library, pump_manual, drawings)
    hits = library.search("How often do I change the hydraulic oil of an excavator?", k=10)
    assert {(h.file, h.page) for h in hits} >= {(pump_manual.name, 3)}, "the pump still ranks"
    assert not [h for h in hits if h.file == drawings.name and h.page > 1], hits
    record = next(r for r in library.documents() if r.name == drawings.name)
    assert all(row.chunks > 0 for row in library.catalog.pages(record.doc_id)), \
        "the pages are kept, and open from the library"


def test_exact_error_code_ranks_first_over_a_near_miss(library, pump_manual, tmp_path):
    other = write_pdf(tmp_path / "fan manual.pdf", [
        "Alarm codes of the cooling fan. E-074: fan motor overtemperature, fan motor alarm, "
        "motor alarm overtemperature, check the fan motor and let the motor cool."])
    _ingest(library, pump_manual, other)
    top = library.search("E-047", k=3)[0]
    assert (top.file, top.page) == (pump_manual.name, 4)


def test_a_release_asked_about_is_no_code_to_rank_by(library, tmp_path):
    """"After 2.8.x" names a release, not a code the page must hold: the pages that merely name
    the release came before the one stating what it changed."""
    notes = write_pdf(tmp_path / "release notes.pdf", [
        "Upgrading to 2.8.x: back up your configuration before installing 2.8.x. The 2.8.x "
        "packages replace the 2.7 packages; 2.8.x reads the old INI files.",
        "Number of Joints. The maximum number of joints (EMCMOT_MAX_JOINTS) increased from 9 to "
        "16. The AXIS GUI now supports display of up to 16 joints."])
    _ingest(library, notes)
    top = library.search("After 2.8.x, what is the maximum number of joints?", k=2)[0]
    assert (top.file, top.page) == (notes.name, 2)


def test_keyword_index_follows_replacements_and_removals(library, tmp_path):
    manual = write_pdf(tmp_path / "manual.pdf", PUMP_MANUAL)
    _ingest(library, manual)
    old_id = library.documents()[0].doc_id
    write_pdf(manual, [*PUMP_MANUAL[:3], "Alarm codes. E-099: seal water pressure low."])
    _ingest(library, manual)
    assert library.keywords.doc_ids() == {library.documents()[0].doc_id} != {old_id}
    library.remove("manual.pdf")
    assert library.keywords.doc_ids() == set()
    assert library.search("E-099") == []


def test_library_from_before_the_keyword_index_gets_one_on_open(data_dir, open_at,
                                                                 pump_manual):
    first = open_at(data_dir)
    _ingest(first, pump_manual)
    first.close()
    (data_dir / "keywords.sqlite3").unlink()  # as in a library made by an older Laoshifu
    for leftover in data_dir.glob("keywords.sqlite3-*"):
        leftover.unlink()
    upgraded = open_at(data_dir)
    assert upgraded.keywords.doc_ids() == upgraded.catalog.live_ids()
    assert (upgraded.keywords.query("E-047", 1)[0].page_number) == 4
    upgraded.close()


def _record_reads(library: Library) -> dict[Path, float]:
    """When each file's read was asked of the reader process, filled in as ingest goes."""
    started: dict[Path, float] = {}
    schedule = library.parser.schedule

    def recording_schedule(path, timeout=None):
        started[path] = time.perf_counter()
        return schedule(path, timeout)

    library.parser.schedule = recording_schedule
    return started


def test_next_file_is_read_while_the_current_one_is_embedded(library, pump_manual, tmp_path):
    second = write_pdf(tmp_path / "second.pdf", PUMP_MANUAL_ZH, cjk=True)
    started = _record_reads(library)
    last_embedding_of_first = 0.0
    for event in library.ingest([pump_manual, second]):
        if isinstance(event, Embedded) and event.path == pump_manual.resolve():
            last_embedding_of_first = time.perf_counter()
    assert started[second.resolve()] < last_embedding_of_first
    assert {d.file for d in library.documents()} == {pump_manual.name, second.name}


def test_files_are_read_several_ahead_of_the_one_being_embedded(library, pump_manual,
                                                                tmp_path):
    """Scanned files read slowly: the reader keeps going through the next files while the
    search model embeds, so it is not left waiting behind a file with few passages."""
    later = [write_pdf(tmp_path / f"note {n}.pdf", [f"Compressor C-{n}: drain the receiver "
                                                     "tank every shift."]) for n in (1, 2)]
    started = _record_reads(library)
    last_embedding_of_first = 0.0
    for event in library.ingest([pump_manual, *later]):
        if isinstance(event, Embedded) and event.path == pump_manual.resolve():
            last_embedding_of_first = time.perf_counter()
    assert started[later[-1].resolve()] < last_embedding_of_first
    assert len(library.documents()) == 3


def test_a_file_changed_after_it_was_read_ahead_is_read_again(library, pump_manual, tmp_path):
    gearbox = write_pdf(tmp_path / "gearbox.pdf", ["Gearbox G-12: check the oil level weekly."])
    changed = False
    for event in library.ingest([pump_manual, gearbox]):
        if isinstance(event, Embedded) and event.path == pump_manual.resolve() and not changed:
            write_pdf(gearbox, ["Gearbox G-12: change the oil every 2000 running hours."])
            later = time.time() + 10  # a new time even where the clock is coarse
            os.utime(gearbox, (later, later))
            changed = True
    assert changed
    hit = library.search("G-12 gearbox oil", k=1)[0]
    assert hit.file == "gearbox.pdf" and "2000 running hours" in hit.text


def test_stopping_an_ingest_midway_leaves_the_reader_ready(library, pump_manual, tmp_path):
    second = write_pdf(tmp_path / "second.pdf", PUMP_MANUAL_ZH, cjk=True)
    events = library.ingest([pump_manual, second])
    for event in events:
        if isinstance(event, Embedded):
            break
    events.close()  # the window closed: the read-ahead of the second file is dropped
    done = [e for e in library.ingest([second]) if isinstance(e, FileDone)]
    # The second file is read afresh, then the interrupted manual is finished behind it.
    assert [e.path.name for e in done] == [second.name, pump_manual.name]


def test_first_pages_of_a_long_manual_are_found_before_the_last_are_embedded(library,
                                                                             tmp_path):
    parts = ["pump casing", "valve bonnet", "heat exchanger", "compressor head", "gearbox cover",
             "filter housing", "steam trap", "cooling tower fan", "mixer shaft seal", "boiler door"]
    actions = ["check for leaks at working pressure", "record the reading in the log book",
               "mark the bolt heads with paint", "retorque after the first hour of running",
               "replace the gasket if it is cracked", "clean the faces before assembly",
               "lubricate the threads with anti-seize", "use a calibrated torque wrench",
               "inspect the studs for corrosion", "report any damage to the supervisor"]
    pages = [f"Flange F-{n:03d} on the {parts[n % 10]}: tighten to {20 + n} Nm, "
             f"then {actions[(n // 10) % 10]}." for n in range(1, 101)]
    manual = write_pdf(tmp_path / "flanges.pdf", pages)
    for event in library.ingest([manual]):
        if isinstance(event, Embedded) and event.done < event.total:
            hit = library.search("F-005 flange torque", k=1)[0]
            assert (hit.file, hit.page) == ("flanges.pdf", 5)
            assert library.documents() == []  # not listed as indexed until it is whole
            break
    else:
        raise AssertionError("the manual was embedded in a single step; make it longer")


def test_a_removal_waits_its_turn_behind_an_ingest_in_progress(library, pump_manual, tmp_path):
    from tests.documents import write_pdf

    list(library.ingest([pump_manual]))
    second = write_pdf(tmp_path / "second manual.pdf", ["Coupling alignment, second manual."])
    events = library.ingest([second])
    next(events)  # the ingest has begun and holds the writer's turn
    removed = threading.Event()
    remover = threading.Thread(target=lambda: (library.remove(pump_manual.name),
                                               removed.set()))
    remover.start()
    assert not removed.wait(0.5), "a removal wrote while an ingest was writing"
    list(events)
    assert removed.wait(30)
    remover.join()
    assert [record.file for record in library.documents()] == [second.name]
