"""Feedback marks (index.feedback): the cosine a reworded question must reach to share a mark,
what marks cost a search, and what a mark carries over to a question asked in other words.

1. Calibration (no library): e5 vectors of the dev2 questions; pairs of phrasings of one need
   and pairs of different needs naming the same codes, models and values (a question naming
   others never shares a mark: index.feedback.identifiers); how many reach each cosine, on the
   tune half (where SAME_QUESTION was chosen), the test half and the whole set (pairs across
   the halves too); then near-copies (typos, terse rewrites) written for this check, and the
   test half's questions with a typo made by the script.
2. With --data (a library holding the corpus; copied, never modified): marks on the gold page
   of the first phrasing of each need, then the other phrasings searched with and without
   them (recall@1 and @3); then 200 marks in all and every question searched with and without
   them, interleaved question by question on the same library so load drifts alike: search
   p50/p95, the time spent in the marks' rerank, the time to keep one mark.

These marks are the gold pages, not a technician's: the figures say what marks cost and how far
one reaches, not what real marks would gain.

Usage: .venv/bin/python bench/feedback.py [--data CORPUS_LIBRARY] [--questions DIR]
Prints; never asserts.
"""

from __future__ import annotations

import argparse
import itertools
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel.config import LibrarySettings, enforce_offline  # noqa: E402

enforce_offline()  # before chromadb is imported below

from query import percentile  # noqa: E402
from retrieval import Question, load_questions  # noqa: E402

from index.feedback import (  # noqa: E402
    SAME_QUESTION,
    FeedbackMarks,
    identifiers,
    question_key,
    remembered,
)
from index.retrieval import Retriever  # noqa: E402
from kernel.errors import LaoshifuError  # noqa: E402
from kernel.types import GOOD  # noqa: E402
from laoshifu.composition import open_library  # noqa: E402
from laoshifu.library import Library  # noqa: E402

QUESTIONS = ROOT / "bench" / "questions"
THRESHOLDS = (0.90, 0.92, 0.93, 0.94, 0.95, 0.96)
MARKS = 200
K = 5
# Near-copies of a question: what a mark should reach (checked by hand, not from dev2).
NEAR_COPIES = [
    ("pump vibrates after bearing change", "pump vibrates after baring change"),
    ("What torque for the bearing housing bolts?", "bearing housing bolt torque"),
    ("What torque for the bearing housing bolts?", "torque of the bearing housing bolts please"),
    ("klipper menuconfig on octopus - bootloader offset?",
     "klipper menuconfig on octopus, bootlader ofset?"),
    ("八爪鱼上用 A4988 驱动，电机一动不动，跳线帽要怎么短接？",
     "八爪鱼 A4988 电机不动 跳线帽怎么接"),
]

Encode = Callable[[str], list[float]]


def calibration(encode: Encode, folder: Path) -> None:
    print(f"Same-question cosine (SAME_QUESTION = {SAME_QUESTION}); pairs naming the same "
          "codes, models and values")
    print(f"{'half':>5} {'pairs':>17} " + " ".join(f"{t:>11}" for t in THRESHOLDS) + "     max")
    for half, name in (("tune", "dev2_tune"), ("test", "dev2_test"), ("all", "dev2")):
        questions = load_questions(folder / f"{name}.jsonl")
        vectors = np.array([encode(q.text) for q in questions])
        similarity = vectors @ vectors.T
        asked = [identifiers(q.text) for q in questions]
        same, other = [], []
        for i, j in itertools.combinations(range(len(questions)), 2):
            if asked[i] == asked[j]:
                one_need = questions[i].group == questions[j].group
                (same if one_need else other).append(similarity[i, j])
        for name, values in (("one need", same), ("different needs", other)):
            counts = " ".join(f"{sum(v >= t for v in values):>5}/{len(values):<5}"
                              for t in THRESHOLDS)
            print(f"{half:>5} {name:>17} {counts} {max(values):.3f}")
    print("near-copies: " + ", ".join(f"{float(np.dot(encode(a), encode(b))):.3f}"
                                      for a, b in NEAR_COPIES))
    typos(encode, load_questions(folder / "dev2_test.jsonl"))


def typo(text: str) -> str | None:
    """`text` with two letters of its longest word swapped, as a hurried hand types it."""
    words = re.findall(r"[A-Za-z]{5,}", text)
    if not words:
        return None
    word = max(words, key=len)
    return text.replace(word, word[0] + word[2] + word[1] + word[3:], 1)


def typos(encode: Encode, questions: list[Question]) -> None:
    """How many test-half questions with a typo still share their own marks, by words alone
    and with the vectors."""
    pairs = [(q.text, typed) for q in questions if (typed := typo(q.text)) is not None]
    by_words = sum(question_key(a) == question_key(b) for a, b in pairs)
    by_vector = sum(question_key(a) == question_key(b)
                    or (identifiers(a) == identifiers(b)
                        and float(np.dot(encode(a), encode(b))) >= SAME_QUESTION)
                    for a, b in pairs)
    print(f"test-half questions with a typo (two letters of the longest word swapped): "
          f"{by_words}/{len(pairs)} share the mark by words, {by_vector}/{len(pairs)} with "
          "the vectors too")


