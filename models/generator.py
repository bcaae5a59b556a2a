"""Local answer generation through llama.cpp (llama-cpp-python), in process.

The model loads on first use and stays loaded; every call streams text pieces so a front end can
show the answer as it is written and stop it at any piece.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

from laoshifu.errors import ModelError

REPEAT_PENALTY = 1.3


class Generator:
    def __init__(self, model_path: Path, n_ctx: int = 2048, n_threads: int | None = None,
                 n_gpu_layers: int = 0):
        self.model_path = model_path
        self.n_ctx = n_ctx
        self.n_threads = n_threads or max(1, (os.cpu_count() or 2))
        self.n_gpu_layers = n_gpu_layers
        self._llama = None
        self._lock = threading.Lock()

    @property
    def llama(self):
        with self._lock:
            if self._llama is None:
                self._llama = self._load()
        return self._llama

    def _load(self):
        if not self.model_path.is_file():
            raise ModelError(f"the answer model file {self.model_path} does not exist. Choose a "
                             "local .gguf file in settings or with --model.")
        from llama_cpp import Llama

        try:
            return Llama(model_path=str(self.model_path), n_ctx=self.n_ctx,
                         n_threads=self.n_threads, n_gpu_layers=self.n_gpu_layers, verbose=False)
        except (ValueError, RuntimeError) as error:
            raise ModelError(f"{self.model_path.name} could not be loaded as a GGUF model "
                             f"({error}). Choose another model file.") from error

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def stream_chat(self, messages: list[dict], max_tokens: int = 256) -> Iterator[str]:
        """Yield the reply piece by piece, using the model's own chat template.

        Greedy decoding with a repeat penalty: small models otherwise loop on one sentence.
        """
        stream = self.llama.create_chat_completion(
            messages=messages, max_tokens=max_tokens, temperature=0.0,
            repeat_penalty=REPEAT_PENALTY, stream=True,
        )
        for part in stream:
            piece = part["choices"][0].get("delta", {}).get("content")
            if piece:
                yield piece
