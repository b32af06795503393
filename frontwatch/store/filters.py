"""What each ``EventQuery`` filter means: one table, read by the SQL filter and the in-memory one.

``TESTS`` says, for every filter field, which ``events`` columns it tests and how (equal,
equal ignoring case, at least, at most, contains ignoring case, one of a list equal ignoring
case). ``where`` turns it into SQL, with each test written for the index that answers it
(``schema.py``, migration 002):

- text: SQLite's FTS5 trigram index, PostgreSQL's ``pg_trgm`` GIN index (both substring
  matches, like the ``LIKE '%...%'`` they replace);
- bbox (and dates with it, on SQLite): the R*Tree of (longitude, latitude, day); PostgreSQL's
  GiST index on the event's point;
- outlet: the ``outlets`` column (migration 004), no join through reports and articles.

``frontwatch.store.columnar`` reads the same table to test its arrays, so a filter means the
same on every path (``tests/test_columnar.py`` checks that they agree).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from frontwatch.store import schema

__all__ = ["OUTLET_SEP", "TESTS", "Test", "active", "outlets_value", "where"]

# between the names in ``events.outlets`` and around them: "\x1fBBC\x1fTASS\x1f". A control
# character no outlet name carries, so a whole name is matched by LIKE '%\x1fname\x1f%'
OUTLET_SEP = "\x1f"


@dataclass(frozen=True)
class Test:
    """How one filter field tests a row: ``op`` on any of ``columns`` (a row passes if one does).

    ops: ``eq`` equal; ``ieq`` equal after the database's ``lower()`` of both; ``ge`` / ``le``;
    ``icontains`` the lowered text contains the lowered value; ``member`` the value (ignoring
    case) is one of the names in an ``OUTLET_SEP`` list; ``box`` (min_lon, min_lat, max_lon,
    max_lat) on longitude and latitude, edges included.
    """

    op: str
    columns: tuple[str, ...]


TESTS: dict[str, Test] = {
    "date_from": Test("ge", ("event_date",)),
    "date_to": Test("le", ("event_date",)),
    "bbox": Test("box", ("longitude", "latitude")),
    "country": Test("ieq", ("country_code", "country")),
    "admin1": Test("ieq", ("admin1",)),
    "place": Test("ieq", ("location",)),
    "geonameid": Test("eq", ("geonameid",)),
    "event_type": Test("eq", ("event_type",)),
    "sub_event_type": Test("eq", ("sub_event_type",)),
    "actor": Test("icontains", ("actor1", "actor2")),
    "text": Test("icontains", ("search_text",)),
    "min_fatalities": Test("ge", ("fatalities",)),
    "disputed": Test("eq", ("disputed",)),
    "outlet": Test("member", ("outlets",)),
}


def active(q: Any) -> dict[str, Any]:
    """The filter fields ``q`` sets, with their values (None and "" set nothing; 0 and False do)."""
    out = {}
    for name in TESTS:
        value = getattr(q, name)
        if value is None or value == "" or value == ():
            continue
        out[name] = value
    return out


def outlets_value(names: Any) -> str | None:
    """The ``events.outlets`` text for these outlet names (sorted, each once), None for none."""
    kept = sorted({n for n in names if n})
    return OUTLET_SEP + OUTLET_SEP.join(kept) + OUTLET_SEP if kept else None


# --- SQL ----------------------------------------------------------------------------------------
_DAY0 = 719163  # date(1970, 1, 1).toordinal(): the R*Tree's day axis starts there

_features: weakref.WeakKeyDictionary[sa.Engine, frozenset[str]] = weakref.WeakKeyDictionary()


def available(conn: sa.Connection) -> frozenset[str]:
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


def like_pattern(text: str) -> str:
    """``%text%`` with LIKE's wildcards in the user's text taken literally (escape character '\\')."""
    return f"%{like_escape(text)}%"


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sql_value(name: str, value: Any) -> Any:
    if name in ("date_from", "date_to"):
        return value.isoformat()
    return value


def where(conn: sa.Connection, q: Any, *, skip: frozenset[str] = frozenset()) -> list[Any]:
    """The SQL conditions of ``q``'s filters (all must hold), each using its index where there is one.

    ``skip`` leaves fields out (the in-memory path asks the database only for what it cannot test).
    """
    t = schema.events
    have = available(conn)
    sqlite = conn.dialect.name == "sqlite"
    out: list[Any] = []
    for name, value in active(q).items():
        if name in skip:
            continue
        test = TESTS[name]
        cols = [t.c[c] for c in test.columns]
        v = _sql_value(name, value)
        if test.op == "box":
            out += _box(q, have, sqlite=sqlite)
        elif test.op == "eq":
            out.append(sa.or_(*(c == v for c in cols)))
        elif test.op == "ieq":
            out.append(sa.or_(*(sa.func.lower(c) == v.lower() for c in cols)))
        elif test.op == "ge":
            out.append(sa.or_(*(c >= v for c in cols)))
        elif test.op == "le":
            out.append(sa.or_(*(c <= v for c in cols)))
        elif test.op == "icontains" and name == "text":
            out.append(_text_filter(conn, v.lower(), sqlite=sqlite, have=have))
        elif test.op == "icontains":
            pattern = like_pattern(v.lower())
            out.append(sa.or_(*(sa.func.lower(c).like(pattern, escape="\\") for c in cols)))
        elif test.op == "member":
            pattern = like_pattern(OUTLET_SEP + v.lower() + OUTLET_SEP)
            out.append(sa.or_(*(sa.func.lower(c).like(pattern, escape="\\") for c in cols)))
        else:  # pragma: no cover - a new op must be written here and in columnar.py
            raise ValueError(f"filter {name}: unknown test {test.op}")
    return out


def _box(q: Any, have: frozenset[str], *, sqlite: bool) -> list[Any]:
    t = schema.events
    min_lon, min_lat, max_lon, max_lat = q.bbox
    # the exact test always; the index below only narrows the rows it runs on (the R*Tree
    # keeps 32-bit floats, rounded outwards, so it may return a few rows too many, never too few)
    out = [t.c.longitude >= min_lon, t.c.longitude <= max_lon, t.c.latitude >= min_lat, t.c.latitude <= max_lat]
    if sqlite and schema.SQLITE_RTREE in have:
        out.append(sa.literal_column("events.rowid").in_(_rtree_ids(q)))
    elif not sqlite and schema.PG_POINT_INDEX in have:
        point = sa.func.point(t.c.longitude, t.c.latitude)
        box = sa.func.box(sa.func.point(min_lon, min_lat), sa.func.point(max_lon, max_lat))
        out.append(point.op("<@")(box))
    return out


def _rtree_ids(q: Any) -> Any:
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
# how many matches of a text the index is asked for: one more than the listing's count cap
# (``listing.COUNT_CAP``), so one answer gives both the capped count of a text-only request and the
# rare/common decision of its page (asking twice cost a text request a third of its time)
TEXT_ASKED = 10_001


def fts_match(text: str) -> Any:
    fts = sa.table(schema.SQLITE_FTS, sa.column("rowid"))
    phrase = '"' + text.replace('"', '""') + '"'  # with the trigram tokenizer a phrase is a substring
    return sa.select(fts.c.rowid).where(sa.literal_column(schema.SQLITE_FTS).op("MATCH")(phrase))


def uses_fts(text: str, *, sqlite: bool, have: frozenset[str]) -> bool:
    # trigrams need three characters; a shorter text is a plain scan either way
    return sqlite and schema.SQLITE_FTS in have and len(text) >= 3


def _uses_trgm(text: str, *, sqlite: bool, have: frozenset[str]) -> bool:
    return not sqlite and schema.PG_TRGM_INDEX in have and len(text) >= 3


# the index's answer for a text, per reading connection: a request counts its matches and reads its page
# through one connection, and asks the index once (a writer's connection keeps no answer: rows change)
_asked: weakref.WeakKeyDictionary[sa.Connection, dict[str, list[Any]]] = weakref.WeakKeyDictionary()


def text_matches(conn: sa.Connection, text: str) -> list[Any] | None:
    """The rows whose text contains ``text`` (already lowered), as the index gives them: SQLite
    rowids (FTS5) or PostgreSQL event ids (``pg_trgm``), at most ``TEXT_ASKED``, in no order.
    None when no index answers this text (too short, or the index is missing)."""
    sqlite = conn.dialect.name == "sqlite"
    have = available(conn)
    if uses_fts(text, sqlite=sqlite, have=have):
        sel = fts_match(text)
    elif _uses_trgm(text, sqlite=sqlite, have=have):
        # a capped select of the GIN index alone: PostgreSQL plans it as a bitmap scan
        t = schema.events
        sel = sa.select(t.c.event_id).where(t.c.search_text.like(like_pattern(text), escape="\\"))
    else:
        return None
    sel = sel.limit(TEXT_ASKED)
    if conn.get_execution_options().get("frontwatch_write"):
        return [r[0] for r in conn.execute(sel)]
    known = _asked.setdefault(conn, {})
    if text not in known:
        known[text] = [r[0] for r in conn.execute(sel)]
    return known[text]


def _text_filter(conn: sa.Connection, text: str, *, sqlite: bool, have: frozenset[str]) -> Any:
    t = schema.events
    # PostgreSQL guesses about 1 % of rows for any trigram pattern, so for a rare name it walked the
    # page order's index and tested rows: 1.3-1.8 s for ~260 matches among 1,000,000 events. SQLite
    # and PostgreSQL alike ask the index first, and when the matches are few the page reads just those rows.
    ids = text_matches(conn, text)
    if ids is not None and len(ids) <= COMMON_TEXT:
        return (sa.literal_column("events.rowid") if sqlite else t.c.event_id).in_(ids)
    # a common text (or no index): the page order's index, each row tested (search_text is stored lowered)
    return t.c.search_text.like(like_pattern(text), escape="\\")
