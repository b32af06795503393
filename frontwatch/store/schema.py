"""SQLAlchemy Core tables: one definition for SQLite and PostgreSQL.

Each row keeps the indexed columns queries filter on and the whole object as JSON text
(``payload``), written and read by ``store.serialize``.
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
)

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
)

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("applied_at", sa.String(32)),
)
