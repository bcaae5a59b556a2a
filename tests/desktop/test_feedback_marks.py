"""Marking results in the window: "Right page" and "Wrong page" on a search result or an
answer's source keep the mark (off the UI thread), say so, and the next search shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.appearance import TOUCH_TARGET_PX, apply_size
from desktop.hit_list import HitList
from desktop.main_window import MainWindow
from desktop.settings import MODE_ASK, AppearanceSettings
from kernel.types import BAD, GOOD
from tests.desktop.conftest import ANSWER_TIMEOUT_MS, SEARCH_TIMEOUT_MS, ingest
from tests.desktop.test_main_window import type_and_run

QUESTION = "pump vibrates after bearing change"
MARK_TIMEOUT_MS = 10_000


def row_of_page(window: MainWindow, page: int) -> int:
    results = window.results
    return next(n for n in range(results.count()) if f"page {page}" in results.row_text(n))


def search(qtbot, window: MainWindow, question: str) -> None:
    window.bar.search_button.setChecked(True)
    window.bar.question.clear()
    type_and_run(qtbot, window, question, window.search_finished)
    qtbot.waitUntil(lambda: laid_out(window.results))


def laid_out(shown: HitList) -> bool:
    """The list lays its rows out when idle, to the heights their words take."""
    return all(shown.row_widget(n).height() == shown.item(n).sizeHint().height() > 0
               for n in range(shown.count()))


def test_a_result_marked_right_is_kept_and_comes_first_in_the_next_search(qtbot, window,
                                                                          pump_manual):
    ingest(qtbot, window, pump_manual)
    search(qtbot, window, QUESTION)
    assert "page 3" in window.results.row_text(0)
    button = window.results.row_widget(row_of_page(window, 2)).buttons[GOOD]

    waiting: list[bool] = []
    button.clicked.connect(lambda: waiting.append(not button.isEnabled()))
    with qtbot.waitSignal(window.mark_kept, timeout=MARK_TIMEOUT_MS) as kept:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert waiting == [True], "until the mark is kept, the button must show it is waiting"
    assert (kept.args[0].page, kept.args[0].mark, kept.args[0].query) == (2, GOOD, QUESTION)
    assert button.isChecked() and button.isEnabled()
    assert "Kept" in window.statusBar().currentMessage()
    assert not window.viewer.isVisible(), "marking a result must not open it"

    search(qtbot, window, "The pump vibrating after a bearing change?")
    assert "page 2" in window.results.row_text(0)
    assert window.results.row_widget(0).buttons[GOOD].isChecked(), "the kept mark is shown"
    assert not window.results.row_widget(0).buttons[BAD].isChecked()


def test_an_answer_source_marked_wrong_is_kept_for_the_question(qtbot, window, pump_manual):
    ingest(qtbot, window, pump_manual)
    question = "What torque for the bearing housing bolts?"
    window.bar.question.setText(question)
    window.bar.run(MODE_ASK)
    sources = window.answer_view.sources
    qtbot.waitUntil(lambda: sources.count() > 0 and laid_out(sources), timeout=SEARCH_TIMEOUT_MS)

    with qtbot.waitSignal(window.mark_kept, timeout=MARK_TIMEOUT_MS) as kept:
        qtbot.mouseClick(sources.row_widget(0).buttons[BAD], Qt.MouseButton.LeftButton)
    assert (kept.args[0].query, kept.args[0].mark) == (question, BAD)
    assert sources.row_widget(0).buttons[BAD].isChecked()
    if window.answers.running:  # the answer is not what this test is about
        with qtbot.waitSignal(window.answer_finished, timeout=ANSWER_TIMEOUT_MS):
            window.stop()


def test_mark_buttons_are_a_gloved_fingertip_tall_in_shop_floor_mode(qtbot, window,
                                                                     pump_manual):
    ingest(qtbot, window, pump_manual)
    apply_size(QApplication.instance(), AppearanceSettings(large_targets=True))
    search(qtbot, window, QUESTION)
    for button in window.results.row_widget(0).buttons.values():
        assert button.height() >= TOUCH_TARGET_PX
