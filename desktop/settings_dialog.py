"""The settings dialog: where the library is and which folders it watches, which models answer
and search (or which answer and vector servers, in a plant that runs them, and whether this PC
only searches what the office publishes), how the UI looks. It edits
copies; the window applies what changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.settings import SYSTEM_LANGUAGE, AppearanceSettings, AppSettings


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, watched: list[Path],
                 parent: QWidget | None = None, notes_folder: Path | None = None):
        """`watched` and `notes_folder` are the open library's own settings (shared with the
        CLI), `notes_folder` None for the library's own notes folder."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        self._rows: dict[QLineEdit, QWidget] = {}
        library, look = settings.library, settings.appearance
        self.data_dir = self._path_field(str(library.data_dir), folder=True)
        self.watched = QListWidget()
        self.watched.addItems([str(folder) for folder in watched])
        add_folder, remove_folder = QPushButton(self.tr("Add folder…")), QPushButton(
            self.tr("Stop watching"))
        add_folder.clicked.connect(self._add_watched)
        remove_folder.clicked.connect(lambda: [self.watched.takeItem(self.watched.row(item))
                                               for item in self.watched.selectedItems()])
        watched_box = QVBoxLayout()
        watched_box.addWidget(self.watched)
        watched_buttons = QHBoxLayout()
        watched_buttons.addWidget(add_folder)
        watched_buttons.addWidget(remove_folder)
        watched_box.addLayout(watched_buttons)
        self.notes_folder = self._path_field(
            str(notes_folder or ""), folder=True,
            placeholder=self.tr("The library's own notes folder"))
        self.model_path = self._path_field(
            str(library.model_path or ""), folder=False,
            placeholder=self.tr("Bundled SmolLM2-135M; or qwen-0.5b, qwen-1.5b"))
        self.answer_server = self._line(
            library.answer_server,
            self.tr("Empty: answers from this PC. A server: http://gpu-box:8080/v1"))
        self.answer_key = self._line(library.answer_key,
                                     self.tr("The key plant IT gave you, if any"), secret=True)
        self.vector_server = self._line(
            library.vector_server,
            self.tr("Empty: manuals on this PC. A server: https://vectors.plant.local:8443"))
        self.vector_token = self._line(library.vector_token,
                                       self.tr("The token plant IT gave you, if any"),
                                       secret=True)
        self.read_only = QCheckBox(self.tr("Read-only: this PC searches, the office publishes"))
        self.read_only.setChecked(library.read_only)
        self.gpu_layers = self._spin(library.gpu_layers, 0, 999)
        self.threads = self._spin(library.threads, 0, 256)
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.embedder_dir = self._path_field(str(library.embedder_dir or ""), folder=True,
                                             placeholder=self.tr("Bundled multilingual model"))
        self.language = QComboBox()
        for label, code in ((self.tr("System default"), SYSTEM_LANGUAGE),
                            ("English", "en"), ("简体中文", "zh_CN")):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(look.language)))
        self.font_size = self._spin(look.font_size, 8, 40)
        self.large_targets = QCheckBox(self.tr("Shop-floor mode: large buttons for gloved "
                                               "hands"))
        self.large_targets.setChecked(look.large_targets)

        form = QFormLayout()
        form.addRow(self.tr("Library folder"), self._rows[self.data_dir])
        form.addRow(self.tr("Watched folders"), watched_box)
        form.addRow(self.tr("Repair notes folder"), self._rows[self.notes_folder])
        form.addRow(self.tr("Answer model (.gguf)"), self._rows[self.model_path])
        form.addRow(self.tr("Answer server"), self.answer_server)
        form.addRow(self.tr("Answer server key"), self.answer_key)
        form.addRow(self.tr("Vector server"), self.vector_server)
        form.addRow(self.tr("Vector server token"), self.vector_token)
        form.addRow("", self.read_only)
        form.addRow(self.tr("GPU layers"), self.gpu_layers)
        form.addRow(self.tr("CPU threads"), self.threads)
        form.addRow(self.tr("Embedding model folder"), self._rows[self.embedder_dir])
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Font size"), self.font_size)
        form.addRow("", self.large_targets)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _path_field(self, value: str, *, folder: bool, placeholder: str = "") -> QLineEdit:
        """A path box with a Browse button; `_rows` keeps the widget holding both."""
        holder = QWidget(self)
        field = QLineEdit(value, holder)
        self._rows[field] = holder
        field.setPlaceholderText(placeholder)
        browse = QPushButton(self.tr("Browse…"), holder)
        browse.clicked.connect(lambda: self._browse(field, folder))
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        row.addWidget(browse)
        return field

    def _line(self, value: str, placeholder: str, secret: bool = False) -> QLineEdit:
        """A text box; a `secret` one (a key, a token) shows dots, not what is typed."""
        field = QLineEdit(value, self)
        field.setPlaceholderText(placeholder)
        if secret:
            field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _spin(self, value: int, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setValue(value)
        return spin

    def _browse(self, field: QLineEdit, folder: bool) -> None:
        if folder:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"),
                                                      field.text())
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a model file"),
                                                    field.text(),
                                                    self.tr("GGUF models (*.gguf)"))
        if chosen:
            field.setText(chosen)

    def _add_watched(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder to watch"))
        if chosen:
            self.watched.addItem(chosen)

    def chosen(self) -> AppSettings:
        """The settings as edited."""
        def path(field: QLineEdit) -> Path | None:
            text = field.text().strip()
            return Path(text).expanduser() if text else None

        library = replace(
            self._settings.library,
            data_dir=path(self.data_dir) or self._settings.library.data_dir,
            model_path=path(self.model_path), gpu_layers=self.gpu_layers.value(),
            threads=self.threads.value(), embedder_dir=path(self.embedder_dir),
            answer_server=self.answer_server.text().strip(),
            answer_key=self.answer_key.text().strip(),
            vector_server=self.vector_server.text().strip(),
            vector_token=self.vector_token.text().strip(),
            read_only=self.read_only.isChecked())
        look = AppearanceSettings(language=self.language.currentData(),
                                  font_size=self.font_size.value(),
                                  large_targets=self.large_targets.isChecked())
        return replace(self._settings, library=library, appearance=look)

    def chosen_notes_folder(self) -> Path | None:
        """A shared folder for new repair notes, or None for the library's own."""
        text = self.notes_folder.text().strip()
        return Path(text).expanduser() if text else None

    def chosen_watched(self) -> list[Path]:
        return [Path(self.watched.item(i).text()) for i in range(self.watched.count())]
