"""The catalog's schema is versioned: a new library gets every migration, an existing one keeps
its rows, and a library from a newer app is refused instead of damaged."""

from __future__ import annotations

import sqlite3

import pytest

from index.catalog import MIGRATIONS, Catalog
from kernel.errors import StoreError


def test_new_catalog_is_at_the_latest_schema(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    assert catalog.schema_version == len(MIGRATIONS)
    assert catalog.documents() == []


def test_catalog_from_a_newer_app_is_refused_untouched(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    Catalog(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    with pytest.raises(StoreError, match="newer Laoshifu"):
        Catalog(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) + 5


def test_garbage_catalog_gives_a_readable_error(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be read"):
        Catalog(path)
