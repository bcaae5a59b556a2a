"""The CLI contract that scripts and evaluations rely on, run as a user runs it: a real process
with its own library folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def laoshifu(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "LAOSHIFU_DATA": str(data)}
    return subprocess.run([sys.executable, "-m", "laoshifu", *args], capture_output=True,
                          text=True, env=env, timeout=600)


@pytest.fixture
def filled(data_dir, pump_manual, tmp_path) -> Path:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"garbage")
    run = laoshifu("ingest", str(pump_manual), str(DATA / "linuxcnc_integrator.pdf"), str(bad),
                   data=data_dir)
    assert run.returncode == 1, "a failed file must make ingest exit 1"
    assert "bad.pdf" in run.stdout and "FAILED" in run.stdout
    # what was added is prepared to answer from before the command exits
    assert "Ready to answer from P-101 pump manual.pdf" in run.stdout
    assert "Ready to answer from bad.pdf" not in run.stdout
    return data_dir


def test_docs_json_lists_every_document_with_pages(filled):
    run = laoshifu("docs", "--json", data=filled)
    assert run.returncode == 0
    documents = {d["file"]: d for d in json.loads(run.stdout)["documents"]}
    assert {name: d["pages"] for name, d in documents.items()} == {
        "P-101 pump manual.pdf": 4, "linuxcnc_integrator.pdf": 20}
    assert set(documents["P-101 pump manual.pdf"]) >= {
        "doc_id", "file", "path", "pages", "status", "ocr_pages", "warnings"}


def test_search_json_follows_the_contract(filled):
    run = laoshifu("search", "E-047 motor overtemperature", "--k", "3", "--json", data=filled)
    assert run.returncode == 0
    result = json.loads(run.stdout)
    assert result["query"] == "E-047 motor overtemperature"
    top = result["hits"][0]
    assert set(top) >= {"file", "path", "page", "label", "score", "text", "doc_id"}
    assert (top["file"], top["page"]) == ("P-101 pump manual.pdf", 4)
    assert top["start"] <= top["span"][0] < top["span"][1] <= top["end"]
    assert len(result["hits"]) <= 3


def test_batch_queries_give_one_object_per_line_with_ids(filled, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "a", "question": "bearing housing bolt torque"}) + "\n"
        + json.dumps({"id": "b", "question": "stepper power supply current"}) + "\n",
        encoding="utf-8")
    run = laoshifu("search", "--queries", str(queries), "--json", data=filled)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["hits"][0]["page"] == 2
    assert lines[1]["hits"][0]["file"] == "linuxcnc_integrator.pdf"


def test_ask_json_cites_pages_in_the_store(filled):
    run = laoshifu("ask", "P-101 vibrates after bearing change, what now?", "--json",
                   data=filled)
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert set(answer) >= {"query", "answer", "citations", "grounded"}
    assert answer["grounded"] and answer["citations"]
    for citation in answer["citations"]:
        assert citation["file"] == "P-101 pump manual.pdf" and 1 <= citation["page"] <= 4


def test_remove_deletes_and_unknown_name_fails(filled):
    assert laoshifu("remove", "P-101 pump manual.pdf", data=filled).returncode == 0
    docs = json.loads(laoshifu("docs", "--json", data=filled).stdout)["documents"]
    assert [d["file"] for d in docs] == ["linuxcnc_integrator.pdf"]
    missing = laoshifu("remove", "nope.pdf", data=filled)
    assert missing.returncode == 1 and "laoshifu docs" in missing.stderr


def test_usage_errors_exit_2(data_dir):
    assert laoshifu("search", data=data_dir).returncode == 2
    assert laoshifu("frobnicate", data=data_dir).returncode == 2


def test_self_test_passes_every_step_and_leaves_the_library_alone(data_dir):
    run = laoshifu("self-test", data=data_dir)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    steps = [line for line in lines if line.startswith(("PASS", "FAIL"))]
    assert len(steps) == 5 and all(line.startswith("PASS") for line in steps), run.stdout
    assert any("search" in line and "page 4 first" in line for line in steps)
    assert any(line.startswith("llama.cpp: CPU :") and "AVX2 = 1" in line for line in lines)
    assert "Self-test passed" in lines[-1]
    assert not data_dir.exists(), "the self-test wrote into the user's library folder"


def test_version_names_the_release():
    run = subprocess.run([sys.executable, "-m", "laoshifu", "--version"], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0
    assert run.stdout.strip().startswith("laoshifu ") and run.stdout.strip()[9:][0].isdigit()


def test_self_test_fails_with_the_reason_when_the_model_is_unusable(data_dir, tmp_path,
                                                                     monkeypatch):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    monkeypatch.setenv("LAOSHIFU_MODEL", str(broken))
    run = laoshifu("self-test", data=data_dir)
    assert run.returncode == 1
    failed = [line for line in run.stdout.splitlines() if line.startswith("FAIL")]
    assert failed and "load the answer model" in failed[0] and "broken.gguf" in failed[0]
    assert "Self-test failed" in run.stdout


@pytest.fixture
def pump_only(data_dir, pump_manual) -> Path:
    assert laoshifu("ingest", str(pump_manual), data=data_dir).returncode == 0
    return data_dir


def test_feedback_ranks_the_marked_page_first_for_the_question_and_a_rewording(pump_only,
                                                                               tmp_path):
    question = "pump vibrates after bearing change"
    run = laoshifu("feedback", question, "P-101 pump manual.pdf", "2", "good", "--json",
                   data=pump_only)
    assert run.returncode == 0, run.stderr
    kept = json.loads(run.stdout)
    assert set(kept) == {"query", "doc_id", "file", "page", "mark"}
    assert (kept["query"], kept["file"], kept["page"], kept["mark"]) == (
        question, "P-101 pump manual.pdf", 2, "good")

    queries = tmp_path / "again.txt"
    queries.write_text(f"{question}\nthe pump vibrating after a bearing change?\n",
                       encoding="utf-8")
    run = laoshifu("search", "--queries", str(queries), "--json", data=pump_only)
    for line in run.stdout.splitlines():  # a new process: the mark outlived the last one
        assert json.loads(line)["hits"][0]["page"] == 2, line

    listed = laoshifu("feedback", "--list", "--json", data=pump_only)
    [mark] = json.loads(listed.stdout)["marks"]
    assert (mark["query"], mark["page"], mark["mark"], mark["doc_id"]) == (
        question, 2, "good", kept["doc_id"])
    assert "good" in laoshifu("feedback", "--list", data=pump_only).stdout


def test_feedback_usage_errors_exit_2_with_what_to_do(pump_only):
    manual = "P-101 pump manual.pdf"
    cases = {
        ("q", "nope.pdf", "1", "good"): "no document 'nope.pdf'",
        ("q", manual, "9", "good"): "has pages 1 to 4",
        ("q", manual, "-", "good"): "has pages 1 to 4",
        ("q", manual, "0", "good"): "a number from 1",
        ("q", manual, "2", "fine"): "good or bad",
        ("q", manual): "QUERY DOC PAGE good|bad",
        ("--list", "q"): "takes no question",
    }
    for args, message in cases.items():
        run = laoshifu("feedback", *args, data=pump_only)
        assert run.returncode == 2 and message in run.stderr, (args, run.stderr)
        assert "Traceback" not in run.stderr
    listed = laoshifu("feedback", "--list", data=pump_only)
    assert listed.returncode == 0 and "No marks yet" in listed.stdout
