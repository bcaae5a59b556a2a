"""Question to a checked, cited answer: the steps run in order.

Evidence comes first: retrieval picks the pages, and from each page the sentences that bear on
the question; those are on `AnswerStream.sources` before the model has written a word. When the
evidence is weak the answer is a fixed refusal in the question's language and the model is not
called at all. Otherwise the answer leads with the sources' best sentence for the question,
quoted; the local model writes a short answer from the chosen sentences, and every sentence it
writes is checked against the cited page (`laoshifu.answer.check`): kept when a quoted span
backs it, flagged unsupported otherwise (a 135M model cannot be trusted to restate a torque
value). Safety warnings of the pages the answer rests on are returned word for word, whatever
the model wrote. A model that cannot answer (an answer server down or too slow, a model file
that will not load) still leaves the pages on the stream; its error comes from the iteration.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

from index.retrieval import Retriever
from kernel.config import AnswerSettings
from kernel.errors import ModelError
from kernel.types import Answer, Hit
from laoshifu.answer.check import check
from laoshifu.answer.compose import compose
from laoshifu.answer.evidence import Evidence, PageText, dense_margin, evidence_for, has_evidence
from laoshifu.answer.prompt import INSTRUCTIONS, TEMPLATE_MARGIN, fit, messages
from models.chat_model import ChatModel, GenerationStats

_CJK = re.compile(r"[\u3400-\u9fff]")

REFUSAL = {
    "en": "Not found in your documents. Check the closest pages listed below.",
    "zh": "您的文档中没有找到答案。请查看下面列出的最相关页面。",
}


def language_of(text: str) -> str:
    return "zh" if len(_CJK.findall(text)) >= 2 else "en"


class AnswerStream:
    """An answer being written: `sources` at once, iterate for text pieces, `cancel()` to stop,
    `result()` for the checked answer once it is complete. A `failure` (the model could not
    start this answer) is raised by the iteration and by `result()`."""

    def __init__(self, question: str, sources: list[Hit], *, refusal: str | None = None,
                 generation=None, evidence: list[Evidence] | None = None,
                 failure: ModelError | None = None):
        self.question = question
        self.sources = sources
        self.refused = refusal is not None
        self._generation = generation
        self._evidence = evidence or []
        self._failure = failure
        self._text = refusal or ""
        self._pending = generation is not None or bool(refusal) or failure is not None
        self._cancelled = threading.Event()
        self._answer: Answer | None = None

    @property
    def stats(self) -> GenerationStats | None:
        """Prompt tokens, cached tokens, time to first token and speed (None when refused)."""
        return self._generation.stats if self._generation is not None else None

    def cancel(self) -> None:
        self._cancelled.set()
        if self._generation is not None:
            self._generation.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def __iter__(self) -> Iterator[str]:
        if not self._pending:
            return
        self._pending = False
        if self._failure is not None:
            raise self._failure
        if self._generation is None:
            yield self._text
            return
        for piece in self._generation:
            if self._cancelled.is_set():
                break
            self._text += piece
            yield piece

    def result(self) -> Answer:
        if self._failure is not None:
            raise self._failure
        if self._answer is None:
            for _ in self:
                pass
            self._answer = self._finish()
        return self._answer

    def _finish(self) -> Answer:
        if self.refused:
            return Answer(self.question, self._text, [], grounded=False, sources=self.sources)
        draft = self._text.strip()
        checked = check(draft, self._evidence)
        text, citations, unsupported = compose(self._evidence, checked)
        safety = [block for item in self._evidence for block in item.safety]
        return Answer(self.question, text, citations, grounded=True, sources=self.sources,
                      unsupported=unsupported, safety=safety, cancelled=self.cancelled,
                      draft=draft)


class Asker:
    def __init__(self, retriever: Retriever, chat_model: ChatModel, page_text: PageText,
                 settings: AnswerSettings | None = None):
        """`page_text` gives a hit's whole page as stored (quotes are spans of it)."""
        self._retriever = retriever
        self._chat_model = chat_model
        self._page_text = page_text
        self._settings = settings or AnswerSettings()

    def ask(self, question: str) -> AnswerStream:
        settings = self._settings
        ranked = self._retriever.rank(question, k=settings.sources)
        hits = ranked.hits
        language = language_of(question)
        pages = [(hit, self._page_text(hit)) for hit in hits]
        evidence = [evidence_for(question, hit, page) for hit, page in pages if page]
        margin = dense_margin(ranked.similarities) if evidence else 0.0
        if not has_evidence(question, evidence, margin, settings):
            return AnswerStream(question, hits, refusal=REFUSAL[language])
        try:
            blocks = fit([(item.hit, item.ranked) for item in evidence],
                         self._budget(question, language), self._chat_model.count_tokens)
            by_hit = {id(item.hit): item for item in evidence}
            chosen = [by_hit[id(block.hit)].numbered(block.n, block.sentences)
                      for block in blocks]
            generation = self._chat_model.stream_chat(messages(question, blocks, language),
                                                     max_tokens=settings.max_answer_tokens)
        except ModelError as error:
            return AnswerStream(question, hits, failure=error)
        return AnswerStream(question, [item.hit for item in chosen], generation=generation,
                            evidence=chosen)

    def _budget(self, question: str, language: str) -> int:
        """Prompt tokens left for sources: the smaller of the configured prompt budget (time to
        first token) and what the model's window holds beside the answer."""
        count = self._chat_model.count_tokens
        fixed = count(INSTRUCTIONS[language]) + count(question) + TEMPLATE_MARGIN
        window = self._chat_model.n_ctx - self._settings.max_answer_tokens
        return min(self._settings.prompt_budget, window) - fixed
