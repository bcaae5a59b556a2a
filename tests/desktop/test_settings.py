"""Settings made in the dialog apply at once and survive a restart (the answer server, the
vector server and the read-only role among them); the Chinese UI leaves no English behind; the
shipped translation matches the source."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.appearance import I18N, TOUCH_TARGET_PX
from desktop.main_window import MainWindow
from desktop.settings_dialog import SettingsDialog
from kernel.config import LibrarySettings
from tests.desktop.conftest import (
    ANSWER_TIMEOUT_MS,
    READY_TIMEOUT_MS,
    drop_files,
    ingest,
    library_rows,
)

WATCH_TIMEOUT_MS = 60_000
_CJK = re.compile(r"[\u3400-\u9fff]")
# Words that stay as they are in a Chinese UI: key names, formats, model and brand names.
_KEPT = re.compile(r"Ctrl\+L|Esc|PDF|Word|Excel|CSV|PNG|JPG|GGUF|gguf|GPU|CPU|OCR|SmolLM2-135M|"
                   r"Laoshifu|English|[^A-Za-z]")


def open_settings(qtbot, window: MainWindow) -> SettingsDialog:
    with qtbot.waitSignal(window.settings_opened, timeout=READY_TIMEOUT_MS) as opened:
        qtbot.mouseClick(window.bar.settings_button, Qt.MouseButton.LeftButton)
    return opened.args[0]


def press_ok(qtbot, dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel):
            texts.append(QTextDocumentFragment.fromHtml(widget.text()).toPlainText())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        texts.append(widget.toolTip())
    return [text for text in texts if text.strip()]


def untranslated(texts: list[str]) -> list[str]:
    return [text for text in texts if not _CJK.search(text) and _KEPT.sub("", text).strip()]


def test_settings_apply_at_once_and_survive_a_restart(qtbot, open_window, tmp_path,
                                                      pump_manual):
    first = open_window()
    dialog = open_settings(qtbot, first)
    dialog.font_size.setValue(18)
    dialog.large_targets.setChecked(True)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    watched = tmp_path / "shared manuals"
    watched.mkdir()
    dialog.watched.addItem(str(watched))
    notes = tmp_path / "office share" / "repair notes"
    dialog.notes_folder.setText(str(notes))
    dialog.threads.setValue(3)  # a model setting: the library reopens as the window closes
    press_ok(qtbot, dialog)

    qtbot.waitUntil(lambda: first.bar.search_button.text() == "搜索", timeout=2000)
    assert QApplication.font().pointSize() == 18
    assert first.bar.ask_button.height() >= TOUCH_TARGET_PX
    first.close()

    second = open_window()
    assert second.settings.appearance.font_size == 18
    assert second.settings.appearance.large_targets
    assert second.settings.library.threads == 3
    assert second.bar.ask_button.text() == "提问"
    assert QApplication.font().pointSize() == 18
    qtbot.waitUntil(lambda: second.library is not None, timeout=READY_TIMEOUT_MS)
    assert second.library.notes_folder == notes.resolve()  # new notes go to the share
    again = open_settings(qtbot, second)
    assert again.notes_folder.text() == str(notes.resolve())
    again.reject()
    shutil.copy(pump_manual, watched / pump_manual.name)  # the watched folder picks it up
    qtbot.waitUntil(lambda: any(pump_manual.name in row for row in library_rows(second)),
                    timeout=WATCH_TIMEOUT_MS)


def test_answers_come_from_the_answer_server_set_in_settings(qtbot, open_window, pump_manual,
                                                            answer_server_process):
    window = open_window()
    ingest(qtbot, window, pump_manual)
    dialog = open_settings(qtbot, window)
    dialog.answer_server.setText(answer_server_process.url)
    dialog.answer_key.setText(answer_server_process.key)
    assert dialog.answer_key.echoMode() == QLineEdit.EchoMode.Password, "the key shows as typed"
    with qtbot.waitSignal(window.documents_shown, timeout=READY_TIMEOUT_MS):
        press_ok(qtbot, dialog)
    assert window.library is not None
    assert "llama_cpp.server" in window.library.chat_model.system_info()

    qtbot.waitUntil(window.bar.question.isEnabled, timeout=READY_TIMEOUT_MS)
    window.bar.question.setText("What torque for the bearing housing bolts?")
    with qtbot.waitSignal(window.answer_finished, timeout=ANSWER_TIMEOUT_MS):
        window.bar.run("ask")
    assert window.answer_view.sources.row_text(0).startswith("[1] ")
    assert "24 Nm" in window.answer_view.text.toPlainText()
    window.close()

    again = open_settings(qtbot, open_window())
    assert (again.answer_server.text(), again.answer_key.text()) == (
        answer_server_process.url, answer_server_process.key), "not kept for the next start"
    again.reject()


def test_a_read_only_line_pc_set_in_settings_shows_what_the_office_published(
        qtbot, open_window, pump_manual, vector_server_process, search_models, tmp_path,
        monkeypatch):
    """The vector-server row and the read-only box: the window then lists the office's
    manuals (never ingested here), says it is read-only, refuses to add or remove, and lists
    what the office publishes next by itself."""
    from laoshifu.composition import open_library

    monkeypatch.setattr("laoshifu.mirror.SYNC_EVERY_S", 0.5)
    vector_server_process.empty()
    office = open_library(LibrarySettings(tmp_path / "office", vector_server=
                                          vector_server_process.url), models=search_models)
    list(office.ingest([pump_manual]))
    office.close()
    window = open_window()
    dialog = open_settings(qtbot, window)
    dialog.vector_server.setText(vector_server_process.url)
    dialog.vector_token.setText("line-token")
    assert dialog.vector_token.echoMode() == QLineEdit.EchoMode.Password
    dialog.read_only.setChecked(True)
    with qtbot.waitSignal(window.documents_shown, timeout=READY_TIMEOUT_MS):
        press_ok(qtbot, dialog)
    assert any(pump_manual.name in row for row in library_rows(window)), \
        "the line PC does not list what the office published"
    assert "read-only" in window.windowTitle()
    window.library_panel.documents.setCurrentRow(0)
    assert window.library_panel.open_button.isEnabled()
    assert not window.library_panel.remove_button.isEnabled()
    assert not window.library_panel.reindex_button.isEnabled()
    drop_files(window, [pump_manual])
    assert "read-only" in window.statusBar().currentMessage()

    notes = tmp_path / "valve notes.md"
    notes.write_text("# Valve V-220\n\nReplace the seat when it leaks.\n", encoding="utf-8")
    office = open_library(LibrarySettings(tmp_path / "office", vector_server=
                                          vector_server_process.url), models=search_models)
    list(office.ingest([notes]))
    office.close()
    qtbot.waitUntil(lambda: any(notes.name in row for row in library_rows(window)),
                    timeout=READY_TIMEOUT_MS)
    window.close()

    again = open_settings(qtbot, open_window())
    assert (again.vector_server.text(), again.vector_token.text(), again.read_only.isChecked()) \
        == (vector_server_process.url, "line-token", True), "not kept for the next start"
    again.reject()


def test_the_chinese_ui_shows_no_english(qtbot, open_window):
    window = open_window(language="zh_CN")
    window.bar.question.setText("没有这个词")
    with qtbot.waitSignal(window.search_finished, timeout=READY_TIMEOUT_MS):
        window.bar.run("search")
    assert untranslated(visible_texts(window)) == []
    assert _CJK.search(window.statusBar().currentMessage())
    dialog = open_settings(qtbot, window)
    assert untranslated(visible_texts(dialog)) == []
    dialog.reject()


def test_the_shipped_translation_covers_every_string_and_is_compiled(tmp_path):
    tools = Path(sys.executable).parent
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (I18N.parent).glob("*.py"))
    subprocess.run([tools / "pyside6-lupdate", *sources, "-ts", str(fresh), "-no-obsolete",
                    "-locations", "none"], check=True, capture_output=True)
    shipped = ElementTree.parse(I18N / "laoshifu_zh_CN.ts").getroot()
    wanted = {m.findtext("source") for m in ElementTree.parse(fresh).getroot().iter("message")}
    have = {m.findtext("source"): m.find("translation") for m in shipped.iter("message")}
    assert wanted - have.keys() == set(), "strings without a Chinese translation"
    assert all(t.text and t.get("type") != "unfinished" for t in have.values())
    compiled = tmp_path / "check.qm"
    subprocess.run([tools / "pyside6-lrelease", str(I18N / "laoshifu_zh_CN.ts"), "-qm",
                    str(compiled)], check=True, capture_output=True)
    assert compiled.read_bytes() == (I18N / "laoshifu_zh_CN.qm").read_bytes(), \
        "laoshifu_zh_CN.qm is out of date: run pyside6-lrelease (see README)"
