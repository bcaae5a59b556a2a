"""Answer quality and speed on the dev questions: prints figures, asserts nothing.

    .venv/bin/python bench/answers.py --data LIBRARY [--questions FILE] [--evidence-only]
                                      [--composed]

The library must hold the shared corpus (`laoshifu --data LIBRARY ingest ../shared/corpus`).
That command also prepares its page sentences (laoshifu.sentences_ahead), so `--composed`
times a prepared library; on a copy without `sentence_vectors.sqlite3` it times the first
questions about manuals nobody has prepared (candidates embedded at question time).
Figures: refusal rate on unanswerable questions (per kind of near miss, with dev2's
`near_miss`), false refusals on answerable ones, the share of answers that state every fact of
the gold answer (dev2's `facts`; overall, English, Chinese), citation
precision (the quote is literally on the cited page, and the cited page is a gold page), how
many answers rest on model sentences the sources back, time until the evidence is shown, time
to the first answer token, tokens per second, prompt tokens and what the prompt cache saved.
`--evidence-only` skips the model and prints the refusal signals per question (for
calibrating the threshold in `kernel.config.AnswerSettings`). `--composed` skips the model too
and scores the answer composed from the pages alone (what is on screen at once): every fact,
the gold quote inside a shown span, and how soon it is there.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the packages, not bench/ingest.py, answer `import ingest`

from kernel.config import enforce_offline  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _gold_pages(question: dict) -> set[tuple[str, int | None]]:
    return {(g["file"], g.get("page")) for g in question["gold"]}


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "n/a"


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "n/a"


def _evidence_signals(library, question: dict) -> None:
    from kernel.config import AnswerSettings
    from laoshifu.answer import catalog_pages
    from laoshifu.answer.evidence import evidence_for

    page_text = catalog_pages(library.catalog)
    hits = library.search(question["question"], k=AnswerSettings().sources)
    gold = _gold_pages(question)
    print(f"{question['id']} {question['kind']:<13} {question['question'][:70]}")
    for hit in hits:
        page = page_text(hit)
        item = evidence_for(question["question"], hit, page) if page else None
        mark = "*" if (hit.file, hit.page) in gold else " "
        cover = f"{item.question_coverage:.2f}" if item else "-"
        print(f"   {mark} rel {hit.relevance:.3f} cov {cover}  {hit.file[:40]} p{hit.page}")


def _run(library, questions: list[dict]) -> None:
    from laoshifu.answer import catalog_pages

    page_text = catalog_pages(library.catalog)
    rows = []
    for question in questions:
        started = time.monotonic()
        stream = library.ask(question["question"])
        evidence_s = time.monotonic() - started
        answer = stream.result()
        rows.append((question, answer, stream.stats, evidence_s))
        stats = stream.stats
        ttft = f"{evidence_s + stats.first_token_s:.1f}s" if stats and stats.first_token_s \
            else "-"
        state = "REFUSED" if not answer.grounded else (
            "model" if answer.text != "" and answer.draft and not _fallback(answer) else "quote")
        print(f"{question['id']} {question['kind']:<13} {state:<7} ttft {ttft:>6} "
              f"cites {len(answer.citations)} unsupported {len(answer.unsupported)} "
              f"safety {len(answer.safety)} | {answer.text[:90]!r}", flush=True)
    _summary(rows, page_text)


def _quote_shown(question: dict, answer) -> bool:
    """A gold quote falls inside a span the answer shows (case and spacing folded)."""
    quotes = [_folded(g["quote"]) for g in question["gold"] if g.get("quote")]
    shown = [_folded(c.quote) for c in answer.citations]
    return any(q in s for q in quotes for s in shown)


def _run_composed(library, questions: list[dict]) -> None:
    """The answer composed from the sources alone (no model): what is on screen at once."""
    rows, times = [], []
    for question in questions:
        started = time.monotonic()
        answer = library.ask(question["question"], with_model=False).result()
        times.append(time.monotonic() - started)
        rows.append((question, answer))
        if question["kind"] != "unanswerable":
            held = answer.grounded and holds_facts(question, answer.text)
            print(f"{question['id']} {question['lang']} {question['kind']:<13} "
                  f"{'FACTS' if held else '-----'} {'QUOTE' if _quote_shown(question, answer) else '-----'}"  # noqa: E501
                  f" | {' '.join(answer.text.split())[:100]!r}", flush=True)
        else:
            print(f"{question['id']} {question['lang']} {question.get('near_miss') or '-':<13} "
                  f"{'REFUSED' if not answer.grounded else 'ANSWERED'}"
                  f" | {' '.join(answer.text.split())[:100]!r}", flush=True)
    answerable = [(q, a) for q, a in rows if q["kind"] != "unanswerable"]
    unanswerable = [(q, a) for q, a in rows if q["kind"] == "unanswerable"]
    print("\n## Composed answers (no model)")
    print(f"unanswerable refused          {_pct(sum(not a.grounded for _, a in unanswerable), len(unanswerable))}")  # noqa: E501
    _near_miss_rows([(q, a, None, 0.0) for q, a in unanswerable])
    print(f"answerable refused (false)    {_pct(sum(not a.grounded for _, a in answerable), len(answerable))}")  # noqa: E501
    _fact_rows([(q, a, None, 0.0) for q, a in answerable])
    print(f"gold quote inside a shown span {_pct(sum(_quote_shown(q, a) for q, a in answerable), len(answerable))}")  # noqa: E501
    sourced = [(q, a) for q, a in answerable if a.grounded and _gold_pages(q) & {
        (h.file, h.page) for h in a.sources}]
    print(f"  of those with a gold page among the sources {_pct(sum(_quote_shown(q, a) for q, a in sourced), len(sourced))}; facts {_pct(sum(holds_facts(q, a.text) for q, a in sourced), len(sourced))}")  # noqa: E501
    lengths = sorted(len(a.text) for _, a in answerable if a.grounded)
    if lengths:
        print(f"answer length (characters)    p50 {statistics.median(lengths):.0f}  "
              f"p90 {lengths[int(0.9 * (len(lengths) - 1))]}")
    print(f"composed answer after (s)     p50 {_median(times)}  max {max(times):.2f}")


def _fallback(answer) -> bool:
    return all(not c.claim for c in answer.citations)


def _folded(text: str) -> str:
    """Case and spacing do not decide whether an answer states a fact ("24 V" is "24v")."""
    return "".join(text.lower().split())


def holds_facts(question: dict, text: str) -> bool:
    """The displayed answer states every fact of the gold answer, each in one of its accepted
    forms (dev2's `facts`: a list of alternatives per fact, in either language)."""
    shown = _folded(text)
    facts = question.get("facts")  # the old dev set names none: it scores quotes only
    return bool(facts) and all(any(_folded(form) in shown for form in forms) for forms in facts)


def _fact_rows(answerable) -> None:
    scored = [(q, a) for q, a, _, _ in answerable if q.get("facts")]
    if not scored:
        return
    for label, subset in (("all", scored), ("en", [r for r in scored if r[0]["lang"] == "en"]),
                          ("zh", [r for r in scored if r[0]["lang"] == "zh"])):
        held = sum(a.grounded and holds_facts(q, a.text) for q, a in subset)
        print(f"answer holds every fact ({label:<3}) {_pct(held, len(subset))}")


def _near_miss_rows(unanswerable) -> None:
    kinds = sorted({q.get("near_miss") for q, *_ in unanswerable if q.get("near_miss")})
    for kind in kinds:
        subset = [a for q, a, _, _ in unanswerable if q.get("near_miss") == kind]
        print(f"  refused, {kind:<22} {_pct(sum(not a.grounded for a in subset), len(subset))}")


def _summary(rows, page_text) -> None:
    unanswerable = [r for r in rows if r[0]["kind"] == "unanswerable"]
    answerable = [r for r in rows if r[0]["kind"] != "unanswerable"]
    citations = [(q, c, a) for q, a, _, _ in rows if a.grounded for c in a.citations]
    literal = sum(_on_page(c, a, page_text) for _, c, a in citations)
    on_gold = [(q, c) for q, c, _ in citations if q["gold"]]
    gold_hits = sum((c.file, c.page) in _gold_pages(q) for q, c in on_gold)
    grounded = [a for _, a, _, _ in rows if a.grounded]
    model_backed = sum(not _fallback(a) for a in grounded)
    stats = [(s, e) for _, _, s, e in rows if s is not None and s.first_token_s is not None]
    print("\n## Answers on the dev set")
    print(f"unanswerable refused          {_pct(sum(not a.grounded for _, a, _, _ in unanswerable), len(unanswerable))}")  # noqa: E501
    _near_miss_rows(unanswerable)
    print(f"answerable refused (false)    {_pct(sum(not a.grounded for _, a, _, _ in answerable), len(answerable))}")  # noqa: E501
    _fact_rows(answerable)
    print(f"citation precision, literal   {_pct(literal, len(citations))}  (quote == cited page text at its offsets)")  # noqa: E501
    print(f"citation precision, gold page {_pct(gold_hits, len(on_gold))}  (cited page is a gold page)")  # noqa: E501
    print(f"answers resting on model text {_pct(model_backed, len(grounded))}  (else the best quote)")  # noqa: E501
    print(f"model sentences unsupported   {sum(len(a.unsupported) for a in grounded)}")
    print(f"answers with safety blocks    {sum(bool(a.safety) for a in grounded)}")
    print(f"evidence shown after (s)      p50 {_median([e for *_, e in rows])}  max {max(e for *_, e in rows):.2f}")  # noqa: E501
    ttft = [e + s.first_token_s for s, e in stats]
    print(f"first answer token (s)        p50 {_median(ttft)}  max {max(ttft, default=0):.2f}")
    print(f"tokens/s (decode)             p50 {_median([s.tokens_per_s for s, _ in stats if s.tokens_per_s])}")  # noqa: E501
    # An answer server may not say what its cache saved (llama_cpp.server): counted as 0.
    saved = [s.cached_tokens or 0 for s, _ in stats]
    print(f"prompt tokens                 p50 {_median([s.prompt_tokens for s, _ in stats])}  cached p50 {_median(saved)}")  # noqa: E501
    read = [(s.prompt_tokens - c) / s.first_token_s for (s, _), c in zip(stats, saved, strict=True)]
    speed = statistics.median(read) if read else 0
    cached = statistics.median(saved) if stats else 0
    print(f"prompt read speed (tok/s)     p50 {speed:.0f}; the cache saves ~{cached / speed if speed else 0:.2f} s a question")  # noqa: E501


def _on_page(citation, answer, page_text) -> bool:
    source = answer.sources[citation.n - 1]
    page = page_text(source)
    return bool(page) and page[citation.start:citation.end] == citation.quote and \
        (source.file, source.page) == (citation.file, citation.page)


def main() -> None:
    enforce_offline()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--questions", type=Path,
                        default=SHARED / "eval" / "dev_questions.jsonl")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--evidence-only", action="store_true")
    parser.add_argument("--composed", action="store_true",
                        help="the answer from the sources alone, no model: facts, quotes, time")
    args = parser.parse_args()
    from kernel.config import LibrarySettings
    from laoshifu.composition import open_library

    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line]
    library = open_library(LibrarySettings(args.data, model_path=args.model))
    try:
        if args.evidence_only:
            for question in questions:
                _evidence_signals(library, question)
        elif args.composed:
            _run_composed(library, questions)
        else:
            _run(library, questions)
    finally:
        library.close()


if __name__ == "__main__":
    main()
