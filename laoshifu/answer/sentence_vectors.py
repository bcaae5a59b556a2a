"""The search model's vectors of page sentences, kept between questions.

Embedding the candidate sentences is most of the time an answer takes before it is on screen
(about 25 ms a sentence on two busy cores), and the next question about the same machine reads
the same pages: a rephrasing, a follow-up, the same question from the next shift. So vectors
are kept by sentence text, the least recently used dropped first, and only the sentences not
seen before go to the model.

Each goes to the model alone. The search model's int8 kernels scale a batch's activations
together (`models.e5_onnx`), so a sentence embedded beside others got another vector (cosine
up to 7e-4 apart, a component up to 0.004): which sentences a question found cached decided
its batch, and near-tied spans changed places between two askings of one question. Alone, a
sentence always gets one vector; 48 sentences took 0.81-0.91 s one at a time against
0.77-0.83 s in one batch (two cores).

A library keeps them on disk too (`store`, index.embedding_cache's sentence file), and makes
them for every page before its questions come (`prepare`, run by laoshifu.sentences_ahead):
the first question about a manual then embeds nothing but itself. Measured on the old dev set
with the corpus's 8,357 page sentences made ahead (93 s on two idle cores): composed answer
p50 0.12 s against 0.39-0.46 s, 4 sentences embedded at question time in 39 questions
against 850 (docs/benchmarks.md, "Session 48").
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

from index.embedding_cache import EmbeddingCache, text_hash

Embed = Callable[[Sequence[str]], list[list[float]]]

# Sentences kept: a few hundred pages' worth, a few MB of vectors.
KEPT = 8192


class SentenceVectors:
    """`embed` with a memory: the same text gets the same vector without the model. With a
    `store`, what the model makes is kept there under `model`'s name and looked up there
    before the model is asked."""

    def __init__(self, embed: Embed, kept: int = KEPT, store: EmbeddingCache | None = None,
                 model: str = "") -> None:
        self._embed = embed
        self._kept = kept
        self._store = store
        self._model = model
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        fresh = self._stored(missing)
        made = {text: self._made(text) for text in missing if text not in fresh}
        if made and self._store is not None:
            self._store.put(self._model, {text_hash(text): _as_bytes(vector)
                                          for text, vector in made.items()})
        fresh.update(made)
        with self._lock:
            self._vectors.update(fresh)
            found = [self._vectors.get(t) or fresh[t] for t in texts]
            for text in texts:
                if text in self._vectors:
                    self._vectors.move_to_end(text)
            while len(self._vectors) > self._kept:
                self._vectors.popitem(last=False)
        return found

    def prepare(self, texts: Sequence[str], keep_going: Callable[[], bool]) -> bool:
        """Make and store the vectors of `texts` the store lacks, one text at a time while
        `keep_going`; whether all are stored. Not kept in memory: a whole library's
        sentences would push out those of the questions being asked."""
        if self._store is None:
            return False
        wanted = list(dict.fromkeys(texts))
        have = self._store.vectors(self._model, [text_hash(text) for text in wanted])
        for text in wanted:
            key = text_hash(text)
            if key in have:
                continue
            if not keep_going():
                return False
            self._store.put(self._model, {key: _as_bytes(self._made(text))})
        return True

    def _made(self, text: str) -> list[float]:
        """The model's vector of `text` alone, as the store keeps it (float32), so a vector
        found there and one just made are the same."""
        return np.asarray(self._embed([text])[0], dtype=np.float32).tolist()

    def _stored(self, texts: list[str]) -> dict[str, list[float]]:
        if self._store is None or not texts:
            return {}
        keys = {text_hash(text): text for text in texts}
        found = self._store.vectors(self._model, keys.keys())
        return {keys[key]: np.frombuffer(vector, dtype=np.float32).tolist()
                for key, vector in found.items()}


def _as_bytes(vector: list[float]) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()
