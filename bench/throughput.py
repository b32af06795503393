"""Ingest throughput against bare spaCy, into SQLite then PostgreSQL, and watch's latency.

    .venv/bin/python bench/throughput.py [--articles 2000] [--runs spacy,sqlite,pg,watch] [--workers 2]

The corpus: every text of ../shared (geoparse dev, news-dev, news-dev2, seeds: 328 real
articles), varied to reach ``--articles``: article i is text i mod 328 with the first paragraph
of another text appended, a different one in every round (so no two texts are equal and the
duplicate check passes them all; ``build_corpus`` checks it)
and its publication date moved by 9 days per round, so reports of one story spread over time
instead of piling onto one event. Written to a temporary JSONL file, deleted afterwards, never
kept in the repository.

Runs, each in its own process so memory and CPU are its own:
- ``spacy``: the same spaCy model, bare (the model package's stock pipeline, none of frontwatch's
  stand-ins), ``nlp.pipe(texts, n_process=2)``: the base of the ratio;
- ``spacy-tuned``: the same, through ``frontwatch.nlp.load()`` (same annotations; the attribute
  ruler and lemmatizer stand-ins and numpy's BLAS), to show what those alone gain;
- ``sqlite`` / ``pg``: ``frontwatch ingest corpus.jsonl`` (with ``--workers N`` when given) into
  a fresh SQLite file / a fresh temporary PostgreSQL server;
- ``watch``: ``Watcher`` polling a folder every 0.1 s in this process, models loaded; 20 articles
  dropped in one at a time; the time from a file's arrival to its events being listed.

Reported: articles/s and words/s over the whole run (model loads included) and after the first
article, CPU seconds beside wall seconds, peak RSS, ms per article over the first and the last
100 articles (from the times the per-article lines arrive). The last 100 are other texts than the
first 100 (the conflict news and the non-English articles come last in each round), so two
comparisons hold the texts equal: the first 100 base texts again in the last full round
(``same_texts_cpu_ratio``), and the last 100 articles against the same base texts in the first
round (``last100_vs_first_round_cpu_ratio``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# the shared texts; FRONTWATCH_SHARED when the code runs from a copy elsewhere
SHARED = Path(os.environ.get("FRONTWATCH_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
SOURCES = [
    SHARED / "benchmarks" / "geoparse" / "dev.jsonl",
    SHARED / "benchmarks" / "news-dev" / "articles.jsonl",
    SHARED / "benchmarks" / "news-dev2" / "articles.jsonl",
    SHARED / "seeds" / "seeds.jsonl",
]


def base_texts() -> list[dict[str, Any]]:
    out = []
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                rec = json.loads(line)
                out.append(rec)
    return out


def build_corpus(n: int, path: Path) -> int:
    """Write ``n`` varied articles to ``path``; returns the number of words."""
    base = base_texts()
    words = 0
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            rec = base[i % len(base)]
            # the appended paragraph changes with every round too: the same pair twice would be a
            # duplicate text, which the store skips before any analysis
            other = base[(i * 7 + 3 + 11 * (i // len(base))) % len(base)]
            extra = other["text"].strip().split("\n")[0]
            text = rec["text"].rstrip() + "\n\n" + extra
            day = date.fromisoformat(rec.get("published") or "2020-01-06") + timedelta(days=9 * (i // len(base)))
            out = {
                "id": f"tp-{i:05d}",
                "published": day.isoformat(),
                "outlet": rec.get("outlet") or f"Bench Wire {i % 5}",
                "language": "en",
                "text": text,
            }
            words += len(text.split())
            if text in seen:
                raise SystemExit(f"article {i} repeats an earlier text: the corpus would hold duplicates")
            seen.add(text)
            f.write(json.dumps(out, ensure_ascii=False) + "\n")
    return words


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a running process so far (/proc/PID/stat fields 14 and 15), or nan."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return float("nan")


def _run(cmd: list[str], *, line_marker: str | None = None) -> dict[str, Any]:
    """Run ``cmd``; wall, CPU (the process and its reaped children), peak RSS, line arrival times."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    stamps: list[float] = []
    cpu_stamps: list[float] = []  # the child's own CPU seconds at each marker line: robust to a busy machine
    tail: list[str] = []
    assert proc.stderr is not None
    for line in proc.stderr:
        if line_marker and line.startswith(line_marker):
            stamps.append(time.perf_counter() - t0)
            cpu_stamps.append(_cpu_of(proc.pid))
        elif not line.startswith("  warning"):
            tail = (tail + [line.rstrip()])[-5:]
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0 and os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{cmd[:3]} failed: {tail}")
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 1),
        "peak_rss_mb": round(ru.ru_maxrss / 1024),
        "stamps": stamps,
        "cpu_stamps": cpu_stamps,
        "tail": tail,
    }


