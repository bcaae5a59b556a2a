"""The bundle's `laoshifu` executable (PyInstaller entry point)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the parser and model processes start this executable
    from laoshifu.cli import main

    sys.exit(main())
