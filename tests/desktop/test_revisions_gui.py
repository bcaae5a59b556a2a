"""Manual revisions in the window: dropping rev 2 beside rev 1 says which it replaces with an
Undo button, a result from rev 1 reads "superseded by X, page N", "Show old revisions" lists
the pages rev 2 repeats, and Undo (the message's button or the card's menu) restores rev 1."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.main_window import MainWindow
from tests.desktop.conftest import SEARCH_TIMEOUT_MS, ingest
from tests.desktop.test_feedback_marks import search
from tests.test_revisions import NEW_TORQUE, OLD_TORQUE, TORQUE_QUESTION, pump_manual

UNDO_TIMEOUT_MS = 10_000


def rows(window: MainWindow) -> list[str]:
    return [window.results.row_text(n) for n in range(window.results.count())]


def two_revisions(qtbot, window: MainWindow, tmp_path) -> None:
    ingest(qtbot, window, pump_manual(tmp_path, "CP80_manual.pdf", "Revision 1, 2023-05",
                                      OLD_TORQUE))
    ingest(qtbot, window, pump_manual(tmp_path, "CP80_manual_rev2.pdf", "Revision 2, 2024-03",
                                      NEW_TORQUE))


def test_a_new_revision_is_announced_marked_in_results_and_undone(qtbot, window, tmp_path):
    two_revisions(qtbot, window, tmp_path)
    progress = window.library_panel.progress
    message, undo = progress.revision_messages[next(iter(progress.revision_messages))]
    assert message.text() == ("CP80_manual_rev2.pdf (rev 2) replaces CP80_manual.pdf (rev 1): "
                              "7 of 7 pages alike; the old one is kept and marked superseded.")
    assert undo.isVisible() and undo.text() == "Undo"
    qtbot.waitUntil(lambda: any("superseded by CP80_manual_rev2.pdf" in window.library_panel
                                .documents.itemWidget(window.library_panel.documents.item(n))
                                .text() for n in range(window.library_panel.documents.count())))

    search(qtbot, window, f"{TORQUE_QUESTION} {OLD_TORQUE} Nm")
    shown = rows(window)
    assert shown[0].startswith("CP80_manual_rev2.pdf — page 5")
    old = next(row for row in shown if row.startswith("CP80_manual.pdf"))
    assert "superseded by CP80_manual_rev2.pdf, page 5" in old

    search(qtbot, window, "heat the new bearing in an oil bath")
    assert not any(row.startswith("CP80_manual.pdf — page 4") for row in rows(window))
    with qtbot.waitSignal(window.search_finished, timeout=SEARCH_TIMEOUT_MS):
        window.library_panel.old_revisions.setChecked(True)
    assert any(row.startswith("CP80_manual.pdf — page 4") and "superseded by" in row
               for row in rows(window))

    with qtbot.waitSignal(window.search_finished, timeout=UNDO_TIMEOUT_MS):
        qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert message.text() == "Undone: CP80_manual.pdf is current again."
    assert not undo.isVisible()
    assert not any("superseded by" in row for row in rows(window))


def test_the_library_cards_menu_makes_a_superseded_manual_current(qtbot, window, tmp_path):
    two_revisions(qtbot, window, tmp_path)
    panel = window.library_panel
    qtbot.waitUntil(lambda: window.library is not None and window.library.revisions() != [])
    old = next(panel.documents.item(n).data(Qt.ItemDataRole.UserRole)
               for n in range(panel.documents.count())
               if panel.documents.item(n).data(Qt.ItemDataRole.UserRole).file
               == "CP80_manual.pdf")
    qtbot.waitUntil(lambda: panel.document_menu(old).actions()[-1].isEnabled())
    with qtbot.waitSignal(window.documents_shown, timeout=UNDO_TIMEOUT_MS):
        panel.document_menu(old).actions()[-1].trigger()
    qtbot.waitUntil(lambda: window.library.revisions() == [])
    assert not panel.document_menu(old).actions()[-1].isEnabled()
