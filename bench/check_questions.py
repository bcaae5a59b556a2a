"""Check a dev question set (dev2, dev3) against the corpus, so that its gold is what the pages say.

A retrieval or answer benchmark is only as good as its gold: a quote typed from memory, a page
number read off the printed footer instead of the PDF index, or a fact the page never states
would score the product against a mistake. This script reads every gold file with the product's
own loader (the same text, the same OCR, the same 1-based page numbering the index sees) and
verifies, for every question:

* the gold quote of each gold location, and the main quote, appear verbatim on a gold page,
  compared after collapsing whitespace and, failing that, with all whitespace removed (some PDFs
  lose the spaces between words; Chinese text has stray spaces);
* every fact of an answerable question has an alternative on one of its gold pages or in its
  answer (an error if neither); facts found only in the answer are warnings, since a fact may be
  a translation of the page;
* the record is well formed: unique ids, known lang/kind/near_miss, unanswerables with empty
  gold and facts, answerable groups asked at least three ways, crosslingual labels consistent
  with the gold files' languages (warnings);
* the tune/test split files together equal the full set, no group is split across halves and
  every group sits on the side its hash assigns.

It prints counts per kind, language, split, near-miss type and gold document, then the failures.
Exit code 1 on any error. Loaded page text is cached under /tmp, keyed by the file's SHA-256 and
the loader's source, so a second run skips OCR; the check works the same without the cache.

The split files are found next to the set: dev3.jsonl is checked with dev3_tune.jsonl and
dev3_test.jsonl, and so on.

Usage: .venv/bin/python bench/check_questions.py [--questions bench/questions/dev2.jsonl]
           [--corpus ../shared/corpus] [--no-cache]
       .venv/bin/python bench/check_questions.py --questions bench/questions/dev3.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ingest.loaders import load_document  # noqa: E402
from laoshifu.indexer import content_hash  # noqa: E402

DEFAULT_QUESTIONS = ROOT / "bench" / "questions" / "dev2.jsonl"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
CACHE_DIR = Path("/tmp/laoshifu-check-questions-cache")

LANGS = ("en", "zh")
KINDS = ("fact", "procedure", "table", "error_code", "quoted_message", "crosslingual",
         "unanswerable")
NEAR_MISSES = ("unstated_value", "beside_topic", "sibling_product", "off_topic")
REQUIRED = ("id", "lang", "question", "gold", "answer", "quote", "group", "kind", "facts",
            "near_miss")
MIN_PHRASINGS = 3
SPLITS = ("tune", "test")


def split_of(group: str) -> str:
    """The one-time split rule: the last byte of sha256(group id), even -> tune, odd -> test."""
    return SPLITS[hashlib.sha256(group.encode("utf-8")).digest()[-1] % 2]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def appears(needle: str, haystack: str) -> bool:
    """Verbatim after whitespace normalisation: runs collapsed, or all whitespace removed."""
    if not needle.strip():
        return False
    return collapse(needle) in collapse(haystack) or squeeze(needle) in squeeze(haystack)


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


def _loader_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "ingest").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Corpus:
    """Page text of the corpus files as the product's loader reads them, loaded on first use."""

    def __init__(self, folder: Path, use_cache: bool) -> None:
        self.folder = folder
        self.use_cache = use_cache
        self._pages: dict[str, dict[int | None, str]] = {}
        self._fingerprint = _loader_fingerprint()
        self.languages = self._read_languages()

    def _read_languages(self) -> dict[str, str]:
        sources = self.folder / "sources.tsv"
        languages: dict[str, str] = {}
        if sources.exists():
            lines = sources.read_text(encoding="utf-8").splitlines()
            header = lines[0].split("\t")
            for line in lines[1:]:
                row = dict(zip(header, line.split("\t"), strict=False))
                if row.get("file"):
                    languages[row["file"]] = row.get("language", "")[:2]
        return languages

    def exists(self, name: str) -> bool:
        return (self.folder / name).is_file()

    def pages(self, name: str) -> dict[int | None, str]:
        if name not in self._pages:
            self._pages[name] = self._load(self.folder / name)
        return self._pages[name]

    def _load(self, path: Path) -> dict[int | None, str]:
        cache = CACHE_DIR / f"{content_hash(path)}-{self._fingerprint}.json"
        if self.use_cache and cache.exists():
            stored = json.loads(cache.read_text(encoding="utf-8"))
            return {(None if key == "null" else int(key)): text for key, text in stored.items()}
        parsed = load_document(path)
        pages: dict[int | None, str] = {}
        for page in parsed.pages:
            pages[page.number] = pages.get(page.number, "") + page.text
        if self.use_cache:
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            serialised = {("null" if key is None else str(key)): text
                          for key, text in pages.items()}
            cache.write_text(json.dumps(serialised, ensure_ascii=False), encoding="utf-8")
        return pages

    def page_text(self, name: str, page: int | None) -> str | None:
        pages = self.pages(name)
        if page is None:
            # Text and CSV files have one unnumbered page; a null page means "the whole file".
            return "\n".join(pages.values()) if None in pages else None
        return pages.get(page)


