"""Does Laoshifu find the right page? Its search against two baselines, on the dev questions.

Three systems answer the same questions in one process, over the same corpus and (for the two
dense ones) the same embedder, so the figures differ only by retrieval method:

* laoshifu: `Library.search`, whatever the product's retrieval currently is;
* first stage only: the same without the second stage that re-reads the top pages;
* naive RAG: 1000-character windows, dense cosine search, best window per page (baselines.py);
* desktop search: BM25 over whole pages (baselines.py).

A hit is a returned (file, page) listed in the question's gold; text files have no pages, so
their page is None on both sides. Unanswerable questions (empty gold) are not scored. The list
of questions Laoshifu misses in its top 5, with what it returned instead and where the
baselines ranked the gold page, is printed after the table: that is where to start improving.

Usage: .venv/bin/python bench/retrieval.py [--data DIR] [--corpus ../shared/corpus]
           [--questions ../shared/eval/dev_questions.jsonl] [--k 10]
The larger dev set is bench/questions/dev2_tune.jsonl (choose designs on it) and
bench/questions/dev2_test.jsonl (report it); see bench/questions/README.md.
`--vector-server URL` searches a Chroma server in server mode, `--data` being the PC's keyword
mirror (publish the corpus library to it first: bench/publish_library.py). `--data` reuses (or
fills) a library folder: unchanged files are skipped, so a second run only
pays for the baselines. Skipped files are not re-indexed, so a folder built before a change to
what ingest stores (a new index, new chunking) measures the old index: after such a change, run
without `--data`. Then the corpus is ingested into a temporary folder, which takes minutes
because scanned pages go through OCR. Prints a table; never asserts.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel.config import LibrarySettings, bundled_minilm_path, enforce_offline  # noqa: E402

enforce_offline()  # before chromadb and sentence-transformers are imported below

from baselines import Bm25, Location, NaiveRag, load_pages  # noqa: E402

from kernel.events import FileSkipped, FileStarted  # noqa: E402
from laoshifu.composition import open_library  # noqa: E402
from laoshifu.indexer import expand_paths  # noqa: E402
from laoshifu.library import Library  # noqa: E402
from models.embedder import Embedder  # noqa: E402

SHARED = ROOT.parent / "shared"
LAOSHIFU, FIRST, NAIVE, DESKTOP = \
    "laoshifu", "first stage only", "naive RAG", "desktop search"
BASELINES = (NAIVE, DESKTOP)
LANGS = ("en", "zh")
KINDS = ("fact", "procedure", "table", "error_code", "quoted_message", "crosslingual")
# Reported together, as "codes and quoted messages".
CODES = ("error_code", "quoted_message")
SHOWN_RESULTS = 3

Search = Callable[[str, int], list[Location]]


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    kind: str
    group: str | None
    text: str
    gold: frozenset[Location]

    @property
    def gold_files(self) -> set[str]:
        return {file for file, _ in self.gold}


@dataclass
class Run:
    """One system's ranked pages per question id, and how long each search took."""

    ranked: dict[str, list[Location]] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)

    def rank(self, question: Question) -> int | None:
        """1-based rank of the first gold page, or None when none was returned."""
        for rank, location in enumerate(self.ranked[question.id], start=1):
            if location in question.gold:
                return rank
        return None

    def found(self, question: Question, k: int) -> bool:
        rank = self.rank(question)
        return rank is not None and rank <= k


# --- inputs ------------------------------------------------------------------------------------


def load_questions(path: Path) -> list[Question]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        gold = frozenset((g["file"], g["page"]) for g in raw["gold"])
        questions.append(Question(raw["id"], raw["lang"], raw["kind"], raw.get("group"),
                                  raw["question"], gold))
    return questions


def ingest_corpus(library: Library, corpus: Path) -> None:
    """Print progress as the CLI does, but fold files that are already indexed into one count:
    a reused library would otherwise print two lines per file that say nothing."""
    started: str | None = None
    already = 0
    for event in library.ingest([corpus]):
        if isinstance(event, FileStarted):
            started = event.describe()
            continue
        if isinstance(event, FileSkipped) and started:
            already += 1
            started = None
            continue
        if started:
            print(started, flush=True)
            started = None
        print(event.describe(), flush=True)
    print(f"  {already} file(s) already in the library, skipped")


def check_coverage(library: Library, files: list[Path]) -> None:
    """Warn when the library and the corpus differ: a missing manual costs Laoshifu its hits,
    an extra one competes for its ranks, and either would make the comparison unfair."""
    indexed = {Path(doc.path).resolve() for doc in library.documents() if doc.status == "indexed"}
    wanted = {path.resolve() for path in files}
    for path in sorted(wanted - indexed):
        print(f"  WARNING: {path.name} is not indexed in the library")
    for path in sorted(indexed - wanted):
        print(f"  WARNING: the library also holds {path}, which the baselines do not see")


