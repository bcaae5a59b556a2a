"""The installed llama.cpp stays within the stated CPU baseline, so the first question cannot
end in SIGILL on a PC (or virtual machine) without AMX or AVX-512."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from models.llama_build import BASELINE, check_build, main

# A library as `-march=native` makes one on a CPU that lists AMX and AVX-512: a tile zeroed,
# and a 512-bit add.
_NATIVE_LIKE = r"""
#include <immintrin.h>
void tiles(void) { __asm__ volatile ("tilezero %%tmm4" ::: "memory"); }
__m512 wide(__m512 a, __m512 b) { return _mm512_add_ps(a, b); }
"""


def test_installed_llama_cpp_uses_nothing_outside_the_baseline():
    reports = check_build()
    assert any("ggml" in report.path.name for report in reports)
    outside = {report.path.name: dict(report.outside) for report in reports if not report.ok}
    assert not outside, (f"llama.cpp was built beyond {BASELINE}: {outside}. Rebuild it with "
                         "`make llama` (the Makefile's baseline flags).")


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc to build a sample library")
def test_a_native_amx_build_fails_the_check(tmp_path: Path, capsys):
    source = tmp_path / "native.c"
    source.write_text(_NATIVE_LIKE)
    library = tmp_path / "lib" / "libggml-cpu.so"
    library.parent.mkdir()
    subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-mavx512f", "-mamx-tile", str(source),
                    "-o", str(library)], check=True)

    (report,) = check_build(library.parent)

    assert report.outside["AMX"] >= 1
    assert report.outside["AVX-512"] >= 1
    assert main([str(library.parent)]) == 1
    assert "FAIL libggml-cpu.so" in capsys.readouterr().out
