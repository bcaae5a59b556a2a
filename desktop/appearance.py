"""Language and size of the whole UI, applied to the running app without a restart.

Language goes through Qt's translation system: our strings from desktop/i18n/*.qm, Qt's own
(standard buttons, file dialogs) from the qtbase catalogue shipped in the PySide6 wheel.
Installing a translator sends every widget a LanguageChange event; each widget re-sets its
texts in `retranslate()`. Size is one application font plus, in shop-floor mode, a style sheet
that makes every button, field and list row at least a gloved fingertip tall.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.settings import SYSTEM_LANGUAGE, AppearanceSettings

I18N = Path(__file__).resolve().parent / "i18n"
LANGUAGES = ("en", "zh_CN")  # what the UI is written in and what it is translated to
# About 9 mm at 96 dpi, the width of a gloved fingertip.
TOUCH_TARGET_PX = 48

_LARGE_STYLE = f"""
QPushButton, QToolButton, QComboBox, QLineEdit, QSpinBox {{ min-height: {TOUCH_TARGET_PX}px; }}
QPushButton, QToolButton {{ padding: 4px 18px; }}
QListWidget::item {{ min-height: {TOUCH_TARGET_PX}px; }}
QScrollBar:vertical {{ width: 28px; }}
QScrollBar:horizontal {{ height: 28px; }}
QCheckBox::indicator {{ width: 28px; height: 28px; }}
"""

_installed: list[QTranslator] = []


def resolve_language(choice: str) -> str:
    """The UI language for a setting: the system's when it is Chinese or unset-and-English."""
    if choice in LANGUAGES:
        return choice
    system = QLocale.system()
    return "zh_CN" if system.language() == QLocale.Language.Chinese else "en"


def apply_language(app: QApplication, choice: str = SYSTEM_LANGUAGE) -> str:
    """Swap the UI language; returns the language now shown."""
    language = resolve_language(choice)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "en":
        catalogues = ((I18N, f"laoshifu_{language}"),
                      (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                       f"qtbase_{language}"))
        for folder, name in catalogues:
            translator = QTranslator(app)
            if translator.load(name, str(folder)):
                app.installTranslator(translator)
                _installed.append(translator)
    return language


def apply_size(app: QApplication, appearance: AppearanceSettings) -> None:
    font = QFont(app.font())
    font.setPointSize(max(appearance.font_size, 6))
    app.setFont(font)
    app.setStyleSheet(_LARGE_STYLE if appearance.large_targets else "")
