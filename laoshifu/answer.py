"""Question to a cited answer: retrieve pages, number them, let the local model write, map `[n]`.

Evidence comes first: the retrieved pages are on `AnswerStream.sources` before the model has
written a word, so a front end can show them at once. When the evidence is too weak the answer is
a fixed refusal in the question's language and the model is not called at all.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

from index.keywords import coverage
from index.retrieval import Retriever
from laoshifu.types import Answer, Citation, Hit
from models.generator import Generator

SOURCES = 3
MAX_ANSWER_TOKENS = 200
# Share of the question's content words a retrieved page must hold to count as evidence on
# its own (semantic similarity is the other way in: see `min_relevance`).
MIN_COVERAGE = 0.5

_CJK = re.compile(r"[\u3400-\u9fff]")
_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
# Latin sentences end at punctuation followed by a space ("v1.1" and "0.05" do not end one);
# Chinese ones at full-width punctuation.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")

REFUSAL = {
    "en": "Not found in your documents. Check the closest pages listed below.",
    "zh": "您的文档中没有找到答案。请查看下面列出的最相关页面。",
}
_INSTRUCTIONS = {
    "en": ("Answer the question in one to three sentences, using only the sources. End each "
           "sentence with the number of its source in brackets, for example [1]. If the sources "
           "do not answer it, say so. Answer in English."),
    "zh": ("只根据资料，用一到三句话回答问题。每句话末尾用方括号写出资料编号，例如 [1]。"
           "如果资料中没有答案，就直接说明。用中文回答。"),
}


def language_of(text: str) -> str:
    return "zh" if len(_CJK.findall(text)) >= 2 else "en"


class AnswerStream:
    """An answer being written: iterate for text pieces, `cancel()` to stop, `result()` at end."""

    def __init__(self, question: str, sources: list[Hit], pieces: Iterator[str] | None,
                 refusal: str | None = None):
        self.question = question
        self.sources = sources
        self._pieces = pieces
        self._text = refusal or ""
        self._cancelled = threading.Event()
        self.refused = refusal is not None

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def __iter__(self) -> Iterator[str]:
        if self._pieces is None:
            if self._text:
                yield self._text
            return
        pieces, self._pieces = self._pieces, None
        for piece in pieces:
            if self._cancelled.is_set():
                break
            self._text += piece
            yield piece
        close = getattr(pieces, "close", None)
        if close:
            close()

    def result(self) -> Answer:
        for _ in self:
            pass
        if self.refused:
            return Answer(self.question, self._text, [], grounded=False, sources=self.sources)
        text = self._text.strip()
        return Answer(self.question, text, cite(text, self.sources), grounded=True,
                      sources=self.sources)


class Asker:
    def __init__(self, retriever: Retriever, generator: Generator, min_relevance: float):
        """`min_relevance`: the search model's similarity above which a page is about the
        question even when it shares few of its words (another language, a paraphrase)."""
        self._retriever = retriever
        self._generator = generator
        self._min_relevance = min_relevance

    def ask(self, question: str) -> AnswerStream:
        hits = self._retriever.search(question, k=SOURCES)
        language = language_of(question)
        if not self._has_evidence(question, hits):
            return AnswerStream(question, hits, None, refusal=REFUSAL[language])
        sources = self._fit_sources(hits, language, question)
        messages = [
            {"role": "system", "content": _INSTRUCTIONS[language]},
            {"role": "user", "content": f"{format_sources(sources)}\n\nQuestion: {question}"},
        ]
        pieces = self._generator.stream_chat(messages, max_tokens=MAX_ANSWER_TOKENS)
        return AnswerStream(question, sources, pieces)

    def _has_evidence(self, question: str, hits: list[Hit]) -> bool:
        """The library holds an answer when a retrieved page is close in meaning to the
        question, or holds most of its words; neither, and the app says so instead of letting
        the model invent one."""
        return any(hit.relevance >= self._min_relevance
                   or coverage(question, hit.text) >= MIN_COVERAGE for hit in hits)

    def _fit_sources(self, hits: list[Hit], language: str, question: str) -> list[Hit]:
        """Keep whole sources, best first, while they fit the model's window with the answer."""
        count = self._generator.count_tokens
        budget = (self._generator.n_ctx - MAX_ANSWER_TOKENS - count(_INSTRUCTIONS[language])
                  - count(question) - 64)
        kept: list[Hit] = []
        for hit in hits:
            cost = count(format_sources([hit]))
            if cost > budget:
                break
            kept.append(hit)
            budget -= cost
        return kept or hits[:1]


def format_sources(sources: list[Hit]) -> str:
    blocks = []
    for n, hit in enumerate(sources, start=1):
        where = f"{hit.file}, page {hit.page}" if hit.page else hit.file
        blocks.append(f"Source [{n}] ({where}):\n{hit.text.strip()}")
    return "\n\n".join(blocks)


def _best_sentence(claim: str, passage: str) -> str:
    sentences = [s.strip() for s in _SENTENCE_END.split(passage) if s.strip()]
    return max(sentences, key=lambda s: coverage(s, claim), default=passage.strip())


def cite(answer: str, sources: list[Hit], min_support: float = 0.5) -> list[Citation]:
    """Citations for an answer: the sources its `[n]` markers name, each with the passage
    sentence that best matches the claim; a sentence without a marker cites the source that
    supports it best, when that support is strong."""
    cited: dict[int, str] = {}
    for sentence in (s for s in _SENTENCE_END.split(answer) if s.strip()):
        numbers = [int(n) for group in _MARKER.findall(sentence) for n in group.split(",")]
        claim = _MARKER.sub("", sentence)
        if not numbers and sources:
            best = max(range(len(sources)), key=lambda i: coverage(claim, sources[i].text))
            if coverage(claim, sources[best].text) >= min_support:
                numbers = [best + 1]
        for n in numbers:
            if 1 <= n <= len(sources) and n not in cited:
                cited[n] = _best_sentence(claim, sources[n - 1].text)
    return [
        Citation(n=n, file=sources[n - 1].file, path=sources[n - 1].path,
                 page=sources[n - 1].page, quote=quote)
        for n, quote in sorted(cited.items())
    ]
