"""The web server's in-memory columns during ingest: a full build against a refresh.

    .venv/bin/python bench/columns_refresh.py --sqlite FILE [--rounds 5] [--new 100] [--rewrites 100]

FILE is a database filled by ``bench/query.py`` (a million events); this script WRITES to it
(new events with ids ``R-...`` and rewritten tolls of existing ones), so give it a copy. Each
round stores ``--new`` synthetic events and rewrites ``--rewrites`` stored ones through
``Store.transaction``, then brings the copy up to date both ways, checks that the two copies hold
the same rows, and prints wall and CPU seconds of each.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import query as bq  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from frontwatch.store import Store, columnar, columnar_build, columnar_delta, schema  # noqa: E402
from frontwatch.store.aggregate import data_version  # noqa: E402


def _timed(fn):  # type: ignore[no-untyped-def]
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, round(time.perf_counter() - w0, 3), round(time.process_time() - c0, 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sqlite", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--new", type=int, default=100)
    ap.add_argument("--rewrites", type=int, default=100)
    args = ap.parse_args()
    store = Store(f"sqlite:///{args.sqlite}")  # applies migration 006 to an older file
    copy, wall, cpu = _timed(lambda: columnar.ensure(store.engine))
    assert copy is not None
    print(f"first full build: {copy.n} events, {wall} s wall, {cpu} s CPU", flush=True)
    rng = random.Random(5)
    places, actors = bq.make_world(random.Random(15))
    e = schema.events
    for k in range(args.rounds):
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = []
        for i in range(args.new):
            row = bq.event_row(bq.make_event(i, rng, places, actors), now)
            rows.append({**row, "event_id": f"R-{k}-{i}-{rng.randrange(10**9)}"})
        with store.transaction() as tx:
            tx.conn.execute(e.insert(), rows)
            n = copy.n
            for _ in range(args.rewrites):
                key = int(copy.keys[rng.randrange(n)])
                tx.conn.execute(
                    e.update()
                    .where(sa.literal_column("events.rowid") == key)
                    .values(fatalities=rng.randint(0, 99), updated_at=now)
                )
        version = data_version(store.engine)
        with store.reader() as r:
            mark = columnar_delta.mark(r.conn)
            fresh, r_wall, r_cpu = _timed(lambda: columnar_delta.refreshed(r.conn, copy, version, mark))  # noqa: B023
            full, b_wall, b_cpu = _timed(lambda: columnar_build.build(r.conn, version))  # noqa: B023
        assert fresh is not None, "the copy could not be refreshed"
        assert np.array_equal(fresh.keys, full.keys), "refreshed and rebuilt copies differ"
        for c in full.num:
            assert np.array_equal(fresh.num[c], full.num[c], equal_nan=full.num[c].dtype.kind == "f"), c
        copy = fresh
        line = {"round": k, "events": full.n, "refresh_wall_s": r_wall, "refresh_cpu_s": r_cpu}
        line |= {"build_wall_s": b_wall, "build_cpu_s": b_cpu}
        print(json.dumps(line), flush=True)
    store.close()


if __name__ == "__main__":
    main()
