"""Manual revisions (laoshifu.revisions), on a real library with the real search model and PDFs
the tests write: rev 1 and rev 2 of one pump manual (one torque changed), another manual of the
same vendor with the same cover page, and a sibling model's manual that is nearly the same."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kernel.config import LibrarySettings
from kernel.errors import DocumentNotFoundError
from kernel.events import RevisionFound
from kernel.types import DocumentRecord
from laoshifu.composition import vector_storage
from laoshifu.integrity import prepare_repair
from laoshifu.revision_evidence import (
    latest_date,
    match_pages,
    name_key,
    name_version,
    text_version,
    version_number,
)
from laoshifu.revisions import Profile, decide, profile
from tests.documents import write_pdf

COVER = ("ACME Industrial Equipment. {model} Operating and Maintenance Manual. {edition}. "
         "Read this manual before installing, operating or servicing the machine. Keep it "
         "with the machine for the whole of its service life.")
PUMP_PAGES = [
    "Safety. Lock out and tag out the motor before any work on the pump. Close the suction and "
    "discharge valves and drain the casing. Wear gloves and eye protection when handling the "
    "hot casing or the mechanical seal faces.",
    "Installation. Set the pump on a level concrete base and grout the base plate. Connect the "
    "suction pipe with a straight run of at least five pipe diameters before the inlet flange. "
    "Support both pipes so that no load rests on the pump flanges.",
    "Bearing replacement. Remove the coupling guard and the coupling. Pull the old 6206-2RS "
    "bearing with a puller. Heat the new bearing to 80 C in an oil bath before fitting it on "
    "the shaft. Never strike the bearing with a hammer.",
    "Impeller fitting. Slide the impeller onto the shaft key. Fit the washer and tighten the "
    "impeller nut to {torque} Nm with a torque wrench while holding the shaft with the "
    "coupling spanner. Check that the impeller turns freely by hand.",
    "Mechanical seal. Clean the seal chamber and the shaft sleeve. Lubricate the O-rings with "
    "silicone grease only. Push the rotating face home evenly and do not touch the lapped "
    "faces with bare fingers. Fill the casing before the first start.",
    "Troubleshooting. Low flow: check the strainer for blockage and the direction of rotation. "
    "Noise at the inlet: cavitation, open the suction valve fully and check the suction head. "
    "Leak at the seal: replace the seal faces as one set.",
]
VALVE_PAGES = [
    "Actuator mounting. Fit the bracket to the valve top flange with four M10 screws. Align "
    "the coupling with the valve stem flats and tighten the screws evenly in a cross pattern.",
    "Stroke adjustment. Set the open and closed end stops with the valve out of the line. Turn "
    "the stop screws until the disc seats without force and lock them with the nuts provided.",
    "Positioner calibration. Apply 4 mA and adjust zero until the valve is fully closed, then "
    "apply 20 mA and adjust span until it is fully open. Repeat twice: the settings interact.",
    "Packing. Tighten the gland nuts a quarter turn at a time while stroking the valve. Stop "
    "as soon as the stem stops weeping; over-tight packing makes the valve stick in service.",
]
OLD_TORQUE, NEW_TORQUE = "45", "52"
TORQUE_QUESTION = "impeller nut torque"


def pump_manual(folder: Path, name: str, edition: str, torque: str, model: str = "CP80") -> Path:
    cover = COVER.format(model=model, edition=edition)
    pages = [cover, *[page.format(torque=torque) for page in PUMP_PAGES]]
    return write_pdf(folder / name, [page.replace("CP80", model) for page in pages])


@pytest.fixture
def manuals(tmp_path) -> dict[str, Path]:
    return {
        "rev1": pump_manual(tmp_path, "CP80_manual.pdf", "Revision 1, 2023-05", OLD_TORQUE),
        "rev2": pump_manual(tmp_path, "CP80_manual_rev2.pdf", "Revision 2, 2024-03", NEW_TORQUE),
        "valve": write_pdf(tmp_path / "ACME_valve_manual.pdf", [
            COVER.format(model="CP80", edition="Revision 3, 2024-06"), *VALVE_PAGES]),
        "sibling": pump_manual(tmp_path, "CP90_manual_v2.pdf", "Revision 2, 2024-03",
                               NEW_TORQUE, model="CP90"),
    }


def ingest(library, *paths: Path) -> list[RevisionFound]:
    return [e for e in library.ingest(list(paths)) if isinstance(e, RevisionFound)]


def test_a_newer_revision_supersedes_the_older_and_search_prefers_it(library, manuals):
    assert ingest(library, manuals["rev1"]) == []
    found = ingest(library, manuals["rev2"])
    assert len(found) == 1
    link = found[0].link
    assert (link.old_file, link.new_file) == ("CP80_manual.pdf", "CP80_manual_rev2.pdf")
    assert (link.old_version, link.new_version, link.basis) == ("rev 1", "rev 2", "version")
    assert (link.pages_alike, link.pages) == (7, 7)
    assert "7 of 7 pages alike" in found[0].describe()

    hits = library.search(f"{TORQUE_QUESTION} {NEW_TORQUE} Nm", k=5)
    assert (hits[0].file, hits[0].page, hits[0].superseded) == ("CP80_manual_rev2.pdf", 5, None)
    # The old torque lives only on the old page: it still shows, below, marked.
    hits = library.search(f"{TORQUE_QUESTION} {OLD_TORQUE} Nm", k=5)
    assert (hits[0].file, hits[0].page) == ("CP80_manual_rev2.pdf", 5)
    old = [hit for hit in hits if hit.file == "CP80_manual.pdf"]
    assert old and old[0].page == 5
    assert (old[0].superseded.doc_id, old[0].superseded.file, old[0].superseded.page) == (
        link.new_doc, "CP80_manual_rev2.pdf", 5)
    assert old[0].to_json()["superseded_by"] == link.new_doc
    assert hits[0].to_json()["superseded_by"] is None


def test_pages_the_new_revision_repeats_show_only_when_old_revisions_are_asked_for(
        library, manuals):
    ingest(library, manuals["rev1"], manuals["rev2"])
    question = "heat the new bearing in an oil bath"
    shown = [(h.file, h.page) for h in library.search(question, k=5)]
    assert shown[0] == ("CP80_manual_rev2.pdf", 4)
    assert ("CP80_manual.pdf", 4) not in shown
    every = library.search(question, k=5, all_revisions=True)
    files = [(h.file, h.page) for h in every]
    assert files.index(("CP80_manual_rev2.pdf", 4)) < files.index(("CP80_manual.pdf", 4))
    assert every[files.index(("CP80_manual.pdf", 4))].superseded.page == 4


def test_an_answer_rests_on_the_current_revision_and_marks_an_old_source(library, manuals):
    ingest(library, manuals["rev1"], manuals["rev2"])
    answer = library.ask(f"What is the {TORQUE_QUESTION}? 45 Nm?", with_model=False).result()
    sources = answer.to_json()["sources"]
    assert (sources[0]["file"], sources[0]["page"], sources[0]["superseded_by"]) == (
        "CP80_manual_rev2.pdf", 5, None)
    new_doc = library.revisions()[0].new_doc
    assert all(s["superseded_by"] == new_doc for s in sources if s["file"] == "CP80_manual.pdf")
    assert all(c["superseded_by"] == (new_doc if c["file"] == "CP80_manual.pdf" else None)
               for c in answer.to_json()["citations"])


def test_undo_makes_the_old_revision_current_and_it_is_not_linked_again(library, manuals):
    ingest(library, manuals["rev1"], manuals["rev2"])
    undone = library.undo_revision("CP80_manual.pdf")
    assert undone.old_file == "CP80_manual.pdf"
    assert library.revisions() == []
    hits = library.search(f"{TORQUE_QUESTION} {OLD_TORQUE} Nm", k=5)
    assert (hits[0].file, hits[0].page, hits[0].superseded) == ("CP80_manual.pdf", 5, None)
    assert list(library.reindex("CP80_manual_rev2.pdf"))  # read again: still not linked
    assert library.revisions() == []
    with pytest.raises(DocumentNotFoundError):
        library.undo_revision("CP80_manual.pdf")


def test_manuals_of_one_vendor_with_the_same_cover_are_not_revisions(library, manuals):
    # The valve manual shares the cover page, a later date and a higher revision; the CP90
    # manual has every page alike but is another product. Linking either would hide a manual.
    assert ingest(library, manuals["rev1"], manuals["valve"], manuals["sibling"]) == []
    assert library.revisions() == []


def test_an_older_revision_added_after_the_newer_is_the_one_superseded(library, manuals):
    ingest(library, manuals["rev2"])
    found = ingest(library, manuals["rev1"])
    assert [(f.link.old_file, f.link.new_file) for f in found] == [
        ("CP80_manual.pdf", "CP80_manual_rev2.pdf")]
    hits = library.search(f"{TORQUE_QUESTION} {OLD_TORQUE} Nm", k=5)
    assert hits[0].file == "CP80_manual_rev2.pdf"


def test_removing_the_newer_revision_makes_the_older_current(library, manuals):
    ingest(library, manuals["rev1"], manuals["rev2"])
    library.remove("CP80_manual_rev2.pdf")
    assert library.revisions() == []
    assert library.search(TORQUE_QUESTION, k=1)[0].superseded is None


def test_the_link_survives_a_restart_and_a_repair_of_a_lost_catalog(data_dir, open_at,
                                                                      manuals):
    library = open_at(data_dir)
    ingest(library, manuals["rev1"], manuals["rev2"])
    library.close()
    library = open_at(data_dir)
    try:
        assert [link.old_file for link in library.revisions()] == ["CP80_manual.pdf"]
    finally:
        library.close()
    with (data_dir / "catalog.sqlite3").open("r+b") as catalog:
        catalog.write(os.urandom(8192))  # unreadable: the links' copy beside it is what is left
    aside, again = prepare_repair(data_dir, vector_storage(LibrarySettings(data_dir)))
    assert aside is not None and again
    library = open_at(data_dir)
    try:
        list(library.ingest(again))
        assert [link.old_file for link in library.revisions()] == ["CP80_manual.pdf"]
        hits = library.search(f"{TORQUE_QUESTION} {OLD_TORQUE} Nm", k=5)
        assert hits[0].file == "CP80_manual_rev2.pdf"
        assert [h.superseded.page for h in hits if h.file == "CP80_manual.pdf"] == [5]
    finally:
        library.close()


def test_versions_compare_as_numbers_and_names_lose_their_version_tokens():
    assert version_number("1.10") > version_number("1.2")
    assert version_number("C") > version_number("B")
    assert version_number("二") == (2,)
    assert name_version("CP80_manual_rev2.pdf") == "2"
    assert name_version("说明书 V1.2.pdf") == "1.2"
    assert name_version("泵手册第3版.pdf") == "3"
    assert name_version("btt_octopus_v1_manual_en.pdf") == "1"
    assert text_version("Operating Manual Revision C 2024") == "C"
    assert latest_date("Rev 1 2023-05-02; Rev 2 2024年3月") == (2024, 3, 0)
    assert name_key("CP80_manual_rev2.pdf") == name_key("CP80_manual.pdf") == {"cp80", "manual"}


def test_page_matching_pairs_each_old_page_with_its_counterpart():
    old = {i: page.format(torque=OLD_TORQUE) for i, page in enumerate(PUMP_PAGES)}
    new = {i + 1: page.format(torque=NEW_TORQUE) for i, page in enumerate(PUMP_PAGES)}
    matches = {m.old_index: (m.new_index, m.identical) for m in match_pages(old, new)}
    assert matches == {i: (i + 1, i != 3) for i in range(len(PUMP_PAGES))}


ZH_PAGES = [
    "CP80 离心泵使用维护说明书。版本 {version}。安装、操作或维修前请阅读本说明书，并随设备保存。",
    "安全：维修前断开电机电源并挂牌上锁，关闭进出口阀门，排空泵壳内的介质，戴好手套和护目镜。",
    "更换轴承：拆下联轴器护罩和联轴器，用拉马拆下旧轴承，新轴承在油浴中加热到八十度后装到轴上。",
    "叶轮安装：将叶轮装到轴键上，装好垫圈，用扭力扳手把叶轮螺母拧紧到 {torque} 牛米，"
    "再用手转动检查。",
    "故障排除：流量低时检查过滤器是否堵塞和转向是否正确；进口有噪声时检查吸入压头，防止汽蚀。",
]


def document(file: str, pages: list[str]) -> tuple[Profile, dict[int, str]]:
    record = DocumentRecord(file, file, file, file, len(pages), len(pages), "indexed", 0, [],
                            "", "")
    return profile(record, pages[:3]), dict(enumerate(pages))


def test_chinese_revisions_are_linked_and_a_translation_is_not():
    older = document("泵说明书 V1.1.pdf", [p.format(version="V1.1", torque="45") for p in ZH_PAGES])
    newer = document("泵说明书 V1.2.pdf", [p.format(version="V1.2", torque="52") for p in ZH_PAGES])
    decision = decide(*newer, *older)
    assert decision is not None
    assert (decision.link.old_file, decision.link.new_file) == ("泵说明书 V1.1.pdf",
                                                                "泵说明书 V1.2.pdf")
    assert (decision.link.pages_alike, decision.link.pages) == (5, 5)
    english = document("泵说明书 V1.2 EN.pdf", [COVER.format(model="CP80", edition="V1.2"),
                                             *[p.format(torque="52") for p in PUMP_PAGES]])
    assert decide(*english, *older) is None


def test_cli_search_json_carries_superseded_by_and_revision_undo(data_dir, manuals):
    from tests.test_cli import laoshifu

    assert laoshifu("ingest", str(manuals["rev1"]), str(manuals["rev2"]),
                    data=data_dir).returncode == 0
    listed = json.loads(laoshifu("revision", "list", "--json", data=data_dir).stdout)
    assert [r["old_file"] for r in listed["revisions"]] == ["CP80_manual.pdf"]
    run = laoshifu("search", f"{TORQUE_QUESTION} {OLD_TORQUE} Nm", "--json", data=data_dir)
    hits = json.loads(run.stdout)["hits"]
    assert hits[0]["superseded_by"] is None
    assert listed["revisions"][0]["new_doc"] in [h["superseded_by"] for h in hits]
    undo = laoshifu("revision", "undo", "CP80_manual.pdf", data=data_dir)
    assert undo.returncode == 0 and "current again" in undo.stdout
