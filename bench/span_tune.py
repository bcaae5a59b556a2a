"""Fit span choice's weights offline: retrieval runs once, then weightings re-choose in seconds.

Span choice (`laoshifu.answer.spans`) scores each candidate of the answer's source pages as a
weighted sum of signals (`spans.FEATURES`). The weights were set by hand on the tuning half's
wording; here they are fitted. Each answerable question is asked once through the product
(`Library.ask`, no model) and what span choice was given is pickled: the readable evidence, the
asked product's words and documents. The search model's vectors of every candidate are kept in
the pickle too, so a weighting costs the span choice alone.

A candidate is labelled good when its shown block (the lines it is shown with) holds a fact of
the gold answer (folded as bench/answers.py's `holds_facts` folds) or its gold quote. A
logistic regression of that label on the candidates' signals, every candidate embedded, gives
the weights (each question's good and other candidates weigh one each, so a page of many lines
does not outvote a short one). What counts is not the fit but the answer: each weighting is
scored by running the real `rank_spans` and `choose` and asking whether the composed text
holds every fact (bench/answers.py's figure), and the fitted weights by five-fold
cross-validation by paraphrase group (all phrasings of a need in one fold).

Run it on tuning questions only: fitting on a test half makes its figures meaningless.
`--diagnose` fits nothing: it says where the weights in use fail (is there a candidate that
holds the facts at all, is it ranked first, is its page a source), and may read a test half,
to tell which stage loses answers there, not to tune on it.

Usage: .venv/bin/python bench/span_tune.py --data LIBRARY
           [--questions bench/questions/dev2_tune.jsonl ...] [--cache /tmp/span-tune.pickle]
           [--embedded 16,32,1000] [--features meaning,words,...] [--misses] [--diagnose]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel.config import enforce_offline  # noqa: E402

enforce_offline()

import numpy as np  # noqa: E402
from answers import holds_facts  # noqa: E402
from logistic import fit_logistic  # noqa: E402

from laoshifu.answer import spans  # noqa: E402
from laoshifu.answer.compose import compose_spans  # noqa: E402

# L2 of the fit on standardised features: of 1, 10 and 30, 10 cross-validated best.
L2 = 10.0
# A pointwise fit (each candidate good or not) cross-validated better than a listwise one.
OBJECTIVE = "pointwise"
# The weights chosen by hand on dev2_tune before the fit, for comparison.
HAND = spans.SpanWeights(meaning=0.5, words=1.5, kind=0.5, stated=0.5, elsewhere=0.0)
FOLDS = 5


@dataclass
class Case:
    """One answerable question and what span choice was given for it (None: refused)."""

    id: str
    source: str  # the questions' file
    group: str
    lang: str
    text: str
    raw: dict
    evidence: list | None
    ignored: frozenset[str]
    naming: set[str] | None


@dataclass
class Cache:
    cases: list[Case]
    vectors: dict[str, list[float]]
    queries: dict[str, list[float]]


def _folded(text: str) -> str:
    return "".join(text.lower().split())


def build_cache(library, questions: Sequence[Path]) -> Cache:
    """Ask every answerable question once, no model, keeping what span choice is given."""
    from laoshifu.answer import asker

    captured: dict[str, object] = {}
    rank, prefer = asker.rank_spans, asker.asked_product_first

    def capture_rank(question, evidence, embed, embed_query, ignored=frozenset()):
        captured["evidence"], captured["ignored"] = evidence, ignored
        return rank(question, evidence, embed, embed_query, ignored)

    def capture_prefer(ranked, naming):
        captured["naming"] = naming
        return prefer(ranked, naming)

    asker.rank_spans, asker.asked_product_first = capture_rank, capture_prefer
    cases = []
    try:
        for path in questions:
            for raw in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
                if raw["kind"] == "unanswerable" or not raw.get("facts"):
                    continue
                captured.clear()
                library.ask(raw["question"], with_model=False).result()
                cases.append(Case(raw["id"], path.stem, raw.get("group") or raw["id"],
                                  raw["lang"], raw["question"], raw,
                                  captured.get("evidence"),  # type: ignore[arg-type]
                                  captured.get("ignored", frozenset()),  # type: ignore[arg-type]
                                  captured.get("naming")))  # type: ignore[arg-type]
                print(f"read {raw['id']}", flush=True)
    finally:
        asker.rank_spans, asker.asked_product_first = rank, prefer
    return Cache(cases, {}, {})


class Vectors:
    """The search model's vectors, kept in the cache: embedded once, read from then on."""

    def __init__(self, cache: Cache, encoder):
        self.cache, self.encoder, self.grown = cache, encoder, False

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache.vectors))
        if missing:
            self.cache.vectors.update(zip(missing, self.encoder.embed(missing), strict=True))
            self.grown = True
        return [self.cache.vectors[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        if text not in self.cache.queries:
            self.cache.queries[text] = self.encoder.embed_query(text)
            self.grown = True
        return self.cache.queries[text]


def good(case: Case, block: str) -> float:
    """The share of the gold answer's facts the block holds (1 with the gold quote)."""
    shown = _folded(block)
    if any(_folded(g["quote"]) in shown for g in case.raw["gold"] if g.get("quote")):
        return 1.0
    facts = case.raw["facts"]
    return sum(any(_folded(f) in shown for f in forms if f) for forms in facts) / len(facts)


@dataclass
class Rows:
    x: np.ndarray
    y: np.ndarray
    question: np.ndarray


def rows_of(cases: list[Case], vectors: Vectors) -> dict[str, Rows]:
    """Every candidate of every question, all embedded, with its signals and label."""
    out = {}
    for case in cases:
        if not case.evidence:
            continue
        found = spans.span_features(case.text, case.evidence, vectors.embed,
                                    vectors.embed_query, case.ignored, embedded=10 ** 6)
        if not found.pool:
            continue
        labels = [good(case, spans.with_block(spans.Candidate(item, span)).span.text)
                  for item, span in found.pool]
        x = np.stack([found.values[name] for name in spans.FEATURES], axis=1)
        out[case.id] = Rows(x, np.asarray(labels, dtype=float), np.zeros(len(labels)))
    return out


def fit(cases: list[Case], rows: dict[str, Rows], names: Sequence[str],
        l2: float = L2, objective: str = OBJECTIVE) -> spans.SpanWeights:
    return (listwise if objective == "listwise" else pointwise)(cases, rows, names, l2)


def listwise(cases: list[Case], rows: dict[str, Rows], names: Sequence[str],
             l2: float = L2) -> spans.SpanWeights:
    """Conditional logit: per question, the softmax of the scores over its candidates, the
    likelihood of its good candidates (weighed by the share of facts each holds)."""
    from scipy.optimize import minimize

    columns = [spans.FEATURES.index(name) for name in names]
    data = [(rows[c.id].x[:, columns], rows[c.id].y) for c in cases
            if c.id in rows and rows[c.id].y.any()]
    spread = np.vstack([x for x, _ in data]).std(axis=0)
    spread[spread == 0] = 1.0
    data = [(x / spread, y) for x, y in data]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = l2 * w @ w / 2, l2 * w
        for x, y in data:
            s = x @ w
            s = s - s.max()
            p = np.exp(s)
            p /= p.sum()
            hold = p * y
            r = hold / hold.sum()
            total -= np.log(hold.sum())
            grad = grad + x.T @ (p - r)
        return total, grad

    w = minimize(loss, np.zeros(len(columns)), jac=True, method="L-BFGS-B").x
    return _scaled(names, w / spread)


def pointwise(cases: list[Case], rows: dict[str, Rows], names: Sequence[str],
              l2: float = L2) -> spans.SpanWeights:
    """Logistic regression of "good" on the named signals (the others weigh 0), each
    question's good candidates and its others weighing one each (`logistic.fit_logistic`).
    The constant is dropped: choose compares shares of the best score."""
    columns = [spans.FEATURES.index(name) for name in names]
    xs, ys, ws = [], [], []
    for case in cases:
        r = rows.get(case.id)
        if r is None or not r.y.any() or r.y.all():
            continue
        xs.append(r.x[:, columns])
        ys.append((r.y > 0).astype(float))
        ws.append(np.where(r.y > 0, 1 / (r.y > 0).sum(), 1 / (r.y == 0).sum()))
    return _scaled(names, fit_logistic(np.vstack(xs), np.concatenate(ys),
                                       np.concatenate(ws), l2))


def _scaled(names: Sequence[str], raw: np.ndarray) -> spans.SpanWeights:
    """The fitted coefficients as weights summing to 3 over the positive ones, as the hand-set
    weights did (only their ratios matter); the signals not fitted weigh 0."""
    raw = raw * 3 / max(1e-9, raw[raw > 0].sum())
    values = dict.fromkeys(spans.FEATURES, 0.0)
    values.update({name: round(float(v), 3) for name, v in zip(names, raw, strict=True)})
    return spans.SpanWeights(**values)


@dataclass
class Scored:
    facts: bool
    quote: bool
    text: str
    first: bool = False  # the best candidate's block holds every fact


def answer(case: Case, weights: spans.SpanWeights, embedded: int, vectors: Vectors,
           page_text) -> Scored:
    """The composed answer with these weights, through the real rank_spans and choose."""
    if not case.evidence:
        return Scored(False, False, "(refused)")
    ranked = spans.asked_product_first(
        spans.rank_spans(case.text, case.evidence, vectors.embed, vectors.embed_query,
                         case.ignored, weights, embedded), case.naming)
    chosen = spans.choose(case.text, ranked, page_text, vectors.embed, case.naming)
    composed = compose_spans(chosen)
    quotes = [_folded(g["quote"]) for g in case.raw["gold"] if g.get("quote")]
    shown = [_folded(c.quote) for c in composed.citations]
    first = bool(ranked) and good(case, spans.with_block(ranked[0]).span.text) == 1.0
    return Scored(holds_facts(case.raw, composed.text),
                  any(q in s for q in quotes for s in shown), composed.text, first)


def score(cases: list[Case], weights: spans.SpanWeights, embedded: int, vectors: Vectors,
          page_text) -> dict[str, Scored]:
    return {case.id: answer(case, weights, embedded, vectors, page_text) for case in cases}


def report(label: str, cases: list[Case], scored: dict[str, Scored]) -> None:
    """The figures over all questions and, when they come from several files, per file."""
    sources = sorted({case.source for case in cases})
    print(f"{label:36s} {figures(cases, scored)}")
    if len(sources) > 1:
        for source in sources:
            subset = [c for c in cases if c.source == source]
            print(f"{'':6s}{source:30s} {figures(subset, scored)}")


def figures(cases: list[Case], scored: dict[str, Scored]) -> str:
    def share(subset: list[Case], field: str) -> str:
        return f"{sum(getattr(scored[c.id], field) for c in subset)}/{len(subset)}"

    parts = [f"every fact {share(cases, 'facts')}"]
    for lang in sorted({c.lang for c in cases}):
        parts.append(f"{lang} {share([c for c in cases if c.lang == lang], 'facts')}")
    parts.append(f"quote {share(cases, 'quote')}")
    parts.append(f"best span {share(cases, 'first')}")
    return "  ".join(parts)


def folds_of(cases: list[Case]) -> dict[str, int]:
    groups = sorted({case.group for case in cases})
    return {group: index % FOLDS for index, group in enumerate(groups)}


def cross_validate(cases: list[Case], rows: dict[str, Rows], names: Sequence[str],
                   embedded: int, vectors: Vectors, page_text, l2: float = L2,
                   objective: str = OBJECTIVE) -> dict[str, Scored]:
    """Weights fitted on four fifths of the paraphrase groups answer the fifth, five times."""
    fold_of = folds_of(cases)
    pooled: dict[str, Scored] = {}
    for fold in range(FOLDS):
        inside = [c for c in cases if fold_of[c.group] != fold]
        outside = [c for c in cases if fold_of[c.group] == fold]
        weights = fit(inside, rows, names, l2, objective)
        pooled |= score(outside, weights, embedded, vectors, page_text)
    return pooled


def diagnosis(cases: list[Case], rows: dict[str, Rows], vectors: Vectors, page_text
              ) -> dict[str, int]:
    """Where the weights in use lose each answer that misses a fact, by the first stage that
    fails: a refusal; no candidate whose block is good (`good`: every fact, or the gold
    quote), and whether a source page holds every fact; the best-ranked candidate's block good
    but the composed answer missing a fact (what `choose` builds around it); a good one in the
    first ten; one further down."""
    counts = dict.fromkeys(("answers holding every fact", "a candidate's block is good",
                            "the best candidate's block is good", "refused",
                            "missed: no good candidate; no source page holds every fact",
                            "missed: no good candidate; a source page holds every fact",
                            "missed: the best candidate is good, the answer not",
                            "missed: a good candidate in the first ten",
                            "missed: a good candidate further down"), 0)
    scored = score(cases, spans.WEIGHTS, spans.EMBEDDED, vectors, page_text)
    for case in cases:
        found = rows.get(case.id)
        whole = found is not None and bool((found.y == 1).any())
        counts["a candidate's block is good"] += whole
        counts["the best candidate's block is good"] += scored[case.id].first
        if scored[case.id].facts:
            counts["answers holding every fact"] += 1
        elif not case.evidence:
            counts["refused"] += 1
        elif not whole:
            held = any(holds_facts(case.raw, item.page) for item in case.evidence)
            counts["missed: no good candidate; a source page holds every fact" if held
                   else "missed: no good candidate; no source page holds every fact"] += 1
        else:
            ranked = spans.rank_spans(case.text, case.evidence, vectors.embed,
                                      vectors.embed_query, case.ignored)
            at = next((n for n, c in enumerate(ranked)
                       if good(case, spans.with_block(c).span.text) == 1.0), len(ranked))
            counts["missed: the best candidate is good, the answer not" if at == 0 else
                   "missed: a good candidate in the first ten" if at < 10 else
                   "missed: a good candidate further down"] += 1
    return counts


def weights_text(weights: spans.SpanWeights) -> str:
    return " ".join(f"{k} {v:g}" for k, v in dataclasses.asdict(weights).items() if v)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+",
                        default=[ROOT / "bench" / "questions" / "dev2_tune.jsonl"])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/span-tune.pickle"))
    parser.add_argument("--embedded", default=f"{spans.EMBEDDED}")
    parser.add_argument("--features", default=",".join(spans.FEATURES))
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--objective", choices=("listwise", "pointwise"), default=OBJECTIVE)
    parser.add_argument("--diagnose", action="store_true",
                        help="fit nothing: where the weights in use lose answers")
    args = parser.parse_args()
    if not args.diagnose and any(path.name.endswith("_test.jsonl") for path in args.questions):
        parser.error("tuning questions only: a test half fitted on says nothing")
    from kernel.config import LibrarySettings
    from laoshifu.answer.evidence import catalog_pages
    from laoshifu.answer.furniture import without_furniture
    from laoshifu.composition import open_library

    library = open_library(LibrarySettings(args.data))
    try:
        if args.cache.exists():
            cache = pickle.loads(args.cache.read_bytes())
        else:
            cache = build_cache(library, args.questions)
            args.cache.write_bytes(pickle.dumps(cache))
        vectors = Vectors(cache, library.encoder)
        page_text = without_furniture(catalog_pages(library.catalog),
                                      library._furniture)
        rows = rows_of(cache.cases, vectors)
        if vectors.grown:
            args.cache.write_bytes(pickle.dumps(cache))
        cases = cache.cases
        if args.diagnose:
            for stage, count in diagnosis(cases, rows, vectors, page_text).items():
                print(f"{stage:62s} {count:5d} of {len(cases)}")
            return
        names = args.features.split(",")
        print(f"{len(cases)} questions, {sum(not c.evidence for c in cases)} refused, "
              f"{sum(len(r.y) for r in rows.values())} candidates, "
              f"{sum(bool(r.y.any()) for r in rows.values())} with a good one, "
              f"{sum(bool((r.y == 1).any()) for r in rows.values())} with one holding all")
        for embedded in map(int, args.embedded.split(",")):
            report(f"EMBEDDED {embedded:5d} hand-set weights", cases,
                   score(cases, HAND, embedded, vectors, page_text))
            hand = score(cases, spans.WEIGHTS, embedded, vectors, page_text)
            report(f"EMBEDDED {embedded:5d} weights in use", cases, hand)
            pooled = cross_validate(cases, rows, names, embedded, vectors, page_text, args.l2,
                                    args.objective)
            report(f"EMBEDDED {embedded:5d} fitted, {FOLDS}-fold CV", cases, pooled)
            weights = fit(cases, rows, names, args.l2, args.objective)
            whole = score(cases, weights, embedded, vectors, page_text)
            report(f"EMBEDDED {embedded:5d} fitted, in sample", cases, whole)
            print(f"    {weights_text(weights)}")
            if args.misses:
                for case in cases:
                    if hand[case.id].facts != pooled[case.id].facts:
                        print(f"  {case.id} in use {hand[case.id].facts} cv "
                              f"{pooled[case.id].facts}: {case.text[:80]}")
        if vectors.grown:
            args.cache.write_bytes(pickle.dumps(cache))
    finally:
        library.close()


if __name__ == "__main__":
    main()
