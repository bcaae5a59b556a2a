"""Passage sizing: how many tokens of the search model's window a text takes (the seam).

A passage longer than the window is truncated by the model and its tail can never be found, so
ingest counts with a real tokenizer rather than guessing from characters. Sizing needs only the
tokenizer, never the weights: loading those costs torch's import and hundreds of MB.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

# Special tokens ([CLS], [SEP]) take two places of the model's window.
SPECIAL_TOKENS = 2


@runtime_checkable
class TokenCounter(Protocol):
    """What ingest's chunker needs to size passages for the search model's window."""

    @property
    def max_tokens(self) -> int:
        """Tokens a passage may hold before the model truncates it."""
        ...

    def count_tokens(self, text: str) -> int: ...
