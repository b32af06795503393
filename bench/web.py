"""The web page at scale: time to first marker, filter-change time and bytes transferred.

Builds a SQLite database of N synthetic events (161 invented countries, 8 regions and 30
towns each, 40 outlets, six event types, three years), serves it with ``frontwatch serve``'s
app in a child process, and drives Debian's chromium through Playwright:

1. a cold first load (fresh server, fresh browser): time to the first marker, time until
   every request the page made has answered, bytes transferred (API and static files);
2. three filter changes (type, then country, then a brush on the timeline by keyboard): time
   until the map is redrawn and until the page has settled, bytes;
3. a reload of the same view (the browser revalidates with ETags).

Server CPU seconds (user+system of the server process) are reported beside wall times: the
machine is shared. Usage::

    .venv/bin/python bench/web.py --events 20000 200000 [--keep bench/out]
    .venv/bin/python bench/web.py --events 1000000 --keep bench/out --counts   # the counts alone

The synthetic events carry no reports worth opening (their report payloads are empty), so
the event panel is not measured here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
TYPES = [
    ("Battles", ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"], 35),
    (
        "Explosions/Remote violence",
        ["Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"],
        30,
    ),
    ("Violence against civilians", ["Attack", "Abduction/forced disappearance"], 15),
    ("Protests", ["Peaceful protest", "Protest with intervention"], 12),
    ("Riots", ["Violent demonstration", "Mob violence"], 5),
    ("Strategic developments", ["Arrests", "Looting/property destruction", "Headquarters or base established"], 3),
]
COUNTRIES = 161
REGIONS = 8
TOWNS = 30
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
FIRST_DAY = date(2022, 1, 1)
DAYS = 3 * 365


def _code(i: int) -> str:
    return chr(65 + i // 26) + chr(65 + i % 26)


def _payload(i: int, row: dict[str, Any], lat: float, lon: float) -> str:
    """An event payload shaped like ``store.serialize.event_to`` writes, so /api/events reads it."""
    return json.dumps(
        {
            "event_id": row["event_id"],
            "event_date": row["event_date"],
            "time_precision": 1,
            "event_type": row["event_type"],
            "sub_event_type": row["sub_event_type"],
            "place": {
                "name": row["location"],
                "lat": lat,
                "lon": lon,
                "geonameid": row["geonameid"],
                "feature": "city",
                "country_code": row["country_code"],
                "country": row["country"],
                "admin1": row["admin1"],
                "admin2": None,
                "population": 10000,
            },
            "geo_precision": 1,
            "actor1": {"name": row["actor1"], "inter": 1, "key": None, "country_code": row["country_code"]},
            "actor2": {"name": row["actor2"], "inter": 2, "key": None, "country_code": row["country_code"]},
            "fatalities": row["fatalities"],
            "fatalities_low": row["fatalities"],
            "fatalities_high": row["fatalities"],
            "notes": f"Synthetic event {i}: {row['sub_event_type'].lower()} in {row['location']}.",
            "sources": [row["_outlet"]],
            "article_ids": [f"a{i}"],
            "claims": [],
            "conflicts": [],
            "evidence": {"event_date": [{"article_id": f"a{i}", "start": 0, "end": 20}]},
            "merge_reasons": [],
        }
    )


def build(path: Path, n: int, seed: int = 14) -> float:
    """Write ``n`` synthetic events (with one article and report each) to a new SQLite file; seconds."""
    from frontwatch.store import Store
    from frontwatch.store.filters import outlets_value

    t0 = time.perf_counter()
    Store(f"sqlite:///{path}").close()  # the schema, through the migrations
    rnd = random.Random(seed)
    centres = [(rnd.uniform(-110, 140), rnd.uniform(-35, 60)) for _ in range(COUNTRIES)]
    towns = [
        [
            (c, rnd.gauss(centres[c][0], 2.5), rnd.gauss(centres[c][1], 1.8), rnd.randrange(REGIONS))
            for _ in range(TOWNS)
        ]
        for c in range(COUNTRIES)
    ]
    weights = [w for _, _, w in TYPES]
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    cols = (
        "event_id, event_date, geonameid, location, admin1, country_code, country, event_type, sub_event_type, "
        "actor1, actor2, fatalities, latitude, longitude, disputed, search_text, payload, updated_at, outlets"
    )
    for start in range(0, n, 20_000):
        events, articles, reports = [], [], []
        for i in range(start, min(n, start + 20_000)):
            c = rnd.randrange(COUNTRIES)
            t = rnd.randrange(TOWNS)
            _, lon, lat, region = towns[c][t]
            etype, subs, _ = rnd.choices(TYPES, weights)[0]
            lat, lon = round(lat + rnd.gauss(0, 0.05), 4), round(lon + rnd.gauss(0, 0.05), 4)
            row = {
                "event_id": f"S{i:07d}",
                "event_date": (FIRST_DAY + timedelta(days=rnd.randrange(DAYS))).isoformat(),
                "geonameid": 10_000_000 + c * TOWNS + t,
                "location": f"Town {c}-{t}",
                "admin1": f"Region {c}-{region}",
                "country_code": _code(c),
                "country": f"Country {c:03d}",
                "event_type": etype,
                "sub_event_type": rnd.choice(subs),
                "actor1": f"Military Forces of Country {c:03d}",
                "actor2": f"Rebels of Country {c:03d}" if rnd.random() < 0.6 else f"Civilians (Country {c:03d})",
                "fatalities": 0 if rnd.random() < 0.5 else int(rnd.expovariate(0.2)) + 1,
                "_outlet": rnd.choice(OUTLETS),
            }
            search = " ".join(
                [row["location"], row["admin1"], row["country"], row["actor1"], row["actor2"], row["sub_event_type"]]
            ).lower()
            events.append(
                (
                    *(row[k] for k in cols.split(", ")[:12]),
                    lat,
                    lon,
                    rnd.random() < 0.05,
                    search,
                    _payload(i, row, lat, lon),
                    "2026-01-01T00:00:00+00:00",
                    outlets_value([row["_outlet"]]),  # as StoreSession.put_event writes it
                )
            )
            pub = row["event_date"]
            articles.append((f"a{i}", pub, row["_outlet"], "en", f"Synthetic report {i}.", f"h{i}", "[]"))
            reports.append((f"a{i}#0", f"a{i}", row["event_id"], "{}"))
        db.executemany(f"INSERT INTO events ({cols}) VALUES ({','.join('?' * 19)})", events)
        db.executemany(
            "INSERT INTO articles (id, published, outlet, language, text, content_hash, warnings) VALUES (?,?,?,?,?,?,?)",
            articles,
        )
        db.executemany("INSERT INTO reports (report_id, article_id, event_id, payload) VALUES (?,?,?,?)", reports)
        db.commit()
    db.execute("ANALYZE")
    db.commit()
    db.close()
    return time.perf_counter() - t0


# --- the server, in a child process so its CPU time is its own ------------------------------------
SERVER = """
import sys, uvicorn
from frontwatch.api import create_app
from frontwatch.api.web import warm_in_background
app = create_app(sys.argv[1], token="")
if sys.argv[3] == "warm":
    warm_in_background(app)  # as frontwatch serve does
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    def __init__(self, db: Path, warm: bool) -> None:
        self.port = _free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, f"sqlite:///{db}", str(self.port), "warm" if warm else "cold"], env=env
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("the bench server did not start") from None
                time.sleep(0.1)
        self.url = f"http://127.0.0.1:{self.port}"

    def cpu(self) -> float:
        return _cpu(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


# --- the browser ------------------------------------------------------------------------------------
BYTES_JS = """(since) => {
  let api = 0, other = 0, n = 0;
  for (const r of performance.getEntriesByType('resource')) {
    if (r.startTime < since) continue;
    n += 1;
    if (new URL(r.name).pathname.startsWith('/api/')) api += r.transferSize; else other += r.transferSize;
  }
  return {api, other, requests: n};
}"""
TIMINGS_JS = """(since) => performance.getEntriesByType('resource').filter((r) => r.startTime >= since).map(
  (r) => [new URL(r.name).pathname, Math.round(r.startTime), Math.round(r.duration)])"""
SETTLED_JS = "(g) => Number(document.body.dataset.grids || 0) > g && document.body.dataset.pending === '0'"


def _measure_change(page: Any, server: Server, action: Any) -> dict[str, Any]:
    """Run ``action`` (a filter change) and time it until the map is redrawn and until all is settled."""
    grids = int(page.evaluate("() => Number(document.body.dataset.grids || 0)"))
    t0 = page.evaluate("() => performance.now()")
    cpu0 = server.cpu()
    action()
    page.wait_for_function("(g) => Number(document.body.dataset.grids || 0) > g", arg=grids, timeout=600_000)
    t_map = page.evaluate("() => performance.now()")
    page.wait_for_function(SETTLED_JS, arg=grids, timeout=600_000)
    page.wait_for_timeout(200)  # a request the redraw started in its last frame
    page.wait_for_function("() => document.body.dataset.pending === '0'", timeout=600_000)
    t_all = page.evaluate("() => performance.now()")
    return {
        "map_s": round((t_map - t0) / 1000, 3),
        "settled_s": round((t_all - t0) / 1000 - 0.2, 3),
        "server_cpu_s": round(server.cpu() - cpu0, 2),
        **page.evaluate(BYTES_JS, t0),
        # each API request of the change: path, start (ms since navigation), duration (ms)
        "timings": [t for t in page.evaluate(TIMINGS_JS, t0) if t[0].startswith("/api/")],
    }


def measure(db: Path, *, warm: bool, wait_s: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    server = Server(db, warm)
    time.sleep(wait_s)  # a server that has been up a while (its landing view computed)
    out: dict[str, Any] = {}
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
            ctx = pw.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                viewport={"width": 1400, "height": 860},
            )
            outside: list[str] = []
            ctx.route(
                "**/*",
                lambda r: (
                    r.continue_()
                    if r.request.url.startswith(server.url)
                    else (outside.append(r.request.url), r.abort())
                ),
            )
            page = ctx.new_page()
            cpu0 = server.cpu()
            page.goto(server.url + "/")
            page.wait_for_selector(".fw-marker, .fw-cluster", timeout=600_000)
            first = page.evaluate("() => performance.now()")  # ms since navigation started
            page.wait_for_function(
                "() => document.body.dataset.ready === 'true' && document.body.dataset.pending === '0'", timeout=600_000
            )
            page.wait_for_timeout(200)
            page.wait_for_function("() => document.body.dataset.pending === '0'", timeout=600_000)
            settled = page.evaluate("() => performance.now()") - 200
            out["first_load"] = {
                "first_marker_s": round(first / 1000, 3),
                "settled_s": round(settled / 1000, 3),
                "server_cpu_s": round(server.cpu() - cpu0, 2),
                **page.evaluate(BYTES_JS, 0),
                "status": page.locator("#status").inner_text(),
                # each request: path, when it started and how long it took (ms since navigation)
                "timings": page.evaluate(TIMINGS_JS, 0),
            }
            out["filter_type"] = _measure_change(
                page, server, lambda: page.select_option("select[name=event_type]", "Battles")
            )
            out["filter_type"]["status"] = page.locator("#status").inner_text()
            out["filter_country"] = _measure_change(
                page, server, lambda: page.select_option("select[name=country]", index=1)
            )
            out["filter_country"]["status"] = page.locator("#status").inner_text()

            def brush() -> None:
                page.focus("#timeline")
                page.keyboard.press("End")

            out["brush"] = _measure_change(page, server, brush)
            out["brush"]["status"] = page.locator("#status").inner_text()
            # the same view again: the browser revalidates, the server answers 304 from a stat
            cpu0 = server.cpu()
            page.reload()
            page.wait_for_selector(".fw-marker, .fw-cluster", timeout=600_000)
            out["reload"] = {
                "first_marker_s": round(page.evaluate("() => performance.now()") / 1000, 3),
                "server_cpu_s": round(server.cpu() - cpu0, 2),
            }
            page.wait_for_function("() => document.body.dataset.pending === '0'", timeout=600_000)
            out["reload"].update(page.evaluate(BYTES_JS, 0))
            out["outside_requests"] = outside
            ctx.close()
    finally:
        server.stop()
    return out


# --- the counts alone, in this process: the database's path against the in-memory columns ---------
def counts(db: Path, repeats: int = 3) -> dict[str, Any]:
    """Build the columns, then time each answer of the landing view and of two filter changes both
    ways (the median of ``repeats``; wall and CPU seconds of this process)."""
    from frontwatch.store import EventQuery, Store, columnar
    from frontwatch.store import aggregate as agg

    store = Store(f"sqlite:///{db}", create=False)
    w0, c0 = time.perf_counter(), time.process_time()
    cols = columnar.ensure(store.engine)
    assert cols is not None
    out: dict[str, Any] = {
        "columns": {
            "events": cols.n,
            "build_wall_s": round(time.perf_counter() - w0, 2),
            "build_cpu_s": round(time.process_time() - c0, 2),
            "mb": round(cols.nbytes() / 1e6, 1),
        }
    }
    with store.reader() as r:
        country = agg.facets(r.conn, EventQuery(), ["country"], columns=cols)["country"]["values"][-1]["value"]
    views = {
        "landing": EventQuery(),
        "type": EventQuery(event_type="Battles"),
        "country": EventQuery(country=country),
        "text": EventQuery(text="rebels", event_type="Riots"),
    }
    answers = {
        "grid": lambda conn, q, c: agg.grid(conn, q, 2, c),
        "timeline": lambda conn, q, c: agg.per_day(conn, q, c),
        "facets": lambda conn, q, c: agg.facets(conn, q, agg.FACETS, columns=c),
        "table": lambda conn, q, c: agg.table_page(
            conn, q, sort="event_date", descending=True, limit=50, offset=0, columns=c
        ),
    }
    for view, q in views.items():
        for name, answer in answers.items():
            for path, c in (("database", None), ("columns", cols)):
                walls, cpus = [], []
                for _ in range(repeats):
                    w0, c0 = time.perf_counter(), time.process_time()
                    with store.reader() as r:
                        answer(r.conn, q, c)
                    walls.append(time.perf_counter() - w0)
                    cpus.append(time.process_time() - c0)
                out.setdefault(view, {}).setdefault(name, {})[path] = {
                    "wall_s": round(sorted(walls)[len(walls) // 2], 3),
                    "cpu_s": round(sorted(cpus)[len(cpus) // 2], 3),
                }
    store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, nargs="+", default=[20_000])
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the databases in this folder")
    ap.add_argument("--warm-wait", type=float, default=0.0, help="seconds to let `serve`'s warm-up run first")
    ap.add_argument("--counts", action="store_true", help="only time the counts in-process (database vs columns)")
    args = ap.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in args.events:
            db = folder / f"web-{n}.db"
            built = None
            if not db.exists():
                c0 = time.process_time()
                built = {"wall_s": round(build(db, n), 1), "cpu_s": round(time.process_time() - c0, 1)}
            size = db.stat().st_size + (
                db.with_name(db.name + "-wal").stat().st_size if db.with_name(db.name + "-wal").exists() else 0
            )
            if args.counts:
                print(json.dumps({n: {"build": built, "counts": counts(db)}}, indent=1), flush=True)
                continue
            results[n] = {
                "build": built,
                "db_mb": round(size / 1e6, 1),
                "cold": measure(db, warm=False, wait_s=0),
                f"warm_after_{args.warm_wait:g}s": measure(db, warm=True, wait_s=args.warm_wait),
            }
            print(json.dumps({n: results[n]}, indent=1), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
