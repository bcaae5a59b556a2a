"""A real `laoshifu ingest` killed with SIGKILL at random moments loses nothing.

After every kill the three stores are read as they were left on disk, before any library opens
(opening repairs some things, which would hide a fault): every document the catalog holds has
exactly its passages in the vector store and the keyword index, matching its page text and its
file; nothing else is stored except the unfinished document; and each finished document is found
by search. The next run resumes: what was stored is kept, only the rest is embedded.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.catalog import INDEXED, Catalog
from index.chroma import EmbeddedChroma
from index.keywords import KeywordIndex
from kernel.config import DataPaths
from laoshifu.indexer import content_hash
from tests.documents import PUMP_MANUAL, PUMP_MANUAL_ZH, write_pdf

SEED = 20240607
FAST_KILLS, SLOW_KILLS = 3, 24
# A kill comes a random time (up to JITTER seconds) after a random line (up to the LINE-th) of
# the run's progress output: from opening the library to the last commit, every phase is hit,
# without spending kills on the seconds the models take to load.
KILL_AFTER_LINE, KILL_JITTER_SECONDS = 10, 3.0
WORDS = ("bearing", "seal", "coupling", "impeller", "shaft", "motor", "alarm", "pressure",
         "valve", "strainer", "gasket", "torque", "alignment", "vibration", "lubrication",
         "housing", "flange", "pump", "filter", "sensor")


def _page(code: str, number: int, rng: random.Random) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(150))
    return f"Section {number}. Fault {code}-{number:03d}: {body}."


def crash_corpus(folder: Path) -> dict[str, str]:
    """A long manual (several embedding steps) and four short files; file name -> a code only
    that file holds, to search for."""
    rng = random.Random(SEED)
    folder.mkdir()
    for name, code, pages in (("gearbox manual.pdf", "GBX", 36),
                              ("compressor manual.pdf", "CMP", 10)):
        write_pdf(folder / name, [_page(code, n, rng) for n in range(1, pages + 1)])
    write_pdf(folder / "pump.pdf", PUMP_MANUAL)
    write_pdf(folder / "泵 手册.pdf", PUMP_MANUAL_ZH, cjk=True)
    (folder / "notes.md").write_text("# Shift notes\nValve V-778 replaced after leak.\n",
                                     encoding="utf-8")
    return {"gearbox manual.pdf": "GBX-007", "compressor manual.pdf": "CMP-042",
            "pump.pdf": "E-047", "泵 手册.pdf": "百分表", "notes.md": "V-778"}


def start_ingest(data: Path, *paths: Path) -> tuple[subprocess.Popen, list[str]]:
    """`laoshifu ingest` in its own process group (its parser worker dies with it), and the
    lines it prints so far."""
    process = subprocess.Popen(
        [sys.executable, "-m", "laoshifu", "--data", str(data), "ingest", *map(str, paths)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={**os.environ, "LAOSHIFU_DATA": str(data)})
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    return process, lines


def wait_for_lines(lines: list[str], count: int, process: subprocess.Popen) -> bool:
    """Wait until the run printed `count` lines; False when it ended first."""
    deadline = time.monotonic() + 600
    while len(lines) < count:
        if process.poll() is not None:
            return False
        if time.monotonic() > deadline:
            pytest.fail(f"the ingest made no progress:\n{''.join(lines)}")
        time.sleep(0.02)
    return True


def wait_for_text(lines: list[str], text: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 600
    while not any(text in line for line in lines):
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"no '{text}' in the ingest output:\n{''.join(lines)}")
        time.sleep(0.02)


def kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def check_stores(data: Path, model: str, files: dict[str, str]) -> set[str]:
    """The stores as a crash left them agree with each other and with the files; returns the
    finished documents."""
    paths = DataPaths(data)
    catalog, keywords = Catalog(paths.catalog), KeywordIndex(paths.keywords)
    vectors = EmbeddedChroma(paths.vectors, model)
    try:
        live = catalog.live_ids()
        unfinished = set(catalog.in_progress())
        assert len(unfinished) <= 1, "more than one document was being written"
        assert set(vectors.doc_counts()) <= live | unfinished, "passages of no document"
        assert keywords.doc_ids() <= live | unfinished, "keywords of no document"
        finished = set()
        for record in catalog.documents():
            assert record.status == INDEXED
            assert record.content_hash == content_hash(Path(record.path)), record.file
            stored = vectors.stored_texts(record.doc_id)
            assert len(stored) == record.chunks == keywords.count_of(record.doc_id), record.file
            pages_text = "\n".join(row.text for row in catalog.pages(record.doc_id))
            assert all(" ".join(text.split()[:3]) in " ".join(pages_text.split())
                       for text in stored.values()), record.file
            finished.add(record.file)
        assert finished <= files.keys()
        return finished
    finally:
        vectors.close()
        keywords.close()
        catalog.close()


def check_searchable(data: Path, open_at, files: dict[str, str], finished: set[str]) -> None:
    library = open_at(data)
    try:
        for name in files:
            found = {hit.file for hit in library.search(files[name], k=3)}
            assert found <= finished, f"the unfinished {found - finished} is shown"
            assert name in found or name not in finished, f"{name} is not found"
    finally:
        library.close()


@pytest.fixture(scope="module")
def encoder(search_models):
    return search_models.encoder


def unfinished_passages(data: Path, model: str) -> tuple[str, int] | None:
    """The file whose ingest was interrupted, and how many of its passages are stored."""
    paths = DataPaths(data)
    catalog, vectors = Catalog(paths.catalog), EmbeddedChroma(paths.vectors, model)
    try:
        for doc_id, path in catalog.in_progress().items():
            return Path(path).name, vectors.count_of(doc_id)
        return None
    finally:
        vectors.close()
        catalog.close()


def first_progress(lines: list[str], name: str) -> int | None:
    """Passages counted as done at the first progress line of `name` (kept ones included)."""
    after = next((i for i, line in enumerate(lines) if line.rstrip().endswith(f" {name}")),
                 None)
    if after is None:
        return None
    for line in lines[after + 1:]:
        if line.startswith("["):
            return None
        if "indexed " in line:
            return int(line.split("indexed ")[1].split("/")[0])
    return None


def test_ingest_killed_at_random_moments_keeps_the_stores_in_agreement(
        tmp_path, open_at, encoder, slow):
    """Kill, check, run again (resuming), kill again... The first kill lands between two
    embedding steps of the long manual, so every run checks a resume; when a run gets to the
    end before its kill, the library starts afresh, so kills keep landing on work."""
    files = crash_corpus(tmp_path / "manuals")
    data = tmp_path / "library"
    rng = random.Random(SEED)
    kills = SLOW_KILLS if slow else FAST_KILLS
    finished_counts, resumes, completed_runs = [], [], 0
    interrupted = None
    while len(finished_counts) < kills:
        process, lines = start_ingest(data, tmp_path / "manuals")
        if not finished_counts:  # the first kill lands mid-document, between embedding steps
            wait_for_text(lines, "indexed 64/", process)
        elif wait_for_lines(lines, rng.randint(3 if len(finished_counts) == 1 else 1,
                                               KILL_AFTER_LINE), process):
            time.sleep(rng.uniform(0, KILL_JITTER_SECONDS))
        if process.poll() is None:
            kill(process)
            killed = True
        else:
            assert process.wait() == 0, "".join(lines)
            killed = False
        if interrupted and (kept := first_progress(lines, interrupted[0])) is not None:
            assert kept >= interrupted[1], f"{interrupted[0]} was embedded again from zero"
            resumes.append((interrupted[0], interrupted[1], kept))
        finished = check_stores(data, encoder.name, files)
        check_searchable(data, open_at, files, finished)
        interrupted = unfinished_passages(data, encoder.name)
        if killed:
            finished_counts.append(len(finished))
        else:
            assert finished == files.keys() and interrupted is None
            completed_runs += 1
            shutil.rmtree(data)
    process, lines = start_ingest(data, tmp_path / "manuals")
    assert process.wait(timeout=600) == 0, "".join(lines)
    assert check_stores(data, encoder.name, files) == files.keys()
    assert unfinished_passages(data, encoder.name) is None, "the interrupted file was left"
    assert resumes and resumes[0][1] >= 64, "the file killed mid-document did not resume"
    check_searchable(data, open_at, files, set(files))
    print(f"\n{kills} kills; documents finished after each: {finished_counts}; runs that "
          f"ended before their kill: {completed_runs}; resumed (file, passages stored, counted "
          f"done at restart): {resumes}")
