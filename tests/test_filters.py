"""One meaning per filter (store/filters.py): every reader of ``EventQuery`` gives the events a
plain-Python reading of the filter's documented meaning gives, on a random mix of filters.

The reference below reads the stored rows and decides each filter in Python, the outlet through
reports and articles as the filter meant before ``events.outlets`` existed, so it is independent
of the SQL it checks: the store's ``query_events``/``count_events`` (the CLI's and service's
path), ``listing.page``/``count_capped`` (``/api/events``) and ``/api/events`` itself.
"""

from __future__ import annotations

import random
import sys
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from test_columnar import fill, random_query

from frontwatch.api import create_app
from frontwatch.store import EventQuery, Store, filters, listing, schema


def _lower(text: str | None) -> str | None:
    # SQLite's lower() changes ASCII letters only; the filters compare with the database's lower()
    return None if text is None else "".join(c.lower() if c.isascii() else c for c in text)


def reference(rows: list[Any], outlets: dict[str, set[str]], q: EventQuery) -> list[str]:
    """The ids of the rows ``q`` matches, decided in Python, oldest first (the listing's order)."""

    def ok(r: Any) -> bool:
        if q.date_from and r.event_date < q.date_from.isoformat():
            return False
        if q.date_to and r.event_date > q.date_to.isoformat():
            return False
        if q.bbox:
            x0, y0, x1, y1 = q.bbox
            if r.longitude is None or r.latitude is None or not (x0 <= r.longitude <= x1 and y0 <= r.latitude <= y1):
                return False
        if q.country and q.country.lower() not in (_lower(r.country_code), _lower(r.country)):
            return False
        if q.admin1 and _lower(r.admin1) != q.admin1.lower():
            return False
        if q.place and _lower(r.location) != q.place.lower():
            return False
        if q.geonameid is not None and r.geonameid != q.geonameid:
            return False
        if q.event_type and r.event_type != q.event_type:
            return False
        if q.sub_event_type and r.sub_event_type != q.sub_event_type:
            return False
        if q.actor and not any(q.actor.lower() in (_lower(a) or "") for a in (r.actor1, r.actor2)):
            return False
        if q.text and q.text.lower() not in (r.search_text or ""):
            return False
        if q.min_fatalities is not None and r.fatalities < q.min_fatalities:
            return False
        if q.disputed is not None and bool(r.disputed) != q.disputed:
            return False
        return not (q.outlet and q.outlet.lower() not in {_lower(o) for o in outlets.get(r.event_id, set())})

    return [r.event_id for r in sorted(rows, key=lambda r: (r.event_date, r.event_id)) if ok(r)]


def _api_params(q: EventQuery) -> dict[str, Any]:
    out: dict[str, Any] = {"limit": 1000}
    for name, value in vars(q).items():
        if value is None or name in ("limit", "offset"):
            continue
        key = {"text": "q"}.get(name, name)
        if name == "bbox":
            value = ",".join(str(v) for v in value)
        elif name in ("date_from", "date_to"):
            value = value.isoformat()
        elif name == "disputed":
            value = "true" if value else "false"
        out[key] = value
    return out


def test_every_reader_of_a_filter_agrees_with_its_meaning(db_url: str) -> None:
    store = Store(db_url)
    fill(store, 70, seed=3)
    with store.reader() as r:
        rows = list(r.conn.execute(sa.select(schema.events)))
        rep, art = schema.reports, schema.articles
        outlets: dict[str, set[str]] = {}
        for eid, outlet in r.conn.execute(
            sa.select(rep.c.event_id, art.c.outlet).select_from(rep.join(art, art.c.id == rep.c.article_id))
        ):
            outlets.setdefault(eid, set()).add(outlet)
    rnd = random.Random(17)
    queries = [EventQuery(), *(random_query(rnd) for _ in range(80))]
    with TestClient(create_app(db_url, token="")) as client:
        for q in queries:
            want = reference(rows, outlets, q)
            with store.reader() as r:
                assert [e.event_id for e in r.query_events(q)] == want, q
                assert r.count_events(q) == len(want), q
                assert [e.event_id for e in listing.page(r.conn, q)] == want, q
                assert listing.count_capped(r.conn, q) == (len(want), True), q
            if q.geonameid is None:  # not a parameter of /api/events
                body = client.get("/api/events", params=_api_params(q)).json()
                assert [e["event_id"] for e in body["events"]] == want, q
    store.close()


