"""Listing at scale (issue 15): the search structures of migration 002 and the queries that use them.

Each filter answered through an index must give the same events as the plain column test it
replaces, on SQLite and on PostgreSQL, including after events are rewritten or deleted.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from builders import make_place, make_report

from frontwatch.api import exports
from frontwatch.cluster import merge
from frontwatch.model import Event
from frontwatch.store import EventQuery, Store, listing, migrations, schema

KYIV = dataclasses.replace(make_place("Kyiv", 703448, admin1="Kyiv City", cc="UA"), lat=50.45, lon=30.52)
KHARKIV = dataclasses.replace(make_place("Kharkiv", 706483, admin1="Kharkiv Oblast", cc="UA"), lat=49.99, lon=36.23)


def _events() -> list[Event]:
    out = []
    for i, (day, place, sub) in enumerate(
        [
            (date(2022, 3, 1), KYIV, "Armed clash"),
            (date(2022, 3, 2), KHARKIV, "Shelling/artillery/missile attack"),
            (date(2022, 4, 9), KHARKIV, "Air/drone strike"),
            (date(2023, 1, 5), make_place(), "Armed clash"),
        ]
    ):
        e = merge(f"E{i}", [make_report(f"a{i}", day, place=place, sub=sub)])
        out.append(e)
    return out


def _fill(store: Store) -> None:
    with store.transaction() as tx:
        for e in _events():
            tx.put_event(e)


def _ids(store: Store, q: EventQuery) -> list[str]:
    with store.reader() as r:
        return [e.event_id for e in listing.page(r.conn, q)]


def _plain_ids(store: Store, q: EventQuery) -> list[str]:
    """The store's own (index-free) filters: what every indexed answer must equal."""
    with store.reader() as r:
        return [e.event_id for e in r.query_events(q)]


QUERIES = [
    EventQuery(),
    EventQuery(text="kharkiv"),
    EventQuery(text="KHARK"),  # case-insensitive substring, as LIKE was
    EventQuery(text="iv o"),  # across a word boundary
    EventQuery(text="ky"),  # under three characters: no trigram, still answered
    EventQuery(text="nowhere-at-all"),
    EventQuery(bbox=(30.0, 49.0, 37.0, 51.0)),
    EventQuery(bbox=(30.0, 49.0, 37.0, 51.0), date_from=date(2022, 3, 2), date_to=date(2022, 4, 9)),
    EventQuery(bbox=(36.23, 49.99, 36.23, 49.99)),  # a box that is exactly the point
    EventQuery(event_type="Battles"),
    EventQuery(event_type="Explosions/Remote violence", date_from=date(2022, 4, 1)),
    EventQuery(limit=2, offset=1),
]


@pytest.mark.parametrize("q", QUERIES, ids=range(len(QUERIES)))
def test_indexed_filters_equal_the_plain_ones_on_sqlite(store, q):
    _fill(store)
    assert _ids(store, q) == _plain_ids(store, q)


def test_the_search_structures_follow_rewrites_and_deletes(store):
    _fill(store)
    moved = merge("E0", [make_report("a0", date(2022, 3, 1), place=KHARKIV)])
    with store.transaction() as tx:
        tx.put_event(moved)  # the store deletes and re-inserts the row: the triggers follow
        tx.conn.execute(schema.events.update().where(schema.events.c.event_id == "E3").values(search_text="renamed"))
        tx.conn.execute(schema.events.delete().where(schema.events.c.event_id == "E2"))
    assert _ids(store, EventQuery(text="kyiv")) == []
    assert _ids(store, EventQuery(text="kharkiv")) == ["E0", "E1"]
    assert _ids(store, EventQuery(text="renamed")) == ["E3"]
    assert _ids(store, EventQuery(bbox=(30.0, 49.0, 31.0, 51.0))) == []
    assert _ids(store, EventQuery(bbox=(36.0, 49.0, 37.0, 51.0))) == ["E0", "E1"]


def test_like_wildcards_in_a_search_are_literal(store):
    _fill(store)
    assert _ids(store, EventQuery(text="%")) == []
    assert _ids(store, EventQuery(text="k_arkiv")) == []
    assert _ids(store, EventQuery(actor="%")) == []


