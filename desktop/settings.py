"""The app's own settings (QSettings), typed, with the defaults a fresh install runs on.

What belongs to the library (its watched folders) lives in the library folder, so the CLI and
every PC opening the same folder agree; what belongs to this PC and this person (where the
library is, which model file or answer server, how big the text is, which language) lives here.
The answer server's key is kept as plant IT typed it, like the rest of this user's settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings

from kernel.config import DATA_ENV, LibrarySettings, default_data_dir

DEFAULT_FONT_SIZE = 11
LARGE_FONT_SIZE = 16
SYSTEM_LANGUAGE = ""  # follow the system locale
MODE_SEARCH, MODE_ASK = "search", "ask"


@dataclass(frozen=True)
class AppearanceSettings:
    language: str = SYSTEM_LANGUAGE
    font_size: int = DEFAULT_FONT_SIZE
    large_targets: bool = False


@dataclass
class AppSettings:
    """All settings at once: the settings dialog edits a copy, `save` writes it back."""

    library: LibrarySettings  # what the library is opened with; a change reopens it
    appearance: AppearanceSettings = field(default_factory=AppearanceSettings)
    mode: str = MODE_ASK

    @classmethod
    def load(cls, store: QSettings) -> AppSettings:
        def path(key: str) -> Path | None:
            value = str(store.value(key, "") or "")
            return Path(value) if value else None

        # $LAOSHIFU_DATA wins, as it does for the CLI: one variable points both at a library.
        configured = os.environ.get(DATA_ENV)
        library = LibrarySettings(
            data_dir=(Path(configured).expanduser() if configured else None)
            or path("library/data_dir") or default_data_dir(),
            model_path=path("models/answer_model"),
            gpu_layers=_int(store.value("models/gpu_layers", 0)),
            threads=_int(store.value("models/threads", 0)),
            embedder_dir=path("models/embedder_dir"),
            answer_server=str(store.value("server/answer_server", "") or ""),
            answer_key=str(store.value("server/answer_key", "") or ""),
            vector_server=str(store.value("server/vector_server", "") or ""),
            vector_token=str(store.value("server/vector_token", "") or ""),
            read_only=_bool(store.value("server/read_only", False)),
        )
        appearance = AppearanceSettings(
            language=str(store.value("ui/language", SYSTEM_LANGUAGE) or SYSTEM_LANGUAGE),
            font_size=_int(store.value("ui/font_size", DEFAULT_FONT_SIZE)) or DEFAULT_FONT_SIZE,
            large_targets=_bool(store.value("ui/large_targets", False)),
        )
        mode = str(store.value("ui/mode", MODE_ASK))
        return cls(library, appearance, mode if mode in (MODE_SEARCH, MODE_ASK) else MODE_ASK)

    def save(self, store: QSettings) -> None:
        library, appearance = self.library, self.appearance
        store.setValue("library/data_dir", str(library.data_dir))
        store.setValue("models/answer_model", str(library.model_path or ""))
        store.setValue("models/gpu_layers", library.gpu_layers)
        store.setValue("models/threads", library.threads)
        store.setValue("models/embedder_dir", str(library.embedder_dir or ""))
        store.setValue("server/answer_server", library.answer_server)
        store.setValue("server/answer_key", library.answer_key)
        store.setValue("server/vector_server", library.vector_server)
        store.setValue("server/vector_token", library.vector_token)
        store.setValue("server/read_only", library.read_only)
        store.setValue("ui/language", appearance.language)
        store.setValue("ui/font_size", appearance.font_size)
        store.setValue("ui/large_targets", appearance.large_targets)
        store.setValue("ui/mode", self.mode)
        store.sync()


def default_store() -> QSettings:
    """The per-user settings store; `LAOSHIFU_SETTINGS` points it at an .ini file instead,
    for a portable install or a test."""
    custom = os.environ.get("LAOSHIFU_SETTINGS")
    if custom:
        return QSettings(custom, QSettings.Format.IniFormat)
    return QSettings("Laoshifu", "Laoshifu")


def _int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


def _bool(value: object) -> bool:
    """QSettings gives back "true"/"false" strings from .ini files."""
    return value in (True, "true", "1", 1)
