"""Help → Self-test: the CLI's `laoshifu self-test`, step by step in a window.

The checks run on a worker thread (they load models and add a manual to a temporary library);
each line appears as its step completes, and the verdict comes last.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from desktop.workers import Task, run_task
from laoshifu.self_test import Check, run


class SelfTestDialog(QDialog):
    completed = Signal()  # the verdict is shown

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Self-test"))
        self.resize(760, 360)
        self.verdict = QLabel(self.tr("Checking this installation…"))
        self.log = QPlainTextEdit(readOnly=True)
        self.log.setFont(QFont("monospace"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Adds a sample manual to a temporary library, searches it and asks it a question. "
            "Your own library is not touched.")))
        layout.addWidget(self.log, 1)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)
        self.checks: list[Check] = []
        self.passed: bool | None = None
        self._task: Task | None = None

    def start(self) -> None:
        self._task = run_task(run, on_progress=self._on_item, on_result=lambda _: self._done(),
                              on_error=self._on_error)

    def _on_item(self, item: Check | str) -> None:
        if isinstance(item, Check):
            self.checks.append(item)
            self.log.appendPlainText(item.describe())
        else:
            self.log.appendPlainText(item)

    def _on_error(self, message: str) -> None:
        self.log.appendPlainText(message)
        self.passed = False
        self.verdict.setText(self.tr("Self-test could not run: %1").replace("%1", message))
        self.completed.emit()

    def _done(self) -> None:
        if self.passed is False:
            return
        failed = [check.name for check in self.checks if not check.passed]
        self.passed = bool(self.checks) and not failed
        self.verdict.setText(self.tr("All %n check(s) passed.", "", len(self.checks))
                             if self.passed else
                             self.tr("Failed: %1").replace("%1", ", ".join(failed)))
        self.completed.emit()

    def reject(self) -> None:
        if self._task is not None:
            self._task.cancel()
        super().reject()
