"""Sample a running ingest from outside: articles stored, CPU seconds and peak RSS over time.

    .venv/bin/python bench/sample_ingest.py --pid PID --db URL [--every 10] > samples.jsonl

For a long ``bench/throughput.py`` run on a busy machine: the bench reports only when a run
ends, this prints one JSON line per sample while it runs (the process tree's user+system CPU
from /proc, the largest VmHWM in the tree, the number of articles in the database), so a run
cut short still leaves a measured rate. Stops when the process is gone.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import sqlalchemy as sa

_TICK = os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def _cpu_and_hwm(pids: list[int]) -> tuple[float, int]:
    cpu, hwm = 0.0, 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            # utime, stime, cutime, cstime: the process and its reaped children
            cpu += sum(int(x) for x in fields[11:15]) / _TICK
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
        except (OSError, IndexError, ValueError):
            continue
    return cpu, hwm


def _elapsed(pid: int) -> float:
    """Seconds since ``pid`` started (its start time in clock ticks after boot, field 22 of stat)."""
    start = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]) / _TICK
    return float(Path("/proc/uptime").read_text().split()[0]) - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--db", help="database to count articles in")
    ap.add_argument("--every", type=float, default=10.0)
    args = ap.parse_args()
    engine = sa.create_engine(args.db) if args.db else None
    t0 = time.time()
    while Path(f"/proc/{args.pid}").exists():
        cpu, hwm = _cpu_and_hwm(_tree(args.pid))
        stored = None
        if engine is not None:
            try:
                with engine.connect() as c:
                    stored = c.exec_driver_sql("SELECT count(*) FROM articles").scalar()
            except sa.exc.SQLAlchemyError:
                stored = None
        try:
            elapsed = round(_elapsed(args.pid), 1)
        except (OSError, IndexError, ValueError):
            break
        row = {"elapsed_s": elapsed, "cpu_s": round(cpu, 1), "peak_rss_mb": hwm // 1024, "stored": stored}
        print(json.dumps(row), flush=True)
        time.sleep(args.every)
    print(json.dumps({"t": round(time.time() - t0, 1), "ended": True}), file=sys.stderr)


if __name__ == "__main__":
    main()
