"""Cross-validate the event-type classifier on its own training snippets (no benchmark text).

    .venv/bin/python bench/classify_cv.py [--folds 5] [--seed 0] [--worst 10] [--top 15] [--json PATH]
                                          [--training TSV] [--base TSV]

Stratified k-fold over ``frontwatch/data/training/event_snippets.tsv``: every snippet is embedded
once (MiniLM, ``classify.minilm_encoder()``, the training script's encoder) and the vectors are kept
in memory for all folds; each fold is fitted with ``classify.fit``, the function that
``scripts/train_classifier.py`` (through ``load_or_train`` and ``train``) fits the cached model
with, and decided as the pipeline decides (``EventClassifier.decide``: rules as priors, "No event"
allowed). Prints weighted and macro F1 (also with the rules off), per-label F1 of the worst labels,
the most frequent confusions (gold -> predicted) and, for the label families that are confused
with each other (protests, riots, looting, change to group, disasters vs attacks), the members'
F1 and where their errors go. ``--json`` writes the numbers for a before/after comparison;
``--base`` (an older copy of the TSV) scores only the snippets also in it, in the same folds as
a run on that copy, so that after new snippets are added the "after" is measured on the same rows
and folds as the "before" (the new snippets are split into folds of their own and train the rest).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from frontwatch.events import classify as C  # noqa: E402

log = logging.getLogger("bench.classify_cv")

DISASTERS = ("Natural disaster", "Man-made disaster")
ATTACKS = (
    "Attack",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Suicide bomb",
    "Grenade",
)
FAMILIES: dict[str, tuple[str, ...]] = {
    "protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "riots": ("Violent demonstration", "Mob violence"),
    "looting": ("Looting/property destruction",),
    "change to group": ("Change to group/activity",),
    "disasters vs attacks": DISASTERS + ATTACKS,
}


def fold_of(labels: list[str], base: list[bool], *, folds: int, seed: int) -> np.ndarray:
    """Each snippet's fold: the base snippets split exactly as a run on the base file alone splits
    them (stratified), the others (snippets added since) split among themselves."""
    from sklearn.model_selection import KFold, StratifiedKFold

    fold = np.zeros(len(labels), dtype=int)
    for chosen, splitter in ((True, StratifiedKFold), (False, KFold)):
        idx = np.array([i for i, b in enumerate(base) if b == chosen], dtype=int)
        if len(idx) >= folds:
            split = splitter(folds, shuffle=True, random_state=seed).split(idx, [labels[i] for i in idx])
            for k, (_, test) in enumerate(split):
                fold[idx[test]] = k
    return fold


def cross_validate(
    vectors: np.ndarray, labels: list[str], texts: list[str], fold: np.ndarray
) -> tuple[list[str], list[str]]:
    """Out-of-fold predictions (rules as priors, and rules off) for every snippet."""
    pred, pred_off = [""] * len(labels), [""] * len(labels)
    encoder = C.minilm_encoder()  # only named by the classifiers below: the vectors are already made
    folds = int(fold.max()) + 1
    for k in range(folds):
        train_idx, test_idx = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        model = C.fit(vectors[train_idx], [labels[i] for i in train_idx])
        probs = model.probabilities(vectors[test_idx])
        prior = C.EventClassifier(encoder, model, rule_mode="prior")
        off = C.EventClassifier(encoder, model, rule_mode="off")
        for i, row in zip(test_idx, probs, strict=True):
            pred[i] = prior.decide(texts[i], row).label
            pred_off[i] = off.decide(texts[i], row).label
        log.info("fold %d/%d fitted on %d snippets", k + 1, folds, len(train_idx))
    return pred, pred_off


def family_report(  # type: ignore[type-arg]
    name: str, members: tuple[str, ...], gold: list[str], pred: list[str], f1: dict[str, float]
) -> dict:
    """Members' F1, errors kept inside the family, errors leaving it, and the top pairs involving it."""
    inside = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p and g in members and p in members)
    out = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p and g in members and p not in members)
    came = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p and p in members and g not in members)
    if name == "disasters vs attacks":  # the interesting errors cross between the two halves
        inside = Counter({(g, p): n for (g, p), n in inside.items() if (g in DISASTERS) != (p in DISASTERS)})
    return {
        "f1": {m: round(f1[m], 4) for m in members if m in f1},
        "mean_f1": round(float(np.mean([f1[m] for m in members if m in f1])), 4),
        "within": sum(inside.values()),
        "out": sum(out.values()),
        "in": sum(came.values()),
        "top": [f"{g} -> {p} x{n}" for (g, p), n in (inside + out + came).most_common(6)],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worst", type=int, default=10, help="labels listed with their F1")
    ap.add_argument("--top", type=int, default=15, help="confusion pairs listed")
    ap.add_argument("--json", type=Path, help="write the numbers here")
    ap.add_argument("--training", type=Path, default=C.TRAINING_TSV, help="the snippets (default: the training TSV)")
    ap.add_argument("--base", type=Path, help="score only the snippets that are also in this TSV")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from sklearn.metrics import f1_score

    rows = C.read_training(args.training)
    labels, texts = [r[0] for r in rows], [r[1] for r in rows]
    t0 = time.perf_counter()
    vectors = C.minilm_encoder().encode(texts)
    log.info("embedded %d snippets in %.1fs", len(texts), time.perf_counter() - t0)
    keep = set(C.read_training(args.base)) if args.base else set(rows)
    base = [row in keep for row in rows]
    pred, pred_off = cross_validate(vectors, labels, texts, fold_of(labels, base, folds=args.folds, seed=args.seed))
    if args.base:
        rows_kept = [i for i, b in enumerate(base) if b]
        log.info("scoring the %d of %d snippets that are also in %s", len(rows_kept), len(rows), args.base)
        labels, texts = [labels[i] for i in rows_kept], [texts[i] for i in rows_kept]
        pred, pred_off = [pred[i] for i in rows_kept], [pred_off[i] for i in rows_kept]

    names = sorted(set(labels))
    per = f1_score(labels, pred, labels=names, average=None, zero_division=0)
    f1 = {n: float(v) for n, v in zip(names, per, strict=True)}
    overall = {
        "weighted_f1": round(float(f1_score(labels, pred, average="weighted", zero_division=0)), 4),
        "macro_f1": round(float(f1_score(labels, pred, average="macro", zero_division=0)), 4),
        "weighted_f1_rules_off": round(float(f1_score(labels, pred_off, average="weighted", zero_division=0)), 4),
        "macro_f1_rules_off": round(float(f1_score(labels, pred_off, average="macro", zero_division=0)), 4),
        "accuracy": round(float(np.mean([g == p for g, p in zip(labels, pred, strict=True)])), 4),
    }
    support = Counter(labels)
    log.info("%d snippets, %d labels, %d folds (seed %d)", len(labels), len(names), args.folds, args.seed)
    log.info("rules as priors: " + " ".join(f"{k}={v:.4f}" for k, v in overall.items()))
    confusion = Counter((g, p) for g, p in zip(labels, pred, strict=True) if g != p)
    log.info("worst labels (F1 / snippets, top confusions gold -> predicted):")
    for name in sorted(names, key=lambda n: f1[n])[: args.worst]:
        mistakes = [(p, n) for (g, p), n in confusion.most_common() if g == name][:3]
        log.info("  %-38s F1=%.3f n=%d  %s", name, f1[name], support[name], "; ".join(f"{p} x{n}" for p, n in mistakes))
    log.info("top confusions (gold -> predicted):")
    for (g, p), n in confusion.most_common(args.top):
        log.info("  %3d  %s -> %s", n, g, p)
    families = {name: family_report(name, members, labels, pred, f1) for name, members in FAMILIES.items()}
    log.info("families (mean member F1; errors within / out of / into the family):")
    for name, rep in families.items():
        log.info("  %-22s F1=%.3f within=%d out=%d in=%d", name, rep["mean_f1"], rep["within"], rep["out"], rep["in"])
        log.info("      %s", " | ".join(f"{m} {v:.3f}" for m, v in rep["f1"].items()))
        log.info("      %s", "; ".join(rep["top"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {"n": len(labels), "folds": args.folds, "seed": args.seed, "overall": overall}
        report |= {"per_label_f1": {n: round(v, 4) for n, v in f1.items()}, "support": dict(support)}
        report |= {"confusions": [[g, p, n] for (g, p), n in confusion.most_common()], "families": families}
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
