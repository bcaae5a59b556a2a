"""The manifest contract (`index.manifest.Manifest`): every implementation passes the same
tests; today one, on a real Chroma server (`chroma run`) the session starts. Add a backend by
adding a fixture to IMPLEMENTATIONS.

A published row names one version per document and its pages come back as written; a flip
replaces the version for everybody; a withdrawn document is gone at once; a writing note keeps
a version from being taken for a killed writer's leftovers only while it is fresh.
"""

from __future__ import annotations

import time

import pytest

from index.catalog import PAGE_EMPTY, PAGE_TEXT, PageRow, new_record
from index.chroma_manifest import ChromaManifest
from index.chroma_server import ChromaServer
from index.manifest import Manifest


@pytest.fixture
def chroma_manifest(vector_server_process, monkeypatch):
    """Listings in pages of 7 records, so a few documents cross several pages."""
    monkeypatch.setattr("index.chroma_manifest._PAGE_SIZE", 7)
    vector_server_process.empty()
    manifest = ChromaManifest(ChromaServer(vector_server_process.url))
    yield manifest
    manifest.close()


IMPLEMENTATIONS = ["chroma_manifest"]


@pytest.fixture(params=IMPLEMENTATIONS)
def manifest(request) -> Manifest:
    made = request.getfixturevalue(request.param)
    assert isinstance(made, Manifest)
    return made


def pages(count: int, word: str) -> list[PageRow]:
    return [PageRow(i, i + 1, None, PAGE_TEXT, 1, None, f"{word} page {i + 1}")
            for i in range(count)]


def record(tmp_path, name: str, version: str, count: int):
    return new_record(version, tmp_path / name, version * 4, count, count, 0, ["a warning"])


def test_a_published_version_comes_back_whole_and_a_flip_replaces_it(manifest, tmp_path):
    first = record(tmp_path, "pump.pdf", "v1aaaaaaaaaaaaaa", 3)
    manifest.publish(first, pages(3, "old"))
    assert manifest.current() == {first.path: first}
    assert manifest.pages(first.doc_id) == pages(3, "old")

    second = record(tmp_path, "pump.pdf", "v2bbbbbbbbbbbbbb", 2)
    manifest.publish(second, pages(2, "new"))
    assert manifest.current() == {second.path: second}, "one document, at the new version"
    manifest.forget(first.doc_id)
    assert manifest.pages(first.doc_id) == []
    assert manifest.stored_versions() == {second.doc_id}


def test_pages_without_a_number_or_text_keep_what_they_are(manifest, tmp_path):
    rows = [PageRow(0, None, "Sheet1", PAGE_TEXT, 2, None, "a | b"),
            PageRow(1, None, None, PAGE_EMPTY, 0, "a picture without text", "")]
    manifest.publish(record(tmp_path, "parts.xlsx", "v3cccccccccccccc", 2), rows)
    assert manifest.pages("v3cccccccccccccc") == rows


def test_a_withdrawn_document_is_gone_and_many_documents_all_come_back(manifest, tmp_path):
    records = [record(tmp_path, f"manual-{n}.md", f"v{n:015d}", 1) for n in range(16)]
    for each in records:
        manifest.publish(each, pages(1, each.file))
    assert len(manifest.current()) == len(records), "a listing stopped at a page of records"
    manifest.withdraw(records[0].path)
    assert records[0].path not in manifest.current()
    assert len(manifest.current()) == len(records) - 1


def test_a_writing_note_protects_a_version_only_while_it_is_fresh(manifest, tmp_path):
    manifest.begin("v4dddddddddddddd", str(tmp_path / "valve.md"))
    assert manifest.writing(within_s=60) == {"v4dddddddddddddd"}
    time.sleep(1.1)
    assert manifest.writing(within_s=1) == set(), "a silent writer's note still protects"
    manifest.publish(record(tmp_path, "valve.md", "v4dddddddddddddd", 1), pages(1, "valve"))
    assert manifest.writing(within_s=60) == set(), "a published version is still 'writing'"
