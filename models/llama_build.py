"""Which CPU the installed llama.cpp was built for, checked in its machine code.

A llama.cpp compiled with `-march=native` on a PC that lists AMX or AVX-512 runs those
instructions unconditionally; where the OS or the virtual machine has not enabled them (or on
any older PC the build is copied to) the first question ends in SIGILL. The app's build targets
a stated baseline (x86-64 with AVX2, FMA, F16C, BMI2), and this module reads the libraries'
disassembly (`objdump -d`, from binutils, present wherever the build's compiler is) so a build
outside the baseline is caught on any machine, not only on one that would crash.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kernel.errors import ModelError

BASELINE = "x86-64 with AVX2, FMA, F16C and BMI2"

# Instruction sets beyond the baseline, each by what marks it in AT&T disassembly: its
# registers or its mnemonics. AVX-512 code always touches %zmm or the %k mask registers;
# AMX uses the %tmm tile registers and the tile* / tdp* mnemonics; AVX-VNNI is VEX-encoded
# vpdpbusd / vpdpwssd, which objdump writes with a {vex} prefix.
_OUTSIDE = {
    "AMX": re.compile(r"%tmm\d|\b(?:ldtilecfg|sttilecfg|tilerelease|tilezero|tileloadd\w*|"
                      r"tilestored|tdpb[su][su]d|tdpbf16ps|tdpfp16ps)\b"),
    "AVX-512": re.compile(r"%zmm\d|%k[1-7]\b|\{1to\d+\}|\bkmov[bwdq]\b"),
    "AVX-VNNI": re.compile(r"\{vex\}\s*vpdp(?:bu|ws)sds?\b"),
}


@dataclass(frozen=True)
class LibraryReport:
    """What one shared library holds beyond the baseline: instruction counts per set."""

    path: Path
    outside: Counter[str]

    @property
    def ok(self) -> bool:
        return not self.outside


def llama_libraries(package_dir: Path | None = None) -> list[Path]:
    """The native libraries of the installed llama-cpp-python (llama, ggml and its CPU backends)."""
    if package_dir is None:
        import importlib.util

        spec = importlib.util.find_spec("llama_cpp")
        if spec is None or not spec.submodule_search_locations:
            raise ModelError("llama-cpp-python is not installed. Run `make install`.")
        package_dir = Path(next(iter(spec.submodule_search_locations)))
    # A wheel holds no symbolic links: libggml.so.0 is a copy of libggml.so, not scanned twice.
    found = sorted(p for p in package_dir.rglob("*")
                   if p.is_file() and p.suffix in {".so", ".dylib", ".dll"})
    if not found:
        raise ModelError(f"no llama.cpp library found under {package_dir}. Reinstall "
                         "llama-cpp-python (`make llama`).")
    return found


def scan(library: Path) -> LibraryReport:
    """Count the instructions of `library` outside the baseline, from its disassembly."""
    objdump = shutil.which("objdump")
    if objdump is None:
        raise ModelError("objdump (binutils) is needed to check the llama.cpp build. Install "
                         "binutils, the package that comes with the C compiler.")
    outside: Counter[str] = Counter()
    with subprocess.Popen([objdump, "-d", "--no-show-raw-insn", str(library)],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          errors="replace") as process:
        assert process.stdout is not None
        for line in process.stdout:
            if "\t" not in line:  # labels and section headers, not instructions
                continue
            for name, pattern in _OUTSIDE.items():
                if pattern.search(line):
                    outside[name] += 1
    return LibraryReport(library, outside)


def check_build(package_dir: Path | None = None) -> list[LibraryReport]:
    """Every llama.cpp library of the installation, scanned."""
    return [scan(library) for library in llama_libraries(package_dir)]


def main(argv: list[str] | None = None) -> int:
    """`python -m models.llama_build [LLAMA_CPP_FOLDER]`: exit 1 when any library leaves the
    baseline (used by `make test` and by hand on a build copied aside)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    reports = check_build(Path(args[0]) if args else None)
    for report in reports:
        found = ", ".join(f"{name} {count}" for name, count in sorted(report.outside.items()))
        print(f"{'ok  ' if report.ok else 'FAIL'} {report.path.name}: "
              f"{found or 'nothing outside ' + BASELINE}")
    return 0 if all(report.ok for report in reports) else 1


if __name__ == "__main__":
    raise SystemExit(main())
