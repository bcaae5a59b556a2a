"""Server mode's vector side, on a real Chroma server (`chroma run`) the session starts: the
CLI's flags keep its JSON; a read-only PC may search but not write; a server that is down or
hangs gives a readable message within the deadline, never a hang (Chroma's client sets no
timeout of its own) and never an offer to repair a library that is not damaged."""

from __future__ import annotations

import json
import threading
import time

import pytest

from index.chroma_server import ChromaServer
from kernel.config import VECTOR_SERVER_ENV, LibrarySettings, ServerDeadlines
from kernel.errors import StoreServerError
from laoshifu.cli import main
from tests.servers import VectorServer, chroma_command, free_port

DEADLINES = ServerDeadlines(connect_s=2.0, request_s=3.0)
SLACK_S = 2.0


@pytest.fixture
def vectors(vector_server_process):
    vector_server_process.empty()
    return vector_server_process


def test_the_cli_in_server_mode_keeps_its_json_and_a_read_only_pc_cannot_write(
        vectors, pump_manual, data_dir, capsys):
    server = ["--data", str(data_dir), "--vector-server", vectors.url]
    assert main([*server, "ingest", str(pump_manual)]) == 0
    capsys.readouterr()
    assert main([*server, "--read-only", "search", "E-047", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["query"] == "E-047" and payload["hits"][0]["file"] == pump_manual.name
    assert {"file", "path", "page", "label", "score", "text", "doc_id"} <= set(payload["hits"][0])

    assert main([*server, "--read-only", "remove", pump_manual.name]) == 1
    assert "read-only" in capsys.readouterr().err
    assert main([*server, "docs", "--json"]) == 0
    assert [d["file"] for d in json.loads(capsys.readouterr().out)["documents"]] == [
        pump_manual.name], "a read-only PC removed a document"


def test_a_hung_vector_server_is_given_up_within_the_deadline(vectors, data_dir,
                                                              search_models, pump_manual):
    from laoshifu.composition import open_library

    settings = LibrarySettings(data_dir, vector_server=vectors.url, deadlines=DEADLINES)
    library = open_library(settings, models=search_models, answers=None)
    try:
        list(library.ingest([pump_manual]))
        vectors.pause()
        started = time.monotonic()
        try:
            with pytest.raises(StoreServerError) as raised:
                library.search("bearing housing bolts torque")
        finally:
            vectors.resume()
        waited = time.monotonic() - started
        assert raised.value.reason is not None
        assert raised.value.reason.code == "vector_server_timeout"
        assert waited < DEADLINES.request_s + SLACK_S
        assert library.search("bearing housing bolts torque")[0].file == pump_manual.name, \
            "the library does not search again once the server is back"
    finally:
        library.close()


def test_a_vector_server_killed_mid_search_is_reported_and_searched_again_once_back(
        tmp_path, data_dir, search_models, pump_manual):
    """A server of its own, frozen while a search waits on it, then killed (its box lost
    power): the search ends with "does not answer" within the deadline, not a hang; the next
    one too; once the service is back on the same port and folder, the library searches
    again and has lost nothing."""
    from laoshifu.composition import open_library

    chroma_command()
    own = VectorServer(tmp_path / "server.log", tmp_path / "server-data")
    own.start()
    settings = LibrarySettings(data_dir, vector_server=own.url, deadlines=DEADLINES)
    library = open_library(settings, models=search_models)
    try:
        list(library.ingest([pump_manual]))
        failures: list[BaseException] = []

        def search() -> None:
            try:
                library.search("bearing housing bolts torque")
            except StoreServerError as error:
                failures.append(error)

        own.pause()
        searching = threading.Thread(target=search)
        started = time.monotonic()
        searching.start()
        time.sleep(0.5)  # the search is waiting on the server
        own.kill()
        searching.join(DEADLINES.request_s + SLACK_S)
        assert not searching.is_alive(), "a search hangs on a server that died under it"
        assert time.monotonic() - started < DEADLINES.request_s + SLACK_S
        assert len(failures) == 1 and failures[0].reason is not None
        assert failures[0].reason.code in ("vector_server_unreachable", "vector_server_timeout")
        with pytest.raises(StoreServerError) as raised:
            library.search("bearing housing bolts torque")
        assert raised.value.reason is not None
        assert raised.value.reason.code == "vector_server_unreachable"

        own.start()  # the same port and folder, as a restarted service
        assert library.search("bearing housing bolts torque")[0].file == pump_manual.name
        assert [d.file for d in library.documents()] == [pump_manual.name], "nothing is lost"
    finally:
        library.close()
        own.stop()


def test_a_vector_server_that_is_down_is_named_not_taken_for_damage(data_dir, search_models):
    from laoshifu.composition import open_library

    url = f"http://127.0.0.1:{free_port()}"
    settings = LibrarySettings(data_dir, vector_server=url, deadlines=DEADLINES)
    started = time.monotonic()
    with pytest.raises(StoreServerError) as raised:
        open_library(settings, models=search_models).close()
    assert time.monotonic() - started < DEADLINES.connect_s + SLACK_S
    assert raised.value.reason is not None
    assert raised.value.reason.code == "vector_server_unreachable"
    assert url in str(raised.value) and "plant IT" in str(raised.value)


def test_the_token_goes_to_the_server_as_a_bearer_header(vectors):
    storage = ChromaServer(vectors.url, "plant-token")
    try:
        assert storage.client()._server._session.headers["Authorization"] == "Bearer plant-token"
    finally:
        storage.release()


def test_the_self_test_keeps_its_sample_off_the_plant_server(vectors, monkeypatch):
    from laoshifu.self_test import Check, run

    monkeypatch.setenv(VECTOR_SERVER_ENV, vectors.url)
    checks: list[Check] = []
    steps = run()
    for item in steps:
        if isinstance(item, Check):
            checks.append(item)
            if item.name == "search":
                steps.close()  # the answer steps are the self-test's own tests'
                break
    assert [c.name for c in checks if c.passed] == ["open a temporary library",
                                                     "add the sample manual", "search"]
    storage = ChromaServer(vectors.url)
    assert not storage.has_data(), "the self-test wrote its sample into the plant's server"
