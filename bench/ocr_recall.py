"""How much of a real manual's text OCR recovers, and how long a page takes.

Pages of real English and Chinese manuals that do have a text layer are rendered to bitmaps and
recognised; pypdf's text of the same page is the reference. Character recall is the share of the
reference's non-space characters (NFKC-normalised, so full- and half-width forms count alike)
that the recognised text contains in the same order (difflib matching blocks); word recall is
the share of its Latin words and numbers found as whole words. pypdf itself sometimes runs words
together ("voltagerailthatwilldriveeachfan") where OCR reads them apart, so word recall against
it is a lower bound.

Usage: .venv/bin/python bench/ocr_recall.py [--dpi 150 [--dpi 200 ...]] [--pages 3]
Prints a table; never asserts.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from ingest.ocr import DEFAULT_DPI, recognise, render_pdf_page  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DOCUMENTS = ["btt_octopus_v1_manual_en.pdf", "btt_ebb36_can_v1.1_manual_zh.pdf"]
MIN_CHARS = 300  # a page with less text says little about recall


def _squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def character_recall(reference: str, recognised: str) -> float:
    """Share of the reference's non-space characters found, in order, in the recognised text."""
    a, b = _squeeze(reference), _squeeze(recognised)
    if not a:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


def word_recall(reference: str, recognised: str) -> float:
    """Share of the reference's Latin words and numbers found as whole words in the OCR text.

    Character recall ignores spaces; this catches words run together ("tagout"), which a word
    search would miss.
    """
    words = re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFKC", reference))
    found = set(re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFKC", recognised)))
    if not words:
        return 1.0
    return sum(word in found for word in words) / len(words)


def _text_pages(path: Path, count: int) -> list[tuple[int, str]]:
    """`count` pages with a real text layer, spread over the document rather than the cover."""
    reader = PdfReader(path)
    if reader.is_encrypted:
        reader.decrypt("")
    pages = []
    for index, page in enumerate(reader.pages):
        text = page.extract_text() or ""
        if len(_squeeze(text)) >= MIN_CHARS:
            pages.append((index, text))
    if len(pages) <= count:
        return pages
    step = len(pages) / count
    return [pages[int(i * step + step / 2)] for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, action="append",
                        help=f"render resolution(s); default {DEFAULT_DPI}")
    parser.add_argument("--pages", type=int, default=3, help="pages per document")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"shared corpus not found at {CORPUS}; nothing to measure")
        return
    dpis = args.dpi or [DEFAULT_DPI]

    started = time.perf_counter()
    recognise(render_pdf_page(CORPUS / DOCUMENTS[0], 0, dpi=72))  # load the models once
    print(f"model load + first page: {time.perf_counter() - started:.2f} s\n")

    header = (f"{'document':36} {'page':>4} {'dpi':>4} {'chars':>5} {'recall':>6} "
              f"{'words':>6} {'conf':>5} {'render s':>8} {'ocr s':>6}")
    print(header)
    print("-" * len(header))
    totals: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
    for name in DOCUMENTS:
        path = CORPUS / name
        if not path.is_file():
            print(f"{name}: not in the corpus, skipped")
            continue
        for index, reference in _text_pages(path, args.pages):
            for dpi in dpis:
                t0 = time.perf_counter()
                image = render_pdf_page(path, index, dpi=dpi)
                t1 = time.perf_counter()
                result = recognise(image)
                t2 = time.perf_counter()
                recall = character_recall(reference, result.text)
                words = word_recall(reference, result.text)
                totals.setdefault((name, dpi), []).append((recall, t1 - t0, t2 - t1))
                print(f"{name:36} {index + 1:>4} {dpi:>4} {len(_squeeze(reference)):>5} "
                      f"{recall:>6.3f} {words:>6.3f} {result.confidence:>5.3f} "
                      f"{t1 - t0:>8.2f} {t2 - t1:>6.2f}")
    print()
    print(f"{'document':36} {'dpi':>4} {'mean recall':>11} {'s/page (render+ocr)':>20}")
    for (name, dpi), rows in totals.items():
        recall = sum(r for r, _, _ in rows) / len(rows)
        seconds = sum(a + b for _, a, b in rows) / len(rows)
        print(f"{name:36} {dpi:>4} {recall:>11.3f} {seconds:>20.2f}")


if __name__ == "__main__":
    main()