def read_jsonl(path: Path, report: Report) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report.error(f"{path.name}:{number}", f"not JSON ({exc})")
            continue
        if not isinstance(record, dict):
            report.error(f"{path.name}:{number}", "not a JSON object")
            continue
        records.append(record)
    return records


def check_shape(record: dict[str, Any], report: Report) -> bool:
    where = str(record.get("id", "?"))
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        report.error(where, f"missing fields {missing}")
        return False
    if record["lang"] not in LANGS:
        report.error(where, f"lang {record['lang']!r} is not one of {LANGS}")
    if record["kind"] not in KINDS:
        report.error(where, f"kind {record['kind']!r} is not one of {KINDS}")
    if not isinstance(record["group"], str) or not record["group"]:
        report.error(where, "every question needs a group id")
    for key in ("question", "answer"):
        if not isinstance(record[key], str) or not record[key].strip():
            report.error(where, f"{key} is empty")
    if not isinstance(record["gold"], list) or not isinstance(record["facts"], list):
        report.error(where, "gold and facts must be lists")
        return False
    if record["kind"] == "unanswerable":
        if record["gold"] or record["facts"]:
            report.error(where, "an unanswerable question has empty gold and facts")
        if record["near_miss"] not in NEAR_MISSES:
            report.error(where, f"near_miss {record['near_miss']!r} is not one of {NEAR_MISSES}")
    else:
        if not record["gold"]:
            report.error(where, "an answerable question needs at least one gold location")
        if not record["facts"]:
            report.error(where, "an answerable question needs at least one fact")
        if record["near_miss"] is not None:
            report.error(where, "near_miss is only for unanswerable questions")
        if not isinstance(record["quote"], str) or not record["quote"].strip():
            report.error(where, "an answerable question needs a main quote")
    for fact in record["facts"]:
        if (not isinstance(fact, list) or not fact
                or not all(isinstance(alt, str) and alt.strip() for alt in fact)):
            report.error(where, f"fact {fact!r} must be a non-empty list of strings")
    for gold in record["gold"]:
        if not isinstance(gold, dict) or not {"file", "page", "quote"} <= set(gold):
            report.error(where, f"gold {gold!r} needs file, page and quote")
            return False
        if gold["page"] is not None and (not isinstance(gold["page"], int) or gold["page"] < 1):
            report.error(where, f"gold page {gold['page']!r} must be a 1-based int or null")
    return True


def check_against_corpus(record: dict[str, Any], corpus: Corpus, report: Report) -> None:
    where = record["id"]
    gold_texts: list[str] = []
    for gold in record["gold"]:
        name, page = gold["file"], gold["page"]
        if not corpus.exists(name):
            report.error(where, f"gold file {name} is not in the corpus")
            continue
        text = corpus.page_text(name, page)
        if text is None:
            report.error(where, f"{name} has no page {page}")
            continue
        gold_texts.append(text)
        if not appears(gold["quote"], text):
            report.error(where, f"quote not found on {name} p{page}: {gold['quote'][:70]!r}")
    if not gold_texts:
        return
    if not any(appears(record["quote"], text) for text in gold_texts):
        report.error(where, f"main quote not on any gold page: {record['quote'][:70]!r}")
    for fact in record["facts"]:
        on_page = any(appears(alt, text) for alt in fact for text in gold_texts)
        if on_page:
            continue
        if any(collapse(alt).lower() in collapse(record["answer"]).lower() for alt in fact):
            report.warn(where, f"fact {fact} is in the answer but not on a gold page")
        else:
            report.error(where, f"fact {fact} is neither on a gold page nor in the answer")
    languages = {corpus.languages.get(gold["file"], "") for gold in record["gold"]}
    if record["kind"] == "crosslingual" and record["lang"] in languages:
        report.warn(where, f"crosslingual, yet a gold file is in {record['lang']}")
    if record["kind"] != "crosslingual" and languages and record["lang"] not in languages:
        report.warn(where, f"{record['lang']} question with gold only in {sorted(languages)}: "
                           "crosslingual?")