# --- running -----------------------------------------------------------------------------------


def run_system(search: Search, questions: list[Question], k: int) -> Run:
    """Every question once, timed; one warm-up query first so a lazy model load or a cold
    index is not billed to the first question."""
    search(questions[0].text, k)
    run = Run()
    for question in questions:
        start = time.perf_counter()
        run.ranked[question.id] = search(question.text, k)
        run.latencies_ms.append((time.perf_counter() - start) * 1000)
    return run


def laoshifu_search(library: Library) -> Search:
    return lambda query, k: [(hit.file, hit.page) for hit in library.search(query, k)]


def first_stage_search(library: Library) -> Search:
    """The product without its second stage (index.page_rerank): what the re-reading adds."""
    return lambda query, k: [(hit.file, hit.page) for hit in
                             library.retriever.search(query, k, second_stage=False)]


# --- metrics -----------------------------------------------------------------------------------


def share(hits: int, total: int) -> str:
    return f"{hits / total:.2f} ({hits}/{total})" if total else "-"


def recall(run: Run, questions: list[Question], k: int) -> str:
    return share(sum(run.found(q, k) for q in questions), len(questions))


def mrr(run: Run, questions: list[Question]) -> str:
    ranks = [run.rank(q) for q in questions]
    return f"{sum(1 / r for r in ranks if r) / len(questions):.3f}"


def document_recall(run: Run, questions: list[Question], k: int) -> str:
    """Gold file among the first k distinct files: right manual, even if not the right page."""
    def hit(question: Question) -> bool:
        files = list(dict.fromkeys(file for file, _ in run.ranked[question.id]))[:k]
        return bool(question.gold_files.intersection(files))

    return share(sum(hit(q) for q in questions), len(questions))


def group_recall(run: Run, questions: list[Question], k: int) -> str:
    """Share of paraphrase groups where EVERY phrasing finds gold within k: a technician's
    wording should not decide whether the page is found."""
    groups: dict[str, list[Question]] = defaultdict(list)
    for question in questions:
        if question.group:
            groups[question.group].append(question)
    robust = sum(all(run.found(q, k) for q in members) for members in groups.values())
    return share(robust, len(groups))


def latency(run: Run) -> str:
    p50, p95 = np.percentile(run.latencies_ms, [50, 95])
    return f"{p50:.0f} / {p95:.0f}"


def metric_rows(runs: dict[str, Run], questions: list[Question], k: int) -> list[list[str]]:
    def row(label: str, measure: Callable[[Run], str]) -> list[str]:
        return [label, *(measure(run) for run in runs.values())]

    rows = [
        row("page R@1", lambda r: recall(r, questions, 1)),
        row("page R@3 (what answers use)", lambda r: recall(r, questions, 3)),
        row("page R@5", lambda r: recall(r, questions, 5)),
        row(f"page R@{k}", lambda r: recall(r, questions, k)),
        row(f"MRR@{k}", lambda r: mrr(r, questions)),
        row("document R@5", lambda r: document_recall(r, questions, 5)),
        row("paraphrase groups, all @1", lambda r: group_recall(r, questions, 1)),
        row("paraphrase groups, all @3", lambda r: group_recall(r, questions, 3)),
        row("paraphrase groups, all @5", lambda r: group_recall(r, questions, 5)),
    ]
    for name, subset in breakdowns(questions):
        rows.append(row(f"{name} R@1", lambda r, s=subset: recall(r, s, 1)))
        rows.append(row(f"{name} R@5", lambda r, s=subset: recall(r, s, 5)))
    rows.append(row("latency p50 / p95 (ms)", latency))
    return rows


def breakdowns(questions: list[Question]) -> Iterable[tuple[str, list[Question]]]:
    """Per language, then per kind, in a fixed order so runs line up when compared."""
    for lang in LANGS:
        yield f"lang {lang}", [q for q in questions if q.lang == lang]
    for kind in KINDS:
        yield f"kind {kind}", [q for q in questions if q.kind == kind]
    yield "codes and quoted messages", [q for q in questions if q.kind in CODES]


def gain(runs: dict[str, Run], questions: list[Question], k: int) -> str:
    """Laoshifu's recall over the stronger baseline's: above 1.00x, the product earns its keep."""
    def rate(run: Run) -> float:
        return sum(run.found(q, k) for q in questions) / len(questions)

    best = max(rate(run) for name, run in runs.items() if name in BASELINES)
    return f"{rate(runs[LAOSHIFU]) / best:.2f}x" if best else "n/a (baselines found nothing)"


