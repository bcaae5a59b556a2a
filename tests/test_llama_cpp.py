"""What is particular to llama.cpp in its own process, with the real SmolLM2 GGUF: readable
errors for a missing or unusable model file, and a crash of the process (SIGKILL, SIGILL) that
ends the reply with a message while the next reply works. What every chat model must do is in
tests/contracts/test_chat_model.py."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from kernel.config import GeneratorSettings
from kernel.errors import ModelError
from models.llama_cpp import LlamaCppProcess

SYSTEM = {"role": "system", "content": "You are a maintenance assistant. Answer briefly."}


def _chat(question: str) -> list[dict]:
    return [SYSTEM, {"role": "user", "content": question}]


def test_missing_model_file_says_what_to_do(tmp_path):
    chat_model = LlamaCppProcess(tmp_path / "missing.gguf", GeneratorSettings(n_threads=1))
    with pytest.raises(ModelError, match="--model"):
        chat_model.count_tokens("hello")


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    fake = tmp_path / "notes.gguf"
    fake.write_text("these are notes, not a model")
    with pytest.raises(ModelError, match="could not be loaded"):
        LlamaCppProcess(Path(fake), GeneratorSettings(n_threads=1)).count_tokens("hello")


@pytest.mark.parametrize("crash", [signal.SIGKILL, signal.SIGILL], ids=["SIGKILL", "SIGILL"])
def test_a_crash_of_the_model_mid_reply_is_explained_and_the_next_reply_works(chat_model, crash):
    generation = chat_model.stream_chat(_chat("Write a long story about a pump."), max_tokens=400)
    pieces = iter(generation)
    next(pieces)
    crashed = chat_model.pid
    os.kill(crashed, crash)

    with pytest.raises(ModelError) as raised:
        list(pieces)
    message = str(raised.value)
    assert signal.Signals(crash).name in message and "Ask again" in message
    if crash == signal.SIGILL:
        assert "CPU instruction" in message
    assert generation.wait(timeout=5)

    again = chat_model.stream_chat(_chat("Name one tool used to check shaft alignment."),
                                  max_tokens=8)
    assert "".join(again).strip(), "the next reply after a crash is empty"
    assert chat_model.pid not in (None, crashed), "no fresh model process after the crash"


def test_the_model_runs_outside_the_app_process(chat_model):
    chat_model.count_tokens("warm up")
    assert chat_model.pid not in (None, os.getpid())
    assert "llama_cpp" not in sys.modules, "llama.cpp was loaded into the app's own process"
