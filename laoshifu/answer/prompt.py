"""Step 3, the model's prompt: fixed instructions first, then numbered evidence, then the question.

The instructions come first and never change, so llama.cpp keeps them in its cache from one
question to the next and only the sources and question are read anew. The sources are the
sentences of each retrieved page that bear on the question, whole, in page order, within a token
budget: on two CPU cores SmolLM2 reads about 190 prompt tokens a second, so every sentence in
the prompt is time before the first word of the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from index.sentences import Span
from kernel.types import Hit

INSTRUCTIONS = {
    "en": ("You answer maintenance questions using only the numbered sources. Answer in one "
           "short sentence. Copy values, codes and names exactly as the sources write them. "
           "End the sentence with its source number in brackets, for example [1]. "
           "Answer in English."),
    "zh": ("你只根据编号资料回答维修问题。用一句简短的话回答。"
           "数值、代码和名称必须与资料完全一致。"
           "句末用方括号写出资料编号，例如 [1]。用中文回答。"),
}
_QUESTION = {"en": "Question", "zh": "问题"}
# Tokens the chat template adds around each message, and a safety margin for tokenisation of
# joined text differing from the sum of its parts.
TEMPLATE_MARGIN = 32


@dataclass(frozen=True)
class SourceBlock:
    """One numbered source as the model sees it: a page and its chosen sentences."""

    n: int
    hit: Hit
    sentences: list[Span]

    def render(self) -> str:
        where = f"{self.hit.file}, page {self.hit.page}" if self.hit.page else self.hit.file
        body = " ".join(" ".join(span.text.split()) for span in self.sentences)
        return f"[{self.n}] ({where}) {body}"


def messages(question: str, blocks: list[SourceBlock], language: str) -> list[dict]:
    sources = "\n\n".join(block.render() for block in blocks)
    return [
        {"role": "system", "content": INSTRUCTIONS[language]},
        {"role": "user", "content": f"{sources}\n\n{_QUESTION[language]}: {question}"},
    ]


def fit(ranked: list[tuple[Hit, list[Span]]], budget: int,
        count: Callable[[str], int]) -> list[SourceBlock]:
    """Numbered blocks holding the best sentences that fit `budget` tokens, whole.

    `ranked` pairs each source page with its sentences best first; a block keeps its page's
    source number (its position in `ranked`), so the model's [n] is the answer's [n]. Sentences
    are taken round robin, each source's best before any source's second best, so the top page
    cannot crowd out the others; each block then lists its sentences in page order, as the page
    reads.
    """
    chosen: list[list[Span]] = [[] for _ in ranked]
    spent = sum(count(SourceBlock(n, hit, []).render()) for n, (hit, _) in
                enumerate(ranked, start=1))
    depth = max((len(spans) for _, spans in ranked), default=0)
    for level in range(depth):
        for i, (_, spans) in enumerate(ranked):
            if level >= len(spans):
                continue
            cost = count(spans[level].text) + 1
            if spent + cost > budget:
                continue
            chosen[i].append(spans[level])
            spent += cost
    return [SourceBlock(n, hit, sorted(spans, key=lambda s: s.start))
            for n, ((hit, _), spans) in enumerate(zip(ranked, chosen, strict=True), start=1)
            if spans]
