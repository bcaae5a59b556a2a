"""Question to a checked, cited answer: the steps run in order.

Evidence comes first: retrieval picks the pages, and from each page the sentences that bear on
the question; those are on `AnswerStream.sources` before the model has written a word. When the
evidence is weak the answer is a fixed refusal in the question's language and the model is not
called at all. Otherwise the spans that answer (the sentence, the table row, the run of steps:
`laoshifu.answer.spans`) are chosen and composed into the answer at once, with no model
(`AnswerStream.composed`). The local model then writes one short line from those spans, and
each of its sentences is checked as soon as it is complete (`laoshifu.answer.check`): a backed
sentence joins the answer, a rejected one stays in the draft and is never shown as the answer,
not even while it streams. Safety warnings of the pages the answer rests on are returned word
for word, whatever the model wrote. A model that cannot answer (an answer server down or too
slow, a model file that will not load) still leaves the pages and the composed answer on the
stream; its error comes from the iteration.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

from index.product_names import most_named
from index.retrieval import Retriever
from index.sentences import Span
from kernel.config import AnswerSettings
from kernel.errors import ModelError
from kernel.types import Answer, Citation, Hit
from laoshifu.answer.bilingual import language_of
from laoshifu.answer.check import MeaningCheck, check_claim, claims, is_claim
from laoshifu.answer.compose import Composed, compose, compose_spans
from laoshifu.answer.evidence import Evidence, PageText, evidence_for
from laoshifu.answer.furniture import NO_FURNITURE, Furniture, blanked, without_furniture
from laoshifu.answer.gate import PagesWith, missing, refusal_text
from laoshifu.answer.products import naming_documents, product_words
from laoshifu.answer.prompt import INSTRUCTIONS, TEMPLATE_MARGIN, fit, messages
from laoshifu.answer.sentence_vectors import SentenceVectors
from laoshifu.answer.spans import (
    Candidate,
    EmbedQuery,
    asked_product_first,
    carried_over,
    choose,
    rank_spans,
)
from models.chat_model import ChatModel, GenerationStats
from models.dense_encoder import DenseEncoder


@dataclass(frozen=True)
class Line:
    """One sentence the model wrote, checked once complete: `citation` is None when no source
    backs it (then it belongs to the draft, not to the answer)."""

    text: str
    citation: Citation | None

    @property
    def backed(self) -> bool:
        return self.citation is not None


class AnswerStream:
    """An answer being written: `sources` and `composed` at once, iterate for the model's
    sentences as each is checked, `cancel()` to stop, `result()` for the whole answer. A
    `failure` (the model could not start this answer) is raised by the iteration and by
    `result()`."""

    def __init__(self, question: str, sources: list[Hit], *, refusal: str | None = None,
                 composed: Composed | None = None, generation=None,
                 evidence: list[Evidence] | None = None, meaning: MeaningCheck | None = None,
                 failure: ModelError | None = None):
        self.question = question
        self.sources = sources
        self.refused = refusal is not None
        self._refusal = refusal or ""
        self._composed = composed or Composed([], [])
        self._generation = generation
        self._evidence = evidence or []
        self._meaning = meaning
        self._draft = ""
        self._lines: list[Line] = []
        self._failure = failure
        self._pending = generation is not None or failure is not None
        self._cancelled = threading.Event()
        self._answer: Answer | None = None

    @property
    def stats(self) -> GenerationStats | None:
        """Prompt tokens, cached tokens, time to first token and speed (None without model)."""
        return self._generation.stats if self._generation is not None else None

    @property
    def composed(self) -> Answer:
        """The answer from the sources alone, before the model writes: shown at once."""
        if self.refused:
            return self._refusal_answer()
        return self._answer_of(self._composed.text, self._composed.citations, [])

    @property
    def draft(self) -> str:
        """What the model has written so far, checked or not."""
        return self._draft

    def cancel(self) -> None:
        self._cancelled.set()
        if self._generation is not None:
            self._generation.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def __iter__(self) -> Iterator[str | Line]:
        """What the model writes as it comes: each raw piece (a `str`, the draft: never to be
        shown as the answer) and, once a sentence is complete (the next one starts, or the
        model stops), that sentence checked (a `Line`)."""
        if not self._pending:
            return
        self._pending = False
        if self._failure is not None:
            raise self._failure
        done = 0
        for piece in self._generation:
            if self._cancelled.is_set():
                break
            self._draft += piece
            yield piece
            found = claims(self._draft)
            for claim, named in found[done:-1]:
                yield from self._checked(claim, named)
            done = max(done, len(found) - 1)
        for claim, named in claims(self._draft)[done:]:
            yield from self._checked(claim, named)

    def _checked(self, claim: str, named: list[int]) -> Iterator[Line]:
        if not is_claim(claim):
            return
        line = Line(claim, check_claim(claim, named, self._evidence, meaning=self._meaning))
        self._lines.append(line)
        yield line

    def result(self) -> Answer:
        if self._failure is not None:
            raise self._failure
        if self._answer is None:
            for _ in self:
                pass
            self._answer = self._finish()
        return self._answer

    def _refusal_answer(self) -> Answer:
        return Answer(self.question, self._refusal, [], grounded=False, sources=self.sources)

    def _answer_of(self, text: str, citations: list[Citation], rejected: list[str]) -> Answer:
        used = {c.n for c in citations}
        safety = [block for item in self._evidence if item.n in used for block in item.safety]
        return Answer(self.question, text, citations, grounded=True, sources=self.sources,
                      unsupported=rejected, safety=safety, cancelled=self.cancelled,
                      draft=self._draft.strip())

    def _finish(self) -> Answer:
        if self.refused:
            return self._refusal_answer()
        text, citations, rejected = compose(self._composed,
                                            [(line.text, line.citation) for line in self._lines])
        return self._answer_of(text, citations, rejected)


class Asker:
    def __init__(self, retriever: Retriever, chat_model: ChatModel, page_text: PageText,
                 encoder: DenseEncoder, pages_with: PagesWith,
                 sentence_vectors: SentenceVectors | None = None,
                 settings: AnswerSettings | None = None,
                 furniture: Callable[[str], Furniture] | None = None,
                 files: Mapping[str, str] | None = None,
                 page_counts: Mapping[str, int] | None = None,
                 embed_query: EmbedQuery | None = None):
        """`page_text` gives a hit's whole page as stored (quotes are spans of it); `encoder`
        is the search model, which ranks spans and checks lines across languages by meaning;
        `pages_with` finds a word's pages library-wide (what the library lacks to answer);
        `sentence_vectors` keeps its vectors of page sentences from one question to the next;
        `furniture` gives a document's furniture by its id (`laoshifu.answer.furniture`: its
        running lines, title block and OCR'd pages), which span choice never shows; `files`
        each document's file name by its id (a product's name is in its manuals' names),
        `page_counts` its number of pages (a word on most of them is no value's subject);
        `embed_query` the search model's question vector, remembered by the library's search
        (`index.feedback.remembered`): the question it just searched is not embedded again."""
        self._retriever = retriever
        self._pages_with = pages_with
        self._chat_model = chat_model
        self._page_text = page_text
        self._encoder = encoder
        self._embed_query = embed_query or encoder.embed_query
        self._embed = sentence_vectors or SentenceVectors(encoder.embed)
        self._settings = settings or AnswerSettings()
        self._furniture = furniture or (lambda _: NO_FURNITURE)
        self._span_page = without_furniture(page_text, self._furniture)
        self._files = files or {}
        self._page_counts = page_counts or {}

    def ask(self, question: str, with_model: bool = True) -> AnswerStream:
        """The answer to `question`; `with_model` False composes it from the sources alone."""
        settings = self._settings
        ranked = self._retriever.rank(question, k=settings.sources)
        hits = ranked.hits
        language = language_of(question)
        pages = [(hit, self._page_text(hit)) for hit in hits]
        evidence = [evidence_for(question, hit, page) for hit, page in pages if page]
        lack = missing(question, evidence, self._pages_with, self._files, self._page_counts,
                       lambda item: carried_over(item, self._span_page))
        if lack is not None:
            return AnswerStream(question, hits, refusal=refusal_text(lack, language))
        numbered = [replace(item, n=n) for n, item in enumerate(evidence, start=1)]
        readable = [self._without_furniture(item) for item in numbered]
        naming = naming_documents(question, readable, self._pages_with)
        # A board named without a model code ("Octopus") picks its manuals by their file
        # names: the answer shows none of another board's lines beside them.
        preferred = naming or set(most_named(
            [question, self._retriever.translated(question)],
            {item.hit.doc_id for item in readable}, self._pages_with, self._files)) or None
        ranked_spans = asked_product_first(
            rank_spans(question, readable, self._embed, self._embed_query,
                       product_words(question, readable, naming, self._pages_with,
                                     self._files)), preferred)
        chosen = choose(question, ranked_spans, self._span_page, self._embed, preferred)
        chosen, numbered = _number_continuations(chosen, numbered)
        numbered = [item.numbered(item.n, _shown(item, chosen)) for item in numbered]
        sources = [item.hit for item in numbered]
        meaning = MeaningCheck(self._embed, settings.min_meaning)
        composed = compose_spans(chosen)
        if not with_model:
            return AnswerStream(question, sources, composed=composed, evidence=numbered)
        try:
            blocks = fit([(item.hit, item.shown) for item in numbered],
                         self._budget(question, language), self._chat_model.count_tokens)
            generation = self._chat_model.stream_chat(messages(question, blocks, language),
                                                     max_tokens=settings.max_answer_tokens)
        except ModelError as error:
            return AnswerStream(question, sources, composed=composed, evidence=numbered,
                                failure=error)
        return AnswerStream(question, sources, composed=composed, generation=generation,
                            evidence=numbered, meaning=meaning)

    def _without_furniture(self, item: Evidence) -> Evidence:
        """The evidence as span choice reads it: its page with the document's furniture
        blanked, so no span, block or step shows it (the gate and the check read the page
        as stored)."""
        hit = item.hit
        page = blanked(item.page, self._furniture(hit.doc_id), hit.page_index)
        return item if page == item.page else item.reread(page)

    def _budget(self, question: str, language: str) -> int:
        """Prompt tokens left for sources: the smaller of the configured prompt budget (time to
        first token) and what the model's window holds beside the answer."""
        count = self._chat_model.count_tokens
        fixed = count(INSTRUCTIONS[language]) + count(question) + TEMPLATE_MARGIN
        window = self._chat_model.n_ctx - self._settings.max_answer_tokens
        return min(self._settings.prompt_budget, window) - fixed


def _number_continuations(chosen: list[Candidate], numbered: list[Evidence]
                          ) -> tuple[list[Candidate], list[Evidence]]:
    """Pages a run of steps continues on (or starts on: the page before a retrieved one)
    become sources of their own, numbered after the retrieved ones (or keep their number when
    retrieval found them too), so each step is cited to its real page."""
    out, sources = [], list(numbered)

    def source(page: Evidence) -> Evidence:
        key = (page.hit.doc_id, page.hit.page_index)
        found = next((item for item in sources
                      if (item.hit.doc_id, item.hit.page_index) == key), None)
        if found is None:
            found = replace(page, n=len(sources) + 1)
            sources.append(found)
        return found

    for candidate in chosen:
        continued = candidate.continued
        candidate = replace(candidate, item=source(candidate.item),
                            continued=None if continued is None else source(continued))
        out.append(candidate)
    return out, sources


def _shown(item: Evidence, chosen: list[Candidate]) -> list[Span]:
    """The spans of `item` the answer shows (each step apart): what the model reads."""
    spans: list[Span] = []
    for candidate in chosen:
        if candidate.item.n == item.n:
            spans.extend(candidate.steps or [candidate.span])
        if candidate.continued is not None and candidate.continued.n == item.n:
            spans.extend(candidate.continued_steps)
    return spans
