"""Named schema migrations, recorded in ``schema_migrations`` (applied once, in order)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from frontwatch.store import schema

log = logging.getLogger(__name__)


def _m001_initial(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn)


def _m002_query_indexes(conn: sa.Connection) -> None:
    """The listing's composite indexes and each dialect's text and spatial search structures.

    A new database got the composite indexes from 001 (``create_all`` reads them from the
    schema); an existing one gets them here. The search structures are filled from the rows
    already stored, so an upgraded database answers the same as a new one.
    """
    for index in schema.events.indexes:
        index.create(conn, checkfirst=True)
    if conn.dialect.name == "sqlite":
        for ddl in (*schema.SQLITE_SEARCH_DDL, *schema.SQLITE_SEARCH_REBUILD):
            conn.exec_driver_sql(ddl)
    elif conn.dialect.name == "postgresql":
        for ddl in schema.PG_SEARCH_DDL:
            conn.exec_driver_sql(ddl)
        try:
            with conn.begin_nested():  # a refused extension must not abort the migration
                for ddl in schema.PG_TRGM_DDL:
                    conn.exec_driver_sql(ddl)
        except sa.exc.DBAPIError as exc:
            log.warning("pg_trgm unavailable (%s): text search stays unindexed", str(exc).splitlines()[0])


def _m003_web_aggregate_index(conn: sa.Connection) -> None:
    from frontwatch.store.aggregate import create_web_index  # aggregate imports the store package

    create_web_index(conn)


def _m004_outlets_column(conn: sa.Connection) -> None:
    """``events.outlets`` filled from each event's reports and their articles, and the change counter.

    A new database got the column from 001 (``create_all``); an existing one gets it here and
    every stored event gets its outlets, so the outlet filter answers as the join it replaces.
    """
    from frontwatch.store.filters import outlets_value

    if "outlets" not in {c["name"] for c in sa.inspect(conn).get_columns("events")}:
        conn.exec_driver_sql("ALTER TABLE events ADD COLUMN outlets TEXT")
    r, a, t = schema.reports, schema.articles, schema.events
    pairs = conn.execute(
        sa.select(r.c.event_id, a.c.outlet).select_from(r.join(a, a.c.id == r.c.article_id)).order_by(r.c.event_id)
    )
    by_event: dict[str, set[str]] = {}
    for event_id, outlet in pairs:
        by_event.setdefault(event_id, set()).add(outlet)
    update = t.update().where(t.c.event_id == sa.bindparam("eid")).values(outlets=sa.bindparam("val"))
    rows = [{"eid": e, "val": outlets_value(names)} for e, names in by_event.items()]
    for i in range(0, len(rows), 5000):
        conn.execute(update, rows[i : i + 5000])
    schema.store_version.create(conn, checkfirst=True)
    if conn.execute(sa.select(schema.store_version.c.id)).first() is None:
        conn.execute(schema.store_version.insert().values(id=1, n=0))


def _m005_event_control(conn: sa.Connection) -> None:
    """Each stored event's own control status, from the events and reports already stored.

    From here on a place's timeline is rebuilt from these rows (``control.compress``), so an
    upgraded database must hold them for every event that gives a status; the timelines
    themselves are rebuilt too, so old and new databases answer the same. The (place, day) indexes
    let an article refold only the recent part of a timeline.
    """
    from frontwatch import control
    from frontwatch.store import StoreSession  # the package imports this module

    schema.event_control.create(conn, checkfirst=True)
    for index in schema.control_changes.indexes:
        index.create(conn, checkfirst=True)
    gids = conn.execute(
        sa.select(schema.events.c.geonameid).where(schema.events.c.geonameid.is_not(None)).distinct()
    ).scalars()
    for gid in sorted(int(g) for g in gids):
        tx = StoreSession(conn)  # one place's decoded reports at a time, not the whole database in memory
        changes = []
        for event in tx.events_at_place(gid):
            change = control.change_of(event)
            if change is not None:
                tx.put_event_control(event.event_id, change)
                changes.append(change)
        tx.replace_control(gid, control.compress(changes))


def _m006_event_rewrites(conn: sa.Connection) -> None:
    """SQLite: the record of updated and deleted events the in-memory columns refresh from
    (``schema.SQLITE_REWRITE_DDL``). Empty at first: a copy built after this migration starts
    from it. PostgreSQL: nothing (its copy is rebuilt)."""
    if conn.dialect.name == "sqlite":
        for ddl in schema.SQLITE_REWRITE_DDL:
            conn.exec_driver_sql(ddl)


def _m007_pg_search_table(conn: sa.Connection) -> None:
    """PostgreSQL: the text index moves to a narrow side table kept by a trigger
    (``schema.PG_SEARCH_TABLE_DDL``), filled from the events already stored. Only where pg_trgm
    is installed: without it text search is unindexed and the side table would be dead weight.
    SQLite: nothing (FTS5 keeps its own narrow copy)."""
    if conn.dialect.name != "postgresql":
        return
    if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first() is None:
        return
    for ddl in schema.PG_SEARCH_TABLE_DDL:
        conn.exec_driver_sql(ddl)


MIGRATIONS: list[tuple[str, Callable[[sa.Connection], None]]] = [
    ("001_initial", _m001_initial),
    ("002_query_indexes", _m002_query_indexes),
    ("003_web_aggregate_index", _m003_web_aggregate_index),
    ("004_outlets_column", _m004_outlets_column),
    ("005_event_control", _m005_event_control),
    ("006_event_rewrites", _m006_event_rewrites),
    ("007_pg_search_table", _m007_pg_search_table),
]


# key of the PostgreSQL advisory lock held while migrating (any fixed number, not the writers' one)
MIGRATION_LOCK_KEY = 0x66776D67


def migrate(engine: sa.Engine) -> list[str]:
    """Apply the migrations not yet recorded; returns the names applied.

    Safe under concurrent starts: the whole check-and-apply runs under the database's write lock
    (SQLite ``BEGIN IMMEDIATE``; a PostgreSQL advisory lock, DDL being transactional there), so a
    second process waits, then finds every migration recorded and applies none.
    """
    applied: list[str] = []
    with engine.connect() as conn:
        conn.execution_options(frontwatch_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            applied = _apply(conn)
    return applied


def _apply(conn: sa.Connection) -> list[str]:
    applied: list[str] = []
    schema.schema_migrations.create(conn, checkfirst=True)
    done = {r[0] for r in conn.execute(sa.select(schema.schema_migrations.c.name))}
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        fn(conn)
        conn.execute(schema.schema_migrations.insert().values(name=name, applied_at=datetime.now(UTC).isoformat()))
        applied.append(name)
    return applied
