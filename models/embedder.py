"""Sentence embeddings from a local sentence-transformers folder (the bundled MiniLM by default).

Loading takes seconds, so the constructor only remembers the path; the first call loads the
weights, once, thread-safely. Vectors are L2-normalised so cosine distance in the store is a dot
product.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from kernel.errors import ModelError
from models.token_counter import SPECIAL_TOKENS
from models.tokenizer_file import TokenizerFile


class Embedder:
    """A sentence-transformers model (`DenseEncoder` and `TokenCounter`): the English-only
    bundled MiniLM, or a folder the user chose instead of the multilingual model."""

    def __init__(self, model_path: Path, batch_size: int = 32):
        self.model_path = model_path
        self.name = f"st-{model_path.name}"
        # Above this, a page is about the question by meaning alone (all-MiniLM-L6-v2: related
        # pages scored 0.4-0.8, unrelated ones below 0.15).
        self.relevance_floor = 0.45
        self.batch_size = batch_size
        self._model = None
        self._tokenizer = TokenizerFile(model_path)
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
        if (self.model_path / "sentence_bert_config.json").is_file():
            return self._tokenizer.max_tokens
        return self.model.max_seq_length - SPECIAL_TOKENS

    def count_tokens(self, text: str) -> int:
        """Its own tokenizer's count (`TokenCounter`), without loading the weights when the
        folder has a fast tokenizer."""
        if (self.model_path / "tokenizer.json").is_file():
            return self._tokenizer.count_tokens(text)
        return len(self.model.tokenizer(text, add_special_tokens=False)["input_ids"])

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
