"""The web page's in-memory columns (store/columnar.py) count exactly what the SQL counts.

A random mix of filters on a small real database, SQLite and PostgreSQL: map cells, the
timeline, the facets and the table's total agree between the two paths and with
``StoreSession.count_events``. Also: the copy follows new ingests, and migration 004 fills the
outlets column of an existing database.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa
from builders import make_place, make_report

from frontwatch import service
from frontwatch.cluster import merge
from frontwatch.model import Article
from frontwatch.store import EventQuery, Store, columnar, columnar_build, columnar_delta, filters, schema
from frontwatch.store import aggregate as agg

OUTLETS = ["Kyiv Post", "TASS", "BBC", "ÉCHO du Sud", "bbc news"]  # one name upper-case beyond ASCII
TYPES = [("Battles", "Armed clash"), ("Protests", "Peaceful protest"), ("Riots", "Mob violence")]
PLACES = [
    dataclasses.replace(make_place("Avalon", 101, admin1="North", cc="RU"), lat=50.1, lon=30.2, country="Ruritania"),
    dataclasses.replace(make_place("Brill", 102, admin1="north", cc="RU"), lat=50.4, lon=30.9, country="Ruritania"),
    dataclasses.replace(make_place("Corin", 103, admin1="South", cc="GV"), lat=45.0, lon=12.5, country="Grand Fenwick"),
    dataclasses.replace(
        make_place("Dunmore", None, admin1="Éire", cc="GV"), lat=44.2, lon=-3.1, country="Grand Fenwick"
    ),
    dataclasses.replace(make_place("Evermore", 105, admin1="South", cc="LX"), lat=-10.0, lon=100.0, country="Latveria"),
]
DAY0 = date(2024, 1, 1)


def fill(store: Store, n: int, seed: int, start: int = 0) -> None:
    """``n`` events with 1-3 reports from articles of random outlets, random tolls and disputes."""
    rnd = random.Random(seed)
    with store.transaction() as tx:
        for i in range(start, start + n):
            place = rnd.choice(PLACES)
            etype, sub = rnd.choice(TYPES)
            day = DAY0 + timedelta(days=rnd.randrange(90))
            reports = []
            for k in range(rnd.randint(1, 3)):
                outlet = rnd.choice(OUTLETS)
                art = Article(id=f"a{i}-{k}", text=f"Report {i} {k} from {place.name}.", published=day, outlet=outlet)
                tx.put_article(art, service.content_hash(art))
                rep = make_report(art.id, day, place=place, sub=sub, event_type=etype, outlet=outlet)
                tx.put_report(rep, f"E{i}")
                reports.append(rep)
            tx.put_event(merge(f"E{i}", reports))
    e = schema.events
    with store.transaction() as tx:
        for i in range(start, start + n):
            values: dict[str, Any] = {"fatalities": rnd.choice([0, 0, 1, 3, 12]), "disputed": rnd.random() < 0.2}
            if rnd.random() < 0.05:
                values.update(latitude=None, longitude=None)  # a place without a position
            tx.conn.execute(e.update().where(e.c.event_id == f"E{i}").values(**values))


def random_query(rnd: random.Random) -> EventQuery:
    place = rnd.choice(PLACES)
    pool: dict[str, Any] = {
        "date_from": DAY0 + timedelta(days=rnd.randrange(60)),
        "date_to": DAY0 + timedelta(days=rnd.randrange(30, 90)),
        "bbox": rnd.choice([(29.0, 49.0, 31.0, 51.0), (-5.0, 40.0, 15.0, 46.0), (30.2, 50.1, 30.2, 50.1)]),
        "country": rnd.choice([place.country_code, (place.country_code or "").lower(), place.country, "Nowhere"]),
        "admin1": rnd.choice(["north", "NORTH", "South", "éire", "Éire"]),
        "place": rnd.choice([place.name, place.name.upper()]),
        "geonameid": rnd.choice([101, 103, 999]),
        "event_type": rnd.choice([t for t, _ in TYPES]),
        "sub_event_type": rnd.choice([s for _, s in TYPES]),
        "actor": rnd.choice(["taliban", "MILITARY", "nobody"]),
        "text": rnd.choice(["avalon", "ri", "Corin", "zzz"]),
        "min_fatalities": rnd.choice([0, 1, 5]),
        "disputed": rnd.choice([True, False]),
        "outlet": rnd.choice([*OUTLETS, "bbc", "écho du sud", "Nobody"]),
    }
    chosen = rnd.sample(sorted(pool), rnd.randint(0, 3))
    return EventQuery(**{k: pool[k] for k in chosen})


def _cells(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for c in cells:
        c = dict(c)
        lat, lon = c.pop("latitude"), c.pop("longitude")
        c["pos"] = (pytest.approx(lat, abs=2e-5), pytest.approx(lon, abs=2e-5))
        out.append(c)
    return sorted(out, key=lambda c: c["bounds"])


def agree(store: Store, q: EventQuery, cols: columnar.Columns) -> None:
    with store.reader() as r:
        conn = r.conn
        for zoom in (2, 9):
            assert _cells(agg.grid(conn, q, zoom, cols)) == _cells(agg.grid(conn, q, zoom)), (q, zoom)
        rows, ext = agg.per_day(conn, q, cols)
        sql_rows, sql_ext = agg.per_day(conn, q)
        assert rows == sql_rows, q
        box, sql_box = ext.pop("bbox"), sql_ext.pop("bbox")
        assert ext == sql_ext and (box is None) == (sql_box is None), q
        if box is not None:
            assert box == pytest.approx(sql_box)
        assert agg.facets(conn, q, agg.FACETS, columns=cols) == agg.facets(conn, q, agg.FACETS), q
        total, _ = agg.table_page(conn, q, sort="event_date", descending=True, limit=5, offset=0, columns=cols)
        assert total == r.count_events(q) == len(r.query_events(q)), q


def _check_random_filters(store: Store) -> None:
    fill(store, 70, seed=3)
    cols = columnar.ensure(store.engine)
    assert cols is not None and cols.n == 70
    rnd = random.Random(11)
    queries = [EventQuery(), *(random_query(rnd) for _ in range(60))]
    matched = 0
    for q in queries:
        agree(store, q, cols)
        with store.reader() as r:
            matched += r.count_events(q) > 0
    assert matched > 20  # the mix is not all empty answers


@pytest.mark.parametrize("rare_trigram", [filters.RARE_TRIGRAM, 0])
def test_columns_count_what_sqlite_counts(store: Store, rare_trigram: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # the text's rows from its rare trigrams tested one by one, or from the whole phrase (0: none is rare)
    monkeypatch.setattr(filters, "RARE_TRIGRAM", rare_trigram)
    _check_random_filters(store)


def test_columns_count_what_postgresql_counts(pg_store: Store) -> None:
    _check_random_filters(pg_store)


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_copy_follows_new_ingests(dialect: str, request: pytest.FixtureRequest) -> None:
    store = request.getfixturevalue("store" if dialect == "sqlite" else "pg_store")
    fill(store, 10, seed=5)
    first = columnar.ensure(store.engine)
    assert first is not None and first.n == 10
    assert columnar.current(store.engine, agg.data_version(store.engine)) is first
    fill(store, 5, seed=6, start=10)
    version = agg.data_version(store.engine)
    assert version != first.version
    # the old copy is not used for the new version (the database answers meanwhile)
    assert columnar.current(store.engine, version) is not first
    second = columnar.ensure(store.engine)
    assert second is not None and second.n == 15 and second.version == version
    with store.reader() as r:
        assert agg.facets(r.conn, EventQuery(), agg.FACETS, columns=second) == agg.facets(
            r.conn, EventQuery(), agg.FACETS
        )
        assert sum(c["n"] for c in agg.grid(r.conn, EventQuery(), 2, second)) == r.count_events(
            EventQuery(bbox=(-180, -90, 180, 90))
        )


def test_the_web_routes_count_from_the_copy(tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    from frontwatch.api import create_app

    url = f"sqlite:///{tmp_path / 'web.db'}"
    store = Store(url)
    fill(store, 30, seed=8)
    with TestClient(create_app(url, token="")) as c:
        sql = c.get("/api/web/facets?event_type=Battles").json()
        engine = c.app.state.store.engine  # type: ignore[attr-defined]
        assert columnar.ensure(engine) is not None
        assert columnar.current(engine, agg.data_version(engine)) is not None
        fill(store, 3, seed=9, start=30)  # a new version: the cached answer is not reused
        columnar.ensure(engine)
        fresh = c.get("/api/web/facets?event_type=Battles").json()
        with store.reader() as r:
            assert fresh == agg.facets(r.conn, EventQuery(event_type="Battles"), agg.FACETS)
        assert sum(v["n"] for v in fresh["outlet"]["values"]) >= sum(v["n"] for v in sql["outlet"]["values"])
    store.close()


def test_outlet_facet_counts_each_event_once_per_outlet(store: Store) -> None:
    fill(store, 40, seed=21)
    with store.reader() as r:
        pairs = r.conn.execute(
            sa.select(schema.reports.c.event_id, schema.articles.c.outlet)
            .select_from(schema.reports.join(schema.articles, schema.articles.c.id == schema.reports.c.article_id))
            .distinct()
        ).all()
        expected: dict[str, int] = {}
        for _, outlet in pairs:
            expected[outlet] = expected.get(outlet, 0) + 1
        got = agg.facets(r.conn, EventQuery(), ["outlet"])["outlet"]["values"]
        assert {v["value"]: v["n"] for v in got} == expected
        # the filter: "bbc" is BBC, not "bbc news"; case does not matter
        with_bbc = {e for e, o in pairs if o == "BBC"}
        assert {e.event_id for e in r.query_events(EventQuery(outlet="bbc"))} == with_bbc


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_migration_004_fills_the_outlets_of_an_existing_database(dialect: str, request: pytest.FixtureRequest) -> None:
    store = request.getfixturevalue("store" if dialect == "sqlite" else "pg_store")
    url = store.url
    fill(store, 25, seed=4)
    with store.reader() as r:
        before = {row.event_id: row for row in r.conn.execute(sa.select(schema.events))}
        by_outlet = {o: r.count_events(EventQuery(outlet=o)) for o in OUTLETS}
    # the database as it was before migration 004: no outlets column, no counter
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE events DROP COLUMN outlets")
        conn.exec_driver_sql("DROP TABLE store_version")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE name = '004_outlets_column'")
    store.engine.dispose()
    again = Store(url)
    with again.reader() as r:
        after = {row.event_id: row for row in r.conn.execute(sa.select(schema.events))}
        assert set(after) == set(before)
        for eid, row in before.items():
            assert after[eid]._mapping == row._mapping  # every column, outlets refilled as put_event wrote it
        assert {o: r.count_events(EventQuery(outlet=o)) for o in OUTLETS} == by_outlet
        assert r.conn.execute(sa.select(schema.store_version.c.n)).scalar() == 0
    again.close()


def _same_rows(a: columnar.Columns, b: columnar.Columns) -> None:
    """Two copies hold the same rows (their dictionaries may number values differently)."""
    assert a.keys.tolist() == b.keys.tolist()
    for k in a.num:
        assert np.array_equal(a.num[k], b.num[k], equal_nan=a.num[k].dtype.kind == "f"), k
    for col in a.strings:
        sa_, sb = a.strings[col], b.strings[col]
        assert [sa_.values[c] for c in sa_.codes] == [sb.values[c] for c in sb.codes], col
        assert [sa_.lowered[c] for c in sa_.codes] == [sb.lowered[c] for c in sb.codes], col

    def pairs(c: columnar.Columns) -> list[tuple[int, str | None]]:
        return sorted(
            (int(c.keys[r]), c.outlets.values[o]) for r, o in zip(c.outlet_rows, c.outlets.codes, strict=True)
        )

    assert pairs(a) == pairs(b)


def test_a_refreshed_copy_equals_a_rebuilt_one_after_random_writes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(columnar_delta, "_MOST_CHANGED", 1.0)  # a small database: every round is a patch
    rnd = random.Random(23)
    fill(store, 30, seed=12)
    copy = columnar.ensure(store.engine)
    assert copy is not None and copy.mark is not None
    e, n = schema.events, 30
    for round_ in range(8):
        with store.transaction() as tx:  # rewrites of stored rows: new values, new outlets, a lost position
            for _ in range(rnd.randint(0, 6)):
                values: dict[str, Any] = rnd.choice(
                    [
                        {"fatalities": rnd.randint(0, 50)},
                        {"location": rnd.choice(["Avalon", "Zenda", f"Ruritown {round_}"]), "admin1": "ÉIRE"},
                        {"event_type": "Violence against civilians", "sub_event_type": "Attack"},
                        {"outlets": filters.outlets_value([rnd.choice(OUTLETS), f"Wire {round_}"])},
                        {"latitude": None, "longitude": None, "disputed": True},
                    ]
                )
                tx.conn.execute(e.update().where(e.c.event_id == f"E{rnd.randrange(n)}").values(**values))
        with store.transaction() as tx:  # a report joining a stored event: ingest's upsert
            eid = f"E{rnd.randrange(n)}"
            art = Article(id=f"late{round_}", text="Late.", published=DAY0, outlet=rnd.choice(OUTLETS))
            tx.put_article(art, service.content_hash(art))
            tx.put_report(make_report(art.id, DAY0, place=rnd.choice(PLACES), outlet=art.outlet), eid)
            tx.put_event(merge(eid, tx.reports_of(eid)))
        if rnd.random() < 0.7:  # new events
            k = rnd.randint(1, 5)
            fill(store, k, seed=100 + round_, start=n)
            n += k
        version = agg.data_version(store.engine)
        with store.reader() as r:
            fresh = columnar_delta.refreshed(r.conn, copy, version, columnar_delta.mark(r.conn))
            rebuilt = columnar_build.build(r.conn, version)
        assert fresh is not None and fresh.n == n == rebuilt.n
        _same_rows(fresh, rebuilt)
        copy = fresh
    for q in [EventQuery(), *(random_query(rnd) for _ in range(30))]:
        agree(store, q, copy)  # the refreshed copy counts what the database counts
    with store.transaction() as tx:  # a delete: only a rebuild knows which row went
        tx.conn.execute(e.delete().where(e.c.event_id == "E3"))
    with store.reader() as r:
        assert columnar_delta.refreshed(r.conn, copy, "v", columnar_delta.mark(r.conn)) is None
    rebuilt = columnar.ensure(store.engine)
    assert rebuilt is not None and rebuilt.n == n - 1


def test_the_server_refreshes_its_copy_after_an_ingest(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(store, 20, seed=31)
    first = columnar.ensure(store.engine)
    built: list[int] = []
    real_build = columnar_build.build
    monkeypatch.setattr(
        columnar_build, "build", lambda conn, version, **kw: built.append(1) or real_build(conn, version, **kw)
    )
    fill(store, 4, seed=32, start=20)
    second = columnar.ensure(store.engine)
    assert second is not None and second is not first and second.n == 24
    assert built == []  # no full read: only the rows above the copy's highest rowid were read
    with store.reader() as r:
        _same_rows(second, real_build(r.conn, second.version))


def test_a_report_joining_a_stored_event_asks_its_outlets_once(store: Store) -> None:
    fill(store, 3, seed=41)
    statements: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda c, cur, st, *rest: statements.append(st))
    place = PLACES[0]
    art = Article(id="late", text="A late report from Avalon.", published=DAY0, outlet="Late Wire")
    with store.transaction() as tx:  # what ingest does when a report joins E1
        tx.put_article(art, service.content_hash(art))
        report = make_report(art.id, DAY0, place=place, outlet="Late Wire")
        tx.put_report(report, "E1")
        tx.put_event(merge("E1", [*tx.reports_of("E1")]))
        tx.put_event(merge("E2", tx.reports_of("E2")))  # no report just stored for E2: asked
    assert sum("JOIN articles" in s for s in statements) == 2
    with store.reader() as r:
        stored = dict(r.conn.execute(sa.select(schema.events.c.event_id, schema.events.c.outlets)).all())
        rep, a = schema.reports, schema.articles
        joined = r.conn.execute(
            sa.select(rep.c.event_id, a.c.outlet).select_from(rep.join(a, a.c.id == rep.c.article_id))
        ).all()
    for eid in ("E0", "E1", "E2"):
        assert stored[eid] == filters.outlets_value(o for e, o in joined if e == eid)
    assert "Late Wire" in stored["E1"]
