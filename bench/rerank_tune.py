"""Tune the second stage offline: the first stage runs once per question, then designs re-score.

The first stage (two embeddings, vector and keyword search, fusion) costs most of a search; the
second stage (index.page_rerank) only re-reads the top pages. So the first stage's candidates,
their page texts and the pages holding each question's codes are computed once and pickled,
and every variant of the second stage is scored from the pickle in a second or two, with the
same hit rule and figures as bench/retrieval.py (R@1/3/5, paraphrase groups @5, codes and
quoted messages R@1, cross-language R@5).

Run it on the tuning half only: choosing weights on the test half would make its figures
meaningless.

Usage: .venv/bin/python bench/rerank_tune.py --data LIBRARY
           [--questions bench/questions/dev2_tune.jsonl] [--cache /tmp/rerank-tune.pickle]
           [--misses] [--sweep] [--cross-validate] [--latency]
`--misses` lists the questions whose gold is not first, with the top pages; `--sweep` varies
each weight of `index.page_rerank.WEIGHTS` around its value; `--cross-validate` fits the
weights (logistic regression) on 4/5 of the paraphrase groups and ranks the rest, five times,
then fits them on the whole half (the figures to paste into WEIGHTS); `--latency` times
`Retriever.search` on every question with and without the second stage, alternating, so both
see the same load.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel.config import enforce_offline  # noqa: E402

enforce_offline()

import numpy as np  # noqa: E402
from logistic import fit_logistic  # noqa: E402

from index import page_rerank  # noqa: E402
from index.product_names import library_name_words  # noqa: E402
from index.tokenize import codes  # noqa: E402

Location = tuple[str, int | None]
PageKey = tuple[str, int]


@dataclass
class Case:
    """One question's first stage: its candidate pages in order, and what the re-read needs."""

    id: str
    group: str | None
    kind: str
    lang: str
    text: str
    gold: frozenset[Location]
    bridged: str
    keys: list[PageKey]
    navigation: set[PageKey]
    code_pages: list[set[PageKey]]
    similarity: dict[PageKey, float]
    named: frozenset[str]


@dataclass
class Cache:
    cases: list[Case]
    texts: dict[PageKey, str | None]
    where: dict[PageKey, Location]


def build_cache(data: Path, questions: Path) -> Cache:
    """Run the product's first stage on every answerable question and keep what the second
    stage reads."""
    from index.retrieval import Retriever
    from kernel.config import LibrarySettings
    from laoshifu.composition import open_library

    captured: dict[str, tuple] = {}
    original = Retriever._reread

    def capture(self, query, bridged, fused, navigation, vector, nearest, files, named):
        read = [key for key, _, _ in fused[:page_rerank.DEPTH] if key not in navigation]
        captured["last"] = (bridged, [key for key, _, _ in fused], set(navigation),
                            {key: passage for key, _, passage in fused},
                            self.page_similarity(vector, read, nearest), named)
        return original(self, query, bridged, fused, navigation, vector, nearest, files, named)

    Retriever._reread = capture  # type: ignore[method-assign]
    library = open_library(LibrarySettings(data))
    cases, texts, where = [], {}, {}
    try:
        for raw in map(json.loads, questions.read_text(encoding="utf-8").splitlines()):
            gold = frozenset((g["file"], g["page"]) for g in raw["gold"])
            if not gold:
                continue
            library.retriever.rank(raw["question"], k=10)
            bridged, keys, navigation, passages, similarity, named = captured.pop("last")
            for key in keys:
                if key not in texts:
                    record = library.catalog.get(key[0])
                    texts[key] = library.catalog.page_text(*key)
                    where[key] = (Path(record.path).name if record else key[0],
                                  passages[key].page_number)
            code_pages = [library.keywords.pages_containing(code)
                          for code in codes(raw["question"])]
            cases.append(Case(raw["id"], raw.get("group"), raw["kind"], raw["lang"],
                              raw["question"], gold, bridged, keys, navigation, code_pages,
                              similarity, named))
    finally:
        Retriever._reread = original  # type: ignore[method-assign]
        library.close()
    return Cache(cases, texts, where)


Ranker = Callable[[Case, Cache], list[PageKey]]


Evidence = dict[str, dict[PageKey, page_rerank.Features]]


def read_all(cache: Cache) -> Evidence:
    """The second stage's evidence on every question's candidates, read once: a weighting
    then only re-sorts (index.page_rerank.order), so a grid of weightings runs in seconds."""
    names = library_name_words({file: file for file, _ in cache.where.values()})
    evidence = {}
    for case in cache.cases:
        evidence[case.id] = page_rerank.read(case.text, case.bridged, content(case),
                                             cache.texts.get, similarity=case.similarity,
                                             named=case.named, names=names)
    return evidence


