"""GET /api/events at a million events: p50 and p99 of four filters on SQLite and PostgreSQL.

    .venv/bin/python bench/query.py --events 1000000 [--sqlite /tmp/q.db] [--no-pg]

The events are synthetic (invented places, countries and armed groups; nothing from a dev
set): 4,000 places in eight clusters, dates over 2015-2025, the ACLED sub-event types at
random, one or two claims and four evidence spans each (about 2 kB of payload, a little less
than a real event). They are written into the store's own tables in bulk, rows built exactly
as ``StoreSession.put_event`` builds them (checked on a sample before the bulk write), so the
triggers, indexes and search structures of migration 002 are the ones a real database has.

Each query is a real request through the app (``TestClient``): filters parsed, capped count,
page of 100, JSON rows. Filters:

- ``bbox+dates``: a 4x4 degree box inside one cluster and a 90-day window;
- ``text``: a place name (about 0.03 % of events match) and ``text-common``: a word in every
  twentieth note;
- ``type``: one of the six event types;
- ``none``: no filter (the first page).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from frontwatch.model import EVENT_TYPES, SUB_EVENT_TYPES, Actor, Claim, Conflict, Event, Place, Span  # noqa: E402
from frontwatch.store import Store, event_columns, schema  # noqa: E402

_SYL = ["ka", "ro", "mi", "tel", "var", "osk", "dan", "bel", "zur", "ni", "pra", "lov", "ten", "gor", "sha", "vel"]
# (lon, lat) centres of the eight clusters and the invented country of each
_CLUSTERS = [
    (36.0, 49.0),
    (44.0, 33.0),
    (68.0, 34.0),
    (45.0, 5.0),
    (30.0, 14.0),
    (96.0, 20.0),
    (-1.0, 14.0),
    (38.0, 9.0),
]
_COUNTRIES = [("XA", "Ruritania"), ("XB", "Borduria"), ("XC", "Syldavia"), ("XD", "Freedonia"),
              ("XE", "Kurland"), ("XF", "Zembla"), ("XG", "Elbonia"), ("XH", "Latveria")]  # fmt: skip
COMMON_WORD = "convoy"


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.choice((2, 3)))).capitalize()


def make_world(rng: random.Random) -> tuple[list[Place], list[Actor]]:
    places = []
    for i in range(4000):
        c = i % len(_CLUSTERS)
        lon, lat = _CLUSTERS[c]
        cc, country = _COUNTRIES[c]
        places.append(
            Place(
                name=f"{_name(rng)} {i}",  # the number keeps names unique, so a name search is selective
                lat=lat + rng.uniform(-6, 6),
                lon=lon + rng.uniform(-6, 6),
                geonameid=9_000_000 + i,
                country_code=cc,
                country=country,
                admin1=f"{_name(rng)} Province",
            )
        )
    actors = [Actor(name=f"{_name(rng)} Brigade", inter=2) for _ in range(30)]
    actors += [Actor(name=f"Military Forces of {country}", inter=1, country_code=cc) for cc, country in _COUNTRIES]
    return places, actors


def make_event(i: int, rng: random.Random, places: list[Place], actors: list[Actor]) -> Event:
    place = rng.choice(places)
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(4017))
    sub = rng.choice(list(SUB_EVENT_TYPES))
    a1, a2 = rng.sample(actors, 2)
    deaths = rng.choice((0, 0, 0, 1, 2, 3, 5, 8, 12, 30))
    aid = f"art-{i:07d}"
    word = f" A {COMMON_WORD} was hit." if i % 20 == 0 else ""
    notes = f"On {day.isoformat()}, {a1.name} and {a2.name} fought near {place.name} ({place.admin1}).{word}"
    claims = [
        Claim(source="the provincial governor", text=f"{deaths} people were killed", topic="fatalities", value=deaths,
              article_id=aid, start=120, end=150, source_type="government", outlet="Demo Wire", verb="said")
    ]  # fmt: skip
    conflicts = []
    if i % 7 == 0:
        claims.append(
            Claim(source=a1.name, text=f"{deaths + 4} were killed", topic="fatalities", value=deaths + 4,
                  article_id=aid, start=200, end=230, source_type="armed group", outlet="Demo Wire", verb="claimed")
        )  # fmt: skip
        conflicts.append(Conflict("fatalities", [str(deaths), str(deaths + 4)], ["the provincial governor", a1.name]))
    spans = {
        k: [Span(aid, 10 * n, 10 * n + 8)] for n, k in enumerate(("event_date", "location", "event_type", "actor1"))
    }
    return Event(
        event_id=f"{place.country_code}-{i:07d}",
        event_date=day,
        time_precision=1,
        event_type=SUB_EVENT_TYPES[sub],
        sub_event_type=sub,
        place=place,
        geo_precision=1,
        actor1=a1,
        actor2=a2,
        fatalities=deaths,
        fatalities_low=deaths,
        fatalities_high=deaths + (4 if conflicts else 0),
        notes=notes,
        sources=["Demo Wire"],
        article_ids=[aid],
        claims=claims,
        conflicts=conflicts,
        evidence=spans,
        merge_reasons=[f"{aid}#0 started the event: no candidate"],
    )


def event_row(event: Event, now: str) -> dict[str, Any]:
    """The row ``StoreSession.put_event`` writes, for the bulk path."""
    return event_columns(event, now)


def check_rows_match_the_store(events: list[Event]) -> None:
    """The bulk rows equal what the store itself writes for the same events (but the timestamp)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/check.db")
        with store.transaction() as tx:
            for e in events:
                tx.put_event(e)
        t = schema.events
        with store.reader() as r:
            stored = {row.event_id: dict(row._mapping) for row in r.conn.execute(t.select())}
        store.close()
    for e in events:
        mine, theirs = event_row(e, ""), stored[e.event_id]
        for key in mine:
            if key != "updated_at" and mine[key] != theirs[key]:
                raise SystemExit(f"bulk row differs from put_event on {key!r}: rebuild bench/query.py's event_row")


