"""How long does a log of one repeated line take to ingest, and how many texts are embedded?

A controller's fault log repeats one line thousands of times while a fault stands. Before the
embedding cache every passage of it went through the search model (13,730 passages for 10 MB,
about 20 minutes on two cores); now each distinct text is embedded once per model
(laoshifu.cached_encoder), and a page's passages that repeat one of that page word for word
are stored once (laoshifu.indexer.distinct_passages). The log is ingested into a new library
with the default search model, whose calls are counted; then it is changed by one line and
ingested again (a revised file: only its changed passages are embedded). Prints the figures
with the load average; never asserts.

Usage: .venv/bin/python bench/repeated_log.py [--megabytes 10]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel.config import enforce_offline  # noqa: E402

enforce_offline()

from kernel.config import LibrarySettings  # noqa: E402
from kernel.events import FileDone  # noqa: E402
from laoshifu.composition import SearchModels, open_library, search_models  # noqa: E402

LINE = "2026-11-30 03:14:07 PLC-2 WARN conveyor C-7 motor overtemperature 92C\n"


class CountedModel:
    """The search model, with the texts it embeds counted."""

    def __init__(self, encoder) -> None:
        self._encoder = encoder
        self.name = encoder.name
        self.relevance_floor = encoder.relevance_floor
        self.texts = 0

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.texts += len(texts)
        return self._encoder.embed(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._encoder.embed_query(text)


def timed_ingest(library, path: Path, model: CountedModel) -> None:
    model.texts = 0
    load = os.getloadavg()[0]
    start = time.perf_counter()
    done = [e for e in library.ingest([path]) if isinstance(e, FileDone)]
    seconds = time.perf_counter() - start
    print(f"{path.name}: {seconds:.1f} s, {done[0].chunks:,} passages, {model.texts} texts "
          f"embedded, load average {load:.1f} -> {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "plc-2 fault log.txt"
        lines = int(args.megabytes * 1e6 / len(LINE))
        log.write_text(LINE * lines, encoding="utf-8")
        settings = LibrarySettings(Path(scratch) / "library")
        loaded = search_models(settings)
        model = CountedModel(loaded.encoder)
        library = open_library(settings, models=SearchModels(loaded.token_counter, model))
        try:
            model.embed(["warm-up"])  # model load is start-up, not ingest
            print(f"{log.stat().st_size / 1e6:.1f} MB, {lines:,} lines")
            timed_ingest(library, log, model)
            log.write_text(LINE * (lines // 2) + "2026-11-30 03:20:00 PLC-2 INFO reset\n"
                           + LINE * (lines - lines // 2), encoding="utf-8")
            timed_ingest(library, log, model)
        finally:
            library.close()


if __name__ == "__main__":
    main()
