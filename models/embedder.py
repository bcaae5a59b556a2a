"""Sentence embeddings from a local sentence-transformers folder (the bundled MiniLM by default).

Loading takes seconds, so the constructor only remembers the path; the first call loads the
weights, once, thread-safely. Vectors are L2-normalised so cosine distance in the store is a dot
product.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from kernel.errors import ModelError


class DenseEncoder(Protocol):
    """What dense retrieval needs of a model: a name (one vector collection per model) and
    vectors for passages and for queries (some models embed the two differently)."""

    name: str
    relevance_floor: float

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


# Special tokens ([CLS], [SEP]) take two places of the model's window.
_SPECIAL_TOKENS = 2


class Embedder:
    def __init__(self, model_path: Path, batch_size: int = 32):
        self.model_path = model_path
        self.name = f"st-{model_path.name}"
        # Above this, a page is about the question by meaning alone (all-MiniLM-L6-v2: related
        # pages scored 0.4-0.8, unrelated ones below 0.15).
        self.relevance_floor = 0.45
        self.batch_size = batch_size
        self._model = None
        self._count: Callable[[str], int] | None = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self):
        if not (self.model_path / "config.json").is_file():
            raise ModelError(
                f"no sentence-transformers model in {self.model_path}. Choose a folder that "
                "holds config.json and the model weights.",
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:  # the copied bundle leaves torch out
            raise ModelError("this installation cannot run sentence-transformers models (torch "
                             "is not included). Use the bundled search model, or install "
                             "Laoshifu from source with `make run`.") from error
        try:
            return SentenceTransformer(str(self.model_path), device="cpu", local_files_only=True)
        except (OSError, ValueError) as error:
            raise ModelError(f"the embedding model in {self.model_path} cannot be loaded "
                             f"({error}).") from error

    @property
    def max_tokens(self) -> int:
        """Word pieces a passage may hold before the model truncates it."""
        config = self.model_path / "sentence_bert_config.json"
        if config.is_file():
            length = json.loads(config.read_text(encoding="utf-8")).get("max_seq_length")
            if length:
                return int(length) - _SPECIAL_TOKENS
        return self.model.max_seq_length - _SPECIAL_TOKENS

    def count_tokens(self, text: str) -> int:
        return self._counter()(text)

    def _counter(self) -> Callable[[str], int]:
        """Passage sizing needs only the tokenizer. With the default search model (e5) the
        MiniLM weights are never used, and loading them costs torch's import (a second with
        the interpreter held, while the window should repaint) and about 500 MB."""
        with self._lock:
            if self._count is None:
                self._count = self._load_counter()
        return self._count

    def _load_counter(self) -> Callable[[str], int]:
        if (self.model_path / "tokenizer.json").is_file():
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self.model_path / "tokenizer.json"))
            tokenizer.no_truncation()
            tokenizer.no_padding()
            return lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids)
        if self._model is None:  # a folder with only a slow tokenizer: the model's own
            self._model = self._load()
        model = self._model
        return lambda text: len(model.tokenizer(text, add_special_tokens=False)["input_ids"])

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]
