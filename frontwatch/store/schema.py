"""SQLAlchemy Core tables: one definition for SQLite and PostgreSQL.

Each row keeps the indexed columns queries filter on and the whole object as JSON text
(``payload``), written and read by ``store.serialize``.

Beside the tables, each dialect gets the search structures that keep a listing fast at a
million events (``search_ddl``, applied by migration 002): on SQLite an FTS5 trigram index of
``search_text`` and a 3-D R*Tree (longitude, latitude, day), both kept in step with ``events``
by triggers so no write path has to know about them; on PostgreSQL a ``pg_trgm`` GIN index and
a GiST index on the event's point.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("published", sa.String(10), index=True),
    sa.Column("outlet", sa.String(300)),
    sa.Column("language", sa.String(20)),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("extractor", sa.String(50)),
    sa.Column("content_hash", sa.String(64), index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("warnings", sa.Text, nullable=False, default="[]"),
    sa.Column("ingested_at", sa.String(32)),
)

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("report_id", sa.String(250), primary_key=True),
    sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id"), index=True, nullable=False),
    sa.Column("event_id", sa.String(64), index=True, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("event_date", sa.String(10), index=True, nullable=False),
    sa.Column("geonameid", sa.BigInteger, index=True),
    sa.Column("location", sa.String(300)),
    sa.Column("admin1", sa.String(300), index=True),
    sa.Column("country_code", sa.String(2), index=True),
    sa.Column("country", sa.String(200)),
    sa.Column("event_type", sa.String(100), index=True),
    sa.Column("sub_event_type", sa.String(100)),
    sa.Column("actor1", sa.String(300)),
    sa.Column("actor2", sa.String(300)),
    sa.Column("fatalities", sa.Integer, nullable=False, default=0),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("disputed", sa.Boolean, nullable=False, default=False),
    sa.Column("search_text", sa.Text),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("updated_at", sa.String(32)),
    # the outlets whose articles reported the event, "\x1fBBC\x1fTASS\x1f" (filters.OUTLET_SEP):
    # the outlet filter and facet read it instead of joining reports and articles (migration 004)
    sa.Column("outlets", sa.Text),
)

# the listing's order (oldest first, id as tie-break) and the type filter in that order: a page
# is read straight off the index instead of sorting every match
sa.Index("ix_events_date_id", events.c.event_date, events.c.event_id)
sa.Index("ix_events_type_date_id", events.c.event_type, events.c.event_date, events.c.event_id)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64), index=True, nullable=False),
    sa.Column("article_id", sa.String(200), index=True, nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("topic", sa.String(40)),
    sa.Column("value", sa.Integer),
    sa.Column("payload", sa.Text, nullable=False),
)

control_changes = sa.Table(
    "control_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("geonameid", sa.BigInteger, index=True),
    sa.Column("place", sa.String(300), index=True),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("status", sa.String(200), nullable=False),
    sa.Column("event_id", sa.String(64)),
    sa.Column("payload", sa.Text, nullable=False),
    # a place's timeline read from a day on (the refold after an article: service.refold_control)
    sa.Index("ix_control_changes_place_day", "geonameid", "day"),
)

# Each event's own control status (``control.change_of``), one row per event that gives its place
# a status: the place's timeline in ``control_changes`` is rebuilt from these rows alone, so
# storing an article never re-reads the place's events and reports (issue 15).
event_control = sa.Table(
    "event_control",
    metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("geonameid", sa.BigInteger, nullable=False, index=True),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Index("ix_event_control_place_day", "geonameid", "day"),
)

# a number every write transaction raises (migration 004): PostgreSQL's cheap "has anything
# changed" (SQLite's is the file's size and time), read by the web page's caches
store_version = sa.Table(
    "store_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("n", sa.BigInteger, nullable=False),
)

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("applied_at", sa.String(32)),
)


# --- search structures (dialect-specific DDL, applied by migration 002) ---------------------------
# Names the query code relies on (frontwatch.store.listing).
SQLITE_FTS = "events_fts"
SQLITE_RTREE = "events_geo"
PG_TRGM_INDEX = "ix_events_search_trgm"  # migration 002's index on events itself, dropped by 007
PG_POINT_INDEX = "ix_events_point"
PG_SEARCH_TABLE = "event_search"
PG_SEARCH_INDEX = "ix_event_search_trgm"

# days since 1970-01-01: small integers, exact in the R*Tree's 32-bit floats (a julian day is not)
_SQLITE_DAY = "(julianday({col}) - 2440587.5)"


def _sqlite_geo_insert(row: str, source: str = "") -> str:
    """Insert the R*Tree entry of ``row`` (a trigger's new/old, or ``events`` with ``source``)."""
    day = _SQLITE_DAY.format(col=f"{row}.event_date")
    return (
        f"INSERT INTO {SQLITE_RTREE} SELECT {row}.rowid, {row}.longitude, {row}.longitude, "
        f"{row}.latitude, {row}.latitude, {day}, {day} {source}"
        f"WHERE {row}.longitude IS NOT NULL AND {row}.latitude IS NOT NULL"
    )


# FTS5 with external content (``events`` itself): the index holds trigrams only, not a second
# copy of the text. Trigram matching is substring matching, which is what the text filter means.
SQLITE_SEARCH_DDL: tuple[str, ...] = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_FTS} USING fts5("
    "search_text, content='events', content_rowid='rowid', tokenize='trigram')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_RTREE} USING rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)",
    f"""CREATE TRIGGER IF NOT EXISTS events_search_ai AFTER INSERT ON events BEGIN
        INSERT INTO {SQLITE_FTS}(rowid, search_text) VALUES (new.rowid, new.search_text);
        {_sqlite_geo_insert("new")};
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS events_search_ad AFTER DELETE ON events BEGIN
        INSERT INTO {SQLITE_FTS}({SQLITE_FTS}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        DELETE FROM {SQLITE_RTREE} WHERE id = old.rowid;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS events_search_au AFTER UPDATE ON events BEGIN
        INSERT INTO {SQLITE_FTS}({SQLITE_FTS}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO {SQLITE_FTS}(rowid, search_text) VALUES (new.rowid, new.search_text);
        DELETE FROM {SQLITE_RTREE} WHERE id = old.rowid;
        {_sqlite_geo_insert("new")};
    END""",
)

