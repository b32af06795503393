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

import functools
import time
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
            names = {
                r[0]
                for r in conn.exec_driver_sql(
                    f"SELECT indexname FROM pg_indexes WHERE tablename IN ('events', '{schema.PG_SEARCH_TABLE}')"
                )
            }
        else:
            names = set()
        wanted = {schema.SQLITE_FTS, schema.SQLITE_RTREE, schema.PG_SEARCH_INDEX, schema.PG_POINT_INDEX}
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


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'  # with the trigram tokenizer a phrase is a substring


def fts_match(text: str) -> Any:
    fts = sa.table(schema.SQLITE_FTS, sa.column("rowid"))
    return sa.select(fts.c.rowid).where(sa.literal_column(schema.SQLITE_FTS).op("MATCH")(_quoted(text)))


# a trigram in fewer rows than this is rare: reading its row list costs little, and the rows that
# hold every rare trigram of a text are few enough to test one by one
RARE_TRIGRAM = 5000
# trigrams of one text probed at most (a long text's rare ones are among any spread of them)
PROBED_TRIGRAMS = 16
# a probe's answer is kept this long per database: how common a trigram is changes slowly, and it
# only chooses how to ask (a stale one costs time, never a wrong row)
PROBE_KEPT_S = 600.0
_PROBES_KEPT = 100_000
_probes: weakref.WeakKeyDictionary[sa.Engine, dict[str, tuple[float, int]]] = weakref.WeakKeyDictionary()


def fts_rowids(conn: sa.Connection, text: str, limit: int | None = None) -> list[int]:
    """SQLite rowids of the rows whose (lowered) text contains ``text`` (lowered, three characters
    or more), at most ``limit``, through the FTS5 trigram index.

    FTS5 reads the whole row list of every trigram of a phrase: for a place name such as "teltel
    2019", lists of 170,000 to 1,000,000 rows ("tel", " 20", "201"), 10-25 ms at a million events,
    though it matches 271 rows. So each trigram is probed first (how many rows hold it, counted up
    to ``RARE_TRIGRAM``, kept per database for ``PROBE_KEPT_S``), the rows holding every rare one
    are asked (short lists: cheap), and those rows are tested for the whole text (``instr``: the
    filter's meaning, a substring of the lowered text). Without a rare trigram the phrase is asked.
    """
    grams = list(dict.fromkeys(text[i : i + 3] for i in range(len(text) - 2)))
    grams = grams[:: max(1, -(-len(grams) // PROBED_TRIGRAMS))]
    rare = [g for g in grams if len(grams) > 1 and _probe(conn, g) < RARE_TRIGRAM]
    if rare:
        fts = sa.table(schema.SQLITE_FTS, sa.column("rowid"))
        every = " AND ".join(_quoted(g) for g in rare)
        found = sa.select(fts.c.rowid).where(sa.literal_column(schema.SQLITE_FTS).op("MATCH")(every))
        rowid: Any = sa.literal_column("events.rowid")
        # one statement: the candidates never travel through Python (3,600 of them as bound
        # parameters cost 30 ms; tested inside SQLite, about 2 us each)
        sel = (
            sa.select(rowid)
            .select_from(schema.events)
            .where(rowid.in_(found), sa.func.instr(schema.events.c.search_text, text) > 0)
        )
    else:
        sel = fts_match(text)
    return [r[0] for r in conn.execute(sel if limit is None else sel.limit(limit))]


def _probe(conn: sa.Connection, gram: str) -> int:
    """Rows holding ``gram``, counted up to ``RARE_TRIGRAM`` (asked again when older than ``PROBE_KEPT_S``)."""
    kept = _probes.setdefault(conn.engine, {})
    now = time.monotonic()
    seen = kept.get(gram)
    if seen is not None and now - seen[0] < PROBE_KEPT_S:
        return seen[1]
    inner = fts_match(gram).limit(RARE_TRIGRAM).subquery()
    n = int(conn.execute(sa.select(sa.func.count()).select_from(inner)).scalar_one())
    if len(kept) >= _PROBES_KEPT:
        kept.clear()
    kept[gram] = (now, n)
    return n


def uses_fts(text: str, *, sqlite: bool, have: frozenset[str]) -> bool:
    # trigrams need three characters; a shorter text is a plain scan either way
    return sqlite and schema.SQLITE_FTS in have and len(text) >= 3


def _uses_trgm(text: str, *, sqlite: bool, have: frozenset[str]) -> bool:
    return not sqlite and schema.PG_SEARCH_INDEX in have and len(text) >= 3


# the index's answer for a text, per reading connection: a request counts its matches and reads its page
# through one connection, and asks the index once (a writer's connection keeps no answer: rows change)
_asked: weakref.WeakKeyDictionary[sa.Connection, dict[str, list[Any] | None]] = weakref.WeakKeyDictionary()


def text_matches(conn: sa.Connection, text: str) -> list[Any] | None:
    """The rows whose text contains ``text`` (already lowered), as the index gives them: SQLite
    rowids (FTS5) or PostgreSQL event ids (``pg_trgm``), at most ``TEXT_ASKED``, in no order.
    None when no index answers this text (too short, or the index is missing)."""
    if conn.get_execution_options().get("frontwatch_write"):
        return _ask_index(conn, text)
    known = _asked.setdefault(conn, {})
    if text not in known:
        known[text] = _ask_index(conn, text)
    return known[text]


def _ask_index(conn: sa.Connection, text: str) -> list[Any] | None:
    sqlite = conn.dialect.name == "sqlite"
    have = available(conn)
    if uses_fts(text, sqlite=sqlite, have=have):
        return fts_rowids(conn, text, TEXT_ASKED)
    if _uses_trgm(text, sqlite=sqlite, have=have):
        # a capped select of the narrow side table's GIN index: PostgreSQL plans it as a bitmap scan
        t = _pg_search_table()
        sel = sa.select(t.c.event_id).where(t.c.search_text.like(like_pattern(text), escape="\\"))
        return [r[0] for r in conn.execute(sel.limit(TEXT_ASKED))]
    return None


@functools.cache
def _pg_search_table() -> sa.TableClause:
    """The side table of migration 007 (not in ``schema.metadata``: SQLite has no such table)."""
    return sa.table(schema.PG_SEARCH_TABLE, sa.column("event_id"), sa.column("search_text"))


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