def test_an_existing_database_is_upgraded_and_its_rows_indexed(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    # a database as it was before migration 002: only the first migration known
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    old = Store(url)
    _fill(old)
    with old.reader() as r:
        assert not r.conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'events_fts'").first()
    old.close()
    monkeypatch.undo()
    new = Store(url)
    try:
        assert _ids(new, EventQuery(text="kharkiv")) == ["E1", "E2"]
        assert _ids(new, EventQuery(bbox=(36.0, 49.0, 37.0, 51.0), date_to=date(2022, 3, 31))) == ["E1"]
    finally:
        new.close()


def test_counts_stop_at_the_cap(store):
    _fill(store)
    with store.reader() as r:
        assert listing.count_capped(r.conn, EventQuery(), cap=10) == (4, True)
        assert listing.count_capped(r.conn, EventQuery(), cap=3) == (3, False)
        assert listing.count_capped(r.conn, EventQuery(text="kharkiv", limit=1), cap=3) == (2, True)


def test_stream_reads_every_event_in_page_order(store, monkeypatch):
    _fill(store)
    monkeypatch.setattr(listing, "STREAM_BATCH", 1)
    with store.reader() as r:
        assert [e.event_id for e in listing.stream(r.conn, EventQuery())] == ["E0", "E1", "E2", "E3"]


def test_exports_come_in_chunks_and_read_back(monkeypatch):
    import csv
    import json

    import pyarrow.parquet as pq

    monkeypatch.setattr(exports, "CHUNK_EVENTS", 2)
    events = _events()
    parts = list(exports.parquet_chunks(iter(events)))
    assert len([p for p in parts if p]) >= 2  # row groups leave as they are written
    table = pq.read_table(io.BytesIO(b"".join(parts)))
    assert table.column("event_id").to_pylist() == ["E0", "E1", "E2", "E3"]
    assert pq.ParquetFile(io.BytesIO(b"".join(parts))).num_row_groups == 2
    empty = pq.read_table(io.BytesIO(b"".join(exports.parquet_chunks(iter([])))))
    assert empty.num_rows == 0 and "event_id" in empty.column_names
    geo = json.loads("".join(exports.geojson_chunks(iter(events))))
    assert [f["id"] for f in geo["features"]] == ["E0", "E1", "E2", "E3"]
    assert json.loads("".join(exports.geojson_chunks(iter([])))) == {"type": "FeatureCollection", "features": []}
    rows = list(csv.reader(io.StringIO("".join(exports.csv_chunks(iter(events))))))
    assert len(rows) == 5 and rows[0][0] == "event_id_cnty"


def test_postgresql_has_the_indexes_and_gives_the_same_answers(pg_store, store):
    _fill(pg_store)
    _fill(store)
    with pg_store.reader() as r:
        names = {row[0] for row in r.conn.exec_driver_sql("SELECT indexname FROM pg_indexes WHERE tablename='events'")}
    assert {schema.PG_POINT_INDEX, "ix_events_date_id", "ix_events_type_date_id"} <= names
    assert schema.PG_TRGM_INDEX not in names  # moved to the side table (migration 007)
    for q in QUERIES:
        assert _ids(pg_store, q) == _ids(store, q), q
    with pg_store.reader() as r:
        assert listing.count_capped(r.conn, EventQuery(text="kharkiv"), cap=1) == (1, False)
        # a server-side cursor, read in batches
        assert [e.event_id for e in listing.stream(r.conn, EventQuery(bbox=(30.0, 49.0, 37.0, 51.0)))] == [
            "E0",
            "E1",
            "E2",
        ]


def test_postgresql_keeps_the_narrow_search_table_in_step(pg_store, pg_db_url):
    _fill(pg_store)

    def side() -> dict[str, str]:
        with pg_store.reader() as r:
            rows = r.conn.exec_driver_sql(f"SELECT event_id, search_text FROM {schema.PG_SEARCH_TABLE}")
            return {row[0]: row[1] for row in rows}

    def found(text: str) -> list[str]:
        return _ids(pg_store, EventQuery(text=text))

    assert set(side()) == {"E0", "E1", "E2", "E3"} and found("kharkiv") == ["E1", "E2"]
    with pg_store.transaction() as tx:  # a rewritten event, an event renamed, an event deleted
        tx.conn.exec_driver_sql("UPDATE events SET search_text = 'velmi 201 armed clash' WHERE event_id = 'E1'")
        tx.conn.exec_driver_sql("UPDATE events SET event_id = 'E9' WHERE event_id = 'E3'")
        tx.conn.exec_driver_sql("DELETE FROM events WHERE event_id = 'E0'")
    assert set(side()) == {"E1", "E2", "E9"} and side()["E1"] == "velmi 201 armed clash"
    assert found("kharkiv") == ["E2"] and found("velmi 201") == ["E1"]
    # an older database: the events stored before migration 007 are copied into the side table
    with pg_store.transaction() as tx:
        tx.conn.exec_driver_sql(f"DROP TABLE {schema.PG_SEARCH_TABLE} CASCADE")
        tx.conn.exec_driver_sql("DROP TRIGGER events_search_sync ON events")
        tx.conn.exec_driver_sql("DELETE FROM schema_migrations WHERE name = '007_pg_search_table'")
    upgraded = Store(pg_db_url)
    try:
        with upgraded.reader() as r:
            n = r.conn.exec_driver_sql(f"SELECT count(*) FROM {schema.PG_SEARCH_TABLE}").scalar()
        assert n == 3 and _ids(upgraded, EventQuery(text="velmi 201")) == ["E1"]
    finally:
        upgraded.close()


def test_the_api_lists_lean_rows_with_a_capped_total(db_url, monkeypatch):
    from fastapi.testclient import TestClient

    from frontwatch.api import create_app

    s = Store(db_url)
    _fill(s)
    s.close()
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    with TestClient(create_app(db_url)) as client:
        body = client.get("/api/events", params={"limit": 2}).json()
        assert (body["total"], body["total_exact"], body["total_cap"]) == (3, False, 3)
        row = body["events"][0]
        assert "claims" not in row and "evidence" not in row and row["disputed"] is False
        assert "claims" in client.get(f"/api/events/{row['event_id']}").json()  # the detail keeps them
        assert client.get("/api/events", params={"q": "kharkiv"}).json()["total_exact"] is True
        resp = client.get("/api/export.csv", params={"q": "kharkiv"})
        assert resp.status_code == 200 and resp.text.count("\n") == 3


def test_a_list_row_is_the_event_row_without_its_provenance():
    from frontwatch import export

    detail = ("article_ids", "claims", "conflicts", "evidence", "merge_reasons")
    for e in _events():
        full, lean = export.event_row(e), export.event_list_row(e)
        assert lean == {k: v for k, v in full.items() if k not in detail}
        assert list(full) == [*lean, *detail]  # the detail's keys come last, as before


def test_the_server_freezes_what_start_up_made_and_unfreezes_it_at_shutdown(db_url):
    import gc

    from fastapi.testclient import TestClient

    from frontwatch.api import create_app

    Store(db_url).close()
    with TestClient(create_app(db_url)) as client:
        # the imported modules are out of the full collections' way while the server runs
        assert gc.get_freeze_count() > 10_000
        assert client.get("/api/events").status_code == 200
    assert gc.get_freeze_count() == 0


def test_the_query_bench_writes_through_store_transactions(pg_db_url):
    # bench/query.py's bulk rows go through Store.transaction, so PostgreSQL's change counter (what
    # the web caches and the in-memory columns key on) counts every batch
    import importlib.util
    from pathlib import Path

    from frontwatch.store.aggregate import data_version

    path = Path(__file__).resolve().parent.parent / "bench" / "query.py"
    spec = importlib.util.spec_from_file_location("bench_query", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.bulk_write(pg_db_url, 12, batch=5)
    store = Store(pg_db_url)
    try:
        assert data_version(store.engine) == "pg:3"
        with store.reader() as r:
            assert r.count_events(EventQuery()) == 12
    finally:
        store.close()
