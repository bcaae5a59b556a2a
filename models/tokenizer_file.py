"""A `TokenCounter` from a Hugging Face `tokenizer.json`, without the model's weights.

Passages are sized with the bundled MiniLM's WordPiece tokenizer (the e5 runtime's own
tokenizer is plain Python, too slow for the chunker's many calls): loading only the tokenizer
skips torch's import (a second with the interpreter held, while the window should repaint) and
about 500 MB.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from kernel.errors import ModelError
from models.token_counter import SPECIAL_TOKENS


class TokenizerFile:
    """A Hugging Face `tokenizer.json` (and the window from `sentence_bert_config.json`) of a
    sentence-transformers folder, loaded on first use, once, thread-safely."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._count: Callable[[str], int] | None = None
        self._lock = threading.Lock()

    @property
    def max_tokens(self) -> int:
        config = self.folder / "sentence_bert_config.json"
        try:
            length = json.loads(config.read_text(encoding="utf-8"))["max_seq_length"]
        except (OSError, ValueError, KeyError) as error:
            raise ModelError(f"no model window size in {config}. Choose a sentence-transformers "
                             "folder that holds sentence_bert_config.json.") from error
        return int(length) - SPECIAL_TOKENS

    def count_tokens(self, text: str) -> int:
        with self._lock:
            if self._count is None:
                self._count = self._load()
        return self._count(text)

    def _load(self) -> Callable[[str], int]:
        path = self.folder / "tokenizer.json"
        if not path.is_file():
            raise ModelError(f"no tokenizer.json in {self.folder}. Choose a sentence-transformers "
                             "folder saved with a fast tokenizer.")
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(path))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids)
