"""The answer model's own process: llama.cpp loaded here, driven over a pipe by
`LlamaCppProcess`.

llama.cpp is native code that a user's choice of GGUF file, or a build meeting a CPU it was not
made for, can crash (SIGSEGV, SIGILL). In this process such a crash ends only the model: the
window, the library and the question in progress survive, and the next question starts a
fresh process. The chat prompt is rendered here with the model's own template (from its GGUF
metadata) and tokenised once, so the caller knows exactly how many tokens it costs and how
many llama.cpp reuses from the previous call: the key/value cache keeps the longest common
prefix, so fixed instructions placed first are paid for once.

Requests arrive as tuples `(operation, *arguments)`; every reply is `(kind, value)`:
`ready` once the model is loaded, `ok` for a count or a rendering, `cached`, `token` for each
generated token (its text may be empty) and `end` for a reply, `error` with a `ModelError`.
"""

from __future__ import annotations

import signal
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from kernel.config import GeneratorSettings, enforce_offline
from kernel.errors import ModelError
from models.chat_model import REPEAT_PENALTY


class LlamaSession:
    """One loaded GGUF model with its chat template."""

    def __init__(self, model_path: Path, settings: GeneratorSettings):
        """`model_path` is a file: `LlamaCppProcess` checks that before starting this process."""
        from llama_cpp import Llama, llama_chat_format

        try:
            self.llama = Llama(model_path=str(model_path), n_ctx=settings.n_ctx,
                               n_threads=settings.n_threads,
                               n_gpu_layers=settings.n_gpu_layers, verbose=False)
        except (ValueError, RuntimeError) as error:
            raise ModelError(f"{model_path.name} could not be loaded as a GGUF model "
                             f"({error}). Choose another model file.") from error
        template = self.llama.metadata.get("tokenizer.chat_template")
        if not template:
            self.formatter = llama_chat_format.format_chatml
            return
        token_text = self.llama._model.token_get_text
        eos, bos = self.llama.token_eos(), self.llama.token_bos()
        self.formatter = llama_chat_format.Jinja2ChatFormatter(
            template=template, eos_token=token_text(eos) if eos != -1 else "",
            bos_token=token_text(bos) if bos != -1 else "", stop_token_ids=[eos])

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def render(self, messages: list[dict]) -> tuple[list[int], list[str]]:
        rendered = self.formatter(messages=messages)
        tokens = self.llama.tokenize(rendered.prompt.encode("utf-8"),
                                     add_bos=not rendered.added_special, special=True)
        stop = rendered.stop if isinstance(rendered.stop, list) else [rendered.stop or ""]
        return tokens, [s for s in stop if s]

    def generate(self, conn: Connection, cancel: Event, prompt: list[int], stop: list[str],
                 max_tokens: int) -> None:
        """Greedy decoding with a repeat penalty (small models otherwise loop on one
        sentence); stops at the next token once `cancel` is set."""
        llama = self.llama
        conn.send(("cached", _common_prefix(llama.input_ids[:llama.n_tokens], prompt)))
        stream: Any = llama.create_completion(prompt, max_tokens=max_tokens, temperature=0.0,
                                         repeat_penalty=REPEAT_PENALTY, stop=stop, stream=True)
        try:
            for part in stream:
                if cancel.is_set():
                    break
                choice = part["choices"][0]
                if choice.get("finish_reason") and not choice["text"]:
                    break  # the closing chunk: no token
                conn.send(("token", choice["text"]))
        finally:
            stream.close()


def _common_prefix(cached, prompt: list[int]) -> int:
    count = 0
    for old, new in zip(cached, prompt, strict=False):
        if old != new:
            break
        count += 1
    return count


def serve(conn: Connection, cancel: Event, model_path: Path,
          settings: GeneratorSettings) -> None:
    """The process's whole life: load, say ready, answer requests until the pipe closes (the
    app ended or dropped this process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the app's to handle, not ours
    enforce_offline()
    try:
        session = LlamaSession(model_path, settings)
    except ModelError as error:
        conn.send(("error", error))
        return
    conn.send(("ready", None))
    while True:
        try:
            operation, *arguments = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if operation == "count":
                conn.send(("ok", session.count_tokens(*arguments)))
            elif operation == "system":
                from llama_cpp import llama_print_system_info

                conn.send(("ok", llama_print_system_info().decode("utf-8", "replace")))
            elif operation == "render":
                conn.send(("ok", session.render(*arguments)))
            elif operation == "generate":
                session.generate(conn, cancel, *arguments)
                conn.send(("end", None))
        except (ValueError, RuntimeError) as error:
            conn.send(("error", ModelError(f"the answer model stopped with an error ({error}). "
                                           "Ask again, or choose another model file.")))
        except (BrokenPipeError, EOFError):
            return
