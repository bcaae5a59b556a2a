"""Speed of one llama.cpp build on this machine: prompt reading and writing, in tokens/s.

    .venv/bin/python bench/llama_build.py [--llama-dir DIR] [--model GGUF] [--runs N]

`--llama-dir` is a folder holding another build's `llama_cpp` package (an unpacked wheel, e.g.
from `CMAKE_ARGS=-DGGML_NATIVE=ON pip wheel llama-cpp-python==X`); without it, the installed
(portable) build runs. Each build runs in a child process, so one that crashes (SIGILL on a CPU
feature the OS has not enabled) is reported, not fatal. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROMPT = ("You are a maintenance assistant. Answer from the sources.\n"
          "Source 1: Replace the bearing, then check shaft alignment with a dial indicator. "
          "Tighten the housing bolts to 45 N·m in a cross pattern. Run the pump for ten "
          "minutes and measure vibration at both bearing housings.\n" * 4
          + "Question: What do I do after replacing the bearing?\nAnswer:")


def _measure(model: str, runs: int, threads: int) -> dict:
    from llama_cpp import Llama, llama_print_system_info

    llama = Llama(model_path=model, n_ctx=2048, n_threads=threads, verbose=False)
    tokens = llama.tokenize(PROMPT.encode())
    reads, writes = [], []
    for _ in range(runs):
        llama.reset()
        started = time.perf_counter()
        llama.eval(tokens)
        reads.append(len(tokens) / (time.perf_counter() - started))
        generated, started = 0, time.perf_counter()
        for _token in llama.generate([], temp=0.0, reset=False):
            generated += 1
            if generated == 64:
                break
        writes.append(generated / (time.perf_counter() - started))
    return {"system": llama_print_system_info().decode(), "prompt_tokens": len(tokens),
            "read_tok_s": statistics.median(reads), "write_tok_s": statistics.median(writes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llama-dir", type=Path)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(str(args.model), args.runs, args.threads)))
        return
    sys.path.insert(0, str(ROOT))
    from kernel.config import bundled_answer_model_path

    model = args.model or bundled_answer_model_path()
    env = dict(os.environ)
    if args.llama_dir:
        env["PYTHONPATH"] = os.pathsep.join([str(args.llama_dir), env.get("PYTHONPATH", "")])
    result = subprocess.run([sys.executable, __file__, "--child", "--model", str(model),
                             "--runs", str(args.runs), "--threads", str(args.threads)],
                            env=env, capture_output=True, text=True)
    build = args.llama_dir or "installed build"
    if result.returncode != 0:
        print(f"{build}: crashed, exit status {result.returncode} "
              f"({result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ''})")
        return
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"{build}\n  {figures['system'].strip()}\n  prompt {figures['prompt_tokens']} tokens: "
          f"read {figures['read_tok_s']:.0f} tok/s, write {figures['write_tok_s']:.1f} tok/s "
          f"(median of {args.runs}, {args.threads} threads, {model.name})")


if __name__ == "__main__":
    main()
