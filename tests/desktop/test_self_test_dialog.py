"""Help → Self-test in the real window: the same checks as `laoshifu self-test`, shown step by
step while the window stays usable."""

from __future__ import annotations

from tests.desktop.conftest import ANSWER_TIMEOUT_MS


def test_help_self_test_shows_every_step_passing(qtbot, window):
    assert window.self_test_action.text().replace("&", "").startswith("Self-test")
    dialog = window.open_self_test()
    assert window.bar.question.isEnabled(), "the window must stay usable during the self-test"

    with qtbot.waitSignal(dialog.completed, timeout=ANSWER_TIMEOUT_MS):
        pass

    assert dialog.passed, dialog.log.toPlainText()
    assert len(dialog.checks) == 5
    assert "All 5 check(s) passed." in dialog.verdict.text()
    assert "llama.cpp: CPU :" in dialog.log.toPlainText()
    dialog.close()
