"""Whether an SQLite file is damaged, read without changing it.

The catalog, the keyword index and embedded Chroma are all SQLite files; each store's own
damage check uses this, so the library's integrity check asks the stores, not their files.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def sqlite_problem(path: Path, thorough: bool = True) -> str | None:
    """What is wrong with an SQLite file, or None. Thorough: `quick_check` reads every page,
    so a damaged page is found now, not when a search happens to touch it (about 2 s for the
    three stores of a 100,000-passage library). Otherwise the header and schema are read."""
    check = "PRAGMA quick_check" if thorough else "SELECT 'ok' FROM sqlite_schema LIMIT 1"
    try:
        with closing(read_only(path)) as db:
            result = [row[0] for row in db.execute(check)] or ["ok"]
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if result == ["ok"] else "; ".join(result[:3])


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
