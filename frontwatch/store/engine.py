"""The connection layer under ``Store``: SQLite pragmas and locking, retry rules, refusing a
database that is not frontwatch's, the dialects' upsert, and the bound on stored counts.

Kept apart from ``store/__init__.py`` so the reads and writes there stay readable.
"""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa

from frontwatch.errors import StorageError
from frontwatch.store import schema

# a writer waits this long for another's lock before "database is locked" (then Store.write retries)
BUSY_TIMEOUT_MS = 10_000
# any fixed 64-bit number: the key of the advisory lock frontwatch's PostgreSQL writers share
WRITE_LOCK_KEY = 0x66776174


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # the driver's own implicit BEGIN is off: _sqlite_begin says which kind of transaction to open
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # a second process (the web server, another ingest) may read while ingest writes
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # a write transaction takes the write lock at once: a deferred one that read first and then
    # wrote would fail with SQLITE_BUSY_SNAPSHOT when another writer committed in between
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("frontwatch_write") else "BEGIN")


def _retryable(exc: sa.exc.DBAPIError) -> bool:
    orig = exc.orig
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if code in ("40001", "40P01", "23505", "55P03"):  # serialization, deadlock, unique race, lock not available
        return True
    text = str(orig).lower()
    return isinstance(exc, sa.exc.OperationalError) and ("locked" in text or "busy" in text)


def _check_sqlite_file(engine: sa.Engine) -> None:
    path = engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    if not os.path.isfile(path):
        raise StorageError(f"no database at {path} (ingest creates one)")
    with open(path, "rb") as handle:
        head = handle.read(16)
        if not head:
            raise StorageError(f"{path} is an empty file, not a frontwatch database (ingest creates one)")
        if head != b"SQLite format 3\x00":
            raise StorageError(f"{path} is not a SQLite database")


def _check_frontwatch(engine: sa.Engine, *, allow_empty: bool) -> None:
    """Refuse another application's database: frontwatch's has its migrations table, or nothing yet."""
    names = set(sa.inspect(engine).get_table_names())
    if schema.schema_migrations.name not in names and names:
        raise StorageError(f"{_safe(str(engine.url))} holds tables but is not a frontwatch database")
    if not names and not allow_empty and engine.dialect.name == "sqlite":
        raise StorageError(f"{_safe(str(engine.url))} is an empty database, not a frontwatch one (ingest first)")


# Largest count stored in an integer column. A judgement: above any one event's toll on record,
# and far below PostgreSQL's INTEGER maximum (2^31 - 1). The figure's text stays in the claim.
MAX_COUNT = 10_000_000


def _bounded_int(value: int | None) -> int | None:
    return value if value is None or -MAX_COUNT <= value <= MAX_COUNT else None


def _insert(conn: sa.Connection, table: sa.Table) -> Any:
    """The dialect's INSERT, which has ``on_conflict_do_nothing``/``on_conflict_do_update``."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given
        return url


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
