"""How much passage text the embedder never sees because it is cut at the model's window.

Compares this app's passages (sized with the embedder's own tokenizer) with naive 1000-character
chunks (200 overlap) over the same page text, taken from a library's catalog. Prints; never
asserts.

    .venv/bin/python bench/truncation.py --data DIR   (a library that holds the corpus)
"""

from __future__ import annotations

import argparse
from pathlib import Path


def naive_chunks(text: str, size: int = 1000, overlap: int = 200) -> list[str]:
    return [text[start:start + size] for start in range(0, max(len(text), 1), size - overlap)
            if text[start:start + size].strip()]


def lost_share(texts: list[str], count, window: int) -> tuple[float, int]:
    """Share of word pieces beyond the window, and how many passages lose any."""
    total = lost = cut = 0
    for text in texts:
        pieces = count(text)
        total += pieces
        if pieces > window:
            lost += pieces - window
            cut += 1
    return (lost / total if total else 0.0), cut


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()

    from kernel.config import enforce_offline

    enforce_offline()
    from kernel.config import LibrarySettings
    from laoshifu.composition import open_library

    library = open_library(LibrarySettings(args.data))
    window = library.token_counter.max_tokens
    ours: list[str] = []
    naive: list[str] = []
    for record in library.documents():
        ours += [c.embed_text for c in library.passages(record.doc_id)]
        naive += [chunk for row in library.catalog.pages(record.doc_id)
                  for chunk in naive_chunks(row.text)]
    count = library.token_counter.count_tokens
    for name, texts in (("laoshifu passages", ours), ("naive 1000-char chunks", naive)):
        share, cut = lost_share(texts, count, window)
        print(f"{name:24} {len(texts):6d} passages  {cut:5d} cut at {window} word pieces  "
              f"{share:6.1%} of text never embedded")
    library.close()


if __name__ == "__main__":
    main()