def generate(n: int, seed: int = 15) -> Iterator[Event]:
    rng = random.Random(seed)
    places, actors = make_world(rng)
    for i in range(n):
        yield make_event(i, rng, places, actors)


def bulk_write(url: str, n: int, batch: int = 5000) -> float:
    store = Store(url)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    rows: list[dict[str, Any]] = []
    for e in generate(n):
        rows.append(event_row(e, now))
        if len(rows) >= batch:
            with store.transaction() as tx:
                tx.conn.execute(schema.events.insert(), rows)
            rows = []
    if rows:
        with store.transaction() as tx:
            tx.conn.execute(schema.events.insert(), rows)
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE events")
    else:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    store.close()
    return time.perf_counter() - t0


def query_params(kind: str, rng: random.Random, places: list[Place]) -> dict[str, str]:
    if kind == "bbox+dates":
        lon, lat = rng.choice(_CLUSTERS)
        lon, lat = lon + rng.uniform(-4, 2), lat + rng.uniform(-4, 2)
        first = date(2015, 1, 1) + timedelta(days=rng.randrange(3900))
        return {
            "bbox": f"{lon:.3f},{lat:.3f},{lon + 4:.3f},{lat + 4:.3f}",
            "date_from": first.isoformat(),
            "date_to": (first + timedelta(days=90)).isoformat(),
        }
    if kind == "text":
        return {"q": rng.choice(places).name}
    if kind == "text-common":
        return {"q": COMMON_WORD}
    if kind == "type":
        return {"event_type": rng.choice(list(EVENT_TYPES))}
    return {}


KINDS = ("bbox+dates", "text", "text-common", "type", "none")


