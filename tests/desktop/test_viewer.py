"""Every answer is one click from its page: a click on [n] opens the PDF at the cited page with
the quoted passage painted over it; a click on a text source scrolls to the passage, marked."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor

from desktop.main_window import MainWindow
from desktop.pdf_view import HIGHLIGHT_FILL
from tests.desktop.conftest import ANSWER_TIMEOUT_MS, SEARCH_TIMEOUT_MS, ingest

VIEWER_TIMEOUT_MS = 15_000


def click_marker(qtbot, window: MainWindow, marker: str) -> None:
    """Click the `marker` link (e.g. "[1]") in the answer where it is drawn on screen."""
    browser = window.answer_view.text
    found = browser.document().find(marker)
    assert not found.isNull(), f"no {marker} in the answer: {browser.toPlainText()!r}"
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    point = browser.cursorRect(cursor).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_clicking_a_citation_opens_the_cited_pdf_page_with_the_quote_painted(
        qtbot, window, pump_manual):
    ingest(qtbot, window, pump_manual)
    window.bar.question.setText("What torque for the bearing housing bolts?")
    with qtbot.waitSignal(window.answer_finished, timeout=ANSWER_TIMEOUT_MS):
        window.bar.run("ask")

    with qtbot.waitSignal(window.viewer.shown, timeout=VIEWER_TIMEOUT_MS):
        click_marker(qtbot, window, "[1]")

    viewer = window.viewer
    assert viewer.isVisible()
    assert viewer.current_page == 2, "the bearing torque is on page 2 of the pump manual"
    assert viewer.marked, viewer.passage.text()
    assert "24 Nm" in viewer.marked_text(), viewer.marked_text()
    box = viewer.pdf.highlight_bounds()
    page = viewer.pdf.page_rect()
    assert not box.isEmpty() and page.contains(box), (box, page)
    assert viewer.pdf.viewport().rect().intersects(box), "the passage is scrolled out of view"
    shot = viewer.pdf.viewport().grab().toImage()
    painted = QColor(shot.pixel(box.center()))
    assert painted.blue() < painted.red() - 40, \
        f"no highlight painted over the passage (pixel {painted.name()})"
    assert HIGHLIGHT_FILL.alpha() < 255, "the highlight must leave the text readable"


def test_clicking_a_text_result_scrolls_to_the_passage_marked(qtbot, window, tmp_path):
    filler = "\n".join(f"Line {i}: routine checks of the conveyor, nothing unusual."
                       for i in range(120))
    note = tmp_path / "line 3 fault log.md"
    note.write_text(f"# Fault log\n\n{filler}\n\nFault F-204: the servo drive trips on "
                    "overcurrent when the gearbox oil is cold. Warm up the line for ten "
                    f"minutes before full speed.\n\n{filler}\n", encoding="utf-8")
    ingest(qtbot, window, note)
    window.bar.question.setText("servo drive trips overcurrent F-204")
    with qtbot.waitSignal(window.search_finished, timeout=SEARCH_TIMEOUT_MS):
        window.bar.run("search")
    results = window.results
    assert results.count() > 0
    rect = results.visualItemRect(results.item(0))

    with qtbot.waitSignal(window.viewer.shown, timeout=VIEWER_TIMEOUT_MS):
        qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    viewer = window.viewer
    hit = results.item(0).data(Qt.ItemDataRole.UserRole)[0]
    assert viewer.current_page is None, "a Markdown note opens in the text view"
    marked = " ".join(viewer.marked_text().split())
    assert "F-204" in marked
    assert marked == " ".join(hit.text.split()), "the mark is not the found passage"
    view = viewer.text
    cursor_top = view.cursorRect(view.textCursor()).top()
    assert 0 <= cursor_top < view.viewport().height(), "the passage is not scrolled into view"
    assert view.firstVisibleBlock().blockNumber() > 20, "the view did not scroll at all"


def test_open_in_the_library_shows_page_one_without_a_mark(qtbot, window, pump_manual):
    ingest(qtbot, window, pump_manual)
    listing = window.library_panel.documents
    listing.setCurrentRow(0)
    with qtbot.waitSignal(window.viewer.shown, timeout=VIEWER_TIMEOUT_MS):
        qtbot.mouseClick(window.library_panel.open_button, Qt.MouseButton.LeftButton)
    assert window.viewer.current_page == 1
    assert not window.viewer.passage.isVisible()
    with qtbot.waitSignal(window.viewer.shown, timeout=VIEWER_TIMEOUT_MS, raising=False):
        qtbot.mouseClick(window.viewer.next_button, Qt.MouseButton.LeftButton,
                         pos=QPoint(5, 5))
    assert window.viewer.current_page == 2
