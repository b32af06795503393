"""End-to-end accuracy and speed: ingest a gold-annotated set into a fresh SQLite file, export
events and control, score them with ../shared/tools/score_events.py.

    .venv/bin/python bench/pipeline.py            # seeds and news-dev
    .venv/bin/python bench/pipeline.py --set seeds

Prints, per set: wall time of the ingest (the one-time model loads counted separately),
peak resident memory, and the scorer's summary line. Writes bench/out/<set>-events.json and
-control.json for inspection.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": (SHARED / "seeds" / "seeds.jsonl", SHARED / "seeds" / "gold.json"),
    "news-dev": (
        SHARED / "benchmarks" / "news-dev" / "articles.jsonl",
        SHARED / "benchmarks" / "news-dev" / "gold.json",
    ),
}


def warm_up() -> float:
    """Load the models and derived data once, so the timing below is the pipeline's own."""
    from frontwatch.model import Article
    from frontwatch.pipeline import analyse

    t = time.perf_counter()
    analyse(Article(id="warm-up", text="Fighting broke out in Kabul on Monday, officials said.", published=None))
    return time.perf_counter() - t


def run_set(name: str) -> dict[str, object]:
    from frontwatch import service
    from frontwatch.export import control_row, event_row

    articles, gold = SETS[name]
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        t = time.perf_counter()
        summary = service.ingest_paths([articles], db_url=url)
        elapsed = time.perf_counter() - t
        store = service.open_db(url)
        events = [event_row(e) for e in service.list_events(store)]
        control = [control_row(c) for c in service.control_changes(store)]
        store.close()
    ev_path, ctl_path = out_dir / f"{name}-events.json", out_dir / f"{name}-control.json"
    ev_path.write_text(json.dumps(events, ensure_ascii=False, indent=1))
    ctl_path.write_text(json.dumps(control, ensure_ascii=False, indent=1))
    score = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score_events.py"),
            str(gold),
            str(ev_path),
            "--control",
            str(ctl_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    chars = sum(len(json.loads(line).get("text", "")) for line in articles.open(encoding="utf-8") if line.strip())
    return {
        "set": name,
        "articles": len(summary.outcomes),
        "stored": summary.stored,
        "events": len(events),
        "seconds": round(elapsed, 2),
        "words_per_second": round(chars / 6 / elapsed) if elapsed else None,
        "score": score.stdout.strip().splitlines()[-1] if score.stdout.strip() else score.stderr.strip(),
        "score_detail": score.stdout,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=sorted(SETS), action="append")
    ap.add_argument("--detail", action="store_true", help="print the scorer's full table")
    args = ap.parse_args()
    if not SHARED.is_dir():
        print(f"bench: {SHARED} not found; the benchmarks need ../shared beside the repository", file=sys.stderr)
        return 2
    load = warm_up()
    print(f"model and data load (once per process): {load:.1f} s")
    for name in args.set or ["seeds", "news-dev"]:
        r = run_set(name)
        if args.detail:
            print(r["score_detail"])
        print(
            f"{r['set']}: {r['articles']} articles, {r['events']} events, ingest {r['seconds']} s "
            f"(~{r['words_per_second']} words/s)\n  {r['score']}"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
