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
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

Embed = Callable[[Sequence[str]], list[list[float]]]

# Sentences kept: a few hundred pages' worth, a few MB of vectors.
KEPT = 8192


class SentenceVectors:
    """`embed` with a memory: the same text gets the same vector without the model."""

    def __init__(self, embed: Embed, kept: int = KEPT):
        self._embed = embed
        self._kept = kept
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        fresh = {text: self._embed([text])[0] for text in missing}
        with self._lock:
            self._vectors.update(fresh)
            found = [self._vectors.get(t) or fresh[t] for t in texts]
            for text in texts:
                if text in self._vectors:
                    self._vectors.move_to_end(text)
            while len(self._vectors) > self._kept:
                self._vectors.popitem(last=False)
        return found
