"""The chat-model contract: every `ChatModel` implementation passes the same tests: llama.cpp in
a process of the app, and the plant's answer server (a real `python -m llama_cpp.server` the
session starts). Add a backend by adding a fixture to IMPLEMENTATIONS.

A reply streams in pieces and says what it cost; fixed instructions are read once; cancel
returns control within half a second; a prompt the window cannot hold is refused before any
work.
"""

from __future__ import annotations

import time

import pytest

from kernel.errors import ModelError
from models.chat_model import ChatModel, Reply

SYSTEM = {"role": "system", "content": "You are a maintenance assistant. Answer briefly."}
# Each implementation is a fixture of the test session (loading a model takes seconds).
IMPLEMENTATIONS = ["chat_model", "answer_server"]


@pytest.fixture(params=IMPLEMENTATIONS)
def model(request) -> ChatModel:
    return request.getfixturevalue(request.param)


def _chat(question: str) -> list[dict]:
    return [SYSTEM, {"role": "user", "content": question}]


def test_implementations_have_every_method_of_the_seam(model):
    assert isinstance(model, ChatModel)
    reply = model.stream_chat(_chat("Say yes."), max_tokens=2)
    assert isinstance(reply, Reply)
    list(reply)
    assert model.name and model.n_ctx > 0 and model.system_info()


def test_reply_streams_in_pieces_with_its_cost(model):
    question = "Name one tool used to check shaft alignment."
    reply = model.stream_chat(_chat(question), max_tokens=12)
    pieces = list(reply)
    assert len(pieces) > 1 and "".join(pieces).strip()
    stats = reply.stats
    assert stats.prompt_tokens == model.prompt_tokens(_chat(question))
    assert 0 < stats.generated_tokens <= 12
    assert stats.first_token_s is not None and stats.total_s >= stats.first_token_s
    assert model.count_tokens(question) > 5


def test_fixed_instructions_are_read_once(model):
    list(model.stream_chat(_chat("What is a bearing puller?"), max_tokens=2))
    second = model.stream_chat(_chat("What does a dial indicator measure?"), max_tokens=2)
    list(second)
    if second.stats.cached_tokens is None:
        pytest.skip(f"{model.system_info()} does not report what its cache saved")
    system_tokens = model.prompt_tokens([SYSTEM])
    assert second.stats.cached_tokens >= system_tokens - 1


def test_cancel_stops_generation_within_half_a_second(model):
    reply = model.stream_chat(_chat("Write a long story about a pump."), max_tokens=400)
    pieces = iter(reply)
    next(pieces)
    cancelled = time.monotonic()
    reply.cancel()
    rest = list(pieces)
    assert reply.wait(timeout=0.5), "the model kept generating after cancel()"
    assert time.monotonic() - cancelled < 0.5
    assert reply.cancelled and len(rest) <= 1
    assert reply.stats.generated_tokens < 400


def test_prompt_larger_than_the_window_is_refused_before_generating(model):
    with pytest.raises(ModelError, match="window"):
        model.stream_chat(_chat("bearing " * (model.n_ctx + 10)), max_tokens=8)