SPACY_SCRIPT = """
import json, sys, time
sys.path.insert(0, {root!r})
from frontwatch import nlp
texts = [json.loads(l)["text"] for l in open({corpus!r}, encoding="utf-8")]
pipe = nlp.load() if {tuned!r} else nlp._model_package().load()
t = time.perf_counter()
for i, doc in enumerate(pipe.pipe(texts, n_process=2, batch_size=32)):
    if i % 100 == 99:
        print("done", i + 1, file=sys.stderr, flush=True)
print("parse_s", round(time.perf_counter() - t, 1), file=sys.stderr)
"""


def run_spacy(corpus: Path, *, tuned: bool = False) -> dict[str, Any]:
    """Bare spaCy (the stock pipeline) or, ``tuned``, frontwatch's loaded one, over the corpus."""
    r = _run([sys.executable, "-c", SPACY_SCRIPT.format(root=str(ROOT), corpus=str(corpus), tuned=tuned)])
    r["parse_s"] = float(next((x.split()[1] for x in r["tail"] if x.startswith("parse_s")), "nan"))
    return r


def run_ingest(corpus: Path, url: str, workers: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "frontwatch.cli", "ingest", str(corpus), "--db", url]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    r = _run(cmd, line_marker="stored")
    s = r["stamps"]
    if len(s) >= 200:
        r["first100_ms"] = round((s[100] - s[0]) / 100 * 1000, 1)
        r["last100_ms"] = round((s[-1] - s[-101]) / 100 * 1000, 1)
        r["after_first_s"] = round(s[-1] - s[0], 1)
        c = r["cpu_stamps"]
        # the same in the ingest process's own CPU: what a busy machine inflates less (the
        # PostgreSQL server's CPU is not in it)
        r["first100_cpu_ms"] = round((c[100] - c[0]) / 100 * 1000, 1)
        r["last100_cpu_ms"] = round((c[-1] - c[-101]) / 100 * 1000, 1)
        # the last 100 articles are other texts than the first 100: per 1,000 words, and the first 100
        # base texts again in their last full round (same texts, another appended paragraph)
        words = [
            len(json.loads(x)["text"].split()) for x in corpus.read_text(encoding="utf-8").split("\n") if x.strip()
        ]
        r["first100_cpu_ms_per_kword"] = round((c[100] - c[0]) / sum(words[1:101]) * 1e6, 1)
        r["last100_cpu_ms_per_kword"] = round((c[-1] - c[-101]) / sum(words[-100:]) * 1e6, 1)
        n_base = len(base_texts())
        again = ((len(c) - 101) // n_base) * n_base  # articles again+1 .. again+100 are base texts 1..100
        if again > 0:
            r["same_texts_again_at"] = again
            r["same_texts_cpu_ratio"] = round((c[again + 100] - c[again]) / (c[100] - c[0]), 2)
        # the last 100 articles against the same base texts in the first round (another appended paragraph):
        # the last-against-first comparison with the texts held equal (article k's CPU is c[k] - c[k-1])
        pairs = [(k, k % n_base) for k in range(len(c) - 100, len(c)) if k >= n_base and k % n_base >= 1]
        if pairs:
            last = sum(c[k] - c[k - 1] for k, _ in pairs)
            first = sum(c[j] - c[j - 1] for _, j in pairs)
            r["last100_vs_first_round_cpu_ratio"] = round(last / first, 2)
            r["last100_vs_first_round_articles"] = len(pairs)
    r["stored"] = len(s)
    return r


def run_watch(corpus: Path, n: int = 20) -> dict[str, Any]:
    """Seconds from a file landing in a watched folder to its events being listed."""
    from frontwatch.store import Store
    from frontwatch.watch import Watcher, warm_up

    lines = corpus.read_text(encoding="utf-8").split("\n")
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        store = Store(f"sqlite:///{tmp}/watch.db")
        load_s = warm_up()
        watcher = Watcher(store, [str(inbox)])
        stop = threading.Event()
        thread = threading.Thread(target=lambda: _loop(watcher, stop), daemon=True)
        thread.start()
        latencies, cpu = [], []
        # the news-dev texts (conflict news, after the 271 geoparse texts) give events; take n that do
        for i, line in enumerate(lines[271:400], 271):
            art = json.loads(line)
            if len(latencies) >= n:
                break
            t0, c0 = time.perf_counter(), time.process_time()
            tmpfile = inbox / f".{i}.part"
            tmpfile.write_text(line + "\n", encoding="utf-8")
            tmpfile.rename(inbox / f"a{i:04d}.jsonl")  # arrives whole, as a mail drop or rsync would
            while time.perf_counter() - t0 < 30:
                with store.reader() as r:
                    done = r.get_article(art["id"]) is not None
                    ids = {eid for _, eid in r.reports_of_article(art["id"])} if done else set()
                    listed = bool(ids) and all(r.get_event(eid) is not None for eid in ids)
                if done:
                    if listed:
                        latencies.append(time.perf_counter() - t0)
                        cpu.append(time.process_time() - c0)
                    break
                time.sleep(0.005)
        stop.set()
        thread.join()
        store.close()
    latencies.sort()
    cpu.sort()
    return {
        "median_cpu_s": round(cpu[len(cpu) // 2], 3) if cpu else None,
        "model_load_s": round(load_s, 1),
        "articles_with_events": len(latencies),
        "median_s": round(latencies[len(latencies) // 2], 3) if latencies else None,
        "max_s": round(latencies[-1], 3) if latencies else None,
        "poll_every_s": 0.1,
    }


def _loop(watcher: Any, stop: threading.Event) -> None:
    while not stop.is_set():
        watcher.poll()
        stop.wait(0.1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", default="spacy,sqlite,pg,watch")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    runs = args.runs.split(",")
    out: dict[str, Any] = {"articles": args.articles, "workers": args.workers, "started": time.strftime("%H:%M UTC")}
    with tempfile.TemporaryDirectory(prefix="fw-tp-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = build_corpus(args.articles, corpus)
        out["words"] = words
        print(f"corpus: {args.articles} articles, {words} words", flush=True)
        for name in ("spacy", "spacy-tuned"):
            if name in runs:
                out[name] = _rates(run_spacy(corpus, tuned=name == "spacy-tuned"), args.articles, words)
                print(name, out[name], flush=True)
        if "sqlite" in runs:
            r = run_ingest(corpus, f"sqlite:///{tmp}/tp.db", args.workers)
            out["sqlite"] = _rates(r, args.articles, words)
            print("sqlite", out["sqlite"], flush=True)
        if "pg" in runs:
            from pgserver import temporary_postgres

            with temporary_postgres() as url:
                r = run_ingest(corpus, url, args.workers)
            out["pg"] = _rates(r, args.articles, words)
            print("pg", out["pg"], flush=True)
        if "watch" in runs:
            out["watch"] = run_watch(corpus)
            print("watch", out["watch"], flush=True)
    base = out.get("spacy", {}).get("words_per_s")
    base_cpu = out.get("spacy", {}).get("words_per_cpu_s")
    for k in ("sqlite", "pg", "spacy-tuned"):
        if base and k in out:
            out[k]["ratio_to_spacy"] = round(out[k]["words_per_s"] / base, 2)
        # the comparable figure on a shared machine: words per CPU second against bare spaCy's
        if base_cpu and k in out and out[k].get("words_per_cpu_s"):
            out[k]["cpu_ratio_to_spacy"] = round(out[k]["words_per_cpu_s"] / base_cpu, 3)
    out["load_avg_end"] = os.getloadavg()
    out["bench_cpu_s"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_utime, 1)
    print(json.dumps(out, indent=1))


def _rates(r: dict[str, Any], n: int, words: int) -> dict[str, Any]:
    r = {k: v for k, v in r.items() if k not in ("stamps", "cpu_stamps")}
    r["articles_per_s"] = round(n / r["wall_s"], 2)
    r["words_per_s"] = round(words / r["wall_s"])
    r["words_per_cpu_s"] = round(words / r["cpu_s"]) if r["cpu_s"] else None
    return r


if __name__ == "__main__":
    main()
