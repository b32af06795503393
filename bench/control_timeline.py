"""What refreshing a town's control timeline costs as its events accumulate (issue 15).

    .venv/bin/python bench/control_timeline.py [--events 100 1000 3000]

Writes N synthetic events (invented town and sides; fights, falls and recaptures with one report
each, one claim each) at one place through the store, then times, in CPU milliseconds, the two
ways of rebuilding the place's timeline after one more article:

- ``events``: what ingest did before: read every event at the place with all its reports,
  decode them and recompute every event's status (``control.timeline(events_at_place)``);
- ``per-event rows``: fold all the stored per-event statuses (``control.compress(event_controls_at)``);
- ``tail``: what ingest does now for an article about the newest day (``service.refold_control``):
  only the rows from the last status change before that day are folded again and rewritten.

All give the same rows (checked). A SQLite file in a temporary folder; nothing is kept.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontwatch import control, service  # noqa: E402
from frontwatch.cluster import merge  # noqa: E402
from frontwatch.model import Actor, Claim, EventDate, Place, Report, Span  # noqa: E402
from frontwatch.store import Store  # noqa: E402

TOWN = Place(name="Ostrava Nova", lat=10.0, lon=20.0, geonameid=9_100_001, feature="city", country_code="RU",
             country="Ruritania", admin1="Upper Vale", population=50_000)  # fmt: skip
REBELS = Actor(name="Ruritanian Liberation Front", inter=2, key="rlf")
ARMY = Actor(name="Military Forces of Ruritania", inter=1, key="army:RU")
SUBS = ("Armed clash", "Non-state actor overtakes territory", "Government regains territory")


def make_event(i: int, rng: random.Random) -> object:
    day = date(2015, 1, 1) + timedelta(days=i)
    sub = rng.choice(SUBS)
    a1, a2 = (ARMY, REBELS) if sub == "Government regains territory" else (REBELS, ARMY)
    aid = f"art-{i:06d}"
    text = f"{a1.name} fought {a2.name} in {TOWN.name} on this day; residents said fighting went on. " * 3
    report = Report(
        article_id=aid,
        report_id=f"{aid}#0",
        event_date=EventDate(day=day, precision=1, earliest=day, latest=day),
        event_type="Battles",
        sub_event_type=sub,
        place=TOWN,
        actor1=a1,
        actor2=a2,
        claims=[Claim(source="the governor", text="4 people were killed", topic="fatalities", value=4, article_id=aid)],
        evidence={"event_type": [Span(aid, 0, 60), Span(aid, 60, 120)], "location": [Span(aid, 0, 60)]},
        outlet="Demo Wire",
        published=day,
        text=text,
    )
    return merge(f"E{i:06d}", [report])


def cpu_ms(fn, repeats: int = 5) -> tuple[float, object]:
    best = float("inf")
    out = None
    for _ in range(repeats):
        t = time.process_time()
        out = fn()
        best = min(best, (time.process_time() - t) * 1000)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, nargs="+", default=[100, 1000, 3000])
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'c.db'}")
        written = 0
        print(
            "| events at the place | rebuild from the events (before) | fold of all per-event rows | tail refold (now) |"
        )
        print("|---|---|---|---|")
        for n in sorted(args.events):
            batch = [make_event(i, rng) for i in range(written, n)]

            def put(tx, batch=batch):
                for e in batch:
                    for r in e.reports:
                        tx.put_report(r, e.event_id)
                    tx.put_event(e)
                    tx.put_event_control(e.event_id, control.change_of(e))

            store.write(put)
            written = n
            with store.reader() as r:
                gid = TOWN.geonameid
                before, old = cpu_ms(
                    lambda r=r, gid=gid: (r._decoded.clear(), control.timeline(r.events_at_place(gid)))[1]
                )
                now, new = cpu_ms(lambda r=r, gid=gid: control.compress(r.event_controls_at(gid)))
                assert [(c.day, c.status, c.event_id) for c in old] == [(c.day, c.status, c.event_id) for c in new]
            last_day = batch[-1].event_date.isoformat()
            with store.transaction() as tx:
                tail, _ = cpu_ms(lambda tx=tx, gid=gid, d=last_day: service.refold_control(tx, gid, d))
            with store.reader() as r:
                stored = [(c.day, c.status, c.event_id) for c in r.control(geonameid=gid)]
                assert stored == [(c.day, c.status, c.event_id) for c in new]
            print(f"| {n:,} | {before:,.1f} ms | {now:,.1f} ms | {tail:,.1f} ms |")
        store.close()


if __name__ == "__main__":
    main()
