"""What each refusal rule catches, and whether similarity could take over from them.

    .venv/bin/python bench/refusal_rules.py --data LIBRARY --questions FILE

The refusal gate (`laoshifu.answer.gate`) was written on the tuning questions, so its score
there says little about new ones. This runs every rule of the gate on its own (not only the
first that fires), then splits the questions in two by a hash of their group (the paraphrases
of one question stay together) and prints, per half, the near misses each rule refuses, those
only it refuses, and the answerable questions it refuses. For two signals that do not depend
on the question's wording, it calibrates a threshold on one half (the highest that refuses no
answerable question of it) and scores it on the other:

* `cosine`: the search model's cosine of the question and the best of the 16 sentences span
  ranking embeds (what the answer would lead with);
* `key words`: the share of the question's words (each with its renderings) that one retrieved
  page holds, counting only words the library holds on fewer than `RARE` pages and that are
  not in a retrieved manual's file name (the product's name).

Prints figures; asserts nothing. Never run it on a `*_test.jsonl` file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kernel.config import AnswerSettings, enforce_offline

# A word on this many pages of the library or more is the trade's vocabulary, not the topic.
RARE = 30
RULES = ("product", "aside code", "value", "topic", "term nowhere", "term elsewhere",
         "definitions")


def _half(question: dict) -> int:
    key = question.get("group") or question["id"]
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


def _rules(question: str, evidence, pages_with, files: dict[str, str],
           page_counts: dict[str, int]) -> set[str]:
    """Every rule of the gate that would refuse, each tested as `gate.missing` tests it."""
    from index.model_codes import model_codes
    from index.page_rerank import numbered_codes
    from index.product_names import file_words
    from laoshifu.answer import gate
    from laoshifu.answer.glossary import asks_how_to, is_glossary
    from laoshifu.answer.off_topic import everyday_object
    from laoshifu.answer.products import missing_product
    from laoshifu.answer.terms import uncovered_term
    from laoshifu.answer.value_check import asked_quantity

    fired = set()
    if missing_product(question, pages_with, [item.page for item in evidence]):
        fired.add("product")
    if gate.code_beside(question, evidence, pages_with):
        fired.add("aside code")
    quantity = asked_quantity(question)
    if quantity is not None:
        products = gate.named_products(question, evidence, pages_with, files)
        own = [item for item in evidence if products <= file_words(item.hit.file)]
        codes = [code.lower() for code in model_codes(question)]
        if not gate._states_of_subject(quantity, gate.subject_words(question, quantity), own,
                                       codes, gate.everyday_words(pages_with, page_counts)):
            fired.add("value")
    if not numbered_codes(question) and \
            gate.known_share(question, pages_with, quantity) < gate.MIN_KNOWN:
        fired.add("topic")
    term = uncovered_term(question, evidence, pages_with)
    if term is not None:
        fired.add("term elsewhere" if term[1] else "term nowhere")
    if asks_how_to(question) and evidence and \
            all(is_glossary(item.page) for item in evidence[:gate.GLOSSARY_DEPTH]):
        fired.add("definitions")
    if everyday_object(question, gate.unknown_words(question, pages_with, quantity), pages_with,
                       files):
        fired.add("everyday object")
    return fired


def _cosine(library, question: str, evidence) -> float | None:
    from laoshifu.answer.spans import rank_spans

    ranked = rank_spans(question, list(evidence), library.encoder.embed,
                        library.encoder.embed_query)
    if not ranked:
        return None
    vectors = np.asarray(library.encoder.embed([c.span.text for c in ranked]), dtype=np.float32)
    query = np.asarray(library.encoder.embed_query(question), dtype=np.float32)
    return float((vectors @ query).max())


def _key_words(question: str, evidence, pages_with) -> float | None:
    from index.keywords import fold, present_terms
    from index.product_names import file_words
    from index.tokenize import CJK_RUN, normalise
    from laoshifu.answer.bilingual import question_words
    from laoshifu.answer.value_check import asks_for_value

    names = set().union(*(file_words(item.hit.file) for item in evidence)) if evidence else set()
    key = []
    for forms in question_words(question):
        if asks_for_value(forms[0]) or forms[0] in names:
            continue
        pages = max(len(pages_with(form)) for form in forms)
        if 0 < pages < RARE:
            key.append(forms)
    if not key or not evidence:
        return None

    def held(forms, page: str) -> bool:
        words, flat = present_terms(page), normalise(page)
        return any(form in flat if CJK_RUN.search(form) else
                   all(fold(w) in words for w in form.split()) for form in forms)

    return max(sum(held(forms, item.page) for forms in key) / len(key) for item in evidence)


def _calibrated(rows: list[dict], signal: str, fit: int) -> float | None:
    """The highest threshold that refuses no answerable question of half `fit`."""
    values = [r[signal] for r in rows if r["half"] == fit and not r["unanswerable"]
              and r[signal] is not None]
    return min(values) if values else None


def _report(rows: list[dict]) -> None:
    print(f"\n{'rule':<16}" + "".join(f"| half {h}: near misses (only it), false refusals  "
                                       for h in (0, 1)))
    for rule in RULES:
        cells = []
        for half in (0, 1):
            near = [r for r in rows if r["half"] == half and r["unanswerable"]]
            answerable = [r for r in rows if r["half"] == half and not r["unanswerable"]]
            caught = sum(rule in r["rules"] for r in near)
            only = sum(r["rules"] == {rule} for r in near)
            false = sum(rule in r["rules"] for r in answerable)
            cells.append(f"| {caught}/{len(near)} ({only}), {false}/{len(answerable)}")
        print(f"{rule:<16}" + "".join(f"{cell:<48}" for cell in cells))
    for half in (0, 1):
        near = [r for r in rows if r["half"] == half and r["unanswerable"]]
        answerable = [r for r in rows if r["half"] == half and not r["unanswerable"]]
        print(f"all rules, half {half}: near misses {sum(bool(r['rules']) for r in near)}/"
              f"{len(near)}, false refusals {sum(bool(r['rules']) for r in answerable)}/"
              f"{len(answerable)}")
    for signal in ("cosine", "key words"):
        for fit, score in ((0, 1), (1, 0)):
            threshold = _calibrated(rows, signal, fit)
            if threshold is None:
                continue
            near = [r for r in rows if r["half"] == score and r["unanswerable"]]
            answerable = [r for r in rows if r["half"] == score and not r["unanswerable"]]

            def below(r: dict, limit: float = threshold, name: str = signal) -> bool:
                return r[name] is not None and r[name] < limit

            print(f"{signal}: below {threshold:.3f} (fitted on half {fit}) refuses on half "
                  f"{score} {sum(below(r) for r in near)}/{len(near)} near misses "
                  f"({sum(below(r) and not r['rules'] for r in near)} no rule refuses), "
                  f"{sum(below(r) for r in answerable)}/{len(answerable)} answerable")


def main() -> None:
    enforce_offline()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True,
                        help="a tuning file with near misses (dev2's `near_miss`)")
    args = parser.parse_args()
    if args.questions.name.endswith("_test.jsonl"):
        sys.exit("the test half is scored once by the lead, never calibrated on")
    from kernel.config import LibrarySettings
    from laoshifu.answer import catalog_pages
    from laoshifu.answer.evidence import evidence_for
    from laoshifu.composition import open_library

    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line]
    library = open_library(LibrarySettings(args.data))
    page_text = catalog_pages(library.catalog)
    pages_with: Callable = library.keywords.pages_containing
    files = library.catalog.files()
    page_counts = library.catalog.page_counts()
    rows = []
    try:
        for question in questions:
            text = question["question"]
            hits = library.retriever.rank(text, k=AnswerSettings().sources).hits
            evidence = [evidence_for(text, hit, page) for hit in hits if (page := page_text(hit))]
            row = {"half": _half(question), "unanswerable": question["kind"] == "unanswerable",
                   "rules": _rules(text, evidence, pages_with, files, page_counts),
                   "cosine": _cosine(library, text, evidence),
                   "key words": _key_words(text, evidence, pages_with)}
            rows.append(row)
            cosine = "-" if row["cosine"] is None else f"{row['cosine']:.3f}"
            words = "-" if row["key words"] is None else f"{row['key words']:.2f}"
            kind = question.get("near_miss") or question["kind"]
            print(f"{question['id']} h{row['half']} {kind:<15} cos {cosine} words {words} "
                  f"{','.join(sorted(row['rules'])) or '-'}", flush=True)
    finally:
        library.close()
    _report(rows)


if __name__ == "__main__":
    main()
