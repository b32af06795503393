"""Benchmark the event-type classifier on CASE 2021 Task 2 dev (frontwatch issue 5).

    .venv/bin/python bench/classify.py [--rule-mode prior|override|off] [--encoder minilm|mpnet|static] [--compare]

``minilm`` runs in ``classify.encoder_dtype()`` (FRONTWATCH_ENCODER_DTYPE=float32 for the float32 weights);
``static`` is the distilled token table of ``frontwatch.events.static_encoder`` (not the default).

Classifies ../shared/benchmarks/case2021-task2/dev.tsv (never trained on: it has no licence
and is for measuring only), writes bench/out/classify-pred.tsv (id, label name), scores it
with ../shared/tools/score_labels.py --names labels.tsv for subtasks 1, 2 and 3, and prints
accuracy, weighted and macro F1, the most frequent confusions and snippets/second.
``--compare`` also scores the three rule modes from the same embeddings.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from frontwatch.events import classify as C  # noqa: E402

SHARED = REPO.parent / "shared"
BENCH = SHARED / "benchmarks" / "case2021-task2"
SCORER = SHARED / "tools" / "score_labels.py"
OUT = REPO / "bench" / "out"

log = logging.getLogger("bench.classify")


CODE_NAMES = dict(
    line.split("\t") for line in (BENCH / "labels.tsv").read_text(encoding="utf-8").splitlines()[1:] if line
)


def read_dev() -> tuple[list[str], list[str], list[str]]:
    with (BENCH / "dev.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["id"] for r in rows], [r["text"] for r in rows], [CODE_NAMES[r["label"]] for r in rows]


def score(pred_path: Path, subtask: int) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(BENCH / "dev.tsv"), str(pred_path), "--names", str(BENCH / "labels.tsv"),
         "--subtask", str(subtask), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(proc.stdout)


def write_pred(path: Path, ids: list[str], labels: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        f.write("id\tlabel\n")
        for i, label in zip(ids, labels, strict=True):
            f.write(f"{i}\t{label}\n")


def summary(result: dict) -> str:  # type: ignore[type-arg]
    keys = ("accuracy", "weighted_f1", "macro_f1", "n")
    return " ".join(f"{k}={result[k]:.4f}" if isinstance(result[k], float) else f"{k}={result[k]}" for k in keys)


def pick_encoder(name: str) -> C.Encoder:
    if name == "mpnet":
        return C.mpnet_encoder()
    if name == "static":
        from frontwatch.events.static_encoder import StaticEncoder

        return StaticEncoder(C.minilm_encoder("float32").path)
    return C.minilm_encoder()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rule-mode", default="prior", choices=("prior", "override", "off"))
    ap.add_argument("--encoder", default="minilm", choices=("minilm", "mpnet", "static"))
    ap.add_argument("--compare", action="store_true", help="also score every rule mode")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    ids, texts, gold = read_dev()
    encoder = pick_encoder(args.encoder)
    t0 = time.perf_counter()
    model = C.load_or_train(encoder)
    t_model = time.perf_counter() - t0
    clf = C.EventClassifier(encoder, model, rule_mode=args.rule_mode)
    clf.probabilities(["warm-up sentence so the encoder load is not timed"])
    t0, c0 = time.perf_counter(), time.process_time()
    probs = clf.probabilities(texts)
    results = [clf.decide(t, p, allow_no_event=False) for t, p in zip(texts, probs, strict=True)]
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    pred = [r.label for r in results]
    pred_path = OUT / "classify-pred.tsv"
    write_pred(pred_path, ids, pred)

    log.info("encoder=%s rule_mode=%s model load/train %.1fs", encoder.name, args.rule_mode, t_model)
    for sub in (1, 2, 3):
        log.info("subtask %d: %s", sub, summary(score(pred_path, sub)))
    log.info(
        "speed: %.1f snippets/s, %.1f per CPU second (%d snippets, %.2fs wall, %.2fs CPU, encode + rules)",
        len(texts) / elapsed, len(texts) / cpu, len(texts), elapsed, cpu,
    )  # fmt: skip
    log.info("by_rule on %d/%d rows", sum(r.by_rule for r in results), len(results))
    # every dev snippet reports an event or a report class, so "No event" here is lost recall
    # for the pipeline (which runs with allow_no_event=True)
    no_event = sum(clf.decide(t, p).label == C.NO_EVENT for t, p in zip(texts, probs, strict=True))
    log.info("with allow_no_event=True: %d/%d dev snippets fall to 'No event'", no_event, len(texts))

    # the worst classes on subtask 3 and what they were mistaken for
    full = score(pred_path, 3)
    per = sorted((r for r in full["per_label"] if r["support"]), key=lambda r: r["f1"])
    confusion = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    log.info("worst classes (subtask 3, F1 / support, top confusions gold -> predicted):")
    for stats in per[:8]:
        name = CODE_NAMES[stats["label"]]
        mistakes = [(p, n) for (g, p), n in confusion.most_common() if g == name][:3]
        log.info(
            "  %-38s F1=%.2f n=%d  %s", name, stats["f1"], stats["support"], "; ".join(f"{p} x{n}" for p, n in mistakes)
        )
    if args.compare:
        for mode in ("off", "override", "prior"):
            other = C.EventClassifier(encoder, model, rule_mode=mode)
            labels = [other.decide(t, p, allow_no_event=False).label for t, p in zip(texts, probs, strict=True)]
            tmp = OUT / f"classify-pred-{mode}.tsv"
            write_pred(tmp, ids, labels)
            log.info("rule_mode=%-8s %s", mode, " | ".join(f"st{s} {summary(score(tmp, s))}" for s in (1, 2, 3)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
