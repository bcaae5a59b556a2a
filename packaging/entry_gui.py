"""The bundle's `laoshifu-gui` executable (PyInstaller entry point)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the parser and model processes start this executable
    from desktop.app import main

    sys.exit(main())
