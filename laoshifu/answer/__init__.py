"""The answer pipeline: a question to a checked, cited answer, in four steps run in order.

1. `evidence`: from retrieved pages to evidence (the sentences near each matching passage,
   ranked for the question) and the refusal decision; helpers `value_check` (does a value
   question find a page stating such a value) and `safety` (the pages' warnings, word for word).
2. `compose`: what the answer leads with from the sources alone, and the final text that joins
   it with the model's checked sentences.
3. `prompt`: the model's prompt, fixed instructions then numbered sources within a token budget.
4. `check`: each sentence the model wrote matched to the span of a cited page that backs it;
   helper `quotes` (the spans a quote may be, and how well one supports a claim).

`asker` runs them: `Asker.ask` gives an `AnswerStream`, whose `result()` is the checked answer.
"""

from __future__ import annotations

from laoshifu.answer.asker import REFUSAL, AnswerStream, Asker, language_of
from laoshifu.answer.evidence import catalog_pages

__all__ = ["REFUSAL", "AnswerStream", "Asker", "catalog_pages", "language_of"]