# --- output ------------------------------------------------------------------------------------


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    for number, line in enumerate([header, *rows]):
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(line[1:], widths[1:],
                                                                         strict=True)]
        print("  ".join(cells))
        if number == 0:
            print("  ".join("-" * w for w in widths))


def where(location: Location) -> str:
    file, page = location
    return file if page is None else f"{file} p.{page}"


def print_misses(runs: dict[str, Run], questions: list[Question]) -> None:
    """Questions whose gold is not in Laoshifu's top 5, what it returned instead, and where
    each baseline ranked the gold: a miss a baseline gets is the cheapest one to fix."""
    misses = [q for q in questions if not runs[LAOSHIFU].found(q, 5)]
    print(f"\nlaoshifu misses (gold not in top 5): {len(misses)} of {len(questions)}")
    for question in misses:
        others = ", ".join(f"{name} rank {runs[name].rank(question) or '-'}"
                           for name in runs if name != LAOSHIFU)
        rank = runs[LAOSHIFU].rank(question)
        print(f"- {question.id} {question.kind} {question.lang}: laoshifu rank {rank or '-'}; "
              f"{others}")
        print(f"    Q: {question.text}")
        print(f"    gold: {'; '.join(sorted(map(where, question.gold), key=str))}")
        returned = runs[LAOSHIFU].ranked[question.id][:SHOWN_RESULTS]
        print(f"    top-{SHOWN_RESULTS}: {'; '.join(map(where, returned)) or '(nothing)'}")


# --- main --------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="library folder to reuse or fill "
                        "(default: a temporary folder, deleted afterwards)")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--questions", type=Path,
                        default=SHARED / "eval" / "dev_questions.jsonl")
    parser.add_argument("--k", type=int, default=10, help="pages returned per question")
    parser.add_argument("--vector-server", default="",
                        help="search the corpus on this Chroma server (server mode; publish it "
                        "first with bench/publish_library.py): --data is then the PC's mirror")
    return parser.parse_args()


def build_systems(stack: ExitStack, args: argparse.Namespace,
                  embedder: Embedder) -> dict[str, Search]:
    """The library (ingested or reused) and both baselines over the same corpus files."""
    data = args.data or Path(stack.enter_context(tempfile.TemporaryDirectory(
        prefix="laoshifu-bench-", ignore_cleanup_errors=True)))
    files, _ = expand_paths([args.corpus])
    print(f"library in {data}: ingesting {args.corpus} ({len(files)} files)", flush=True)
    start = time.perf_counter()
    library = open_library(LibrarySettings(data, vector_server=args.vector_server))
    stack.callback(library.close)
    ingest_corpus(library, args.corpus)
    check_coverage(library, files)
    print(f"  ingest: {time.perf_counter() - start:.0f} s", flush=True)

    print("baselines: reading pages with the product's loaders", flush=True)
    start = time.perf_counter()
    pages = load_pages(files, report=lambda line: print(line, flush=True))
    print(f"  {len(pages)} pages read: {time.perf_counter() - start:.0f} s", flush=True)
    start = time.perf_counter()
    naive = NaiveRag(pages, embedder)
    bm25 = Bm25(pages)
    print(f"  {naive.chunk_count} naive RAG windows embedded, BM25 index built: "
          f"{time.perf_counter() - start:.0f} s", flush=True)
    return {LAOSHIFU: laoshifu_search(library), FIRST: first_stage_search(library),
            NAIVE: naive.search, DESKTOP: bm25.search}


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    questions = load_questions(args.questions)
    answerable = [q for q in questions if q.gold]
    embedder = Embedder(bundled_minilm_path())
    with ExitStack() as stack:
        systems = build_systems(stack, args, embedder)
        runs = {name: run_system(search, questions, args.k) for name, search in systems.items()}

    print(f"\n{len(answerable)} answerable questions of {len(questions)} "
          f"(unanswerable ones are not scored); {args.k} pages per question\n")
    print_table(["metric", *runs], metric_rows(runs, answerable, args.k))
    print(f"\ngain vs better baseline: R@5 {gain(runs, answerable, 5)}, "
          f"R@1 {gain(runs, answerable, 1)}")
    print_misses(runs, answerable)
    print(f"\nlaoshifu search latency over {len(questions)} questions (after one warm-up): "
          f"p50 / p95 = {latency(runs[LAOSHIFU])} ms")
    print(f"total runtime: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
