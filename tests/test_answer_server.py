"""Server mode's faults, on real llama.cpp servers the tests start, stop, kill and freeze: a
server killed in the middle of an answer, one that is down, one that hangs, a wrong key, and
llama_cpp.server's default of cutting an answer short for the next request. Each ends in a
message a technician can act on, within the deadline, with the pages found still listed; and
the library answers again once the server is back."""

from __future__ import annotations

import threading
import time

import pytest

from kernel.config import ServerDeadlines
from kernel.errors import ModelError
from models.openai_server import OpenAICompatibleServer
from tests.servers import AnswerServer, free_port, require_answer_server

QUESTION = "P-101 vibrates after bearing change, what now?"
# Short, so the tests are; a stalled server is given up after BETWEEN_TOKENS_S.
DEADLINES = ServerDeadlines(connect_s=2.0, first_token_s=60.0, between_tokens_s=3.0)
SLACK_S = 2.0


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A server of this module's own, to kill and freeze; started with llama_cpp.server's
    default `--interrupt_requests True`, as a plant that skipped docs/deploy.md would."""
    require_answer_server()
    server = AnswerServer(tmp_path_factory.mktemp("own-answer-server") / "server.log",
                          interrupt_requests=True)
    server.start()
    yield server
    server.stop()


def _client(url: str, key: str) -> OpenAICompatibleServer:
    return OpenAICompatibleServer(url, key, deadlines=DEADLINES)


@pytest.fixture
def server_library(data_dir, open_at, pump_manual):
    """The pump manual's library answering from a given server client."""
    opened = []

    def open_(client: OpenAICompatibleServer):
        library = open_at(data_dir, answers=client)
        opened.append((library, client))
        list(library.ingest([pump_manual]))
        return library

    yield open_
    for library, client in opened:
        library.close()
        client.close()


def _failure(stream) -> tuple[ModelError, float]:
    """The error the rest of an answer ends in, and how long it took to come."""
    started = time.monotonic()
    with pytest.raises(ModelError) as raised:
        for _ in stream:
            pass
    return raised.value, time.monotonic() - started


def test_a_server_killed_mid_answer_is_reported_and_answers_again_once_back(
        own_server, server_library, pump_manual):
    library = server_library(_client(own_server.url, own_server.key))
    stream = library.ask(QUESTION)
    pieces = iter(stream)
    next(pieces)
    own_server.kill()
    error, waited = _failure(pieces)
    assert error.reason is not None and error.reason.code == "answer_server_lost"
    assert own_server.url in str(error) and "plant IT" in str(error)
    assert waited < DEADLINES.between_tokens_s + SLACK_S

    down = library.ask(QUESTION)
    assert down.sources and down.sources[0].file == pump_manual.name, \
        "with the server down the pages found must still show"
    error, waited = _failure(down)
    assert error.reason is not None and error.reason.code == "answer_server_unreachable"
    assert waited < DEADLINES.connect_s + SLACK_S
    assert library.search("bearing housing bolts torque", k=1)[0].file == pump_manual.name
    assert [d.file for d in library.documents()] == [pump_manual.name], "nothing is lost"

    own_server.start()  # the same port, as a restarted service
    answer = library.ask(QUESTION).result()
    assert answer.grounded and answer.text and answer.citations


def test_a_hung_server_is_given_up_within_the_deadline(own_server, server_library):
    library = server_library(_client(own_server.url, own_server.key))
    stream = library.ask(QUESTION)
    pieces = iter(stream)
    next(pieces)
    own_server.pause()
    try:
        error, waited = _failure(pieces)
    finally:
        own_server.resume()
    assert error.reason is not None and error.reason.code == "answer_server_timeout"
    assert f"within {DEADLINES.between_tokens_s:g} seconds" in str(error)
    assert DEADLINES.between_tokens_s - SLACK_S < waited < DEADLINES.between_tokens_s + SLACK_S
    assert stream.sources


def test_a_refused_key_says_where_to_enter_the_right_one(answer_server_process):
    client = _client(answer_server_process.url, "not-the-key")
    try:
        with pytest.raises(ModelError) as raised:
            client.count_tokens("bearing")
    finally:
        client.close()
    assert raised.value.reason is not None and raised.value.reason.code == "answer_server_key"
    assert "Settings" in str(raised.value) and "--answer-key" in str(raised.value)


def test_an_answer_cut_short_for_another_request_is_reported_not_taken_as_whole(own_server):
    """llama_cpp.server's default ends the running answer with a normal [DONE] when another
    request waits; only the missing finish reason tells."""
    if own_server.process is None or own_server.process.poll() is not None:
        own_server.start()
    first, second = (_client(own_server.url, own_server.key) for _ in range(2))
    try:
        reply = first.stream_chat([{"role": "user", "content": "Write a long story about a "
                                    "pump."}], max_tokens=300)
        pieces = iter(reply)
        next(pieces)
        waiting = threading.Thread(target=second.count_tokens, args=("bearing",))
        waiting.start()
        with pytest.raises(ModelError) as raised:
            list(pieces)
        waiting.join(30)
    finally:
        first.close()
        second.close()
    assert raised.value.reason is not None and raised.value.reason.code == "answer_server_cut"
    assert "--interrupt_requests False" in str(raised.value)


def test_nothing_listening_is_reported_at_once_as_unreachable():
    client = _client(f"http://127.0.0.1:{free_port()}/v1", "")
    started = time.monotonic()
    try:
        with pytest.raises(ModelError) as raised:
            client.start()
    finally:
        client.close()
    assert raised.value.reason is not None
    assert raised.value.reason.code == "answer_server_unreachable"
    assert time.monotonic() - started < DEADLINES.connect_s + SLACK_S
