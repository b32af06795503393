"""Named schema migrations, recorded in ``schema_migrations`` (applied once, in order)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from frontwatch.store import schema


def _m001_initial(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn)


def _m003_web_aggregate_index(conn: sa.Connection) -> None:
    from frontwatch.store.aggregate import create_web_index  # aggregate imports the store package

    create_web_index(conn)


MIGRATIONS: list[tuple[str, Callable[[sa.Connection], None]]] = [
    ("001_initial", _m001_initial),
    ("003_web_aggregate_index", _m003_web_aggregate_index),
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
