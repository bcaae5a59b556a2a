"""The llama.cpp generator with the real SmolLM2 GGUF: streaming, prompt caching, cancellation
and readable errors."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from kernel.config import GeneratorSettings
from kernel.errors import ModelError
from models.generator import Generator

SYSTEM = {"role": "system", "content": "You are a maintenance assistant. Answer briefly."}


def _chat(question: str) -> list[dict]:
    return [SYSTEM, {"role": "user", "content": question}]


def test_reply_streams_in_pieces_with_its_cost(generator):
    generation = generator.stream_chat(_chat("Name one tool used to check shaft alignment."),
                                       max_tokens=12)
    pieces = list(generation)
    assert len(pieces) > 1 and "".join(pieces).strip()
    stats = generation.stats
    assert stats.prompt_tokens == len(generator.render(_chat(
        "Name one tool used to check shaft alignment."))[0])
    assert 0 < stats.generated_tokens <= 12
    assert stats.first_token_s is not None and stats.total_s >= stats.first_token_s


def test_fixed_instructions_are_read_once(generator):
    list(generator.stream_chat(_chat("What is a bearing puller?"), max_tokens=2))
    second = generator.stream_chat(_chat("What does a dial indicator measure?"), max_tokens=2)
    list(second)
    system_tokens = len(generator.render([SYSTEM])[0])
    assert second.stats.cached_tokens >= system_tokens - 1


def test_cancel_stops_generation_within_half_a_second(generator):
    generation = generator.stream_chat(_chat("Write a long story about a pump."), max_tokens=400)
    pieces = iter(generation)
    next(pieces)
    cancelled = time.monotonic()
    generation.cancel()
    rest = list(pieces)
    assert generation.wait(timeout=0.5), "the model kept generating after cancel()"
    assert time.monotonic() - cancelled < 0.5
    assert len(rest) <= 1
    assert generation.stats.generated_tokens < 400


def test_missing_model_file_says_what_to_do(tmp_path):
    generator = Generator(tmp_path / "missing.gguf", GeneratorSettings(n_threads=1))
    with pytest.raises(ModelError, match="--model"):
        generator.count_tokens("hello")


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    fake = tmp_path / "notes.gguf"
    fake.write_text("these are notes, not a model")
    with pytest.raises(ModelError, match="could not be loaded"):
        Generator(Path(fake), GeneratorSettings(n_threads=1)).count_tokens("hello")


def test_prompt_larger_than_the_window_is_refused_before_generating(generator):
    with pytest.raises(ModelError, match="window"):
        generator.stream_chat(_chat("bearing " * (generator.n_ctx + 10)), max_tokens=8)


@pytest.mark.parametrize("crash", [signal.SIGKILL, signal.SIGILL], ids=["SIGKILL", "SIGILL"])
def test_a_crash_of_the_model_mid_reply_is_explained_and_the_next_reply_works(generator, crash):
    generation = generator.stream_chat(_chat("Write a long story about a pump."), max_tokens=400)
    pieces = iter(generation)
    next(pieces)
    crashed = generator.pid
    os.kill(crashed, crash)

    with pytest.raises(ModelError) as raised:
        list(pieces)
    message = str(raised.value)
    assert signal.Signals(crash).name in message and "Ask again" in message
    if crash == signal.SIGILL:
        assert "CPU instruction" in message
    assert generation.wait(timeout=5)

    again = generator.stream_chat(_chat("Name one tool used to check shaft alignment."),
                                  max_tokens=8)
    assert "".join(again).strip(), "the next reply after a crash is empty"
    assert generator.pid not in (None, crashed), "no fresh model process after the crash"


def test_the_model_runs_outside_the_app_process(generator):
    generator.count_tokens("warm up")
    assert generator.pid not in (None, os.getpid())
    assert "llama_cpp" not in sys.modules, "llama.cpp was loaded into the app's own process"
