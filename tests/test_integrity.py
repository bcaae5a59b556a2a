"""A damaged library folder is found when it opens, the user is told what happened and how to
rebuild, nothing is deleted, and `repair` brings every document back."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.chroma import EmbeddedChroma
from kernel.config import LibrarySettings
from kernel.errors import DamagedLibraryError, StoreError
from kernel.events import FileDone
from kernel.types import Chunk
from laoshifu.composition import vector_storage
from laoshifu.integrity import CLOSED_CLEANLY, prepare_repair
from laoshifu.library import Library
from tests.documents import PUMP_MANUAL_ZH, write_pdf


@pytest.fixture(scope="module")
def healthy(tmp_path_factory, open_at) -> tuple[Path, Path]:
    """A closed library of two manuals, and the folder of their original files."""
    originals = tmp_path_factory.mktemp("originals")
    from tests.documents import PUMP_MANUAL

    write_pdf(originals / "pump.pdf", PUMP_MANUAL)
    write_pdf(originals / "泵 手册.pdf", PUMP_MANUAL_ZH, cjk=True)
    data = tmp_path_factory.mktemp("healthy") / "library"
    library = open_at(data)
    assert len([e for e in library.ingest([originals]) if isinstance(e, FileDone)]) == 2
    library.close()
    return data, originals


@pytest.fixture
def copy(healthy, tmp_path) -> Path:
    data = tmp_path / "copy"
    shutil.copytree(healthy[0], data)
    return data


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a hash of its bytes (the lock and the clean-close mark,
    which are bookkeeping, aside)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and "laoshifu.lock" not in p.name and p.name != CLOSED_CLEANLY}


def scribble(path: Path, offset: int, size: int = 8192) -> None:
    with path.open("r+b") as stream:
        stream.seek(offset)
        stream.write(os.urandom(size))


def refused(data: Path, open_at, part: str) -> DamagedLibraryError:
    before = fingerprint(data)
    with pytest.raises(DamagedLibraryError) as caught:
        open_at(data)
    assert part in caught.value.damaged, caught.value
    message = str(caught.value)
    assert f"the {part}" in message and "repair" in message and "Nothing has been" in message
    after = fingerprint(data)
    assert before.items() <= after.items(), "opening a damaged library changed it"
    assert all(name.endswith(("-wal", "-shm")) for name in after.keys() - before.keys())
    return caught.value


def repaired(data: Path, open_at, sources=()) -> Library:
    aside, again = prepare_repair(data, vector_storage(LibrarySettings(data)), sources)
    assert aside is not None and aside.parent == data and any(aside.iterdir())
    library = open_at(data)
    list(library.ingest(again))
    return library


def assert_whole(library: Library) -> None:
    assert sorted(d.file for d in library.documents()) == ["pump.pdf", "泵 手册.pdf"]
    for record in library.documents():
        assert library.searchable_passages().get(record.doc_id, 0) == record.chunks, record.file
    assert library.search("E-047", k=1)[0].page == 4
    assert library.search("百分表", k=1)[0].file == "泵 手册.pdf"


def test_a_catalog_of_garbage_is_reported_and_rebuilt_by_the_cli(copy):
    scribble(copy / "catalog.sqlite3", 0)
    run = subprocess.run([sys.executable, "-m", "laoshifu", "--data", str(copy), "docs"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "the catalog cannot be read" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "laoshifu", "--data", str(copy), "repair"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    [aside] = copy.glob("damaged-*")
    assert (aside / "catalog.sqlite3").exists() and (aside / "vectors").is_dir()
    hits = json.loads(subprocess.run(
        [sys.executable, "-m", "laoshifu", "--data", str(copy), "search", "E-047", "--json"],
        capture_output=True, text=True, timeout=300).stdout)["hits"]
    assert (hits[0]["file"], hits[0]["page"]) == ("pump.pdf", 4)


def test_a_missing_catalog_is_rebuilt_from_the_list_of_sources(copy, open_at):
    for leftover in copy.glob("catalog.sqlite3*"):
        leftover.unlink()
    assert refused(copy, open_at, "catalog").damaged == ("catalog",)
    library = repaired(copy, open_at)
    try:
        assert_whole(library)
    finally:
        library.close()


def test_a_damaged_page_inside_the_catalog_is_found_after_a_crash(copy, open_at):
    """After an unclean end (no close mark), every page of every store is checked."""
    (copy / CLOSED_CLEANLY).unlink()
    catalog = copy / "catalog.sqlite3"
    scribble(catalog, catalog.stat().st_size - 4096, 4096)
    refused(copy, open_at, "catalog")


def test_a_damaged_search_store_is_rebuilt_from_the_library_text_alone(copy, open_at, healthy,
                                                                       tmp_path):
    scribble(copy / "vectors" / "chroma.sqlite3", 8192)
    refused(copy, open_at, "search store")
    hidden = tmp_path / "originals moved away"
    shutil.copytree(healthy[1], hidden)  # the rebuild must not need the original files
    shutil.rmtree(healthy[1])
    try:
        library = repaired(copy, open_at)
        try:
            assert_whole(library)
        finally:
            library.close()
    finally:
        shutil.copytree(hidden, healthy[1])


def test_a_keyword_index_damaged_in_a_crash_is_rebuilt_from_the_library_text(copy, open_at):
    (copy / CLOSED_CLEANLY).unlink()
    scribble(copy / "keywords.sqlite3", 4096)
    refused(copy, open_at, "keyword index")
    library = repaired(copy, open_at)
    try:
        assert_whole(library)
        assert library.keywords.query("E-047", 1)[0].page_number == 4
    finally:
        library.close()


def test_passages_lost_after_the_catalog_commit_are_restored(copy, open_at):
    """A power cut can keep the catalog's last commit and lose the store's: the next ingest
    completes the document from the catalog's text."""
    library = open_at(copy)
    try:
        record = next(d for d in library.documents() if d.file == "pump.pdf")
        stored = list(library.vectors.stored_texts(record.doc_id))
        library.vectors.delete_chunks(stored[:2])
        list(library.ingest([]))
        assert library.searchable_passages().get(record.doc_id, 0) == record.chunks
    finally:
        library.close()


@pytest.mark.parametrize("damage", ["deleted", "overwritten"])
def test_a_vector_index_with_damaged_files_is_caught_by_the_probe_search(tmp_path, damage):
    """Chroma opens a store whose index files were deleted or overwritten, then finds almost
    nothing or fails. The small stores above still answer from Chroma's own log, so this one
    holds enough vectors (random, no model needed) for the index to live in its files."""
    rng = random.Random(5)
    store = EmbeddedChroma(tmp_path / "vectors", "probe-test")
    chunks = [Chunk("doc", i, i + 1, None, 0, 9, f"passage {i}") for i in range(3000)]
    store.add(chunks, [[rng.random() for _ in range(16)] for _ in chunks])
    store.verify()
    store.close()
    [segment] = [p for p in (tmp_path / "vectors").iterdir() if p.is_dir()]
    if damage == "deleted":
        shutil.rmtree(segment)
    else:
        for part in segment.glob("*.bin"):
            scribble(part, 0, min(4096, part.stat().st_size))
    reopened = EmbeddedChroma(tmp_path / "vectors", "probe-test")
    try:
        with pytest.raises(StoreError, match=r"lost its entries|cannot be searched"):
            reopened.verify()
    finally:
        reopened.close()
