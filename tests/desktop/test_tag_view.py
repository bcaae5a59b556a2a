"""The tag view and what's new in the real window: for one tag, its repair note, its fault-log
rows and the manual page that names it, each opening in the viewer at its place; the week's
files and notes listed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from index.tags import NOTE, PAGE, ROW
from tests.desktop.conftest import ingest
from tests.machines import write_machine_documents

LIST_TIMEOUT_MS = 10_000
OPEN_TIMEOUT_MS = 20_000


def test_the_tag_view_lists_a_machines_note_rows_and_page_and_opens_them(qtbot, window,
                                                                        tmp_path):
    ingest(qtbot, window, write_machine_documents(tmp_path / "plant"))
    window.library_panel.machines_button.click()
    view = window.tag_view
    assert view is not None and window.tag_dock.isVisible()
    qtbot.waitUntil(lambda: view.tag_box.count() > 0, timeout=LIST_TIMEOUT_MS)
    known = [view.tag_box.itemText(n) for n in range(view.tag_box.count())]
    assert {"P-101", "P-102"} <= set(known), "the known tags are offered to pick from"

    with qtbot.waitSignal(view.listed, timeout=LIST_TIMEOUT_MS) as listed:
        view.tag_edit.clear()
        qtbot.keyClicks(view.tag_edit, "p101")
        qtbot.keyClick(view.tag_edit, Qt.Key.Key_Return)
    assert listed.args == ["P-101"]
    notes, rows, pages = (view.items_shown(kind) for kind in (NOTE, ROW, PAGE))
    assert [(n.file, n.date) for n in notes] == [("P-101-2026-11-20.md", "2026-11-20")]
    assert [r.date for r in rows] == ["2026-11-30", "2026-10-02"]
    assert [(p.file, p.page) for p in pages] == [("pump.pdf", 1)]
    assert "Repair notes (newest first): 1" in view.groups[NOTE].text(0)

    row = view.groups[ROW].child(0)
    with qtbot.waitSignal(window.viewer.shown, timeout=OPEN_TIMEOUT_MS):
        view.tree.itemActivated.emit(row, 0)
    assert window.viewer.isVisible()
    assert "mechanical seal leak" in window.viewer.marked_text()

    page = view.groups[PAGE].child(0)
    with qtbot.waitSignal(window.viewer.shown, timeout=OPEN_TIMEOUT_MS):
        view.tree.itemActivated.emit(page, 0)
    assert window.viewer.current_page == 1


def test_an_unknown_tag_says_so(qtbot, window):
    view = window.open_tag_view()
    with qtbot.waitSignal(view.listed, timeout=LIST_TIMEOUT_MS):
        view.show_tag("P-999")
    assert "No document names P-999" in view.status.text()
    assert all(not view.items_shown(kind) for kind in (NOTE, ROW, PAGE))


def test_whats_new_lists_the_weeks_files_and_notes(qtbot, window, tmp_path):
    ingest(qtbot, window, write_machine_documents(tmp_path / "plant"))
    dialog = window.open_whats_new()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 4, timeout=LIST_TIMEOUT_MS)
    shown = {(dialog.tree.topLevelItem(n).text(2), dialog.tree.topLevelItem(n).text(3))
             for n in range(4)}
    assert ("repair note", "P-102-2026-11-25.md") in shown
    assert ("file", "faults.csv") in shown
    dialog.close()
