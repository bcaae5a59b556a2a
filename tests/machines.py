"""Documents about two pumps, for the tag tests: a manual page naming P-101, a fault log with
日期/设备 columns (rows for P-101, spelled two ways, and P-102) and a repair note for each pump,
written as the notes form writes them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.notes import RepairNote, render
from tests.documents import PUMP_MANUAL, write_pdf

FAULT_LOG = """日期,设备,故障,处理
2026-10-02,P-101,bearing noise 轴承异响,replaced bearing 6205-2RS
2026/11/30,p101,mechanical seal leak,replaced the seal
15.11.2026,P-102,motor overtemperature,cleaned the cooling fan
2026-09-01,P-102,impeller clogged,cleaned the impeller
"""

NOTE_101 = RepairNote(tag="P-101", date=date(2026, 11, 20), author="Wang",
                      symptom="P-101 vibrates at full flow",
                      cause="worn coupling insert", action="replaced the coupling insert",
                      parts="coupling insert 28 mm")
NOTE_102 = RepairNote(tag="P-102", date=date(2026, 11, 25), author="Li",
                      symptom="P-102 loses pressure", cause="clogged impeller",
                      action="cleaned the impeller and the strainer")


def write_machine_documents(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_pdf(folder / "pump.pdf", PUMP_MANUAL)
    (folder / "faults.csv").write_text(FAULT_LOG, encoding="utf-8")
    notes = folder / "notes"
    notes.mkdir()
    (notes / "P-101-2026-11-20.md").write_text(render(NOTE_101), encoding="utf-8")
    (notes / "P-102-2026-11-25.md").write_text(render(NOTE_102), encoding="utf-8")
    return folder
