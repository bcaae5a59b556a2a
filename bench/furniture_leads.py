"""How many composed answers lead with page furniture: prints figures, asserts nothing.

    .venv/bin/python bench/furniture_leads.py --data LIBRARY [--questions FILE]

The answer (composed from the pages, no model) of each answerable question is asked, and its
first shown line, the first citation's quote, is tested by rules written apart from the
product's own (`laoshifu.answer.furniture`), so the product is not graded by itself:

* **running line or title**: the line, whitespace folded, digits as "#" and lower case, is or
  starts with (then a space) a line of at least 8 characters of its document (of several pages)
  that is printed on at least 3 pages and on a quarter of them (both pages of a two-page
  document), or one of the first four lines of its first page that ends no sentence;
* **copyright or licence**: a copyright mark, "all rights reserved", "permission is granted",
  "license", "版权所有";
* **drawing labels**: on a page read by OCR, a line of two or more tokens without a word of
  four letters, two Chinese characters in a row or sentence punctuation at its end.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel.config import enforce_offline  # noqa: E402

_LEGAL = re.compile(r"copyright|©|all rights reserved|permission is granted|\blicen[cs]e\b|"
                    r"版权所有", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]{4,}|[\u4e00-\u9fff]{2}")
_MARKER = re.compile(r"\s*\[\d+\]")


def _folded(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _repeated(pages: list[str]) -> set[str]:
    """Lines printed on at least 3 pages and a quarter of them (both pages of two), and the
    first four lines of a document of several pages that end no sentence."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for text in pages:
        counts.update({_folded(line) for line in text.splitlines() if line.strip()})
    need = 2 if len(pages) == 2 else max(3, len(pages) // 4)
    found = {line for line, n in counts.items() if n >= need}
    opening = [line for line in pages[0].splitlines() if line.strip()][:4]
    found |= {_folded(line) for line in opening if line.rstrip()[-1:] not in ".!?。！？"}
    return {line for line in found if re.search(r"[^\W\d_]", line)}


def furniture_kind(first: str, pages: list[str], ocr: bool) -> str | None:
    """Which rule the answer's first line breaks, or None."""
    line = " ".join(first.split())
    folded = _folded(line)
    if any(folded == r or folded.startswith(r + " ") for r in _repeated(pages) if len(r) >= 8):
        return "running/title"
    if _LEGAL.search(line):
        return "legal"
    if ocr and len(line.split()) >= 2 and not _WORD.search(line) and line[-1:] not in ".!?。！？":
        return "labels"
    return None


def main() -> None:
    enforce_offline()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--questions", type=Path,
                        default=ROOT / "bench" / "questions" / "dev2_tune.jsonl")
    args = parser.parse_args()
    from kernel.config import LibrarySettings
    from laoshifu.composition import open_library

    questions = [json.loads(line) for line in args.questions.read_text().splitlines()
                 if line.strip()]
    library = open_library(LibrarySettings(args.data))
    catalog = library.catalog
    leads, answered = [], 0
    try:
        for question in questions:
            if question["kind"] == "unanswerable":
                continue
            answer = library.ask(question["question"], with_model=False).result()
            if not answer.grounded or not answer.citations:
                continue
            answered += 1
            first = answer.citations[0]
            record = catalog.find_by_path(first.path)
            rows = catalog.pages(record.doc_id) if record else []
            pages = [row.text for row in rows]
            ocr = any(row.source == "ocr" for row in rows if row.page_index + 1 == first.page)
            kind = furniture_kind(first.quote.splitlines()[0] if first.quote else "", pages, ocr)
            if kind is not None:
                leads.append(question["id"])
                shown = _MARKER.sub("", " ".join(answer.text.split()))[:90]
                print(f"{question['id']} {kind:<13} {shown!r}", flush=True)
    finally:
        library.close()
    print(f"\nanswers leading with furniture  {len(leads)}/{answered} answered "
          f"({' '.join(leads)})")


if __name__ == "__main__":
    main()
