"""Untrusted files are parsed in a worker process: a file that takes too long is stopped with a
message, and a worker that dies takes only its own file down."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from ingest.sandbox import SandboxedParser
from kernel.errors import DamagedDocumentError, IngestError
from models.llama_cpp import PROCESS_NAME

DATA = Path(__file__).parent / "data"


def readers() -> list[multiprocessing.Process]:
    """The file reader's processes (the answer model has a process of its own besides)."""
    return [p for p in multiprocessing.active_children() if p.name != PROCESS_NAME]


@pytest.fixture
def parser():
    opened = SandboxedParser()
    yield opened
    opened.close()


def test_parse_in_the_worker_returns_every_page(parser):
    parsed = parser.parse(DATA / "linuxcnc_integrator.pdf")
    assert len(parsed.pages) == 20


def test_a_file_over_its_time_limit_is_stopped_and_the_next_one_still_parses(parser):
    with pytest.raises(IngestError, match="took longer than"):
        parser.parse(DATA / "linuxcnc_integrator.pdf", timeout=0.001)
    assert len(parser.parse(DATA / "linuxcnc_integrator.pdf").pages) == 20


def test_errors_from_the_worker_keep_their_advice(parser, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(DamagedDocumentError, match="Copy it again") as caught:
        parser.parse(bad)
    assert caught.value.path == bad


def test_a_worker_killed_mid_parse_fails_only_that_file(parser, pump_manual):
    parser.parse(pump_manual)  # the worker is up
    [worker] = readers()

    def kill_soon() -> None:
        time.sleep(0.3)
        os.kill(worker.pid, signal.SIGKILL)

    threading.Thread(target=kill_soon).start()
    with pytest.raises((DamagedDocumentError, IngestError)):
        # A slow parse: many pages through the worker while it is killed.
        for _ in range(200):
            parser.parse(DATA / "linuxcnc_integrator.pdf")
    assert len(parser.parse(pump_manual).pages) == 4


def test_a_reader_running_out_of_memory_gives_a_readable_message(tmp_path, pump_manual):
    from ingest.ocr import render_pdf_page

    scan = tmp_path / "scan.pdf"
    render_pdf_page(pump_manual, 1).convert("RGB").save(scan, "PDF")
    tight = SandboxedParser(memory_mb=700)
    try:
        with pytest.raises(IngestError) as caught:
            tight.parse(scan)
    finally:
        tight.close()
    message = str(caught.value)
    assert "Traceback" not in message and "\n" not in message
    assert "scan.pdf" in message and "memory" in message


def test_an_idle_reader_stops_and_its_memory_is_returned_and_the_next_file_still_parses():
    """After an ingest the reader holds hundreds of MB (the OCR engine, the last file's buffers)
    that searching never needs; it goes after a while idle, and comes back with the next file."""
    idle = SandboxedParser(idle_seconds=1)
    try:
        assert len(idle.parse(DATA / "linuxcnc_integrator.pdf").pages) == 20
        reader = readers()
        assert reader, "the file was not read in a separate process"
        deadline = time.monotonic() + 30
        while any(process.is_alive() for process in reader) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(process.is_alive() for process in reader), "the idle reader kept running"
        assert len(idle.parse(DATA / "linuxcnc_integrator.pdf").pages) == 20
    finally:
        idle.close()

