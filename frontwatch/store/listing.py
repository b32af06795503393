"""Listing events at scale: one page, a capped count, a streamed export.

The same ``EventQuery`` filters as ``StoreSession.query_events``, but each filter is written
for the index that answers it (``schema.py``, migration 002):

- text: SQLite's FTS5 trigram index, PostgreSQL's ``pg_trgm`` GIN index (both substring
  matches, like the ``LIKE '%...%'`` they replace);
- bbox (and dates with it, on SQLite): the R*Tree of (longitude, latitude, day); PostgreSQL's
  GiST index on the event's point;
- the page order and the type filter: the composite indexes (date, id) and (type, date, id).

A count stops at ``COUNT_CAP``: counting every match of a broad filter over a million events
costs more than the page itself, and a reader needs "more than 10,000", not the exact figure.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from frontwatch.model import Event
from frontwatch.store import EventQuery, schema
from frontwatch.store import serialize as ser

__all__ = ["COUNT_CAP", "count_capped", "page", "stream"]

COUNT_CAP = 10_000
# rows fetched per round trip while streaming (PostgreSQL: a server-side cursor)
STREAM_BATCH = 500
_DAY0 = 719163  # date(1970, 1, 1).toordinal(): the R*Tree's day axis starts there

_features: weakref.WeakKeyDictionary[sa.Engine, frozenset[str]] = weakref.WeakKeyDictionary()


def _available(conn: sa.Connection) -> frozenset[str]:
    """The search structures this database has (looked up once per engine).

    A database whose SQLite lacks FTS5 or R*Tree, or whose PostgreSQL refused pg_trgm, still
    answers every filter, only without that index.
    """
    engine = conn.engine
    found = _features.get(engine)
    if found is None:
        if conn.dialect.name == "sqlite":
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        elif conn.dialect.name == "postgresql":
            names = {r[0] for r in conn.exec_driver_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'events'")}
        else:
            names = set()
        wanted = {schema.SQLITE_FTS, schema.SQLITE_RTREE, schema.PG_TRGM_INDEX, schema.PG_POINT_INDEX}
        found = frozenset(names & wanted)
        _features[engine] = found
    return found


def _like_pattern(text: str) -> str:
    """``%text%`` with LIKE's wildcards in the user's text taken literally (escape character '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(text: str) -> str:
    """An FTS5 string literal: with the trigram tokenizer a quoted phrase is a substring match."""
    return '"' + text.replace('"', '""') + '"'


def _where(conn: sa.Connection, q: EventQuery) -> list[Any]:
    t = schema.events
    have = _available(conn)
    sqlite = conn.dialect.name == "sqlite"
    out: list[Any] = []
    if q.date_from:
        out.append(t.c.event_date >= q.date_from.isoformat())
    if q.date_to:
        out.append(t.c.event_date <= q.date_to.isoformat())
    if q.bbox:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        # the exact test always; the index below only narrows the rows it runs on (the R*Tree
        # keeps 32-bit floats, rounded outwards, so it may return a few rows too many, never too few)
        out += [t.c.longitude >= min_lon, t.c.longitude <= max_lon, t.c.latitude >= min_lat, t.c.latitude <= max_lat]
        if sqlite and schema.SQLITE_RTREE in have:
            out.append(sa.literal_column("events.rowid").in_(_rtree_ids(q)))
        elif not sqlite and schema.PG_POINT_INDEX in have:
            point = sa.func.point(t.c.longitude, t.c.latitude)
            box = sa.func.box(sa.func.point(min_lon, min_lat), sa.func.point(max_lon, max_lat))
            out.append(point.op("<@")(box))
    if q.country:
        c = q.country.lower()
        out.append(sa.or_(sa.func.lower(t.c.country_code) == c, sa.func.lower(t.c.country) == c))
    if q.admin1:
        out.append(sa.func.lower(t.c.admin1) == q.admin1.lower())
    if q.place:
        out.append(sa.func.lower(t.c.location) == q.place.lower())
    if q.geonameid is not None:
        out.append(t.c.geonameid == q.geonameid)
    if q.event_type:
        out.append(t.c.event_type == q.event_type)
    if q.sub_event_type:
        out.append(t.c.sub_event_type == q.sub_event_type)
    if q.actor:
        a = _like_pattern(q.actor.lower())
        out.append(
            sa.or_(sa.func.lower(t.c.actor1).like(a, escape="\\"), sa.func.lower(t.c.actor2).like(a, escape="\\"))
        )
    if q.text:
        out.append(_text_filter(conn, q.text.lower(), sqlite=sqlite, have=have))
    if q.min_fatalities is not None:
        out.append(t.c.fatalities >= q.min_fatalities)
    if q.disputed is not None:
        out.append(t.c.disputed == q.disputed)
    if q.outlet:
        reps, arts = schema.reports, schema.articles
        by_outlet = sa.select(reps.c.event_id).join(arts, arts.c.id == reps.c.article_id)
        out.append(t.c.event_id.in_(by_outlet.where(sa.func.lower(arts.c.outlet) == q.outlet.lower())))
    return out


def _rtree_ids(q: EventQuery) -> Any:
    assert q.bbox is not None
    min_lon, min_lat, max_lon, max_lat = q.bbox
    cols = ("id", "min_lon", "max_lon", "min_lat", "max_lat", "min_day", "max_day")
    g = sa.table(schema.SQLITE_RTREE, *(sa.column(c) for c in cols))
    # overlap, not containment: the stored box is the point rounded outwards to 32-bit floats,
    # so it overlaps the query box whenever the point lies in it (the exact test does the rest)
    sel = sa.select(g.c.id).where(
        g.c.max_lon >= min_lon, g.c.min_lon <= max_lon, g.c.max_lat >= min_lat, g.c.min_lat <= max_lat
    )
    # the day axis too: a box and a month is one R*Tree search, not a box search then a date check
    if q.date_from:
        sel = sel.where(g.c.max_day >= q.date_from.toordinal() - _DAY0)
    if q.date_to:
        sel = sel.where(g.c.min_day <= q.date_to.toordinal() - _DAY0)
    return sel


# above this many matches a text is "common": reading the page in date order and testing each row
# finds a hundred matches sooner than fetching and sorting every match the index gives
COMMON_TEXT = 5000


def _fts_match(text: str) -> Any:
    fts = sa.table(schema.SQLITE_FTS, sa.column("rowid"))
    return sa.select(fts.c.rowid).where(sa.literal_column(schema.SQLITE_FTS).op("MATCH")(_fts_phrase(text)))


def _fts_count(conn: sa.Connection, text: str, cap: int) -> int:
    """Matches of ``text`` in the FTS index alone, counting stops after ``cap``."""
    inner = _fts_match(text).limit(cap + 1).subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(inner)).scalar_one())