# Fill both from the rows already stored (an existing database being upgraded; also the repair
# after anything that renumbers rowids, such as a VACUUM of a table without an integer key).
SQLITE_SEARCH_REBUILD: tuple[str, ...] = (
    f"INSERT INTO {SQLITE_FTS}({SQLITE_FTS}) VALUES ('rebuild')",
    f"DELETE FROM {SQLITE_RTREE}",
    _sqlite_geo_insert("events", "FROM events "),
)

# What changed in ``events`` since a reader looked (migration 006, SQLite): the rowid of every
# updated row with the sequence number of its latest update, and a count of deletes. The web
# server's in-memory copy of the lean columns reads the rows changed or added since it was built
# instead of every row (``store.columnar_delta``). One row per event however often it changes.
SQLITE_REWRITES = "event_rewrites"
SQLITE_DELETES = "event_deletes"
SQLITE_REWRITE_DDL: tuple[str, ...] = (
    f"CREATE TABLE IF NOT EXISTS {SQLITE_REWRITES} (key INTEGER PRIMARY KEY, seq INTEGER NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS ix_{SQLITE_REWRITES}_seq ON {SQLITE_REWRITES} (seq)",
    f"CREATE TABLE IF NOT EXISTS {SQLITE_DELETES} (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
    f"INSERT OR IGNORE INTO {SQLITE_DELETES} (id, n) VALUES (1, 0)",
    # no INSERT OR REPLACE: an upsert's own conflict handling overrides a trigger's (put_event's
    # ON CONFLICT DO UPDATE made it fail on the key); the new number is above every stored one
    f"""CREATE TRIGGER IF NOT EXISTS events_rewrite_au AFTER UPDATE ON events BEGIN
        UPDATE {SQLITE_REWRITES} SET seq = (SELECT max(seq) + 1 FROM {SQLITE_REWRITES}) WHERE key = old.rowid;
        INSERT INTO {SQLITE_REWRITES} (key, seq)
        SELECT old.rowid, (SELECT coalesce(max(seq), 0) + 1 FROM {SQLITE_REWRITES})
        WHERE NOT EXISTS (SELECT 1 FROM {SQLITE_REWRITES} WHERE key = old.rowid);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS events_rewrite_ad AFTER DELETE ON events BEGIN
        UPDATE {SQLITE_DELETES} SET n = n + 1 WHERE id = 1;
    END""",
)

PG_SEARCH_DDL: tuple[str, ...] = (
    f"CREATE INDEX IF NOT EXISTS {PG_POINT_INDEX} ON events USING gist (point(longitude, latitude))",
)
# pg_trgm ships with PostgreSQL's contrib and is a trusted extension (PostgreSQL 13+): the
# database owner may create it. Where that is refused, text search still works, unindexed.
PG_TRGM_DDL: tuple[str, ...] = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {PG_TRGM_INDEX} ON events USING gin (search_text gin_trgm_ops)",
)

# PostgreSQL's text index on a narrow side table (migration 007): (event id, search text) kept in
# step with ``events`` by a trigger. A trigram pattern is lossy, so the GIN index's candidates are
# rechecked in the table's rows; an ``events`` row holds the whole payload (2-3 kB, three rows a
# page), the side table's about forty a page, so a name with many near-misses (17,000 candidates for
# 220 matches in bench/query.py) rechecks a tenth of the pages (bench/RESULTS.md, issue 15).
# No '%' in the function body: the driver would read it as a parameter marker.
PG_SEARCH_TABLE_DDL: tuple[str, ...] = (
    f"CREATE TABLE IF NOT EXISTS {PG_SEARCH_TABLE} (event_id VARCHAR(64) PRIMARY KEY, search_text TEXT)",
    f"""CREATE OR REPLACE FUNCTION frontwatch_event_search() RETURNS trigger LANGUAGE plpgsql AS $fw$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM {PG_SEARCH_TABLE} WHERE event_id = OLD.event_id;
            RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            IF OLD.event_id <> NEW.event_id THEN
                DELETE FROM {PG_SEARCH_TABLE} WHERE event_id = OLD.event_id;
            ELSIF OLD.search_text IS NOT DISTINCT FROM NEW.search_text THEN
                RETURN NEW;
            END IF;
        END IF;
        INSERT INTO {PG_SEARCH_TABLE} (event_id, search_text) VALUES (NEW.event_id, NEW.search_text)
        ON CONFLICT (event_id) DO UPDATE SET search_text = EXCLUDED.search_text;
        RETURN NEW;
    END
    $fw$""",
    "DROP TRIGGER IF EXISTS events_search_sync ON events",
    "CREATE TRIGGER events_search_sync AFTER INSERT OR UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION frontwatch_event_search()",
    f"INSERT INTO {PG_SEARCH_TABLE} (event_id, search_text) SELECT event_id, search_text FROM events "
    "ON CONFLICT (event_id) DO UPDATE SET search_text = EXCLUDED.search_text",
    f"CREATE INDEX IF NOT EXISTS {PG_SEARCH_INDEX} ON {PG_SEARCH_TABLE} USING gin (search_text gin_trgm_ops)",
    f"DROP INDEX IF EXISTS {PG_TRGM_INDEX}",
)
