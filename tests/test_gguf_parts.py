"""A model split across packages is joined once, verified, into the cache; a missing or wrong
part is a readable error and leaves nothing that looks like the model.

The part packages are real installed packages (a `.dist-info` and the part file, laid out as
pip installs a wheel) in a temporary site folder on sys.path, found the way the app finds them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from kernel.errors import ModelError
from models import gguf_parts
from models.gguf_parts import SplitModel, joined_model, model_file, numbered_parts

PART_SIZES = (300_000, 300_000, 123_457)


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """Three installed part packages, `laoshifu-test-part1` ... `3`, each a data file."""
    folder = tmp_path / "site-packages"
    for n, size in enumerate(PART_SIZES, 1):
        data = folder / f"laoshifu_test_part{n}" / "data"
        data.mkdir(parents=True)
        (data / f"part{n:02d}.bin").write_bytes(os.urandom(size))
        info = folder / f"laoshifu_test_part{n}-0.1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: laoshifu-test-part{n}\nVersion: 0.1.0\n")
    monkeypatch.syspath_prepend(str(folder))
    return folder


def _whole(site: Path) -> bytes:
    return b"".join((site / f"laoshifu_test_part{n}" / "data" / f"part{n:02d}.bin").read_bytes()
                    for n in range(1, len(PART_SIZES) + 1))


def _model(sha256: str) -> SplitModel:
    return SplitModel("test-model.gguf",
                      numbered_parts("laoshifu-test-part", "laoshifu_test_part", 3),
                      sum(PART_SIZES), sha256)


def _right(site: Path) -> SplitModel:
    return _model(hashlib.sha256(_whole(site)).hexdigest())


def test_parts_are_joined_once_into_the_cache(site, tmp_path):
    cache = tmp_path / "cache"
    path = joined_model(_right(site), cache)
    assert path == cache / "test-model.gguf"
    assert path.read_bytes() == _whole(site)
    assert os.listdir(cache) == ["test-model.gguf"]
    written = path.stat()

    assert joined_model(_right(site), cache) == path
    again = path.stat()
    assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def test_a_cached_file_cut_short_is_joined_again(site, tmp_path):
    cache = tmp_path / "cache"
    path = joined_model(_right(site), cache)
    with path.open("r+b") as file:
        file.truncate(1000)
    assert joined_model(_right(site), cache).read_bytes() == _whole(site)


def _refusal(cache: Path, code: str, model: SplitModel | None = None) -> str:
    """The message of a join that cannot give the expected file (by default: a wrong hash)."""
    with pytest.raises(ModelError) as raised:
        joined_model(model or _model("0" * 64), cache)
    assert raised.value.reason is not None
    assert raised.value.reason.code == code
    return str(raised.value)


def test_a_missing_part_names_the_package_to_install(site, tmp_path):
    shutil.rmtree(site / "laoshifu_test_part2-0.1.0.dist-info")
    shutil.rmtree(site / "laoshifu_test_part2")
    cache = tmp_path / "cache"
    assert "pip install laoshifu-test-part2" in _refusal(cache, "model_part_missing")
    assert not cache.exists() or not os.listdir(cache)


def test_every_missing_part_is_named_in_one_install_command(site, tmp_path):
    # The 1.5B comes in 22 packages: naming one at a time would take 22 tries.
    for n in (1, 3):
        shutil.rmtree(site / f"laoshifu_test_part{n}-0.1.0.dist-info")
    message = _refusal(tmp_path / "cache", "model_part_missing")
    assert "pip install laoshifu-test-part1 laoshifu-test-part3`" in message, message


def test_an_installed_package_without_its_part_file_is_missing_too(site, tmp_path):
    (site / "laoshifu_test_part3" / "data" / "part03.bin").unlink()
    assert "pip install laoshifu-test-part3" in _refusal(tmp_path / "cache",
                                                         "model_part_missing")


def test_parts_that_do_not_hash_right_leave_nothing_in_the_cache(site, tmp_path):
    cache = tmp_path / "cache"
    assert "laoshifu-test-part1 ... laoshifu-test-part3" in _refusal(cache,
                                                                     "model_parts_mismatch")
    assert os.listdir(cache) == []


def test_a_cache_folder_that_cannot_be_written_says_where(site, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    message = _refusal(blocked / "laoshifu", "model_join_failed", _right(site))
    assert str(blocked / "laoshifu") in message


def test_a_model_chosen_by_name_is_joined_from_its_parts(site, tmp_path, monkeypatch):
    # "--model qwen-1.5b" names a model, not a file: its installed parts are joined once.
    monkeypatch.setitem(gguf_parts.NAMED_MODELS, "test-model", _right(site))
    cache = tmp_path / "cache"
    path = model_file(Path("test-model"), cache)
    assert path == cache / "test-model.gguf" and path.read_bytes() == _whole(site)
    # A file of that name is the file chosen.
    local = tmp_path / "test-model"
    local.write_bytes(b"a local model file")
    assert model_file(local, cache) == local


def test_a_named_model_missing_a_part_names_the_package_to_install(site, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setitem(gguf_parts.NAMED_MODELS, "test-model", _right(site))
    shutil.rmtree(site / "laoshifu_test_part3-0.1.0.dist-info")
    with pytest.raises(ModelError, match="pip install laoshifu-test-part3"):
        model_file(Path("test-model"), tmp_path / "cache")


def test_neither_a_file_nor_a_model_s_name_says_which_names_there_are(tmp_path):
    with pytest.raises(ModelError) as raised:
        model_file(tmp_path / "missing.gguf", tmp_path / "cache")
    message = str(raised.value)
    assert "missing.gguf" in message and "qwen-0.5b, qwen-1.5b" in message, message
