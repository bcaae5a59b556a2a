"""Take the README screenshots from the real window on an X display (e.g. Xvfb :99).

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 .venv/bin/python docs/screenshots/take_screenshots.py LIBRARY CORPUS [SHOT...]

LIBRARY is a library folder already holding the corpus (`laoshifu --data LIBRARY ingest
CORPUS`); the ingestion shot adds a few corpus files to a fresh temporary library. Each shot is
grabbed from the screen, window frame included, after the window has painted. SHOT names
(ingesting, answer, chinese, procedure, across, refusal, note-form, superseded, tag) retake
only those; the answer shot includes the viewer shot. The note-form shot fills the form and does
not save it. The superseded shot adds rev 1 and rev 2 of the tests' pump manual
(tests/test_revisions.py) to a fresh library and searches the torque rev 2 changed. The tag shot
adds the tests' pump documents (a manual, a fault log, two repair notes) to a copy of LIBRARY and
shows P-101 in the tag view.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from kernel.config import enforce_offline

OUT = Path(__file__).resolve().parent
ASK_EN = "The PT100 input on my Octopus doesn't work out of the box. What part do I need to add?"
ASK_ZH = "EBB36 用 Type-C 进 DFU 刷固件的时候，加热棒为什么会自己加热？"
ASK_PROCEDURE = "How do I update the Octopus firmware with an SD card?"
ASK_ACROSS = "WCH-LinkE 固件升级失败，怎么让它进入 IAP 模式？"  # the manual is in English only
ASK_REFUSED = "How often do I change the hydraulic oil of a Caterpillar 320 excavator?"
ADDED = ("grbl_alarm_codes_en_US.csv", "klipper_canbus_troubleshooting_zh.md",
         "linuxcnc_integrator.pdf", "nut_cables.pdf", "btt_octopus_v1_manual_en.pdf")


def main(library: Path, corpus: Path, shots: set[str]) -> None:
    enforce_offline()
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.answer_view import marked_text, marker_sources
    from desktop.appearance import apply_language, apply_size
    from desktop.main_window import MainWindow
    from desktop.settings import AppearanceSettings, AppSettings
    from kernel.config import LibrarySettings

    app = QApplication(sys.argv)
    scratch = Path(tempfile.mkdtemp(prefix="laoshifu-shots-"))

    def wait(signal=None, ms: int = 180_000, condition=None) -> None:
        loop = QEventLoop()
        if signal is not None:
            signal.connect(loop.quit)
        if condition is not None:
            poll = QTimer(interval=100)
            poll.timeout.connect(lambda: condition() and loop.quit())
            poll.start()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shoot(window: MainWindow, name: str) -> None:
        wait(ms=800)  # let the last paint (and page renders) land
        screen = window.screen()
        frame = window.frameGeometry()
        image = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        image.save(str(OUT / name))
        print("saved", OUT / name)

    def open_window(data: Path, language: str) -> MainWindow:
        store = QSettings(str(scratch / f"{language}.ini"), QSettings.Format.IniFormat)
        settings = AppSettings(LibrarySettings(data), AppearanceSettings(language=language))
        apply_language(app, language)
        apply_size(app, settings.appearance)
        window = MainWindow(settings, store)
        window.resize(1500, 900)
        window.move(40, 30)
        window.show()
        wait(window.documents_shown)
        return window

    def warm(window: MainWindow) -> MainWindow:
        wait(condition=lambda: window.warm_stage == "ready", ms=120_000)
        return window

    def ask(window: MainWindow, question: str) -> None:
        window.bar.question.setText(question)
        window.bar.run("ask")
        wait(window.answer_finished)

    def open_citation(window: MainWindow, words: str = "") -> None:
        """Click the marker of the first line holding `words` (else the first marker), as
        the technician clicks the [n] of the line that answers."""
        view = window.answer_view
        markers = marker_sources(view.body)
        at = next((i for i in range(len(markers))
                   if words and words in marked_text(view.body, i)), 0)
        view.choose(markers[at] if markers else 1, at if markers else None)
        wait(window.viewer.shown, ms=30_000)

    if "ingesting" in shots:  # the library while documents are being added
        window = warm(open_window(scratch / "library", "en"))
        window.add_paths([corpus / name for name in ADDED])
        wait(condition=lambda: window.library_panel.documents.count() >= 3 and "Indexing"
             in window.library_panel.progress.row_status(corpus / ADDED[-1]), ms=600_000)
        shoot(window, "library-ingesting.png")
        window.close()
    if "answer" in shots:  # an answer with citations, then the cited page marked
        window = warm(open_window(library, "en"))
        ask(window, ASK_EN)
        shoot(window, "answer-with-citations.png")
        open_citation(window, "INA826AIDR")  # the line that answers
        shoot(window, "viewer-highlight.png")
        window.close()
    if "chinese" in shots:  # the Chinese UI: a Chinese question, its answer, the cited page
        window = warm(open_window(library, "zh_CN"))
        ask(window, ASK_ZH)
        open_citation(window)
        shoot(window, "chinese-ui.png")
        window.close()
    if "note-form" in shots:  # Notes → New repair note, filled in, before Save
        from PySide6.QtCore import QDate
        from PySide6.QtGui import QColor, QImage

        window = warm(open_window(library, "en"))
        form = window.new_note()
        assert form is not None, "the library is open"
        wait(ms=500)
        form.tag.setEditText("CNC-02")
        form.symptom.setPlainText("Homing stops with ALARM:9 on the Y axis; the limit switch "
                                  "LED does not light when pressed.")
        form.cause.setPlainText("Broken wire in the Y limit switch cable at the drag chain.")
        form.action.setPlainText("Replaced the cable from the drag chain to the switch, "
                                 "checked $5 and homed three times without an alarm.")
        form.parts.setText("2 m shielded 3-core cable, 1 JST-XH connector")
        form.author.setText("王师傅")
        form.when.setDate(QDate(2026, 11, 30))
        photo = QImage(64, 48, QImage.Format.Format_RGB32)
        photo.fill(QColor("#888888"))
        photo.save(str(scratch / "y-limit-cable.jpg"))
        form.add_photos([scratch / "y-limit-cable.jpg"])
        shoot(window, "repair-note-form.png")
        form.reject()
    if "superseded" in shots:  # rev 2 replaces rev 1: the message with Undo, a marked result
        from tests.test_revisions import NEW_TORQUE, OLD_TORQUE, TORQUE_QUESTION, pump_manual

        window = warm(open_window(scratch / "revisions", "en"))
        for name, edition, torque in (("CP80_manual.pdf", "Revision 1, 2023-05", OLD_TORQUE),
                                      ("CP80_manual_rev2.pdf", "Revision 2, 2024-03",
                                       NEW_TORQUE)):
            window.add_paths([pump_manual(scratch, name, edition, torque)])
            wait(window.ingest_finished)
        window.bar.search_button.setChecked(True)
        window.bar.question.setText(f"{TORQUE_QUESTION} {OLD_TORQUE} Nm")
        window.bar.run("search")
        wait(window.search_finished)
        shoot(window, "superseded-result.png")
    if "tag" in shots:  # one machine: its notes, fault-log rows and manual pages
        from tests.machines import write_machine_documents

        copy = scratch / "tag-library"
        shutil.copytree(library, copy, ignore=shutil.ignore_patterns("laoshifu.lock*"))
        window = warm(open_window(copy, "en"))
        window.add_paths([write_machine_documents(scratch / "plant")])
        wait(window.ingest_finished, ms=600_000)
        view = window.open_tag_view()
        window.resizeDocks([window.tag_dock], [760], Qt.Orientation.Horizontal)
        view.show_tag("p101")
        wait(view.listed, ms=30_000)
        view.tree.setCurrentItem(view.groups["row"].child(0))
        shoot(window, "tag-view.png")
        window.close()
    answers = {"procedure": (ASK_PROCEDURE, "answer-procedure.png"),
               "across": (ASK_ACROSS, "answer-chinese-question-english-manual.png"),
               "refusal": (ASK_REFUSED, "answer-refusal.png")}
    for shot, (question, name) in answers.items():
        if shot in shots:
            window = warm(open_window(library, "en"))
            ask(window, question)
            shoot(window, name)
            window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]),
         set(sys.argv[3:]) or {"ingesting", "answer", "chinese", "procedure", "across",
                                "refusal", "superseded", "tag"})
