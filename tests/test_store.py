"""The store: migrations, one transaction per article, queries, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest
from builders import make_place, make_report

from frontwatch.cluster import merge
from frontwatch.errors import StorageError
from frontwatch.model import Article, ControlChange
from frontwatch.store import EventQuery, Store


def test_migrations_apply_once(db_url):
    Store(db_url).close()
    s = Store(db_url)  # second open finds them applied
    with s.reader() as r:
        assert r.list_articles() == []
    s.close()


def test_event_round_trip_with_reports_and_claims(store):
    art = Article(id="a1", text="x" * 20, published=date(2015, 9, 28), outlet="Demo Wire")
    report = make_report("a1", date(2015, 9, 28))
    event = merge("AF-1", [report])
    with store.transaction() as tx:
        tx.put_article(art, "h1")
        tx.put_report(report, "AF-1")
        tx.put_event(event)
    with store.reader() as r:
        got = r.get_event("AF-1", with_reports=True)
        assert got is not None
        assert got.event_date == date(2015, 9, 28)
        assert got.place == event.place
        assert [x.report_id for x in got.reports] == ["a1#0"]
        assert r.get_article("a1").published == date(2015, 9, 28)


def test_a_failed_transaction_leaves_nothing_behind(store):
    art = Article(id="a1", text="some text", published=date(2020, 1, 1))
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.put_article(art, "h")
        raise RuntimeError("stage crashed after the article row")
    with store.reader() as r:
        assert r.list_articles() == []


def test_duplicates_found_by_id_and_by_content(store):
    with store.transaction() as tx:
        tx.put_article(Article(id="a1", text="t"), "hash-1")
    with store.reader() as r:
        assert r.article_exists("a1", "other") == "id"
        assert r.article_exists("a2", "hash-1") == "content"
        assert r.article_exists("a3", "hash-3") is None


def test_queries_filter_and_page(store):
    kabul = make_place("Kabul", 1138958, admin1="Kabul")
    with store.transaction() as tx:
        for i, (day, place, sub) in enumerate(
            [
                (date(2015, 9, 28), None, "Armed clash"),
                (date(2016, 10, 3), None, "Armed clash"),
                (date(2016, 10, 4), kabul, "Suicide bomb"),
            ]
        ):
            r = make_report(f"a{i}", day, place=place, sub=sub)
            tx.put_event(merge(f"E{i}", [r]))
    with store.reader() as r:
        assert len(r.query_events()) == 3
        assert [e.event_id for e in r.query_events(EventQuery(date_from=date(2016, 1, 1)))] == ["E1", "E2"]
        assert [e.event_id for e in r.query_events(EventQuery(event_type="Explosions/Remote violence"))] == ["E2"]
        assert [e.event_id for e in r.query_events(EventQuery(place="kabul"))] == ["E2"]
        assert [e.event_id for e in r.query_events(EventQuery(limit=1, offset=1))] == ["E1"]
        assert r.count_events(EventQuery(limit=1)) == 3
        assert r.query_events(EventQuery(actor="taliban", country="AF"))


def test_control_rows_replace_per_place(store):
    p = make_place()
    rows = [
        ControlChange(place=p, day=date(2015, 9, 28), status="Taliban"),
        ControlChange(place=p, day=date(2015, 10, 1), status="government"),
    ]
    with store.transaction() as tx:
        tx.replace_control(p.geonameid, rows)
        tx.replace_control(p.geonameid, rows)
    with store.reader() as r:
        assert [c.status for c in r.control(place="kunduz")] == ["Taliban", "government"]


def test_unreachable_database_is_one_line_error(tmp_path):
    with pytest.raises(StorageError) as e:
        Store(f"sqlite:///{tmp_path}/no/such/dir/x.db")
    assert "\n" not in str(e.value)


@pytest.mark.postgres
def test_same_code_path_on_postgresql(postgres_url):
    s = Store(postgres_url)
    try:
        report = make_report("pg1", date(2016, 10, 3))
        with s.transaction() as tx:
            tx.put_article(Article(id="pg1", text="t", published=date(2016, 10, 3)), "h")
            tx.put_report(report, "E-pg")
            tx.put_event(merge("E-pg", [report]))
        with s.reader() as r:
            assert [e.event_id for e in r.query_events(EventQuery(actor="taliban"))] == ["E-pg"]
            cands = r.candidate_events(
                geonameid=report.place.geonameid, admin1=None, country_code="AF", day=date(2016, 10, 4), window_days=2
            )
            assert [e.event_id for e in cands] == ["E-pg"]
    finally:
        s.close()


def test_opening_waits_out_a_locked_database(tmp_path, monkeypatch):
    """A writer opening a new file while another migrates it retries "database is locked" past the busy
    timeout (on a busy machine), as Store.write does, instead of failing to open."""
    import sqlalchemy as sa

    import frontwatch.store as store_module
    from frontwatch.store.migrations import migrate as real_migrate

    calls = []

    def locked_once(engine):
        calls.append(1)
        if len(calls) == 1:
            raise sa.exc.OperationalError("PRAGMA", {}, Exception("database is locked"))
        return real_migrate(engine)

    monkeypatch.setattr(store_module, "migrate", locked_once)
    s = store_module.Store(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        assert len(calls) == 2
    finally:
        s.close()
