"""How fast is a search when the library is large? Search latency at 10k and 100k passages,
and the cold start of the CLI.

A plant's library grows to tens of thousands of passages; embedding that many for real takes
hours here, so the large stores are synthetic: the real corpus library is copied, then topped up
with copies of its own documents whose words are shuffled (so the keyword index grows with the
same vocabulary, not with duplicates) and whose vectors are the originals plus noise (so the
vector index holds near neighbours, as a real library does). Every query runs the product's
whole search path: query translation, two embeddings, the vector and keyword searches, fusion,
highlight spans.

Usage: .venv/bin/python bench/query.py [--data CORPUS_LIBRARY] [--sizes 10000,100000]
    [--keep FOLDER] [--vector-server URL]
`--data` is a library holding the corpus (built with `laoshifu --data DIR ingest
../shared/corpus`); without it the corpus is ingested into a temporary folder first. The
library is copied, never modified. `--keep` keeps each grown store in FOLDER/storeN and reuses
it on the next run (growing 100k passages takes minutes; a latency taken again on a quiet
machine need not pay it twice). `--vector-server` measures server mode: each grown store is
published to that Chroma server (emptied first: use a server of its own) and searched from a
line PC's library that mirrors it (its first sync's time is printed). Prints a table; never
asserts.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel.config import enforce_offline  # noqa: E402

enforce_offline()  # before chromadb is imported below

from index.catalog import PAGE_TEXT, PageRow, new_record  # noqa: E402
from index.page_rerank import words_json  # noqa: E402
from kernel.config import LibrarySettings  # noqa: E402
from kernel.types import Chunk  # noqa: E402
from laoshifu.composition import open_library  # noqa: E402
from laoshifu.library import Library  # noqa: E402

SHARED = ROOT.parent / "shared"
REPEATS = 3
COLD_STARTS = 3
NOISE = 0.02  # per-dimension noise on unit vectors of 384 dimensions: cosine to the original ~0.9


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def corpus_passages(library: Library) -> dict[str, list[tuple[Chunk, list[float]]]]:
    """Every stored passage with its vector, by document."""
    by_doc: dict[str, list[tuple[Chunk, list[float]]]] = {}
    for record in library.documents():
        chunks = {c.chunk_id: c for c in library.passages(record.doc_id)}
        vectors = library.vectors.embeddings_of(record.doc_id)
        by_doc[record.doc_id] = [(chunks[i], vectors[i]) for i in chunks if i in vectors]
    return by_doc


def add_copy(library: Library, copy: int, doc_id: str,
             passages: list[tuple[Chunk, list[float]]], rng: random.Random,
             noise: np.random.Generator) -> int:
    """One shuffled, noisy copy of a document, stored as ingest would store it."""
    new_id = f"synthetic{copy:05d}{doc_id[:8]}"
    chunks, vectors, pages = [], [], {}
    for chunk, vector in passages:
        words = chunk.text.split()
        rng.shuffle(words)
        text = " ".join(words)
        start = len(pages.get(chunk.page_index, ""))
        pages[chunk.page_index] = pages.get(chunk.page_index, "") + text + "\n"
        chunks.append(Chunk(new_id, chunk.page_index, chunk.page_number, chunk.label, start,
                            start + len(text), text, chunk.context))
        noisy = np.asarray(vector) + noise.normal(0, NOISE, len(vector))
        vectors.append((noisy / np.linalg.norm(noisy)).tolist())
    library.vectors.add(chunks, vectors)
    library.keywords.add(chunks)
    record = new_record(new_id, Path(f"/synthetic/{new_id}.pdf"), new_id, len(pages), len(chunks),
                        0, [])
    rows = [PageRow(index, index + 1, None, PAGE_TEXT, 1, None, text, words_json(text))
            for index, text in sorted(pages.items())]
    library.catalog.put(record, 0, 0.0, rows)
    return len(chunks)


def grow(library: Library, target: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    count = library.vectors.count()
    if count >= target:  # a kept store
        return count
    by_doc = {d: p for d, p in corpus_passages(library).items()
              if p and not d.startswith("synthetic")}
    # A kept store that a stopped run left short goes on with new copy numbers.
    copies = [int(d.doc_id[9:14]) for d in library.documents() if d.doc_id.startswith("synthetic")]
    copy = max(copies, default=-1) + 1
    started = time.perf_counter()
    while count < target:
        for doc_id, passages in by_doc.items():
            if count >= target:
                break
            count += add_copy(library, copy, doc_id, passages[: target - count], rng, noise)
        copy += 1
        print(f"  {count} passages ({time.perf_counter() - started:.0f} s)", flush=True)
    return count


def questions(path: Path) -> list[str]:
    return [json.loads(line)["question"] for line in path.read_text("utf-8").splitlines() if line]


def search_latencies(library: Library, queries: list[str]) -> list[float]:
    library.search(queries[0])  # models and dictionaries load on the first search
    times = []
    for _ in range(REPEATS):
        for query in queries:
            start = time.perf_counter()
            library.search(query, k=5)
            times.append((time.perf_counter() - start) * 1000)
    return times


def cold_start(data: Path, query: str) -> list[float]:
    """Seconds for a fresh `laoshifu search` process: imports, model loads, one search."""
    times = []
    for _ in range(COLD_STARTS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "laoshifu", "--data", str(data), "search", query],
                       check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a library holding the corpus (copied)")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--questions", type=Path,
                        default=SHARED / "eval" / "dev_questions.jsonl")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--keep", type=Path, help="keep and reuse the grown stores here")
    parser.add_argument("--vector-server", default="",
                        help="a Chroma server of the benchmark's own (it is emptied)")
    return parser.parse_args()


def on_server(library: Library, url: str, folder: Path) -> Library:
    """`library`'s documents published to the server at `url` (emptied first), and a line PC's
    library mirroring them in `folder`; `library` is closed."""
    import chromadb
    from chromadb.config import Settings

    from bench.publish_library import publish

    client = chromadb.HttpClient(host=url.split("://")[-1].split(":")[0],
                                 port=int(url.rsplit(":", 1)[-1]),
                                 settings=Settings(anonymized_telemetry=False))
    for collection in client.list_collections():
        client.delete_collection(collection.name)
    client.close()
    started = time.perf_counter()
    published = publish(library, url)
    library.close()
    print(f"  published {published} passages: {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    line = open_library(LibrarySettings(folder, vector_server=url, read_only=True))
    print(f"  line PC's first sync: {time.perf_counter() - started:.0f} s", flush=True)
    return line


def main() -> None:
    args = parse_args()
    queries = questions(args.questions)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        source = args.data
        if source is None:
            source = Path(scratch) / "corpus"
            library = open_library(LibrarySettings(source))
            print(f"ingesting {args.corpus} into {source}", flush=True)
            for _ in library.ingest([args.corpus]):
                pass
            library.close()
        cold = cold_start(source, queries[0])
        for size in (int(s) for s in args.sizes.split(",")):
            folder = (args.keep or Path(scratch)) / f"store{size}"
            if not folder.exists():
                shutil.copytree(source, folder)
            library = open_library(LibrarySettings(folder))
            print(f"growing a copy to {size} passages", flush=True)
            stored = grow(library, size)
            if args.vector_server:
                library = on_server(library, args.vector_server, Path(scratch) / f"line{size}")
            times = search_latencies(library, queries)
            rows.append((stored, len(library.documents()), percentile(times, 0.5),
                         percentile(times, 0.95), max(times)))
            library.close()
            if args.keep is None:
                shutil.rmtree(folder)
            shutil.rmtree(Path(scratch) / f"line{size}", ignore_errors=True)
    print(f"\nsearch latency over {len(queries)} dev questions x {REPEATS}, k=5, after a warm-up")
    print(f"{'passages':>10} {'documents':>10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for stored, documents, p50, p95, worst in rows:
        print(f"{stored:>10} {documents:>10} {p50:>8.0f} {p95:>8.0f} {worst:>8.0f}")
    print(f"\nCLI cold start (`laoshifu search`, fresh process, corpus library): "
          f"median {percentile(cold, 0.5):.1f} s over {COLD_STARTS} runs")


if __name__ == "__main__":
    main()
