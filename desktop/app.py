"""`laoshifu-gui`: start the desktop app on the library folder."""

from __future__ import annotations

import sys

from laoshifu.config import default_data_dir, enforce_offline


def main() -> int:
    enforce_offline()
    from PySide6.QtWidgets import QApplication

    from desktop.main_window import MainWindow

    app = QApplication(sys.argv)
    app.setApplicationName("Laoshifu")
    app.setOrganizationName("Laoshifu")
    window = MainWindow(default_data_dir())
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
