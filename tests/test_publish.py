"""Publishing to a shared Chroma server (a real `chroma run`): what one office publishes, every
line PC finds, whole, in keyword and vector search; a publisher killed at any point of its
write sequence never leaves another PC seeing half a document, and the next publish completes
it; two offices publishing at once end with one complete store (docs/deploy.md, "How
publishing stays consistent")."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.chroma_manifest import ChromaManifest
from index.chroma_server import ChromaServer
from kernel.config import LibrarySettings
from kernel.types import DocumentRecord

PUBLISH_TIMEOUT_S = 300
KILLS = 10


def manual(folder: Path, name: str, code: str, revision: int = 1) -> Path:
    """A small Markdown manual whose alarm code and revision say which version it is."""
    path = folder / name
    path.write_text(
        f"# {name} service manual, revision {revision}\n\n"
        f"## Alarm {code}\n\nAlarm {code} means the drive overheated (revision {revision}). "
        f"Let it cool for {10 + revision} minutes and clean the fan filter before "
        "restarting.\n\n"
        f"## Lubrication\n\nGrease the {name} bearings every {200 + revision} hours with "
        "lithium grease; wipe off the old grease first.\n", encoding="utf-8")
    return path


@pytest.fixture
def server(vector_server_process):
    vector_server_process.empty()
    return vector_server_process


@pytest.fixture
def open_client(server, search_models):
    """Opens a PC's library on the server; every one opened is closed after the test."""
    from laoshifu.composition import open_library

    opened = []

    def open_(folder: Path, read_only: bool = False):
        settings = LibrarySettings(folder, vector_server=server.url, read_only=read_only)
        library = open_library(settings, models=search_models)
        opened.append(library)
        return library

    yield open_
    for library in opened:
        library.close()


class Published:
    """What the server holds, read directly: the manifest and every version's passages."""

    def __init__(self, url: str, model_name: str):
        self.server = ChromaServer(url)
        self.manifest = ChromaManifest(self.server)
        self.vectors = self.server.open(model_name)

    def documents(self) -> dict[str, DocumentRecord]:
        return self.manifest.current()

    def assert_whole(self) -> dict[str, DocumentRecord]:
        """Every published version has all its passages and pages on the server."""
        documents = self.documents()
        for record in documents.values():
            assert self.vectors.count_of(record.doc_id) == record.chunks, \
                f"{record.file} is published with passages missing"
            assert len(self.manifest.pages(record.doc_id)) == record.pages
        return documents

    def versions(self) -> set[str]:
        return set(self.vectors.doc_counts()) | self.manifest.stored_versions()

    def close(self) -> None:
        self.manifest.close()
        self.vectors.close()


@pytest.fixture
def published(server, search_models):
    view = Published(server.url, search_models.encoder.name)
    yield view
    view.close()


def publish(data: Path, url: str, files: list[Path], kill_at: int = 0,
            remove: tuple[str, ...] = ()) -> subprocess.Popen:
    command = [sys.executable, "-m", "tests.publisher", str(data), url,
               *map(str, files), "--kill-at", str(kill_at)]
    for name in remove:
        command += ["--remove", name]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)


def finished(process: subprocess.Popen) -> int:
    """The writes a publisher sent, or -1 when it was killed."""
    out, err = process.communicate(timeout=PUBLISH_TIMEOUT_S)
    if process.returncode == -9:
        return -1
    assert process.returncode == 0, err[-3000:]
    return int(out.split()[-1])


def found_files(library, query: str) -> set[str]:
    return {hit.file for hit in library.search(query, k=10)}


