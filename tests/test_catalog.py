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


def test_a_library_from_before_marks_upgrades_in_place_and_keeps_its_documents(tmp_path):
    from index.catalog import StoredMark
    from kernel.types import GOOD, PageMark

    path = tmp_path / "catalog.sqlite3"
    before_marks = next(n for n, m in enumerate(MIGRATIONS) if "CREATE TABLE feedback" in m)
    with sqlite3.connect(path) as db:  # the catalog as the release before marks left it
        for number in range(before_marks):
            db.executescript(MIGRATIONS[number])
        db.execute("INSERT INTO documents VALUES ('d1', '/m/manual.pdf', 'manual.pdf', 'h1', 10, "
                   "1.0, 1, 1, 'indexed', 0, '[]', '2024-01-01', '2024-01-01')")
        db.execute(f"PRAGMA user_version = {before_marks}")

    catalog = Catalog(path)
    assert catalog.schema_version == len(MIGRATIONS)
    assert [d.path for d in catalog.documents()] == ["/m/manual.pdf"]
    catalog.put_mark(StoredMark(PageMark("q", "d1", "/m/manual.pdf", 1, GOOD), "q", None, ""))
    catalog.close()

    catalog = Catalog(path)  # opening again migrates nothing twice and loses nothing
    assert [d.doc_id for d in catalog.documents()] == ["d1"]
    assert [(m.mark.query, m.mark.page) for m in catalog.marks()] == [("q", 1)]
    catalog.delete("d1")
    assert catalog.marks() == [], "removing a document drops the marks on its file"
    catalog.close()
