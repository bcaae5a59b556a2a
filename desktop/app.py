"""`laoshifu-gui`: show the window at once; the library opens and the models warm behind it."""

from __future__ import annotations

import sys

from kernel.config import enforce_offline


def main() -> int:
    enforce_offline()
    from PySide6.QtWidgets import QApplication

    from desktop.appearance import apply_language, apply_size
    from desktop.main_window import MainWindow
    from desktop.settings import AppSettings, default_store

    app = QApplication(sys.argv)
    app.setApplicationName("Laoshifu")
    app.setOrganizationName("Laoshifu")
    store = default_store()
    settings = AppSettings.load(store)
    apply_language(app, settings.appearance.language)
    apply_size(app, settings.appearance)
    window = MainWindow(settings, store)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
