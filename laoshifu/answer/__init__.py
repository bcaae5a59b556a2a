"""The answer pipeline: a question to a checked, cited answer, in four steps run in order.

1. `evidence`: from retrieved pages to evidence (the sentences near each matching passage,
   ranked for the question); `gate`: whether the library can answer, decided on what the
   question asks for (a product the library does not hold, a value no page states, a topic it
   does not cover), with a refusal naming what is missing; helpers `value_check` (does a value
   question find a page stating such a value) and `safety` (the pages' warnings, word for
   word).
2. `spans`: the sentence, table row or run of numbered steps that answers, chosen by meaning,
   words and what the question asks for; `compose` turns them into the answer's cited lines
   (on screen at once, no model) and joins the model's checked sentences to them.
3. `prompt`: the model's prompt, fixed instructions then the chosen spans within a token budget.
4. `check`: each sentence the model wrote, as soon as it is complete, matched to the span of a
   cited page that backs it; helper `quotes` (the spans a quote may be, how well one supports
   a claim, and the values and codes a claim must share with it).

`asker` runs them: `Asker.ask` gives an `AnswerStream`: `composed` at once, then the model's
checked `Line`s as it is iterated, and `result()` for the whole answer.
"""

from __future__ import annotations

from laoshifu.answer.asker import AnswerStream, Asker, Line
from laoshifu.answer.bilingual import language_of
from laoshifu.answer.evidence import catalog_pages
from laoshifu.answer.gate import REFUSAL

__all__ = ["REFUSAL", "AnswerStream", "Asker", "Line", "catalog_pages", "language_of"]