def content(case: Case) -> list[PageKey]:
    """The candidates the second stage reads: all but contents and title pages, which rank
    below them (as Retriever._reread)."""
    return [key for key in case.keys if key not in case.navigation]


def product(weights: page_rerank.Features, evidence: Evidence) -> Ranker:
    def rank(case: Case, cache: Cache) -> list[PageKey]:
        return page_rerank.order(content(case), evidence[case.id], weights) + \
            [key for key in case.keys if key in case.navigation]
    return rank


def first_stage(case: Case, cache: Cache) -> list[PageKey]:
    return case.keys


def codes_first(case: Case, keys: list[PageKey]) -> list[PageKey]:
    """As Retriever._codes_first: pages holding more of the question's codes go first."""
    if not case.code_pages:
        return keys
    return sorted(keys, key=lambda key: -sum(key in pages for pages in case.code_pages))


def rank_of(case: Case, cache: Cache, keys: list[PageKey]) -> int | None:
    for rank, key in enumerate(keys, start=1):
        if cache.where[key] in case.gold:
            return rank
    return None


Ranks = dict[str, int | None]


def ranks_of(cache: Cache, ranker: Ranker, cases: list[Case]) -> Ranks:
    return {case.id: rank_of(case, cache, codes_first(case, ranker(case, cache)))
            for case in cases}


def figures(cases: list[Case], ranks: Ranks) -> dict[str, float]:
    def at(ids: list[str], k: int) -> float:
        return sum(bool((rank := ranks[i]) and rank <= k) for i in ids) / max(1, len(ids))

    every = [case.id for case in cases]
    groups: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        groups[case.group or case.id].append(case.id)
    return {
        "R@1": at(every, 1), "R@3": at(every, 3), "R@5": at(every, 5),
        "MRR": sum(1 / r for i in every if (r := ranks[i])) / max(1, len(every)),
        "grp@5": sum(all((r := ranks[i]) and r <= 5 for i in ids)
                     for ids in groups.values()) / max(1, len(groups)),
        "codes@1": at([c.id for c in cases if c.kind in ("error_code", "quoted_message")], 1),
        "xl@5": at([c.id for c in cases if c.kind == "crosslingual"], 5),
    }


def evaluate(cache: Cache, ranker: Ranker) -> dict[str, float]:
    return figures(cache.cases, ranks_of(cache, ranker, cache.cases))


def line(label: str, figures: dict[str, float]) -> str:
    return f"{label:42s} " + "  ".join(f"{name} {value:.3f}" for name, value in figures.items())


def misses(cache: Cache, ranker: Ranker) -> None:
    for case in cache.cases:
        keys = codes_first(case, ranker(case, cache))
        rank = rank_of(case, cache, keys)
        if rank == 1:
            continue
        print(f"- {case.id} {case.kind} {case.lang} rank {rank}: {case.text}")
        print(f"    gold: {sorted(case.gold, key=str)}")
        for key in keys[:4]:
            text = " ".join((cache.texts.get(key) or "").split())[:110]
            print(f"    {cache.where[key]}: {text}")


def sweep(cache: Cache, evidence: Evidence) -> None:
    base = page_rerank.WEIGHTS
    for field in dataclasses.fields(base):
        value = getattr(base, field.name)
        for factor in (0.0, 0.5, 1.5, 2.0):
            weights = dataclasses.replace(base, **{field.name: value * factor})
            print(line(f"{field.name} = {value * factor:.3g}",
                       evaluate(cache, product(weights, evidence))))


# Weights set by judgement, not fitted: a how-question's steps and the asked code's entry
# decide too few tuning questions for a fit to say anything (their fitted weights came out
# near zero, the former code kind's negative), so they keep the values in use.
HELD = ("steps", "code_entry")
FITTED = tuple(name for name in page_rerank.FEATURES if name not in HELD)
# L2 of the fit on standardised features: of 1, 10 and 100, 10 gave the best cross-validated
# R@3 and R@5 on the tuning half.
L2 = 10.0


