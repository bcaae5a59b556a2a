"""What the technician reads in the answer pane: the answer from the pages at once, the model's
sentences only once a page backs them, and what the model wrote that no page backs behind a
labelled toggle, never as the answer."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl

from desktop.answer_view import AnswerView, marker_sources
from kernel.types import Answer, Citation, Hit
from laoshifu.answer import Line

PAGE = Hit(doc_id="d1", file="pump.pdf", path="/m/pump.pdf", page=2, label=None, score=1.0,
           text="Tighten the bearing housing bolts to 24 Nm.", start=0, end=43)
QUOTE = Citation(n=1, file="pump.pdf", path="/m/pump.pdf", page=2,
                 quote="Tighten the bearing housing bolts to 24 Nm.", start=0, end=43)
COMPOSED = "Tighten the bearing housing bolts to 24 Nm [1]."
INVENTED = "Use a 36 V impact driver on the housing."


def _answer(text: str, unsupported: list[str]) -> Answer:
    return Answer("Which torque?", text, [QUOTE], grounded=True, sources=[PAGE],
                  unsupported=unsupported, draft=" ".join([INVENTED, *unsupported]))


def test_an_unbacked_model_sentence_stays_behind_the_toggle(qtbot):
    view = AnswerView()
    qtbot.addWidget(view)
    view.begin([PAGE], ["torque"])
    view.show_composed(_answer(COMPOSED, []))
    assert "24 Nm [1]" in view.text.toPlainText(), "the pages' answer shows before the model"

    view.add_line(Line(INVENTED, None))
    shown = view.text.toPlainText()
    assert INVENTED not in shown, "an unchecked sentence must never read as the answer"
    assert "What the model wrote (1 sentence no page backs)" in shown
    view.add_line(Line("Then torque the cover to 90 Nm.", None))
    assert "What the model wrote (2 sentences no page backs)" in view.text.toPlainText()

    view.finish(_answer(COMPOSED, [INVENTED]))
    assert INVENTED not in view.text.toPlainText()
    view.toggle_draft()
    opened = view.text.toPlainText()
    assert INVENTED in opened and "not backed by your documents" in opened
    view.toggle_draft()
    assert INVENTED not in view.text.toPlainText()


def test_a_backed_model_sentence_joins_the_answer_as_it_is_checked(qtbot):
    view = AnswerView()
    qtbot.addWidget(view)
    view.begin([PAGE], ["torque"])
    view.show_composed(_answer(COMPOSED, []))
    view.add_line(Line("The housing bolts take 24 Nm", QUOTE))
    shown = view.text.toPlainText()
    assert "The housing bolts take 24 Nm [1]" in shown and COMPOSED in shown
    assert "What the model wrote" not in shown


def test_clicking_a_lines_marker_opens_the_passage_of_that_line(qtbot):
    """Two lines of one page, each cited [1]: the technician clicks the second line's [1]
    and the viewer marks that line on the page, not the first one the answer cites."""
    first = "Drain the pump casing before you open it."
    second = "Tighten the bearing housing bolts to 24 Nm."
    citations = [Citation(n=1, file="pump.pdf", path="/m/pump.pdf", page=2, quote=first,
                          start=0, end=len(first)),
                 Citation(n=1, file="pump.pdf", path="/m/pump.pdf", page=2, quote=second,
                          start=len(first) + 1, end=len(first) + 1 + len(second))]
    view = AnswerView()
    qtbot.addWidget(view)
    view.begin([PAGE], ["torque"])
    view.finish(Answer("Which torque?", "Drain the pump casing before you open it [1].\n"
                       "Tighten the bearing housing bolts to 24 Nm [1].", citations,
                       grounded=True, sources=[PAGE]))
    links = re.findall(r'href="(cite:[^"]+)"', view.html)
    assert len(links) == 2, view.html
    assert marker_sources(view.body) == [1, 1]
    opened = []
    view.citation_chosen.connect(lambda hit, n, quote: opened.append((n, quote)))
    view.text.anchorClicked.emit(QUrl(links[1]))
    view.text.anchorClicked.emit(QUrl(links[0]))
    assert opened == [(1, second), (1, first)]