def check_groups(records: list[dict[str, Any]], report: Report,
                 min_phrasings: int = MIN_PHRASINGS) -> None:
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        members[record["group"]].append(record)
    for group, items in members.items():
        unanswerable = [item for item in items if item["kind"] == "unanswerable"]
        if unanswerable and len(items) > 1:
            report.error(group, "an unanswerable question has a group of its own")
        if not unanswerable and len(items) < min_phrasings:
            report.error(group, f"an answerable need is asked {len(items)} way(s), "
                                f"fewer than {min_phrasings}")
        golds = {json.dumps(sorted((g["file"], g["page"] or 0) for g in item["gold"]))
                 for item in items}
        if len(golds) > 1:
            report.warn(group, "phrasings of one need have different gold locations")


def check_split(records: list[dict[str, Any]], halves: dict[str, Path], report: Report,
                counts: dict[str, Counter[str]]) -> None:
    by_id = {record["id"]: record for record in records}
    seen: dict[str, str] = {}
    group_side: dict[str, str] = {}
    split_groups: set[str] = set()
    for side, path in halves.items():
        if not path.exists():
            report.error(side, f"split file {path} is missing")
            continue
        for record in read_jsonl(path, report):
            rid = record.get("id", "?")
            if rid in seen:
                report.error(rid, f"in both {seen[rid]} and {side}")
                continue
            seen[rid] = side
            if rid not in by_id:
                report.error(rid, f"in {path.name} but not in the full set")
                continue
            if record != by_id[rid]:
                report.error(rid, f"differs between {path.name} and the full set")
            group = record.get("group", "")
            if group_side.setdefault(group, side) != side and group not in split_groups:
                split_groups.add(group)
                report.error(group, "group split across tune and test")
            if split_of(group) != side:
                report.error(rid, f"in {side}, but its group hashes to {split_of(group)}")
            counts["split"][side] += 1
            counts[f"split:{side}:kind"]["unanswerable" if record.get("kind") == "unanswerable"
                                         else "answerable"] += 1
    for rid in by_id.keys() - seen.keys():
        report.error(rid, "in the full set but in neither split file")


def print_counts(title: str, counter: Counter[str]) -> None:
    body = ", ".join(f"{key} {value}" for key, value in sorted(counter.items()))
    print(f"{title:<22} {body}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-cache", action="store_true", help="always reload the gold files")
    parser.add_argument("--min-phrasings", type=int, default=MIN_PHRASINGS,
                        help="ways each answerable need is asked (dev15's twins: 2)")
    args = parser.parse_args()

    report = Report()
    records = read_jsonl(args.questions, report)
    ids = Counter(record.get("id") for record in records)
    for rid, count in ids.items():
        if count > 1:
            report.error(str(rid), f"id used {count} times")
    records = [record for record in records if check_shape(record, report)]

    corpus = Corpus(args.corpus, use_cache=not args.no_cache)
    for record in records:
        check_against_corpus(record, corpus, report)
    check_groups(records, report, args.min_phrasings)

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        counts["kind"][record["kind"]] += 1
        counts["lang"][record["lang"]] += 1
        counts["lang x answerable"][
            f"{record['lang']}/{'u' if record['kind'] == 'unanswerable' else 'a'}"] += 1
        if record["near_miss"]:
            counts["near_miss"][record["near_miss"]] += 1
        for name in {gold["file"] for gold in record["gold"]}:
            counts["documents"][name] += 1
    stem = args.questions.with_suffix("")
    halves = {side: stem.with_name(f"{stem.name}_{side}.jsonl") for side in SPLITS}
    check_split(records, halves, report, counts)

    groups = {record["group"] for record in records}
    answerable = sum(record["kind"] != "unanswerable" for record in records)
    print(f"{len(records)} questions ({answerable} answerable) in {len(groups)} groups; "
          f"{len(counts['documents'])} of {len(corpus.languages)} corpus documents are gold")
    for key in ("kind", "lang", "lang x answerable", "near_miss", "split", "split:tune:kind",
                "split:test:kind"):
        print_counts(key, counts[key])
    print("documents:")
    for name, count in sorted(counts["documents"].items()):
        print(f"  {count:>3}  {name}")
    unused = sorted(set(corpus.languages) - set(counts["documents"]))
    if unused:
        print(f"not used as gold: {', '.join(unused)}")
    for warning in report.warnings:
        print(f"WARNING {warning}")
    for error in report.errors:
        print(f"ERROR {error}")
    print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
