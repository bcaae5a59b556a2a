"""The library list stays right as documents come, change and go: sorted by file name, each
card showing its document's current state, the technician's selection kept, and cards of
unchanged documents left alone (rebuilding all of them after every file froze the window)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel

from desktop.library_panel import RECORD_ROLE, LibraryPanel
from kernel.types import DocumentRecord


def record(file: str, pages: int = 10, ocr_pages: int = 0) -> DocumentRecord:
    return DocumentRecord(doc_id=file.casefold(), path=f"/manuals/{file}", file=file,
                          content_hash="0" * 64, pages=pages, chunks=pages * 2,
                          status="indexed", ocr_pages=ocr_pages, warnings=[],
                          added_at="2026-11-24T08:00:00+00:00",
                          updated_at="2026-11-24T08:00:00+00:00")


def shown(panel: LibraryPanel) -> list[tuple[str, QLabel]]:
    rows = [panel.documents.item(row) for row in range(panel.documents.count())]
    return [(item.data(RECORD_ROLE).file, panel.documents.itemWidget(item)) for item in rows]


def test_the_list_follows_added_changed_and_removed_documents(qtbot):
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    pump, valve, chiller = record("P-101 pump.pdf"), record("valve.docx"), record("Chiller.pdf")
    panel.show_documents([valve, pump])
    panel.documents.setCurrentRow(1)  # valve.docx
    valve_card = shown(panel)[1][1]

    rescanned = replace(pump, pages=12, ocr_pages=3)
    panel.show_documents([valve, rescanned, chiller])

    assert [file for file, _ in shown(panel)] == ["Chiller.pdf", "P-101 pump.pdf", "valve.docx"]
    assert "Library: 3 document(s)" in panel.heading.text()
    pump_card = shown(panel)[1][1].text()
    assert "12 page(s)" in pump_card and "OCR 3 p." in pump_card
    assert shown(panel)[2][1] is valve_card  # unchanged: not built again
    assert panel.selected() == valve

    panel.show_documents([rescanned, chiller])
    assert [file for file, _ in shown(panel)] == ["Chiller.pdf", "P-101 pump.pdf"]
    assert panel.selected() is None  # the removed document's neighbour is not picked for it
    assert not panel.remove_button.isEnabled()