def measure(url: str, repeats: int) -> dict[str, dict[str, float]]:
    from fastapi.testclient import TestClient

    from frontwatch.api import create_app

    rng = random.Random(7)
    places, _ = make_world(random.Random(15))
    out: dict[str, dict[str, float]] = {}
    with TestClient(create_app(url)) as client:
        client.get("/api/events", params={"limit": 1})  # open the pool
        for kind in KINDS:
            wall: list[float] = []
            cpu0 = time.process_time()
            totals = []
            for _ in range(repeats):
                params = query_params(kind, rng, places)
                t0 = time.perf_counter()
                resp = client.get("/api/events", params=params)
                wall.append((time.perf_counter() - t0) * 1000)
                if resp.status_code != 200:
                    raise SystemExit(f"{kind} {params}: HTTP {resp.status_code} {resp.text[:200]}")
                totals.append(resp.json()["total"])
            wall.sort()
            out[kind] = {
                "p50_ms": round(statistics.median(wall), 1),
                "p99_ms": round(wall[min(len(wall) - 1, int(0.99 * len(wall)))], 1),
                "max_ms": round(wall[-1], 1),
                "client_cpu_ms_per_query": round((time.process_time() - cpu0) * 1000 / repeats, 1),
                "median_total": statistics.median(totals),
            }
            print(f"  {kind:12} {out[kind]}", flush=True)
    return out


def measure_store_path(url: str, repeats: int) -> dict[str, dict[str, float]]:
    """The same filters through the store's own ``count_events`` + ``query_events`` (the path
    /api/events took before issue 15: exact count, LIKE scans, full rows), CPU per request."""
    from frontwatch.api.routes import event_filters
    from frontwatch.store import EventQuery

    rng = random.Random(7)
    places, _ = make_world(random.Random(15))
    store = Store(url)
    out: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        wall, cpu = [], []
        for _ in range(repeats):
            params = query_params(kind, rng, places)
            f = event_filters(**params)
            q = EventQuery(**{**f.__dict__, "limit": 100})
            t0, c0 = time.perf_counter(), time.process_time()
            with store.reader() as r:
                r.count_events(q)
                r.query_events(q)
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        out[kind] = {"p50_ms": round(statistics.median(wall), 1), "cpu_ms_median": round(statistics.median(cpu), 1)}
        print(f"  store path {kind:12} {out[kind]}", flush=True)
    store.close()
    return out


def _stored_events(url: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("events"):
                return 0
            return int(conn.exec_driver_sql("SELECT count(*) FROM events").scalar_one())
    finally:
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=200, help="requests per filter")
    ap.add_argument("--sqlite", help="SQLite file to use (kept if it already holds the events)")
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument(
        "--pg-url", help="an existing PostgreSQL database instead of a temporary server (kept if it holds the events)"
    )
    ap.add_argument(
        "--store-path", type=int, default=0, metavar="N", help="also time N requests per filter the old way"
    )
    args = ap.parse_args()
    check_rows_match_the_store(list(generate(50)))
    results: dict[str, Any] = {"events": args.events}
    if not args.no_sqlite:
        path = Path(args.sqlite or tempfile.mkdtemp(prefix="fw-q-")) / "q.db" if not args.sqlite else Path(args.sqlite)
        url = f"sqlite:///{path}"
        if not path.exists():
            print(f"writing {args.events} events to {path}", flush=True)
            results["sqlite_write_s"] = round(bulk_write(url, args.events), 1)
        print("SQLite", flush=True)
        results["sqlite"] = measure(url, args.repeats)
        if args.store_path:
            results["sqlite_store_path"] = measure_store_path(url, args.store_path)
    if not args.no_pg:
        from pgserver import temporary_postgres

        def run_pg(url: str) -> None:
            if _stored_events(url) >= args.events:  # a --pg-url database filled by an earlier run
                print(f"PostgreSQL already holds {args.events} events", flush=True)
            else:
                print(f"writing {args.events} events to PostgreSQL", flush=True)
                results["pg_write_s"] = round(bulk_write(url, args.events), 1)
            print("PostgreSQL", flush=True)
            results["postgresql"] = measure(url, args.repeats)
            if args.store_path:
                results["postgresql_store_path"] = measure_store_path(url, args.store_path)

        if args.pg_url:
            run_pg(args.pg_url)
        else:
            with temporary_postgres(settings="-c shared_buffers=512MB") as url:
                run_pg(url)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results["cpu_s"] = round(time.process_time(), 1)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
