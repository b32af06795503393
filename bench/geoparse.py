"""Geoparsing benchmark: run frontwatch.geo over the DEV split and score it.

    .venv/bin/python bench/geoparse.py [--gold PATH] [--out PATH] [--processes N] [--full-parse]

Writes predictions to bench/out/geoparse-pred.jsonl, runs shared/tools/score_geoparse.py on them,
and prints the scorer's table, words per second (with and without the one-time load of the spaCy
model and the gazetteer) and peak memory. The parse uses the same tagger-and-entities pipeline as
``frontwatch geoparse``; ``--full-parse`` uses the event pipeline's full one.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


class _PssSampler(threading.Thread):
    """Samples the proportional set size of this process and its children every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._done.wait(0.2):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_full_info().pss
                except (psutil.Error, AttributeError):
                    continue
            self.peak_mb = max(self.peak_mb, total / 2**20)

    def stop(self) -> None:
        self._done.set()
        self.join()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "benchmarks" / "geoparse" / "dev.jsonl")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "geoparse-pred.jsonl")
    ap.add_argument(
        "--keep-unresolved", action="store_true", help="also write names without a place (scored at maximum error)"
    )
    ap.add_argument("--processes", type=int, default=1, help="spaCy parse processes (the machine has 2 cores)")
    ap.add_argument(
        "--full-parse",
        action="store_true",
        help="parse with the event pipeline's full spaCy pipeline (dependency parser included) instead of "
        "the tagger-and-entities pipeline that `frontwatch geoparse` uses",
    )
    ap.add_argument(
        "--per-corpus",
        action="store_true",
        help="afterwards, time each corpus on its own (one parse process, parse and geoparser together)",
    )
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))

    t0 = time.perf_counter()
    from frontwatch import nlp
    from frontwatch.geo import geoparse, load_gazetteer, toponym_dict

    gaz = load_gazetteer()
    pipe = nlp.load() if args.full_parse else nlp.load_tagger_ner()
    t_load = time.perf_counter() - t0

    lines = args.gold.read_text(encoding="utf-8").split("\n")  # not splitlines: texts hold U+2028
    words = sum(len(json.loads(line)["text"].split()) for line in lines if line.strip())
    # only id and text go in: the gold toponyms never reach the geoparser
    inputs = [(d["id"], d["text"]) for d in (json.loads(line) for line in lines if line.strip())]
    # the same calls as geoparse_jsonl, timed apart: spaCy's parse and the geoparser's own work
    peak_pss = _PssSampler()
    peak_pss.start()
    t1 = time.perf_counter()
    docs = list(
        pipe.pipe(
            [t for _, t in inputs],
            batch_size=32,
            disable=["lemmatizer"] if args.full_parse else [],
            n_process=max(1, args.processes),
        )
    )
    t_parse = time.perf_counter() - t1
    t2 = time.perf_counter()
    results = [(rid, geoparse(text, doc=doc, gazetteer=gaz)) for (rid, text), doc in zip(inputs, docs, strict=True)]
    t_geo = time.perf_counter() - t2
    peak_pss.stop()
    # names the gazetteer cannot place (place=None) carry no coordinates; the scorer would count each
    # as a match with the maximum error, so they are left out of the prediction file and counted here
    unresolved = sum(1 for _, tops in results for t in tops if t.place is None)
    preds = [
        {"id": rid, "toponyms": [toponym_dict(t) for t in tops if t.place is not None or args.keep_unresolved]}
        for rid, tops in results
    ]
    t_run = t_parse + t_geo

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for p in preds:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    scorer = SHARED / "tools" / "score_geoparse.py"
    table = subprocess.run(
        [sys.executable, str(scorer), str(args.gold), str(args.out)], capture_output=True, text=True, check=True
    )
    print(table.stdout, end="")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # parse processes (--processes) are children: their largest resident size, reported beside
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"documents={len(inputs)} words={words} unresolved names left out of the predictions={unresolved}")
    print(f"load (spaCy model + gazetteer) {t_load:.1f} s; spaCy parse {t_parse:.1f} s; geoparser {t_geo:.1f} s")
    print(f"words/s excluding load: {words / t_run:,.0f} (geoparser alone, on parsed docs: {words / t_geo:,.0f});")
    print(f"words/s including load: {words / (t_run + t_load):,.0f}")
    print(f"peak RSS: {rss_mb:,.0f} MB (largest child process: {child_mb:,.0f} MB)")
    # RSS counts the pages forked parse processes share with the parent once per process; PSS
    # splits them, so the sum over the process tree is the memory the run really holds
    print(f"peak PSS of the whole process tree during the run: {peak_pss.peak_mb:,.0f} MB")
    if args.per_corpus:
        _per_corpus_speed(lines, pipe, gaz, geoparse, full_parse=args.full_parse)
    return 0


def _per_corpus_speed(lines: list[str], pipe: Any, gaz: Any, geoparse: Any, *, full_parse: bool) -> None:
    """Words per second of parse plus geoparser, corpus by corpus, in one process (after the main run,
    so every corpus meets warm caches alike)."""
    by_corpus: dict[str, list[str]] = {}
    for line in lines:
        if line.strip():
            d = json.loads(line)
            by_corpus.setdefault(d["corpus"], []).append(d["text"])
    for corpus, texts in sorted(by_corpus.items()):
        words = sum(len(t.split()) for t in texts)
        t0 = time.perf_counter()
        for text, doc in zip(
            texts, pipe.pipe(texts, batch_size=32, disable=["lemmatizer"] if full_parse else []), strict=True
        ):
            geoparse(text, doc=doc, gazetteer=gaz)
        took = time.perf_counter() - t0
        print(
            f"per corpus, one process: {corpus:8s} {len(texts):4d} docs {words:7,d} words {took:5.1f} s {words / took:7,.0f} words/s"
        )


if __name__ == "__main__":
    raise SystemExit(main())