@pytest.mark.parametrize("common", [filters.COMMON_TEXT, 2])
def test_every_reader_agrees_on_postgresql_whether_a_text_is_rare_or_common(
    pg_db_url: str, common: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a rare text is read through its matching ids (the GIN index first), a common one row by row
    # in page order: both must mean the same (COMMON_TEXT=2 makes every text common)
    monkeypatch.setattr(filters, "COMMON_TEXT", common)
    # PostgreSQL's lower() folds every letter ("ÉCHO" -> "écho"), SQLite's only ASCII ones
    monkeypatch.setattr(sys.modules[__name__], "_lower", lambda text: None if text is None else text.lower())
    test_every_reader_of_a_filter_agrees_with_its_meaning(pg_db_url)


@pytest.mark.parametrize(("common", "rare_trigram"), [(filters.COMMON_TEXT, filters.RARE_TRIGRAM), (2, 0), (5000, 0)])
def test_every_reader_agrees_on_sqlite_whichever_way_the_index_is_asked(
    db_url: str, common: int, rare_trigram: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rare trigrams' rows tested one by one, or the whole phrase asked (RARE_TRIGRAM=0: no trigram
    # is rare), and the page read from the matching ids or in page order (COMMON_TEXT=2)
    monkeypatch.setattr(filters, "COMMON_TEXT", common)
    monkeypatch.setattr(filters, "RARE_TRIGRAM", rare_trigram)
    test_every_reader_of_a_filter_agrees_with_its_meaning(db_url)


@pytest.mark.parametrize("rare_trigram", [filters.RARE_TRIGRAM, 3, 0])
def test_the_text_index_finds_every_row_containing_the_text(
    store: Store, rare_trigram: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filters, "RARE_TRIGRAM", rare_trigram)
    monkeypatch.setattr(filters, "PROBED_TRIGRAMS", 4)  # long texts probe a spread of their trigrams
    fill(store, 40, seed=9)
    texts = ["avalon", "brill", "ruritania", "report", "écho", "rep", "north avalon", "aaa", 'a"b', "zzz"]
    for start in (None, 40):  # again after more rows: the probes kept from the first round are stale
        if start:
            fill(store, 40, seed=10, start=start)
        with store.reader() as r:
            rows = list(r.conn.execute(sa.select(sa.literal_column("rowid"), schema.events.c.search_text)))
            long = [rows[0].search_text[2:30], rows[5].search_text]  # more trigrams than are probed
            for text in texts + long:
                want = sorted(rowid for rowid, search in rows if text in (search or ""))
                assert sorted(filters.fts_rowids(r.conn, text)) == want, text
                if len(want) > 2:
                    assert len(filters.fts_rowids(r.conn, text, 2)) == 2


def test_one_reading_connection_asks_the_text_index_once(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(store, 30, seed=5)
    asked: list[str] = []
    ask = filters.fts_rowids
    monkeypatch.setattr(
        filters, "fts_rowids", lambda conn, text, limit=None: asked.append(text) or ask(conn, text, limit)
    )
    q = EventQuery(text="avalon", event_type="Battles", limit=10)
    with store.reader() as r:  # what /api/events does: the capped count, then the page
        listing.count_capped(r.conn, q)
        listing.page(r.conn, q)
    assert len(asked) == 1
    with store.reader() as r:  # a new connection asks again: rows may have changed in between
        listing.page(r.conn, q)
    assert len(asked) == 2
    with store.reader() as r:  # a text alone: its capped count is the length of that one answer
        q = EventQuery(text="avalon", limit=10)
        assert listing.count_capped(r.conn, q) == (r.count_events(q), True)
        assert [e.event_id for e in listing.page(r.conn, q)] == [e.event_id for e in r.query_events(q)]
    assert len(asked) == 3