def test_a_line_pc_that_never_ingested_finds_what_the_office_publishes_and_nothing_else(
        open_client, published, tmp_path, monkeypatch):
    monkeypatch.setattr("laoshifu.mirror.SYNC_EVERY_S", 0.2)
    office = open_client(tmp_path / "office")
    line = open_client(tmp_path / "line", read_only=True)
    pump = manual(tmp_path, "pump.md", "E-047")
    fan = manual(tmp_path, "fan.md", "F-310")
    list(office.ingest([pump, fan]))
    line.sync()
    assert {d.file for d in line.documents()} == {"pump.md", "fan.md"}
    assert "pump.md" in found_files(line, "E-047"), "keywords on the line PC miss a code"
    pump_doc = next(d for d in line.documents() if d.file == "pump.md")
    assert line.catalog.page_words(pump_doc.doc_id, 0), "the line PC re-tokenises every search"
    assert "E-047" in line.tags(), "the line PC's tag view misses a published machine"
    assert "fan.md" in found_files(line, "how often grease the fan bearings"), \
        "meaning search on the line PC misses a published manual"

    manual(tmp_path, "pump.md", "E-048", revision=2)  # the office replaces it
    list(office.ingest([pump]))
    office.remove("fan.md")
    line.sync()
    assert {d.file for d in line.documents()} == {"pump.md"}
    assert found_files(line, "E-048") >= {"pump.md"}
    hits = line.search("E-047 fan bearings grease overheated", k=10)
    assert {h.file for h in hits} <= {"pump.md"}, "the line PC found a removed manual"
    assert not [h for h in hits if "E-047" in h.text], "the line PC found the replaced version"
    assert set(published.assert_whole()) == {str(pump)}
    assert published.versions() == {d.doc_id for d in line.documents()}, \
        "the old version's passages stayed on the server"

    list(office.ingest([manual(tmp_path, "valve.md", "V-220")]))  # no sync asked now
    deadline = time.monotonic() + 20
    while "valve.md" not in {d.file for d in line.documents()}:
        assert time.monotonic() < deadline, "the line PC's mirror did not sync by itself"
        time.sleep(0.1)
    assert "valve.md" in found_files(line, "V-220")


def test_a_publisher_killed_anywhere_never_shows_half_a_document(published, server, tmp_path):
    """SIGKILL at a seeded random write of each of 10 publishes: after each, the reader sees
    every document whole at the old or the new version; the next publish completes it."""
    folder = tmp_path / "manuals"
    folder.mkdir()
    office = tmp_path / "office"
    files = [manual(folder, name, code) for name, code in
             (("pump.md", "E-047"), ("fan.md", "F-310"), ("valve.md", "V-220"))]
    writes = finished(publish(office, server.url, files))
    assert writes > 0
    before = published.assert_whole()
    rng = random.Random(16)
    for revision in range(2, 2 + KILLS):
        manual(folder, "pump.md", "E-047", revision)
        kill_at = rng.randint(1, 14)
        outcome = finished(publish(office, server.url, files, kill_at=kill_at))
        after = published.assert_whole()
        assert set(after) == set(before), f"kill at write {kill_at} lost or added a document"
        for path, record in after.items():
            pages = " ".join(row.text for row in published.manifest.pages(record.doc_id))
            if path.endswith("pump.md"):
                assert record.doc_id == before[path].doc_id or f"revision {revision}" in pages
            else:
                assert record.doc_id == before[path].doc_id
        assert outcome == -1 or f"revision {revision}" in " ".join(
            row.text for row in published.manifest.pages(after[str(files[0])].doc_id))
        before = after
    finished(publish(office, server.url, files))
    final = published.assert_whole()
    pump_pages = published.manifest.pages(final[str(files[0])].doc_id)
    assert f"revision {1 + KILLS}" in " ".join(row.text for row in pump_pages)
    assert published.versions() == {r.doc_id for r in final.values()}, \
        "a killed publisher's passages were left on the server"


def test_two_offices_publishing_at_once_end_with_one_complete_store(
        published, server, open_client, tmp_path):
    folder = tmp_path / "manuals"
    folder.mkdir()
    shared = [manual(folder, f"line{n}.md", f"L-{n:03d}") for n in range(4)]
    own = [manual(folder, "office-a.md", "A-001"), manual(folder, "office-b.md", "B-001")]
    first = publish(tmp_path / "a", server.url, [*shared, own[0]])
    second = publish(tmp_path / "b", server.url, [*reversed(shared), own[1]])
    assert finished(first) > 0 and finished(second) > 0
    documents = published.assert_whole()
    assert sorted(Path(p).name for p in documents) == sorted(f.name for f in [*shared, *own]), \
        "a document was published twice or lost"
    assert published.versions() == {r.doc_id for r in documents.values()}

    manual(folder, "line0.md", "L-900", revision=2)  # office A replaces one for everybody
    assert finished(publish(tmp_path / "a", server.url, [shared[0]])) > 0
    views = [open_client(tmp_path / name, read_only=True) for name in ("a", "b")]
    catalogs = [{(d.path, d.doc_id) for d in view.documents()} for view in views]
    assert catalogs[0] == catalogs[1] == {(p, r.doc_id) for p, r in
                                           published.assert_whole().items()}
    assert views[0].keywords.doc_ids() == views[1].keywords.doc_ids()
    for view in views:
        assert found_files(view, "L-900") >= {"line0.md"}