def fit(cases: list[Case], cache: Cache, evidence: Evidence,
        l2: float = L2) -> page_rerank.Features:
    """The weights of a logistic regression of "this candidate is a gold page" on its
    features, over every question's read candidates (gold pages weighed up to as many as
    the others, L2-regularised on standardised features, Newton's method), scaled so the
    first stage's prior counts 1 (only the order of the scores matters); HELD weights keep
    their values in index.page_rerank.WEIGHTS."""
    rows, gold = [], []
    for case in cases:
        for key, features in evidence[case.id].items():
            rows.append([getattr(features, name) for name in FITTED])
            gold.append(cache.where[key] in case.gold)
    y = np.asarray(gold, dtype=float)
    balance = np.where(y == 1, (1 - y).sum() / max(1.0, y.sum()), 1.0)
    raw = fit_logistic(np.asarray(rows), y, balance, l2)
    prior = raw[FITTED.index("prior")]
    scale = prior if prior > 0 else np.abs(raw).max()
    fitted = {name: round(float(value / scale), 3)
              for name, value in zip(FITTED, raw, strict=True)}
    held = {name: getattr(page_rerank.WEIGHTS, name) for name in HELD}
    return page_rerank.Features(**fitted, **held)


def cross_validate(cache: Cache, evidence: Evidence, folds: int = 5) -> None:
    """Would fitting the weights generalise? The questions are split into `folds` by
    paraphrase group (a need's phrasings stay together, or a fold would be fitted on its own
    answers); the weights fitted on the other folds rank each fold, and the pooled ranks are
    the honest figure to compare with the weights in use."""
    groups = sorted({case.group or case.id for case in cache.cases})
    fold_of = {group: index % folds for index, group in enumerate(groups)}
    pooled: Ranks = {}
    for fold in range(folds):
        inside = [case for case in cache.cases if fold_of[case.group or case.id] != fold]
        outside = [case for case in cache.cases if fold_of[case.group or case.id] == fold]
        weights = fit(inside, cache, evidence)
        print(f"fold {fold}: {weights_text(weights)}")
        pooled |= ranks_of(cache, product(weights, evidence), outside)
    print(line(f"fitted, {folds}-fold cross-validated", figures(cache.cases, pooled)))
    weights = fit(cache.cases, cache, evidence)
    print(line("fitted on the whole half", evaluate(cache, product(weights, evidence))))
    print(f"    {weights_text(weights)}")


def weights_text(weights: page_rerank.Features) -> str:
    return " ".join(f"{name} {value:g}" for name, value in dataclasses.asdict(weights).items())


def latency(data: Path, questions: Path, repeats: int = 3) -> None:
    """What the second stage adds to a search: each question searched with and without it,
    back to back, `repeats` times (the first round also warms the page cache, as a
    technician's session does)."""
    import time

    from kernel.config import LibrarySettings
    from laoshifu.composition import open_library

    texts = [json.loads(line)["question"]
             for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    library = open_library(LibrarySettings(data))
    times: dict[bool, list[float]] = {True: [], False: []}
    try:
        library.retriever.search(texts[0])
        for _ in range(repeats):
            for text in texts:
                for second_stage in (False, True):
                    start = time.perf_counter()
                    library.retriever.search(text, k=5, second_stage=second_stage)
                    times[second_stage].append((time.perf_counter() - start) * 1000)
    finally:
        library.close()
    for second_stage, label in ((False, "first stage alone"), (True, "with the second stage")):
        p50, p95 = np.percentile(times[second_stage], [50, 95])
        print(f"search {label:22s} p50 {p50:.0f} ms  p95 {p95:.0f} ms  "
              f"({len(times[second_stage])} searches)")
    added = np.subtract(times[True], times[False])
    print(f"added by the second stage: p50 {np.percentile(added, 50):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--questions", type=Path,
                        default=ROOT / "bench" / "questions" / "dev2_tune.jsonl")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/rerank-tune.pickle"))
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--cross-validate", action="store_true")
    parser.add_argument("--latency", action="store_true")
    args = parser.parse_args()
    if args.latency:
        latency(args.data, args.questions)
        return
    if args.cache.exists():
        cache = pickle.loads(args.cache.read_bytes())
    else:
        cache = build_cache(args.data, args.questions)
        args.cache.write_bytes(pickle.dumps(cache))
    print(line("first stage alone", evaluate(cache, first_stage)))
    evidence = read_all(cache)
    print(line("second stage (index.page_rerank)",
               evaluate(cache, product(page_rerank.WEIGHTS, evidence))))
    if args.sweep:
        sweep(cache, evidence)
    if args.cross_validate:
        cross_validate(cache, evidence)
    if args.misses:
        misses(cache, product(page_rerank.WEIGHTS, evidence))


if __name__ == "__main__":
    main()