def gold_page(question: Question) -> tuple[str, int | None]:
    return sorted(question.gold, key=str)[0]


def keep_marks(library: Library, questions: list[Question],
               times: list[float]) -> list[Question]:
    """Mark each question's first gold page right, adding the milliseconds each mark took to
    `times`; the questions marked."""
    marked = []
    for question in questions:
        file, page = gold_page(question)
        start = time.perf_counter()
        try:
            library.mark(question.text, file, page, GOOD)
        except LaoshifuError as error:
            print(f"  not marked: {question.id}: {error}")
            continue
        times.append((time.perf_counter() - start) * 1000)
        marked.append(question)
    return marked


class Pair:
    """The library's search without marks and with them (a retriever as the library builds
    it, reading the marks kept so far), each question searched by both in turn."""

    def __init__(self, library: Library):
        self.plain = Retriever(library.catalog, library.vectors, library.keywords,
                               library.encoder.embed_query)
        encode = remembered(library.encoder.embed_query)
        self.marks = FeedbackMarks(library.catalog, library.keywords, encode,
                                   library.encoder.name)
        self.rerank_ms: list[float] = []
        self.rerank_cpu_ms: list[float] = []  # this thread's CPU: the cost without the waits
        rerank = self.marks.rerank

        def timed(query, ranked):
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return rerank(query, ranked)
            finally:
                self.rerank_ms.append((time.perf_counter() - start) * 1000)
                self.rerank_cpu_ms.append((time.thread_time() - cpu) * 1000)

        self.marks.rerank = timed
        self.marked = Retriever(library.catalog, library.vectors, library.keywords, encode,
                                self.marks)
        self.ms: dict[str, list[float]] = {"plain": [], "marked": []}
        self.found: dict[str, dict[str, list[tuple[str, int | None]]]] = {"plain": {},
                                                                          "marked": {}}

    def run(self, questions: list[Question]) -> None:
        self.plain.search(questions[0].text, K)  # models and dictionaries load once
        for number, question in enumerate(questions):
            order = ("plain", "marked") if number % 2 == 0 else ("marked", "plain")
            for name in order:
                retriever = self.plain if name == "plain" else self.marked
                start = time.perf_counter()
                hits = retriever.search(question.text, K)
                self.ms[name].append((time.perf_counter() - start) * 1000)
                self.found[name][question.id] = [(hit.file, hit.page) for hit in hits]

    def recall(self, name: str, questions: list[Question], k: int) -> str:
        found = sum(bool(question.gold.intersection(self.found[name][question.id][:k]))
                    for question in questions)
        return f"{found / len(questions):.2f} ({found}/{len(questions)})"

    def close(self) -> None:
        self.plain.close()
        self.marked.close()


def cost_and_reach(source: Path, questions: list[Question]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "library"
        shutil.copytree(source, folder)
        library = open_library(LibrarySettings(folder))
        try:
            answerable = [q for q in questions if q.kind != "unanswerable"]
            firsts = list({q.group: q for q in reversed(answerable)}.values())
            others = [q for q in answerable if q not in firsts]
            library.search(firsts[0].text)  # the search model loads before a mark is timed
            kept_ms: list[float] = []
            marked = keep_marks(library, firsts, kept_ms)
            pair = Pair(library)
            pair.run(others)
            print(f"\n{len(marked)} marks on the first phrasing of each need; the other "
                  f"{len(others)} phrasings, k={K}:")
            for k in (1, 3):
                print(f"  recall@{k}: without marks {pair.recall('plain', others, k)}, "
                      f"with {pair.recall('marked', others, k)}")
            pair.close()

            marked += keep_marks(library, others[:MARKS - len(marked)], kept_ms)
            pair = Pair(library)
            pair.run(questions)
            print(f"\n{len(library.marks())} marks; all {len(questions)} questions, each "
                  "searched without and with them in turn:")
            for name in ("plain", "marked"):
                times = pair.ms[name]
                print(f"  {name:>6}: search p50 {percentile(times, 0.5):.0f} ms, "
                      f"p95 {percentile(times, 0.95):.0f} ms")
            for name, rerank in (("elapsed", pair.rerank_ms), ("CPU", pair.rerank_cpu_ms)):
                print(f"  the marks' rerank inside a search, {name}: p50 "
                      f"{percentile(rerank, 0.5):.2f} ms, p95 {percentile(rerank, 0.95):.2f} ms, "
                      f"max {max(rerank):.2f} ms")
            print(f"  keeping a mark (embed, catalog, copy beside it): p50 "
                  f"{percentile(kept_ms, 0.5):.0f} ms, max {max(kept_ms):.0f} ms")
            print(f"  recall@1 of the {len(marked)} marked questions: without marks "
                  f"{pair.recall('plain', marked, 1)}, with {pair.recall('marked', marked, 1)}")
            pair.close()
        finally:
            library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a library holding the corpus (copied)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS,
                        help="folder of dev2.jsonl and its tune and test halves")
    args = parser.parse_args()
    from laoshifu.composition import search_models

    encoder = search_models(LibrarySettings(Path(tempfile.gettempdir()))).encoder
    calibration(encoder.embed_query, args.questions)
    if args.data is not None:
        cost_and_reach(args.data, load_questions(args.questions / "dev2.jsonl"))


if __name__ == "__main__":
    main()