def _uses_fts(text: str, *, sqlite: bool, have: frozenset[str]) -> bool:
    # trigrams need three characters; a shorter text is a plain scan either way
    return sqlite and schema.SQLITE_FTS in have and len(text) >= 3


def _text_filter(conn: sa.Connection, text: str, *, sqlite: bool, have: frozenset[str]) -> Any:
    t = schema.events
    if _uses_fts(text, sqlite=sqlite, have=have):
        rowids = [r[0] for r in conn.execute(_fts_match(text).limit(COMMON_TEXT + 1))]
        if len(rowids) <= COMMON_TEXT:
            # few matches: the index found them all, the page reads just those rows and sorts them
            return sa.literal_column("events.rowid").in_(rowids)
    # PostgreSQL: the pg_trgm GIN index serves LIKE '%...%' itself (the planner picks it or the
    # date order from its statistics); SQLite with a common text: the page order's index, each
    # row tested (the same substring match the trigram index answers)
    return t.c.search_text.like(_like_pattern(text), escape="\\")


def _select(conn: sa.Connection, columns: list[Any], q: EventQuery) -> Any:
    t = schema.events
    return sa.select(*columns).select_from(t).where(*_where(conn, q))


def page(conn: sa.Connection, q: EventQuery) -> list[Event]:
    """One page of matching events, oldest first (``q.limit`` and ``q.offset``)."""
    t = schema.events
    sel = _select(conn, [t.c.payload], q).order_by(t.c.event_date, t.c.event_id)
    if q.limit is not None:
        sel = sel.limit(q.limit)
    if q.offset:
        sel = sel.offset(q.offset)
    return [ser.event_from(json.loads(r.payload)) for r in conn.execute(sel)]


def count_capped(conn: sa.Connection, q: EventQuery, cap: int | None = None) -> tuple[int, bool]:
    """(matches, exact): the number of matching events, or ``cap`` (default ``COUNT_CAP``) and
    False when there are more."""
    cap = COUNT_CAP if cap is None else cap
    have = _available(conn)
    only_text = q.text and EventQuery(text=q.text, limit=q.limit, offset=q.offset) == q
    if only_text and q.text and _uses_fts(q.text.lower(), sqlite=conn.dialect.name == "sqlite", have=have):
        n = _fts_count(conn, q.text.lower(), cap)  # the index alone knows how many: no row is read
        return (n, True) if n <= cap else (cap, False)
    inner = _select(conn, [sa.literal_column("1").label("one")], q).limit(cap + 1).subquery()
    n = int(conn.execute(sa.select(sa.func.count()).select_from(inner)).scalar_one())
    return (n, True) if n <= cap else (cap, False)


def stream(conn: sa.Connection, q: EventQuery) -> Iterator[Event]:
    """Every matching event, oldest first, decoded one batch at a time (never all in memory)."""
    t = schema.events
    sel = _select(conn, [t.c.payload], q).order_by(t.c.event_date, t.c.event_id)
    if q.limit is not None:
        sel = sel.limit(q.limit)
    if q.offset:
        sel = sel.offset(q.offset)
    result = conn.execution_options(stream_results=True, yield_per=STREAM_BATCH).execute(sel)
    try:
        for row in result:
            yield ser.event_from(json.loads(row.payload))
    finally:
        result.close()
