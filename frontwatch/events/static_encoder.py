"""A static sentence encoder distilled from MiniLM (issue 15: the encoder cost of ingest).

MiniLM runs six transformer layers over every token of every sentence; on two shared cores it
was about 60 % of ingest's CPU. This encoder keeps MiniLM's own vocabulary and replaces the
transformer with one table lookup per token:

1. **Distil.** For every WordPiece token of MiniLM's tokenizer, MiniLM's sentence embedding of
   that token alone (``[CLS] token [SEP]``, mean-pooled as sentence-transformers pools) is one
   row of a table (30,522 x 384).
2. **Weight.** The rows' common mean is taken away, then each row is unit length times a
   frequency weight ``log(2 + rank)`` (WordPiece ids run roughly from frequent to rare within
   each block), so "the" counts for little and "mortar" for much, as smooth inverse-frequency
   weighting does.
3. **Encode.** A sentence is the mean of its tokens' rows, L2-normalised. No torch at run time:
   the fast tokenizer and a numpy gather.

The table is derived data: built from the installed MiniLM files by ``build_table`` (about a
minute on one core), cached as ``static-minilm-<hash>.npy`` under ``settings().cache_dir``,
the hash taken over the model files and ``TABLE_VERSION``, so a changed model or recipe builds
a new table. Nothing is downloaded and nothing is committed.

**Not the default.** It encodes about 14,000 sentences per CPU second, but the classifier on
it reaches 0.63 weighted F1 on CASE 2021 dev against MiniLM's 0.81, and as a gate ("no event
here, skip MiniLM") it dropped sentences MiniLM reads as events. The default is MiniLM in
bfloat16 (``classify.encoder_dtype``). It stays for ``bench/classify.py --encoder static``,
which reproduces those figures (bench/RESULTS.md "Scale (issue 15)").
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from frontwatch.config import settings

log = logging.getLogger(__name__)

# Bump when the recipe below changes (pooling, weighting): the cache key holds it.
TABLE_VERSION = "1"
# the model files whose bytes decide the table (the rest is documentation)
_MODEL_FILES = ("config.json", "model.safetensors", "tokenizer.json", "vocab.txt", "modules.json")
_DISTIL_BATCH = 512


def model_digest(model_path: Path) -> str:
    """SHA-256 over the model files and the recipe version (16 hex digits)."""
    # hashed again only when a file's size or time changes (90 MB take a quarter second)
    stamp = tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in _files(model_path))
    return _digest(model_path, stamp)


def _files(model_path: Path) -> list[Path]:
    return [model_path / name for name in _MODEL_FILES if (model_path / name).is_file()]


@functools.lru_cache(maxsize=8)
def _digest(model_path: Path, stamp: tuple[tuple[str, int, int], ...]) -> str:
    del stamp  # part of the cache key only
    digest = hashlib.sha256(TABLE_VERSION.encode())
    for f in _files(model_path):
        digest.update(f"\0{f.name}\0".encode())
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def table_path(model_path: Path, *, cache_dir: Path | None = None) -> Path:
    folder = cache_dir if cache_dir is not None else settings().cache_dir
    return folder / f"static-minilm-{model_digest(model_path)}.npy"


def distil_rows(model_path: Path) -> np.ndarray:
    """MiniLM's embedding of every vocabulary token alone (vocab x dim, float32, unit rows)."""
    import torch

    from frontwatch.events.classify import _load_sentence_transformer

    model = _load_sentence_transformer(str(model_path))
    tok = model.tokenizer
    bert = model[0].auto_model
    n = len(tok.get_vocab())
    cls, sep = tok.cls_token_id, tok.sep_token_id
    out = np.zeros((n, bert.config.hidden_size), dtype=np.float32)
    log.info("distilling %d MiniLM token embeddings (about a minute)", n)
    with torch.inference_mode():
        for start in range(0, n, _DISTIL_BATCH):
            ids = torch.arange(start, min(n, start + _DISTIL_BATCH)).unsqueeze(1)
            batch = torch.cat([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], dim=1)
            hidden = bert(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            # the mean over [CLS], token, [SEP]: what MiniLM's mean pooling gives for the token alone
            out[start : start + len(ids)] = hidden.mean(dim=1).numpy()
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return out


def weigh_rows(rows: np.ndarray, vocab: Sequence[str]) -> np.ndarray:
    """Centred unit rows times ``log(2 + rank)``; special tokens zeroed."""
    # [PAD], [UNK], [CLS], [SEP], [MASK] and the [unusedN] slots carry no meaning of their own
    keep = np.array([not (t.startswith("[") and t.endswith("]")) for t in vocab[: len(rows)]], dtype=bool)
    # every row shares a large common direction (the [CLS]/[SEP] part of each pooled output);
    # taking it away was worth +0.01 weighted F1 on CASE dev
    table = rows - rows[keep].mean(axis=0)
    table /= np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-9)
    table *= np.log(2.0 + np.arange(len(rows), dtype=np.float32))[:, None]
    table[~keep] = 0.0
    return table.astype(np.float32)


def build_table(model_path: Path) -> np.ndarray:
    vocab = (model_path / "vocab.txt").read_text(encoding="utf-8").split("\n")
    return weigh_rows(distil_rows(model_path), vocab)


def load_or_build_table(model_path: Path, *, cache_dir: Path | None = None) -> np.ndarray:
    path = table_path(model_path, cache_dir=cache_dir)
    if path.is_file():
        try:
            return np.load(path, allow_pickle=False)
        except (OSError, ValueError) as exc:
            log.warning("cached token table %s unreadable (%s); rebuilding", path, exc)
    table = build_table(model_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, table)
    tmp.replace(path)  # atomic: a concurrent reader never sees half a file
    log.info("token table cached at %s", path)
    return table


@functools.lru_cache(maxsize=4)
def _tokenizer(path: str):  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(path)
    tok.no_truncation()
    tok.no_padding()
    return tok


@dataclass
class StaticEncoder:
    """Mean of distilled MiniLM token vectors; implements ``classify.Encoder``."""

    model_path: Path
    cache_dir: Path | None = None
    _table: np.ndarray | None = field(default=None, init=False, repr=False)

    @property
    def name(self) -> str:
        # the table's hash is in the name, so the classifier trained on it is retrained with it
        return f"static-minilm-{model_digest(self.model_path)}"

    @property
    def table(self) -> np.ndarray:
        if self._table is None:
            self._table = load_or_build_table(self.model_path, cache_dir=self.cache_dir)
        return self._table

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        table = self.table
        if not texts:
            return np.zeros((0, table.shape[1]), dtype=np.float32)
        tok = _tokenizer(str(self.model_path / "tokenizer.json"))
        encodings = tok.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.array([len(e.ids) for e in encodings])
        ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
        out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
        nonempty = lengths > 0
        if ids.size:
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
            out[nonempty] = np.add.reduceat(table[ids], starts, axis=0)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out
