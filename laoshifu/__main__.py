"""`python -m laoshifu` runs the CLI."""

import sys

from laoshifu.cli import main

sys.exit(main())
